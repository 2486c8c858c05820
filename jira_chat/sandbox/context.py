"""What a request handler gets: the parsed request, a DB connection, and Jira-style arg parsing."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Literal

from werkzeug.wrappers import Request

from jira_chat.sandbox.errors import ApiError

Flavor = Literal["cloud", "server"]
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


@dataclass
class Ctx:
    request: Request
    conn: sqlite3.Connection
    base_url: str
    api: str  # "2", "3", "latest" or "agile"
    flavor: Flavor
    user_id: int | None
    now_ms: int
    match: dict[str, str]

    @property
    def cloud(self) -> bool:
        return self.flavor == "cloud"

    @property
    def adf(self) -> bool:
        """REST v3 bodies are Atlassian Document Format."""
        return self.api == "3"

    def api_url(self, path: str) -> str:
        version = "2" if self.api in ("agile", "latest") else self.api
        return f"{self.base_url}/rest/api/{version}/{path}"

    def agile_url(self, path: str) -> str:
        return f"{self.base_url}/rest/agile/1.0/{path}"

    # -- query arguments, as Jira clients send them -------------------------------------------
    def arg(self, name: str) -> str | None:
        value = self.request.args.get(name)
        return None if value is None else str(value)

    def arg_list(self, name: str) -> list[str] | None:
        """Repeated keys and comma lists both count: `fields=a&fields=b,c` -> [a, b, c]."""
        raw = self.request.args.getlist(name)
        if not raw:
            return None
        return [part.strip() for value in raw for part in str(value).split(",") if part.strip()]

    def arg_int(self, name: str, default: int, *, minimum: int = 0) -> int:
        return parse_int(self.arg(name), name, default, minimum=minimum)

    def arg_bool(self, name: str, default: bool) -> bool:
        return parse_bool(self.arg(name), name, default)

    def json_body(self) -> Any:
        data = self.request.get_data(cache=True)
        if not data.strip():
            raise ApiError(400, ["No content to map due to end-of-input"])
        try:
            return json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApiError(400, [f"Unexpected character in JSON body: {exc}"]) from exc

    def json_object(self) -> dict[str, Any]:
        body = self.json_body()
        if not isinstance(body, dict):
            raise ApiError(
                400, ["Can not deserialize instance of the request body out of a non-object value"]
            )
        return body


MAX_DB_INT = 2**63 - 1
MAX_PAGE_INT = 2**31 - 1


def update_row(conn: sqlite3.Connection, table: str, columns: dict[str, Any], row_id: int) -> None:
    """UPDATE one row's `columns` (names chosen by the code, values bound): a no-op when
    there is nothing to change."""
    if columns:
        assignments = ", ".join(f"{column} = ?" for column in columns)
        conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*columns.values(), row_id])


def db_id(value: object) -> int:
    """A numeric id from a path or body, or -1 (matches nothing) when it is not one SQLite can hold."""
    text = str(value)
    if not text.isascii() or not text.isdigit() or int(text) > MAX_DB_INT:
        return -1
    return int(text)


def parse_int(value: object, name: str, default: int, *, minimum: int = 0) -> int:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise ApiError(400, [f"The '{name}' parameter must be a number."])
    try:
        number = int(str(value))
    except ValueError as exc:
        raise ApiError(400, [f"The '{name}' parameter must be a number."]) from exc
    return min(max(number, minimum), MAX_PAGE_INT)


def parse_bool(value: object, name: str, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ApiError(400, [f"The '{name}' parameter must be true or false."])
