"""The Starlette app: routes, the bearer-token check, size limits and the error boundary.

Endpoints (also in `openapi.py` and the README):
  GET  /                       the chat page (public: it holds no data; it asks for the token)
  GET  /static/{file}          its script and stylesheet (public)
  GET  /healthz                liveness (public)
  GET  /api/schema             the plan JSON schema
  GET  /openapi.json           the OpenAPI description of these endpoints
  POST /process-llm-prompt     {"prompt": "...", "conversation": "id?"}
  POST /plans/{plan_id}/confirm  {"conversation": "id", "confirm_key": "KEY (deletions)"}
  POST /plans/{plan_id}/cancel   {"conversation": "id"}
"""

from __future__ import annotations

import hmac
import json
import logging
from importlib import resources
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from jira_chat import __version__
from jira_chat.serve import errors
from jira_chat.serve.config import ServeConfig
from jira_chat.serve.pipeline import ServePipeline

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from jira_chat.config import Settings

log = logging.getLogger("jira_chat.serve")

PUBLIC_PATHS = frozenset({"/", "/healthz", "/static/app.js", "/static/style.css"})
STATIC_FILES = {
    "app.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
}
# The page loads nothing from anywhere else and runs no inline script: even text that
# escaped escaping could not execute.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


def problem_response(problem: errors.HttpProblem) -> JSONResponse:
    return JSONResponse(problem.body(), status_code=problem.status, headers=problem.headers)


class GuardMiddleware:
    """Bearer token on everything but the public paths; security headers on every answer;
    and the last error boundary: whatever happens, the client gets JSON, not a traceback."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self._token = token.encode("utf-8")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        path = scope["path"]
        is_preflight = scope["method"] == "OPTIONS"  # CORS preflight carries no credentials
        if path not in PUBLIC_PATHS and not is_preflight and not self._authorized(scope):
            await problem_response(errors.unauthorized())(scope, receive, send_with_headers)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            log.exception("unexpected error serving %s %s", scope["method"], path)
            if not started:
                await problem_response(errors.internal(exc))(scope, receive, send_with_headers)

    def _authorized(self, scope: Scope) -> bool:
        for name, value in scope["headers"]:
            if name == b"authorization":
                scheme, _, credentials = value.partition(b" ")
                if scheme.lower() == b"bearer":
                    return hmac.compare_digest(credentials.strip(), self._token)
        return False


async def read_json(request: Request, limit: int) -> dict[str, Any]:
    """The body as a JSON object, refusing more than `limit` bytes before reading it all."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise _too_large(limit)
    if not body.strip():
        return {}
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise errors.usage(
            "the body is not valid JSON", hint='send {"prompt": "..."} as application/json'
        ) from None
    if not isinstance(data, dict):
        raise errors.usage("the body must be a JSON object", hint='send {"prompt": "..."}')
    return data


def _too_large(limit: int) -> errors.HttpProblem:
    return errors.too_large(
        f"the request body is larger than {limit // 1024} KiB", hint="send a shorter request"
    )


def _optional_str(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise errors.usage(f"`{name}` must be a non-empty string")
    return value.strip()


def create_app(settings: Settings, config: ServeConfig) -> Starlette:
    """The whole server; `settings` point at Jira (or the sandbox), as for the CLI."""
    pipeline = ServePipeline(settings, config)

    def _page(name: str) -> bytes:
        return resources.files("jira_chat.serve").joinpath("static", name).read_bytes()

    index_html = _page("index.html")
    statics = {name: _page(name) for name in STATIC_FILES}

    async def index(request: Request) -> Response:
        return Response(index_html, media_type="text/html; charset=utf-8")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in statics:
            raise errors.not_found(f"no such file: /static/{name}")
        return Response(statics[name], media_type=STATIC_FILES[name])

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__})

    async def schema(request: Request) -> Response:
        from jira_chat.planning.schema import plan_json_schema

        return JSONResponse(plan_json_schema())

    async def openapi(request: Request) -> Response:
        from jira_chat.serve.openapi import openapi_document

        return JSONResponse(openapi_document(config))

    async def process_prompt(request: Request) -> Response:
        data = await read_json(request, config.max_body_bytes)
        prompt = data.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            raise errors.usage(
                "`prompt` is required: the request in plain language",
                hint='e.g. {"prompt": "open bugs in WEB"}',
            )
        if len(prompt) > config.max_prompt_chars:
            raise errors.too_large(
                f"the prompt is longer than {config.max_prompt_chars} characters",
                hint="ask for one thing at a time",
            )
        conversation_id = _optional_str(data, "conversation")
        conversation = await run_in_threadpool(pipeline.conversation, conversation_id)
        body = await run_in_threadpool(pipeline.prompt, conversation, prompt.strip())
        return JSONResponse(body)

    async def plan_action(request: Request) -> Response:
        data = await read_json(request, config.max_body_bytes)
        conversation_id = _optional_str(data, "conversation")
        if conversation_id is None:
            raise errors.usage(
                "`conversation` is required: the id the preview came with",
                hint='send {"conversation": "<id>"}',
            )
        conversation = await run_in_threadpool(pipeline.conversation, conversation_id)
        plan_id = request.path_params["plan_id"]
        if request.url.path.endswith("/confirm"):
            typed_key = _optional_str(data, "confirm_key")
            body = await run_in_threadpool(pipeline.confirm, conversation, plan_id, typed_key)
        else:
            body = await run_in_threadpool(pipeline.cancel, conversation, plan_id)
        return JSONResponse(body)

    async def on_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, errors.HttpProblem)
        return problem_response(exc)

    async def on_http_exception(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        problem = errors.HttpProblem(
            exc.status_code,
            code,
            "no such endpoint" if exc.status_code == 404 else str(exc.detail),
            hint="GET /openapi.json lists the endpoints",
            exit_code=2,
            headers=dict(exc.headers or {}),
        )
        return problem_response(problem)

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/static/{name}", static, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/api/schema", schema, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/process-llm-prompt", process_prompt, methods=["POST"]),
        Route("/plans/{plan_id}/confirm", plan_action, methods=["POST"]),
        Route("/plans/{plan_id}/cancel", plan_action, methods=["POST"]),
    ]
    middleware = [Middleware(GuardMiddleware, token=config.token)]
    if config.cors_origins:  # outermost, so that preflight answers come from it
        from starlette.middleware.cors import CORSMiddleware

        middleware.insert(
            0,
            Middleware(
                CORSMiddleware,
                allow_origins=list(config.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
                allow_credentials=False,
            ),
        )
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={errors.HttpProblem: on_problem, HTTPException: on_http_exception},
    )
    app.state.pipeline = pipeline
    return app
