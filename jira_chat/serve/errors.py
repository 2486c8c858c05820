"""Errors over HTTP: one JSON shape, the CLI's message and hint, a status from the exit code.

    {"error": {"status": 409, "code": "plan_stale", "message": "...", "hint": "...",
               "exit_code": 1, ...details}}

Mapping (README: "Serve over HTTP"): usage errors (exit 2) → 400; a declined write (exit 3) →
409; Jira rate limiting or unavailability (429/503 after the CLI's retries) and a Gemini quota →
503 with Retry-After; any other Jira or Gemini failure (exit 1) → 502. A bug is a 500 whose body
says only its type; the traceback goes to the server log, never to the client.
"""

from __future__ import annotations

from typing import Any

from jira_chat.errors import (
    AmbiguityError,
    ExitCode,
    JiraAccessError,
    JiraChatError,
    ModelError,
    NotConfirmedError,
    ResolutionError,
    UsageError,
    WriteUnverifiedError,
)

# When rate limited, clients are told to wait this long (Jira's own Retry-After is consumed
# by the CLI's retries, which already waited).
RETRY_AFTER_S = 30


class HttpProblem(Exception):
    """An error with its HTTP status, ready to be sent."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        hint: str | None = None,
        exit_code: int = int(ExitCode.FAILED),
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.hint = hint
        self.exit_code = exit_code
        self.details = dict(details or {})
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "exit_code": self.exit_code,
        }
        error.update(self.details)
        return {"error": error}


def usage(message: str, *, hint: str | None = None, code: str = "usage") -> HttpProblem:
    return HttpProblem(400, code, message, hint=hint, exit_code=int(ExitCode.USAGE))


def not_found(message: str, *, hint: str | None = None, code: str = "not_found") -> HttpProblem:
    return HttpProblem(404, code, message, hint=hint, exit_code=int(ExitCode.USAGE))


def conflict(
    message: str, *, hint: str | None = None, code: str, details: dict[str, Any] | None = None
) -> HttpProblem:
    return HttpProblem(
        409, code, message, hint=hint, exit_code=int(ExitCode.FAILED), details=details
    )


def too_large(message: str, *, hint: str | None = None) -> HttpProblem:
    return HttpProblem(413, "too_large", message, hint=hint, exit_code=int(ExitCode.USAGE))


def unauthorized() -> HttpProblem:
    return HttpProblem(
        401,
        "unauthorized",
        "missing or wrong bearer token",
        hint="send Authorization: Bearer <token> (JIRA_CHAT_SERVE_TOKEN, or the serve-token file "
        "in the data directory)",
        exit_code=int(ExitCode.USAGE),
        headers={"WWW-Authenticate": 'Bearer realm="jira-chat"'},
    )


def internal(exc: BaseException) -> HttpProblem:
    return HttpProblem(
        500,
        "internal",
        f"unexpected error ({type(exc).__name__})",
        hint="the server log has the details; please report it",
    )


def _rate_limited(exc: JiraChatError) -> bool:
    if isinstance(exc, JiraAccessError):
        return exc.status in (429, 503)
    return isinstance(exc, ModelError) and "rate limit" in exc.message


def problem_for(exc: JiraChatError) -> HttpProblem:
    """The HTTP form of a pipeline error: the same words the CLI prints."""
    exit_code = int(exc.exit_code)
    details: dict[str, Any] = {}
    if isinstance(exc, ResolutionError) and exc.choices:
        details["choices"] = list(exc.choices)
    if isinstance(exc, UsageError):
        code = "ambiguous" if isinstance(exc, AmbiguityError) else "usage"
        return HttpProblem(
            400, code, exc.message, hint=exc.hint, exit_code=exit_code, details=details
        )
    if isinstance(exc, NotConfirmedError):
        return HttpProblem(409, "not_confirmed", exc.message, hint=exc.hint, exit_code=exit_code)
    if _rate_limited(exc):
        if isinstance(exc, ModelError):
            code = "gemini_rate_limited"
        else:
            assert isinstance(exc, JiraAccessError)
            code = "jira_rate_limited" if exc.status == 429 else "jira_unavailable"
        return HttpProblem(
            503,
            code,
            exc.message,
            hint=exc.hint,
            exit_code=exit_code,
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )
    if isinstance(exc, WriteUnverifiedError):
        details["key"] = exc.key
        code = "write_unverified"
    elif isinstance(exc, JiraAccessError):
        code = "jira_failed"
        if exc.status is not None:
            details["jira_status"] = exc.status
    elif isinstance(exc, ModelError):
        code = "gemini_failed"
    else:
        code = "failed"
    return HttpProblem(502, code, exc.message, hint=exc.hint, exit_code=exit_code, details=details)
