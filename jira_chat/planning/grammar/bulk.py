"""Bulk writes: "<write verb> all|every <search phrase> …", one change to every issue found.

    close all open bugs in OPS assigned to me
    move all my in-review issues to Done          mark every … as done
    assign all unassigned bugs in WEB to alice    unassign all … / take all …
    add label triage to all bugs in API …         remove label x from all … / tag all … with x
    set the priority of all … to high             comment on all …: text
    move all my to do issues in WEB to the current sprint

The selection is read by the search grammar (grammar/search) so the JQL is exactly what the
words say; the change's value by the same rules as a single write (grammar/values). The plan
is one `bulk_change`: the executor previews every matched issue, asks once, and refuses more
than BULK_DEFAULT_MAX issues unless `--max` says otherwise. A selection or a change that is
not fully understood is refused with the nearest bulk form, never narrowed or widened.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from jira_chat.errors import UsageError
from jira_chat.planning.grammar import creating
from jira_chat.planning.grammar.search import SearchParser
from jira_chat.planning.grammar.values import (
    labels_named,
    person_named,
    priority_named,
    status_for_category,
    status_named,
    text_of,
)
from jira_chat.planning.grammar.writes import ASSIGN_VERBS, CLOSE_VERBS, MOVE_VERBS
from jira_chat.planning.linking import Linker, Token
from jira_chat.planning.references import Chooser

ActionDict = dict[str, Any]

ALL_WORDS = frozenset({"all", "every", "everything"})
BULK_FORMS = (
    "close all open bugs in OPS assigned to me",
    "move all my in-review issues to Done",
    "assign all unassigned bugs in WEB to alice",
    "add label triage to all bugs in API",
    "set the priority of all open bugs in WEB to high",
)
# "close them all", "assign all of those to me": the issues last shown, not a search.
_REFERENCE_AFTER = frozenset({"them", "those", "these", "both", "shown"})
_LEADING = frozenset({"please", "now", "also", "ok", "okay"})
_LABEL_WORDS = frozenset({"label", "labels", "tag", "tags", "the"})
_PRIORITY_HEADS = (("priority", "of"), ("the", "priority", "of"), ("priorities", "of"),
                   ("the", "priorities", "of"))  # fmt: skip
_TARGET_CUTS = frozenset({"to", "as", "into"})


def bulk_start(tokens: list[Token]) -> int | None:
    """Where "all"/"every" opens a searched selection in a write request; None when it does
    not (no such word, a key named before it, "them all", or inside free text)."""
    if creating.is_create(tokens):
        return None
    for index, token in enumerate(tokens):
        if token.text == ":" or token.is_key:
            return None
        if token.low not in ALL_WORDS or token.quoted or index == 0:
            continue
        after = [t.low for t in tokens[index + 1 : index + 4] if t.low not in ("of", "the")]
        before = tokens[index - 1].low
        if (after and after[0] in _REFERENCE_AFTER) or before in _REFERENCE_AFTER or not after:
            return None
        return index
    return None


class BulkParser:
    """One bulk clause: the verb and its value around the selection that `at` opens."""

    def __init__(
        self,
        tokens: list[Token],
        at: int,
        linker: Linker,
        *,
        text: str,
        today: dt.date,
        default_project: str | None,
        choose: Chooser | None = None,
    ) -> None:
        self.text = text
        lead = 0
        while lead < at and tokens[lead].low in _LEADING:
            lead += 1
        self.verb = tokens[lead].low
        self.head = tokens[lead + 1 : at]  # between the verb and "all"
        self.tail = tokens[at + 1 :]  # the selection, then maybe "to <value>"
        self.everything = tokens[at].low == "everything"
        self.linker = linker
        self.today = today
        self.default_project = default_project
        self.choose = choose

    def parse(self) -> list[ActionDict]:
        selection, change = self._change()
        return [
            {"action": "bulk_change", "parameters": {"jql": self._jql(selection), "change": change}}
        ]

    # --- the change --------------------------------------------------------------------------
    def _change(self) -> tuple[list[Token], ActionDict]:
        verb, head = self.verb, [t.low for t in self.head]
        if verb in CLOSE_VERBS and head in (
            [],
            ["work", "on"],
            ["working", "on"],
            ["progress", "on"],
        ):
            status = status_for_category(CLOSE_VERBS[verb], self.linker)
            return self.tail, _change("transition_issue", status=status)
        if verb == "unassign" and not head:
            return self.tail, _change("assign_issue", assignee="none")
        if verb == "take" and not head:
            return [t for t in self.tail if t.low != "over"], _change("assign_issue", assignee="me")
        if verb in ASSIGN_VERBS and not head:
            selection, target = self._cut(("to",))
            return selection, _change(
                "assign_issue", assignee=person_named(text_of(target), self.linker)
            )
        if verb in ("add", "remove", "drop", "label", "tag", "untag") and (head or verb != "add"):
            return self._labels(verb, head)
        if verb in ("set", "change") and tuple(head) in _PRIORITY_HEADS:
            selection, target = self._cut(("to",))
            return selection, self._priority(target)
        if verb == "comment" and head in ([], ["on"], ["to"]):
            return self._comment()
        if verb in (*MOVE_VERBS, "add") and not head:
            selection, target = self._cut(_TARGET_CUTS)
            if any(t.low == "sprint" for t in target):  # "move all … to the current sprint"
                sprint = creating.sprint_named(target, cast(Any, self))
                return selection, _change("update_issue", sprint=sprint)
            if verb == "add":
                raise self._refusal(text_of(self.tail))
            if any(t.low == "priority" for t in target):
                return selection, self._priority(target)
            return selection, _change("transition_issue", status=self._status(target))
        raise self._refusal(text_of(self.head) or self.verb)

    def _cut(self, words: tuple[str, ...] | frozenset[str]) -> tuple[list[Token], list[Token]]:
        """The selection and the value after the *last* cut word: "assigned to bob to alice"."""
        for index in range(len(self.tail) - 1, 0, -1):
            if self.tail[index].low in words:
                return self.tail[:index], self.tail[index + 1 :]
        raise self._refusal(text_of(self.tail))

    def _labels(self, verb: str, head: list[str]) -> tuple[list[Token], ActionDict]:
        removing = verb in ("remove", "drop", "untag")
        if verb in ("label", "tag", "untag") and not head:  # "tag all bugs in WEB with x"
            selection, names = self._cut(("with", "as"))
        else:
            joint = "from" if removing else "to"
            if not head or head[-1] != joint or not any(w in _LABEL_WORDS - {"the"} for w in head):
                raise self._refusal(text_of(self.head) or verb)
            selection, names = self.tail, [t for t in self.head[:-1] if t.low not in _LABEL_WORDS]
        labels = labels_named(names)
        return selection, _change(
            "update_issue", **{"labels_remove" if removing else "labels_add": labels}
        )

    def _priority(self, target: list[Token]) -> ActionDict:
        value = [t for t in target if t.low != "priority"]
        return _change("update_issue", priority=priority_named(text_of(value), self.linker))

    def _status(self, target: list[Token]) -> str:
        typed = text_of(target)
        status = status_named(typed, self.linker)
        known = {s.name for s in self.linker.metadata.statuses} if self.linker.metadata else set()
        if known and status not in known:
            raise UsageError(
                f"'{typed}' is not a status in this Jira",
                hint=f"statuses: {', '.join(sorted(known))}",
            )
        return status

    def _comment(self) -> tuple[list[Token], ActionDict]:
        colon = next((i for i, t in enumerate(self.tail) if t.text == ":"), None)
        if colon is None:
            raise self._refusal(text_of(self.tail), "comment on all my in-review issues: Released")
        body = self.text[self.tail[colon].end :].strip()
        if not body:
            raise UsageError(
                "the comment is empty", hint="e.g. comment on all my open bugs: Released"
            )
        return self.tail[:colon], _change("add_comment", body=body)

    # --- the selection -----------------------------------------------------------------------
    def _jql(self, selection: list[Token]) -> str:
        words = [t for t in selection if t.low not in ("of", "the")]
        if any(t.is_key for t in words):
            raise self._refusal(text_of(selection))
        slots = SearchParser(words, self.linker, self.today, self.choose).parse()
        if slots.unknown:
            unknown = " ".join(slots.unknown)
            raise UsageError(
                f"offline mode did not understand {unknown!r} in the issues to change "
                f"({text_of(selection)!r}); nothing was changed",
                hint=f"nearest form: {nearest_bulk_form(self.text)} (GEMINI_API_KEY: ask anything)",
            )
        if slots.count:
            raise self._refusal(text_of(selection))
        if not slots.filled:
            raise UsageError(
                f"say which issues to change: {text_of(selection) or 'all'!r} would be every issue",
                hint=f"narrow it like a search, e.g. {BULK_FORMS[1]!r}",
            )
        return slots.jql(self.default_project if not slots.project else None)

    def _refusal(self, part: str, nearest: str | None = None) -> UsageError:
        shown = part if len(part) <= 60 else part[:59] + "…"
        return UsageError(
            f"offline mode did not understand {shown!r} in a change to several issues; "
            "nothing was changed",
            hint=f"nearest form: {nearest or nearest_bulk_form(self.text)} "
            "(GEMINI_API_KEY: ask anything)",
        )


def nearest_bulk_form(text: str) -> str:
    from rapidfuzz import fuzz, process

    found = process.extractOne(text.lower(), [f.lower() for f in BULK_FORMS], scorer=fuzz.WRatio)
    return BULK_FORMS[found[2]] if found else BULK_FORMS[0]


def _change(action: str, **parameters: Any) -> ActionDict:
    return {"action": action, "parameters": parameters}
