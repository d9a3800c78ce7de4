"""Cut a page's plainest boilerplate out of its text, before the text is parsed.

Takes a page's text (scripts and styles already cut, `html_tree.strip_raw_text`); returns
it without the elements that `page_text.strip_boilerplate` would remove first anyway:
`nav`, `aside` and `form`, and elements whose ARIA role or whose class or id words name
them as boilerplate (comments, related content, sharing, advertising, ...). Parsing makes
an object per element, and a page's weight in elements is often its comment thread: a
2 MB page of 27,000 elements took twice as long to parse as to do everything else.

The scan follows the tags as `html.parser` and BeautifulSoup nest them (an end tag closes
the latest open element of its name and every element opened after it; one with no open
element of its name is ignored; void elements hold nothing), so a range cut here is the
element the tree would have held. It cuts less, never more, than the later step: never
`html`, `body`, `main`, an `<article>`, or anything holding `main`, `role=main`,
`itemprop=articleBody` or an `<article>`. The JSON-LD scripts inside a cut range are kept,
moved to the end, for the page's metadata.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from builder.commands.page_text import BOILERPLATE_ROLES, BOILERPLATE_WORDS
from builder.commands.text_density import words_of

log = logging.getLogger(__name__)

CUT_TAGS = frozenset({"nav", "aside", "form"})
NEVER_CUT = frozenset({"html", "body", "main", "article", "head"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr", "basefont", "bgsound", "frame", "keygen", "spacer"}
)  # fmt: skip
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_NAMED = re.compile(r"\b(?:class|id|role|itemprop)\s*=", re.I)
_SCRIPT_END = re.compile(r"</script\s*>", re.I)
_JSON_LD = re.compile(r"<script\b[^>]*application/ld\+json[^>]*>.*?</script\s*>", re.I | re.S)


@dataclass(slots=True)
class _Open:
    name: str
    start: int
    cut: bool
    """Boilerplate by its tag, role or class words."""
    holds_article: bool = False


def cut_boilerplate(text: str) -> str:
    """Return the page's text without the boilerplate elements found by their tags."""
    ranges = _boilerplate_ranges(text)
    if not ranges:
        return text
    kept: list[str] = []
    moved: list[str] = []
    position = 0
    for start, end in ranges:
        kept.append(text[position:start] + " ")
        moved += _JSON_LD.findall(text, start, end)
        position = end
    kept.append(text[position:])
    return "".join(kept + moved)


def _boilerplate_ranges(text: str) -> list[tuple[int, int]]:
    """The outermost (start, end) of each element to cut, in page order."""
    stack: list[_Open] = []
    found: list[tuple[int, int]] = []
    # A page writes the same start tags again and again (each comment's, each card's):
    # reading their attributes and class words once per distinct tag halves the scan.
    judged: dict[tuple[str, str], tuple[bool, bool]] = {}
    position = 0
    while (match := _TAG.search(text, position)) is not None:
        position = match.end()
        closing, name, attrs = match[1], match[2].lower(), match[3]
        if closing:
            _close(stack, name, match.start(), position, found)
            continue
        if name == "script":  # JSON-LD is kept in the text: its content is not markup
            end = _SCRIPT_END.search(text, position)
            position = end.end() if end else len(text)
            continue
        if (name, attrs) not in judged:
            judged[name, attrs] = _judge(name, attrs)
        marks, cut = judged[name, attrs]
        if marks:
            for entry in stack:
                entry.holds_article = True
        if name in VOID or attrs.rstrip().endswith("/"):
            continue
        stack.append(_Open(name, match.start(), cut))
    _close(stack, "", len(text), len(text), found)  # what is open at the end closes there
    return _outermost(found)


def _judge(name: str, attrs: str) -> tuple[bool, bool]:
    """Whether a start tag marks the article, and whether its element is boilerplate."""
    values: dict[str, str] = {}
    if _NAMED.search(attrs):
        for key, double, single, bare in _ATTRIBUTE.findall(attrs):
            values.setdefault(key.lower(), double or single or bare)
    role = values.get("role", "").strip().lower()
    marks = (
        name in {"main", "article"}
        or role == "main"
        or "articleBody" in values.get("itemprop", "").split()
    )
    if marks or name in NEVER_CUT:
        return marks, False
    words = words_of(f"{values.get('class', '')} {values.get('id', '')}")
    return False, name in CUT_TAGS or role in BOILERPLATE_ROLES or bool(words & BOILERPLATE_WORDS)


def _close(
    stack: list[_Open], name: str, tag_start: int, tag_end: int, found: list[tuple[int, int]]
) -> None:
    """Close the latest open `name` and what was opened after it ('' closes them all).

    The element named ends after its end tag; those opened after it end before that tag,
    which is not theirs to take.
    """
    at = len(stack) - 1 if name else 0
    while at >= 0 and name and stack[at].name != name:
        at -= 1
    if at < 0:
        return  # nothing of that name is open: the end tag is ignored
    for n, entry in enumerate(stack[at:]):
        if entry.cut and not entry.holds_article:
            found.append((entry.start, tag_end if n == 0 and name else tag_start))
    del stack[at:]


def _outermost(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if result and start < result[-1][1]:
            continue  # inside the one before
        result.append((start, end))
    return result
