"""The sandbox's one exception: an HTTP error with Jira's body shape."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

NOT_FOUND_ISSUE = "Issue does not exist or you do not have permission to see it."


class ApiError(Exception):
    """Answered as `{"errorMessages": [...], "errors": {...}}` with `status`."""

    def __init__(
        self,
        status: int,
        messages: Sequence[str] = (),
        *,
        errors: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status}: {list(messages)} {dict(errors or {})}")
        self.status = status
        self.messages = list(messages)
        self.errors = dict(errors or {})
        self.headers = dict(headers or {})

    def body(self) -> dict[str, object]:
        return {"errorMessages": self.messages, "errors": self.errors}


def not_found(message: str = NOT_FOUND_ISSUE) -> ApiError:
    return ApiError(404, [message])
