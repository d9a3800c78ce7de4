"""Append annotations to a sidecar's text, leaving everything already in it as it was.

Takes the sidecar's text (or None when the article has none yet) and `NewEntry`s;
returns the new text: the old text unchanged, then the entries written as YAML at the
indentation of the list they join. Nothing is re-dumped, so comments, key order and
formatting stay. Each entry is written, then read back through the sidecar schema
(`entry_problems`) before it is kept, and the whole file is read back before it is
returned: a value that would not read as written stops the import instead of
changing the sidecar.
"""

from __future__ import annotations

import json
import logging
import re
import textwrap
from dataclasses import dataclass

from builder.commands.note_kinds import NoteFields
from builder.commands.scaffold import SIDECAR_HEADER
from builder.diagnostics import Diagnostics
from builder.load.annotations import COMMON_FIELDS, KIND_FIELDS, QuoteSelector
from builder.load.schema import Field, check_mapping
from builder.load.yamlio import YMapping, YScalar, YSequence, parse_yaml
from builder.site import SCHEMA_DIR

log = logging.getLogger(__name__)

NEW_SIDECAR = SIDECAR_HEADER + "annotations:\n"
WRAP = 88
"""A long one-line note is folded into lines of at most this many characters."""
_FLOW_EMPTY = re.compile(r"^(?P<key>\s*annotations\s*:)\s*\[\s*\](?P<rest>\s*(?:#.*)?)$")


@dataclass(frozen=True, slots=True)
class NewEntry:
    id: str
    selector: QuoteSelector
    fields: NoteFields


class SidecarLayoutError(Exception):
    """The sidecar's text cannot take appended entries; the message says why."""


def entry_yaml(entry: NewEntry, dash: str = "  ") -> str:
    """Write one entry as a block-style list item, its dash indented by `dash`."""
    f, sel = entry.fields, entry.selector
    lines = [f"- id: {entry.id}", f"kind: {f.kind}", f"quote: {_scalar(sel.exact)}"]
    if sel.prefix:
        lines.append(f"prefix: {_scalar(sel.prefix)}")
    if sel.suffix:
        lines.append(f"suffix: {_scalar(sel.suffix)}")
    if sel.occurrence is not None:
        lines.append(f"occurrence: {sel.occurrence}")
    if f.url:
        lines.append(f"url: {_scalar(f.url)}")
    if f.title:
        lines.append(f"title: {_scalar(f.title)}")
    if f.verdict:
        lines.append(f"verdict: {f.verdict}")
    if f.term:
        lines.append(f"term: {f.term}")
    if f.note:
        lines.append("note:" + _block(f.note, dash + "    "))
    if f.sources:
        lines.append("sources:")
        lines += [f"  - {{title: {_json(s.title)}, url: {_json(s.url)}}}" for s in f.sources]
    head, *rest = lines
    return "\n".join([dash + head] + [f"{dash}  {line}" for line in rest]) + "\n"


def entry_problems(entry: NewEntry, verdicts: tuple[str, ...]) -> list[str]:
    """What the sidecar schema says about an entry as written ([] when it is valid)."""
    node = parse_yaml(entry_yaml(entry, ""), "-", Diagnostics())
    item = node.items[0] if isinstance(node, YSequence) and node.items else None
    diags = Diagnostics()
    fields = tuple(
        Field(f.name, f.type, f.required, f.help, verdicts) if f.name == "verdict" else f
        for f in COMMON_FIELDS + KIND_FIELDS[entry.fields.kind]
    )
    if item is None:
        return ["it does not read back as YAML"]
    checked = check_mapping(item, fields, diags, f"a {entry.fields.kind} annotation")
    problems = [d.message for d in diags.errors]
    if checked is not None and not problems:
        written = {k: v for k, v in checked.values.items() if isinstance(v, str)}
        note = entry.fields.note
        if written.get("quote") != entry.selector.exact or written.get("note", "") != note:
            problems.append("its quote or note does not read back as written")
    return problems


def append_entries(text: str | None, entries: list[NewEntry], slug: str, comment: str) -> str:
    """Return the sidecar's text with `entries` appended after a `# comment` line."""
    if text is None:
        text = NEW_SIDECAR.format(schema_dir=SCHEMA_DIR, slug=slug)
        dash, count = "  ", 0
    else:
        text, dash, count = _open_list(text)
    if text and not text.endswith("\n"):
        text += "\n"
    added = [f"\n{dash}# {comment}\n"] + [entry_yaml(e, dash) for e in entries]
    new_text = text + "".join(added)
    _check_appended(new_text, count + len(entries))
    return new_text


def _open_list(text: str) -> tuple[str, str, int]:
    """Make the text end inside its `annotations:` list; return it, the list's dash
    indentation and how many items the list holds."""
    node = parse_yaml(text, "sidecar", Diagnostics())
    if not isinstance(node, YMapping):
        raise SidecarLayoutError("the sidecar is not a mapping with an `annotations:` list")
    items = node.items.get("annotations")
    if items is None:
        if node.items:
            raise SidecarLayoutError("the sidecar has no `annotations:` list to add to")
        return text.rstrip("\n") + ("\n" if text.strip() else "") + "annotations:\n", "  ", 0
    if isinstance(items, YScalar) and items.tag == "null":
        return text, "  ", 0
    if not isinstance(items, YSequence):
        raise SidecarLayoutError("the sidecar's `annotations` is not a list")
    lines = text.split("\n")
    if not items.items:
        line = node.key_marks["annotations"][0] - 1
        match = _FLOW_EMPTY.match(lines[line])
        if match is None:
            raise SidecarLayoutError("write the sidecar's empty `annotations` as `annotations: []`")
        lines[line] = match["key"] + match["rest"]
        return "\n".join(lines), "  ", 0
    first = items.items[0]
    before = lines[first.line - 1][: first.column - 1].rstrip()
    if not before.endswith("-"):
        raise SidecarLayoutError(
            "the sidecar's `annotations` list is written in flow style ([...]); write it as "
            "a block list (one `- ` item per entry) to import into it"
        )
    dash = " " * (len(before) - 1)
    return text, dash, len(items.items)


def _check_appended(text: str, count: int) -> None:
    diags = Diagnostics()
    node = parse_yaml(text, "sidecar", diags)
    items = node.items.get("annotations") if isinstance(node, YMapping) else None
    if diags.errors or not isinstance(items, YSequence) or len(items.items) != count:
        raise SidecarLayoutError(
            "the entries would not join the sidecar's `annotations:` list (is it the last "
            "thing in the file?)"
        )


def _scalar(value: str) -> str:
    """A one-line YAML scalar: plain when it reads back as the same text, else quoted."""
    if _reads_back(f"k: {value}\n", value):
        return value
    return _json(value)


def _block(value: str, indent: str) -> str:
    """A note as YAML: a short line inline; a long line folded (`>-`) into lines of
    WRAP characters; several lines as a literal block (`|`) that keeps them."""
    if "\n" not in value:
        if len(indent) + len(value) <= WRAP:
            return " " + _scalar(value)
        lines = textwrap.wrap(
            value, WRAP - len(indent), break_long_words=False, break_on_hyphens=False
        )
        folded = " >-\n" + "\n".join(indent + line for line in lines)
        return folded if _reads_back(f"k:{folded}\n", value) else " " + _scalar(value)
    lines = value.split("\n")
    chomp = "" if value.endswith("\n") and not value.endswith("\n\n") else "-"
    body = "\n".join(indent + line if line else "" for line in lines[: -1 if not chomp else None])
    literal = f" |{chomp}\n{body}"
    if _reads_back(f"k:{literal}\n", value):
        return literal
    return " " + _json(value)


def _reads_back(yaml_text: str, value: str) -> bool:
    node = parse_yaml(yaml_text, "-", Diagnostics())
    scalar = node.items.get("k") if isinstance(node, YMapping) else None
    return isinstance(scalar, YScalar) and scalar.tag == "str" and scalar.value == value


def _json(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)
