"""The Gemini planner: one structured-output call per request, one repair call at most.

Choices, and why:
- API version v1beta: systemInstruction and responseJsonSchema have long been v1beta
  fields; `v1` rejected them for a long time, and SDK 3.x defaults to `v1`.
- Retries are ours (tenacity), not the SDK's (`attempts=1`): a 503 is retried with a short
  backoff; a 429 only when Gemini says how long to wait (Retry-After, or the error's
  RetryInfo) and that is short, since a 429 without it is a quota a retry does not fix.
  At most GEMINI_ATTEMPTS tries and GEMINI_MAX_WAIT_S seconds asleep in all. Other errors
  and timeouts are reported at once. The fast path needs no model at all.
- Timeout: 30 s by default, `JIRA_CHAT_GEMINI_TIMEOUT` (seconds) overrides it.
- The API key lives only in the SDK client. Error messages are built from the error's
  code, status and message, flattened to one line and scrubbed of the key.

google-genai is imported only when the first model call is made.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from jira_chat.errors import ConfigError, ModelError, PlanError
from jira_chat.planning.base import PlanRequest, fast_path
from jira_chat.planning.model_schema import JQL_REPAIR_SCHEMA, plan_response_schema
from jira_chat.planning.prompt import build_system_instruction, user_contents
from jira_chat.planning.schema import Plan, parse_plan
from jira_chat.text_utils import one_line, redact_url

if TYPE_CHECKING:
    from google.genai import Client
    from google.genai.types import GenerateContentResponse

    from jira_chat.config import Settings

ENV_TIMEOUT = "JIRA_CHAT_GEMINI_TIMEOUT"
GEMINI_ATTEMPTS = 3
GEMINI_MAX_WAIT_S = 10.0
GEMINI_BACKOFF_S = 0.5  # first wait after a 503 without Retry-After; doubles each time
API_VERSION = "v1beta"
_MESSAGE_LIMIT = 200
PING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"ok": {"type": "boolean"}},
    "required": ["ok"],
}

# finishReason values that mean "the answer was withheld", not "the answer is bad".
BLOCKED_FINISH_REASONS = frozenset(
    {"SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_SAFETY"}
)


class GeminiPlanner:
    """Plans with Gemini through google-genai, grounded in the instance's metadata."""

    name = "gemini"

    def __init__(self, settings: Settings) -> None:
        self._api_key = settings.gemini_api_key or ""
        self._model = settings.model
        self._base_url = settings.gemini_base_url
        self._timeout = settings.gemini_timeout
        self._client: Client | None = None

    def __repr__(self) -> str:  # never show the key
        return f"GeminiPlanner(model={self._model!r})"

    # --- the contract ---------------------------------------------------------------------

    def plan(self, request: PlanRequest) -> Plan:
        """Fast path first; otherwise one model call, plus one repair call if invalid."""
        quick = fast_path(request.text, request.context)
        if quick is not None:
            return quick
        instruction = build_system_instruction(request)
        contents = user_contents(request)
        schema = plan_response_schema()
        first = self._generate(contents, instruction, schema)
        try:
            return _parse(first)
        except PlanError as invalid:
            problem = invalid.message
        repair = [
            *contents,
            {"role": "model", "parts": [{"text": first or "(empty answer)"}]},
            {
                "role": "user",
                "parts": [
                    {
                        "text": f"Your plan was rejected: {problem}. Reply with the corrected "
                        "plan JSON only, following the schema and the rules."
                    }
                ],
            },
        ]
        second = self._generate(repair, instruction, schema)
        try:
            return _parse(second)
        except PlanError as still_invalid:
            raise PlanError(
                f"Gemini's plan was invalid even after one repair: {still_invalid.message}",
                hint="rephrase the request more specifically, or search with `jql: …`",
            ) from None

    def repair_jql(self, request: PlanRequest, jql: str, jira_messages: list[str]) -> str:
        """One call carrying Jira's error; returns the corrected JQL."""
        instruction = build_system_instruction(request)
        said = "; ".join(jira_messages) or "the query is invalid"
        ask = (
            f"Jira rejected this JQL: {jql}\nJira said: {said}\n"
            'Reply with {"jql": "<corrected JQL>"} that keeps the intent of the request '
            "and uses only the instance's names."
        )
        contents = user_contents(request)  # one user turn: the request, then Jira's verdict
        contents[0]["parts"].append({"text": ask})
        answer = self._generate(contents, instruction, JQL_REPAIR_SCHEMA)
        try:
            repaired = json.loads(answer or "")
        except json.JSONDecodeError:
            repaired = None
        new_jql = repaired.get("jql") if isinstance(repaired, dict) else None
        if not isinstance(new_jql, str) or not new_jql.strip():
            raise PlanError(
                "Gemini could not repair the JQL that Jira rejected",
                hint=f"Jira said: {one_line(said, _MESSAGE_LIMIT)}",
            )
        return new_jql.strip()

    def ping(self) -> None:
        """One tiny structured call (for `jira-chat doctor`); raises ModelError on failure."""
        contents = [{"role": "user", "parts": [{"text": "ping"}]}]
        answer = self._generate(contents, 'Reply with {"ok": true}.', PING_SCHEMA)
        if not answer:
            raise ModelError("Gemini answered with no text", hint="try again in a moment")

    # --- the model call -------------------------------------------------------------------

    def _client_or_new(self) -> Client:
        if not self._model.strip():  # the SDK would raise a bare ValueError
            raise ConfigError(
                "no Gemini model is set",
                hint="pass --model NAME or set JIRA_CHAT_MODEL, e.g. gemini-3.5-flash-lite",
            )
        if self._client is None:
            from google import genai
            from google.genai import types

            options = types.HttpOptions(
                base_url=self._base_url or None,
                api_version=API_VERSION,
                timeout=int(self._timeout * 1000),
                retry_options=types.HttpRetryOptions(attempts=1),
            )
            # vertexai=False: a stray GOOGLE_GENAI_USE_VERTEXAI must not reroute the key.
            self._client = genai.Client(vertexai=False, api_key=self._api_key, http_options=options)
        return self._client

    def _generate(
        self, contents: list[dict[str, Any]], instruction: str, schema: dict[str, Any]
    ) -> str | None:
        """One generateContent call; returns the answer's text (None when it has none)."""
        from google.genai import errors, types

        config = types.GenerateContentConfig(
            system_instruction=instruction,
            temperature=0,
            response_mime_type="application/json",
            response_json_schema=schema,
            automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
        )
        client = self._client_or_new()

        def call() -> GenerateContentResponse:
            return client.models.generate_content(
                model=self._model, contents=contents, config=config
            )

        try:
            response = _with_retries(call)
        except errors.APIError as exc:
            raise self._api_error(exc) from None
        except (json.JSONDecodeError, ValidationError):  # a 200 that is not Gemini's JSON
            raise ModelError(
                "Gemini's answer was not readable (not the API's JSON)",
                hint="a proxy or GOOGLE_GEMINI_BASE_URL may point at something else; "
                "`jira-chat doctor` checks Gemini",
            ) from None
        except Exception as exc:
            if not _is_transport_error(exc):
                raise
            raise self._transport_error(exc) from None
        return _answer_text(response)

    def _api_error(self, exc: Any) -> ModelError:
        code = int(getattr(exc, "code", 0) or 0)
        status = str(getattr(exc, "status", "") or "")
        detail = self._scrub(str(getattr(exc, "message", "") or ""))
        label = f"{code} {status}".strip()
        if code == 429:
            return ModelError(
                f"Gemini quota or rate limit reached ({label}); try again later",
                hint="check your Gemini quota, or use an issue key or `jql: …` (no model call)",
            )
        if code in (401, 403) or "API key" in detail:
            return ModelError(
                f"Gemini refused the API key ({label})",
                hint="check GEMINI_API_KEY (or GOOGLE_API_KEY); `jira-chat doctor` tests it",
            )
        if code == 404:
            return ModelError(
                f"Gemini model {self._model!r} was not found ({label})",
                hint="set JIRA_CHAT_MODEL or --model to a current model id",
            )
        if code >= 500:
            return ModelError(
                f"Gemini server error ({label}): {detail or 'no detail'}",
                hint="this is on Gemini's side; try again in a moment",
            )
        return ModelError(f"Gemini rejected the request ({label}): {detail or 'no detail'}")

    def _transport_error(self, exc: Exception) -> ModelError:
        kind = type(exc).__name__
        if "Timeout" in kind:
            return ModelError(
                f"Gemini did not answer within {self._timeout:g} s",
                hint=f"check your network, or raise {ENV_TIMEOUT} (seconds)",
            )
        base = self._base_url
        where = redact_url(base) if base else "Gemini"
        return ModelError(
            f"could not reach {self._scrub(where)} ({kind})",
            hint="check your network connection or GOOGLE_GEMINI_BASE_URL",
        )

    def _scrub(self, text: str) -> str:
        flat = one_line(text, _MESSAGE_LIMIT)
        if self._api_key:
            flat = flat.replace(self._api_key, "****")
        return flat


def _asked_wait(exc: BaseException) -> float | None:
    """How long Gemini asked us to wait: the Retry-After header, else RetryInfo.retryDelay."""
    from jira_chat.jira_access.retry import retry_after_seconds

    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is not None:
        asked = retry_after_seconds(headers.get("Retry-After") or headers.get("retry-after"))
        if asked is not None:
            return asked
    details = getattr(exc, "details", None)
    error = details.get("error", details) if isinstance(details, dict) else {}
    for detail in (error.get("details") or []) if isinstance(error, dict) else []:
        delay = str(detail.get("retryDelay", "")) if isinstance(detail, dict) else ""
        if delay.endswith("s"):
            try:
                return float(delay[:-1])
            except ValueError:
                return None
    return None


def _retryable(exc: BaseException) -> bool:
    code = int(getattr(exc, "code", 0) or 0)
    if type(exc).__module__.split(".", 1)[0] != "google":
        return False
    if code == 503:
        return True
    asked = _asked_wait(exc) if code == 429 else None
    return asked is not None and asked <= GEMINI_MAX_WAIT_S


def _with_retries(call: Any) -> Any:
    """Run `call`, retrying 503s and short-wait 429s within the bounds above."""
    from tenacity import RetryCallState, Retrying, retry_if_exception

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = _asked_wait(exc) if exc is not None else None
        return asked if asked is not None else GEMINI_BACKOFF_S * 2 ** (state.attempt_number - 1)

    def stop(state: RetryCallState) -> bool:
        if state.attempt_number >= GEMINI_ATTEMPTS:
            return True
        return state.idle_for + state.upcoming_sleep > GEMINI_MAX_WAIT_S

    retrying = Retrying(retry=retry_if_exception(_retryable), wait=wait, stop=stop, reraise=True)
    return retrying(call)


def _parse(text: str | None) -> Plan:
    if not text:
        raise PlanError("the answer held no text; a plan JSON object was expected")
    return parse_plan(text)


def _answer_text(response: GenerateContentResponse) -> str | None:
    """The first candidate's text, or a ModelError when the answer was withheld."""
    feedback = response.prompt_feedback
    if feedback is not None and feedback.block_reason is not None:
        reason = _enum_name(feedback.block_reason)
        raise ModelError(
            f"Gemini blocked the request ({reason})",
            hint="rephrase the request; Gemini's safety filters refused this one",
        )
    if not response.candidates:
        raise ModelError("Gemini returned no answer", hint="try again, or rephrase the request")
    candidate = response.candidates[0]
    finish = _enum_name(candidate.finish_reason) if candidate.finish_reason else ""
    if finish in BLOCKED_FINISH_REASONS:
        raise ModelError(
            f"Gemini withheld its answer (finish reason {finish})",
            hint="rephrase the request; Gemini's safety filters refused this one",
        )
    parts = candidate.content.parts if candidate.content and candidate.content.parts else []
    texts = [part.text for part in parts if part.text and not part.thought]
    return "".join(texts) if texts else None


_TRANSPORT_MODULES = frozenset({"httpx", "httpx2", "httpcore", "aiohttp", "requests", "urllib3"})


def _is_transport_error(exc: Exception) -> bool:
    """Timeouts and connection failures, which the SDK lets through unwrapped."""
    root = type(exc).__module__.split(".", 1)[0]
    return root in _TRANSPORT_MODULES or isinstance(exc, OSError)


def _enum_name(value: Any) -> str:
    return str(getattr(value, "value", value))
