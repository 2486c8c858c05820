"""`jira-chat init`: against the sandbox over HTTP (Cloud and Server), keyring and .env.

The keyring is keyring's own API with a backend chosen by `keyring.set_keyring` (its
documented way to pick one): an in-memory backend where a system keyring would be, and
keyring's fail backend for a machine without one.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from jira_chat.cli.app import main
from jira_chat.config_store import KEYRING_SERVICE, keyring_user
from jira_chat.conversation.login import normalize_site_url
from jira_chat.errors import ExitCode, UsageError
from jira_chat.rendering.environment import Environment

EMAIL = "sam.rivera@example.com"


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this process: what a desktop's Secret Service would hold."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def no_keyring() -> Iterator[None]:
    """By default no system keyring (as on CI): never the developer's real one."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def memory_keyring(no_keyring: None) -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    """`jira-chat ARGV` in-process, stdin piped (not a terminal): (exit code, stdout, stderr)."""
    env = Environment.buffered(stdin_text=stdin)
    code = main(list(argv), env)
    return code, env.stdout.getvalue(), env.stderr.getvalue()  # type: ignore[attr-defined]


def init_cloud(sandbox: Any, token: str | None = None, *extra: str) -> tuple[int, str, str]:
    secret = sandbox.api_token if token is None else token
    return run("init", "--url", sandbox.url, "--email", EMAIL, "--with-token", *extra, stdin=secret)


def doctor_rows() -> dict[str, list[str]]:
    code, stdout, _ = run("doctor")
    assert code == 0, stdout
    return {line.split("\t")[1]: line.split("\t") for line in stdout.splitlines()}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_cloud_token_goes_to_the_keyring_and_ask_then_works(
    sandbox: Any, memory_keyring: MemoryKeyring, isolated_env: Path
) -> None:
    code, stdout, stderr = init_cloud(sandbox)
    assert code == ExitCode.OK, stderr
    assert f"Logged in to {sandbox.url} (Jira Cloud" in stderr
    assert "as Sam Rivera <sam.rivera@example.com>" in stderr
    assert "Saved the API token in the system keyring (" in stderr
    assert sandbox.api_token not in stdout + stderr
    assert memory_keyring.entries == {
        (KEYRING_SERVICE, keyring_user(sandbox.url, "JIRA_API_TOKEN")): sandbox.api_token
    }
    env_file = isolated_env / ".env"
    text = env_file.read_text()
    assert sandbox.api_token not in text
    assert f"JIRA_URL={sandbox.url}\n" in text and f"JIRA_USERNAME={EMAIL}\n" in text
    assert "JIRA_CHAT_FLAVOR=cloud\n" in text and "JIRA_CHAT_KEYRING=JIRA_API_TOKEN\n" in text
    assert mode(env_file) == 0o600

    rows = doctor_rows()
    assert rows["credentials"][0] == "OK" and "****" in rows["credentials"][2]
    assert rows["credentials"][3] == (
        f"JIRA_USERNAME: {env_file}; JIRA_API_TOKEN: system keyring (test init MemoryKeyring)"
    )
    assert rows["configuration"][3] == f"JIRA_URL: {env_file}"
    assert rows["authenticated as"][0] == "OK"

    code, stdout, stderr = run("ask", "WEB-1")  # no --sandbox: the stored credentials
    assert code == ExitCode.OK, stderr
    assert stdout.startswith("WEB-1\t")


def test_without_a_keyring_the_token_goes_to_a_private_env_file(
    sandbox: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "fresh" / "home"  # nothing exists yet: init creates it 0700
    monkeypatch.setenv("JIRA_CHAT_HOME", str(home))
    code, stdout, stderr = init_cloud(sandbox)
    assert code == ExitCode.OK, stderr
    env_file = home / ".env"
    assert (
        f"No system keyring used (no system keyring was found): saved the API token in {env_file}"
        in stderr
    )
    assert sandbox.api_token not in stdout + stderr
    assert mode(env_file) == 0o600 and mode(home) == 0o700 and mode(home.parent) == 0o700
    assert f"JIRA_API_TOKEN={sandbox.api_token}\n" in env_file.read_text()
    assert "JIRA_CHAT_KEYRING" not in env_file.read_text()
    rows = doctor_rows()
    assert rows["credentials"][3] == f"JIRA_USERNAME: {env_file}; JIRA_API_TOKEN: {env_file}"
    code, stdout, _ = run("ask", "WEB-2")
    assert code == ExitCode.OK and stdout.startswith("WEB-2\t")


def test_server_takes_a_personal_access_token(
    server_sandbox: Any, memory_keyring: MemoryKeyring, isolated_env: Path
) -> None:
    code, _, stderr = run(
        "init", "--url", server_sandbox.url, "--with-token", stdin=server_sandbox.personal_token
    )
    assert code == ExitCode.OK, stderr
    assert "(Jira Server/Data Center 9.12.2) as Sam Rivera" in stderr
    assert "Saved the personal access token in the system keyring" in stderr
    text = (isolated_env / ".env").read_text()
    assert "JIRA_CHAT_FLAVOR=server\n" in text and "JIRA_CHAT_KEYRING=JIRA_PERSONAL_TOKEN\n" in text
    assert "JIRA_USERNAME" not in text and server_sandbox.personal_token not in text
    rows = doctor_rows()
    assert "JIRA_PERSONAL_TOKEN: system keyring" in rows["credentials"][3]
    code, stdout, stderr = run("ask", "WEB-3")
    assert code == ExitCode.OK, stderr
    assert stdout.startswith("WEB-3\t")


def test_server_with_a_username_signs_in_with_a_password(
    server_sandbox: Any, isolated_env: Path
) -> None:
    code, _, stderr = run(
        "init", "--url", server_sandbox.url, "--username", "srivera", "--with-token",
        stdin=server_sandbox.personal_token,  # the sandbox's password for srivera
    )  # fmt: skip
    assert code == ExitCode.OK, stderr
    assert "saved the password in" in stderr
    text = (isolated_env / ".env").read_text()
    assert "JIRA_USERNAME=srivera\n" in text and "JIRA_CHAT_FLAVOR=server\n" in text
    assert run("ask", "WEB-4")[0] == ExitCode.OK


def test_a_bad_token_is_one_line_and_writes_nothing(
    sandbox: Any, memory_keyring: MemoryKeyring, isolated_env: Path
) -> None:
    code, stdout, stderr = init_cloud(sandbox, "not-the-token-1234")
    assert code == ExitCode.USAGE
    assert (
        stderr.splitlines()[0] == "error: Jira rejected these credentials (401); nothing was saved"
    )
    assert "not-the-token-1234" not in stdout + stderr
    code, stdout, stderr = init_cloud(sandbox, "not-the-token-1234", "--debug")
    assert code == ExitCode.USAGE and "Traceback" in stderr  # even the traceback
    assert "not-the-token-1234" not in stdout + stderr  # never holds the token
    assert not (isolated_env / ".env").exists()
    assert memory_keyring.entries == {}


def test_without_a_terminal_or_flags_it_says_what_to_pass(isolated_env: Path) -> None:
    code, _, stderr = run("init")
    assert code == ExitCode.USAGE
    assert stderr.splitlines()[0] == (
        "error: jira-chat init needs a terminal to ask: Jira site URL "
        "(e.g. https://your-team.atlassian.net)"
    )
    assert "--with-token" in stderr
    assert not (isolated_env / ".env").exists()


def test_an_unreachable_site_is_one_line_and_writes_nothing(isolated_env: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, _, stderr = run("init", "--url", f"127.0.0.1:{port}", "--with-token", stdin="x")
    assert code == ExitCode.FAILED
    assert stderr.splitlines()[0] == (
        f"error: cannot reach Jira at https://127.0.0.1:{port}; nothing was saved"
    )
    assert f"give it as http://127.0.0.1:{port}" in stderr  # https:// was added for you
    assert not (isolated_env / ".env").exists()


def test_a_url_with_a_path_that_is_not_jira_says_so(sandbox: Any, isolated_env: Path) -> None:
    code, _, stderr = run("init", "--url", f"{sandbox.url}/jira/boards", "--with-token", stdin="x")
    assert code == ExitCode.FAILED
    assert stderr.splitlines() == [
        f"error: {sandbox.url}/jira/boards is not a Jira site's base URL (serverInfo: 404); "
        "nothing was saved",
        "  hint: give the URL without a path after it, e.g. https://your-team.atlassian.net",
    ]
    assert not (isolated_env / ".env").exists()


def test_a_site_that_hides_server_info_needs_the_flavor(
    server_sandbox: Any, isolated_env: Path
) -> None:
    hidden = {"errorMessages": ["You are not authenticated."], "errors": {}}
    server_sandbox.faults.add(r"/serverInfo$", status=401, body=hidden, times=2)
    code, _, stderr = run(
        "init", "--url", server_sandbox.url, "--with-token", stdin=server_sandbox.personal_token
    )
    assert code == ExitCode.USAGE
    assert stderr.splitlines() == [
        f"error: {server_sandbox.url} does not say whether it is Jira Cloud or Server/Data Center",
        "  hint: add --flavor cloud or --flavor server",
    ]
    code, _, stderr = run(
        "init", "--url", server_sandbox.url, "--flavor", "server", "--with-token",
        stdin=server_sandbox.personal_token,
    )  # fmt: skip
    assert code == ExitCode.OK, stderr
    assert "JIRA_CHAT_FLAVOR=server\n" in (isolated_env / ".env").read_text()


def test_an_existing_configuration_is_replaced_only_when_asked(
    sandbox: Any, isolated_env: Path
) -> None:
    env_file = isolated_env / ".env"
    env_file.write_text("GEMINI_API_KEY=keep-me\nJIRA_URL=https://old.example.com\n")
    code, _, stderr = init_cloud(sandbox)
    assert code == ExitCode.USAGE
    assert "already connects to https://old.example.com; nothing was changed" in stderr
    assert "--force" in stderr
    assert env_file.read_text() == "GEMINI_API_KEY=keep-me\nJIRA_URL=https://old.example.com\n"
    code, _, stderr = init_cloud(sandbox, None, "--force")
    assert code == ExitCode.OK, stderr
    text = env_file.read_text()
    assert "GEMINI_API_KEY=keep-me\n" in text and "old.example.com" not in text
    assert f"JIRA_URL={sandbox.url}\n" in text


def test_a_token_the_keyring_lost_is_a_configuration_error(
    sandbox: Any, memory_keyring: MemoryKeyring
) -> None:
    assert init_cloud(sandbox)[0] == ExitCode.OK
    memory_keyring.entries.clear()
    code, _, stderr = run("ask", "WEB-1")
    assert code == ExitCode.USAGE
    assert stderr.splitlines()[0].startswith(
        "error: the system keyring (test init MemoryKeyring) has no JIRA_API_TOKEN for"
    )
    assert "jira-chat init" in stderr
    code, stdout, _ = run("doctor")
    assert code == ExitCode.FAILED
    credentials = next(line for line in stdout.splitlines() if "\tcredentials\t" in line)
    assert credentials.startswith("FAIL\tcredentials\tthe system keyring (test init MemoryKeyring)")


def test_doctor_says_a_value_came_from_the_environment(sandbox_env: Any) -> None:
    rows = doctor_rows()
    assert rows["configuration"][3] == "JIRA_URL: environment"
    assert rows["credentials"][3] == "JIRA_USERNAME: environment; JIRA_API_TOKEN: environment"


def test_keyrings_that_cannot_store_are_not_used() -> None:
    from keyring.backends import chainer, null

    from jira_chat.config_store import usable_keyring

    for backend in (fail.Keyring(), null.Keyring()):
        keyring.set_keyring(backend)
        assert usable_keyring() == (None, "no system keyring was found")
    if not chainer.ChainerBackend.backends:  # this machine has no keyring at all (CI)
        keyring.set_keyring(chainer.ChainerBackend())
        assert usable_keyring() == (None, "no system keyring was found")
    keyring.set_keyring(MemoryKeyring())
    assert usable_keyring()[1] == "test init MemoryKeyring"


def test_the_environment_wins_over_init_and_init_says_so(
    sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIRA_URL", "https://elsewhere.example.com")
    code, _, stderr = init_cloud(sandbox)
    assert code == ExitCode.OK, stderr
    assert "warning: JIRA_URL from the environment overrides what init saved" in stderr


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        ("acme.atlassian.net/", "https://acme.atlassian.net"),
        ("  https://jira.example.com/jira/ ", "https://jira.example.com/jira"),
        ("HTTP://127.0.0.1:8089", "http://127.0.0.1:8089"),
    ],
)
def test_the_url_is_normalised(typed: str, url: str) -> None:
    assert normalize_site_url(typed)[0] == url


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ftp://jira.example.com", "a Jira URL starts with https:// (or http://), not ftp://"),
        ("https://me:pw@jira.example.com", "the Jira URL must not carry a user name or password"),
        ("https://", "'https://' has no host name"),
    ],
)
def test_a_url_that_is_not_a_web_address_is_refused(typed: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        normalize_site_url(typed)
    assert caught.value.message == message


def test_at_a_terminal_it_asks_for_each_value(
    sandbox: Any, memory_keyring: MemoryKeyring, isolated_env: Path
) -> None:
    from tests.repl.inprocess import ENTER, terminal

    with terminal() as term:
        host = sandbox.url.removeprefix("http://")
        term.keys.send_text(f"http://{host}/" + ENTER + EMAIL + ENTER + sandbox.api_token + ENTER)
        assert term.run("init") == ExitCode.OK, term.stderr
    assert f"Logged in to {sandbox.url} (Jira Cloud" in term.stderr
    assert sandbox.api_token not in term.stderr + term.stdout
    assert "JIRA_CHAT_KEYRING=JIRA_API_TOKEN\n" in (isolated_env / ".env").read_text()
    with terminal() as term:  # again: it asks before replacing, and No keeps it
        term.keys.send_text("n" + ENTER)
        assert term.run("login") == ExitCode.USAGE
    assert "kept the existing configuration; nothing was changed" in term.stderr


def test_at_a_terminal_a_server_pat_or_a_username_and_password(
    server_sandbox: Any, isolated_env: Path
) -> None:
    from tests.repl.inprocess import ENTER, terminal

    with terminal() as term:  # Enter at the token question: a username and password
        term.keys.send_text(
            server_sandbox.url + ENTER + ENTER + "srivera" + ENTER
            + server_sandbox.personal_token + ENTER
        )  # fmt: skip
        assert term.run("init") == ExitCode.OK, term.stderr
    assert "JIRA_USERNAME=srivera\n" in (isolated_env / ".env").read_text()
