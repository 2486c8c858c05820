"""`Record` behaves as `@dataclass(frozen=True)` does, at a fraction of the import cost."""

from __future__ import annotations

import dataclasses
from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from jira_chat.record import Record


class Issue(Record):
    key: str
    labels: tuple[str, ...] = ()
    refs: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class StdIssue:
    key: str
    labels: tuple[str, ...] = ()
    refs: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


def test_no_field_can_be_assigned_or_deleted_after_init() -> None:
    issue = Issue("WEB-1", ("ux",))
    with pytest.raises(FrozenInstanceError):
        issue.key = "WEB-2"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        issue.other = 1  # type: ignore[attr-defined]
    with pytest.raises(FrozenInstanceError):
        del issue.key  # type: ignore[misc]
    assert issue.key == "WEB-1"


def test_equality_hash_and_repr_match_a_frozen_dataclass() -> None:
    a, b = Issue("WEB-1", ("ux",), {"x": "1"}), Issue("WEB-1", ("ux",), {"x": "2"})
    std_a, std_b = StdIssue("WEB-1", ("ux",), {"x": "1"}), StdIssue("WEB-1", ("ux",), {"x": "2"})
    assert (a == b) is (std_a == std_b) is True  # compare=False fields are left out
    assert hash(a) == hash(b) and hash(std_a) == hash(std_b)
    assert a != Issue("WEB-2") and a != std_a  # another class is never equal
    assert repr(a) == repr(std_a).replace("StdIssue", "Issue")
    assert {a, b} == {a}


def test_the_dataclass_helpers_work_on_records() -> None:
    issue = Issue("WEB-1", ("ux",))
    assert dataclasses.is_dataclass(issue)
    assert dataclasses.replace(issue, key="WEB-2") == Issue("WEB-2", ("ux",))
    assert dataclasses.asdict(issue) == {"key": "WEB-1", "labels": ("ux",), "refs": {}}
    assert [f.name for f in dataclasses.fields(issue)] == ["key", "labels", "refs"]
