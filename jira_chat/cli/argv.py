"""The command line as people type it, made into the one Typer parses.

Two habits from other tools are accepted rather than refused:
- global options after the command (`jira-chat ask WEB-1 --sandbox`, as `gh` and `git -C`
  users expect): they are moved in front of it;
- a switch given a value (`--sandbox=1`, `--yes=true`, as environment variables are set):
  a true value is the switch, a false one leaves it off.
"""

from __future__ import annotations

from collections.abc import Sequence

COMMANDS = frozenset({"ask", "apply", "doctor", "sandbox", "log", "undo", "init", "login"})
GLOBAL_SWITCHES = frozenset({"--sandbox", "--debug", "--read-only"})
GLOBAL_WITH_VALUE = frozenset({"--project", "-p", "--model"})
SWITCHES = frozenset(
    {*GLOBAL_SWITCHES, "--yes", "-y", "--dry-run", "--json", "--plan", "--reset"}
    | {"--with-token", "--force", "--no-keyring"}
)
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


def normalize_argv(args: Sequence[str]) -> list[str]:
    """`args` without the program name, with switch values and late global options settled."""
    switched = [_switch(arg) for arg in args]
    words = [arg for arg in switched if arg is not None]
    command = _command_index(words)
    if command is None:
        return words
    front, late = list(words[:command]), []
    rest = words[command:]
    kept: list[str] = []
    index = 0
    while index < len(rest):
        arg = rest[index]
        if arg == "--":
            kept.extend(rest[index:])
            break
        name = arg.split("=", 1)[0]
        if arg in GLOBAL_SWITCHES or (name in GLOBAL_WITH_VALUE and "=" in arg):
            late.append(arg)
        elif arg in GLOBAL_WITH_VALUE and index + 1 < len(rest):
            late.extend(rest[index : index + 2])
            index += 1
        else:
            kept.append(arg)
        index += 1
    return [*front, *late, *kept]


def _switch(arg: str) -> str | None:
    """'--sandbox=1' → '--sandbox'; '--sandbox=0' → None (off); anything else unchanged."""
    name, equals, value = arg.partition("=")
    if not equals or name not in SWITCHES:
        return arg
    if value.strip().lower() in TRUE_WORDS:
        return name
    if value.strip().lower() in FALSE_WORDS:
        return None
    return arg  # Typer says the switch takes no value


def _command_index(words: Sequence[str]) -> int | None:
    index = 0
    while index < len(words):
        word = words[index]
        if word == "--":
            return None
        if word in GLOBAL_WITH_VALUE:
            index += 2
            continue
        if word in COMMANDS:
            return index
        if not word.startswith("-"):
            return None  # not a command: leave it for Typer to explain
        index += 1
    return None
