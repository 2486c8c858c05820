"""Build the python-jira client so that it costs no HTTP request until it is used.

`JIRA()` would call serverInfo on construction and fetch `/field` before the first search;
both are avoided here: the deployment type and version come from the metadata cache (or one
serverInfo call), and the field-name cache is pre-filled with the fields we ask for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jira_chat.config import Settings
from jira_chat.jira_access.parse import DETAIL_FIELDS
from jira_chat.jira_access.records import Flavor
from jira_chat.jira_access.retry import RetryPolicy, with_retries

if TYPE_CHECKING:
    from jira import JIRA


def build_client(settings: Settings, *, timeout: tuple[float, float], retry: RetryPolicy) -> JIRA:
    """A python-jira client with our timeouts and retries, and none of its own sleeps."""
    from jira import JIRA

    settings.require_jira()
    assert settings.jira_url is not None  # for mypy: require_jira checked it
    auth: dict[str, Any]
    if settings.auth_kind == "token":
        auth = {"token_auth": settings.jira_personal_token}
    else:
        auth = {"basic_auth": (settings.jira_username, settings.jira_api_token)}
    client = JIRA(
        server=settings.jira_url,
        options={"check_update": False},
        get_server_info=False,  # no request at construction; we set the flavor ourselves
        max_retries=0,  # python-jira's ResilientSession would sleep 10-60 s on errors
        timeout=timeout,
        logging=False,  # its warnings would dump response headers
        **auth,
    )
    # Any non-empty field cache stops python-jira from fetching /field before a search.
    client._fields_cache_value = {name: name for name in DETAIL_FIELDS}
    session = client._session
    session.request = with_retries(session.request, retry)  # type: ignore[method-assign]
    return client


def set_flavor(client: JIRA, flavor: Flavor, version: tuple[int, ...]) -> None:
    """Tell python-jira what `get_server_info=True` would have told it.

    It treats the server as Cloud only when `deploymentType == "Cloud"`; that switches
    search to /search/jql and user payloads to accountId.
    """
    client.deploymentType = "Cloud" if flavor == "cloud" else "Server"
    client._version = version or ((1001, 0, 0) if flavor == "cloud" else (9, 12, 0))
