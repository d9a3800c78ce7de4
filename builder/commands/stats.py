"""`stats`: per article, annotations by kind, glossary coverage and drift, and the author's
own footnotes apart (they are the article's, not annotations); unused terms."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from builder.anchor.article import ArticleSummary
from builder.load.annotations import KINDS
from builder.load.glossary import Glossary

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ArticleStats:
    slug: str
    by_kind: dict[str, int]
    """Annotations written in the sidecar, by kind (auto-links not counted)."""
    auto_links: int
    terms_used: int
    """Distinct glossary terms the article links, by annotation or auto-linking."""
    drifted: int
    author_notes: int = 0
    """The article's own footnotes (`[^1]`): the author's, never counted as annotations."""


@dataclass(frozen=True, slots=True)
class SiteStats:
    articles: tuple[ArticleStats, ...]
    glossary_terms: int
    unused_terms: tuple[str, ...]


def site_stats(articles: Sequence[ArticleSummary], glossary: Glossary) -> SiteStats:
    """Count what each article holds and which glossary terms no article uses."""
    rows = []
    used: set[str] = set()
    for item in articles:
        counts = item.note_counts
        counts["term"] = counts.get("term", 0) - item.automatic  # automatic links are terms
        terms = set(item.by_term)
        used |= terms
        rows.append(
            ArticleStats(
                slug=item.article.slug,
                by_kind={kind: counts.get(kind, 0) for kind in KINDS},
                auto_links=item.automatic,
                terms_used=len(terms),
                drifted=len(item.drifts),
                author_notes=item.author_notes,
            )
        )
    unused = tuple(term for term in glossary.entries if term not in used)
    return SiteStats(tuple(rows), len(glossary.entries), unused)


def format_stats(stats: SiteStats) -> str:
    """Render the stats as a plain-text table."""
    header = ["article", *KINDS, "auto-links", "terms", "drifted", "author-notes"]
    lines = [header]
    for row in stats.articles:
        lines.append(
            [
                row.slug,
                *(str(row.by_kind[k]) for k in KINDS),
                str(row.auto_links),
                f"{row.terms_used}/{stats.glossary_terms}",
                str(row.drifted),
                str(row.author_notes),
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = [
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in lines
    ]
    out.append(f"unused glossary terms: {', '.join(stats.unused_terms) or 'none'}")
    return "\n".join(out)
