"""`jira-chat doctor`: check each piece of the setup and say plainly what is wrong.

Each check returns one row. Secrets are always masked. Checks never raise: a failure is a row.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from jira_chat.config import Settings, exposed_directory, mask_secret
from jira_chat.errors import JiraChatError

if TYPE_CHECKING:
    from jira_chat.jira_access.service import JiraService

Verdict = Literal["ok", "warn", "fail", "skip"]


@dataclass(frozen=True)
class Check:
    name: str
    verdict: Verdict
    detail: str
    source: str = ""  # where the values this row is about came from (env, a .env, keyring)


def origin(settings: Settings, *names: str) -> str:
    """`JIRA_URL: /home/you/.config/jira-chat/.env; JIRA_API_TOKEN: system keyring (…)`."""
    parts = []
    for name in names:
        where = settings.sources.get(name)
        if where is None:
            continue
        shown = "environment" if where == "environment" else where
        parts.append(f"{name}: {shown}")
    return "; ".join(parts)


def run_checks(
    settings: Settings, *, service_factory: Callable[[], JiraService] | None
) -> list[Check]:
    """All checks, in the order a person would fix them."""
    rows = [_configuration(settings), _mode(settings), _data_directory(settings)]
    rows.extend(_jira_checks(settings, service_factory))
    rows.extend(_gemini_checks(settings))
    return rows


def _configuration(settings: Settings) -> Check:
    if settings.sandbox:
        return Check("configuration", "ok", "using the built-in sandbox (--sandbox)")
    looked = " or ".join(str(p) for p in settings.env_candidates) or "nowhere"
    files = ", ".join(str(p) for p in settings.env_files) or f"no .env file (looked for {looked})"
    where = settings.sources.get("JIRA_URL")
    source = origin(settings, "JIRA_URL")
    if not settings.jira_url:
        return Check(
            "configuration",
            "fail",
            f"JIRA_URL is not set ({files}); set it, run `jira-chat init`, or try --sandbox",
        )
    problem = settings.jira_url_problem
    if problem:
        return Check("configuration", "fail", f"{problem} (from {where}); {files}", source)
    return Check("configuration", "ok", f"JIRA_URL={settings.jira_url}; {files}", source)


def _mode(settings: Settings) -> Check:
    if settings.read_only:
        return Check(
            "mode", "ok", f"read-only: every write is refused ({settings.read_only_setting})"
        )
    return Check("mode", "ok", "read-write: writes are previewed and confirmed")


def _data_directory(settings: Settings) -> Check:
    home = settings.home
    source = settings.home_source
    if home.exists() and not os.access(home, os.W_OK):
        return Check("data directory", "fail", f"{home} is not writable ({source})")
    exposed = exposed_directory(home)
    if exposed:
        return Check("data directory", "warn", f"{exposed} ({source})")
    return Check("data directory", "ok", f"{home} ({source})")


def _jira_checks(
    settings: Settings, service_factory: Callable[[], JiraService] | None
) -> list[Check]:
    source = origin(settings, "JIRA_USERNAME", "JIRA_API_TOKEN", "JIRA_PERSONAL_TOKEN")
    if settings.keyring_problem and settings.auth_kind is None:
        return [
            Check("credentials", "fail", settings.keyring_problem, source),
            Check("jira", "skip", "not checked: Jira is not configured"),
        ]
    if settings.auth_kind == "token":
        auth = f"Server/DC personal token {mask_secret(settings.jira_personal_token)}"
    elif settings.auth_kind == "basic" and settings.url_credentials == "used":
        auth = (
            f"{settings.jira_username} + password {mask_secret(settings.jira_api_token)}, taken "
            "from JIRA_URL (user:password@) and used as basic auth; the URL is used without them"
        )
    elif settings.auth_kind == "basic":
        auth = f"{settings.jira_username} + API token {mask_secret(settings.jira_api_token)}"
    else:
        return [
            Check(
                "credentials",
                "fail",
                "set JIRA_USERNAME + JIRA_API_TOKEN (Cloud) or JIRA_PERSONAL_TOKEN (Server/DC)",
            ),
            Check("jira", "skip", "not checked: Jira is not configured"),
        ]
    if settings.url_credentials == "ignored":
        auth += "; the user:password@ in JIRA_URL is ignored (other credentials are set)"
    rows = [Check("credentials", "ok", auth, source)]
    if service_factory is None:
        return [*rows, Check("jira", "skip", "not checked: Jira is not configured")]
    try:
        service = service_factory()
        info = service.server_info()
        kind = info.get("deploymentType", "unknown")
        version = info.get("version", "?")
        rows.append(Check("jira", "ok", f"reachable: {kind} {version} at {settings.jira_url}"))
        me = service.myself()
        email = f" <{me.email}>" if me.email else ""
        rows.append(Check("authenticated as", "ok", f"{me.display_name}{email}"))
    except JiraChatError as exc:
        rows.append(Check("jira", "fail", _one_line(exc)))
    return rows


def _gemini_checks(settings: Settings) -> list[Check]:
    if not settings.gemini_api_key:
        from jira_chat.planning.catalog import gemini_hint

        return [
            Check(
                "gemini key", "warn", f"not set: only the offline planner works ({gemini_hint()})"
            ),
            Check("gemini call", "skip", "not checked: no key"),
        ]
    variable = settings.gemini_key_variable or "GEMINI_API_KEY"
    where = settings.sources.get(variable, "environment")
    rows = [
        Check(
            "gemini key",
            "ok",
            f"{mask_secret(settings.gemini_api_key)} ({variable}, from {where})",
            origin(settings, variable),
        )
    ]
    try:
        from jira_chat.planning.health import ping_model

        ping_model(settings)
        rows.append(Check("gemini call", "ok", f"model {settings.model} answered"))
    except JiraChatError as exc:
        rows.append(Check("gemini call", "fail", _one_line(exc)))
    return rows


def _one_line(exc: JiraChatError) -> str:
    """The error and its hint, less any advice to run doctor: this is doctor."""
    hint = _DOCTOR_ADVICE.sub("", exc.hint or "").strip(" ;,")
    return f"{exc.message} ({hint})" if hint else exc.message


_DOCTOR_ADVICE = re.compile(r"[;,]?\s*(?:run )?`?jira-chat doctor`?[^;,)]*", re.IGNORECASE)
