"""Translate python-jira and requests failures into one-line `JiraAccessError`s with hints.

`str(JIRAError)` dumps request and response headers (credentials included), so messages are
built only from the status code and Jira's own errorMessages/errors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jira_chat.errors import (
    JiraAccessError,
    JiraChatError,
    JqlRejectedError,
    UnexpectedReplyError,
    WriteOutcomeUnknownError,
)
from jira_chat.jira_access.retry import ATTEMPTS_ATTRIBUTE, not_sent
from jira_chat.record import Record
from jira_chat.text_utils import one_line

_MAX_MESSAGE = 200
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
UNKNOWN_OUTCOME_HINT = "the change may or may not have been applied; {where} before retrying"


class ErrorContext(Record):
    """What a message needs to be useful: where Jira is and how it is authenticated."""

    server_url: str
    read_timeout: float
    auth_kind: str | None  # "basic" (Cloud email + token) or "token" (Server PAT)


def jira_messages(exc: BaseException) -> list[str]:
    """Jira's own error texts from a JIRAError: errorMessages, then field errors."""
    data: Any = None
    response = getattr(exc, "response", None)
    page = _html_page(exc)
    if page is not None:  # a gateway's or proxy's page: its <title>, never the markup
        return [page] if page else []
    if response is not None:
        try:
            data = response.json()
        except ValueError:
            data = None
    if data is None:
        text = getattr(exc, "text", None)
        if isinstance(text, str) and text.strip():
            try:
                data = json.loads(text)
            except ValueError:
                return [one_line(text, _MAX_MESSAGE)]
    messages: list[str] = []
    if isinstance(data, dict):
        raw_messages = data.get("errorMessages") or []
        if isinstance(raw_messages, list):
            messages.extend(one_line(str(m), _MAX_MESSAGE) for m in raw_messages if m)
        errors = data.get("errors") or {}
        if isinstance(errors, dict):
            messages.extend(
                one_line(f"{field}: {text}", _MAX_MESSAGE) for field, text in errors.items()
            )
        for key in ("message", "errorMessage"):
            if not messages and isinstance(data.get(key), str):
                messages.append(one_line(data[key], _MAX_MESSAGE))
    return messages


def _html_page(exc: BaseException) -> str | None:
    """The <title> of an HTML error page ("" if it has none); None when the body is not HTML."""
    response = getattr(exc, "response", None)
    content_type = str(getattr(response, "headers", {}).get("Content-Type", "")).lower()
    text = getattr(exc, "text", None)
    if not isinstance(text, str) or not text.strip():
        try:
            text = response.text if response is not None else ""
        except Exception:  # an undecodable body is no message either
            text = ""
    assert isinstance(text, str)
    start = text.lstrip()[:200].lower()
    if "html" not in content_type and not start.startswith(("<!doctype", "<html", "<head", "<")):
        return None
    found = _TITLE.search(text[:20_000])
    if not found:
        return ""
    import html  # only an HTML error page needs it (html.entities is large)

    return one_line(html.unescape(found.group(1)), _MAX_MESSAGE)


def translate(
    exc: BaseException,
    context: ErrorContext,
    *,
    subject: str | None = None,
    jql: str | None = None,
    write: bool = False,
) -> JiraChatError:
    """Map any python-jira/requests failure to a JiraChatError; `subject` names the issue."""
    if isinstance(exc, JiraChatError):
        return exc
    import requests

    where = f"check {subject} in Jira" if subject else "check Jira"
    if isinstance(exc, requests.exceptions.RequestException):
        error = _transport_error(exc, context)
        if write and not not_sent(exc):  # it left: it may have landed
            unknown = WriteOutcomeUnknownError(
                error.message, hint=UNKNOWN_OUTCOME_HINT.format(where=where)
            )
            # No answer (a timeout, a connection dropped mid-request): Jira may still be
            # working on it. A reply it could not parse means it has finished.
            unknown.may_still_land = not isinstance(exc, requests.exceptions.InvalidJSONError)
            return unknown
        return error
    status = getattr(exc, "status_code", None)
    if not isinstance(status, int):
        detail = "; ".join(jira_messages(exc)) or type(exc).__name__
        return JiraAccessError(f"talking to Jira failed: {detail}", hint="re-run with --debug")
    mapped = _http_error(exc, status, context, subject=subject, jql=jql)
    # A 5xx, or a 2xx whose body python-jira could not use (a create without a key): the
    # write may well have been applied.
    if write and (status >= 500 or status < 300) and isinstance(mapped, JiraAccessError):
        return WriteOutcomeUnknownError(
            mapped.message,
            status=status,
            jira_messages=mapped.jira_messages,
            hint=UNKNOWN_OUTCOME_HINT.format(where=where),
        )
    return mapped


def _transport_error(exc: BaseException, context: ErrorContext) -> JiraAccessError:
    import requests

    url = context.server_url
    if isinstance(exc, requests.exceptions.InvalidJSONError):
        if _html_page(exc) is None and not _answered_html(exc):
            return UnexpectedReplyError(
                "Jira's answer was not what jira-chat expected (its JSON was cut short or "
                "malformed)",
                hint="try again; if it persists, a proxy between you and Jira may be at fault",
            )
        return JiraAccessError(
            f"the server at {url} did not answer like Jira (no JSON)",
            hint="JIRA_URL should be the site's base URL, e.g. https://your-team.atlassian.net",
        )
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return JiraAccessError(
            f"cannot reach Jira at {url} (the connection timed out)",
            hint="check JIRA_URL and your network or VPN",
        )
    if isinstance(exc, requests.exceptions.Timeout):
        return JiraAccessError(
            f"Jira did not answer within {context.read_timeout:g} s",
            hint="Jira may be overloaded; try again in a moment",
        )
    if isinstance(exc, requests.exceptions.ConnectionError):
        return JiraAccessError(
            f"cannot reach Jira at {url}",
            hint="check JIRA_URL and your network; `jira-chat doctor` checks the connection",
        )
    return JiraAccessError(
        f"talking to Jira at {url} failed ({type(exc).__name__})", hint="re-run with --debug"
    )


def _answered_html(exc: BaseException) -> bool:
    """requests' JSONDecodeError carries the text it could not decode, not the response."""
    document = getattr(exc, "doc", None)
    return isinstance(document, str) and document.lstrip()[:1] == "<"


def _http_error(
    exc: BaseException,
    status: int,
    context: ErrorContext,
    *,
    subject: str | None,
    jql: str | None,
) -> JiraChatError:
    messages = jira_messages(exc)
    detail = f": {'; '.join(messages)}" if messages else ""
    if status == 400 and jql is not None:
        return JqlRejectedError(jql, messages)
    if status == 400:
        return JiraAccessError(
            f"Jira rejected the request{detail}",
            status=status,
            jira_messages=messages,
            hint="a field or value may not be allowed here (on this screen, project or "
            "issue type); check it in Jira",
        )
    if status == 401:
        variables = (
            "JIRA_PERSONAL_TOKEN"
            if context.auth_kind == "token"
            else "JIRA_USERNAME (your email) and JIRA_API_TOKEN"
        )
        return JiraAccessError(
            "Jira rejected the credentials (401)",
            status=status,
            jira_messages=messages,
            hint=f"check {variables}; `jira-chat doctor` shows what is configured",
        )
    if status == 403:
        return JiraAccessError(
            f"Jira refused this (403){detail}",
            status=status,
            jira_messages=messages,
            hint="your account may lack permission for this project or action",
        )
    if status == 404:
        what = f"{subject} does not exist or you cannot see it" if subject else None
        return JiraAccessError(
            what or f"Jira has no such resource (404){detail}",
            status=status,
            jira_messages=messages,
            hint="check the key, and that your account can browse the project",
        )
    if status == 429:
        attempts = getattr(exc, ATTEMPTS_ATTRIBUTE, 1)
        return JiraAccessError(
            f"Jira is rate limiting requests (429), still after {attempts} attempt(s)",
            status=status,
            jira_messages=messages,
            hint="wait a minute and try again",
        )
    if status >= 500:
        attempts = getattr(exc, ATTEMPTS_ATTRIBUTE, 1)
        tried = f", still after {attempts} attempts" if attempts > 1 else ""
        return JiraAccessError(
            f"Jira failed with a server error ({status}){tried}{detail}",
            status=status,
            jira_messages=messages,
            hint="Jira may be down or overloaded; try again later",
        )
    if status < 300:
        return UnexpectedReplyError(
            f"Jira's answer was not what jira-chat expected (a {status} without the data asked for)",
            status=status,
            hint="try again; if it persists, a proxy or an app between you and Jira may be at fault",
        )
    return JiraAccessError(
        f"Jira answered {status}{detail}",
        status=status,
        jira_messages=messages,
        hint="Jira refused the request; check the issue and your permissions in Jira",
    )


@contextmanager
def mapped_errors(
    context: ErrorContext,
    *,
    subject: str | None = None,
    jql: str | None = None,
    write: bool = False,
) -> Iterator[None]:
    """Run a block of python-jira calls; anything they raise leaves as a JiraChatError.

    `write` marks a block that changes Jira: a read timeout there leaves the outcome unknown.
    """
    try:
        yield
    except JiraChatError:
        raise
    except (AttributeError, TypeError, KeyError, IndexError) as exc:
        # python-jira building its resources from a reply of the wrong shape
        message = "Jira's answer was not what jira-chat expected"
        if write:
            where = f"check {subject} in Jira" if subject else "check Jira"
            raise WriteOutcomeUnknownError(
                message, hint=UNKNOWN_OUTCOME_HINT.format(where=where)
            ) from exc
        raise UnexpectedReplyError(
            f"{message} ({type(exc).__name__} reading its reply)", hint="re-run with --debug"
        ) from exc
    except Exception as exc:
        if not _is_jira_or_transport(exc):
            raise
        raise translate(exc, context, subject=subject, jql=jql, write=write) from None


def _is_jira_or_transport(exc: BaseException) -> bool:
    import requests
    from jira.exceptions import JIRAError

    return isinstance(exc, JIRAError | requests.exceptions.RequestException)
