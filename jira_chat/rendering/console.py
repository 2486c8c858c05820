"""Rich consoles configured from the environment: colour only on a terminal without NO_COLOR.

Rich is imported here, and this module is imported only when something is about to be shown,
so `jira-chat --help` stays quick.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console


def make_console(stream: TextIO, *, is_tty: bool, no_color: bool) -> Console:
    """A console that writes no ANSI escape at all unless it is a terminal with colour allowed.

    `color_system=None` is what makes Rich drop every style and hyperlink escape; `no_color`
    alone would still emit bold and links.
    """
    coloured = is_tty and not no_color
    return Console(
        file=stream,
        force_terminal=is_tty,
        force_interactive=is_tty and not no_color,
        color_system="auto" if coloured else None,
        no_color=not coloured,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )
