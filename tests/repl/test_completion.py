"""Completers, called directly with prompt-toolkit Documents."""

from __future__ import annotations

from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from jira_chat.conversation.completion import JiraChatCompleter
from jira_chat.conversation.repl import ReplSession
from tests.repl.fakes import FakeAssistant


def completer(assistant: FakeAssistant | None = None) -> tuple[JiraChatCompleter, ReplSession]:
    session = ReplSession(assistant or FakeAssistant())
    return (
        JiraChatCompleter(session.commands, metadata=session.metadata, seen_keys=session.seen_keys),
        session,
    )


def complete(comp: JiraChatCompleter, text: str) -> list[tuple[str, int]]:
    found = comp.get_completions(
        Document(text, len(text)), CompleteEvent(completion_requested=True)
    )
    return [(c.text, c.start_position) for c in found]


def texts(comp: JiraChatCompleter, text: str) -> list[str]:
    return [t for t, _ in complete(comp, text)]


def test_slash_commands_complete_by_prefix() -> None:
    comp, _ = completer()
    assert texts(comp, "/") == [
        "/help",
        "/jql",
        "/open",
        "/project",
        "/whoami",
        "/plan",
        "/undo",
        "/model",
        "/clear",
        "/quit",
    ]
    assert complete(comp, "/pr") == [("/project", -3)]
    assert texts(comp, "/p") == ["/project", "/plan"]
    assert texts(comp, "/zzz") == []


def test_slash_arguments_complete_project_keys_and_models() -> None:
    comp, _ = completer()
    assert complete(comp, "/project W") == [("WEB", -1)]
    assert texts(comp, "/project ") == ["WEB", "OPS"]
    assert "gemini-2.5-flash" in texts(comp, "/model gemini-2.5-f")


def test_open_completes_it_and_seen_issue_keys() -> None:
    comp, session = completer()
    session.handle_line("jql: project = WEB")
    assert texts(comp, "/open ") == ["it", "WEB-1", "WEB-2"]
    assert texts(comp, "/open web-2") == []  # already complete


def test_seen_issue_keys_complete_in_requests() -> None:
    comp, session = completer()
    assert texts(comp, "assign WEB-") == []
    session.handle_line("jql: project = WEB")
    assert complete(comp, "assign WEB-") == [("WEB-1", -4), ("WEB-2", -4)]
    assert texts(comp, "assign web-2") == []
    assert texts(comp, "show WEB") == ["WEB-1", "WEB-2"]


def test_keys_from_every_outcome_are_remembered_even_after_clear() -> None:
    assistant = FakeAssistant()
    comp, session = completer(assistant)
    session.handle_line("jql: project = WEB")
    session.handle_line("/clear")
    assert assistant.context.last_shown == []
    assert texts(comp, "WEB-") == ["WEB-1", "WEB-2"]


def test_project_keys_complete_from_metadata() -> None:
    comp, _ = completer()
    assert complete(comp, "open bugs in O") == [("OPS", -1)]
    assert texts(comp, "open bugs in w") == ["WEB"]
    assert texts(comp, "open bugs in x") == []


def test_statuses_complete_after_to() -> None:
    comp, _ = completer()
    assert complete(comp, "move WEB-3 to In Pr") == [("In Progress", -5)]
    assert texts(comp, "move WEB-3 to in") == ["In Progress", "In Review"]
    assert texts(comp, "move WEB-3 to ") == ["To Do", "In Progress", "In Review", "Done"]
    assert texts(comp, "move WEB-3 to Done") == []


def test_no_statuses_after_assign_to_where_a_person_is_meant() -> None:
    comp, _ = completer()
    assert texts(comp, "assign WEB-3 to ") == []
    assert texts(comp, "Reassign it to In") == []
    assert texts(comp, "move WEB-3 to In") == ["In Progress", "In Review"]


def test_nothing_from_metadata_when_jira_is_unreachable() -> None:
    comp, _ = completer(FakeAssistant(metadata_value=None))
    assert texts(comp, "move WEB-3 to In") == []
    assert texts(comp, "/project ") == []
    assert texts(comp, "/q") == ["/quit"]
