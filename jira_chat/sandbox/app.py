"""The WSGI application: auth, routing, fault injection, transactions, Jira-shaped errors."""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from werkzeug.wrappers import Request, Response

from jira_chat.sandbox import db
from jira_chat.sandbox.context import Ctx, Flavor
from jira_chat.sandbox.errors import ApiError
from jira_chat.sandbox.faults import FaultController, RequestLog, fault_response
from jira_chat.sandbox.routing import Reply, Route
from jira_chat.sandbox.seed_data import CURRENT_USER

log = logging.getLogger(__name__)

_API_PATH = re.compile(r"^/rest/api/(?P<version>2|3|latest)/(?P<rest>.+?)/?$")
_AGILE_PATH = re.compile(r"^/rest/agile/1\.0/(?P<rest>.+?)/?$")
_AUTH_PATH = re.compile(r"^/rest/auth/1/(?P<rest>.+?)/?$")
NOT_AUTHENTICATED = "You are not authenticated. Authentication required to perform this operation."
# Jira Cloud answers an unauthenticated request with this plain-text body, not JSON.
CLOUD_NOT_AUTHENTICATED = "Client must be authenticated to access this resource."
_ANONYMOUS_OK = {"serverInfo"}


def all_routes() -> list[Route]:
    from jira_chat.sandbox import (
        api_agile,
        api_extras,
        api_history,
        api_issues,
        api_meta,
        api_misc,
        api_search,
        api_sprints,
        api_versions,
    )

    return [
        *api_misc.ROUTES,  # first: `priority/search` must win over `priority/{id}`
        *api_meta.ROUTES, *api_issues.ROUTES, *api_search.ROUTES, *api_agile.ROUTES,
        *api_extras.ROUTES, *api_versions.ROUTES, *api_history.ROUTES,
        *api_sprints.ROUTES,
    ]  # fmt: skip


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    if body is None:
        response = Response(status=status)
    else:
        response = Response(
            json.dumps(body), status=status, content_type="application/json;charset=UTF-8"
        )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def error_response(error: ApiError) -> Response:
    return json_response(error.status, error.body(), error.headers)


class SandboxApp:
    """One instance per server; a new SQLite connection per request keeps threads independent."""

    def __init__(
        self,
        db_path: Path,
        *,
        flavor: Flavor,
        base_url: str,
        faults: FaultController | None,
        request_log: RequestLog,
    ) -> None:
        self.db_path = db_path
        self.flavor: Flavor = flavor
        self.base_url = base_url
        self.faults = faults
        self.request_log = request_log
        self.routes = all_routes()
        conn = db.connect(db_path)
        try:
            credentials = db.ensure_credentials(conn)
            row = conn.execute(
                "SELECT id FROM users WHERE email = ?", (CURRENT_USER.email,)
            ).fetchone()
        finally:
            conn.close()
        self.api_token = credentials.api_token
        self.personal_token = credentials.personal_token
        self.current_user_id: int | None = None if row is None else int(row[0])

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        started = time.perf_counter()
        query = request.query_string.decode("latin-1")
        self.request_log.record(request.method, request.path + (f"?{query}" if query else ""))
        try:
            response = self.handle(request)
        except ApiError as exc:
            if exc.status == 401 and self.flavor == "cloud":
                response = Response(
                    CLOUD_NOT_AUTHENTICATED, status=401, content_type="text/plain;charset=UTF-8"
                )
                response.headers.update(exc.headers)
            else:
                response = error_response(exc)
        except OverflowError:  # a number too big for SQLite slipped through: still bad input
            response = error_response(ApiError(400, ["A number in the request is out of range."]))
        except Exception:  # never leak a traceback; log it for the developer
            log.exception("sandbox handler failed for %s %s", request.method, request.path)
            response = error_response(ApiError(500, ["Internal server error"]))
        elapsed_ms = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = f"app;dur={elapsed_ms:.3f}"
        return response(environ, start_response)

    # -- pipeline ---------------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        fault = self.faults.take(request.method, request.path) if self.faults else None
        if fault is not None:
            if fault.delay > 0:
                time.sleep(fault.delay)
            if fault.status is not None and not fault.after_write:
                return fault_response(fault)
        route, match, area, version = self._route(request)
        user_id = self._authenticate(request, match.get("_rest", ""))
        conn = db.connect(self.db_path)
        try:
            ctx = Ctx(
                request=request,
                conn=conn,
                base_url=self.base_url,
                api=version if area == "api" else "agile",
                flavor=self.flavor,
                user_id=user_id,
                now_ms=int(datetime.now(UTC).timestamp() * 1000),
                match=match,
            )
            if not route.write:
                return self._reply(route.handler(ctx))
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = route.handler(ctx)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("ROLLBACK" if fault is not None and fault.skip_write else "COMMIT")
            if fault is not None and fault.after_write:
                return fault_response(fault)  # the write landed; the reply is the fault
            return self._reply(result)
        finally:
            conn.close()

    def _route(self, request: Request) -> tuple[Route, dict[str, str], str, str]:
        path = request.path
        if m := _API_PATH.match(path):
            area, version, rest = "api", m["version"], m["rest"]
        elif m := _AGILE_PATH.match(path):
            area, version, rest = "agile", "1.0", m["rest"]
        elif m := _AUTH_PATH.match(path):
            area, version, rest = "auth", "1", m["rest"]
        else:
            raise ApiError(404, [f"null for uri: {self.base_url}{path}"])
        allowed: set[str] = set()
        for candidate in self.routes:
            if candidate.area != area or self.flavor not in candidate.flavors:
                continue
            found = candidate.pattern.fullmatch(rest)
            if found is None:
                continue
            if request.method in candidate.methods:
                return candidate, {**found.groupdict(), "_rest": rest}, area, version
            allowed |= candidate.methods
        if allowed:
            raise ApiError(
                405,
                [f"Method {request.method} is not allowed for /{rest}."],
                headers={"Allow": ", ".join(sorted(allowed))},
            )
        raise ApiError(404, [f"null for uri: {self.base_url}{path}"])

    def _authenticate(self, request: Request, rest: str) -> int | None:
        header = request.headers.get("Authorization", "")
        if not header:
            if rest in _ANONYMOUS_OK:
                return None
            raise ApiError(
                401,
                [NOT_AUTHENTICATED],
                headers={"WWW-Authenticate": 'Basic realm="protected-area"'},
            )
        scheme, _, value = header.partition(" ")
        if self._credentials_ok(scheme.lower(), value.strip()):
            return self.current_user_id
        raise ApiError(
            401, [NOT_AUTHENTICATED], headers={"WWW-Authenticate": 'Basic realm="protected-area"'}
        )

    def _credentials_ok(self, scheme: str, value: str) -> bool:
        if scheme == "bearer":
            return self.flavor == "server" and hmac.compare_digest(value, self.personal_token)
        if scheme != "basic":
            return False
        try:
            user, _, secret = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        if self.flavor == "cloud":
            return user.lower() == CURRENT_USER.email and hmac.compare_digest(
                secret, self.api_token
            )
        return user.lower() == CURRENT_USER.username and hmac.compare_digest(
            secret, self.personal_token
        )

    @staticmethod
    def _reply(result: Any) -> Response:
        if isinstance(result, Response):  # raw content (attachment downloads)
            return result
        if isinstance(result, Reply):
            return json_response(result.status, result.body, result.headers)
        return json_response(200, result)
