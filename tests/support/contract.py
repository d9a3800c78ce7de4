"""Built pages parsed, and checks of the rendering contract on their HTML."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Tag


def soup_of(path: Path) -> BeautifulSoup:
    """Parse a built page with the standard library's parser (as every test does)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def annotation_texts(body: Tag) -> dict[str, str]:
    """Text of each annotation's wrappers in document order, inserted markers left out."""
    texts: dict[str, str] = {}
    for el in body.find_all(attrs={"data-annotation": True}):
        ann_id = str(el["data-annotation"])
        texts[ann_id] = texts.get(ann_id, "") + own_text(el, ann_id)
    return texts


def own_text(el: Tag, ann_id: str) -> str:
    """Text of `el` without inserted elements and without nested wrappers of the same id."""
    parts = []
    for child in el.children:
        if isinstance(child, Tag):
            if child.has_attr("data-for") or child.get("data-annotation") == ann_id:
                continue
            parts.append(own_text(child, ann_id))
        else:
            parts.append(str(child))
    return "".join(parts)


def text_without_inserted(body: Tag) -> str:
    """The body's text with every element the build inserted (data-for) removed."""
    copy = BeautifulSoup(str(body), "html.parser")
    for el in copy.find_all(attrs={"data-for": True}):
        el.decompose()
    return copy.get_text()


def nested_links(soup: BeautifulSoup) -> list[Tag]:
    return [a for a in soup.find_all("a") if a.find_parent("a") is not None]
