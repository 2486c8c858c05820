"""Rich consoles configured from the environment: colour only on a terminal without NO_COLOR.

Rich is imported here, and this module is imported only when something is about to be shown,
so `jira-chat --help` stays quick.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment


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


class RightTrimmed:
    """Render `renderable` with the trailing spaces of every line removed.

    Rich pads Markdown, grids and `Padding` out to the full width of the terminal; on a wide
    terminal each line of a detail view would end in 100+ spaces, which come along when the
    text is copied (and wrap badly when the terminal is narrowed). Spaces that carry a
    background colour are kept: they are visible.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = console.render_lines(self.renderable, options, pad=False, new_lines=False)
        newline = Segment.line()
        for line in lines:
            yield from _rstrip_segments(line)
            yield newline


def _rstrip_segments(line: list[Segment]) -> list[Segment]:
    segments = list(line)
    while segments:
        last = segments[-1]
        if last.control or (last.style is not None and last.style.bgcolor is not None):
            break
        text = last.text.rstrip(" ")
        if text:
            segments[-1] = Segment(text, last.style, last.control)
            break
        segments.pop()
    return segments
