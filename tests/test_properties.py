"""Property tests of anchoring and injection (hypothesis).

For random articles with random inline formatting, and any substring chosen as
a quote, the build wraps exactly that substring, leaves the body text as it
was, and writes HTML that parses back to the very tree it built; random sets of
overlapping annotations stay well nested.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.anchor.anchoring import find_all, fold_text
from builder.anchor.annotate import annotate
from builder.anchor.markdown.render import render_article_tree
from builder.diagnostics import Diagnostics, SourceLocation
from builder.load.annotations import (
    Annotation,
    ContextLink,
    FactNote,
    Footnote,
    Link,
    QuoteSelector,
)
from builder.load.articles import Article
from builder.load.config import SiteConfig
from builder.load.glossary import build_glossary
from tests.support.contract import annotation_texts, nested_links

CONFIG = SiteConfig(Path("."), "T", auto_link="none")
LOC = SourceLocation("content/articles/a.annotations.yaml", 1, 1)
EXAMPLES = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# Few, short words make repeats, so quotes are often ambiguous and need `occurrence`.
WORDS = st.sampled_from(["a", "ab", "ba", "cab", "b", "Kim", "ta-da", "1.5", "don't", "é"])
STYLES = st.sampled_from(["plain", "plain", "em", "strong", "code", "link"])


@dataclass(frozen=True)
class Chunk:
    words: tuple[str, ...]
    style: str

    def markdown(self) -> str:
        text = " ".join(self.words)
        return {
            "plain": text,
            "em": f"*{text}*",
            "strong": f"**{text}**",
            "code": f"`{text}`",
            "link": f"[{text}](https://example.org/{len(text)})",
        }[self.style]

    def text(self) -> str:
        return " ".join(self.words)


chunks = st.builds(Chunk, st.lists(WORDS, min_size=1, max_size=4).map(tuple), STYLES)
paragraphs = st.lists(chunks, min_size=1, max_size=6)
articles = st.lists(paragraphs, min_size=1, max_size=3)


def markdown_of(article: list[list[Chunk]]) -> str:
    return "\n\n".join(" ".join(c.markdown() for c in para) for para in article) + "\n"


def texts_of(article: list[list[Chunk]]) -> list[str]:
    return [" ".join(c.text() for c in para) for para in article]


@st.composite
def quotes(draw: st.DrawFn, texts: list[str]) -> tuple[int, int, int]:
    """A (paragraph, start, end) range that starts and ends on a non-space."""
    p = draw(st.integers(0, len(texts) - 1))
    text = texts[p]
    starts = [i for i, c in enumerate(text) if c != " "]
    start = draw(st.sampled_from(starts))
    ends = [j for j in range(start + 1, len(text) + 1) if text[j - 1] != " "]
    return p, start, draw(st.sampled_from(ends))


def selector_for(texts: list[str], p: int, start: int, end: int) -> QuoteSelector:
    """The quote with the occurrence that picks exactly this range."""
    whole = "\n".join(texts)
    at = sum(len(t) + 1 for t in texts[:p]) + start
    hits = find_all(whole, texts[p][start:end])
    return QuoteSelector(texts[p][start:end], occurrence=hits.index(at) + 1)


def make(kind: str, ann_id: str, selector: QuoteSelector) -> Annotation:
    if kind == "footnote":
        return Footnote(ann_id, selector, "A note.", LOC)
    if kind == "context":
        return ContextLink(ann_id, selector, "https://context.example/", LOC, note="Why.")
    return FactNote(
        ann_id, selector, "Checked.", "accurate", (Link("S", "https://s.example/"),), LOC
    )


def run(markdown: str, annotations: list[Annotation]) -> tuple[etree.Element, str, Diagnostics]:
    diags = Diagnostics()
    root = render_article_tree(markdown)
    article = Article("a", "content/articles/a.md", "A", markdown, markdown)
    result = annotate(article, root, tuple(annotations), build_glossary({}, diags), CONFIG, diags)
    return root, result.body_html, diags


# --- HTML back to a tree, strictly: every end tag must close the element it belongs to ---

Node = tuple[str, tuple[tuple[str, str], ...], tuple[object, ...]]
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


class StrictTree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, list[tuple[str, str]], list[object]]] = [("#root", [], [])]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = (tag, [(k, v or "") for k, v in attrs], [])
        self.stack[-1][2].append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1][0] == tag, f"</{tag}> closes <{self.stack[-1][0]}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1][2].append(data)


def parse_strict(html: str) -> tuple[object, ...]:
    parser = StrictTree()
    parser.feed(html)
    parser.close()
    assert len(parser.stack) == 1, f"unclosed: {[e[0] for e in parser.stack[1:]]}"
    return freeze(parser.stack[0][2])


def freeze(items: list[object]) -> tuple[object, ...]:
    """Merge adjacent text, drop empty text, sort attributes."""
    out: list[object] = []
    for item in items:
        if isinstance(item, str):
            if out and isinstance(out[-1], str):
                out[-1] += item
            elif item:
                out.append(item)
        else:
            tag, attrs, children = item  # type: ignore[misc]
            out.append((tag, tuple(sorted(attrs)), freeze(children)))
    return tuple(out)


def tree_of(root: etree.Element) -> tuple[object, ...]:
    """The element tree the build serialized, in the parser's shape."""

    def items(el: etree.Element) -> list[object]:
        result: list[object] = [el.text or ""]
        for child in el:
            # The serializer writes hidden="hidden" as the bare boolean attribute `hidden`.
            attrs = [(k, "" if v == k else v) for k, v in child.attrib.items()]
            result.append((child.tag, sorted(attrs), items(child)))
            result.append(child.tail or "")
        return result

    nodes = list(freeze(items(root)))
    if nodes and isinstance(nodes[0], str):
        nodes[0] = nodes[0].lstrip()
    if nodes and isinstance(nodes[-1], str):
        nodes[-1] = nodes[-1].rstrip()
    return tuple(n for n in nodes if n != "")


def folded(texts: dict[str, str]) -> dict[str, str]:
    return {key: fold_text(text) for key, text in texts.items()}


def block_texts(html: str) -> list[str]:
    """Each paragraph's text with the inserted markers (data-for) removed."""
    soup = BeautifulSoup(html, "html.parser")
    for el in soup.find_all(attrs={"data-for": True}):
        el.decompose()
    return [p.get_text() for p in soup.find_all("p")]


# --- the properties ---


@EXAMPLES
@given(st.data(), articles, st.sampled_from(["footnote", "context", "fact"]))
def test_any_substring_is_wrapped_exactly(
    data: st.DataObject, article: list[list[Chunk]], kind: str
) -> None:
    texts = texts_of(article)
    p, start, end = data.draw(quotes(texts))
    selector = selector_for(texts, p, start, end)
    root, html, diags = run(markdown_of(article), [make(kind, "q", selector)])

    assert not diags.items, [str(d) for d in diags.items]
    body = BeautifulSoup(html, "html.parser")
    # Typography (smart quotes) changes "don't" into "don’t"; anchoring folds it back.
    assert folded(annotation_texts(body)) == {"q": texts[p][start:end]}
    first = body.find(attrs={"data-annotation": "q"})
    assert first is not None and first.get("id") == "ann-q"
    assert [fold_text(t) for t in block_texts(html)] == texts
    assert parse_strict(html) == tree_of(root)
    assert not nested_links(body)


@EXAMPLES
@given(st.data(), articles, st.integers(2, 5))
def test_overlapping_annotations_stay_well_nested(
    data: st.DataObject, article: list[list[Chunk]], count: int
) -> None:
    texts = texts_of(article)
    ranges = [data.draw(quotes(texts)) for _ in range(count)]
    kinds = data.draw(
        st.lists(st.sampled_from(["footnote", "context", "fact"]), min_size=count, max_size=count)
    )
    annotations = [
        make(kind, f"q{n}", selector_for(texts, *r))
        for n, (kind, r) in enumerate(zip(kinds, ranges, strict=True))
    ]
    root, html, diags = run(markdown_of(article), annotations)

    assert not diags.items, [str(d) for d in diags.items]
    body = BeautifulSoup(html, "html.parser")
    expected = {f"q{n}": texts[p][s:e] for n, (p, s, e) in enumerate(ranges)}
    assert folded(annotation_texts(body)) == expected
    assert [fold_text(t) for t in block_texts(html)] == texts
    assert parse_strict(html) == tree_of(root)
    assert not nested_links(body)
    markers = body.find_all(attrs={"data-for": True})
    # Each note inserts a marker, and footnotes and fact notes a hidden margin copy too.
    assert {m["data-for"] for m in markers} == set(expected)
    order = body.find_all(True)
    for marker in markers:  # a marker comes after its annotation's last wrapper
        wrappers = body.find_all(attrs={"data-annotation": marker["data-for"]})
        assert order.index(marker) > order.index(wrappers[-1])
