"""The offline grammar as people see it: examples for help, the README and refusals.

One table, so the help text, the README's grammar and the "nearest form" of a refusal
cannot drift apart; every example in it is planned by a test.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

# (example, what it does); the first words of an example are how a refusal finds its form.
FORMS: tuple[tuple[str, str], ...] = (
    ("WEB-12", "show an issue"),
    ("jql: <query>", "run a JQL search"),
    ("my open bugs in WEB", "search: any mix of the parts below"),
    ("how many open bugs in OPS", "count a search"),
    ("high priority bugs assigned to alice updated this week", "search on several fields"),
    ("unassigned issues in the current sprint", "sprints: current, last, next, or by name"),
    ("what did I resolve last week", "dates: today, this week, last 7 days, since Monday…"),
    ("show WEB-12", "show an issue (or: show it, show the second one)"),
    ("create a bug in API: Refunds time out, high priority", "create (priority, label, assignee)"),
    ("close WEB-5 and WEB-6", "close, start or reopen issues"),
    ("move WEB-12 to In Progress", "change the status"),
    ("assign WEB-5 to alice and WEB-6 to jordan", "assign (to me, to nobody: unassign)"),
    ("set priority of WEB-4 to high", "set the priority"),
    ("add label security to API-2", "add (or remove … from) a label"),
    ("rename WEB-3 to New summary", "change the summary"),
    ("due date of WEB-3 to Friday", "set the due date"),
    ("comment on WEB-12: Deployed to staging", "add a comment"),
    ("assign WEB-5 to me and close it", "several steps; it/them = the issue(s) just named"),
    ("move all my in-review issues to Done", "bulk: one change to every issue a search finds"),
    ("assign all unassigned bugs in WEB to alice", "bulk: assign, label, priority, comment…"),
    ("WEB-1 blocks WEB-2", "link (also: link WEB-1 to WEB-2 as duplicates; unlink … from …)"),
    ("log 2h on OPS-3: pairing", "log work"),
    ("watch WEB-5", "watch (stop watching WEB-5)"),
    ("delete WEB-9", "delete an issue (you type its key to confirm)"),
    ("sprints in WEB", "list sprints (or: boards in WEB)"),
)
SEARCH_PARTS = (
    "types (bugs, stories, epics), statuses (open, done, in review), priorities (high "
    "priority), people (my, assigned to X, X's, unassigned, reported by X), projects (in WEB), "
    "labels (labelled x), components (in the Checkout component), sprints, dates, "
    "versions (fixed in 2.0, for version 2.0, affects 1.0), custom fields by name "
    "(story points over 3, team Payments)"
)


def nearest_form(text: str) -> str:
    """The example whose words are closest to what was typed (for the refusal hint)."""
    examples = [example for example, _ in FORMS[2:]]
    found = process.extractOne(text.lower(), [e.lower() for e in examples], scorer=fuzz.WRatio)
    return examples[found[2]] if found else examples[0]


def nearest_hint(text: str) -> str:
    """A refusal's hint: the closest form, and where everything else is possible."""
    return f"nearest form: {nearest_form(text)} (GEMINI_API_KEY: ask anything)"


def offline_hint() -> str:
    """Short enough for one line of an 80-column terminal, and promising only what exists."""
    return (
        'e.g. "my open bugs in WEB", "close WEB-5", "assign WEB-5 to me"; GEMINI_API_KEY: anything'
    )


# The offline grammar in brief: the REPL's /help prints it and the README shows the same block
# (tests/planning/test_offline.py checks they are equal).
OFFLINE_GRAMMAR = """\
request := search | show REF | listing | write ((and | then | ,) write)*
search  := [how many | count] part...     the parts combine freely, in any order:
  part  := my | I | assigned to WHO | WHO's | reported by WHO | unassigned
         | open | done | STATUS | PRIORITY [priority] | TYPE | in PROJECT [project]
         | labelled LABEL | LABEL | in the COMPONENT component | in SPRINT
         | in the current/last/next sprint | in the EPIC epic | overdue
         | updated/created/resolved/due DATE
         | fixed in V | [for] version V | fixVersion V | release V | V       (fixVersion)
         | affects [version] V | affecting V | found in V              (affectedVersion)
         | FIELD OP N | OP N FIELD | N [or more|or less] FIELD          (a number field)
         | FIELD [is [not]] VALUE | the VALUE FIELD | with FIELD | without [a] FIELD
  OP    := over | under | at least | at most | more/less than | > | >= | < | <= | =
  DATE  := today | yesterday | this/last/next week | this/last month | last N days
         | since Monday | in November | before Friday | 2026-12-04
write   := close|start|reopen REF | move|mark REF to|as STATUS | assign REF to WHO
         | unassign REF | take REF | set priority of REF to PRIORITY
         | add|remove label L to|from REF | tag REF with L | rename REF to TEXT
         | due date of REF to DATE | comment on REF: TEXT
         | create a TYPE in PROJECT: TEXT[, FIELD]...
         | link REF to REF [as TYPE] | REF blocks|duplicates|relates to REF
         | unlink REF from REF | log 2h on REF[: TEXT] | watch|unwatch REF | delete REF
         | set [the] NAME of REF to VALUE (any field by its name) | attach PATH to REF
  FIELD := PRIORITY priority | priority PRIORITY | assigned to WHO | label L
  REF   := WEB-12 [and WEB-13] | it | them | both | those | the second one | #3
bulk    := close|start|reopen ALL | move|mark ALL to|as STATUS | assign ALL to WHO
         | unassign ALL | take ALL | set the priority of ALL to PRIORITY
         | add|remove label L to|from ALL | tag ALL with L | comment on ALL: TEXT
         | move|add ALL to the current sprint | move|add ALL to sprint NAME
  ALL   := all|every [of] search | everything search      (one change to every issue found)
listing := sprints [in PROJECT] | boards [in PROJECT]"""
