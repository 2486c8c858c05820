"""Ctrl-C during a write: let the write finish, then say so, so it is never half-done."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType


@dataclass
class HeldInterrupt:
    """Whether Ctrl-C arrived while it was held; the caller decides what that means."""

    arrived: bool = False


@contextmanager
def defer_interrupts() -> Iterator[HeldInterrupt]:
    """Hold SIGINT until the block ends and report whether one arrived.

    The caller, not this helper, decides what to do next: the finished write must still be
    shown and remembered before the rest of the plan is cancelled. Only the main thread can
    install signal handlers; elsewhere Ctrl-C is not held.
    """
    held = HeldInterrupt()
    if threading.current_thread() is not threading.main_thread():
        yield held
        return

    def _hold(signum: int, frame: FrameType | None) -> None:
        held.arrived = True

    previous = signal.signal(signal.SIGINT, _hold)
    try:
        yield held
    finally:
        signal.signal(signal.SIGINT, previous)
