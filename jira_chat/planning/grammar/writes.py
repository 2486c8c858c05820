"""Write requests as clauses: "assign WEB-5 to me and close it" is two clauses, in order.

A request is split at "and", "then", commas and semicolons, up to the first clause that
ends in free text (a comment, a new summary, a created issue), which keeps the rest. A
clause without a verb borrows the previous one ("assign WEB-5 to alice and WEB-6 to
jordan"); a clause of keys alone extends it ("close WEB-5 and WEB-6"). "it", "both" and
"them" mean what the previous clause acted on; "it" after several issues is refused
(planning/references.py), never a guess.

Each clause form is a verb followed by slots; the plan is emitted as dicts and validated
by the plan schema, so an action the schema does not know yet is refused by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from jira_chat.errors import UsageError
from jira_chat.planning.actions.bulk_change import fold_into_bulk
from jira_chat.planning.grammar import creating, field_writes, more
from jira_chat.planning.grammar.values import (
    day_named,
    labels_named,
    person_named,
    priority_named,
    status_for_category,
    status_named,
    text_of,
    unquote,
)
from jira_chat.planning.linking import Linker, Token
from jira_chat.planning.references import resolve_in_request

ActionDict = dict[str, Any]

CLOSE_VERBS = {"close": "done", "resolve": "done", "finish": "done", "complete": "done",
               "start": "indeterminate", "begin": "indeterminate", "reopen": "new"}  # fmt: skip
MOVE_VERBS = frozenset({"move", "transition", "send", "put", "mark", "set", "change", "bump",
                        "make", "raise", "lower", "push"})  # fmt: skip
ASSIGN_VERBS = frozenset({"assign", "reassign", "give", "hand"})
FREE_TEXT_VERBS = frozenset({"comment", "rename", "retitle", "create", "new", "file", "log",
                             "leave", "note", "write", "reply"})  # fmt: skip
WRITE_STARTS = (
    frozenset(CLOSE_VERBS) | MOVE_VERBS | ASSIGN_VERBS | FREE_TEXT_VERBS
    | {"unassign", "add", "remove", "label", "tag", "untag", "take", "link", "unlink",
       "watch", "unwatch", "stop", "delete", "open", "raise", "due", "nobody", "drop",
       "attach"}
)  # fmt: skip
_SPLIT_WORDS = frozenset({"and", "then", ",", ";"})
_STARTS_FREE = (
    ("comment",), ("add", "a", "comment"), ("add", "comment"), ("leave", "a"), ("rename",),
    ("retitle",), ("change", "the", "title"), ("change", "the", "summary"), ("set", "the", "summary"),
    ("set", "the", "title"), ("change", "title"), ("set", "summary"), ("set", "title"),
    ("note", "on"), ("write", "on"), ("reply", "on"),
)  # fmt: skip


@dataclass
class Clause:
    """One verb with its issues; `tokens` are the clause's words after the verb."""

    verb: str
    keys: list[str]
    actions: list[ActionDict] = field(default_factory=list)


class WriteParser:
    def __init__(
        self, text: str, tokens: list[Token], linker: Linker, context: Any, today: dt.date,
        attached: str | None,
    ) -> None:  # fmt: skip
        self.text = text
        self.tokens = tokens
        self.linker = linker
        self.context = context
        self.today = today
        self.attached = attached
        self.previous: Clause | None = None
        self.choose: Any = None  # the REPL's picker, for "it" after several issues

    # --- splitting ---------------------------------------------------------------------------
    def parse(self) -> list[ActionDict]:
        actions: list[ActionDict] = []
        for segment in self._segments():
            clause = self._clause(segment)
            if clause is None:
                continue
            shown = list(getattr(self.context, "last_shown", []) or [])
            actions.extend(fold_into_bulk(clause.actions, shown))
            self.previous = clause
        return _merge_updates(actions)

    def _segments(self) -> list[list[Token]]:
        segments: list[list[Token]] = [[]]
        index = 0
        while index < len(self.tokens):
            token = self.tokens[index]
            if not segments[-1] and self._starts_free_text(index):
                segments[-1] = self.tokens[index:]
                break
            if token.low in _SPLIT_WORDS and not token.quoted and not self._in_key_list(index):
                if segments[-1]:
                    segments.append([])
                index += 1
                continue
            segments[-1].append(token)
            index += 1
        return [s for s in segments if s]

    def _in_key_list(self, index: int) -> bool:
        """ "WEB-5 and WEB-6": the "and" joins two keys of one clause, it splits nothing."""
        before = self.tokens[index - 1] if index > 0 else None
        after = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
        if after is not None and after.low in ("its", "their"):  # "delete X and its subtasks"
            return True
        return bool(before and after and before.is_key and after.is_key)

    def _starts_free_text(self, index: int) -> bool:
        words = tuple(t.low for t in self.tokens[index : index + 3])
        if creating.is_create(self.tokens[index:]):
            return True
        return any(words[: len(p)] == p for p in _STARTS_FREE) or (
            words[:1] == ("log",)
            and len(words) > 1
            and words[1][0].isdigit()
            and any(t.text == ":" for t in self.tokens[index:])  # a worklog comment follows
        )

    # --- one clause --------------------------------------------------------------------------
    def _clause(self, tokens: list[Token]) -> Clause | None:
        words = [t.low for t in tokens]
        if words[0] in ("please", "now", "also", "then", "and"):
            return self._clause(tokens[1:]) if len(tokens) > 1 else None
        if creating.is_create(tokens):
            return Clause("create", [], [creating.create_action(tokens, self)])
        verb = words[0]
        other = self._newer_actions(tokens, words)
        if other is not None:
            return other
        if verb in CLOSE_VERBS and not (verb == "start" and words[1:2] == ["working"]):
            rest = tokens[1:]
            if verb in ("start", "begin") and [t.low for t in rest[:2]] in (
                ["work", "on"],
                ["progress", "on"],
            ):
                rest = rest[2:]
            return self._transition(verb, rest, status_for_category(CLOSE_VERBS[verb], self.linker))
        if verb == "start" and words[1:3] == ["working", "on"]:
            return self._transition(
                verb, tokens[3:], status_for_category("indeterminate", self.linker)
            )
        if verb in ASSIGN_VERBS:
            return self._assign(tokens[1:])
        if verb == "unassign":
            return self._simple("assign", tokens[1:], lambda key: _assign(key, "none"))
        if verb == "take":
            rest = [t for t in tokens[1:] if t.low not in ("over",)]
            return self._simple("assign", rest, lambda key: _assign(key, "me"))
        if words[:2] == ["nobody", "should"] and "own" in words:  # "nobody should own X"
            rest = [
                t
                for t in tokens[words.index("own") + 1 :]
                if t.low not in ("anymore", "any", "more")
            ]
            return self._simple("assign", rest, lambda key: _assign(key, "none"))
        if verb in ("add", "move", "put") and "sprint" in words and "to" in words[1:]:
            cut = words.index("to")
            sprint = creating.sprint_named(tokens[cut + 1 :], self)
            return self._simple("sprint", tokens[1:cut], lambda key: _update(key, sprint=sprint))
        if verb in ("set", "change", "put", "move") and _names_parent(words):
            return self._parent(tokens, words)
        if verb in ("add", "remove", "label", "tag", "untag", "drop"):
            return self._labels(tokens)
        if verb in ("comment", "leave", "note", "write", "reply") or words[:2] == ["add", "a"]:
            return self._comment(tokens)
        if verb in ("rename", "retitle") or (verb in ("change", "set") and _names_summary(words)):
            return self._rename(tokens)
        if verb in MOVE_VERBS or verb == "due":
            return self._set_something(tokens)
        if self.previous is not None and any(t.is_key for t in tokens[:1]):
            return self._borrow(tokens)
        if words[0] in ("it", "them", "both") and self.previous is not None:
            return self._borrow(tokens)
        raise _not_understood(text_of(tokens))

    def _newer_actions(self, tokens: list[Token], words: list[str]) -> Clause | None:
        """Links, worklogs, watchers and deletion (grammar/more)."""
        verb = words[0]
        if verb == "link" or (tokens[0].is_key and more.link_between(tokens) is not None):
            actions = more.link_clause(tokens, self)
        elif verb == "unlink":
            actions = more.unlink_clause(tokens, self)
        elif verb == "log" and len(words) > 1 and words[1][:1].isdigit():
            actions = more.worklog_clause(tokens, self)
        elif verb == "watch":
            actions = more.watch_clause(tokens, self, stop=False)
        elif verb == "unwatch" or words[:2] == ["stop", "watching"]:
            actions = more.watch_clause(tokens, self, stop=True)
        elif verb == "delete":
            actions = more.delete_clause(tokens, self)
        elif verb == "attach":
            actions = field_writes.attach_clause(tokens, self)
        elif field_writes.is_field_clause(words):
            actions = field_writes.field_clause(tokens, self)
        else:
            return None
        keys = [str(a["parameters"]["key"]) for a in actions]
        return Clause(verb, keys, actions)

    def _borrow(self, tokens: list[Token]) -> Clause | None:
        previous = self.previous
        assert previous is not None
        return self._clause([Token(previous.verb, 0, 0), *tokens])

    def refs(self, tokens: list[Token]) -> list[str]:
        """The issues a phrase names: keys, or it/them/both/the second one/those."""
        phrase = text_of(tokens)
        before = self.previous.keys if self.previous is not None else None
        return resolve_in_request(phrase, self.context, before, self.choose)

    # --- forms -------------------------------------------------------------------------------
    def _simple(self, verb: str, ref: list[Token], build: Any) -> Clause:
        keys = self.refs(ref)
        return Clause(verb, keys, [build(key) for key in keys])

    def _transition(self, verb: str, ref: list[Token], status: str) -> Clause:
        clause = self._simple(verb, ref, lambda key: _transition(key, status))
        return clause

    def _assign(self, tokens: list[Token]) -> Clause:
        words = [t.low for t in tokens]
        if "to" not in words:
            raise _not_understood(f"assign {text_of(tokens)}", "assign WEB-12 to alice")
        cut = len(words) - 1 - words[::-1].index("to")
        who = person_named(text_of(tokens[cut + 1 :]), self.linker)
        clause = self._simple("assign", tokens[:cut], lambda key: _assign(key, who))
        return clause

    def _labels(self, tokens: list[Token]) -> Clause:
        words = [t.low for t in tokens]
        verb = words[0]
        removing = verb in ("remove", "untag", "drop")
        joint = "from" if removing else ("to" if verb == "add" else "with")
        if verb in ("label", "tag", "untag"):  # "tag API-2 with security", "label X as y"
            cut = next((i for i, w in enumerate(words) if w in ("with", "as")), None)
            if cut is None:
                raise _not_understood(text_of(tokens), "add label security to API-2")
            keys, names = tokens[1:cut], tokens[cut + 1 :]
        else:
            if joint not in words:
                raise _not_understood(text_of(tokens), "add label security to API-2")
            cut = words.index(joint)
            names = [t for t in tokens[1:cut] if t.low not in ("the", "label", "labels", "tag")]
            keys = tokens[cut + 1 :]
            if not any(w in ("label", "labels", "tag") for w in words[:cut]):
                raise _not_understood(text_of(tokens), "add label security to API-2")
        labels = labels_named(names)
        field_name = "labels_remove" if removing else "labels_add"
        return self._simple(verb, keys, lambda key: _update(key, **{field_name: labels}))

    def _comment(self, tokens: list[Token]) -> Clause:
        start = tokens[0].start
        rest = self.text[start:]
        split = _free_text_split(rest)
        if split is None:
            raise _not_understood(rest, "comment on WEB-12: Deployed to staging")
        head, body = split
        head_tokens = [t for t in tokens if t.start - start < len(head)]
        ref = [t for t in head_tokens if t.low not in _COMMENT_WORDS]
        body = body.strip()
        if not body:
            raise UsageError("the comment is empty", hint="e.g. comment on WEB-12: Deployed")
        return self._simple("comment", ref, lambda key: _action("add_comment", key=key, body=body))

    def _rename(self, tokens: list[Token]) -> Clause:
        start = tokens[0].start
        rest = self.text[start:]
        words = [t.low for t in tokens]
        if "to" not in words:
            raise _not_understood(rest, "rename WEB-3 to New summary")
        cut = words.index("to")
        summary = unquote(self.text[tokens[cut].end :])
        ref = [t for t in tokens[1:cut] if t.low not in _RENAME_WORDS]
        if not summary:
            raise UsageError("the new summary is empty", hint="e.g. rename WEB-3 to New summary")
        return self._simple("rename", ref, lambda key: _update(key, summary=summary))

    def _set_something(self, tokens: list[Token]) -> Clause:
        """move/mark/set/bump …: a status, a priority or a due date, by the words used."""
        words = [t.low for t in tokens]
        if "priority" in words:
            return self._priority(tokens, words)
        if "due" in words:
            return self._due(tokens, words)
        cut = next(
            (i for i, w in enumerate(words) if w in ("to", "as", "into", "in") and i > 1), None
        )
        if cut is None:
            raise _not_understood(text_of(tokens), "move WEB-12 to In Progress")
        ref = [t for t in tokens[1:cut] if t.low not in ("the", "status", "of")]
        status = status_named(text_of(tokens[cut + 1 :]), self.linker)
        return self._transition(words[0], ref, status)

    def _parent(self, tokens: list[Token], words: list[str]) -> Clause:
        """ "set the epic of WEB-5 to WEB-2", "put WEB-5 under WEB-2"."""
        cut = words.index("under") if "under" in words else words.index("to")
        ref = [t for t in tokens[1:cut] if t.low not in ("the", "parent", "epic", "of")]
        target = [t.text.upper() for t in tokens[cut + 1 :] if t.is_key]
        if len(target) != 1:
            raise _not_understood(text_of(tokens), "set the epic of WEB-5 to WEB-2")
        return self._simple("parent", ref, lambda key: _update(key, parent=target[0]))

    def _priority(self, tokens: list[Token], words: list[str]) -> Clause:
        at = words.index("priority")
        if "to" in words:  # set the priority of WEB-4 to high / bump WEB-4 to highest priority
            cut = words.index("to")
            value = [t for t in tokens[cut + 1 :] if t.low != "priority"]
            ref = [t for t in tokens[1:cut] if t.low not in ("the", "priority", "of", "'s")]
        elif words[0] == "make":  # make WEB-4 high priority
            value, ref = tokens[at - 1 : at], tokens[1 : at - 1]
        else:
            raise _not_understood(text_of(tokens), "set priority of WEB-4 to high")
        priority = priority_named(text_of(value), self.linker)
        return self._simple("prioritize", ref, lambda key: _update(key, priority=priority))

    def _due(self, tokens: list[Token], words: list[str]) -> Clause:
        if "to" in words:  # (set the) due date of WEB-3 to Friday
            cut = words.index("to")
            ref, when = tokens[:cut], tokens[cut + 1 :]
        else:  # WEB-3 due Friday / make WEB-3 due Friday
            cut = words.index("due")
            ref, when = tokens[:cut], tokens[cut + 1 :]
        ref = [t for t in ref if t.low not in _DUE_WORDS]
        day = day_named(when, self.today)
        return self._simple("due", ref, lambda key: _update(key, due_date=day.isoformat()))


_COMMENT_WORDS = frozenset({"comment", "add", "a", "on", "to", "leave", "note", "write", "reply",
                            "saying", "that", "with", "the"})  # fmt: skip
_RENAME_WORDS = frozenset({"rename", "retitle", "change", "set", "the", "title", "summary", "name",
                           "of", "'s"})  # fmt: skip
_DUE_WORDS = frozenset({"set", "change", "move", "make", "the", "due", "date", "of", "duedate"})


def _names_parent(words: list[str]) -> bool:
    if "under" in words:
        return True
    head = words[: words.index("to")] if "to" in words else []
    return any(w in ("parent", "epic") for w in head)


def _names_summary(words: list[str]) -> bool:
    head = words[: words.index("to")] if "to" in words else words
    return any(w in ("title", "summary", "name") for w in head)


def _free_text_split(text: str) -> tuple[str, str] | None:
    """ "comment on WEB-4: fixed" → ("comment on WEB-4", "fixed"); also "… saying fixed"."""
    colon = text.find(":")
    saying = text.lower().find(" saying ")
    candidates = [(colon, 1), (saying, len(" saying "))]
    found = [(at, size) for at, size in candidates if at >= 0]
    if not found:
        return None
    at, size = min(found)
    return text[:at], text[at + size :]


def _action(name: str, **parameters: Any) -> ActionDict:
    return {"action": name, "parameters": parameters}


def _transition(key: str, status: str) -> ActionDict:
    return _action("transition_issue", key=key, status=status)


def _assign(key: str, who: str) -> ActionDict:
    return _action("assign_issue", key=key, assignee=who)


def _update(key: str, **fields: Any) -> ActionDict:
    return _action("update_issue", key=key, **fields)


def _merge_updates(actions: list[ActionDict]) -> list[ActionDict]:
    """Two update_issue of one issue that touch different fields become one action."""
    merged: list[ActionDict] = []
    for action in actions:
        if action["action"] == "update_issue":
            same = next(
                (m for m in merged if m["action"] == "update_issue"
                 and m["parameters"]["key"] == action["parameters"]["key"]),
                None,
            )  # fmt: skip
            if same is not None and not set(same["parameters"]) & set(action["parameters"]) - {
                "key"
            }:
                same["parameters"].update(action["parameters"])
                continue
        merged.append(action)
    return merged


def _not_understood(text: str, nearest: str | None = None) -> UsageError:
    from jira_chat.planning.grammar.hints import nearest_form

    form = nearest or nearest_form(text)
    shown = text if len(text) <= 60 else text[:59] + "…"
    return UsageError(
        f"offline mode did not understand {shown!r}",
        hint=f"nearest form: {form} (GEMINI_API_KEY: ask anything)",
    )
