"""Per-invocation state shared by the commands: settings, output, and the sandbox's lifetime.

The global flags (`--sandbox`, `--project`, `--model`, `--debug`) land here. Commands ask for
`settings_for_jira()` when they need Jira, which starts the embedded sandbox on demand.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import typer

from jira_chat.config import Settings, load_settings
from jira_chat.errors import ConfigError, ExitCode, JiraChatError
from jira_chat.rendering.environment import Environment

if TYPE_CHECKING:
    from jira_chat.rendering.output import Output, OutputFormat

T = TypeVar("T")


@dataclass
class AppState:
    settings: Settings
    env: Environment = field(default_factory=Environment.from_system)
    _resources: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    _sandbox_started: bool = False
    _warned_exposed: bool = False

    @property
    def debug(self) -> bool:
        return self.settings.debug

    def output(self, fmt: OutputFormat | None = None) -> Output:
        from jira_chat.rendering.output import Output

        return Output(self.env, fmt)

    def settings_for_jira(self, output: Output) -> Settings:
        """Settings pointing at a real Jira, or at the embedded sandbox when asked for."""
        if self.settings.sandbox and not self._sandbox_started:
            from jira_chat.sandbox.runner import start_sandbox

            try:
                with output.status("Starting the sandbox…"):
                    handle = start_sandbox(self.settings.sandbox_db_path, port=None)
            except OSError as exc:
                raise ConfigError(
                    f"cannot use the data directory {self.settings.home}: {exc.strerror or exc}",
                    hint="set JIRA_CHAT_HOME to a directory you can write to",
                ) from None
            self._resources.callback(handle.stop)
            env = handle.env()
            self.settings = self.settings.with_overrides(
                jira_url=env["JIRA_URL"],
                jira_username=env.get("JIRA_USERNAME"),
                jira_api_token=env.get("JIRA_API_TOKEN"),
                jira_personal_token=env.get("JIRA_PERSONAL_TOKEN"),
            )
            self._sandbox_started = True
        self.load_stored_token()
        self.settings.require_jira()
        if not self._warned_exposed:  # once: a data directory others can read holds history
            self._warned_exposed = True
            from jira_chat.config import exposed_directory

            warning = exposed_directory(self.settings.home)
            if warning:
                output.warn(warning)
        return self.settings

    def load_stored_token(self) -> Settings:
        """Read the token `jira-chat init` put in the system keyring, once, when Jira is needed."""
        if not self.settings.sandbox:
            self.settings = self.settings.with_stored_token()
        return self.settings

    def close(self) -> None:
        self._resources.close()


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time, never to a stream swapped out since."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def configure_logging(*, to_stderr: bool) -> None:
    """Libraries' log records stay silent unless asked for (--debug, `sandbox serve`).

    Without a handler, Python's last-resort handler would print warnings and tracebacks
    from python-jira, google-genai or the in-process sandbox to the user's terminal. Both
    handlers are added once, whatever else configured the root logger before.
    """
    root = logging.getLogger()
    if to_stderr:
        if not any(isinstance(handler, _CurrentStderr) for handler in root.handlers):
            handler = _CurrentStderr()
            handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
            root.addHandler(handler)
    elif not any(isinstance(handler, logging.NullHandler) for handler in root.handlers):
        root.addHandler(logging.NullHandler())


def build_state(
    *,
    sandbox: bool,
    project: str | None,
    model: str | None,
    debug: bool,
    env: Environment | None = None,
    read_only: bool = False,
) -> AppState:
    """`env` None: the process's own streams and terminal (as `main` passes for a real run)."""
    configure_logging(to_stderr=debug)
    settings = load_settings()
    if read_only and not settings.read_only:  # the flag turned it on: say so, not a .env
        settings.sources.pop("JIRA_CHAT_READ_ONLY", None)
    settings = settings.with_overrides(
        sandbox=True if sandbox else None,
        default_project=project.upper() if project else None,
        model=model,
        debug=True if debug else None,
        read_only=True if read_only else None,
    )
    return AppState(settings=settings, env=env or Environment.from_system())


def get_state(ctx: typer.Context) -> AppState:
    state = ctx.find_root().obj
    if not isinstance(state, AppState):  # a command invoked without the callback (tests)
        env = state if isinstance(state, Environment) else None
        state = build_state(sandbox=False, project=None, model=None, debug=False, env=env)
        ctx.obj = state
    return state


def run_guarded(state: AppState, output: Output | None, body: Callable[[], T]) -> T:
    """Run a command body; translate errors into one line on stderr and a documented exit code.

    No traceback reaches the user unless --debug is given.
    """
    stderr = state.env.stderr
    try:
        return body()
    except JiraChatError as exc:
        if state.debug:
            traceback.print_exc(file=stderr)
        _report(stderr, output, exc.message, exc.hint)
        raise typer.Exit(int(exc.exit_code)) from None
    except KeyboardInterrupt:
        _report(stderr, output, "interrupted", None)
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except (typer.Exit, typer.Abort):
        raise
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as pipes expect
        _discard_stdout(state.env.stdout)
        raise typer.Exit(int(ExitCode.OK)) from None
    except OSError as exc:  # the system's own one-line reason: a full disk, a bad directory
        if state.debug:
            traceback.print_exc(file=stderr)
        where = f": {exc.filename}" if exc.filename else ""
        _report(stderr, output, f"{exc.strerror or type(exc).__name__}{where}", None)
        raise typer.Exit(int(ExitCode.FAILED)) from None
    except Exception as exc:  # a bug: say so briefly; the traceback only with --debug
        if state.debug:
            traceback.print_exc(file=stderr)
        _report(
            stderr,
            output,
            f"unexpected error ({type(exc).__name__})",
            "re-run with --debug for details, and please report it",
        )
        raise typer.Exit(int(ExitCode.FAILED)) from None
    finally:
        state.close()


def _discard_stdout(stdout: TextIO) -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file descriptor (tests): nothing will be flushed to it


def _report(stderr: TextIO, output: Output | None, message: str, hint: str | None) -> None:
    if output is not None:
        output.error(message, hint)
        return
    stderr.write(f"error: {message}\n")  # no Output yet: stay plain
    if hint:
        stderr.write(f"  hint: {hint}\n")
