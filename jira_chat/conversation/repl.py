"""The REPL: prompt-toolkit on a terminal, a plain line loop otherwise, the same behaviour in both.

Each line is either a `/command` or a request for the assistant. Errors are shown as one line
plus a hint and the session goes on; Ctrl-C cancels the line or the request in flight; Ctrl-D
(or EOF) leaves with exit code 0. prompt-toolkit is imported only on the terminal path.
"""

from __future__ import annotations

import os
import stat
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jira_chat.config import ensure_private_dir
from jira_chat.conversation.prompter import LinePrompter, Prompter, terminal_prompter
from jira_chat.conversation.slash import AssistantLike, Next, SlashCommands
from jira_chat.errors import ExitCode, JiraChatError
from jira_chat.rendering.banner import GREETING

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession

    from jira_chat.jira_access.records import InstanceMetadata
    from jira_chat.rendering.environment import Environment
    from jira_chat.rendering.output import Output

# The REPL makes its assistant once it knows who asks the questions (the loop decides).
AssistantFactory = Callable[[Prompter | None], AssistantLike]

# Metadata is fetched once for completion; if Jira was unreachable, try again after a while.
METADATA_RETRY_SECONDS = 30.0


def prompt_text(default_project: str | None) -> str:
    """`jira> `, or `jira (WEB)> ` once a default project is set."""
    return f"jira ({default_project})> " if default_project else "jira> "


def prepare_history_file(path: Path) -> Path:
    """Create the history file mode 0600 (its directory 0700) before prompt-toolkit opens it.

    The history holds everything typed, which may include names and ticket text.
    """
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    return path


class ReplSession:
    """What one REPL session knows and does, independent of how lines are read."""

    def __init__(self, assistant: AssistantLike) -> None:
        self.assistant = assistant
        self.output = assistant.output
        self.context = assistant.context
        # The highest exit code any line earned: a script feeding the REPL learns of failures.
        self.worst_exit = ExitCode.OK
        self._metadata: InstanceMetadata | None = None
        self._metadata_tried_at: float | None = None
        self.commands = SlashCommands(assistant, metadata=self.metadata, seen_keys=self.seen_keys)

    # --- what completion draws on --------------------------------------------------------
    def metadata(self) -> InstanceMetadata | None:
        """The instance metadata, fetched at most once (or once per retry period on failure)."""
        now = time.monotonic()
        if self._metadata is None and (
            self._metadata_tried_at is None
            or now - self._metadata_tried_at > METADATA_RETRY_SECONDS
        ):
            self._metadata_tried_at = now
            try:
                self._metadata = self.assistant.metadata()
            except JiraChatError:
                self._metadata = None
        return self._metadata

    def seen_keys(self) -> list[str]:
        """Issue keys seen in this session: the context's first, then the latest outcomes."""
        context = self.context
        recent = [context.last_issue, *context.last_shown, *context.seen_keys]
        keys = [key for key in recent if key]
        return list(dict.fromkeys(keys))

    # --- one line --------------------------------------------------------------------------
    def handle_line(self, line: str) -> Next:
        """Run one line; never raises for anything a person can cause."""
        text = line.strip()
        if not text:
            return Next.CONTINUE
        try:
            if SlashCommands.is_command(text):
                return self.commands.run(text)
            self._note(self.assistant.handle(text))
        except JiraChatError as exc:
            self._note(exc.exit_code)
            self.output.error(exc.message, exc.hint)
        except KeyboardInterrupt:
            self.output.info("cancelled")
        except Exception as exc:  # a bug must not end the session and lose its context
            self._note(ExitCode.FAILED)
            if getattr(self.assistant.settings, "debug", False):
                self.output.env.stderr.write(traceback.format_exc())
            self.output.error(
                f"unexpected error ({type(exc).__name__})",
                "the session goes on; start jira-chat with --debug for details, and please "
                "report it",
            )
        return Next.CONTINUE

    def _note(self, code: ExitCode | int | None) -> None:
        if code is not None and int(code) > int(self.worst_exit):
            self.worst_exit = ExitCode(int(code))

    @property
    def prompt(self) -> str:
        return prompt_text(self.context.default_project)

    def show_banner(self) -> None:
        """The greeting, then what this session talks to; no request to Jira (see banner.py)."""
        self.output.info(GREETING)
        for line in self.commands.facts().lines():
            self.output.info(line)


def use_plain_loop(env: Environment) -> bool:
    """TERM=dumb or no terminal on both ends: prompt-toolkit would only get in the way."""
    return env.dumb_terminal or not env.stdin_isatty or not env.stderr_isatty


def run_repl(output: Output, make_assistant: AssistantFactory) -> ExitCode:
    """The `jira-chat` REPL; returns when the person leaves (Ctrl-D, EOF or /quit)."""
    if use_plain_loop(output.env):
        # Piped in: nobody can answer. A person at a dumb terminal: Ctrl-C at a question
        # cancels the request ("cancelled"), as it does in the prompt-toolkit loop.
        plain = terminal_prompter(output, interrupt_cancels=True)
        return run_plain_loop(ReplSession(make_assistant(plain)))
    prompter = PromptToolkitPrompter(output)
    return run_prompt_toolkit_loop(ReplSession(make_assistant(prompter)), prompter)


# --- plain loop ------------------------------------------------------------------------------


def run_plain_loop(session: ReplSession) -> ExitCode:
    """Read lines from stdin with the prompt on stderr (stdout stays data)."""
    env = session.output.env
    if env.stdin_isatty:  # a person at a dumb terminal: the same banner as prompt-toolkit's
        session.show_banner()
    while True:
        env.stderr.write(session.prompt)
        env.stderr.flush()
        try:
            line = env.stdin.readline()
        except KeyboardInterrupt:
            env.stderr.write("\n")
            continue
        if not line or session.handle_line(line) is Next.QUIT:
            if not line:
                env.stderr.write("\n")
                env.stderr.flush()
            # Fed by a script, the REPL reports failures like `ask` does; a person gets 0.
            return ExitCode.OK if env.stdin_isatty else session.worst_exit


# --- prompt-toolkit loop ---------------------------------------------------------------------


class PromptToolkitPrompter(LinePrompter):
    """Questions through prompt-toolkit, so Ctrl-C there raises KeyboardInterrupt (→
    "cancelled") and the answer line has the same editing keys as the prompt."""

    def __init__(self, output: Output) -> None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.output import create_output

        super().__init__(output)
        env = output.env
        # Prompts and the line editor go to stderr: stdout carries only data.
        self.terminal = env.prompt_output or create_output(stdout=env.stderr)
        self._asker: PromptSession[str] = PromptSession(
            input=env.prompt_input, output=self.terminal
        )

    def read_line(self, prompt: str) -> str | None:
        try:
            return self._asker.prompt(prompt)
        except EOFError:
            return None


def run_prompt_toolkit_loop(session: ReplSession, prompter: PromptToolkitPrompter) -> ExitCode:
    prompt_session = build_prompt_session(session, prompter)
    session.show_banner()
    while True:
        try:
            line = prompt_session.prompt(session.prompt)
        except KeyboardInterrupt:
            continue  # the line is dropped; the session goes on
        except EOFError:
            return ExitCode.OK
        if session.handle_line(line) is Next.QUIT:
            return ExitCode.OK


def build_prompt_session(
    session: ReplSession, prompter: PromptToolkitPrompter
) -> PromptSession[str]:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
    from prompt_toolkit.completion import ThreadedCompleter
    from prompt_toolkit.history import FileHistory
    from prompt_toolkit.key_binding import KeyBindings

    from jira_chat.conversation.completion import JiraChatCompleter

    history_path = prepare_history_file(session.assistant.settings.history_path)
    bindings = KeyBindings()

    @bindings.add("escape", "enter")
    def _newline(event: Any) -> None:
        """Alt-Enter inserts a newline; Enter submits."""
        event.current_buffer.insert_text("\n")

    completer = JiraChatCompleter(
        session.commands, metadata=session.metadata, seen_keys=session.seen_keys
    )
    return PromptSession(
        history=FileHistory(str(history_path)),
        auto_suggest=AutoSuggestFromHistory(),
        completer=ThreadedCompleter(completer),
        complete_while_typing=False,
        key_bindings=bindings,
        enable_open_in_editor=True,  # Ctrl-X Ctrl-E
        prompt_continuation=lambda width, line_number, wrap_count: "." * (width - 1) + " ",
        input=session.output.env.prompt_input,
        output=prompter.terminal,
    )
