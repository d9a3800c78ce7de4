"""Sanitize a rendered note: nh3's allow-list, then rel on links and no link without a target.

Takes the HTML Python-Markdown made of a note or definition (which may hold the
author's raw HTML) and returns it with only allow-listed tags, attributes and URL
schemes; each kept link gets `rel`, and a link whose target was unsafe is unwrapped
to its text. Also holds the URL rule article links share (`unsafe_url`) and tells
which links sanitizing removed (`dropped_links`), so the author can be told.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence
from html.parser import HTMLParser

import nh3

from builder.htmlscan import rewrite_tags
from builder.load.schema import url_problem

log = logging.getLogger(__name__)

SAFE_SCHEMES = ("http", "https", "mailto")
LINK_REL = "noopener noreferrer"
"""The rel of the links a note or annotation adds: what they point to gets no handle on
the page."""

NOTE_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "cite",
    "code",
    "del",
    "em",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "strong",
    "sub",
    "sup",
    "ul",
}
NOTE_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "q": {"cite"}}

_CLEANER = nh3.Cleaner(
    tags=NOTE_TAGS,
    attributes=NOTE_ATTRIBUTES,
    url_schemes=set(SAFE_SCHEMES),
    link_rel=None,
    strip_comments=True,
)
"""Built once: nh3.clean converts its allow-lists on every call, 4x the cost of cleaning."""
_AUTHOR_NOTE_CLEANER = nh3.Cleaner(
    tags=NOTE_TAGS,
    attributes={**NOTE_ATTRIBUTES, "a": NOTE_ATTRIBUTES["a"] | {"class"}},
    url_schemes=set(SAFE_SCHEMES),
    link_rel=None,
    strip_comments=True,
)
"""The notes' allow-list, and the class by which an author's note's references to others
(Python-Markdown's `a.footnote-ref`) are found after it (`author_notes.shape`)."""


def sanitize(fragment: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes."""
    return _with_rel(_CLEANER.clean(fragment))


def sanitize_author_note(fragment: str) -> str:
    """Sanitize an article's own footnote as a note is (`sanitize`), keeping links' class."""
    return _with_rel(_AUTHOR_NOTE_CLEANER.clean(fragment))


def _with_rel(clean: str) -> str:
    """Give each kept link `rel`; unwrap a link left without a safe target."""
    if "<a" not in clean:
        return clean  # nothing to rewrite
    # The html.parser round trip cost as much as nh3 itself: read nh3's own form by
    # regular expressions when it is that (htmlscan), with html.parser for the rest.
    links = _LinkRewrite()
    fast = rewrite_tags(clean, links.start_tag, links.end_tag)
    if fast is not None:
        return fast
    rewriter = _LinkRel()
    rewriter.feed(clean)
    rewriter.close()
    return "".join(rewriter.out)


def unsafe_url(value: str) -> bool:
    """Tell whether a link target is neither relative nor of a safe scheme."""
    if ":" not in value.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0] and not any(
        ord(c) < 32 for c in value
    ):
        return False  # relative URL
    return bool(url_problem(value, SAFE_SCHEMES))


_LINK_START = re.compile(r"<a[\s>]", re.IGNORECASE)  # raw HTML keeps its case


def dropped_links(fragment: str, clean: str) -> tuple[str, ...]:
    """Return what each link of `fragment` that is not a link in `clean` pointed to."""
    if len(_LINK_START.findall(fragment)) == clean.count("<a "):  # each kept link has href
        return ()
    finder = _LinkTargets()
    finder.feed(fragment)
    finder.close()
    return tuple(target for target in finder.targets if not target or unsafe_url(target))


class _LinkTargets(HTMLParser):
    """Collect what each `<a>` of a rendered note points to, unsafe targets included."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            found = dict(attrs)
            self.targets.append((found.get("href") or "").strip())


class _LinkRewrite:
    """Re-emit tags, adding rel to links and unwrapping links left without a safe href.

    nh3 can add `rel` only to every `<a>`, and `rel` on an `<a>` whose unsafe href it
    removed is invalid HTML.
    """

    def __init__(self) -> None:
        self.kept: list[bool] = []
        """For each open `<a>`, whether its start tag was kept."""

    def start_tag(self, tag: str, attrs: Sequence[tuple[str, str | None]]) -> str:
        """Re-emit a start tag; a link gets rel, or disappears when it has no safe href."""
        if tag == "a":
            href = dict(attrs).get("href")
            # nh3 keeps "java\ufffdscript:x" (a NUL replaced) as a relative URL: drop
            # what article links would drop too.
            if href is not None and unsafe_url(href):
                href = None
            self.kept.append(href is not None)
            if href is None:
                return ""
            attrs = [*attrs, ("rel", LINK_REL)]
        return f"<{tag}{''.join(_attribute(k, v) for k, v in attrs)}>"

    def end_tag(self, tag: str) -> str:
        """Re-emit an end tag, but not that of a link `start_tag` dropped."""
        if tag == "a" and self.kept and not self.kept.pop():
            return ""
        return f"</{tag}>"


class _LinkRel(HTMLParser):
    """`_LinkRewrite` over any HTML nh3 may give, through html.parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.links = _LinkRewrite()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.links.start_tag(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.out.append(self.links.end_tag(tag))

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")


def _attribute(name: str, value: str | None) -> str:
    return f" {name}" if value is None else f' {name}="{html.escape(value)}"'
