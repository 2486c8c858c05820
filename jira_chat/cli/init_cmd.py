"""`jira-chat init` (also `login`): connect to a Jira site and save the credentials."""

from __future__ import annotations

import typer

from jira_chat.cli.state import get_state, run_guarded


def init(
    ctx: typer.Context,
    url: str | None = typer.Option(
        None, "--url", metavar="URL", help="The Jira site, e.g. https://your-team.atlassian.net."
    ),
    login: str | None = typer.Option(
        None,
        "--email",
        "--username",
        metavar="LOGIN",
        help="Cloud: your account email. Server/DC: a username, to sign in with a password "
        "instead of a personal access token.",
    ),
    with_token: bool = typer.Option(
        False,
        "--with-token",
        help="Read the API token (or PAT, or password) from stdin and ask nothing (scripts).",
    ),
    flavor: str | None = typer.Option(
        None,
        "--flavor",
        metavar="cloud|server",
        help="Only for a site that hides serverInfo from anonymous requests.",
    ),
    force: bool = typer.Option(
        False, "--force", help="Replace an existing configuration without asking."
    ),
    no_keyring: bool = typer.Option(
        False, "--no-keyring", help="Keep the token in the .env file even if a keyring exists."
    ),
) -> None:
    """Connect to your Jira: check the URL and credentials, then save them (keyring or .env)."""
    state = get_state(ctx)
    output = state.output()

    def body() -> int:
        from jira_chat.conversation.login import Login, LoginRequest, TerminalQuestions

        env = state.env
        questions = TerminalQuestions(env) if env.stdin_isatty else None
        request = LoginRequest(
            url=url,
            login=login,
            with_token=with_token,
            flavor=flavor,
            force=force,
            use_keyring=not no_keyring,
        )
        return int(Login(request, state.settings, output, questions, env.stdin.read).run())

    raise typer.Exit(run_guarded(state, output, body))
