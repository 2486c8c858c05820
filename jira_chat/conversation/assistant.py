"""The assistant pipeline: request → plan → resolve → preview → confirm → execute → render.

Both `jira-chat ask` and the REPL go through `Assistant.handle`, so the safety rules live in
one place: nothing in Jira changes before the person has seen a preview and said yes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from jira_chat.conversation.interrupts import defer_interrupts
from jira_chat.errors import (
    ExitCode,
    JiraChatError,
    JqlRejectedError,
    NotConfirmedError,
    PlanError,
    WriteUnverifiedError,
)
from jira_chat.execution.bulk_records import BulkResult
from jira_chat.execution.noop import AlreadyResult
from jira_chat.execution.records import BoardList, Outcome, SprintList, WriteResult
from jira_chat.jira_access.records import IssueRecord, SearchResult

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from jira_chat.config import Settings
    from jira_chat.conversation.journaling import PlanJournal
    from jira_chat.conversation.prompter import Prompter
    from jira_chat.execution.executor import Executor, PreparedAction, PreparedPlan
    from jira_chat.jira_access.records import InstanceMetadata, UserRef
    from jira_chat.jira_access.service import JiraService
    from jira_chat.planning.base import Planner, PlanRequest
    from jira_chat.planning.context import SessionContext
    from jira_chat.planning.plan import Plan
    from jira_chat.rendering.output import Output


class Assistant:
    """One person's session with Jira; cheap to create, lazy about connecting."""

    def __init__(
        self,
        settings: Settings,
        output: Output,
        context: SessionContext,
        *,
        prompter: Prompter | None = None,
        yes: bool = False,
        dry_run: bool = False,
        yes_unrequested: bool = False,
        bulk_max: int | None = None,
    ) -> None:
        """`prompter` None: nobody can answer a question, so writes need `yes` (or dry_run)."""
        self.settings = settings
        self.output = output
        self.context = context
        self.prompter = prompter
        self.yes = yes
        self.dry_run = dry_run
        # --yes-unrequested: with piped data attached, --yes also applies writes to targets
        # the person never named (README "Security notes"); without it they are refused.
        self.yes_unrequested = yes_unrequested
        self._attached: str | None = None
        self.bulk_max = bulk_max  # None: the default cap of a bulk change
        self._service: JiraService | None = None
        self._planner: Planner | None = None
        self._planner_model: str | None = None

    # --- collaborators, created on first use --------------------------------------------
    @property
    def service(self) -> JiraService:
        if self._service is None:
            from jira_chat.jira_access.service import JiraService

            self._service = JiraService(self.settings)
        return self._service

    @property
    def planner(self) -> Planner:
        model = self.context.model or self.settings.model
        if self._planner is None or self._planner_model != model:
            from jira_chat.planning.base import make_planner

            self._planner = make_planner(self.settings.with_overrides(model=model))
            self._planner_model = model
        return self._planner

    def metadata(self) -> InstanceMetadata | None:
        """Cached instance metadata for grounding and completion; None when Jira is unreachable."""
        try:
            return self.service.metadata()
        except JiraChatError:
            return None

    def _check_default_project(self, metadata: InstanceMetadata | None) -> None:
        """--project / JIRA_DEFAULT_PROJECT must name a project, as a project in a request must:
        the same one-line error listing the projects, not Jira rejecting the JQL later."""
        from jira_chat.jira_access.names import matching_projects, no_project

        wanted = self.context.default_project
        if not wanted or metadata is None:
            return
        found = matching_projects(metadata.projects, wanted)
        if len(found) == 1:
            self.context.default_project = found[0].key  # a name given: use its key
            return
        raise no_project(
            wanted, metadata.projects, hint="fix --project KEY or JIRA_DEFAULT_PROJECT"
        )

    def cached_metadata(self) -> InstanceMetadata | None:
        """What this or an earlier run saved about this Jira, of any age, without a request."""
        return self.service.cached_metadata()

    def myself(self) -> UserRef:
        """Who Jira says the credentials belong to, asked now (the REPL's /whoami)."""
        return self.service.myself()

    def browse_url(self, key: str) -> str:
        return self.service.browse_url(key)

    # --- the pipeline -------------------------------------------------------------------
    def handle(
        self, text: str, *, attached: str | None = None, plan_only: bool = False
    ) -> ExitCode:
        """Answer one request. Raises JiraChatError subclasses; the caller shows them."""
        text = text.strip()
        if not text:
            return ExitCode.OK
        self._attached = attached
        plan, request = self.make_plan(text, attached)
        self.context.last_plan = plan
        if plan_only:
            self.output.show_plan(plan)
            return ExitCode.OK
        return self.run_plan(plan, request=request, text=text)

    def make_plan(self, text: str, attached: str | None = None) -> tuple[Plan, PlanRequest | None]:
        """The fast path (keys, `jql:`) needs no model; everything else asks the planner."""
        from jira_chat.planning.base import fast_path

        plan = fast_path(text, self.context)
        if plan is not None:  # a key or `jql:` says everything; piped context adds nothing
            return plan, None
        try:
            return self._ask_planner(text, attached)
        except ValueError as exc:  # a planner built an action the schema refuses
            raise PlanError(
                f"cannot make that request into a valid plan: {_plan_problem(exc)}",
                hint="rephrase it; summaries are one line of at most 255 characters",
            ) from None

    def _ask_planner(self, text: str, attached: str | None) -> tuple[Plan, PlanRequest | None]:
        from jira_chat.planning.base import PlanRequest

        if attached:  # say so: inside `while read` loops stdin is easy to swallow by accident
            size = len(attached.encode("utf-8"))
            self.output.info(f"Using {size} bytes from stdin as context (< /dev/null to avoid).")
        metadata = self.metadata()
        self._check_default_project(metadata)
        request = PlanRequest(
            text=text,
            context=self.context,
            metadata=metadata,
            today=dt.date.today(),
            attached=attached,
            choose=self._chooser(),
        )
        planner = self.planner
        with self.output.status("Planning…" if planner.name == "gemini" else "Reading…"):
            plan = planner.plan(request)
        return plan, (request if planner.name == "gemini" else None)

    def run_plan(
        self, plan: Plan, *, request: PlanRequest | None = None, text: str | None = None
    ) -> ExitCode:
        """Resolve, preview, confirm once, execute in order, and render what happened."""
        if not plan.actions:
            if plan.reply:
                self.output.show_reply(plan.reply)
            return ExitCode.OK
        executor, prepared = self.prepare(plan, text=text)
        if prepared.has_writes:
            verdict = self._confirm(prepared)
            if verdict is not None:
                outcome = "previewed only (dry run)" if self.dry_run else "declined"
                self.remember_proposal(prepared, text or "", outcome)
                return verdict
        outcomes = self.execute(executor, prepared, request=request, text=text or "")
        self.output.show_response(outcomes, plan.reply)
        self._explain_empty(outcomes)
        failed = any(isinstance(o, BulkResult) and o.failed for o in outcomes)
        return ExitCode.FAILED if failed else ExitCode.OK

    def undo(self, plan_id: str | None = None) -> ExitCode:
        """`/undo`: the inverse of the last plan (or `plan_id`), previewed and confirmed."""
        from jira_chat.conversation.undo_flow import run_undo

        return run_undo(self, plan_id)

    def refuse_if_read_only(self, plan: Plan) -> None:
        """Read-only mode refuses a plan with any write before Jira or the person is asked."""
        if not self.settings.read_only or not plan.writes:
            return
        from jira_chat.errors import ReadOnlyError

        names = ", ".join(dict.fromkeys(action.action for action in plan.writes))
        raise ReadOnlyError(
            f"read-only mode ({self.settings.read_only_setting}): refusing to change Jira ({names})",
            hint="reads work as usual; turn the setting off to make changes",
        )

    # The two halves of run_plan, for front ends that confirm later (`serve`): prepare and
    # preview now, execute only once the person has said yes.
    def prepare(self, plan: Plan, *, text: str | None = None) -> tuple[Executor, PreparedPlan]:
        """Resolve every name and build every preview; nothing in Jira changes.

        `text` is the request a planner read: writes to targets it never named are flagged.
        None (`apply`, the person's own plan) flags nothing."""
        self.refuse_if_read_only(plan)
        executor = self._executor()
        with self.output.status("Checking with Jira…"):
            prepared = executor.prepare(plan)
        if text is not None:
            prepared = self._flag_unrequested(prepared, text)
        return executor, prepared

    def execute(
        self,
        executor: Executor,
        prepared: PreparedPlan,
        *,
        request: PlanRequest | None = None,
        text: str = "",
    ) -> list[Outcome]:
        """Run a prepared plan that was confirmed (or needs no confirmation), and remember it."""
        outcomes = self._execute(executor, prepared, request, text)
        self._remember(text, outcomes)
        return outcomes

    def remember_proposal(self, prepared: PreparedPlan, text: str, outcome: str) -> None:
        """Remember a write that was not made, so "no, give it to Alice instead" has a referent."""
        proposed = "; ".join(a.describe() for a in prepared.actions if a.is_write)
        self.context.add_turn(text, f"proposed {proposed}; {outcome}")

    def _explain_empty(self, outcomes: list[Outcome]) -> None:
        """A search that found nothing because it named a label this Jira lacks says so."""
        for outcome in outcomes:
            if isinstance(outcome, SearchResult) and not outcome.issues:
                from jira_chat.planning.linking.grounding import unmatched_values

                for value in unmatched_values(outcome.jql, self.metadata()):
                    self.output.info(f"Nothing matched the label '{value}': no issue here uses it.")

    def _executor(self) -> Executor:
        from jira_chat.execution.executor import Executor
        from jira_chat.planning.limits import BULK_DEFAULT_MAX

        cap = self.bulk_max or BULK_DEFAULT_MAX
        return Executor(self.service, choose=self._chooser(), bulk_max=cap)

    def _chooser(self) -> Callable[[str, Sequence[str]], str | None] | None:
        """Asks the person to pick one of several; None when nobody can answer (scripts),
        so an ambiguous name (or "it" after a list) fails listing the choices."""
        prompter = self.prompter
        if prompter is None:
            return None

        def choose(question: str, options: Sequence[str]) -> str | None:
            with self.output.spinner_paused():  # the spinner of "Reading…"/"Checking…"
                return prompter.choose(question, options)

        return choose

    def _flag_unrequested(self, prepared: PreparedPlan, text: str) -> PreparedPlan:
        """Mark each write whose target the person never named nor was shown."""
        if not prepared.previews:
            return prepared  # no write to preview, so no target to flag
        from dataclasses import replace

        from jira_chat.conversation.requested import Known, unrequested
        from jira_chat.execution.executor import PreparedPlan
        from jira_chat.execution.records import ActionPreview
        from jira_chat.planning.actions._base import dump_parameters

        known = Known.gather(text, self.context)
        actions = []
        flagged: dict[int, ActionPreview] = {}  # id(old preview) -> the flagged one
        for action in prepared.actions:
            if action.is_write and action.preview is not None:
                values = dump_parameters(action.action.parameters, exclude_none=False)
                targets = unrequested(values, known)
                if targets:
                    marked = replace(action.preview, unrequested=targets)
                    flagged[id(action.preview)] = marked
                    action = replace(action, preview=marked)
            actions.append(action)
        previews = [flagged.get(id(p), p) for p in prepared.previews]
        return PreparedPlan(actions=actions, previews=previews)

    def _confirm(self, prepared: PreparedPlan) -> ExitCode | None:
        """Show the previews and ask once. None means: go ahead."""
        self.output.show_preview(prepared.previews, prepared.already)
        count = _change_count(prepared)
        if self.dry_run:
            self.output.info("Dry run: nothing was changed.")
            return ExitCode.OK
        flagged = [(p.action, p.unrequested) for p in prepared.previews if p.unrequested]
        if self.yes and self._attached and flagged and not self.yes_unrequested:
            from jira_chat.conversation.requested import describe

            raise NotConfirmedError(
                "refusing to apply writes to targets that are not in your request while "
                f"piped data is attached: {describe(flagged)}",
                hint="the piped text may have asked for them; check the preview, then re-run "
                "with --yes-unrequested if they are really wanted",
            )
        if self.yes or count == 0:  # nothing will be sent: no question
            return None
        if self.prompter is None:
            raise NotConfirmedError(
                "refusing to change Jira: nobody can confirm (stdin is not a terminal)",
                hint="scripts apply writes with `jira-chat ask ... --yes` (or `apply PLAN --yes`); "
                "--dry-run only previews",
            )
        question = "Apply this change?" if count == 1 else f"Apply these {count} changes?"
        deleting = [p.key for p in prepared.previews if p.action == "delete_issue" and p.key]
        with self.output.spinner_paused():
            if deleting:  # what cannot be undone is confirmed by typing the key, not "y"
                key = deleting[0]
                confirmed = self.prompter.confirm_typed(f"Type {key} to delete it:", key)
            else:
                confirmed = self.prompter.confirm(question)
        if not confirmed:
            self.output.info("Nothing was changed.")
            return ExitCode.NOT_CONFIRMED
        return None

    def _execute(
        self, executor: Executor, prepared: PreparedPlan, request: PlanRequest | None, text: str
    ) -> list[Outcome]:
        journal = self._journal_for(prepared, text)
        outcomes: list[Outcome] = []
        actions = prepared.actions
        for action in actions:
            try:
                outcome, interrupted = self._execute_one(executor, action, request, journal)
            except WriteUnverifiedError as exc:
                assert journal is not None  # only a write is unverified, and writes get one
                journal.record_unverified(executor, action, exc.key)
                self._stop_midway(actions, outcomes, text, sent_unverified=action)
                raise
            except (JiraChatError, KeyboardInterrupt):
                self._stop_midway(actions, outcomes, text)
                raise
            outcomes.append(outcome)
            if interrupted:
                if isinstance(outcome, BulkResult):  # its report says what is not done
                    self._stop_midway(actions, outcomes, text)
                    raise KeyboardInterrupt
                if len(outcomes) == len(actions):  # nothing left to cancel
                    self.output.info("Ctrl-C came after the change was sent; it was completed.")
                    return outcomes
                self._stop_midway(actions, outcomes, text)
                raise KeyboardInterrupt
        return outcomes

    def _journal_for(self, prepared: PreparedPlan, text: str) -> PlanJournal | None:
        """A plan that sends a write gets a journal (for `log` and `undo`); a read, or writes
        all found already done, opens none."""
        if not prepared.has_writes:
            return None
        from jira_chat.conversation.journaling import PlanJournal
        from jira_chat.execution.journal import Journal

        return PlanJournal(Journal.in_home(self.settings.home), text or _plan_text(prepared))

    def _execute_one(
        self,
        executor: Executor,
        action: PreparedAction,
        request: PlanRequest | None,
        journal: PlanJournal | None,
    ) -> tuple[Outcome, bool]:
        """Run one action; the flag says whether Ctrl-C arrived during a write."""
        if _is_bulk(action):
            from jira_chat.conversation.bulk_run import run_bulk_change

            assert journal is not None  # a bulk change is a write

            bulk = run_bulk_change(executor, action, self.output, journal)
            return bulk, bulk.interrupted
        if action.is_write:
            # A write is either complete or not started: Ctrl-C waits for it to finish.
            with defer_interrupts() as held, self.output.status(f"{action.describe()}…"):
                outcome = executor.execute(action)
            if isinstance(outcome, WriteResult) and journal is not None:
                journal.record(executor, action, outcome)
            return outcome, held.arrived
        try:
            with self.output.status("Asking Jira…"):
                return executor.execute(action), False
        except JqlRejectedError as exc:
            if request is None:  # the person's own JQL: show Jira's words, don't rewrite it
                raise
            with self.output.status("Jira rejected the query; repairing it…"):
                repaired = self.planner.repair_jql(request, exc.jql, exc.jira_messages)
            self.output.info(
                f"Jira rejected the query ({'; '.join(exc.jira_messages)}); retried as: {repaired}"
            )
            with self.output.status("Asking Jira…"):
                return executor.execute(executor.with_jql(action, repaired)), False

    def _stop_midway(
        self,
        actions: list[PreparedAction],
        outcomes: list[Outcome],
        text: str,
        *,
        sent_unverified: PreparedAction | None = None,
    ) -> None:
        """When a plan stops early, show and remember what was done, and say what was not."""
        if outcomes:
            self.output.show_outcomes(outcomes)
            self._remember(text, outcomes)
        if len(actions) == 1:
            return  # the error (or "cancelled") says it all
        settled = len(outcomes)
        done = [a.describe() for a in actions[:settled]]
        if sent_unverified is not None:
            done.append(f"{sent_unverified.describe()} (sent, not verified)")
            settled += 1
        not_done = [a.describe() for a in actions[settled:]]
        if done:
            self.output.warn("done: " + "; ".join(done))
        if not_done:
            self.output.warn("not done: " + "; ".join(not_done))

    def _remember(self, text: str, outcomes: list[Outcome]) -> None:
        summaries: list[str] = []
        for outcome in outcomes:
            if isinstance(outcome, SearchResult):
                keys = [issue.key for issue in outcome.issues]
                self.context.remember_shown(keys)
                summaries.append(f"searched `{outcome.jql}` → {', '.join(keys[:20]) or 'nothing'}")
            elif isinstance(outcome, IssueRecord):
                # Opening one issue of a list keeps the list: "show the third one" still works.
                self.context.remember_acted(outcome.key)
                summaries.append(f"showed {outcome.key} ({outcome.summary})")
            elif isinstance(outcome, WriteResult):
                self.context.remember_acted(outcome.key)
                summaries.append(f"{outcome.action} {outcome.key}")
            elif isinstance(outcome, AlreadyResult):
                self.context.remember_acted(outcome.key)
                summaries.append(f"already: {outcome.message}")
            elif isinstance(outcome, BulkResult):
                self.context.remember_shown([row.key for row in outcome.rows])
                summaries.append(outcome.summary_line())
            elif isinstance(outcome, BoardList):
                summaries.append(f"listed boards: {', '.join(b.name for b in outcome.boards)}")
            elif isinstance(outcome, SprintList):
                summaries.append(f"listed sprints: {', '.join(s.name for s in outcome.sprints)}")
        self.context.add_turn(text, "; ".join(summaries))


def _change_count(prepared: PreparedPlan) -> int:
    """How many changes the question is about: a bulk change counts each issue it changes."""
    from jira_chat.execution.bulk_action import BulkActionPreview

    return sum(
        len(p.bulk.to_change) if isinstance(p, BulkActionPreview) else 1 for p in prepared.previews
    )


def _plan_text(prepared: PreparedPlan) -> str:
    """What the journal says was asked when no words were (`apply`): the actions' summaries."""
    return "; ".join(a.describe() for a in prepared.actions if a.is_write)


def _plan_problem(error: ValueError) -> str:
    """pydantic's errors in the product's words; a dataclass action's own check as it said."""
    from pydantic import ValidationError  # loaded already: the planner built pydantic models

    from jira_chat.planning.schema import describe_validation_error

    if isinstance(error, ValidationError):
        return describe_validation_error(error)
    return str(error)


def _is_bulk(action: PreparedAction) -> bool:
    """A bulk change to run item by item (not one found already done). The name is checked
    first, so that a read never loads the bulk code."""
    if action.action.action != "bulk_change":
        return False
    from jira_chat.execution.bulk import BulkPrepared

    return isinstance(action.payload, BulkPrepared)
