"""Jinja environment and page rendering: page values -> OutputFile.

One render method per page type, each giving its layout the values of `pages.py`.
Templates come from the site's `layouts/` folder, else the built-in one
(`load.layout_files`), autoescaped, with StrictUndefined; body HTML that the build made
safe becomes `Markup` here and nowhere else. A template error names the file used.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from jinja2.loaders import split_template_path
from markupsafe import Markup

from builder.anchor.annotate import AnnotatedArticle
from builder.anchor.article import ArticleSummary
from builder.anchor.markdown.author_notes import backlink_letter
from builder.anchor.typography import smarten
from builder.diagnostics import Diagnostics, SourceLocation
from builder.htmlscan import shorten_text
from builder.load.annotations import note_source_url
from builder.load.articles import Article
from builder.load.config import SiteConfig
from builder.load.glossary import Glossary
from builder.load.layout_files import LayoutFolders
from builder.load.strings import MissingString
from builder.render.article_lists import ListCounts, SeriesList, SeriesNav, TagList, YearList
from builder.render.filters import (
    host,
    reading_minutes,
    text_fragment,
)
from builder.render.interface import interface_globals
from builder.render.jsonld import annotation_collection, claim_reviews, dumps
from builder.render.pages import (
    NoteView,
    PageMeta,
    TermCard,
    TermPage,
    az_letters,
    entry_source_url,
    glossary_letters,
    notes_by_kind,
    terms_used,
)
from builder.render.scripts import script_file
from builder.render.suggest import suggest_panel
from builder.site import (
    ANNOTATIONS_FILE,
    ARCHIVE_PAGE,
    ARTICLES_DIR,
    LAYOUTS_DIR,
    SERIES_PAGE,
    TAGS_PAGE,
    OutputFile,
    article_annotations,
    article_page,
    epub_name,
    series_page,
    tag_page,
    taxonomy_slug,
    term_card,
    term_page,
)

log = logging.getLogger(__name__)

DESCRIPTION_CHARS = 200
CARD_CALLBACK = "editionCardLoaded"
"""The function a term card's script calls with its path and card (edition.js defines it)."""


class _CompiledLayouts(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode cache, where failing to store a layout only costs compiling it again."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:
            log.info("could not keep a compiled layout in %s: %s", self.directory, exc)


class _LayoutLoader(jinja2.FileSystemLoader):
    """The site's layouts over the built-in ones. A site entry named like a layout that is
    not a file (a folder, say) is reported as the missing layout, not passed over."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        first = Path(self.searchpath[0], *split_template_path(template))
        if first.exists() and not first.is_file():
            raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template)


class Renderer:
    """Renders every page type from the site's layouts."""

    def __init__(
        self, config: SiteConfig, diags: Diagnostics, compiled: Path | None = None
    ) -> None:
        """`compiled`: a folder to keep compiled layouts in, so the next process skips
        compiling them (Jinja's bytecode cache; a changed layout is compiled again)."""
        self.config = config
        self.diags = diags
        self.folders = LayoutFolders.of(config.site_dir)
        self.env = jinja2.Environment(
            bytecode_cache=_CompiledLayouts(str(compiled)) if compiled else None,
            loader=_LayoutLoader(self.folders.search_path),
            autoescape=jinja2.select_autoescape(["html", "xml", "xhtml", "opf"]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # a Renderer serves one build: no stat of each layout per page
        )
        strings = config.strings
        self.env.globals.update(
            interface_globals(strings),
            site=config,
            backlink_letter=backlink_letter,
            note_source_url=functools.partial(note_source_url, config.repository),
            entry_source_url=functools.partial(entry_source_url, config.repository),
        )
        self.env.filters.update(
            long_date=strings.long_date,
            reading_minutes=reading_minutes,
            text_fragment=text_fragment,
            host=host,
            typographic=smarten,
            slug=taxonomy_slug,
        )

    @property
    def epub_file(self) -> str:
        """The EPUB's file name when the site has one (`epub: true`), else ''."""
        return epub_name(self.config.title) if self.config.epub else ""

    def render_home(
        self, articles: Sequence[ArticleSummary], glossary: Glossary, lists: ListCounts
    ) -> OutputFile | None:
        """`articles`: the newest (`site.home_latest`); `lists`: what else it links to."""
        meta = PageMeta(
            self.config.title, self.config.description, self.config.page_url("index.html")
        )
        return self._page(
            "home.html",
            "index.html",
            "",
            "home.html",
            meta=meta,
            articles=articles,
            glossary=glossary,
            epub_file=self.epub_file,
            lists=lists,
        )

    def render_archive(self, years: Sequence[YearList], total: int) -> OutputFile | None:
        text, site = self.config.strings.text, self.config.title
        description = text("archive.description", title=site)
        return self._list_page(
            "archive.html",
            ARCHIVE_PAGE,
            text("archive.title"),
            description,
            years=years,
            total=total,
        )

    def render_tags(self, tags: Sequence[TagList]) -> OutputFile | None:
        text, site = self.config.strings.text, self.config.title
        description = text("tags.description", title=site)
        return self._list_page("tags.html", TAGS_PAGE, text("tags.title"), description, tags=tags)

    def render_tag(self, tag: TagList) -> OutputFile | None:
        text, site = self.config.strings.text, self.config.title
        title = f"{tag.name} · {text('tags.title')}"
        description = text("tag.description", title=site, tag=tag.name)
        feed = "feed.xml" if self.config.base_url else ""
        return self._list_page(
            "tag.html", tag_page(tag.slug), title, description, tag=tag, feed=feed
        )

    def render_series_index(self, series: Sequence[SeriesList]) -> OutputFile | None:
        text, site = self.config.strings.text, self.config.title
        description = text("series.description", title=site)
        return self._list_page(
            "series_index.html", SERIES_PAGE, text("series.title"), description, series=series
        )

    def render_series(self, series: SeriesList) -> OutputFile | None:
        text, site = self.config.strings.text, self.config.title
        title = f"{series.name} · {text('series.title')}"
        description = text("series.page_description", title=site)
        return self._list_page(
            "series.html", series_page(series.slug), title, description, series=series
        )

    def _list_page(
        self, template: str, path: str, title: str, description: str, **values: Any
    ) -> OutputFile | None:
        """A page listing articles (archive, tags, series), made from summaries: `title`
        comes before the site's in its `<title>`."""
        root = "../" * path.count("/")
        meta = PageMeta(f"{title} · {self.config.title}", description, self.config.page_url(path))
        return self._page(template, path, root, ARTICLES_DIR, meta=meta, **values)

    def render_article(
        self,
        item: AnnotatedArticle,
        previous: Article | None,
        following: Article | None,
        terms: Mapping[str, TermCard],
        series: SeriesNav | None = None,
    ) -> OutputFile | None:
        """`previous` and `following`: the articles next to it, which it links to;
        `series`: where it is in its series."""
        path = article_page(item.article.slug)
        meta = PageMeta(
            item.article.title,
            item.article.summary or item.excerpt,
            self.config.page_url(path),
            type="article",
            published=item.article.date,
            author=item.article.author,
            jsonld=claim_reviews(self.config, item),
            alternates=(("application/ld+json", ANNOTATIONS_FILE),),
        )
        return self._page(
            "article.html",
            path,
            "../../",
            item.article.path,
            meta=meta,
            item=item,
            article=item.article,
            body=Markup(item.body_html),
            previous=previous,
            following=following,
            series=series,
            notes_by_kind=notes_by_kind(item),
            terms_used=terms_used(item, terms),
            context_cards=[NoteView(n, Markup(n.html)) for n in item.notes_of("context")],
            suggest=suggest_panel(self.config, item),
        )

    def render_glossary_index(self, glossary: Glossary, pages: list[TermPage]) -> OutputFile | None:
        letters = glossary_letters(pages, self.config.strings.text("glossary.alphabet"))
        strings = self.config.strings
        meta = PageMeta(
            strings.text("glossary.title"),
            strings.text("glossary.description", n=len(pages), title=self.config.title),
            self.config.page_url("glossary/index.html"),
        )
        return self._page(
            "glossary_index.html",
            "glossary/index.html",
            "../",
            "content/glossary",
            meta=meta,
            letters=letters,
            az=az_letters(letters, strings.text("glossary.alphabet")),
            pages=pages,
        )

    def render_term(self, page: TermPage, letters: Mapping[str, object]) -> OutputFile | None:
        path = term_page(page.entry.id)
        description = shorten_text(page.definition.striptags(), DESCRIPTION_CHARS)
        meta = PageMeta(page.entry.term, description, self.config.page_url(path))
        return self._page(
            "glossary_term.html",
            path,
            "../../",
            page.entry.path,
            meta=meta,
            page=page,
            entry=page.entry,
            az=az_letters(letters, self.config.strings.text("glossary.alphabet")),
        )

    def render_term_card(self, card: TermCard) -> OutputFile | None:
        """A glossary entry's popover card, as a script that hands edition.js its title and
        HTML (partials/term_card.html, whose links are relative to an article page)."""
        path = term_card(card.entry.id)
        made = self._page("partials/term_card.html", path, "../../", card.entry.path, card=card)
        if made is None:
            return None
        html = made.content.decode("utf-8").strip()
        value = {"title": card.entry.term, "html": html}
        return OutputFile(path, script_file(CARD_CALLBACK, path, value), card.entry.path)

    def render_search(self) -> OutputFile | None:
        strings = self.config.strings
        meta = PageMeta(
            strings.text("search.title"),
            strings.text("search.description", title=self.config.title),
            indexable=False,
        )
        return self._page(
            "search.html", "search/index.html", "../", f"{LAYOUTS_DIR}/search.html", meta=meta
        )

    def render_not_found(self) -> OutputFile | None:
        """Render 404.html, whose links are absolute: a host serves it at any depth."""
        meta = PageMeta(self.config.strings.text("notfound.title"), indexable=False)
        root = self.config.base_url or "/"
        return self._page("404.html", "404.html", root, f"{LAYOUTS_DIR}/404.html", meta=meta)

    def render_annotations(self, item: AnnotatedArticle) -> OutputFile:
        """Write the article's annotations as a W3C AnnotationCollection (JSON-LD)."""
        content = dumps(annotation_collection(self.config, item))
        return OutputFile(article_annotations(item.article.slug), content, item.article.path)

    def render_layout(self, template: str, path: str, source: str, **context: Any) -> bytes | None:
        """Render any layout (the EPUB's, say) to bytes; None after reporting an error."""
        made = self._page(template, path, "", source, **context)
        return None if made is None else made.content

    def _page(
        self, template: str, path: str, root: str, source: str, **context: Any
    ) -> OutputFile | None:
        try:
            html = self.env.get_template(template).render(root=root, page_path=path, **context)
        except jinja2.TemplateSyntaxError as exc:
            used = self.folders.label(Path(exc.filename)) if exc.filename else None
            self.diags.error(
                SourceLocation(used or f"{LAYOUTS_DIR}/{template}", exc.lineno or 1),
                "template-error",
                f"template syntax error: {exc.message}",
                "fix the template",
            )
            return None
        except jinja2.TemplateNotFound as exc:
            shadow = self.folders.site / str(exc.name)
            self.diags.error(
                SourceLocation(f"{LAYOUTS_DIR}/{exc.name}"),
                "template-missing",
                f"layout '{exc.name}' not found"
                + (f": {LAYOUTS_DIR}/{exc.name} is not a file" if shadow.exists() else ""),
                f"remove {LAYOUTS_DIR}/{exc.name} to use the built-in layout"
                if shadow.exists()
                else f"add {LAYOUTS_DIR}/{exc.name}",
            )
            return None
        except MissingString as exc:
            self.diags.error(
                _template_frame(self.folders, exc, template),
                "template-error",
                f"template error: {exc.args[0]}",
                "add the string to layouts/strings/en.yaml, or fix its name (docs/languages.md)",
            )
            return None
        except jinja2.UndefinedError as exc:
            self.diags.error(
                _template_frame(self.folders, exc, template),
                "template-error",
                f"template error: {exc.message}",
                "check the variable's name; see docs/layouts.md for what each page receives",
            )
            return None
        return OutputFile(path, html.encode("utf-8"), source)


def _template_frame(folders: LayoutFolders, exc: BaseException, template: str) -> SourceLocation:
    """Find the innermost template line in a Jinja error's traceback, in the file used."""
    roots = [folder.resolve() for folder in folders.search_path]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        file = Path(frame.filename)
        if file.suffix in {".html", ".xml", ".xhtml", ".opf"} and any(
            r in file.resolve().parents for r in roots
        ):
            return SourceLocation(folders.label(file), frame.lineno or 1)
    return SourceLocation(f"{LAYOUTS_DIR}/{template}")
