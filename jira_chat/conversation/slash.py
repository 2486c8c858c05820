"""REPL slash commands, dispatched by convention (as in aider's `commands.py`).

A method `cmd_<name>` is the command `/name`; the first line of its docstring is its help;
`completions_<name>(argument)` lists completions for its argument. Adding a command is adding
a method: help, dispatch and completion follow.
"""

from __future__ import annotations

import os
import sys
import webbrowser
from collections.abc import Callable, Iterable
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from jira_chat.errors import ResolutionError, UsageError
from jira_chat.planning.schema import ISSUE_KEY_RE

if TYPE_CHECKING:
    from jira_chat.config import Settings
    from jira_chat.errors import ExitCode
    from jira_chat.jira_access.records import InstanceMetadata, UserRef
    from jira_chat.planning.context import SessionContext
    from jira_chat.rendering.banner import SessionFacts
    from jira_chat.rendering.output import Output


class AssistantLike(Protocol):
    """What the REPL needs from `jira_chat.conversation.assistant.Assistant`."""

    settings: Settings
    output: Output
    context: SessionContext

    def handle(self, text: str, *, attached: str | None = None) -> ExitCode: ...

    def undo(self, plan_id: str | None = None) -> ExitCode: ...

    def metadata(self) -> InstanceMetadata | None: ...

    def cached_metadata(self) -> InstanceMetadata | None: ...

    def myself(self) -> UserRef: ...

    def browse_url(self, key: str) -> str: ...


class Next(Enum):
    """What the REPL does after a command."""

    CONTINUE = "continue"
    QUIT = "quit"


JQL_SNIPPETS = (
    "project = ",
    "assignee = currentUser()",
    "statusCategory != Done",
    "status = ",
    "issuetype = Bug",
    "ORDER BY updated DESC",
    "ORDER BY priority DESC",
    "ORDER BY key ASC",
)
KNOWN_MODELS = (
    "gemini-3.5-flash-lite",
    "gemini-3.1-flash-lite",
    "gemini-2.5-flash",
    "gemini-2.5-pro",
)


def _graphical_browser_likely() -> bool:
    """A console browser (lynx, w3m) would take over the REPL's terminal: avoid guessing one."""
    if os.environ.get("BROWSER"):
        return True
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class SlashCommands:
    """The `/commands` of one REPL session."""

    def __init__(
        self,
        assistant: AssistantLike,
        *,
        metadata: Callable[[], InstanceMetadata | None] | None = None,
        seen_keys: Callable[[], Iterable[str]] | None = None,
        open_url: Callable[[str], bool] | None = None,
    ) -> None:
        self.assistant = assistant
        self.output = assistant.output
        self.context = assistant.context
        self._metadata = metadata or assistant.metadata
        self._seen_keys = seen_keys or (lambda: ())
        self._open_url = open_url or self._open_in_browser

    # --- dispatch ----------------------------------------------------------------------
    @classmethod
    def names(cls) -> list[str]:
        """Command names in the order they are defined (help order)."""
        return [name[4:] for name in cls.__dict__ if name.startswith("cmd_")]

    @classmethod
    def help_line(cls, name: str) -> str:
        doc = getattr(cls, f"cmd_{name}").__doc__ or ""
        return doc.strip().splitlines()[0] if doc.strip() else ""

    @staticmethod
    def is_command(text: str) -> bool:
        return text.lstrip().startswith("/")

    def run(self, text: str) -> Next:
        """Run one `/command args` line. Raises JiraChatError for the REPL to show."""
        name, _, argument = text.strip()[1:].partition(" ")
        name = name.lower()
        handler = getattr(self, f"cmd_{name}", None) if name else None
        if handler is None:
            listing = ", ".join(f"/{n}" for n in self.names())
            shown = f"/{name}" if name else "/"
            raise UsageError(f"unknown command {shown}", hint=f"commands: {listing}")
        result: Next | None = handler(argument.strip())
        return result or Next.CONTINUE

    def completions(self, name: str, argument: str) -> list[str]:
        """Candidates for the argument of `/name` (filtered by the caller)."""
        method = getattr(self, f"completions_{name.lower()}", None)
        return list(method(argument)) if method is not None else []

    def facts(self, user: UserRef | None = None) -> SessionFacts:
        """What the banner says: the Jira, the user, the default project, the planner."""
        from jira_chat.rendering.banner import session_facts

        return session_facts(
            self.assistant.settings,
            self.assistant.cached_metadata(),
            default_project=self.context.default_project,
            model=self.context.model,
            user=user,
        )

    # --- commands ----------------------------------------------------------------------
    def cmd_help(self, argument: str) -> None:
        """Show the commands, the keys and the requests understood offline (/help examples)."""
        from jira_chat.planning.grammar.hints import OFFLINE_GRAMMAR
        from jira_chat.planning.offline import offline_help

        say = self.output.info
        if argument.strip().lower() in {"examples", "example", "forms"}:
            say("Requests the offline planner understands, with what each does:")
            for line in offline_help().splitlines():
                say(line)
            return
        width = max(len(name) for name in self.names()) + 1
        for name in self.names():
            say(f"  /{name:<{width}} {self.help_line(name)}")
        say(
            "Keys: Tab completes, Alt-Enter adds a line, Ctrl-X Ctrl-E opens $EDITOR, "
            "Ctrl-C cancels, Ctrl-D exits."
        )
        settings = self.assistant.settings
        if settings.gemini_api_key:
            model = self.context.model or settings.model
            say(
                f"Anything else is a request in your own words, for Gemini ({model}). "
                "Without a key, these forms work offline:"
            )
        else:
            say("Anything else is a request. Offline (no GEMINI_API_KEY), these forms work:")
        for line in OFFLINE_GRAMMAR.splitlines():
            say(f"  {line}")
        say(
            "e.g. WEB-12 · jql: project = WEB · my open bugs in WEB · assign it to me · "
            "move WEB-12 to In Progress · close those. /help examples lists them all."
        )

    def completions_help(self, argument: str) -> Iterable[str]:
        return ["examples"]

    def cmd_jql(self, argument: str) -> None:
        """Run a JQL search: /jql project = WEB ORDER BY updated DESC"""
        if not argument:
            raise UsageError("/jql needs a query", hint="e.g. /jql project = WEB ORDER BY key")
        self.assistant.handle(f"jql: {argument}")

    def completions_jql(self, argument: str) -> Iterable[str]:
        return JQL_SNIPPETS

    def cmd_open(self, argument: str) -> None:
        """Open an issue in the browser (or print its URL): /open WEB-12 or /open it"""
        key = self._issue_key(argument)
        url = self.assistant.browse_url(key)
        if self._open_url(url):
            self.output.info(f"opened {url}")
        else:
            self.output.show_reply(url)

    def completions_open(self, argument: str) -> Iterable[str]:
        return ["it", *self._seen_keys()]

    def cmd_project(self, argument: str) -> None:
        """Set the default project for this session: /project WEB"""
        if not argument:
            current = self.context.default_project or "none"
            self.output.info(f"default project: {current}")
            return
        key = argument.strip().upper()
        if key in {"-", "NONE"}:
            self.context.default_project = None
            self.output.info("default project cleared")
            return
        metadata = self._metadata()
        if metadata is not None:
            known = [project.key for project in metadata.projects]
            if key not in known:
                raise ResolutionError(
                    f"there is no project {key}",
                    choices=known,
                    hint=f"projects: {', '.join(known) or 'none'}",
                )
        self.context.default_project = key
        self.output.info(f"default project: {key}")

    def completions_project(self, argument: str) -> Iterable[str]:
        metadata = self._metadata()
        return [project.key for project in metadata.projects] if metadata else []

    def cmd_whoami(self, argument: str) -> None:
        """Show the Jira, who you are there (asked now), the project and the planner."""
        with self.output.status("Asking Jira…"):
            user = self.assistant.myself()
        for line in self.facts(user).lines():
            self.output.info(line)

    def cmd_plan(self, argument: str) -> None:
        """Show the last plan as JSON."""
        if self.context.last_plan is None:
            self.output.info("no plan yet in this session")
            return
        self.output.show_plan(self.context.last_plan)

    def cmd_undo(self, argument: str) -> None:
        """Undo the last plan (or /undo PLAN-ID from `jira-chat log`), after a preview."""
        self.assistant.undo(argument.strip() or None)

    def cmd_model(self, argument: str) -> None:
        """Change the Gemini model for this session: /model gemini-2.5-flash"""
        if argument:
            self.context.model = argument.strip()
        current = self.context.model or self.assistant.settings.model
        self.output.info(f"model: {current}")

    def completions_model(self, argument: str) -> Iterable[str]:
        return dict.fromkeys((self.assistant.settings.model, *KNOWN_MODELS))

    def cmd_clear(self, argument: str) -> None:
        """Forget the conversation (shown issues, last issue, last plan)."""
        self.context.clear()
        self.output.info("context cleared")

    def cmd_quit(self, argument: str) -> Next:
        """Leave jira-chat (Ctrl-D does too)."""
        return Next.QUIT

    # --- helpers -----------------------------------------------------------------------
    def _issue_key(self, argument: str) -> str:
        text = argument.strip()
        if not text or text.lower() == "it":
            if self.context.last_issue is None:
                raise UsageError(
                    "no issue to open yet", hint="name one, e.g. /open WEB-12, or show one first"
                )
            return self.context.last_issue
        key = text.upper()
        if not ISSUE_KEY_RE.match(key):
            raise UsageError(f"{text!r} is not an issue key", hint="e.g. /open WEB-12 or /open it")
        return key

    @staticmethod
    def _open_in_browser(url: str) -> bool:
        if not _graphical_browser_likely():
            return False
        try:
            return webbrowser.open(url)
        except webbrowser.Error:
            return False
