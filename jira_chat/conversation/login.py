"""`jira-chat init` / `login`: connect to a Jira site as `gh auth login` does.

URL → serverInfo (Cloud or Server/DC) → the credentials that flavor takes (hidden input, or
`--with-token` on stdin) → `/myself` → the token in the system keyring when one is usable,
else in the user config `.env` (0600); the URL, login and flavor in that `.env` either way.
Nothing is written before Jira has accepted the credentials, and the token is never shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from jira_chat.config import Settings, config_dir, exposed_directory, split_url_credentials
from jira_chat.config_store import (
    FLAVOR_VARIABLE,
    KEYRING_VARIABLE,
    forget_token,
    read_env_values,
    store_token,
    write_user_env,
)
from jira_chat.errors import ConfigError, ExitCode, JiraAccessError, UsageError

if TYPE_CHECKING:
    from jira_chat.jira_access.probe import ServerProbe
    from jira_chat.jira_access.records import Flavor, UserRef
    from jira_chat.rendering.environment import Environment
    from jira_chat.rendering.output import Output

API_TOKEN_PAGE = "https://id.atlassian.com/manage-profile/security/api-tokens"
FLAVOR_NAMES = {"cloud": "Jira Cloud", "server": "Jira Server/Data Center"}
SCRIPT_HINT = "from a script: jira-chat init --url URL [--email EMAIL] --with-token < token-file"


class Questions(Protocol):
    """How `init` asks: a line, a hidden line, a yes/no. None means end of input."""

    def ask(self, prompt: str, default: str = "") -> str | None: ...

    def ask_secret(self, prompt: str) -> str | None: ...

    def confirm(self, prompt: str) -> bool: ...


class TerminalQuestions:
    """prompt-toolkit on stderr; a fresh session per question, so no answer (a token above
    all) can be recalled with Up into a later, visible prompt."""

    def __init__(self, env: Environment) -> None:
        self.env = env

    def _prompt(self, prompt: str, *, default: str = "", secret: bool = False) -> str | None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.output import create_output

        output = self.env.prompt_output or create_output(stdout=self.env.stderr)
        session: PromptSession[str] = PromptSession(input=self.env.prompt_input, output=output)
        try:
            return session.prompt(prompt, default=default, is_password=secret)
        except EOFError:
            return None

    def ask(self, prompt: str, default: str = "") -> str | None:
        return self._prompt(prompt, default=default)

    def ask_secret(self, prompt: str) -> str | None:
        return self._prompt(prompt, secret=True)

    def confirm(self, prompt: str) -> bool:
        answer = self._prompt(f"{prompt} [y/N] ")
        return (answer or "").strip().lower() in {"y", "yes"}


@dataclass(frozen=True)
class LoginRequest:
    """What the command line gave; None where `init` must ask (or refuse, without a TTY)."""

    url: str | None = None
    login: str | None = None  # Cloud: the account email; Server/DC: a username (basic auth)
    with_token: bool = False
    flavor: str | None = None  # only when the site hides serverInfo
    force: bool = False
    use_keyring: bool = True


@dataclass(frozen=True)
class Credentials:
    login: str | None
    token: str = field(repr=False)
    variable: str  # JIRA_API_TOKEN (with a login: basic auth) or JIRA_PERSONAL_TOKEN

    def settings(self, url: str, base: Settings) -> Settings:
        """Settings for checking these credentials, nothing else from the configuration."""
        token_field = "jira_personal_token" if self.variable == "JIRA_PERSONAL_TOKEN" else None
        return Settings(
            jira_url=url,
            jira_username=self.login,
            jira_api_token=None if token_field else self.token,
            jira_personal_token=self.token if token_field else None,
            jira_timeout=base.jira_timeout,
        )


def normalize_site_url(text: str) -> tuple[str, bool]:
    """`acme.atlassian.net/` → (`https://acme.atlassian.net`, True: https:// was added).

    Only http and https; a URL carrying user:password@ is refused (the token is asked for).
    """
    raw = text.strip()
    if not raw:
        raise UsageError("no Jira URL given", hint="e.g. https://your-team.atlassian.net")
    added = "://" not in raw
    url = f"https://{raw}" if added else raw
    scheme = url.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise UsageError(
            f"a Jira URL starts with https:// (or http://), not {scheme}://",
            hint="e.g. https://your-team.atlassian.net",
        )
    bare, user, password = split_url_credentials(url)
    if user or password:
        raise UsageError(
            "the Jira URL must not carry a user name or password",
            hint="give the URL alone; init asks for the credentials",
        )
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(bare)
        _ = parts.port  # raises for a port that is not a number
    except ValueError:
        raise UsageError(f"{raw!r} is not a valid URL") from None
    if not parts.hostname:
        raise UsageError(f"{raw!r} has no host name", hint="e.g. https://your-team.atlassian.net")
    return f"{scheme}://{parts.netloc}{parts.path}".rstrip("/"), added


class Login:
    """One run of `init`: every question, check and write, in the order a person sees them."""

    def __init__(
        self,
        request: LoginRequest,
        settings: Settings,
        output: Output,
        questions: Questions | None,
        read_stdin: Callable[[], str],
    ) -> None:
        self.request = request
        self.settings = settings  # the configuration before init: for overrides and defaults
        self.output = output
        self.questions = None if request.with_token else questions
        self.read_stdin = read_stdin
        self.env_path = config_dir() / ".env"

    def run(self) -> ExitCode:
        existing = read_env_values(self.env_path)
        self._may_replace(existing)
        url, probe = self._site()
        flavor = self._flavor(url, probe)
        credentials = self._credentials(flavor)
        me = self._verify(url, credentials)
        version = f" {probe.version}" if probe.version else ""
        email = f" <{me.email}>" if me.email else ""
        self.output.info(
            f"Logged in to {url} ({FLAVOR_NAMES[flavor]}{version}) as {me.display_name}{email}."
        )
        self._store(url, flavor, credentials, existing)
        self._warn_overrides()
        self.output.info(
            'Next: jira-chat ask "my open issues"   (jira-chat doctor checks the setup)'
        )
        return ExitCode.OK

    # --- the steps -------------------------------------------------------------------------
    def _may_replace(self, existing: dict[str, str]) -> None:
        """Ask before replacing a configuration; without a TTY, only with --force."""
        if self.request.force or not any(
            name in existing for name in ("JIRA_URL", "JIRA_API_TOKEN", "JIRA_PERSONAL_TOKEN")
        ):
            return
        where = existing.get("JIRA_URL", "a Jira site")
        who = f" as {existing['JIRA_USERNAME']}" if existing.get("JIRA_USERNAME") else ""
        question = f"{self.env_path} already connects to {where}{who}. Replace it?"
        if self.questions is None:
            raise UsageError(
                f"{self.env_path} already connects to {where}{who}; nothing was changed",
                hint="add --force to replace it",
            )
        if not self.questions.confirm(question):
            raise UsageError("kept the existing configuration; nothing was changed")

    def _site(self) -> tuple[str, ServerProbe]:
        from jira_chat.jira_access.probe import probe_server

        text = self.request.url
        if text is None:
            example = "e.g. https://your-team.atlassian.net"
            text = self._ask(f"Jira site URL ({example}): ", default=self.settings.jira_url or "")
        url, added_scheme = normalize_site_url(text)
        try:
            with self.output.status(f"Checking {url}…"):
                probe = probe_server(url, read_timeout=self.settings.jira_timeout)
        except JiraAccessError as exc:
            message, hint = exc.message, exc.hint
            if exc.status == 404:
                message = f"{url} is not a Jira site's base URL (serverInfo: 404)"
                hint = "give the URL without a path after it, e.g. https://your-team.atlassian.net"
            elif added_scheme and exc.status is None:
                hint = f"if the server speaks plain HTTP, give it as http://{text.strip()}"
            raise JiraAccessError(
                f"{message}; nothing was saved", status=exc.status, hint=hint
            ) from None
        return url, probe

    def _flavor(self, url: str, probe: ServerProbe) -> Flavor:
        given = (self.request.flavor or "").lower() or None
        if given not in (None, "cloud", "server"):
            raise UsageError(f"unknown flavor {given!r}", hint="use --flavor cloud or server")
        if probe.flavor is not None:
            if given and given != probe.flavor:
                self.output.warn(f"{url} says it is {FLAVOR_NAMES[probe.flavor]}; using that")
            return probe.flavor
        if given == "cloud" or (given is None and ".atlassian.net" in url.lower()):
            return "cloud"
        if given == "server":
            return "server"
        if self.questions is not None:
            answer = self._ask("Is this Jira Cloud or Server/Data Center? [cloud/server]: ")
            if answer.strip().lower() in ("cloud", "server"):
                return "cloud" if answer.strip().lower() == "cloud" else "server"
        raise UsageError(
            f"{url} does not say whether it is Jira Cloud or Server/Data Center",
            hint="add --flavor cloud or --flavor server",
        )

    def _credentials(self, flavor: Flavor) -> Credentials:
        login = self.request.login
        if flavor == "cloud":
            if login is None:
                login = self._ask("Atlassian account email: ")
            if not login.strip():
                raise UsageError("Jira Cloud needs the account's email", hint="add --email EMAIL")
            token = self._secret(f"API token (create one at {API_TOKEN_PAGE}): ")
            return Credentials(login.strip(), token, "JIRA_API_TOKEN")
        if login is None and self.questions is not None:
            token = self._secret(
                "Personal access token (Enter to sign in with a username and password): ",
                allow_empty=True,
            )
            if token:
                return Credentials(None, token, "JIRA_PERSONAL_TOKEN")
            login = self._ask("Username: ")
            return Credentials(login.strip(), self._secret("Password: "), "JIRA_API_TOKEN")
        if login:  # --username: basic auth, the secret is the password
            return Credentials(login.strip(), self._secret("Password: "), "JIRA_API_TOKEN")
        return Credentials(None, self._secret("Personal access token: "), "JIRA_PERSONAL_TOKEN")

    def _verify(self, url: str, credentials: Credentials) -> UserRef:
        from jira_chat.jira_access.service import JiraService

        service = JiraService(credentials.settings(url, self.settings))
        try:
            with self.output.status("Checking the credentials…"):
                return service.myself()
        except JiraAccessError as exc:
            if exc.status == 401:
                what = "API token and email" if credentials.login else "token"
                if credentials.variable == "JIRA_PERSONAL_TOKEN":
                    what = "personal access token"
                raise ConfigError(
                    "Jira rejected these credentials (401); nothing was saved",
                    hint=f"check the {what} and run jira-chat init again",
                ) from None
            raise JiraAccessError(
                f"{exc.message}; nothing was saved", status=exc.status, hint=exc.hint
            ) from None

    def _store(
        self, url: str, flavor: Flavor, credentials: Credentials, existing: dict[str, str]
    ) -> None:
        values = {"JIRA_URL": url}
        if credentials.login:
            values["JIRA_USERNAME"] = credentials.login
        values[FLAVOR_VARIABLE] = flavor
        stored = store_token(
            url, credentials.variable, credentials.token, use_keyring=self.request.use_keyring
        )
        if stored.in_keyring:
            values[KEYRING_VARIABLE] = credentials.variable
        else:
            values[credentials.variable] = credentials.token
        old_variable, old_url = existing.get(KEYRING_VARIABLE), existing.get("JIRA_URL")
        if old_variable and old_url and (old_url, old_variable) != (url, credentials.variable):
            forget_token(old_url, old_variable)
        elif old_variable and not stored.in_keyring:
            forget_token(url, old_variable)
        write_user_env(self.env_path, values, note=f"{FLAVOR_NAMES[flavor]} at {url}")
        names = ", ".join(name for name in values if name != credentials.variable)
        if stored.in_keyring:
            self.output.info(
                f"Saved the {_token_word(credentials)} in the system keyring ({stored.detail}); "
                f"{names} in {self.env_path} (mode 0600)."
            )
            return
        self.output.info(
            f"No system keyring used ({stored.detail}): saved the {_token_word(credentials)} "
            f"in {self.env_path} (mode 0600, directory 0700), with {names}."
        )
        exposed = exposed_directory(self.env_path.parent)
        if exposed:
            self.output.warn(exposed)

    def _warn_overrides(self) -> None:
        """A variable set in the environment or ./.env wins over what init just wrote."""
        written = str(self.env_path)
        for name in ("JIRA_URL", "JIRA_USERNAME", "JIRA_API_TOKEN", "JIRA_PERSONAL_TOKEN"):
            origin = self.settings.sources.get(name)
            if origin is None or origin == written or Path(origin) == self.env_path:
                continue
            where = "the environment" if origin == "environment" else origin
            self.output.warn(f"{name} from {where} overrides what init saved; remove it there")

    # --- asking --------------------------------------------------------------------------
    def _ask(self, prompt: str, default: str = "") -> str:
        if self.questions is None:
            raise UsageError(
                f"jira-chat init needs a terminal to ask: {prompt.strip().rstrip(':')}",
                hint=SCRIPT_HINT,
            )
        answer = self.questions.ask(prompt, default)
        if answer is None:
            raise UsageError("no answer given; nothing was saved")
        return answer.strip()

    def _secret(self, prompt: str, *, allow_empty: bool = False) -> str:
        if self.request.with_token:
            token = self.read_stdin().strip()
            if not token:
                raise UsageError("--with-token read no token from stdin", hint=SCRIPT_HINT)
            return token
        if self.questions is None:
            raise UsageError(
                "jira-chat init needs a terminal to ask for the token, or --with-token",
                hint=SCRIPT_HINT,
            )
        answer = (self.questions.ask_secret(prompt) or "").strip()
        if not answer and not allow_empty:
            raise UsageError("no token given; nothing was saved")
        return answer


def _token_word(credentials: Credentials) -> str:
    if credentials.variable == "JIRA_PERSONAL_TOKEN":
        return "personal access token"
    return "API token" if credentials.login and "@" in credentials.login else "password"
