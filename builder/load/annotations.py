"""<slug>.annotations.yaml -> Annotation values.

A sidecar lists the annotations of one article. Each kind is its own frozen
dataclass (`Footnote`, `ContextLink`, `FactNote`, `TermRef`), so a fact note
cannot lack a verdict; `Annotation` is their union. Schema problems are
reported with the line and column of the offending YAML node.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from builder.diagnostics import Diagnostics, FieldLocations, SourceLocation, field_location
from builder.load.config import SiteConfig
from builder.load.repository import Repository
from builder.load.schema import Checked, Field, IdRegistry, check_mapping
from builder.load.yamlio import YMapping, YSequence, read_yaml_file
from builder.site import ARTICLES_DIR, SIDECAR_SUFFIXES

log = logging.getLogger(__name__)

KINDS = ("footnote", "context", "fact", "term")

LINK_FIELDS = (
    Field("title", "text", required=True, help="the page's title"),
    Field("url", "url", required=True, help="https address of the page"),
)
COMMON_FIELDS = (
    Field("id", "id", help="stable id, lowercase letters, digits and hyphens"),
    Field("kind", "choice", required=True, choices=KINDS, help="footnote, context, fact or term"),
    Field("quote", "text", required=True, help="the annotated text as a reader sees it"),
    Field("prefix", "text", help="text right before the quote, to pick one match"),
    Field("suffix", "text", help="text right after the quote, to pick one match"),
    Field("occurrence", "int", help="which match, from 1, when several remain"),
)
KIND_FIELDS: dict[str, tuple[Field, ...]] = {
    "footnote": (Field("note", "markdown", required=True, help="the footnote, in Markdown"),),
    "context": (
        Field("url", "url", required=True, help="https address the quote links to"),
        Field("title", "text", help="title of the linked page"),
        Field("note", "markdown", help="a short note shown with the link, in Markdown"),
    ),
    "fact": (
        Field("note", "markdown", required=True, help="what the check found, in Markdown"),
        Field("verdict", "choice", required=True, help="one of the site's verdicts"),
        Field(
            "sources",
            "list",
            item="mapping",
            fields=LINK_FIELDS,
            required=True,
            help="one or more {title, url} sources",
        ),
    ),
    "term": (
        Field("term", "id", required=True, help="the id of a glossary entry"),
        Field("note", "markdown", help="a note on this use of the term, in Markdown"),
    ),
}
LOCATED_FIELDS = ("id", "prefix", "suffix", "occurrence", "note")
"""The fields a later stage may point at (the quote is the annotation's `location`);
`entry` is where the entry starts (its `- id:` line, or its first key's)."""
SIDECAR_FIELDS = (
    Field("annotations", "list", item="node", required=True, help="the list of annotations"),
)


@dataclass(frozen=True, slots=True)
class QuoteSelector:
    exact: str
    """The quote as a reader sees it; compared after normalization."""
    prefix: str = ""
    suffix: str = ""
    occurrence: int | None = None


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Footnote:
    id: str
    selector: QuoteSelector
    note: str
    location: SourceLocation
    """Where the quote is written: anchoring errors point here."""
    locations: FieldLocations = ()
    """Where the id, prefix, suffix, occurrence and note are written (`field_location`)."""
    kind = "footnote"


@dataclass(frozen=True, slots=True)
class ContextLink:
    id: str
    selector: QuoteSelector
    url: str
    location: SourceLocation
    title: str = ""
    note: str = ""
    locations: FieldLocations = ()
    kind = "context"


@dataclass(frozen=True, slots=True)
class FactNote:
    id: str
    selector: QuoteSelector
    note: str
    verdict: str
    sources: tuple[Link, ...]
    location: SourceLocation
    locations: FieldLocations = ()
    kind = "fact"


@dataclass(frozen=True, slots=True)
class TermRef:
    id: str
    selector: QuoteSelector
    term: str
    location: SourceLocation
    note: str = ""
    automatic: bool = False
    """Made by glossary auto-linking, not written in a sidecar."""
    locations: FieldLocations = ()
    kind = "term"


Annotation = Footnote | ContextLink | FactNote | TermRef


@dataclass(frozen=True, slots=True)
class Sidecar:
    slug: str
    path: str
    annotations: tuple[Annotation, ...]


def sidecar_paths(site_dir: Path, slugs: set[str], diags: Diagnostics) -> dict[str, str]:
    """Map each sidecar's article slug to the sidecar's relative path.

    Report a sidecar whose article does not exist, and an article with two sidecars
    (`.yaml` and `.yml`); the first in name order is the one read.
    """
    folder = site_dir / ARTICLES_DIR
    if not folder.is_dir():
        return {}
    paths: dict[str, str] = {}
    for name in sorted(os.listdir(folder)):
        suffix = next((s for s in SIDECAR_SUFFIXES if name.endswith(s)), None)
        if suffix is None:
            continue
        slug, rel = name[: -len(suffix)], f"{ARTICLES_DIR}/{name}"
        if slug in paths:
            diags.error(
                SourceLocation(rel),
                "duplicate-sidecar",
                f"'{rel}' and '{paths[slug]}' are both sidecars of article '{slug}'",
                "merge their annotations into one file and remove the other",
            )
        elif slug not in slugs:
            diags.error(
                SourceLocation(rel),
                "orphan-sidecar",
                f"no article '{slug}' for this sidecar",
                f"rename it after its article ({ARTICLES_DIR}/<slug>.md) or remove it",
            )
        else:
            paths[slug] = rel
    return paths


def load_sidecars(
    site_dir: Path,
    slugs: set[str],
    glossary_ids: set[str],
    config: SiteConfig,
    diags: Diagnostics,
) -> dict[str, Sidecar]:
    """Load every sidecar; report one whose article does not exist."""
    paths = sidecar_paths(site_dir, slugs, diags)
    return {
        slug: load_sidecar(site_dir, rel, slug, glossary_ids, config, diags)
        for slug, rel in paths.items()
    }


def load_sidecar(
    site_dir: Path,
    rel: str,
    slug: str,
    glossary_ids: set[str],
    config: SiteConfig,
    diags: Diagnostics,
) -> Sidecar:
    """Read one sidecar; annotations with errors are reported and left out."""
    node = read_yaml_file(site_dir, rel, diags)
    if node is None:
        return Sidecar(slug, rel, ())
    top = check_mapping(node, SIDECAR_FIELDS, diags, "the sidecar")
    if top is None or not isinstance(node, YMapping):
        return Sidecar(slug, rel, ())
    items = node.items.get("annotations")
    if not isinstance(items, YSequence):
        return Sidecar(slug, rel, ())
    ids = IdRegistry()
    parsed: list[Annotation] = []
    for item in items.items:
        annotation = _parse_annotation(item, glossary_ids, config, diags)
        if annotation is None:
            continue
        # Ids derived later (_fill_ids) are unique by construction.
        if not annotation.id or ids.claim(
            annotation.id,
            field_location(annotation.locations, "id", annotation.location),
            diags,
            "annotation id",
        ):
            parsed.append(annotation)
    return Sidecar(slug, rel, tuple(_fill_ids(parsed)))


def _parse_annotation(
    node: Any, glossary_ids: set[str], config: SiteConfig, diags: Diagnostics
) -> Annotation | None:
    if not isinstance(node, YMapping):
        check_mapping(node, (), diags, "an annotation")
        return None
    kind_node = node.items.get("kind")
    kind = getattr(kind_node, "value", None)
    fields = COMMON_FIELDS + KIND_FIELDS.get(kind, ()) if kind in KINDS else COMMON_FIELDS
    if kind == "fact":
        fields = tuple(
            Field(f.name, f.type, f.required, f.help, tuple(config.verdict_labels))
            if f.name == "verdict"
            else f
            for f in fields
        )
    checked = check_mapping(
        node, fields, diags, f"a {kind} annotation" if kind in KINDS else "an annotation"
    )
    if checked is None or kind not in KINDS:
        return None
    if any(f.required and f.name not in checked.values for f in fields):
        return None
    return _build(kind, checked, glossary_ids, diags)


def _build(kind: str, c: Checked, glossary_ids: set[str], diags: Diagnostics) -> Annotation | None:
    v = c.values
    selector = QuoteSelector(
        v["quote"], v.get("prefix", ""), v.get("suffix", ""), v.get("occurrence")
    )
    ann_id = v.get("id", "")
    loc = c.loc("quote")
    locs = (("entry", c.location),) + tuple(
        (name, c.loc(name)) for name in LOCATED_FIELDS if name in c.nodes
    )
    if kind == "footnote":
        return Footnote(ann_id, selector, v["note"], loc, locs)
    if kind == "context":
        return ContextLink(
            ann_id, selector, v["url"], loc, v.get("title", ""), v.get("note", ""), locs
        )
    if kind == "fact":
        sources = tuple(
            Link(s.values["title"].strip(), s.values["url"])
            for s in v["sources"]
            if "title" in s.values and "url" in s.values
        )
        if not v["sources"]:
            diags.error(
                c.loc("sources"),
                "missing-field",
                "a fact note needs at least one source",
                "add `- {title: ..., url: https://...}` under `sources:`",
            )
            return None
        if len(sources) != len(v["sources"]):
            return None
        return FactNote(ann_id, selector, v["note"], v["verdict"], sources, loc, locs)
    term = v["term"]
    if term not in glossary_ids:
        close = difflib.get_close_matches(term, sorted(glossary_ids), n=1)
        diags.error(
            c.loc("term"),
            "unknown-term",
            f"no glossary entry '{term}'",
            f"did you mean '{close[0]}'?"
            if close
            else f"add content/glossary/{term}.yaml or fix the id",
        )
        return None
    return TermRef(ann_id, selector, term, loc, v.get("note", ""), locations=locs)


def _fill_ids(annotations: list[Annotation]) -> list[Annotation]:
    """Give annotations without an id one derived from their quote, stable across builds."""
    taken = {a.id for a in annotations if a.id}
    result: list[Annotation] = []
    for ann in annotations:
        if not ann.id:
            base = "-".join(re.findall(r"[a-z0-9]+", ann.selector.exact.lower())[:6]) or ann.kind
            ann_id = unique_id(f"{ann.kind[:4]}-{base}", taken)
            ann = _with_id(ann, ann_id)
        result.append(ann)
    return result


def unique_id(base: str, taken: set[str]) -> str:
    """Return `base`, or `base-2`, `base-3`, ... whichever is free, and take it."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def _with_id(ann: Annotation, ann_id: str) -> Annotation:
    return replace(ann, id=ann_id)


def note_source_url(repository: Repository | None, ann: Annotation) -> str:
    """Return the forge address of the line an annotation's entry starts on, or '' when
    the site names no repository or the note was not written in a sidecar (an automatic
    glossary link): what a note's "Edit this note" links (endnote and margin copy) show."""
    entry = field_location(ann.locations, "entry", ann.location)
    if repository is None or getattr(ann, "automatic", False):
        return ""
    return repository.view_url(entry.path, entry.line)
