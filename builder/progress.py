"""Build progress on a terminal: a bar with counts for the slow stages of a long build.

Shown only when stderr is a terminal, not in CI (the `CI` variable that CI services
set) and not with `--quiet`; a build that finishes within half a second draws nothing.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Protocol, TextIO, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
BAR_WIDTH = 30
DELAY_SECONDS = 0.5
"""Draw nothing for builds shorter than this."""
INTERVAL_SECONDS = 0.1
"""Redraw at most this often."""


class Progress(Protocol):
    def track(self, label: str, items: Sequence[T]) -> Iterator[T]:
        """Yield the items, showing how many are done."""
        ...


class NoProgress:
    """Progress that shows nothing (not a terminal, CI, --quiet)."""

    def track(self, label: str, items: Sequence[T]) -> Iterator[T]:
        return iter(items)


class TerminalProgress:
    """A one-line bar, `Annotating [#####     ] 120/1000`, redrawn in place on stderr."""

    def __init__(
        self,
        stream: TextIO,
        delay: float = DELAY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.clock = clock
        self.shown_after = clock() + delay

    def track(self, label: str, items: Sequence[T]) -> Iterator[T]:
        total = len(items)
        drawn_at: float | None = None
        for done, item in enumerate(items, 1):
            yield item
            now = self.clock()
            if now >= self.shown_after and (
                drawn_at is None or now - drawn_at >= INTERVAL_SECONDS or done == total
            ):
                self._draw(label, done, total)
                drawn_at = now
        if drawn_at is not None:
            self.stream.write("\r\x1b[K")  # clear the line for the build's summary
            self.stream.flush()

    def _draw(self, label: str, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + " " * (BAR_WIDTH - filled)
        self.stream.write(f"\r{label} [{bar}] {done}/{total}")
        self.stream.flush()


def progress_for(
    stream: TextIO, quiet: bool = False, env: Mapping[str, str] = os.environ
) -> Progress:
    """Choose a bar for an interactive terminal, silence for CI, pipes and --quiet."""
    in_ci = env.get("CI", "").strip().lower() not in {"", "0", "false", "no"}
    if quiet or in_ci or env.get("TERM") == "dumb" or not stream.isatty():
        return NoProgress()
    return TerminalProgress(stream)


NO_PROGRESS: Progress = NoProgress()
