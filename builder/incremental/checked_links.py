"""What the last link check passed, kept between builds: the site's files then, and the
files its pages link to. `BuildCache.link_check_scope` narrows the next check by it.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass


@dataclass(slots=True)
class CheckedLinks:
    files: str = ""
    """The paths of the last checked build's files, sorted and joined by newlines (one
    string: read back in one piece)."""
    linked: str = ""
    """The files its pages link to, joined the same way: at least those (a check of some
    pages adds theirs; a check of every page starts it anew)."""
    _files_now: str = ""
    _linked_now: str = ""

    def still_hold(self, paths: Sequence[str]) -> bool:
        """Take this build's files (`paths`, sorted): whether the last check still holds
        for the pages not made again (there was one, and no file they link to went away)."""
        self._files_now = "\n".join(paths)
        if not self.files:
            return False
        gone = _paths(self.files).difference(paths)
        return not gone or gone.isdisjoint(_paths(self.linked))

    def passed(self, targets: Collection[str], whole: bool) -> None:
        """The files the pages checked link to (`whole`: every page was checked)."""
        kept = frozenset() if whole else _paths(self.linked)
        if whole or not kept.issuperset(targets):
            self._linked_now = "\n".join(sorted(kept.union(targets)))
        else:
            self._linked_now = self.linked

    def commit(self) -> None:
        """Keep what this build's check passed (the build succeeded)."""
        self.files, self._files_now = self._files_now, ""
        self.linked, self._linked_now = self._linked_now, ""


@functools.lru_cache(maxsize=2)
def _paths(joined: str) -> frozenset[str]:
    """Paths joined by newlines, as a set (made once for each of the few values a build
    asks about: the last check's files and the files its pages link to)."""
    return frozenset(joined.split("\n") if joined else ())
