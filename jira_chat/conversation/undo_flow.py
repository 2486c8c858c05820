"""`jira-chat undo` and `/undo`: preview the inverse of a journaled plan, confirm, run it.

The same rules as any write: read-only mode refuses it first; nothing changes before the
preview and a yes (`--yes` in scripts; without a terminal and without `--yes`, exit 3).
Two more: a step whose issue changed after jira-chat's write (a conflict) runs only when the
person says so (`--overwrite` in scripts), and deleting an issue jira-chat created asks for
its key to be typed (`--delete KEY` in scripts). The undo's own writes are journaled too.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from jira_chat.conversation.interrupts import defer_interrupts
from jira_chat.errors import (
    ExitCode,
    JiraChatError,
    NotConfirmedError,
    ReadOnlyError,
    UsageError,
    WriteUnverifiedError,
)
from jira_chat.execution.journal import Journal, JournaledPlan, JournalEntry, new_plan_id
from jira_chat.execution.undo import UndoPlanner, UndoStep, journal_values

if TYPE_CHECKING:
    from jira_chat.conversation.assistant import Assistant
    from jira_chat.execution.records import WriteResult


def _short(value: object) -> str:
    from jira_chat.rendering.humanize import format_value

    text = " ".join(format_value(value).splitlines())
    return text if len(text) <= 50 else text[:49] + "…"


def find_plan(journal: Journal, plan_id: str | None) -> JournaledPlan:
    if plan_id:
        journaled = journal.find_plan(plan_id)
        if journaled is None:
            raise UsageError(
                f"no plan {plan_id!r} in the journal", hint="`jira-chat log` lists the plan ids"
            )
        undone = journal.undone_by(journaled.plan)
        if undone is not None:
            raise UsageError(
                f"plan {journaled.plan} was already undone (by plan {undone.plan})",
                hint="`jira-chat log` shows both",
            )
        return journaled
    journaled = journal.last_undoable()
    if journaled is None:
        raise UsageError(
            "there is nothing to undo: the journal has no write that was not undone yet",
            hint="`jira-chat log` lists what jira-chat changed",
        )
    return journaled


def run_undo(
    assistant: Assistant,
    plan_id: str | None = None,
    *,
    overwrite: bool = False,
    delete: Collection[str] = (),
) -> ExitCode:
    settings, output = assistant.settings, assistant.output
    if settings.read_only:
        raise ReadOnlyError(
            f"read-only mode ({settings.read_only_setting}): refusing to undo (it changes Jira)",
            hint="turn the setting off to undo",
        )
    journal = Journal.in_home(settings.home)
    journaled = find_plan(journal, plan_id)
    with output.status("Checking with Jira…"):
        steps = UndoPlanner(assistant.service).steps(journaled)
    output.info(
        f"Undo plan {journaled.plan} ({journaled.time:%Y-%m-%d %H:%M}): {journaled.request}"
    )
    for step in steps:
        for conflict in step.conflicts:
            output.warn(
                f"conflict: {step.key} changed after jira-chat's write: {conflict.field} was set "
                f"to {_short(conflict.ours)}, Jira now has {_short(conflict.now)}"
            )
        if step.impossible:
            output.warn(f"cannot undo {step.entry.action} on {step.key}: {step.impossible}")
    runnable = [s for s in steps if s.runnable]
    if not runnable:
        raise UsageError("nothing in that plan can be undone", hint="see the lines above")
    output.show_preview([s.preview for s in runnable if s.preview is not None])
    if assistant.dry_run:
        output.info("Dry run: nothing was changed.")
        return ExitCode.OK
    chosen = _choose_steps(assistant, runnable, overwrite=overwrite, delete=delete)
    if not chosen:
        output.info("Nothing was changed.")
        return ExitCode.NOT_CONFIRMED
    return _execute(assistant, journal, journaled, chosen)


def _choose_steps(
    assistant: Assistant, steps: list[UndoStep], *, overwrite: bool, delete: Collection[str]
) -> list[UndoStep]:
    """Ask once for the whole undo, then once per conflict and per created issue."""
    output = assistant.output
    prompter = None if assistant.yes else assistant.prompter
    if not assistant.yes and prompter is None:
        raise NotConfirmedError(
            "refusing to change Jira: nobody can confirm (stdin is not a terminal)",
            hint="scripts undo with `jira-chat undo --yes`; --dry-run only previews",
        )

    def ask(question: str) -> bool:
        assert prompter is not None
        with output.spinner_paused():
            return prompter.confirm(question)

    if prompter is not None:
        count = len(steps)
        question = "Undo this change?" if count == 1 else f"Undo these {count} changes?"
        if not ask(question):
            return []
    chosen: list[UndoStep] = []
    wanted_deletes = {key.upper() for key in delete}
    for step in steps:
        if step.conflicts:
            if prompter is not None:
                if not ask(f"{step.key} changed since; overwrite that change?"):
                    output.info(f"kept {step.key} as it is now")
                    continue
            elif not overwrite:
                output.warn(f"not undone: {step.key} changed since (--overwrite to undo anyway)")
                continue
        if step.deletes_issue:
            if prompter is not None:
                question = f"Type {step.key} to delete it (Enter keeps it):"
                with output.spinner_paused():
                    typed_ok = prompter.confirm_typed(question, step.key)
                if not typed_ok:
                    output.info(f"kept {step.key}")
                    continue
            elif step.key not in wanted_deletes:
                output.warn(f"not deleted: {step.key} (pass --delete {step.key} to delete it)")
                continue
        chosen.append(step)
    return chosen


def _execute(
    assistant: Assistant, journal: Journal, journaled: JournaledPlan, steps: list[UndoStep]
) -> ExitCode:
    output = assistant.output
    undo_plan = new_plan_id()
    request = f"undo plan {journaled.plan}"
    results: list[WriteResult] = []
    failed: list[str] = []
    interrupted = False
    for index, step in enumerate(steps):
        if interrupted:
            break
        with (
            defer_interrupts() as held,
            output.status(f"undoing {step.entry.action} on {step.key}…"),
        ):
            try:
                result = step.run()
            except WriteUnverifiedError as exc:
                _journal(journal, undo_plan, request, journaled, step, None, verified=False)
                failed.append(f"{step.key}: {exc.message}")
                continue
            except JiraChatError as exc:
                failed.append(f"{step.key}: {exc.message}")
                continue
        results.append(result)
        _journal(journal, undo_plan, request, journaled, step, result)
        interrupted = held.arrived and index < len(steps) - 1
    if results:
        output.show_outcomes(results)
    for line in failed:
        output.warn(f"not undone: {line}")
    if interrupted:
        rest = [f"{s.entry.action} on {s.key}" for s in steps[len(results) + len(failed) :]]
        output.warn("not done: " + "; ".join(rest))
        raise KeyboardInterrupt
    return ExitCode.FAILED if failed else ExitCode.OK


def _journal(
    journal: Journal,
    plan: str,
    request: str,
    journaled: JournaledPlan,
    step: UndoStep,
    result: WriteResult | None,
    *,
    verified: bool = True,
) -> None:
    before, after = journal_values(step, result) if result is not None else ({}, {})
    journal.append(
        JournalEntry(
            plan=plan,
            issue=step.key,
            action=result.action if result is not None else step.entry.action,
            before=before,
            after=after,
            request=request,
            undoes=journaled.plan,
            verified=verified,
        )
    )
