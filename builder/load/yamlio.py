"""The only place YAML is parsed.

`read_yaml_file` decodes a file (UTF-8 only, BOM stripped, CRLF folded, size
capped) and `parse_yaml` composes it with libyaml into `YMapping`/`YSequence`/
`YScalar` values that remember where each node starts and ends. Nothing is
constructed by YAML's own rules: scalars stay strings with their resolved tag,
and the schema decides what they mean. Duplicate keys, aliases, custom tags,
non-scalar keys and several documents are errors.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import NamedTuple

import yaml

from builder.diagnostics import Diagnostics, SourceLocation
from builder.load.files import read_site_file, report_too_large

log = logging.getLogger(__name__)

MAX_YAML_BYTES = 1024 * 1024

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG_PREFIX = "tag:yaml.org,2002:"
_SCALAR_TAGS = {"str", "int", "float", "bool", "null", "timestamp"}


# The nodes are NamedTuples, not frozen dataclasses: a sidecar of 75 notes has some
# 1,200 of them, and a tuple is made several times faster (immutable all the same).
# Each keeps its line and column, not a SourceLocation: one is made when asked for.


class YScalar(NamedTuple):
    value: str
    tag: str
    """Resolved YAML 1.1 type without prefix: str, int, float, bool, null, timestamp."""
    path: str
    line: int
    column: int
    start: int
    """Character offset of the node in the file text (for rewriting one value)."""
    end: int

    @property
    def location(self) -> SourceLocation:
        return SourceLocation(self.path, self.line, self.column)


class YSequence(NamedTuple):
    items: tuple[YNode, ...]
    path: str
    line: int
    column: int

    @property
    def location(self) -> SourceLocation:
        return SourceLocation(self.path, self.line, self.column)


class YMapping(NamedTuple):
    items: dict[str, YNode]
    key_marks: dict[str, tuple[int, int]]
    """Where each key starts (line, column): errors about a key point there (`key_location`)."""
    path: str
    line: int
    column: int

    @property
    def location(self) -> SourceLocation:
        return SourceLocation(self.path, self.line, self.column)

    def key_location(self, key: str) -> SourceLocation:
        """Where `key` is written (the mapping's start when it is not in it)."""
        mark = self.key_marks.get(key)
        return self.location if mark is None else SourceLocation(self.path, *mark)

    def get(self, key: str) -> YNode | None:
        return self.items.get(key)


YNode = YMapping | YSequence | YScalar


def describe(node: YNode) -> str:
    """Name a node's type the way an author would."""
    if isinstance(node, YMapping):
        return "a mapping"
    if isinstance(node, YSequence):
        return "a list"
    return {"null": "an empty value", "str": "text"}.get(node.tag, f"a {node.tag}")


def decode_yaml_bytes(
    data: bytes, path: str, diags: Diagnostics, limit: int = MAX_YAML_BYTES
) -> str | None:
    """Decode UTF-8 (BOM stripped, CRLF and CR as LF); report anything else."""
    if len(data) > limit:
        report_too_large(SourceLocation(path), len(data), limit, diags)
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        diags.error(
            SourceLocation(path),
            "bad-encoding",
            "file is UTF-16; it must be UTF-8",
            "save the file as UTF-8 in your editor",
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.error(
            SourceLocation(path, line, col),
            "bad-encoding",
            f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid UTF-8",
            "save the file as UTF-8 (it looks like Latin-1 or Windows-1252)",
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_yaml_file(site_dir: Path, rel_path: str, diags: Diagnostics) -> YNode | None:
    """Read, decode and parse one YAML file; None when it has errors (reported)."""
    text = read_yaml_text(site_dir, rel_path, diags)
    if text is None:
        return None
    return parse_yaml(text, rel_path, diags)


def read_yaml_text(site_dir: Path, rel_path: str, diags: Diagnostics) -> str | None:
    """Read and decode one YAML file, unparsed; None when it cannot be (reported)."""
    data = read_site_file(site_dir, rel_path, diags, MAX_YAML_BYTES)
    return None if data is None else decode_yaml_bytes(data, rel_path, diags)


def parse_yaml(text: str, path: str, diags: Diagnostics, line_offset: int = 0) -> YNode | None:
    """Compose YAML text into located nodes; None when it has errors (reported).

    `line_offset` is added to every line, for YAML embedded in another file
    (an article's front matter).
    """
    try:
        node = yaml.compose(text, Loader=_Loader)  # noqa: S506 - compose never constructs objects
        if node is None:
            return YMapping({}, {}, path, 1 + line_offset, 1)
        return _Converter(path, diags, line_offset).convert(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        diags.error(
            SourceLocation(path, line + line_offset, col),
            "yaml-syntax",
            f"YAML syntax error: {message}",
            "check indentation, and quote text that contains ': ' or starts with a special "
            "character such as '\"', '*', '&', '!', '[' or '{'",
        )
        return None
    except yaml.YAMLError as exc:
        diags.error(
            SourceLocation(path, 1 + line_offset, 1),
            "yaml-syntax",
            f"YAML error: {exc}",
            "fix the YAML syntax",
        )
        return None
    except RecursionError:  # composing or converting very deep nesting
        diags.error(
            SourceLocation(path, 1 + line_offset, 1),
            "yaml-too-deep",
            "YAML is nested too deeply",
            "flatten the structure",
        )
        return None


class _Converter:
    """Turn composed nodes into located values, rejecting what YAML allows but we do not."""

    def __init__(self, path: str, diags: Diagnostics, line_offset: int) -> None:
        self.path = path
        self.diags = diags
        self.line_offset = line_offset
        self.seen: set[int] = set()
        self.ok = True

    def loc(self, node: yaml.Node) -> SourceLocation:
        mark = node.start_mark
        return SourceLocation(self.path, mark.line + 1 + self.line_offset, mark.column + 1)

    def fail(self, node: yaml.Node, code: str, message: str, hint: str) -> None:
        self.diags.error(self.loc(node), code, message, hint)
        self.ok = False

    def convert(self, node: yaml.Node) -> YNode | None:
        result = self._convert(node)
        return result if self.ok else None

    def _convert(self, node: yaml.Node) -> YNode:
        mark = node.start_mark
        line, column = mark.line + 1 + self.line_offset, mark.column + 1
        if id(node) in self.seen:
            # libyaml resolves `*alias` to the very node it names.
            self.fail(
                node,
                "yaml-alias",
                "YAML aliases and anchors are not allowed",
                "write the value out in full",
            )
            return YScalar("", "null", self.path, line, column, 0, 0)
        self.seen.add(id(node))
        tag = node.tag[len(_TAG_PREFIX) :] if node.tag.startswith(_TAG_PREFIX) else node.tag
        if isinstance(node, yaml.MappingNode):
            if tag != "map":
                self.fail(
                    node, "yaml-tag", f"YAML tag '{node.tag}' is not allowed", "remove the tag"
                )
            return self._mapping(node, line, column)
        if isinstance(node, yaml.SequenceNode):
            if tag != "seq":
                self.fail(
                    node, "yaml-tag", f"YAML tag '{node.tag}' is not allowed", "remove the tag"
                )
            items = tuple([self._convert(item) for item in node.value])
            return YSequence(items, self.path, line, column)
        if tag not in _SCALAR_TAGS:
            self.fail(
                node,
                "yaml-tag",
                f"YAML tag '{node.tag}' is not allowed",
                "remove the tag, and quote the value if it is text",
            )
            tag = "str"
        return YScalar(
            str(node.value), tag, self.path, line, column, mark.index, node.end_mark.index
        )

    def _mapping(self, node: yaml.MappingNode, line: int, column: int) -> YMapping:
        items: dict[str, YNode] = {}
        keys: dict[str, tuple[int, int]] = {}
        offset = self.line_offset
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(
                    key_node,
                    "yaml-key",
                    "a key must be plain text",
                    "use a simple `name: value` key",
                )
                continue
            key = str(key_node.value)
            if key == "<<":
                self.fail(
                    key_node,
                    "yaml-alias",
                    "YAML merge keys ('<<') are not allowed",
                    "write the fields out in full",
                )
                continue
            if key in items:
                first = keys[key]
                self.fail(
                    key_node,
                    "duplicate-key",
                    f"duplicate key '{key}' (first at line {first[0]})",
                    "remove one of them; YAML would silently keep only the last",
                )
                continue
            mark = key_node.start_mark
            keys[key] = (mark.line + 1 + offset, mark.column + 1)
            items[key] = self._convert(value_node)
        return YMapping(items, keys, self.path, line, column)
