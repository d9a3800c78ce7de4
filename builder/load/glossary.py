"""content/glossary/*.yaml -> Glossary.

One file per term. The glossary also builds the single combined matcher that
auto-linking runs once over each article's text, whatever the number of terms.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from builder.anchor.anchoring import fold_text
from builder.diagnostics import (
    Diagnostic,
    Diagnostics,
    FieldLocations,
    SourceLocation,
    field_location,
)
from builder.incremental.memo import NO_MEMO, Memo
from builder.load.annotations import Link
from builder.load.schema import ID_RE, Field, IdRegistry, check_mapping, fold_id
from builder.load.yamlio import parse_yaml, read_yaml_text
from builder.site import GLOSSARY_DIR, GLOSSARY_SUFFIXES, refuse_reserved

log = logging.getLogger(__name__)

TRIE_MAX_NAME = 80

GLOSSARY_FIELDS: tuple[Field, ...] = (
    Field("term", "text", required=True, help="the term as it is displayed"),
    Field("definition", "markdown", required=True, help="a short definition, in Markdown"),
    Field("aliases", "list", item="text", help="other forms of the term found in articles"),
    Field("see_also", "list", item="id", help="ids of related glossary entries"),
    Field(
        "links",
        "list",
        item="mapping",
        help="further reading as {title, url}",
        fields=(
            Field("title", "text", required=True, help="the page's title"),
            Field("url", "url", required=True, help="https address of the page"),
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    id: str
    term: str
    definition: str
    """Markdown source."""
    path: str
    aliases: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    locations: FieldLocations = ()
    """Where the term, each alias (`aliases.0`, ...) and each see_also id are written."""

    @property
    def names(self) -> tuple[str, ...]:
        """The term and its aliases: every form auto-linking looks for."""
        return (self.term, *self.aliases)

    def location(self, name: str) -> SourceLocation:
        """Where field `name` is written (the file's start when unknown)."""
        return field_location(self.locations, name, SourceLocation(self.path))

    def name_location(self, n: int) -> SourceLocation:
        """Where `names[n]` is written: the term, then each alias."""
        return self.location("term" if n == 0 else f"aliases.{n - 1}")


@dataclass(frozen=True, slots=True)
class Glossary:
    entries: dict[str, GlossaryEntry]
    """By id, sorted by display term."""
    matcher: re.Pattern[str] | None
    """One alternation of every name, longest first, matched on word boundaries."""
    exact_names: dict[str, str]
    """Name as written -> entry id."""
    folded_names: dict[str, str]
    """Casefolded name -> entry id, for names matched without regard to case."""
    scanner: re.Pattern[str] | None = None
    """A fast superset of `matcher`: every name in any case, as a trie, on word boundaries."""

    def find_terms(self, text: str) -> Iterator[re.Match[str]]:
        """Yield what `matcher.finditer(text)` yields, in one pass of the trie scanner.

        An alternation of a thousand names makes the regex engine try each name at
        every word start; the scanner's trie tries one branch per letter, and the
        exact matcher runs only where the scanner found a candidate.
        """
        if self.matcher is None or self.scanner is None:
            return
        pos = 0
        while hit := self.scanner.search(text, pos):
            match = self.matcher.match(text, hit.start())
            if match is None:
                pos = hit.start() + 1
                continue
            yield match
            pos = max(match.end(), hit.start() + 1)

    def term_for(self, matched: str) -> str | None:
        """Return the id of the entry a matcher hit belongs to."""
        return self.exact_names.get(matched) or self.folded_names.get(matched.casefold())


def load_glossary(site_dir: Path, diags: Diagnostics, memo: Memo = NO_MEMO) -> Glossary:
    """Load every glossary entry; check see_also links and name collisions."""
    folder = site_dir / GLOSSARY_DIR
    entries: list[GlossaryEntry] = []
    ids = IdRegistry()
    if folder.is_dir():
        for name in sorted(os.listdir(folder)):
            stem, suffix = os.path.splitext(name)
            if suffix not in GLOSSARY_SUFFIXES or name.startswith("."):
                continue
            rel = f"{GLOSSARY_DIR}/{name}"
            if not ID_RE.fullmatch(stem):
                diags.error(
                    SourceLocation(rel),
                    "bad-id",
                    f"file name '{name}' does not make a valid glossary id",
                    "rename it with lowercase letters, digits and hyphens",
                )
                continue
            if refuse_reserved(stem, rel, diags):
                continue
            entry = memo.read(site_dir, rel, diags, partial(load_entry, memo=memo))
            if entry and ids.claim(entry.id, SourceLocation(rel), diags, "glossary id"):
                entries.append(entry)
    by_id = {e.id: e for e in sorted(entries, key=lambda e: (e.term.casefold(), e.id))}
    for entry in by_id.values():
        for n, other in enumerate(entry.see_also):
            if other not in by_id:
                diags.error(
                    entry.location(f"see_also.{n}"),
                    "unknown-term",
                    f"see_also names no glossary entry '{other}'",
                    f"add {GLOSSARY_DIR}/{other}.yaml or fix the id",
                )
    return build_glossary(by_id, diags)


def load_entry(
    site_dir: Path, rel: str, diags: Diagnostics, memo: Memo = NO_MEMO
) -> GlossaryEntry | None:
    """Read one glossary entry file (`rel`: content/glossary/<id>.yaml). The memo keeps
    what each text gave: a build parses again only the entries written since."""
    text = read_yaml_text(site_dir, rel, diags)
    if text is None:
        return None
    entry, problems = memo.value("glossary-entry", (rel, text), partial(_parse_entry, text, rel))
    diags.extend(problems)
    return entry


def _parse_entry(text: str, rel: str) -> tuple[GlossaryEntry | None, tuple[Diagnostic, ...]]:
    """An entry and what reading it reported (found without `strict`: the build decides
    what a warning counts as)."""
    diags = Diagnostics()
    return _entry(text, rel, diags), tuple(diags.items)


def _entry(text: str, rel: str, diags: Diagnostics) -> GlossaryEntry | None:
    node = parse_yaml(text, rel, diags)
    if node is None:
        return None
    checked = check_mapping(node, GLOSSARY_FIELDS, diags, "a glossary entry")
    if checked is None or "term" not in checked.values or "definition" not in checked.values:
        return None
    v = checked.values
    links = tuple(
        Link(link.values["title"].strip(), link.values["url"])
        for link in v.get("links", ())
        if {"title", "url"} <= link.values.keys()
    )
    return GlossaryEntry(
        id=Path(rel).stem,
        term=v["term"].strip(),
        definition=v["definition"],
        path=rel,
        aliases=tuple(a.strip() for a in v.get("aliases", ())),
        see_also=tuple(v.get("see_also", ())),
        links=links,
        locations=tuple(
            (name, node.location)
            for name, node in checked.nodes.items()
            if name in {"term", "definition"} or name.startswith(("aliases.", "see_also."))
        ),
    )


def build_glossary(entries: dict[str, GlossaryEntry], diags: Diagnostics) -> Glossary:
    """Index every name once and compile the combined matcher."""
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    owner: dict[str, str] = {}
    alternatives: list[tuple[int, str]] = []
    names: list[str] = []
    for entry in entries.values():
        for n, name in enumerate(map(fold_text, entry.names)):
            key = fold_id(name)
            if key in owner and owner[key] != entry.id:
                diags.error(
                    entry.name_location(n),
                    "duplicate-term",
                    f"'{name}' is also a name of glossary entry '{owner[key]}'",
                    "give each name to one entry only",
                )
                continue
            if key in owner:
                continue
            owner[key] = entry.id
            names.append(name)
            if _matches_any_case(name):
                folded[name.casefold()] = entry.id
                alternatives.append((len(name), f"(?i:{re.escape(name)})"))
            else:
                exact[name] = entry.id
                alternatives.append((len(name), re.escape(name)))
    alternatives.sort(key=lambda alt: -alt[0])
    pattern = "|".join(alt for _, alt in alternatives)
    if not alternatives:
        return Glossary(entries, None, exact, folded)
    matcher = re.compile(r"(?<![\w-])(?:" + pattern + r")(?![\w-])")
    # Very long names stay plain alternatives: the trie pattern nests one group per branch.
    long = [re.escape(name) for name in names if len(name) > TRIE_MAX_NAME]
    trie = _trie_pattern(_trie(name for name in names if len(name) <= TRIE_MAX_NAME))
    scan = "|".join(([trie] if trie else []) + long)
    scanner = re.compile(r"(?<![\w-])(?i:" + scan + r")(?![\w-])")
    return Glossary(entries, matcher, exact, folded, scanner)


def _matches_any_case(name: str) -> bool:
    """Names in lowercase after their first letter match in any case; acronyms match exactly."""
    return name[1:] == name[1:].lower()


_Trie = dict[str, "_Trie"]
_END = ""


def _trie(names: Iterable[str]) -> _Trie:
    """Index names by lowercase character, for a pattern matched case-insensitively."""
    root: _Trie = {}
    for name in names:
        node = root
        for char in name:
            lower = char.lower()
            node = node.setdefault(lower if len(lower) == 1 else char, {})
        node[_END] = {}
    return root


def _trie_pattern(node: _Trie) -> str:
    """Write a trie as a regex: one alternative per next character, ends optional."""
    branches = [re.escape(char) + _trie_pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body
