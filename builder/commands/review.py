"""`review BASE`: what a change to the content does to the edition, for a reviewer.

Compares the content at git revision BASE with the working tree, reading only the files
that changed (`git diff --name-only`, `git show BASE:path`). Each changed article and
sidecar is loaded and anchored on both sides with the build's own loaders and anchoring;
the result is a `Review` of annotations, paragraphs and glossary entries, which
`review_report` prints as Markdown or JSON.
"""

from __future__ import annotations

import difflib
import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from builder.anchor.anchoring import Span, TextIndex, find_quote
from builder.anchor.article import ArticleContext, annotate_article
from builder.anchor.inject import find_blocks
from builder.anchor.markdown.render import render_article_tree
from builder.diagnostics import Diagnostic, Diagnostics
from builder.load.annotations import Annotation, load_sidecar
from builder.load.articles import Article, load_article
from builder.load.config import SiteConfig, load_config
from builder.load.glossary import Glossary, GlossaryEntry, load_entry
from builder.load.repository import Repository
from builder.site import (
    ARTICLE_SUFFIXES,
    ARTICLES_DIR,
    CONFIG_FILE,
    GLOSSARY_DIR,
    GLOSSARY_SUFFIXES,
    SIDECAR_SUFFIXES,
)

log = logging.getLogger(__name__)

CONTEXT_CHARS = 60
"""Characters of the paragraph shown on each side of a quote."""


class ReviewError(Exception):
    """BASE is not a revision, or the site is not in a git work tree (exit 2)."""


@dataclass(frozen=True, slots=True)
class Passage:
    """Where an annotation lands: its paragraph's text around the quote."""

    before: str
    quote: str
    after: str
    problem: str = ""
    """'' when it anchors; else the anchoring code (quote-not-found, quote-drifted, ...)."""


@dataclass(frozen=True, slots=True)
class Change:
    field: str
    old: str
    new: str
    added: tuple[str, ...] = ()
    """For `sources`: the sources added (and `removed`)."""
    removed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AnnotationReview:
    id: str
    kind: str
    status: str
    """added, removed, changed, or unchanged (listed only when it no longer anchors)."""
    passage: Passage | None
    changes: tuple[Change, ...] = ()
    line: int = 0
    """The line of its entry in the sidecar (the old sidecar's when removed)."""
    source: str = ""
    """The forge address of that line, when site.yaml names its `repository` (not for a
    removed annotation)."""


@dataclass(frozen=True, slots=True)
class ParagraphChange:
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class ArticleReview:
    slug: str
    annotations: tuple[AnnotationReview, ...]
    paragraphs: tuple[ParagraphChange, ...]


@dataclass(frozen=True, slots=True)
class EntryReview:
    id: str
    status: str
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True, slots=True)
class Review:
    base: str
    articles: tuple[ArticleReview, ...]
    glossary: tuple[EntryReview, ...]
    problems: tuple[Diagnostic, ...] = field(default=())
    """What `check` says of the changed files: an error makes `review` exit 1."""


def git(site: Path, *args: str) -> str:
    """Run git in the site folder; raise ReviewError when it fails."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=site, capture_output=True, text=True, check=False, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ReviewError(f"cannot run git: {exc}") from exc
    if done.returncode:
        raise ReviewError(done.stderr.strip() or f"git {' '.join(args)} failed")
    return done.stdout


def changed_files(site: Path, base: str) -> list[str]:
    """The site files that differ between BASE and the work tree (new untracked ones too)."""
    if git(site, "rev-parse", "--is-inside-work-tree").strip() != "true":
        raise ReviewError(f"{site} is not in a git work tree")
    try:
        git(site, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except ReviewError:
        raise ReviewError(f"'{base}' is not a revision of this repository") from None
    names = git(site, "diff", "--name-only", "--relative", "--no-renames", "-z", base, "--", ".")
    untracked = git(site, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
    return sorted({n for n in (names + untracked).split("\0") if n})


def old_text(site: Path, base: str, rel: str) -> bytes | None:
    """The file at BASE, or None when it did not exist there."""
    done = subprocess.run(
        ["git", "show", f"{base}:./{rel}"], cwd=site, capture_output=True, check=False
    )
    return done.stdout if done.returncode == 0 else None


def review_site(site: Path, base: str) -> Review:
    """Compare the content at `base` with the work tree; raise ReviewError (exit 2)."""
    changed = changed_files(site, base)
    articles = {_slug(r) for r in changed if _slug(r)}
    terms = sorted({Path(r).stem for r in changed if _is_entry(r)})
    with tempfile.TemporaryDirectory(prefix="review-") as tmp:
        old_site = Path(tmp)
        _materialize(site, base, old_site, changed, articles)
        diags = Diagnostics()
        new_config = load_config(site, diags)
        old_config = load_config(old_site, Diagnostics()) or new_config
        if new_config is None or old_config is None:
            return Review(base, (), (), tuple(diags.items))
        ids = _glossary_ids(site)
        old_ids = (ids - {t for t in terms if _entry_rel(site, t)}) | {
            t for t in terms if _entry_rel(old_site, t)
        }
        reviews = []
        for slug in sorted(articles):
            old = _side(old_site, slug, old_config, old_ids, Diagnostics())
            new = _side(site, slug, new_config, ids, diags)
            reviews.append(_compare_article(slug, old, new, new_config.repository))
        entries = [_compare_entry(t, old_site, site, diags) for t in terms]
    return Review(base, tuple(reviews), tuple(e for e in entries if e), tuple(diags.items))


def _slug(rel: str) -> str:
    folder, _, name = rel.rpartition("/")
    if folder != ARTICLES_DIR:
        return ""
    for suffix in (*SIDECAR_SUFFIXES, *ARTICLE_SUFFIXES):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return ""


def _is_entry(rel: str) -> bool:
    return rel.startswith(f"{GLOSSARY_DIR}/") and rel.endswith(GLOSSARY_SUFFIXES)


def _entry_rel(site: Path, term: str) -> str:
    return _existing(site, GLOSSARY_DIR, term, GLOSSARY_SUFFIXES)


def _existing(site: Path, folder: str, stem: str, suffixes: tuple[str, ...]) -> str:
    """The relative path of the first of `folder/stem+suffix` that exists, or ''."""
    names = (f"{folder}/{stem}{suffix}" for suffix in suffixes)
    return next((rel for rel in names if (site / rel).is_file()), "")


def _glossary_ids(site: Path) -> set[str]:
    folder = site / GLOSSARY_DIR
    if not folder.is_dir():
        return set()
    return {p.stem for p in folder.iterdir() if p.name.endswith(GLOSSARY_SUFFIXES)}


def _materialize(site: Path, base: str, target: Path, changed: list[str], slugs: set[str]) -> None:
    """Write the site as it was at BASE, as far as the review reads it: site.yaml, and each
    changed article's and entry's files (from BASE when changed, else as they are now)."""
    wanted = {CONFIG_FILE, *(r for r in changed if _is_entry(r))}
    folder = site / ARTICLES_DIR
    for slug in slugs:
        wanted.update(r for r in changed if _slug(r) == slug)
        for suffix in (*ARTICLE_SUFFIXES, *SIDECAR_SUFFIXES):
            if (folder / f"{slug}{suffix}").is_file():
                wanted.add(f"{ARTICLES_DIR}/{slug}{suffix}")
    for rel in sorted(wanted):
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if rel in changed:
            data = old_text(site, base, rel)
            if data is not None:
                dest.write_bytes(data)
        elif (site / rel).is_file():
            shutil.copyfile(site / rel, dest)


@dataclass(frozen=True, slots=True)
class _Side:
    article: Article | None
    annotations: dict[str, Annotation]
    blocks: list[str]
    passages: dict[str, Passage]


def _side(
    site: Path, slug: str, config: SiteConfig, glossary_ids: set[str], diags: Diagnostics
) -> _Side:
    """Load and anchor one article with its sidecar, as `check` does; report into `diags`."""
    rel = _existing(site, ARTICLES_DIR, slug, ARTICLE_SUFFIXES)
    sidecar = _existing(site, ARTICLES_DIR, slug, SIDECAR_SUFFIXES)
    article = load_article(site, rel, diags) if rel else None
    if article is None:
        return _Side(None, {}, [], {})
    # Auto-links are not reviewed: the glossary is known by its ids only, not read.
    stubs = {i: GlossaryEntry(i, i, "", f"{GLOSSARY_DIR}/{i}.yaml") for i in glossary_ids}
    glossary = Glossary(stubs, None, {}, {})
    quiet = replace(config, auto_link="none")
    if sidecar:
        context = ArticleContext(site, quiet, glossary, {slug: sidecar})
        result = annotate_article(article, context)
        diags.extend(result.load_problems + result.anchor_problems)
    loaded = (
        load_sidecar(site, sidecar, slug, glossary_ids, config, Diagnostics()) if sidecar else None
    )
    annotations = {a.id: a for a in loaded.annotations} if loaded else {}
    blocks = [b.text for b in find_blocks(render_article_tree(article.markdown))]
    index = TextIndex(blocks)
    passages = {i: _passage(index, a) for i, a in annotations.items()}
    return _Side(article, annotations, blocks, passages)


def _passage(index: TextIndex, ann: Annotation) -> Passage:
    sel = ann.selector
    found = find_quote(index, sel.exact, sel.prefix, sel.suffix, sel.occurrence)
    problem = ""
    if not isinstance(found, Span):
        problem = found.code
        # A drifted quote is shown where it now is, an ambiguous one at its first match.
        place = found.closest if problem == "quote-drifted" else None
        place = place or (found.matches[0] if found.matches else None)
        if place is None:
            return Passage("", sel.exact, "", problem)
        found = place
    text = index.blocks[found.block]
    before = text[max(0, found.start - CONTEXT_CHARS) : found.start]
    after = text[found.end : found.end + CONTEXT_CHARS]
    return Passage(before, text[found.start : found.end], after, problem)


def _compare_article(
    slug: str, old: _Side, new: _Side, repository: Repository | None
) -> ArticleReview:
    items: list[AnnotationReview] = []
    for ann_id, ann in new.annotations.items():
        line = _line(ann)
        where = repository.view_url(ann.location.path, line) if repository else ""
        passage = new.passages[ann_id]
        before = old.annotations.get(ann_id)
        changes = _changes(before, ann, old.passages[ann_id], passage) if before else ()
        status = "added" if before is None else "changed" if changes else "unchanged"
        if status != "unchanged" or passage.problem:
            items.append(AnnotationReview(ann_id, ann.kind, status, passage, changes, line, where))
    for ann_id, ann in old.annotations.items():
        if ann_id not in new.annotations:
            passage = old.passages[ann_id]
            items.append(AnnotationReview(ann_id, ann.kind, "removed", passage, line=_line(ann)))
    return ArticleReview(slug, tuple(items), _paragraphs(old.blocks, new.blocks))


def _line(ann: Annotation) -> int:
    return next((loc.line for name, loc in ann.locations if name == "entry"), ann.location.line)


def _fields(ann: Annotation) -> dict[str, str]:
    values = {"kind": ann.kind}
    for name in ("note", "verdict", "url", "title", "term"):
        value = getattr(ann, name, None)
        if value is not None:
            values[name] = str(value)
    return values


def _changes(old: Annotation, new: Annotation, was: Passage, now: Passage) -> tuple[Change, ...]:
    changes: list[Change] = []
    before, after = _fields(old), _fields(new)
    for name in ("kind", "verdict", "note", "url", "title", "term"):
        if before.get(name, "") != after.get(name, ""):
            changes.append(Change(name, before.get(name, ""), after.get(name, "")))
    old_sources = [f"{s.title} <{s.url}>" for s in getattr(old, "sources", ())]
    new_sources = [f"{s.title} <{s.url}>" for s in getattr(new, "sources", ())]
    if old_sources != new_sources:
        added = tuple(s for s in new_sources if s not in old_sources)
        removed = tuple(s for s in old_sources if s not in new_sources)
        changes.append(Change("sources", "", "", added, removed))
    if old.selector != new.selector:
        changes.append(Change("quote", _in_context(was), _in_context(now)))
    return tuple(changes)


def _in_context(passage: Passage) -> str:
    """The passage on one line, the quote in [brackets]."""
    return f"{passage.before}[{passage.quote}]{passage.after}"


def _paragraphs(old: list[str], new: list[str]) -> tuple[ParagraphChange, ...]:
    """The article's blocks that were changed, added ('' old) or removed ('' new)."""
    found: list[ParagraphChange] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = old[i1:i2], new[j1:j2]
        for n in range(max(len(olds), len(news))):
            found.append(
                ParagraphChange(olds[n] if n < len(olds) else "", news[n] if n < len(news) else "")
            )
    return tuple(found)


def _compare_entry(term: str, old_site: Path, site: Path, diags: Diagnostics) -> EntryReview | None:
    old_rel, new_rel = _entry_rel(old_site, term), _entry_rel(site, term)
    old = load_entry(old_site, old_rel, Diagnostics()) if old_rel else None
    new = load_entry(site, new_rel, diags) if new_rel else None
    if old is None and new is None:
        return None
    if old is None:
        return EntryReview(term, "added")
    if new is None:
        return EntryReview(term, "removed")
    changes = tuple(
        Change(name, _entry_field(old, name), _entry_field(new, name))
        for name in ("term", "definition", "aliases", "see_also", "links")
        if _entry_field(old, name) != _entry_field(new, name)
    )
    return EntryReview(term, "changed", changes) if changes else None


def _entry_field(entry: GlossaryEntry, name: str) -> str:
    value = getattr(entry, name)
    if name == "links":
        return ", ".join(f"{link.title} <{link.url}>" for link in value)
    return ", ".join(value) if isinstance(value, tuple) else str(value)
