"""The EPUB's files in the order they are made: each chapter as its article's result
comes in, the glossary, front matter, stylesheet and package document at the end.

Takes annotated articles (or the per-article stage's outcomes, for the `epub`
command) and hands each file to `add` (`write.epub_zip.EpubZip.add`) at once, so a
book of a thousand articles is never held in memory: only its chapter list is kept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from builder.anchor.annotate import AnnotatedArticle
from builder.anchor.article import ArticleResult, ArticleSummary
from builder.incremental.memo import Outcome
from builder.load.glossary import Glossary
from builder.render.epub import STYLESHEET, Chapter, EpubFile, EpubRenderer
from builder.render.pages import TermCard

log = logging.getLogger(__name__)

XHTML = "application/xhtml+xml"


@dataclass(slots=True)
class EpubBook:
    renderer: EpubRenderer
    add: Callable[[str, bytes], None]
    """Writes one file into the book (`EpubZip.add`)."""
    chapters: list[Chapter] = field(default_factory=list)
    summaries: list[ArticleSummary] = field(default_factory=list)
    """Of the articles given as outcomes (`add_outcome`)."""
    failed: bool = False
    """An article had errors (the run will fail) or a layout did: nothing more is made."""

    def add_article(self, item: AnnotatedArticle) -> None:
        """Make the article's chapter and write it into the book."""
        if self.failed:
            return
        chapter, made = self.renderer.chapter(item)
        if made is None:
            self.failed = True
            return
        self.add(made.path, made.data)
        self.chapters.append(chapter)

    def add_outcome(self, outcome: Outcome) -> None:
        """Take the next article's outcome (made now, or the last build's read back)."""
        problems = outcome.load_problems + outcome.anchor_problems
        if outcome.summary is None or any(d.severity == "error" for d in problems):
            self.failed = True
        if self.failed or outcome.summary is None:
            return
        self.summaries.append(outcome.summary)
        result = outcome if isinstance(outcome, ArticleResult) else outcome.load()
        assert result.annotated is not None
        self.add_article(result.annotated)

    def finish(
        self,
        glossary: Glossary,
        cards: Mapping[str, TermCard],
        summaries: Sequence[ArticleSummary],
        modified: int,
    ) -> None:
        """Write the glossary, front matter, stylesheet and package document."""
        if self.failed:
            return
        back: list[EpubFile | None] = []
        has_glossary = bool(glossary.entries)
        if has_glossary:
            back.append(self.renderer.glossary(glossary, cards, summaries))
        front = self.renderer.front_matter(self.chapters, has_glossary)
        style = self.renderer.stylesheet()
        made = [f for f in (*front, *back, style) if f is not None]
        if len(made) < 3 + len(back) + 1:
            return  # a layout error, reported
        for file in made:
            self.add(file.path, file.data)
        files = [
            *((f.path, f.media_type) for f in front),
            *((c.file, XHTML) for c in self.chapters),
            *((f.path, f.media_type) for f in back if f is not None),
            (STYLESHEET, "text/css"),
        ]
        package = self.renderer.package(self.chapters, files, modified)
        if package is not None:
            self.add(package.path, package.data)
