"""`import EXPORT.json|.jsonld --slug SLUG`: another tool's annotations -> the sidecar.

Reads the export (`note_exports`), the site's settings, glossary and the one article,
renders the article as the build does and indexes its reader-visible text. Each
annotation then gets its kind and fields (`note_kinds`), its place and shortest
selector (`quote_context`) and an id from its note's first words, unique in the
sidecar; the ones that pass are appended to the sidecar (`sidecar_append`), which is
created when the article has none. Replies and notes on the whole page are skipped, each
with a line saying so; an annotation that does not anchor, or lacks what its kind
needs, is reported (a quote that does not anchor with the closest passage, as `check`
reports it) and not written. Annotations already in the sidecar are not added again.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from builder.anchor.anchoring import AnchorProblem, TextIndex, fold_text, normalize_quote
from builder.anchor.inject import find_blocks
from builder.anchor.markdown.render import render_article_tree
from builder.anchor.quote_report import report_problem
from builder.commands.note_exports import ExportedNote, read_export
from builder.commands.note_kinds import NoteFields, Skip, choose_fields
from builder.commands.quote_context import place_quote
from builder.commands.scaffold import ScaffoldError, check_id, write_new_file
from builder.commands.sidecar_append import (
    NewEntry,
    SidecarLayoutError,
    append_entries,
    entry_problems,
)
from builder.diagnostics import BuildFailed, Diagnostic, Diagnostics, SourceLocation
from builder.load.annotations import (
    Annotation,
    Footnote,
    QuoteSelector,
    load_sidecar,
    sidecar_paths,
    unique_id,
)
from builder.load.articles import Article, load_articles
from builder.load.config import SiteConfig, load_config
from builder.load.glossary import load_glossary
from builder.load.yamlio import YMapping, YScalar, YSequence, decode_yaml_bytes, parse_yaml
from builder.site import ARTICLES_DIR, SIDECAR_SUFFIX

log = logging.getLogger(__name__)

ID_WORDS = 5
"""An imported annotation's id is made of its note's first words, at most this many."""


@dataclass(frozen=True, slots=True)
class NotesImport:
    """What an import of annotations did."""

    sidecar: Path
    created: bool
    """The sidecar did not exist before."""
    format: str
    added: tuple[NewEntry, ...]
    skipped: tuple[str, ...]
    """One line for each annotation skipped by design (a reply, a page note, ...)."""
    problems: tuple[Diagnostic, ...]
    """The annotations not imported because of a problem: each says why."""


@dataclass(frozen=True, slots=True)
class _Target:
    """The article receiving the annotations, and its sidecar as it is."""

    config: SiteConfig
    glossary: set[str]
    article: Article
    sidecar: Path
    raw: bytes | None
    """The sidecar's bytes, None when it does not exist."""
    text: str | None
    existing: tuple[Annotation, ...]
    ids: set[str]


def import_annotations(site_dir: Path, source: Path, slug: str | None) -> NotesImport:
    """Append the annotations of an export to the sidecar of article `slug`."""
    if not slug:
        raise ScaffoldError(
            f"{source}: an annotation export needs --slug: the article whose sidecar "
            "receives the annotations"
        )
    check_id(slug, "slug")
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ScaffoldError(f"{source}: cannot read: {exc.strerror}") from exc
    export = read_export(data, str(source))
    target = _load_target(site_dir, slug)
    blocks = find_blocks(render_article_tree(target.article.markdown))
    run = _Run(
        source,
        target,
        TextIndex([block.text for block in blocks]),
        _export_lines(data, export.notes),
        taken=set(target.ids),
        known={_same(a.kind, a.selector, a.note) for a in target.existing},
    )
    added = [entry for note in export.notes if (entry := run.take(note)) is not None]
    if added:
        _write(target, slug, added, f"Imported from {source.name} ({export.format}).")
    return NotesImport(
        target.sidecar,
        target.raw is None,
        export.format,
        tuple(added),
        tuple(run.skipped),
        tuple(run.diags.items),
    )


@dataclass(slots=True)
class _Run:
    """One import: the article's text, the ids taken so far, what was skipped or refused."""

    source: Path
    target: _Target
    index: TextIndex
    lines: list[int]
    """The export's line for each annotation, by number."""
    taken: set[str]
    known: set[tuple[str, ...]]
    """What the sidecar already has (`_same`), and what this import added."""
    skipped: list[str] = field(default_factory=list)
    diags: Diagnostics = field(default_factory=Diagnostics)

    def take(self, note: ExportedNote) -> NewEntry | None:
        """The entry an exported annotation becomes; None when it is skipped or refused."""
        where = SourceLocation(str(self.source), self.lines[note.number - 1])
        name = f"annotation {note.number}" + (f" ({note.source_id})" if note.source_id else "")
        verdicts = dict(self.target.config.verdicts)
        fields = _skipped_by_design(note) or choose_fields(note, verdicts, self.target.glossary)
        if isinstance(fields, Skip):
            if fields.problem:
                self.refuse(where, f"{name} not imported: {fields.reason}")
            else:
                self.skipped.append(f"{where}: skipped {name}: {fields.reason}")
            return None
        assert note.quote is not None
        placed = place_quote(self.index, note.quote)
        if isinstance(placed, AnchorProblem):
            _report_unanchored(note, placed, where, name, self.target.article, self.index,
                               self.diags)  # fmt: skip
            return None
        same = _same(fields.kind, placed.selector, fields.note)
        if same in self.known:
            self.skipped.append(f"{where}: skipped {name}: already in the sidecar")
            return None
        entry = NewEntry(note_id(fields, placed.selector, self.taken), placed.selector, fields)
        invalid = entry_problems(entry, tuple(verdicts))
        if invalid:
            self.taken.discard(entry.id)
            self.refuse(where, f"{name} not imported: {'; '.join(invalid)}")
            return None
        self.known.add(same)
        return entry

    def refuse(self, where: SourceLocation, message: str) -> None:
        self.diags.error(where, "import-incomplete", message)


def note_id(fields: NoteFields, selector: QuoteSelector, taken: set[str]) -> str:
    """An id from the note's first words (the quote's, when there is no note), not yet taken."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", fields.note) or selector.exact
    text = re.sub(r"(\w)['\u2019](\w)", r"\1\2", text)  # "county's" is one word
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)[:ID_WORDS]
    return unique_id("-".join(words) or fields.kind, taken)


def _skipped_by_design(note: ExportedNote) -> Skip | None:
    if note.reply:
        return Skip("a reply to another annotation", problem=False)
    if note.quote is None:
        return Skip("a note on the whole page: it quotes no text", problem=False)
    return None


def _report_unanchored(
    note: ExportedNote,
    problem: AnchorProblem,
    where: SourceLocation,
    name: str,
    article: Article,
    index: TextIndex,
    diags: Diagnostics,
) -> None:
    """Report a quote that does not anchor as `check` does, naming the export's entry."""
    assert note.quote is not None
    quote = note.quote
    stand_in = Footnote("", QuoteSelector(quote.exact, quote.prefix, quote.suffix), "", where)
    found = Diagnostics()
    report_problem(stand_in, problem, article, index, found)
    for diag in found.items:
        diags.items.append(
            replace(diag, message=f"{name} not imported: {diag.message}", location=where)
        )


def _same(kind: str, selector: QuoteSelector, note: str) -> tuple[str, ...]:
    """What makes two annotations the same: kind, folded selector and note."""
    return (
        kind,
        normalize_quote(selector.exact),
        fold_text(selector.prefix).strip(),
        fold_text(selector.suffix).strip(),
        str(selector.occurrence),
        " ".join(note.split()),
    )


def _export_lines(data: bytes, notes: tuple[ExportedNote, ...]) -> list[int]:
    """The line of the export where each annotation's id is written (1 when unknown)."""
    text = data.decode("utf-8-sig", "replace")
    lines = []
    start = 0  # annotations are in file order: each id is looked for after the last one
    for note in notes:
        at = text.find(f'"{note.source_id}"', start) if note.source_id else -1
        start = max(start, at)
        lines.append(text.count("\n", 0, at) + 1 if at >= 0 else 1)
    return lines


def _load_target(site_dir: Path, slug: str) -> _Target:
    """Read the site's settings and glossary, the article, and its sidecar if any."""
    diags = Diagnostics()
    config = load_config(site_dir, diags)
    diags.raise_if_errors()
    assert config is not None
    glossary = set(load_glossary(site_dir, diags).entries)
    article = next((a for a in load_articles(site_dir, diags) if a.slug == slug), None)
    if article is None:
        own = [d for d in diags.errors if d.location.path.startswith(f"{ARTICLES_DIR}/{slug}.")]
        if own:
            raise BuildFailed(own)
        raise ScaffoldError(
            f"no article '{slug}' in {site_dir / ARTICLES_DIR}: write or import the article "
            "first, then its annotations"
        )
    rel = sidecar_paths(site_dir, {slug}, Diagnostics()).get(slug)
    if rel is None:
        path = site_dir / ARTICLES_DIR / f"{slug}{SIDECAR_SUFFIX}"
        return _Target(config, glossary, article, path, None, None, (), set())
    raw = (site_dir / rel).read_bytes()
    found = Diagnostics()
    text = decode_yaml_bytes(raw, rel, found)
    node = parse_yaml(text, rel, found) if text is not None else None
    if text is None or node is None:
        raise BuildFailed(found.items)
    existing = load_sidecar(site_dir, rel, slug, glossary, config, Diagnostics()).annotations
    ids = {a.id for a in existing} | _written_ids(node)
    return _Target(config, glossary, article, site_dir / rel, raw, text, existing, ids)


def _written_ids(node: object) -> set[str]:
    """Every `id:` written in the sidecar, valid or not (a new id must differ from all)."""
    items = node.items.get("annotations") if isinstance(node, YMapping) else None
    if not isinstance(items, YSequence):
        return set()
    ids = set()
    for item in items.items:
        value = item.items.get("id") if isinstance(item, YMapping) else None
        if isinstance(value, YScalar):
            ids.add(value.value)
    return ids


def _write(target: _Target, slug: str, entries: list[NewEntry], comment: str) -> None:
    try:
        text = append_entries(target.text, entries, slug, comment)
    except SidecarLayoutError as exc:
        raise ScaffoldError(f"{target.sidecar}: cannot add annotations: {exc}") from exc
    if target.raw is None:
        write_new_file(target.sidecar, text)
        return
    # Keep the file's own line ends and byte-order mark, as `fix` does.
    if b"\r\n" in target.raw:
        text = text.replace("\n", "\r\n")
    bom = codecs.BOM_UTF8 if target.raw.startswith(codecs.BOM_UTF8) else b""
    data = bom + text.encode("utf-8")
    temporary = target.sidecar.with_name(f".{target.sidecar.name}.import-{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, target.sidecar)
