"""`jira-chat doctor`: one row per check of configuration, Jira and Gemini."""

from __future__ import annotations

from functools import partial

import typer

from jira_chat.cli.state import get_state, run_guarded
from jira_chat.errors import ExitCode


def doctor(ctx: typer.Context) -> None:
    """Check the configuration, Jira and Gemini, one row each; secrets are masked."""
    state = get_state(ctx)
    output = state.output()

    def body() -> int:
        from jira_chat.diagnostics import run_checks
        from jira_chat.jira_access.service import JiraService
        from jira_chat.rendering.reports import show_checks

        settings = state.load_stored_token()  # the keyring, when `init` put the token there
        factory = None
        if settings.sandbox or settings.jira_configured:
            settings = state.settings_for_jira(output)
            factory = partial(JiraService, settings)

        with output.status("Checking…"):
            checks = run_checks(settings, service_factory=factory)
        show_checks(output, checks)
        failed = any(check.verdict == "fail" for check in checks)
        return int(ExitCode.FAILED if failed else ExitCode.OK)

    raise typer.Exit(run_guarded(state, output, body))
