"""Find a page's main text where its markup does not say: by text density.

Takes the page's body (scripts, forms and boilerplate already removed); returns the
element most likely to hold the article, together with the sibling elements that
continue it, or None when no paragraph has text. The method is Readability's
(github.com/mozilla/readability, `_grabArticle`): each paragraph of at least 25
characters scores one point, one per comma and one per 100 characters (at most three);
the score goes to its parent whole, its grandparent halved and further ancestors
divided by three times their distance; containers start from a score for their tag
and their class and id words; each score is scaled by the share of its text that is
not link text. The best candidate may be widened to a parent that scores better, and
siblings that score well, or are paragraphs of prose, join it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from bs4 import Tag
from bs4.element import Comment, NavigableString

from builder.commands.html_tree import attr, tags

log = logging.getLogger(__name__)

MIN_PARAGRAPH_CHARS = 25
ANCESTOR_LEVELS = 5
SCORED_TAGS = frozenset({"p", "pre", "td"})
INLINE_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em",
        "font", "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
        "sup", "time", "u", "var", "wbr",
    }
)  # fmt: skip
TAG_SCORES = {
    "div": 5, "article": 5, "section": 5, "main": 5, "pre": 3, "td": 3, "blockquote": 3,
    "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3,
    "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5,
}  # fmt: skip
CLASS_WEIGHT = 25
POSITIVE_WORDS = frozenset(
    {"article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog",
     "story", "prose"}
)  # fmt: skip
NEGATIVE_WORDS = frozenset(
    {"comment", "comments", "contact", "footer", "masthead", "media", "meta", "promo", "related",
     "scroll", "share", "shoutbox", "sidebar", "sponsor", "shopping", "tags", "widget", "nav"}
)  # fmt: skip
SIBLING_SHARE = 0.2
"""A sibling joins the best candidate when it scores this share of it (and at least 10)."""
_COMMAS = re.compile("[,\u060c\ufe50\ufe10\ufe11\u2e41\u2e34\u2e32\uff0c]")
_WORD = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"([a-z])([A-Z])")


@dataclass(frozen=True, slots=True)
class DensityPick:
    """The article's elements as text density found them, in page order."""

    elements: tuple[Tag, ...]
    score: float


def pick_by_density(body: Tag) -> DensityPick | None:
    """Return the elements that hold the page's main text, or None when none has prose."""
    lengths = measure_text(body)
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    for para in _paragraphs(body):
        text = " ".join(para.get_text(" ").split())
        if len(text) < MIN_PARAGRAPH_CHARS:
            continue
        points = 1 + len(_COMMAS.split(text)) + min(len(text) // 100, 3)
        for level, ancestor in enumerate(_ancestors(para, body)):
            key = id(ancestor)
            if key not in scores:
                scores[key] = initial_score(ancestor)
                nodes[key] = ancestor
            scores[key] += points / (1 if level == 0 else 2 if level == 1 else level * 3)
    if not scores:
        return None
    for key, node in nodes.items():
        scores[key] *= 1 - link_density(node, lengths)
    best = max(nodes.values(), key=lambda n: scores[id(n)])
    best = _widen(best, body, scores)
    return DensityPick(_with_siblings(best, scores, lengths), scores.get(id(best), 0.0))


def measure_text(root: Tag) -> dict[int, tuple[int, int]]:
    """Return, for every element under `root`, (text length, text length inside links).

    One visit per element, children before parents (the elements in reverse page order),
    so a page of any depth costs no recursion.
    """
    result: dict[int, tuple[int, int]] = {}
    for node in reversed([root, *tags(root)]):
        text = links = 0
        for child in node.contents:
            if isinstance(child, Tag):
                child_text, child_links = result[id(child)]
                text += child_text
                links += child_links
            elif isinstance(child, NavigableString) and not isinstance(child, Comment):
                text += len(child.strip())
        result[id(node)] = (text, text if node.name == "a" else links)
    return result


def link_density(node: Tag, lengths: dict[int, tuple[int, int]]) -> float:
    """The share of an element's text that is link text."""
    text, links = lengths.get(id(node), (0, 0))
    return links / text if text else 0.0


def class_words(tag: Tag) -> set[str]:
    """The words of an element's class and id (`share-bar`, `shareBar` -> share, bar)."""
    return words_of(f"{attr(tag, 'class')} {attr(tag, 'id')}")


def words_of(names: str) -> set[str]:
    """The words of class names and ids (`share-bar shareBar` -> share, bar)."""
    if not names.strip():
        return set()
    return set(_WORD.findall(_CAMEL.sub(r"\1 \2", names).lower()))


def initial_score(tag: Tag) -> float:
    """The score a container starts from: its tag's, and its class and id words'."""
    words = class_words(tag)
    weight = CLASS_WEIGHT * (bool(words & POSITIVE_WORDS) - bool(words & NEGATIVE_WORDS))
    return TAG_SCORES.get(tag.name, 0) + weight


def _paragraphs(body: Tag) -> list[Tag]:
    """Paragraphs, preformatted text, table cells, and containers holding only inline text."""
    found = []
    for tag in tags(body):
        if tag.name in SCORED_TAGS:
            found.append(tag)
        elif tag.name in {"div", "section"} and holds_only_text(tag):
            found.append(tag)
    return found


def holds_only_text(tag: Tag) -> bool:
    """Whether an element holds text and inline elements only (a paragraph in all but name)."""
    has_text = False
    for child in tag.children:
        if isinstance(child, Tag):
            if child.name not in INLINE_TAGS:
                return False
        elif isinstance(child, NavigableString) and not isinstance(child, Comment):
            has_text = has_text or bool(child.strip())
    return has_text


def _ancestors(tag: Tag, body: Tag) -> list[Tag]:
    result: list[Tag] = []
    node = tag.parent
    while node is not None and len(result) < ANCESTOR_LEVELS:
        result.append(node)
        if node is body:
            break
        node = node.parent
    return result


def _widen(best: Tag, body: Tag, scores: dict[int, float]) -> Tag:
    """Move to a parent that scores better, or that holds the candidate alone."""
    last = scores[id(best)]
    floor = last / 3
    node = best.parent
    while node is not None and node is not body:
        score = scores.get(id(node))
        if score is not None:
            if score < floor:
                break
            if score > last:
                best = node
                break
            last = score
        node = node.parent
    while best.parent is not None and best.parent is not body and _only_child(best):
        best = best.parent
    return best


def _only_child(tag: Tag) -> bool:
    parent = tag.parent
    return parent is not None and sum(isinstance(c, Tag) for c in parent.children) == 1


def _with_siblings(
    best: Tag, scores: dict[int, float], lengths: dict[int, tuple[int, int]]
) -> tuple[Tag, ...]:
    """The candidate and the siblings that continue its text, in page order."""
    parent = best.parent
    if parent is None:
        return (best,)
    top = scores.get(id(best), 0.0)
    threshold = max(10.0, top * SIBLING_SHARE)
    best_class = best.get("class")
    kept = []
    for sibling in parent.children:
        if not isinstance(sibling, Tag):
            continue
        if sibling is best:
            kept.append(sibling)
            continue
        bonus = top * SIBLING_SHARE if best_class and sibling.get("class") == best_class else 0
        if id(sibling) in scores and scores[id(sibling)] + bonus >= threshold:
            kept.append(sibling)
        elif sibling.name == "p" and _is_prose(sibling, lengths):
            kept.append(sibling)
    return tuple(kept)


def _is_prose(para: Tag, lengths: dict[int, tuple[int, int]]) -> bool:
    """A paragraph of sentences rather than of links (Readability's sibling rule)."""
    density = link_density(para, lengths)
    text = " ".join(para.get_text(" ").split())
    if len(text) > 80:
        return density < 0.25
    return density == 0 and re.search(r"\.( |$)", text) is not None
