"""The journal file itself: private, append-only, grouped by plan, robust to a torn line."""

from __future__ import annotations

import stat
from pathlib import Path

from jira_chat.execution.journal import Journal, JournalEntry, new_plan_id


def _entry(plan: str, issue: str = "WEB-1", **kw: object) -> JournalEntry:
    return JournalEntry(
        plan=plan,
        issue=issue,
        action="assign_issue",
        before={"assignee": None},
        after={"assignee": "Sam Rivera"},
        request="assign WEB-1 to Sam",
        **kw,  # type: ignore[arg-type]
    )


def test_the_file_is_private_and_only_ever_appended(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "home" / "journal.jsonl")
    journal.append(_entry("p1"))
    first = journal.path.read_bytes()
    journal.append(_entry("p2", "WEB-2"))
    assert journal.path.read_bytes().startswith(first)
    assert stat.S_IMODE(journal.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(journal.path.parent.stat().st_mode) == 0o700
    assert [(e.plan, e.issue) for e in journal.entries()] == [("p1", "WEB-1"), ("p2", "WEB-2")]


def test_a_loosened_file_is_made_private_again(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    journal.path.write_text("")
    journal.path.chmod(0o644)
    journal.append(_entry("p1"))
    assert stat.S_IMODE(journal.path.stat().st_mode) == 0o600


def test_plans_group_entries_and_undo_skips_what_was_undone(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    journal.append(_entry("aaaa1111", "WEB-1"))
    journal.append(_entry("aaaa1111", "WEB-2"))
    journal.append(_entry("bbbb2222", "WEB-3"))
    plans = journal.plans()
    assert [(p.plan, len(p.entries)) for p in plans] == [("aaaa1111", 2), ("bbbb2222", 1)]
    last = journal.last_undoable()
    assert last is not None and last.plan == "bbbb2222"
    journal.append(_entry("cccc3333", "WEB-3", undoes="bbbb2222"))
    last = journal.last_undoable()
    assert last is not None and last.plan == "aaaa1111"
    found = journal.find_plan("aaaa")
    assert found is not None and found.plan == "aaaa1111"
    undone = journal.undone_by("bbbb2222")
    assert undone is not None and undone.plan == "cccc3333"


def test_a_torn_or_foreign_line_is_skipped_not_fatal(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    journal.append(_entry("p1"))
    with journal.path.open("a") as handle:
        handle.write('{"v": 1, "plan": "p2", "iss')  # a crash mid-write
    journal.append(_entry("p3"))
    assert [e.plan for e in journal.entries()] == ["p1", "p3"]


def test_missing_journal_reads_as_empty(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "nothing.jsonl")
    assert journal.plans() == []
    assert journal.last_undoable() is None
    assert len(new_plan_id()) == 8
