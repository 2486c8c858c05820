"""The assistant pipeline behind the HTTP endpoints: the CLI's Assistant, confirmed later.

A read runs at once. A write is prepared and previewed (nothing is written) and kept as a
pending plan; `confirm` prepares it again, refuses with 409 if anything the preview showed has
changed in Jira since, and otherwise executes it with read-back, exactly as `ask --yes` would.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from jira_chat.errors import JiraChatError, UsageError
from jira_chat.rendering.output import Environment, Output, OutputFormat
from jira_chat.serve import errors, payloads
from jira_chat.serve.config import MAX_PLANS_PER_CONVERSATION, ServeConfig
from jira_chat.serve.conversations import (
    Conversation,
    ConversationStore,
    PendingPlan,
    new_id,
)

if TYPE_CHECKING:
    from jira_chat.config import Settings
    from jira_chat.conversation.assistant import Assistant
    from jira_chat.execution.records import Outcome


class _Recording(Output):
    """The CLI's JSON Output over StringIO, remembering the outcomes it was asked to show:
    the pipeline shows them itself only when a plan stops midway (what was done)."""

    def __init__(self) -> None:
        super().__init__(Environment.buffered(), OutputFormat.JSON)
        self.shown: list[Outcome] = []

    def show_outcomes(self, outcomes: Sequence[Outcome]) -> None:
        self.shown.extend(outcomes)
        super().show_outcomes(outcomes)


class Captured:
    """Per request: a quiet Output whose notes (warnings, "retried as …") reach the response,
    and the outcomes already shown when a plan stops midway."""

    def __init__(self) -> None:
        self.output = _Recording()

    @property
    def shown(self) -> list[Outcome]:
        return self.output.shown

    def notes(self) -> list[str]:
        stderr = self.output.env.stderr
        text = stderr.getvalue() if isinstance(stderr, io.StringIO) else ""
        return [line for line in text.splitlines() if line.strip()]


class ServePipeline:
    def __init__(self, settings: Settings, config: ServeConfig) -> None:
        self.settings = settings
        self.config = config
        self.store = ConversationStore(
            self._new_assistant, limit=config.max_conversations, ttl=config.conversation_ttl_s
        )

    def _new_assistant(self) -> Assistant:
        from jira_chat.conversation.assistant import Assistant
        from jira_chat.planning.context import SessionContext

        context = SessionContext(default_project=self.settings.default_project)
        return Assistant(self.settings, Captured().output, context)

    # --- conversations -------------------------------------------------------------------
    def conversation(self, conversation_id: str | None) -> Conversation:
        if conversation_id is None:
            return self.store.create()
        conversation = self.store.get(conversation_id)
        if conversation is None:
            raise errors.not_found(
                "unknown or expired conversation",
                hint="leave out `conversation` to start a new one",
                code="conversation_not_found",
            )
        return conversation

    @contextmanager
    def _turn(self, conversation: Conversation) -> Iterator[Captured]:
        """One request at a time per conversation, with a fresh capture; pipeline errors leave
        as HttpProblems carrying the CLI's words and whatever was done before the failure."""
        with conversation.lock:
            captured = Captured()
            conversation.assistant.output = captured.output
            try:
                yield captured
            except JiraChatError as exc:
                problem = errors.problem_for(exc)
                problem.details["conversation"] = conversation.id
                if captured.shown:
                    problem.details["done"] = [payloads.outcome_item(o) for o in captured.shown]
                if captured.notes():
                    problem.details["notes"] = captured.notes()
                raise problem from None

    # --- the endpoints' work ---------------------------------------------------------------
    def prompt(self, conversation: Conversation, text: str) -> dict[str, Any]:
        with self._turn(conversation) as captured:
            assistant = conversation.assistant
            plan, request = assistant.make_plan(text)
            assistant.context.last_plan = plan
            if not plan.actions:
                return self._result(conversation, captured, [], plan.reply)
            executor, prepared = assistant.prepare(plan, text=text)
            if not prepared.has_writes:
                outcomes = assistant.execute(executor, prepared, request=request, text=text)
                return self._result(conversation, captured, outcomes, plan.reply)
            now = self.store.now()
            pending = PendingPlan(
                id=new_id(),
                plan=plan,
                prepared=prepared,
                request=request,
                text=text,
                expires_at=now + self.config.plan_ttl_s,
            )
            conversation.add_plan(pending, keep=MAX_PLANS_PER_CONVERSATION)
            return {
                "conversation": conversation.id,
                "needs_confirmation": True,
                "plan_id": pending.id,
                "expires_in": int(self.config.plan_ttl_s),
                "plan": plan.to_dict(),
                "preview": [payloads.preview_json(p) for p in prepared.previews],
                "confirm_key": next(iter(payloads.keys_to_type(prepared.previews)), None),
                "reply": plan.reply,
                "notes": captured.notes(),
            }

    def confirm(
        self, conversation: Conversation, plan_id: str, typed_key: str | None = None
    ) -> dict[str, Any]:
        """`typed_key`: a deletion is confirmed by sending the issue's key, as the CLI asks
        for it to be typed; a plain confirm of a deletion is refused (400, nothing deleted)."""
        with self._turn(conversation) as captured:
            pending = self._pending(conversation, plan_id)
            for key in payloads.keys_to_type(pending.prepared.previews):
                if (typed_key or "").strip().upper() != key.upper():
                    raise errors.usage(
                        f"deleting {key} cannot be undone: confirm it by sending its key",
                        hint=f'send {{"conversation": "...", "confirm_key": "{key}"}}',
                        code="confirm_key_required",
                    )
            assistant = conversation.assistant
            pending.state = "running"
            try:
                executor, prepared = assistant.prepare(pending.plan)
            except UsageError as exc:  # a name or transition that no longer resolves
                pending.state = "stale"
                raise self._stale(conversation, exc.message, []) from None
            except JiraChatError:
                pending.state = "pending"  # nothing happened: the person may try again
                raise
            differences = payloads.preview_differences(pending.prepared.previews, prepared.previews)
            if differences:
                pending.state = "stale"
                raise self._stale(conversation, None, differences)
            try:
                outcomes = assistant.execute(
                    executor, prepared, request=pending.request, text=pending.text
                )
            except BaseException:
                pending.state = "failed"
                raise
            pending.state = "confirmed"
            body = self._result(conversation, captured, outcomes, pending.plan.reply)
            body["plan_id"] = plan_id
            return body

    def cancel(self, conversation: Conversation, plan_id: str) -> dict[str, Any]:
        with self._turn(conversation):
            pending = self._pending(conversation, plan_id)
            pending.state = "cancelled"
            conversation.assistant.remember_proposal(pending.prepared, pending.text, "declined")
            return {
                "conversation": conversation.id,
                "plan_id": plan_id,
                "cancelled": True,
                "message": "Nothing was changed.",
            }

    # --- helpers -------------------------------------------------------------------------
    def _pending(self, conversation: Conversation, plan_id: str) -> PendingPlan:
        pending = conversation.plans.get(plan_id)
        if pending is None:  # also a plan of another conversation: do not say it exists
            raise errors.not_found(
                "no such plan in this conversation",
                hint="confirm with the conversation id that the preview returned",
                code="plan_not_found",
            )
        if pending.state == "pending" and self.store.now() > pending.expires_at:
            pending.state = "stale"
            raise errors.HttpProblem(
                410,
                "plan_expired",
                f"this preview expired after {int(self.config.plan_ttl_s)} s; nothing was changed",
                hint="send the request again to see a fresh preview",
            )
        if pending.state != "pending":
            words = {
                "running": "is being confirmed right now",
                "confirmed": "was already confirmed",
                "cancelled": "was cancelled",
                "failed": "was already confirmed and failed",
                "stale": "is out of date",
            }
            raise errors.conflict(
                f"this plan {words[pending.state]}; nothing more was changed",
                hint="send the request again for a new preview",
                code="plan_used",
                details={"plan_state": pending.state},
            )
        return pending

    def _stale(
        self, conversation: Conversation, reason: str | None, differences: list[dict[str, Any]]
    ) -> errors.HttpProblem:
        described = "; ".join(
            f"{d['key']} {d['field'] or 'action'}" for d in differences if d.get("key")
        )
        message = "the issues changed since the preview; nothing was changed"
        if reason:
            message += f" ({reason})"
        elif described:
            message += f" (changed: {described})"
        return errors.conflict(
            message,
            hint="send the request again to see a fresh preview",
            code="plan_stale",
            details={"changed": differences, "conversation": conversation.id},
        )

    def _result(
        self,
        conversation: Conversation,
        captured: Captured,
        outcomes: list[Outcome],
        reply: str | None,
    ) -> dict[str, Any]:
        return {
            "conversation": conversation.id,
            "needs_confirmation": False,
            "result": payloads.result_json(outcomes, reply),
            "outcomes": [payloads.outcome_item(outcome) for outcome in outcomes],
            "reply": reply,
            "notes": captured.notes(),
        }
