"""Faster ways to Python-Markdown's own output, on only for the versions they were tested on.

`render` asks `enabled()` and, when it says yes, has `speed_up` its Markdown instances
and takes simple notes (`simple_note`) and batches of notes (`convert_together`)
from here. Each gives exactly what stock Python-Markdown (and nh3) give, which
tests/test_markdown_render.py checks against the stock path, by property tests.

What lives here: any code that is right only as long as Python-Markdown stays as it
was when tested. That is code that overrides or calls its private methods
(`_SkippingInline`), tables of its classes and of what their regular expressions
need (`_TRIGGERS`, `_BLOCK_PROCESSORS`), and code that makes what it would make
without running it (`simple_note`: the element tree and HTML of a simple note;
`convert_together`: `Markdown.convert` over many notes in one run). `render`
keeps to what extensions are documented to use (the processor registries,
`Treeprocessor`, `htmlStash`, the block parser's `parseDocument`, the
serializers), which a new release keeps or deprecates first.

The gate: `enabled()` is true when the installed Python-Markdown is within
`TESTED_MARKDOWN` and the environment variable `EDITION_MARKDOWN_FASTPATHS` is not
`0` (or `false`, `no`, `off`); both are read once per process (`reset` reads them
again). Off, the build renders with stock Python-Markdown and nh3 alone: the same
bytes, more slowly (`make test` runs the rendering tests both ways).

When Python-Markdown releases a new version: install it, run
`pytest tests/test_markdown_render.py` (its property tests build the fast paths
whatever the gate says) and the rendering tests with `EDITION_MARKDOWN_FASTPATHS=0`;
when both pass, raise the highest version in `TESTED_MARKDOWN` and the bound in
pyproject.toml together. Until then, the new version renders by the stock path.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
from markdown import blockprocessors as bp
from markdown import inlinepatterns as ip
from markdown import util
from markdown.extensions.sane_lists import SaneOListProcessor, SaneUListProcessor
from markdown.extensions.tables import TableProcessor
from markdown.serializers import to_html_string
from markdown.treeprocessors import InlineProcessor

from builder.anchor.markdown.sanitize import LINK_REL, unsafe_url
from builder.anchor.typography import smarten, smarten_tree, smartens

log = logging.getLogger(__name__)

TESTED_MARKDOWN = ("3.11.1", "3.11")
"""The oldest Python-Markdown release and the newest minor version the fast paths were
tested on (3.11.0 lacks `inlinepatterns.DelimiterProcessor`); pyproject.toml pins below
the next minor."""

ENVIRONMENT_VARIABLE = "EDITION_MARKDOWN_FASTPATHS"
"""Set to 0 to render with stock Python-Markdown only (same output, slower)."""

_OFF = ("0", "false", "no", "off")


def tested(version: tuple[int | str, ...]) -> bool:
    """Tell whether a Python-Markdown version (`markdown.__version_info__`) is one tested."""
    oldest, newest = (tuple(int(n) for n in v.split(".")) for v in TESTED_MARKDOWN)
    release = tuple(n for n in version[:3] if isinstance(n, int))
    return oldest <= release and release[:2] <= newest


@functools.cache
def enabled() -> bool:
    """Tell whether to take the fast paths (read once per process; see the module's doc)."""
    if os.environ.get(ENVIRONMENT_VARIABLE, "").strip().lower() in _OFF:
        log.debug("%s is off: rendering with stock Python-Markdown", ENVIRONMENT_VARIABLE)
        return False
    if not tested(markdown.__version_info__):
        log.info(
            "Python-Markdown %s is not a version the fast paths were tested on (%s to %s.x):"
            " rendering with stock Python-Markdown (same output, slower)",
            markdown.__version__,
            *TESTED_MARKDOWN,
        )
        return False
    return True


def reset() -> None:
    """Make the next `enabled()` read the environment and Markdown's version again."""
    enabled.cache_clear()


def speed_up(md: markdown.Markdown) -> None:
    """Give `md` the block and inline shortcuts (each only if `md` is as they expect)."""
    _skip_impossible_blocks(md)
    _skip_impossible_patterns(md)


# What each stock inline pattern's regex cannot match without: a pattern is tried on a
# text only when the text holds one of these. Keyed by registry name and the class
# found there, so a pattern this table does not describe is always tried.
_LINK = ("[",)
_IMAGE = ("![",)
_TRIGGERS: dict[str, tuple[type[ip.InlineProcessor], tuple[str, ...]]] = {
    "backtick": (ip.BacktickInlineProcessor, ("`",)),
    "escape": (ip.EscapeInlineProcessor, ("\\",)),
    "reference": (ip.ReferenceInlineProcessor, _LINK),
    "link": (ip.LinkInlineProcessor, _LINK),
    "image_link": (ip.ImageInlineProcessor, _IMAGE),
    "image_reference": (ip.ImageReferenceInlineProcessor, _IMAGE),
    "short_reference": (ip.ShortReferenceInlineProcessor, _LINK),
    "short_image_ref": (ip.ShortImageReferenceInlineProcessor, _IMAGE),
    "autolink": (ip.AutolinkInlineProcessor, ("<",)),
    "automail": (ip.AutomailInlineProcessor, ("<",)),
    "linebreak": (ip.SubstituteTagInlineProcessor, ("  \n",)),
    "html": (ip.HtmlInlineProcessor, ("<",)),
    "entity": (ip.HtmlInlineProcessor, ("&",)),
}


_BLOCK_PROCESSORS = (
    bp.EmptyBlockProcessor,
    bp.ListIndentProcessor,
    bp.CodeBlockProcessor,
    TableProcessor,
    bp.HashHeaderProcessor,
    bp.SetextHeaderProcessor,
    bp.HRProcessor,
    bp.OListProcessor,
    bp.UListProcessor,
    SaneOListProcessor,
    SaneUListProcessor,
    bp.BlockQuoteProcessor,
    bp.ReferenceProcessor,
    bp.ParagraphProcessor,
)
"""The block processors whose tests all need a line that starts with something other
than a letter, a quote or `(` (spaces, `#`, `>`, `-`, `*`, `+`, `=`, `_`, `|`, `:`, `[`,
a digit) or an empty block, except the paragraph's, which takes any block."""

_LINE_START = "(?:[^\\W\\d_]|[\"'(\u201c\u2018])"
_PARAGRAPH_ONLY = re.compile(f"{_LINE_START}[^\\n]*(?:\\n{_LINE_START}[^\\n]*)*")
"""A block each of whose lines starts with a letter, a quote or `(`."""


class _PlainParagraph(bp.ParagraphProcessor):
    """The paragraph processor, tried first, on the blocks no other processor takes.

    Python-Markdown tries each of a dozen processors' tests on every block, and most
    blocks are paragraphs that every test but the paragraph's turns down. A block whose
    lines all start with a letter, a quote or `(` cannot pass any of those tests
    (`_BLOCK_PROCESSORS`), so it goes to the paragraph processor at once; the stock
    chain sees every other block. The output is the same (tests/test_markdown_render.py
    compares).
    """

    def test(self, parent: etree.Element, block: str) -> bool:
        return _PARAGRAPH_ONLY.fullmatch(block) is not None


def _skip_impossible_blocks(md: markdown.Markdown) -> None:
    """Register `_PlainParagraph` first, if every block processor of this Markdown is
    one whose test it knows (else the stock chain alone: same output, slower)."""
    processors = md.parser.blockprocessors
    known = (*_BLOCK_PROCESSORS, _PlainParagraph)
    if all(type(p) in known for p in processors) and any(
        type(p) is bp.ParagraphProcessor for p in processors
    ):
        processors.register(_PlainParagraph(md.parser), "plain_paragraph", 200)


def _skip_impossible_patterns(md: markdown.Markdown) -> None:
    """Put `_SkippingInline` in place of the stock inline pass, if this Markdown has the
    private methods it overrides (else the stock pass stays: same output, slower)."""
    if all(hasattr(InlineProcessor, f"_InlineProcessor__{n}") for n in _OVERRIDDEN):
        md.treeprocessors.register(_SkippingInline(md), "inline", 20)


_OVERRIDDEN = ("handleInline", "applyPattern", "stashNode")  # overridden or called


class _SkippingInline(InlineProcessor):
    """Python-Markdown's inline pass, not trying patterns that cannot match a text.

    The stock pass tries each of 14 patterns on every text node; most tries fail
    (no `[`, no backtick), and the Python around each failing regex search cost more
    than the rest of note rendering. A skipped pattern is one whose regex needs a
    substring the text lacks, which the stock pass would have tried and found no
    match for. A block's text that holds no such substring but in `*emphasis*`,
    `**strong**` and `[text](url)` links (`_simple_inline`) gets its elements
    without trying patterns at all. The output is the same
    (tests/test_markdown_render.py compares).
    """

    _patterns: list[tuple[object, re.Pattern[str] | None]] | None = None
    """Each pattern in order, with what finds its triggers; set on the first run, when
    the instance's extensions have registered all their patterns."""

    _plain: Callable[[str], bool] | None = None
    """Tells text no pattern can match (None: some pattern has no known triggers, or is
    not tried inside some elements, so the shortcut is off)."""

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        if self._patterns is None:
            self._patterns = [(p, _triggers(self.md, p)) for p in self.inlinePatterns]
            if all(
                triggers is not None and not getattr(pattern, "ANCESTOR_EXCLUDES", ())
                for pattern, triggers in self._patterns
            ):  # every pattern known, and none left out inside some elements
                # and no stash placeholder, which the stock pass would also look up
                found = [t.pattern for _, t in self._patterns if t] + ["[\x02\x03]"]
                any_trigger = re.compile("|".join(found))
                self._plain = lambda text: not any_trigger.search(text)
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        """The stock loop over patterns, minus the tries that cannot match."""
        if isinstance(data, util.AtomicString):
            return data
        if patternIndex == 0 and self._plain is not None:
            pieces = _simple_inline(data, self._plain)
            if pieces is not None:
                stash = self._InlineProcessor__stashNode  # type: ignore[attr-defined]
                return "".join(p if isinstance(p, str) else stash(p, p.tag) for p in pieces)
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        patterns = self._patterns
        assert patterns is not None
        start = 0
        while patternIndex < len(patterns):
            pattern, triggers = patterns[patternIndex]
            if triggers is not None and not triggers.search(data):
                matched = False  # what the stock pass would find, with start back at 0
                start = 0
            else:
                data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def _triggers(md: markdown.Markdown, pattern: object) -> re.Pattern[str] | None:
    """Find the substrings without which `pattern` cannot match (None: try it on every text)."""
    needs: tuple[str, ...] | None = None
    if type(pattern) is ip.DelimiterProcessor:
        needs = tuple(pattern.tokens)  # emphasis: `*` or `_`
    for name, (cls, substrings) in _TRIGGERS.items():
        registered = md.inlinePatterns
        if type(pattern) is cls and name in registered and registered[name] is pattern:
            needs = substrings
    return None if not needs else re.compile("|".join(map(re.escape, needs)))


# A simple note is one Markdown turns into one paragraph of plain text, `*emphasis*`,
# `**strong**` text and `[text](url)` links, none inside another: most notes are.
# - Plain text: each line starts with a letter, a quote, `(`, `[` or `*` (no list,
#   heading, quote block, code or setext underline); no blank line; no two spaces
#   (line breaks); only characters that neither Markdown nor nh3 treat specially:
#   not & < > \ ` * _ [ ], no other white space, no control or format characters.
# - A link's URL is http(s) or mailto, of characters that need no escaping in
#   Markdown or HTML but `&`; `![` starts an image, not a link.
_PLAIN_CHARS = re.compile(r"""[A-Za-z0-9 \n.,;:?!'"()/%$#@+=~^|{}-]*""")
_SIMPLE_INLINE = re.compile(
    r"(?<!!)\[(?P<a>[^\[\]\n]+)\]\((?P<href>(?:https?://|mailto:)[A-Za-z0-9._~:/?#@!$&+,;=%-]+)\)"
    r"|(?<!\*)\*\*(?P<strong>[^*\s](?:[^*\n]*[^*\s])?)\*\*(?!\*)"
    r"|(?<!\*)\*(?P<em>[^*\s](?:[^*\n]*[^*\s])?)\*(?!\*)"
)


def simple_note(source: str) -> tuple[str, etree.Element] | None:
    """Return the sanitized HTML of a simple note (above) and the `<p>` it serializes,
    or None if it is not one.

    It makes the element tree Python-Markdown would make and gives it the same
    typography and serializer, without the block parser, the inline patterns or
    nh3 (tests/test_markdown_render.py compares with them): its characters are
    ones nh3 keeps as they are.
    """
    text = source.rstrip("\n")
    if not text or "  " in text:
        return None
    for line in text.split("\n"):
        if not line or not (line[0].isalpha() or line[0] in "\"'([*") or line[-1] == " ":
            return None
    if "[" not in text and "*" not in text:
        if not _plain(text):
            return None
        paragraph = etree.Element("p")
        paragraph.text = smarten(text)
        return f"<p>{paragraph.text}</p>", paragraph  # nothing to escape
    pieces = _simple_inline(text, _plain)
    if pieces is None:
        return None
    paragraph = etree.Element("p")
    for piece in pieces:
        if isinstance(piece, str):
            _add_text(paragraph, piece)
            continue
        href = piece.get("href")
        if href is not None:
            if unsafe_url(href):
                return None
            piece.set("rel", LINK_REL)  # as sanitize adds it
        paragraph.append(piece)
    if smartens(text):
        smarten_tree(paragraph)
    return to_html_string(paragraph), paragraph


def _simple_inline(text: str, plain: Callable[[str], bool]) -> list[str | etree.Element] | None:
    """Split `text` into the text and elements Python-Markdown's inline patterns make of it,
    when it holds only `*emphasis*`, `**strong**` and `[text](url)` links, none inside
    another, and text `plain` accepts; else None."""
    pieces: list[str | etree.Element] = []
    texts: list[str] = []  # what `plain` must accept: the text between links, and in them
    pos = 0
    for m in _SIMPLE_INLINE.finditer(text):
        before, inner, href = text[pos : m.start()], m["a"] or m["strong"] or m["em"], m["href"]
        element = etree.Element("a" if href else "strong" if m["strong"] else "em")
        if href is not None:
            element.set("href", href)
        element.text = inner
        pieces += (before, element) if before else (element,)
        texts += (before, inner)
        pos = m.end()
    if pos < len(text):
        pieces.append(text[pos:])
    texts.append(text[pos:])
    # One test for all: no trigger `plain` looks for holds `|`, none spans two texts
    # (a link or emphasis lies between them), and `|` itself is plain.
    return pieces if plain("|".join(texts)) else None


def _add_text(parent: etree.Element, text: str) -> None:
    """Put text after the last child of `parent` (or at its start), as Markdown does."""
    if len(parent):
        parent[-1].tail = text
    else:
        parent.text = text


def _plain(text: str) -> bool:
    return bool(_PLAIN_CHARS.fullmatch(text)) or _plain_unicode(text)


def _plain_unicode(text: str) -> bool:
    """The plain-character test for text with non-ASCII letters (slower than the regex)."""
    return not text.isascii() and all(
        c.isprintable() and (not c.isspace() or c == " ") and c not in "&<>\\`*_[]"
        if c != "\n"
        else True
        for c in text
    )


def batchable(source: str) -> bool:
    """Tell whether a note can share a Markdown run with others (`convert_together`).

    What one note could carry into another is reference definitions (`[x]: url`) and
    stash placeholders; notes that might hold either are rendered alone.
    """
    return bool(source.strip()) and not any(c in source for c in ("]:", util.STX, util.ETX))


def convert_together(md: markdown.Markdown, sources: list[str]) -> list[str]:
    """`Markdown.convert` each of `sources` (none blank) in one run of `md`, just reset.

    Each note's blocks are parsed into a `<div>` of its own, so no block continues
    into the next note; then inline patterns, typography and the serializer run
    once over all of them.
    """
    root = etree.Element(md.doc_tag)
    for source in sources:
        lines = source.split("\n")
        for prep in md.preprocessors:
            lines = prep.run(lines)
        md.parser.parseChunk(etree.SubElement(root, md.doc_tag), "\n".join(lines))
    if md.references:  # a definition `batchable` missed: it would reach every note
        return [md.reset().convert(source) for source in sources]
    for processor in md.treeprocessors:
        new_root = processor.run(root)
        if new_root is not None:
            root = new_root
    return [_finish(md, note) for note in root]


def _finish(md: markdown.Markdown, note: etree.Element) -> str:
    """Serialize one note's `<div>` as `Markdown.convert` serializes a document."""
    output = md.serializer(note)
    start = output.index(f"<{md.doc_tag}>") + len(md.doc_tag) + 2
    output = output[start : output.rindex(f"</{md.doc_tag}>")].strip()
    for processor in md.postprocessors:
        output = processor.run(output)
    return output.strip()
