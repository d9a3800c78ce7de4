"""Problems found in the site's input, with the place that causes them.

Every stage reports through a `Diagnostics` collector; `raise_if_errors()` at a
stage boundary turns the collected errors into one `BuildFailed`, which only the
CLI catches and prints.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

log = logging.getLogger(__name__)

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class SourceLocation:
    path: str
    """Path relative to the site folder, with forward slashes."""
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


FieldLocations = tuple[tuple[str, SourceLocation], ...]
"""Where a value's fields were written, by field name (a list's items as `aliases.0`, ...):
kept with a loaded value so that a later stage can point at the very node it objects to."""


def field_location(locations: FieldLocations, name: str, default: SourceLocation) -> SourceLocation:
    """Return where field `name` was written, or `default` when it was not."""
    return next((loc for field_name, loc in locations if field_name == name), default)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    message: str
    location: SourceLocation
    code: str
    """Stable, documented identifier such as `quote-not-found` (docs/diagnostics.md)."""
    hint: str = ""
    severity: Severity = "error"
    detail: tuple[str, ...] = ()
    """Extra lines printed under the message (matches, the closest passage, ...)."""

    def __str__(self) -> str:
        lines = [f"{self.location}: {self.severity}[{self.code}]: {self.message}"]
        lines.extend(f"  {line}" for line in self.detail)
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)

    def as_json(self) -> dict[str, object]:
        """Return the diagnostic as a JSON-ready mapping."""
        return {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "detail": list(self.detail),
            "hint": self.hint,
        }

    def as_github(self) -> str:
        """Return a GitHub Actions workflow command that annotates the PR diff."""
        loc = self.location
        text = "\n".join(
            [self.message, *self.detail] + ([f"hint: {self.hint}"] if self.hint else [])
        )
        body = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        props = f"file={loc.path},line={loc.line},col={loc.column},title={self.code}"
        return f"::{self.severity} {props}::{body}"


class BuildFailed(Exception):
    """The input has errors; nothing was written."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=_sort_key)
        super().__init__(f"{len(self.diagnostics)} problem(s) in the site's input")


def _sort_key(diag: Diagnostic) -> tuple[SourceLocation, str]:
    return (diag.location, diag.message)


@dataclass(slots=True)
class Diagnostics:
    """Collects diagnostics across stages; warnings count as errors when `strict`."""

    strict: bool = False
    items: list[Diagnostic] = field(default_factory=list)

    def error(
        self,
        location: SourceLocation,
        code: str,
        message: str,
        hint: str = "",
        detail: Iterable[str] = (),
    ) -> None:
        self.items.append(Diagnostic(message, location, code, hint, "error", tuple(detail)))

    def warning(
        self,
        location: SourceLocation,
        code: str,
        message: str,
        hint: str = "",
        detail: Iterable[str] = (),
    ) -> None:
        severity: Severity = "error" if self.strict else "warning"
        self.items.append(Diagnostic(message, location, code, hint, severity, tuple(detail)))

    def extend(self, found: Iterable[Diagnostic]) -> None:
        """Add diagnostics found apart (the per-article stage runs without `strict`, so its
        results hold for any build); under `strict` their warnings count as errors."""
        for diag in found:
            if self.strict and diag.severity == "warning":
                diag = replace(diag, severity="error")
            self.items.append(diag)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def raise_if_errors(self) -> None:
        """Stop the build with every error collected so far."""
        if self.errors:
            raise BuildFailed(self.items)


def format_diagnostics(diags: Iterable[Diagnostic], fmt: str) -> str:
    """Render diagnostics as `text`, `github` workflow commands or `json`."""
    ordered = sorted(diags, key=_sort_key)
    if fmt == "json":
        return json.dumps([d.as_json() for d in ordered], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(d.as_github() for d in ordered)
    return "\n".join(str(d) for d in ordered)
