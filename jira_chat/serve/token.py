"""The bearer token: from JIRA_CHAT_SERVE_TOKEN, else generated once and kept 0600 on disk."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from jira_chat.config import data_dir, ensure_private_dir, write_private_file
from jira_chat.errors import ConfigError

ENV_TOKEN = "JIRA_CHAT_SERVE_TOKEN"
TOKEN_FILE = "serve-token"
MIN_TOKEN_CHARS = 16


@dataclass(frozen=True)
class ServeToken:
    value: str = field(repr=False)
    source: str  # "environment", or the path of the token file
    generated: bool  # created just now: the only time it is printed in full


def token_path() -> Path:
    return data_dir() / TOKEN_FILE


def load_token() -> ServeToken:
    """The environment wins; otherwise read the stored token, or create and store one."""
    given = os.environ.get(ENV_TOKEN, "").strip()
    if given:
        if len(given) < MIN_TOKEN_CHARS:
            raise ConfigError(
                f"{ENV_TOKEN} is too short (at least {MIN_TOKEN_CHARS} characters)",
                hint='generate one: python3 -c "import secrets; print(secrets.token_urlsafe(32))"',
            )
        return ServeToken(given, "environment", generated=False)
    path = token_path()
    ensure_private_dir(path.parent)
    if path.is_file():
        stored = path.read_text(encoding="utf-8").strip()
        if len(stored) >= MIN_TOKEN_CHARS:
            path.chmod(0o600)  # keep it private even if someone loosened it
            return ServeToken(stored, str(path), generated=False)
    value = secrets.token_urlsafe(32)
    write_private_file(path, value + "\n")
    return ServeToken(value, str(path), generated=True)
