"""Annotation exports -> `ExportedNote`s: what each annotation of another tool says.

Reads two formats, whatever the file's extension says, by their shape:

* a Hypothesis API export: `{"rows": [...]}` (the search API's answer; the client's
  export file has the same rows under `"annotations"`), each row with `target[0].selector`,
  `text` (Markdown), `tags` and, for a reply, `references`;
* W3C Web Annotations (JSON-LD): an `AnnotationCollection` whose `first` page holds
  its `items`, an `AnnotationPage`, one `Annotation`, a list of them or a `@graph` of
  them. Bodies are read by their kind: text (`TextualBody`, `bodyValue`; HTML is turned
  into Markdown), tags (`purpose: tagging`), a verdict (`purpose: assessing`) and linked
  resources (a body with an `id`). Our own `annotations.jsonld` is such a collection.

A file that is not JSON, or JSON of neither shape, or one without annotations, is refused
with a `ScaffoldError` that says what was expected.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from builder.commands.html_markdown import escape_text, fragment_to_markdown
from builder.commands.scaffold import ScaffoldError

log = logging.getLogger(__name__)

EXPECTED = (
    'expected a Hypothesis export (JSON with its annotations under "rows") or W3C Web '
    "Annotations (JSON-LD: an AnnotationCollection, an AnnotationPage or Annotations)"
)
MAX_PAGES = 10_000
"""Pages of a collection followed inside one file (`next`), a guard against a loop."""


@dataclass(frozen=True, slots=True)
class ExportedQuote:
    """A TextQuoteSelector as exported: the page's text, with the page's white space."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class ExportedNote:
    """One annotation of an export, as the export states it."""

    number: int
    """Its place in the export, from 1 (what messages call it by)."""
    source_id: str
    """The export's id for it ('' when it has none)."""
    quote: ExportedQuote | None
    """None for a note on the whole page."""
    text: str
    """The note, as Markdown."""
    tags: tuple[str, ...] = ()
    motivation: str = ""
    """The W3C motivation (commenting, linking, assessing, identifying, ...); '' if none."""
    links: tuple[str, ...] = ()
    """Addresses of linked resources among its bodies, in order."""
    label: str = ""
    """The text of an assessing body: a fact check's verdict."""
    reply: bool = False


@dataclass(frozen=True, slots=True)
class Export:
    format: str
    """'Hypothesis' or 'W3C Web Annotation'."""
    notes: tuple[ExportedNote, ...]


def read_export(data: bytes, name: str) -> Export:
    """Read an export's annotations; ScaffoldError when it is not one."""
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ScaffoldError(f"{name}: not UTF-8 text ({exc.reason}); {EXPECTED}") from exc
    except json.JSONDecodeError as exc:
        raise ScaffoldError(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); {EXPECTED}"
        ) from exc
    except RecursionError as exc:
        raise ScaffoldError(f"{name}: JSON nested too deeply; {EXPECTED}") from exc
    rows = _hypothesis_rows(value)
    if rows is not None:
        notes = tuple(_hypothesis_note(n, row) for n, row in enumerate(rows, 1))
        export = Export("Hypothesis", notes)
    else:
        items = _w3c_items(value, name)
        if items is None:
            raise ScaffoldError(f"{name}: no annotations found in this JSON; {EXPECTED}")
        export = Export(
            "W3C Web Annotation", tuple(_w3c_note(n, a) for n, a in enumerate(items, 1))
        )
    if not export.notes:
        raise ScaffoldError(f"{name}: this {export.format} export holds no annotations")
    return export


# --- Hypothesis ----------------------------------------------------------------------


def _hypothesis_rows(value: Any) -> list[dict[str, Any]] | None:
    if not isinstance(value, dict):
        return None
    rows = value.get("rows", value.get("annotations"))
    if not isinstance(rows, list) or "@context" in value:
        return None
    return [row for row in rows if isinstance(row, dict)]


def _hypothesis_note(number: int, row: dict[str, Any]) -> ExportedNote:
    targets = row.get("target")
    target = targets[0] if isinstance(targets, list) and targets else {}
    selectors = target.get("selector", []) if isinstance(target, dict) else []
    tags = row.get("tags")
    return ExportedNote(
        number,
        _text(row.get("id")),
        _quote_selector(selectors),
        _text(row.get("text")).strip(),
        tuple(t.strip() for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
        reply=bool(row.get("references")),
    )


# --- W3C Web Annotation --------------------------------------------------------------


def _w3c_items(value: Any, name: str) -> list[dict[str, Any]] | None:
    """The annotations of a collection, a page, a list, a @graph or one annotation."""
    if isinstance(value, list):
        found = [v for v in value if isinstance(v, dict) and "Annotation" in _types(v)]
        return found if found or not value else None
    if not isinstance(value, dict):
        return None
    types = _types(value)
    if "Annotation" in types:
        return [value]
    if "AnnotationPage" in types:
        return _page_items(value)
    if "AnnotationCollection" in types:
        first = value.get("first")
        if isinstance(first, str):
            raise ScaffoldError(
                f"{name}: the collection's annotations are not in the file (its first page is only "
                f"named: {first}); save that page's JSON and import it"
            )
        return _page_items(first) if isinstance(first, dict) else []
    if isinstance(value.get("@graph"), list):
        return _w3c_items(value["@graph"], name)
    return None


def _page_items(page: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for _ in range(MAX_PAGES):
        items += [i for i in page.get("items", []) if isinstance(i, dict)]
        page = page.get("next")  # type: ignore[assignment]
        if not isinstance(page, dict):
            break
    return items


def _w3c_note(number: int, item: dict[str, Any]) -> ExportedNote:
    motivation = _motivation(item.get("motivation"))
    texts: list[str] = []
    tags: list[str] = []
    links: list[str] = []
    label = ""
    if isinstance(item.get("bodyValue"), str):
        texts.append(escape_text(item["bodyValue"]))
    for body in _as_list(item.get("body")):
        if isinstance(body, str):
            links.append(body)
            continue
        if not isinstance(body, dict):
            continue
        purposes = {_motivation(p) for p in _as_list(body.get("purpose"))}
        if "value" not in body and isinstance(body.get("id"), str):
            links.append(body["id"])
        elif "tagging" in purposes:
            tags.append(_text(body.get("value")))
        elif "assessing" in purposes:
            label = _text(body.get("value"))
        elif isinstance(body.get("value"), str):
            texts.append(_body_markdown(body))
    return ExportedNote(
        number,
        _text(item.get("id")),
        _w3c_quote(item.get("target")),
        "\n\n".join(t for t in texts if t).strip(),
        tuple(t for t in tags if t),
        motivation,
        tuple(links),
        label,
        reply=motivation == "replying",
    )


def _w3c_quote(value: Any) -> ExportedQuote | None:
    """The quote selector of the first target that has one (a page's address has none)."""
    for target in _as_list(value):
        if isinstance(target, dict):
            found = _quote_selector(_as_list(target.get("selector")))
            if found is not None:
                return found
    return None


def _body_markdown(body: dict[str, Any]) -> str:
    value = str(body["value"])
    media = _text(body.get("format")).lower()
    if media == "text/html":
        return fragment_to_markdown(value)
    if media == "text/plain":
        return escape_text(value)
    return value  # text/markdown, or unstated: Hypothesis and most tools write Markdown


def _motivation(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    text = _text(value)
    return text.rsplit(":", 1)[-1].rsplit("#", 1)[-1].lower()


# --- shared --------------------------------------------------------------------------


def _quote_selector(selectors: list[Any], depth: int = 0) -> ExportedQuote | None:
    """The first TextQuoteSelector among selectors (or what refines them)."""
    for selector in selectors:
        if not isinstance(selector, dict):
            continue
        if "TextQuoteSelector" in _types(selector, "type") and isinstance(
            selector.get("exact"), str
        ):
            return ExportedQuote(
                selector["exact"], _text(selector.get("prefix")), _text(selector.get("suffix"))
            )
        if depth < 5 and isinstance(selector.get("refinedBy"), (dict, list)):
            found = _quote_selector(_as_list(selector["refinedBy"]), depth + 1)
            if found is not None:
                return found
    return None


def _types(value: dict[str, Any], *keys: str) -> set[str]:
    names: list[Any] = []
    for key in keys or ("type", "@type"):
        names += _as_list(value.get(key))
    return {n.rsplit(":", 1)[-1].rsplit("#", 1)[-1] for n in names if isinstance(n, str)}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
