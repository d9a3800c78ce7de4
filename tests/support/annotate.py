"""Annotate a small Markdown article in memory, as the per-article stage does."""

from __future__ import annotations

from pathlib import Path

from builder.anchor.annotate import AnnotatedArticle, annotate
from builder.anchor.author_note_report import report_author_notes
from builder.anchor.markdown.render import render_article
from builder.diagnostics import Diagnostics, SourceLocation
from builder.load.annotations import Footnote, QuoteSelector
from builder.load.articles import Article
from builder.load.config import SiteConfig
from builder.load.glossary import GlossaryEntry, build_glossary

LOC = SourceLocation("a.annotations.yaml", 1, 1)
CONFIG = SiteConfig(Path("."), "T", auto_link="none")


def run(
    markdown: str,
    *annotations: object,
    config: SiteConfig = CONFIG,
    terms: tuple[GlossaryEntry, ...] = (),
) -> tuple[AnnotatedArticle, Diagnostics]:
    """Annotate article 'a' written in `markdown`; return the result and what it reported."""
    diags = Diagnostics()
    glossary = build_glossary({t.id: t for t in terms}, diags)
    article = Article("a", "content/articles/a.md", "A", markdown, markdown)
    rendered = render_article(markdown)
    report_author_notes(article, rendered.author_notes.problems, diags)
    result = annotate(
        article,
        rendered.root,
        annotations,  # type: ignore[arg-type]
        glossary,
        config,
        diags,
        rendered.author_notes.notes,
    )
    return result, diags


def fn(ann_id: str, exact: str, **kw: object) -> Footnote:
    """A footnote on `exact` (selector fields as keywords) whose note is "A note."."""
    return Footnote(ann_id, QuoteSelector(exact, **kw), "A note.", LOC)  # type: ignore[arg-type]
