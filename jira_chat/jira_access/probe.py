"""Before there are credentials: is this URL a Jira, Cloud or Server/DC? (`jira-chat init`)

serverInfo answers without credentials on Cloud and on Server/DC. Asked through python-jira
like every other call, with the same error mapping, so an unreachable host, a TLS failure or
a page that is not Jira is one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jira_chat.errors import JiraAccessError
from jira_chat.jira_access import metadata as metadata_cache
from jira_chat.jira_access.error_map import ErrorContext, mapped_errors
from jira_chat.jira_access.records import Flavor
from jira_chat.text_utils import redact_url

CONNECT_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class ServerProbe:
    """What serverInfo told: the deployment and version, or None when it refused to say."""

    url: str
    flavor: Flavor | None
    version: str
    title: str


def probe_server(url: str, *, read_timeout: float) -> ServerProbe:
    """Ask `url` for serverInfo without credentials.

    A 401/403 (an instance that hides serverInfo from anonymous callers) is not an error:
    the flavor is then None, and the caller decides (the URL, a flag or a question).
    Anything else that fails raises a JiraAccessError.
    """
    from jira import JIRA

    context = ErrorContext(server_url=redact_url(url), read_timeout=read_timeout, auth_kind=None)
    client = JIRA(
        server=url,
        options={"check_update": False},
        get_server_info=False,
        max_retries=0,
        timeout=(CONNECT_TIMEOUT_S, read_timeout),
        logging=False,
    )
    try:
        with mapped_errors(context):
            info: Any = client.server_info()
    except JiraAccessError as exc:
        if exc.status in (401, 403):
            return ServerProbe(url=url, flavor=None, version="", title="")
        raise
    finally:
        client.close()
    if not isinstance(info, dict) or "version" not in info:
        raise JiraAccessError(
            f"the server at {redact_url(url)} did not answer like Jira (no serverInfo)",
            hint="give the site's base URL, e.g. https://your-team.atlassian.net",
        )
    return ServerProbe(
        url=url,
        flavor=metadata_cache.flavor_of(info),
        version=str(info.get("version", "")),
        title=str(info.get("serverTitle") or ""),
    )
