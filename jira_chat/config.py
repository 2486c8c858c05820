"""Configuration: environment, `.env` files and flags, in that order of weakness.

Sources, weakest first: `.env` in the user config directory, `.env` in the current
directory, the process environment, then command-line flags. python-dotenv never
overrides a variable that is already set, which gives exactly that order.
"""

from __future__ import annotations

import os
import stat
from dataclasses import field, replace
from pathlib import Path
from typing import Literal

from jira_chat.errors import ConfigError
from jira_chat.record import Record

APP_NAME = "jira-chat"
DEFAULT_MODEL = "gemini-3.5-flash-lite"  # stable (not -preview) Flash-Lite class
ENV_HOME = "JIRA_CHAT_HOME"

AuthKind = Literal["basic", "token"]


def data_dir() -> Path:
    """Where history, cache and the sandbox database live: $JIRA_CHAT_HOME or the platform's."""
    home = os.environ.get(ENV_HOME)
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Where the user-level `.env` lives. Under $JIRA_CHAT_HOME when that is set."""
    home = os.environ.get(ENV_HOME)
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create a directory readable only by its owner (it may hold tokens and history).

    Every directory created on the way (parents included) is 0700 whatever the umask:
    `mkdir(parents=True)` would give the parents 0777 minus the umask. Directories that
    already exist are left alone; `exposed_directory` says when one is open to others.
    """
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=0o700)
        except FileExistsError:
            continue  # another process made it meanwhile: leave its mode alone
        os.chmod(directory, stat.S_IRWXU)
    return path


def exposed_directory(path: Path) -> str | None:
    """A warning when an existing data directory can be read by other users, else None."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if not stat.S_ISDIR(mode) or not mode & (stat.S_IRWXG | stat.S_IRWXO):
        return None
    return (
        f"the data directory {path} is readable by other users (mode {stat.S_IMODE(mode):04o}); "
        f"it holds history and caches: chmod 700 {path}"
    )


def write_private_file(path: Path, text: str) -> None:
    """Write a file with mode 0600 from the first byte, so a secret is never world-readable."""
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def mask_secret(value: str | None) -> str:
    """Show that a secret is set, and which one, without revealing it: only the last four
    characters, and none of a short secret."""
    if not value:
        return "(not set)"
    return f"****{value[-4:]}" if len(value) >= 12 else "****"


def split_url_credentials(url: str) -> tuple[str, str | None, str | None]:
    """`https://user:pass@host/x` → ("https://host/x", "user", "pass"); the URL unchanged
    (and None, None) when it carries no credentials or cannot be parsed."""
    from urllib.parse import unquote, urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        if "@" not in parts.netloc:
            return url, None, None
        userinfo, _, hostport = parts.netloc.rpartition("@")
    except ValueError:
        return url, None, None
    user, _, password = userinfo.partition(":")
    bare = urlunsplit((parts.scheme, hostport, parts.path, parts.query, parts.fragment))
    return bare, unquote(user) or None, unquote(password) or None


def url_problem(url: str) -> str | None:
    """Why JIRA_URL cannot be used (no https:// in front, no host), or None."""
    from urllib.parse import urlsplit

    shown = url.rpartition("@")[2]  # never echo credentials back
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"JIRA_URL {shown!r} is not a valid URL"
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return f"JIRA_URL {shown!r} has no scheme: write it as https://{shown.split('://')[-1]}"
    return None


class Settings(Record):
    """Everything jira-chat needs to know before it talks to anyone."""

    jira_url: str | None = None
    jira_username: str | None = None
    jira_api_token: str | None = field(default=None, repr=False)
    jira_personal_token: str | None = field(default=None, repr=False)
    default_project: str | None = None
    gemini_api_key: str | None = field(default=None, repr=False)
    gemini_key_variable: str | None = None  # GOOGLE_API_KEY or GEMINI_API_KEY: which one won
    gemini_timeout: float = 30.0  # seconds per Gemini call (JIRA_CHAT_GEMINI_TIMEOUT)
    model: str = DEFAULT_MODEL
    gemini_base_url: str | None = None
    sandbox: bool = False
    debug: bool = False
    jira_timeout: float = 20.0  # read timeout per Jira request, seconds (JIRA_CHAT_JIRA_TIMEOUT)
    read_only: bool = False  # refuse every write (--read-only, JIRA_CHAT_READ_ONLY)
    env_files: tuple[Path, ...] = ()
    env_candidates: tuple[Path, ...] = ()  # every .env path looked at, found or not
    sources: dict[str, str] = field(default_factory=dict)  # variable -> where it came from
    # "used": JIRA_URL carried user:password@ and they are the basic-auth credentials;
    # "ignored": it carried them but other credentials were set. Never the values.
    url_credentials: Literal["used", "ignored"] | None = None
    flavor: str | None = None  # JIRA_CHAT_FLAVOR as `init` detected it: cloud or server
    # JIRA_CHAT_KEYRING: the token variable `init` put in the system keyring, still to be
    # read (`with_stored_token`), and why reading it failed when it did.
    keyring_variable: str | None = None
    keyring_problem: str | None = None

    def __post_init__(self) -> None:
        """Strip user:password@ from JIRA_URL, once, wherever Settings are built: from here on
        the URL is safe to show, cache and put in every browse link."""
        if not self.jira_url:
            return
        bare, user, password = split_url_credentials(self.jira_url)
        if user is None and password is None:
            return
        object.__setattr__(self, "jira_url", bare.rstrip("/"))
        has_own = bool(self.jira_personal_token or self.jira_api_token)
        if has_own or not (user and password):
            object.__setattr__(self, "url_credentials", "ignored")
            return
        object.__setattr__(self, "url_credentials", "used")
        object.__setattr__(self, "jira_username", user)
        object.__setattr__(self, "jira_api_token", password)

    @property
    def jira_url_problem(self) -> str | None:
        return url_problem(self.jira_url) if self.jira_url else None

    @property
    def home_source(self) -> str:
        """Why the data directory is where it is (for `doctor`)."""
        return ENV_HOME if os.environ.get(ENV_HOME) else "platform default"

    @property
    def home(self) -> Path:
        return data_dir()

    @property
    def history_path(self) -> Path:
        return self.home / "history"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def sandbox_db_path(self) -> Path:
        return self.home / "sandbox.sqlite3"

    @property
    def jira_configured(self) -> bool:
        return bool(self.jira_url) and not self.jira_url_problem and self.auth_kind is not None

    @property
    def auth_kind(self) -> AuthKind | None:
        if self.jira_personal_token:
            return "token"
        if self.jira_username and self.jira_api_token:
            return "basic"
        return None

    @property
    def read_only_setting(self) -> str:
        """Which setting turned read-only mode on, as a person would change it."""
        origin = self.sources.get(READ_ONLY_VARIABLE)
        if origin is None:
            return "--read-only"
        where = "the environment" if origin == "environment" else origin
        return f"{READ_ONLY_VARIABLE}=1 in {where}"

    def with_stored_token(self) -> Settings:
        """Settings with the token `init` stored in the system keyring read in.

        Asked only by commands about to talk to Jira: keyring costs ~0.5 s to load. A token
        set in the environment or a `.env` was never looked up there (it wins).
        """
        variable = self.keyring_variable
        if variable is None or not self.jira_url or getattr(self, variable.lower()):
            return self
        from jira_chat.config_store import read_token

        try:
            token, label = read_token(self.jira_url, variable)
        except ConfigError as exc:
            return replace(self, keyring_variable=None, keyring_problem=exc.message)
        sources = {**self.sources, variable: f"system keyring ({label})"}
        if variable == "JIRA_PERSONAL_TOKEN":
            return replace(self, keyring_variable=None, sources=sources, jira_personal_token=token)
        return replace(self, keyring_variable=None, sources=sources, jira_api_token=token)

    def with_overrides(self, **changes: object) -> Settings:
        """Flags win over the environment: apply the ones that were given."""
        given = {k: v for k, v in changes.items() if v is not None}
        return replace(self, **given)  # type: ignore[arg-type]

    def require_jira(self) -> None:
        """Raise a ConfigError that says exactly what to set."""
        problem = self.jira_url_problem
        if problem:
            raise ConfigError(problem, hint="`jira-chat doctor` checks your setup")
        if self.jira_configured:
            return
        if self.keyring_problem:
            raise ConfigError(
                self.keyring_problem,
                hint="run `jira-chat init` again, or set the token in the environment or .env",
            )
        missing = []
        if not self.jira_url:
            missing.append("JIRA_URL")
        if self.auth_kind is None:
            missing.append("JIRA_USERNAME + JIRA_API_TOKEN (Cloud) or JIRA_PERSONAL_TOKEN (Server)")
        raise ConfigError(
            f"Jira is not configured: set {' and '.join(missing)} in the environment or a .env file",
            hint="`jira-chat init` sets them up (`jira-chat doctor` checks them), or try the "
            "built-in demo with --sandbox",
        )


READ_ONLY_VARIABLE = "JIRA_CHAT_READ_ONLY"

_VARIABLES = (
    "JIRA_URL",
    "JIRA_USERNAME",
    "JIRA_API_TOKEN",
    "JIRA_PERSONAL_TOKEN",
    "JIRA_DEFAULT_PROJECT",
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "JIRA_CHAT_MODEL",
    "GOOGLE_GEMINI_BASE_URL",
    "JIRA_CHAT_SANDBOX",
    "JIRA_CHAT_JIRA_TIMEOUT",
    "JIRA_CHAT_GEMINI_TIMEOUT",
    READ_ONLY_VARIABLE,
    "JIRA_CHAT_FLAVOR",
    "JIRA_CHAT_KEYRING",
)
_TOKEN_VARIABLES = ("JIRA_API_TOKEN", "JIRA_PERSONAL_TOKEN")


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _positive_float(value: str | None, *, default: float) -> float:
    try:
        number = float(value) if value else default
    except ValueError:
        return default
    return number if number > 0 else default


# Secrets from a .env file stay in Settings and are never copied into os.environ, so that
# $EDITOR (Ctrl-X Ctrl-E), a browser or any other child process does not inherit them.
SECRET_VARIABLES = frozenset(
    {"JIRA_API_TOKEN", "JIRA_PERSONAL_TOKEN", "GEMINI_API_KEY", "GOOGLE_API_KEY"}
)


def load_settings(cwd: Path | None = None) -> Settings:
    """Read `.env` files (without overriding the environment) and build Settings."""
    sources: dict[str, str] = {name: "environment" for name in _VARIABLES if os.environ.get(name)}
    found: list[Path] = []
    secrets: dict[str, str] = {}
    candidates = ((cwd or Path.cwd()) / ".env", config_dir() / ".env")
    for candidate in candidates:
        if not candidate.is_file() or candidate.resolve() in {p.resolve() for p in found}:
            continue
        found.append(candidate)
        from dotenv import dotenv_values  # only when there is a file to read

        try:
            values = dotenv_values(candidate)
        except (OSError, UnicodeDecodeError):
            continue  # an unreadable .env is listed by `doctor`, not a crash
        for name, value in values.items():
            if value is None or name in os.environ or name in secrets:
                continue
            if name in SECRET_VARIABLES or (name == "JIRA_URL" and "@" in value):
                secrets[name] = value  # a URL with a password is a secret too
            else:
                os.environ[name] = value
            sources.setdefault(name, str(candidate))

    env: dict[str, str] = {**secrets, **os.environ}
    # The SDK prefers GOOGLE_API_KEY when both are set; mirror it so doctor tells the truth.
    key_variable = next((v for v in ("GOOGLE_API_KEY", "GEMINI_API_KEY") if env.get(v)), None)
    in_keyring = env.get("JIRA_CHAT_KEYRING") or None
    if in_keyring not in _TOKEN_VARIABLES or env.get(in_keyring or ""):
        in_keyring = None  # unknown, or the token is set elsewhere and wins
    return Settings(
        jira_url=(env.get("JIRA_URL") or "").rstrip("/") or None,
        jira_username=env.get("JIRA_USERNAME") or None,
        jira_api_token=env.get("JIRA_API_TOKEN") or None,
        jira_personal_token=env.get("JIRA_PERSONAL_TOKEN") or None,
        default_project=(env.get("JIRA_DEFAULT_PROJECT") or "").upper() or None,
        gemini_api_key=env.get(key_variable) if key_variable else None,
        gemini_key_variable=key_variable,
        gemini_timeout=_positive_float(env.get("JIRA_CHAT_GEMINI_TIMEOUT"), default=30.0),
        model=env.get("JIRA_CHAT_MODEL") or DEFAULT_MODEL,
        gemini_base_url=env.get("GOOGLE_GEMINI_BASE_URL") or None,
        sandbox=_truthy(env.get("JIRA_CHAT_SANDBOX")),
        jira_timeout=_positive_float(env.get("JIRA_CHAT_JIRA_TIMEOUT"), default=20.0),
        read_only=_truthy(env.get(READ_ONLY_VARIABLE)),
        env_files=tuple(found),
        env_candidates=tuple(dict.fromkeys(candidates)),
        sources=sources,
        flavor=(env.get("JIRA_CHAT_FLAVOR") or "").lower() or None,
        keyring_variable=in_keyring,
    )
