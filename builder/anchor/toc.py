"""Give an article body's headings ids and list them for its table of contents.

Takes the rendered body tree and the ids the page already uses; sets a slug `id`
on every heading that has none and returns the headings as `TocEntry` values.
Layouts own the ids that start with `ed-` (and `main`), so headings never take those.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from builder.load.annotations import unique_id

log = logging.getLogger(__name__)

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
LAYOUT_ID_PREFIX = "ed-"
LAYOUT_IDS = frozenset({"main"})


@dataclass(frozen=True, slots=True)
class TocEntry:
    level: int
    """1-6, from the heading's tag."""
    id: str
    text: str


def add_heading_ids(root: etree.Element, taken: set[str]) -> tuple[TocEntry, ...]:
    """Set a unique slug id on each heading of the body and return them in order."""
    # The ids the body already has (the author's notes') are taken too.
    taken = taken | LAYOUT_IDS | {i for el in root.iter() if (i := el.get("id"))}
    entries = []
    for el in root.iter():
        level = HEADINGS.get(el.tag)
        if level is None or el.get("data-for") is not None:  # the author's notes' heading
            continue
        text = " ".join(_own_text(el).split())
        heading_id = el.get("id")
        if not heading_id:
            heading_id = unique_id(slugify(text), taken)
            el.set("id", heading_id)
        entries.append(TocEntry(level, heading_id, text))
    return tuple(entries)


def _own_text(el: etree.Element) -> str:
    """The element's text, without that of elements the build inserted (`data-for`)."""
    parts = [el.text or ""]
    for child in el:
        if child.get("data-for") is None:
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def slugify(text: str) -> str:
    """Make a URL fragment from heading text, as MkDocs and Hugo do ('Why now?' -> 'why-now')."""
    text = unicodedata.normalize("NFKC", text).casefold()
    slug = re.sub(r"[\s_-]+", "-", re.sub(r"[^\w\s-]", "", text)).strip("-")
    if not slug or slug.startswith(LAYOUT_ID_PREFIX):
        slug = f"section-{slug}".rstrip("-")
    return slug
