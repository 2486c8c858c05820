"""Where `jira-chat init` keeps what it learned, and how Settings reads the token back.

The token goes to the system keyring (Secret Service, macOS Keychain, Windows Credential
Locker) when one is usable, else into the user config `.env` (mode 0600, in a 0700
directory). The URL, the login and the flavor always go in that `.env`; when the token is
in the keyring, `JIRA_CHAT_KEYRING=<variable>` there says which variable to fetch from it.

keyring is imported only in these functions: importing it and discovering its backends
costs about half a second, which no start-up path should pay.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jira_chat.config import write_private_file
from jira_chat.errors import ConfigError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

KEYRING_SERVICE = "jira-chat"
KEYRING_VARIABLE = "JIRA_CHAT_KEYRING"  # names the variable whose value is in the keyring
FLAVOR_VARIABLE = "JIRA_CHAT_FLAVOR"  # cloud or server, as `init` detected it
TOKEN_VARIABLES = ("JIRA_API_TOKEN", "JIRA_PERSONAL_TOKEN")
# What `init` owns in the `.env`; any other line there (a Gemini key, a default project) stays.
MANAGED_VARIABLES = (
    "JIRA_URL",
    "JIRA_USERNAME",
    *TOKEN_VARIABLES,
    FLAVOR_VARIABLE,
    KEYRING_VARIABLE,
)
_MARKER = "# jira-chat init:"
_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=")


def keyring_user(url: str, variable: str) -> str:
    """The keyring entry's user name: one entry per Jira site and variable."""
    return f"{variable}@{url}"


def backend_label(backend: KeyringBackend) -> str:
    """A backend as a person recognises it: "SecretService Keyring", "macOS Keyring"."""
    try:
        return str(backend.name)
    except Exception:  # a third-party backend without a usable name
        return type(backend).__name__


def usable_keyring() -> tuple[KeyringBackend | None, str]:
    """The system keyring when one can store secrets, else None and why not.

    keyring answers with its fail backend, the null backend, or a chainer with nothing to
    chain when the system has no keyring (a server, a container, CI).
    """
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except ImportError:  # pragma: no cover - a dependency, but a broken install must not crash
        return None, "the keyring package is not installed"
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # a misconfigured keyringrc or backend
        return None, f"the keyring could not be opened ({type(exc).__name__})"
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None, "no system keyring was found"
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None, "no system keyring was found"
    return backend, backend_label(backend)


@dataclass(frozen=True)
class StoredToken:
    """Where the token went: the keyring (and its name) or the `.env` (and why)."""

    in_keyring: bool
    detail: str  # the backend's name, or why the keyring was not used


def store_token(url: str, variable: str, token: str, *, use_keyring: bool) -> StoredToken:
    """Put the token in the keyring and read it back; on any failure say why, store nothing.

    The caller writes it to the `.env` instead when `in_keyring` is False. The token is never
    part of a message: a backend's own error text is reduced to its type.
    """
    if not use_keyring:
        return StoredToken(False, "the keyring was not used (--no-keyring)")
    backend, label = usable_keyring()
    if backend is None:
        return StoredToken(False, label)
    user = keyring_user(url, variable)
    try:
        backend.set_password(KEYRING_SERVICE, user, token)
        stored = backend.get_password(KEYRING_SERVICE, user)
    except Exception as exc:  # locked, refused, no D-Bus: any backend failure means "no"
        return StoredToken(False, f"the system keyring ({label}) refused it ({type(exc).__name__})")
    if stored != token:
        return StoredToken(False, f"the system keyring ({label}) did not keep it")
    return StoredToken(True, label)


def forget_token(url: str, variable: str) -> None:
    """Remove an entry `init` made before (best effort: a stale token should not linger)."""
    backend, _ = usable_keyring()
    if backend is None:
        return
    try:
        backend.delete_password(KEYRING_SERVICE, keyring_user(url, variable))
    except Exception:  # not there, or the backend cannot delete: nothing to clean up
        return


def read_token(url: str, variable: str) -> tuple[str, str]:
    """The token `init` put in the keyring and the backend's name; ConfigError otherwise."""
    hint = "run `jira-chat init` again, or set the token in the environment or a .env file"
    backend, label = usable_keyring()
    if backend is None:
        raise ConfigError(
            f"{variable} is in the system keyring ({KEYRING_VARIABLE}), but {label}", hint=hint
        )
    try:
        token = backend.get_password(KEYRING_SERVICE, keyring_user(url, variable))
    except Exception as exc:  # locked or unreachable
        raise ConfigError(
            f"the system keyring ({label}) could not be read for {variable} ({type(exc).__name__})",
            hint="unlock it and try again; or " + hint,
        ) from None
    if not token:
        raise ConfigError(
            f"the system keyring ({label}) has no {variable} for {url}",
            hint=hint,
        )
    return token, label


def read_env_values(path: Path) -> dict[str, str]:
    """The values of a `.env` (empty when there is none or it cannot be read)."""
    from dotenv import dotenv_values

    if not path.is_file():
        return {}
    try:
        return {k: v for k, v in dotenv_values(path).items() if v is not None}
    except (OSError, UnicodeDecodeError):
        return {}


def write_user_env(path: Path, values: dict[str, str], *, note: str) -> None:
    """Write `init`'s values into the `.env` at `path` (0600, its directory 0700).

    Lines `init` owns are replaced; every other line (GEMINI_API_KEY, comments) is kept.
    """
    kept: list[str] = []
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            found = _ASSIGNMENT.match(line)
            if line.startswith(_MARKER) or (found and found.group(1) in MANAGED_VARIABLES):
                continue
            kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = [f"{_MARKER} {note} ({stamp})"]
    block.extend(f"{name}={_quoted(value)}" for name, value in values.items())
    text = "\n".join([*kept, "", *block] if kept else block) + "\n"
    write_private_file(path, text)


def _quoted(value: str) -> str:
    """A value python-dotenv reads back exactly (quotes only when it needs them)."""
    if re.fullmatch(r"[A-Za-z0-9_.:/@+\-=~%,]*", value):
        return value
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"
