"""`fix`: rewrite drifted quotes in sidecars, changing nothing else in the file.

Takes the drifts found by a check of the site and splices new `quote`,
`prefix` and `suffix` values into the YAML text at the exact character ranges
of the old ones, so comments, key order and formatting stay as they were.
"""

from __future__ import annotations

import codecs
import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from builder.anchor.annotate import Drift
from builder.diagnostics import Diagnostics
from builder.load.yamlio import YMapping, YScalar, YSequence, decode_yaml_bytes, parse_yaml

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Edit:
    path: str
    line: int
    field: str
    old: str
    new: str


def fix_drifts(site_dir: Path, drifts: list[Drift]) -> list[Edit]:
    """Rewrite each drift in the sidecar it was read from; return the edits made."""
    by_file: dict[str, list[Drift]] = defaultdict(list)
    for drift in drifts:
        by_file[drift.annotation.location.path].append(drift)
    edits: list[Edit] = []
    for rel, file_drifts in sorted(by_file.items()):
        path = site_dir / rel
        raw = path.read_bytes()
        text = decode_yaml_bytes(raw, rel, Diagnostics())
        if text is None:
            continue
        new_text, file_edits = splice_drifts(text, rel, file_drifts)
        if file_edits:
            # Keep the file's own line ends and byte-order mark: only the values change.
            if b"\r\n" in raw:
                new_text = new_text.replace("\n", "\r\n")
            bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
            path.write_bytes(bom + new_text.encode("utf-8"))
            edits += file_edits
    return edits


def splice_drifts(text: str, rel: str, drifts: list[Drift]) -> tuple[str, list[Edit]]:
    """Return the sidecar text with each drifted selector rewritten in place."""
    node = parse_yaml(text, rel, Diagnostics())
    items = node.items.get("annotations") if isinstance(node, YMapping) else None
    if not isinstance(items, YSequence):
        return text, []
    by_quote_line = {(d.annotation.location.line, d.annotation.location.column): d for d in drifts}
    replacements: list[tuple[YScalar, str, str]] = []
    for item in items.items:
        if not isinstance(item, YMapping):
            continue
        quote = item.items.get("quote")
        if not isinstance(quote, YScalar):
            continue
        drift = by_quote_line.get((quote.location.line, quote.location.column))
        if drift is None:
            continue
        for field, value in (
            ("quote", drift.quote),
            ("prefix", drift.prefix),
            ("suffix", drift.suffix),
        ):
            scalar = item.items.get(field)
            if isinstance(scalar, YScalar) and scalar.value != value:
                replacements.append((scalar, field, value))
    edits = []
    for scalar, field, value in sorted(replacements, key=lambda r: -r[0].start):
        original = text[scalar.start : scalar.end]
        text = text[: scalar.start] + yaml_scalar(value, original) + text[scalar.end :]
        edits.append(Edit(rel, scalar.location.line, field, scalar.value, value))
    return text, sorted(edits, key=lambda e: (e.line, e.field))


def yaml_scalar(value: str, original: str) -> str:
    """Write `value` as a YAML scalar in the style of `original` when that is safe."""
    if original.startswith("'"):
        return "'" + value.replace("'", "''") + "'"
    if not original.startswith('"') and _plain_is_safe(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _plain_is_safe(value: str) -> bool:
    """Whether `value` reads back as the same text when written unquoted."""
    if value != value.strip() or "\n" in value:
        return False
    node = parse_yaml(f"k: {value}\n", "-", Diagnostics())
    scalar = node.items.get("k") if isinstance(node, YMapping) else None
    return isinstance(scalar, YScalar) and scalar.tag == "str" and scalar.value == value
