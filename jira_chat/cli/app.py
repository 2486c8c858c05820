"""The `jira-chat` command: global flags, the REPL by default, and the subcommands.

Start-up is a feature: this module imports only Typer and jira-chat's light modules.
google-genai, python-jira, prompt-toolkit and the sandbox load on the paths that need them.
"""

from __future__ import annotations

import sys

import typer

from jira_chat import __version__
from jira_chat.cli import (
    apply_cmd,
    ask_cmd,
    doctor_cmd,
    init_cmd,
    log_cmd,
    sandbox_cmd,
    serve_cmd,
    undo_cmd,
)
from jira_chat.cli.state import build_state, get_state, run_guarded
from jira_chat.errors import ExitCode
from jira_chat.rendering.environment import Environment

HELP = (
    "Manage Jira in plain language.\n\n"
    "Run with no command to open the REPL. Nothing in Jira changes before you have seen a "
    "preview and said yes. Connect your Jira: jira-chat init. Try it without an account: "
    "jira-chat --sandbox"
)


app = typer.Typer(
    name="jira-chat",
    help=HELP,
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("init")(init_cmd.init)
app.command("login", help="Same as init: connect to your Jira and save the credentials.")(
    init_cmd.init
)
app.command("ask")(ask_cmd.ask)
app.command("apply")(apply_cmd.apply)
app.command("doctor")(doctor_cmd.doctor)
app.command("log")(log_cmd.log)
app.command("undo")(undo_cmd.undo)
app.command("serve")(serve_cmd.serve)
app.add_typer(sandbox_cmd.sandbox_app, name="sandbox")


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"jira-chat {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    sandbox: bool = typer.Option(
        False,
        "--sandbox",
        help="Use the built-in demo Jira (no account needed). Also JIRA_CHAT_SANDBOX=1.",
    ),
    project: str | None = typer.Option(
        None, "--project", "-p", metavar="KEY", help="Default project (JIRA_DEFAULT_PROJECT)."
    ),
    model: str | None = typer.Option(
        None, "--model", metavar="NAME", help="Gemini model id (JIRA_CHAT_MODEL)."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    read_only: bool = typer.Option(
        False, "--read-only", help="Refuse every write; reads work (JIRA_CHAT_READ_ONLY=1)."
    ),
    bulk_max: int | None = typer.Option(
        None, "--max", min=1, metavar="N", help="REPL: let a bulk change touch up to N issues."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Open the REPL when no command is given."""
    env = ctx.obj if isinstance(ctx.obj, Environment) else None  # main(env=...) passes one
    ctx.obj = build_state(
        sandbox=sandbox, project=project, model=model, debug=debug, env=env, read_only=read_only
    )
    if ctx.invoked_subcommand is not None:
        return
    state = get_state(ctx)
    output = state.output()

    def body() -> int:
        from jira_chat.conversation.assistant import Assistant
        from jira_chat.conversation.prompter import Prompter
        from jira_chat.conversation.repl import run_repl
        from jira_chat.planning.context import SessionContext

        settings = state.settings_for_jira(output)
        context = SessionContext(default_project=settings.default_project)

        def make_assistant(prompter: Prompter | None) -> Assistant:
            return Assistant(settings, output, context, prompter=prompter, bulk_max=bulk_max)

        return int(run_repl(output, make_assistant))

    raise typer.Exit(run_guarded(state, output, body))


def main(argv: list[str] | None = None, env: Environment | None = None) -> int:
    """The entry point; returns the process exit code.

    `argv` None reads sys.argv; `env` None uses the process's streams and terminal. Tests pass
    an Environment to run the whole CLI in-process (the REPL over a prompt-toolkit pipe).
    """
    from jira_chat.cli.argv import normalize_argv

    env = env or Environment.from_system()
    args = normalize_argv(sys.argv[1:] if argv is None else argv)
    try:
        app(args=args, prog_name="jira-chat", obj=env)
    except SystemExit as exc:
        code = exc.code
        if code is None:
            return 0
        return code if isinstance(code, int) else 1
    except KeyboardInterrupt:
        env.stderr.write("interrupted\n")
        return int(ExitCode.INTERRUPTED)
    return 0
