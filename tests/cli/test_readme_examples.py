"""Every README example marked as a sandbox example is true on a fresh sandbox.

The blocks between `<!-- sandbox-examples -->` and `<!-- /sandbox-examples -->` are read
from README.md, so an example added there is tested without touching this file. Each
`jira-chat --sandbox` command runs in order, in a shell (pipes, xargs and redirects as
written), with the installed `jira-chat` on PATH and one fresh JIRA_CHAT_HOME. A write
without `--yes` would be refused in a script (exit 3), so such a line runs with `--dry-run`,
as the README says.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.cli.helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(
    r"<!-- sandbox-examples -->\s*```sh\n(.*?)```\s*<!-- /sandbox-examples -->", re.S
)
PROGRAM = "jira-chat --sandbox"
# A README line whose comment says a person is asked: in a script that is a refusal that
# lists the choices (exit 2), never a guess.
ASKED = "you are asked which one"


def readme_commands() -> list[tuple[str, str]]:
    """(command, comment) for every command in the marked blocks, continuations joined."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands: list[tuple[str, str]] = []
    for block in BLOCK.findall(text):
        for line in block.replace("\\\n", " ").splitlines():
            stripped = line.strip()
            if not stripped or stripped.startswith("#") or PROGRAM not in stripped:
                continue
            command, comment = _split_comment(stripped)
            commands.append((command, comment))
    return commands


def _split_comment(line: str) -> tuple[str, str]:
    """The shell command and its trailing `# comment` (a # inside quotes is not one)."""
    quote: str | None = None
    for index, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip(), line[index + 1 :].strip()
    return line, ""


def _as_script(command: str) -> str:
    writes_unconfirmed = not re.search(r"--(yes|dry-run|plan)\b|\||>|\bapply\b", command)
    return f"{command} --dry-run" if writes_unconfirmed else command


def test_the_readme_marks_its_sandbox_examples() -> None:
    commands = readme_commands()
    assert len(commands) >= 10
    assert any("WEB-1" in command for command, _ in commands)


def _run(script: str, work: Path, env: dict[str, str]) -> tuple[int, str, str]:
    """A plain command runs in-process (CliRunner, fast); pipes and redirects need a shell."""
    if not re.search(r"[|<>]", script):
        os.chdir(work)
        result = run_cli(*shlex.split(script)[1:])
        return result.exit_code, result.stdout, result.stderr
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", script],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout, done.stderr


def test_every_readme_sandbox_example_works_on_a_fresh_sandbox(
    tmp_path: Path, isolated_env: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    git = ["git", "-c", "user.name=dev", "-c", "user.email=dev@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=work, check=True)
    message = "Checkout times out on slow networks\n\nSeen on 3G: the pay button spins forever."
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", message], cwd=work, check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIRA_", "GEMINI_", "GOOGLE_"))}
    env["JIRA_CHAT_HOME"] = str(isolated_env)  # the same fresh home as the in-process runs
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(ROOT)  # the checkout under test, whichever jira-chat is installed
    failures: list[str] = []
    for command, comment in readme_commands():
        script = _as_script(command)
        code, stdout, stderr = _run(script, work, env)
        said = stdout + stderr
        if ASKED in comment:
            ok = code == 2 and "Alex" in said
        else:
            ok = code == 0 and "error:" not in stderr
        if not ok or "Traceback" in said:
            failures.append(f"{script}\n  exit {code}: {said.strip()[-400:]}")
    assert not failures, "README examples that fail on a fresh sandbox:\n" + "\n".join(failures)
