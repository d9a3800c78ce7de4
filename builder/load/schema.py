"""Field definitions for the YAML files, and the one validator that checks them.

Each file kind (site.yaml, sidecar annotations, glossary entries) describes its
fields once, as `Field` data; `check_mapping` validates a located `YMapping`
against them and returns plain Python values plus where each one came from.
"""

from __future__ import annotations

import difflib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from builder.diagnostics import Diagnostics, SourceLocation
from builder.load.yamlio import YMapping, YNode, YScalar, YSequence, describe

log = logging.getLogger(__name__)

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_TEXT = 1_000
MAX_MARKDOWN = 10_000
# Python-Markdown's link parser is quadratic on runs of brackets (8,000 `[` take 18 s).
MAX_BRACKETS = 300
_UNSAFE_URL_CHARS = re.compile(r"[\s\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069<>\"`]")


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: str
    """text, markdown, id, url, int, bool, date, choice, folder (a relative folder path,
    may be empty), mapping, list, text-map, or node (unchecked)."""
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    """For `mapping`, and for `list` of mappings: the nested fields."""
    item: str = ""
    """For `list`: the type of each item (text, id, url, mapping)."""
    schemes: tuple[str, ...] = ("http", "https", "mailto")
    """For `url`: the schemes allowed."""
    default: Any = None


@dataclass(frozen=True, slots=True)
class Checked:
    """A validated mapping: values by field name and where each value is."""

    values: dict[str, Any]
    nodes: dict[str, YNode]
    """The node each value was read from; a list's items as `name.0`, `name.1`, ... (the
    valid ones): `loc` says where it is written."""
    location: SourceLocation

    def loc(self, name: str) -> SourceLocation:
        """Where field `name` is written (the mapping's start when it is not)."""
        node = self.nodes.get(name)
        return self.location if node is None else node.location


def check_mapping(
    node: YNode, fields: tuple[Field, ...], diags: Diagnostics, what: str
) -> Checked | None:
    """Validate a mapping against its fields; None when it is not a mapping at all."""
    if not isinstance(node, YMapping):
        diags.error(
            node.location,
            "wrong-type",
            f"{what} must be a mapping, not {describe(node)}",
            "write `name: value` lines",
        )
        return None
    known = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    nodes: dict[str, YNode] = {}
    for key in node.key_marks:
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else ("known fields: " + ", ".join(sorted(known)))
            )
            diags.error(
                node.key_location(key), "unknown-field", f"unknown field '{key}' in {what}", hint
            )
    for spec in fields:
        value_node = node.items.get(spec.name)
        if value_node is None or (isinstance(value_node, YScalar) and value_node.tag == "null"):
            if spec.required:
                loc = node.key_location(spec.name)
                diags.error(
                    loc,
                    "missing-field",
                    f"{what} is missing required field '{spec.name}'",
                    f"add `{spec.name}:` ({spec.help})" if spec.help else f"add `{spec.name}:`",
                )
            elif spec.default is not None:
                values[spec.name] = spec.default
            continue
        nodes[spec.name] = value_node
        if spec.type == "list" and isinstance(value_node, YSequence):
            kept = _check_list(value_node, spec, diags, what)
            nodes.update((f"{spec.name}.{i}", item) for i, (_, item) in enumerate(kept))
            values[spec.name] = [value for value, _ in kept]
            continue
        checked = _check_value(value_node, spec, diags, what)
        if checked is not None:
            values[spec.name] = checked
        elif spec.default is not None:
            # The error is reported; the default keeps later stages from
            # tripping over a missing key while the rest is still checked.
            values[spec.name] = spec.default
    return Checked(values, nodes, node.location)


def _check_value(node: YNode, spec: Field, diags: Diagnostics, what: str) -> Any:
    kind = spec.type
    if kind == "node":
        return node  # validated by the caller, item by item
    if kind == "mapping":
        checked = check_mapping(node, spec.fields, diags, f"'{spec.name}'")
        return checked
    if kind == "list":
        if not isinstance(node, YSequence):
            diags.error(
                node.location,
                "wrong-type",
                f"'{spec.name}' must be a list, not {describe(node)}",
                f"write each item on its own `- ` line under `{spec.name}:`",
            )
            return None
        return [value for value, _ in _check_list(node, spec, diags, what)]
    if kind == "text-map":
        if not isinstance(node, YMapping):
            diags.error(
                node.location,
                "wrong-type",
                f"'{spec.name}' must be a mapping, not {describe(node)}",
                "write `id: label` lines",
            )
            return None
        result: dict[str, str] = {}
        for key, value in node.items.items():
            if not ID_RE.fullmatch(key):
                diags.error(
                    node.key_location(key),
                    "bad-id",
                    f"'{key}' is not a valid id",
                    "use lowercase letters, digits and single hyphens",
                )
                continue
            text = _check_value(value, Field(key, "text"), diags, what)
            if text is not None:
                result[key] = text
        return result
    if not isinstance(node, YScalar):
        diags.error(
            node.location,
            "wrong-type",
            f"'{spec.name}' must be {_expected(kind)}, not {describe(node)}",
            "write a single value on the same line",
        )
        return None
    return _check_scalar(node, spec, diags)


def _check_list(
    node: YSequence, spec: Field, diags: Diagnostics, what: str
) -> list[tuple[Any, YNode]]:
    """Check each item of a list; return the valid ones with the node each was read from."""
    item_spec = Field(spec.name, spec.item, fields=spec.fields, schemes=spec.schemes)
    checked = ((_check_value(item, item_spec, diags, what), item) for item in node.items)
    return [(value, item) for value, item in checked if value is not None]


def _expected(kind: str) -> str:
    return {
        "int": "a whole number",
        "bool": "true or false",
        "id": "an id",
        "url": "a URL",
        "date": "a date",
    }.get(kind, "text")


def _check_scalar(node: YScalar, spec: Field, diags: Diagnostics) -> Any:
    value = node.value
    name = spec.name
    if kind_is_text(spec.type) and not value.strip():
        diags.error(
            node.location,
            "empty-field",
            f"'{name}' is empty",
            f"write the {name}, or remove the field",
        )
        return None
    if spec.type == "folder":
        problem = folder_problem(value)
        if problem:
            diags.error(
                node.location,
                "bad-value",
                f"'{name}' {problem}: {value!r}",
                "write the folder relative to the repository's root, e.g. `site`, or ''",
            )
            return None
        return value
    if spec.type == "int":
        if node.tag != "int" or not value.isdigit() or int(value) < 1:
            diags.error(
                node.location,
                "wrong-type",
                f"'{name}' must be a whole number from 1, not '{value}'",
                f"write e.g. `{name}: 2`",
            )
            return None
        return int(value)
    if spec.type == "bool":
        if node.tag != "bool" or value.lower() not in {"true", "false"}:
            diags.error(
                node.location,
                "wrong-type",
                f"'{name}' must be true or false, not '{value}'",
                f"write `{name}: true` or `{name}: false`",
            )
            return None
        return value.lower() == "true"
    if spec.type == "text":
        if len(value) > MAX_TEXT:
            diags.error(
                node.location,
                "too-long",
                f"'{name}' is {len(value)} characters; the limit is {MAX_TEXT}",
                "shorten it",
            )
            return None
        return value
    if spec.type == "markdown":
        if len(value) > MAX_MARKDOWN or value.count("[") > MAX_BRACKETS:
            diags.error(
                node.location,
                "too-long",
                f"'{name}' is too long or has too many brackets "
                f"(limit {MAX_MARKDOWN} characters, {MAX_BRACKETS} '[')",
                "shorten it",
            )
            return None
        return value
    if spec.type == "id":
        if not ID_RE.fullmatch(value):
            diags.error(
                node.location,
                "bad-id",
                f"'{value}' is not a valid id for '{name}'",
                "use lowercase letters, digits and single hyphens, e.g. `six-party-talks`",
            )
            return None
        return value
    if spec.type == "choice":
        if value not in spec.choices:
            close = difflib.get_close_matches(value, spec.choices, n=1)
            hint = (
                f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(spec.choices)
            )
            diags.error(node.location, "bad-value", f"'{value}' is not a valid {name}", hint)
            return None
        return value
    if spec.type == "date":
        if not DATE_RE.fullmatch(value.strip()):
            diags.error(
                node.location,
                "bad-date",
                f"'{name}' must be a date like 2013-04-19, not '{value}'",
                "write the date as YYYY-MM-DD",
            )
            return None
        return value.strip()
    if spec.type == "url":
        problem = url_problem(value, spec.schemes)
        if problem:
            diags.error(
                node.location,
                "bad-url",
                f"'{name}' {problem}: {value!r}",
                "write a full address such as https://example.org/page",
            )
            return None
        if value.strip().lower().startswith("http:"):
            diags.warning(
                node.location,
                "insecure-url",
                f"'{name}' uses plain http: {value}",
                "use https if the site supports it",
            )
        return value.strip()
    raise AssertionError(f"unknown field type {spec.type}")


def kind_is_text(kind: str) -> bool:
    return kind in {"text", "markdown", "id", "url", "choice", "date"}


def url_problem(value: str, schemes: tuple[str, ...]) -> str:
    """Say what is wrong with a URL, or return '' when it is acceptable."""
    url = value.strip()
    if _UNSAFE_URL_CHARS.search(url):
        return "contains spaces, quotes, angle brackets, control or direction-changing characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed host or port
    except ValueError as exc:  # e.g. "https://[oops/": an unclosed IPv6 bracket
        return f"is not a valid address ({exc})"
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        return f"must start with {' or '.join(s + ':' for s in schemes)}"
    if scheme in {"http", "https"} and not parts.hostname:
        return "has no host"
    if scheme == "mailto" and "@" not in parts.path:
        return "has no address"
    return ""


def folder_problem(value: str) -> str:
    """Say what is wrong with a folder path inside a repository, or return ''.

    Slashes around it do not matter: `/site/`, `site/` and `site` are the same folder."""
    text = value.strip()
    if any(part in {".", ".."} for part in text.strip("/").split("/")) or "\\" in text:
        return "must be a plain folder path such as 'site' or 'docs/edition'"
    if any(c.isspace() or c in "#?%" for c in text):
        return "contains spaces or characters that do not belong in a path"
    return ""


def fold_id(value: str) -> str:
    """Return the form in which two ids collide (NFC + casefold)."""
    return unicodedata.normalize("NFC", value).casefold()


@dataclass(slots=True)
class IdRegistry:
    """Remembers ids to report duplicates at their second place."""

    seen: dict[str, SourceLocation] = field(default_factory=dict)

    def claim(self, value: str, loc: SourceLocation, diags: Diagnostics, what: str) -> bool:
        key = fold_id(value)
        if key in self.seen:
            first = self.seen[key]
            diags.error(
                loc,
                "duplicate-id",
                f"duplicate {what} '{value}' (first used at {first})",
                "give each one a different id",
            )
            return False
        self.seen[key] = loc
        return True
