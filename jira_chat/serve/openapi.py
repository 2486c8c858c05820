"""The OpenAPI 3.1 description of the endpoints (GET /openapi.json), written out by hand so
that it says what the server promises: statuses, limits, the error shape."""

from __future__ import annotations

from typing import Any

from jira_chat import __version__
from jira_chat.serve.config import ServeConfig

_ERROR = {"$ref": "#/components/responses/Error"}


def _json_body(schema: dict[str, Any], example: dict[str, Any]) -> dict[str, Any]:
    return {
        "required": True,
        "content": {"application/json": {"schema": schema, "example": example}},
    }


def _ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def openapi_document(config: ServeConfig) -> dict[str, Any]:
    plan_ttl = int(config.plan_ttl_s)
    conversation = {"type": "string", "description": "conversation id from an earlier answer"}
    confirm_body = _json_body(
        {
            "type": "object",
            "required": ["conversation"],
            "properties": {
                "conversation": conversation,
                "confirm_key": {
                    "type": "string",
                    "description": "a deletion's issue key, typed by the person (the preview's "
                    "confirm_key); required to confirm a delete_issue",
                },
            },
        },
        {"conversation": "x1Yz…"},
    )
    plan_path = {
        "name": "plan_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
    }
    errors_for_plans = {
        "400": _ERROR,
        "401": _ERROR,
        "404": _ERROR,
        "409": _ERROR,
        "410": _ERROR,
        "413": _ERROR,
        "502": _ERROR,
        "503": _ERROR,
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "jira-chat serve",
            "version": __version__,
            "description": (
                "Plain-language Jira over HTTP. Reads run at once; a write returns a preview "
                "and a plan_id, and nothing is written until POST /plans/{plan_id}/confirm. "
                f"Bodies up to {config.max_body_bytes // 1024} KiB, prompts up to "
                f"{config.max_prompt_chars} characters (413 beyond). A plan can be confirmed "
                f"once, by its conversation, within {plan_ttl} s."
            ),
        },
        "security": [{"bearer": []}],
        "paths": {
            "/process-llm-prompt": {
                "post": {
                    "summary": "Plan a request; run it if it only reads, preview it if it writes",
                    "requestBody": _json_body(
                        {
                            "type": "object",
                            "required": ["prompt"],
                            "properties": {
                                "prompt": {"type": "string", "maxLength": config.max_prompt_chars},
                                "conversation": conversation,
                            },
                        },
                        {"prompt": "open bugs in WEB"},
                    ),
                    "responses": {
                        "200": _ok(
                            "A result (needs_confirmation false) or a preview (true)",
                            {"$ref": "#/components/schemas/Answer"},
                        ),
                        "400": _ERROR,
                        "401": _ERROR,
                        "404": _ERROR,
                        "413": _ERROR,
                        "502": _ERROR,
                        "503": _ERROR,
                    },
                }
            },
            "/plans/{plan_id}/confirm": {
                "post": {
                    "summary": "Execute a previewed plan, with read-back; 409 if Jira changed",
                    "parameters": [plan_path],
                    "requestBody": confirm_body,
                    "responses": {
                        "200": _ok("What was done", {"$ref": "#/components/schemas/Answer"}),
                        **errors_for_plans,
                    },
                }
            },
            "/plans/{plan_id}/cancel": {
                "post": {
                    "summary": "Drop a previewed plan; nothing is written",
                    "parameters": [plan_path],
                    "requestBody": confirm_body,
                    "responses": {"200": _ok("Cancelled", {"type": "object"}), **errors_for_plans},
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Liveness; needs no token",
                    "security": [],
                    "responses": {"200": _ok("Up", {"type": "object"})},
                }
            },
            "/api/schema": {
                "get": {
                    "summary": "The plan JSON schema",
                    "responses": {"200": _ok("JSON Schema", {"type": "object"}), "401": _ERROR},
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {"200": _ok("OpenAPI", {"type": "object"}), "401": _ERROR},
                }
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {
                "Error": {
                    "description": "An error, in one shape, with the CLI's message and hint",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
            },
            "schemas": {
                "Answer": {
                    "type": "object",
                    "required": ["conversation", "needs_confirmation"],
                    "properties": {
                        "conversation": {"type": "string"},
                        "needs_confirmation": {"type": "boolean"},
                        "result": {"description": "exactly `jira-chat ask --format json`"},
                        "outcomes": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {"type": {"enum": ["search", "issue", "write"]}},
                            },
                        },
                        "plan_id": {"type": "string"},
                        "expires_in": {"type": "integer"},
                        "plan": {"description": "the plan (GET /api/schema)"},
                        "preview": {"type": "array", "items": {"type": "object"}},
                        "confirm_key": {
                            "type": ["string", "null"],
                            "description": "set for a deletion: confirm by sending this key",
                        },
                        "reply": {"type": ["string", "null"]},
                        "notes": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["status", "code", "message", "exit_code"],
                            "properties": {
                                "status": {"type": "integer"},
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                                "hint": {"type": ["string", "null"]},
                                "exit_code": {"type": "integer"},
                            },
                        }
                    },
                },
            },
        },
    }
