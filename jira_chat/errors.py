"""One small exception hierarchy, translated to a one-line message and exit code at the CLI.

Every error a user can see is a `JiraChatError`. Lower layers raise these (never print),
and the CLI boundary (`jira_chat.cli.state.run_guarded`) turns them into `error: <message>` plus an optional hint line
on stderr and the documented exit code. Tracebacks appear only with `--debug`.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum


class ExitCode(IntEnum):
    """Documented process exit codes (README: "Exit codes")."""

    OK = 0
    FAILED = 1  # an operation failed: Jira, Gemini, network, a write that did not land
    USAGE = 2  # bad flags, bad configuration, an invalid plan, an ambiguous name
    NOT_CONFIRMED = 3  # a write was declined, or refused without a TTY and without --yes
    INTERRUPTED = 130  # Ctrl-C outside the REPL


class JiraChatError(Exception):
    """Base class: `message` is one line; `hint` says what to do next."""

    exit_code: ExitCode = ExitCode.FAILED

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageError(JiraChatError):
    """The command line or its input is wrong."""

    exit_code = ExitCode.USAGE


class ConfigError(UsageError):
    """Configuration is missing or invalid (no Jira URL, no credentials, ...)."""


class PlanError(UsageError):
    """A plan failed validation: unknown action, unknown parameter, wrong type."""


class ResolutionError(UsageError):
    """A name in a plan does not exist in Jira (status, user, project, issue type...)."""

    def __init__(
        self,
        message: str,
        *,
        choices: Sequence[str] = (),
        hint: str | None = None,
        from_cache: bool = False,
    ) -> None:
        super().__init__(message, hint=hint)
        self.choices = list(choices)
        # True when the name was looked up in cached metadata, which may predate it.
        self.from_cache = from_cache


class FileInputError(UsageError):
    """A local file a plan names cannot be used: missing, unreadable, a directory, empty or
    over the attachment limit. Found before anything is sent."""


class AmbiguityError(ResolutionError):
    """A name matches more than one thing and there is no TTY to ask which one."""


class NotConfirmedError(JiraChatError):
    """A write was declined, or refused because nobody could be asked."""

    exit_code = ExitCode.NOT_CONFIRMED


class ReadOnlyError(NotConfirmedError):
    """A write was refused because read-only mode is on (before any question or request)."""


class OperationError(JiraChatError):
    """A remote operation failed."""

    exit_code = ExitCode.FAILED


class JiraAccessError(OperationError):
    """Jira answered with an error or could not be reached.

    `status` is the HTTP status (None for transport failures). `jira_messages` holds
    Jira's own errorMessages/errors, never request or response headers.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        jira_messages: Sequence[str] = (),
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.jira_messages = list(jira_messages)


class JqlRejectedError(JiraAccessError):
    """Jira rejected a search's JQL with a 400; the planner may repair it once."""

    def __init__(self, jql: str, jira_messages: Sequence[str]) -> None:
        detail = "; ".join(jira_messages) or "invalid JQL"
        super().__init__(
            f"Jira rejected the JQL: {detail}",
            status=400,
            jira_messages=jira_messages,
            hint=f"query was: {jql}",
        )
        self.jql = jql


class WriteOutcomeUnknownError(JiraAccessError):
    """A write met a 5xx, a timeout, a dropped connection or a broken reply: it may have
    landed. The executor reads the issue back before saying anything (execution/verify.py).

    `may_still_land`: Jira had not answered (a timeout), so it may still be working on it
    and a read back that does not show the change yet proves nothing.
    """

    may_still_land: bool = False


class UnexpectedReplyError(JiraAccessError):
    """Jira answered 2xx, but with a shape jira-chat cannot read (not JSON, wrong fields)."""


class WriteNotAppliedError(OperationError):
    """A write reported success but reading the issue back shows it did not land."""


class WriteUnverifiedError(OperationError):
    """A write was sent and accepted, but reading it back failed: it may well have landed.

    Never reported as "not done", so that nobody retries a create and makes a duplicate.
    """

    def __init__(self, key: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.key = key


class ModelError(OperationError):
    """Gemini failed: quota, server error, timeout, safety block, unusable output."""
