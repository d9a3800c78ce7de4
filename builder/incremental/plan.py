"""Which articles must be annotated again: the plan of an incremental build.

An article's stored result still holds when its key (the code and settings it was
made with, the article file, the sidecar) is the same and no glossary entry whose
names or title changed can touch it: it uses none of them, and none of their names
occurs in its text.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from builder.anchor.article import ArticleSummary
from builder.load.glossary import Glossary
from builder.render.search import PREFIX, words

log = logging.getLogger(__name__)

Names = dict[str, list[str]]
"""Glossary entry id -> [its display term, *every name]: what articles were linked against."""


def glossary_names(glossary: Glossary) -> Names:
    return {i: [e.term, *e.names] for i, e in glossary.entries.items()}


def changed_terms(before: Mapping[str, list[str]], now: Names) -> tuple[set[str], list[set[str]]]:
    """The ids of entries whose names or title changed, and each of their names as the set
    of its words that the search index keeps (folded as it folds them)."""
    changed = {i for i in now.keys() | before.keys() if now.get(i) != before.get(i)}
    names = {n for i in changed for n in [*now.get(i, []), *before.get(i, [])]}
    return changed, [{w for w in words(name) if len(w) >= PREFIX} for name in sorted(names)]


def uses_terms(summary: ArticleSummary, changed: set[str]) -> bool:
    """Whether the article links a glossary entry that changed."""
    return not changed.isdisjoint(summary.by_term)


def has_names(packed_words: str, names: list[set[str]]) -> bool:
    """Whether some name has all its words among an article's search words (its text's and
    its notes' words: a superset of the text auto-linking searches). A name with no word
    the index keeps counts as found: finding too many articles only costs time."""
    found: set[str] = set()
    for line in packed_words.split("\n"):
        found.update(line.split(" ")[1::2])  # "prefix word count word count …"
    return any(not name or name <= found for name in names)
