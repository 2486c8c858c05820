"""A stand-in for the Assistant, for testing the REPL's own logic without Jira."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jira_chat.config import Settings
from jira_chat.errors import ExitCode, JiraChatError
from jira_chat.jira_access.records import (
    InstanceMetadata,
    ProjectMeta,
    SearchResult,
    StatusMeta,
    UserRef,
)
from jira_chat.planning.context import SessionContext
from jira_chat.rendering.output import Output, OutputFormat
from tests.rendering.records import issue

METADATA = InstanceMetadata(
    server_url="http://127.0.0.1:1",
    flavor="cloud",
    current_user=UserRef("u1", "Alice Nguyen"),
    projects=(ProjectMeta("WEB", "Website", "1"), ProjectMeta("OPS", "Operations", "2")),
    issue_types=("Bug", "Task"),
    statuses=(
        StatusMeta("To Do", "new"),
        StatusMeta("In Progress", "indeterminate"),
        StatusMeta("In Review", "indeterminate"),
        StatusMeta("Done", "done"),
    ),
    priorities=("High", "Medium", "Low"),
)


@dataclass
class FakeAssistant:
    output: Output = field(default_factory=lambda: Output.buffered(OutputFormat.PLAIN))
    context: SessionContext = field(default_factory=SessionContext)
    settings: Settings = field(default_factory=Settings)
    metadata_value: InstanceMetadata | None = METADATA
    requests: list[str] = field(default_factory=list)
    fail_with: BaseException | None = None

    def handle(self, text: str, *, attached: str | None = None) -> ExitCode:
        self.requests.append(text)
        if self.fail_with is not None:
            raise self.fail_with
        if text.startswith("jql:"):
            result = SearchResult(text[4:].strip(), (issue("WEB-1"), issue("WEB-2")), total=2)
            self.output.show_outcomes([result])
            self.context.remember_shown(["WEB-1", "WEB-2"])
        return ExitCode.OK

    def undo(self, plan_id: str | None = None) -> ExitCode:
        self.requests.append(f"/undo {plan_id or ''}".strip())
        return ExitCode.OK

    def metadata(self) -> InstanceMetadata | None:
        if isinstance(self.fail_with, JiraChatError):
            raise self.fail_with
        return self.metadata_value

    def cached_metadata(self) -> InstanceMetadata | None:
        return self.metadata_value

    def myself(self) -> UserRef:
        if isinstance(self.fail_with, JiraChatError):
            raise self.fail_with
        return METADATA.current_user

    def browse_url(self, key: str) -> str:
        return f"http://127.0.0.1:1/browse/{key}"


def when() -> dt.datetime:
    return dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
