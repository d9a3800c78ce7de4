"""Typographic quotes, dashes and ellipses, in one pass over a rendered tree.

Replaces Python-Markdown's smarty extension, which added a dozen inline
patterns that every text node of every article and note went through (about
30 % of a 1000-article build, docs/performance.md). Here each block's text is
read once: `--`/`---`/`...` become dashes and an ellipsis node by node, and
straight quotes become curly ones from the block's whole text, so a quote
just before `<em>` still opens. Code is left as written. Anchoring folds all
of these back (anchoring.fold_text), so sidecar quotes typed with straight
characters still match.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree

from builder.anchor.inject import BLOCK_TAGS, text_slots

log = logging.getLogger(__name__)

_OPENING = re.compile(r"""(?:(?<=^)|(?<=[\s(\[{\u2014\u2013]))["'](?=\w)(?!\d\ds)""")
_CODE = frozenset({"code", "kbd", "samp", "pre"})


_MARKS = ('"', "'", "--", "...")
"""What `smarten` turns into typographic characters."""


def smartens(text: str) -> bool:
    """Tell whether `smarten` (or `smarten_tree`, over these texts) could change `text`."""
    return any(mark in text for mark in _MARKS)


def smarten(text: str) -> str:
    """Give plain text curly quotes, en and em dashes and an ellipsis character."""
    return smarten_quotes(smarten_dashes(text))


def smarten_dashes(text: str) -> str:
    """Turn `---`, `--` and `...` into an em dash, an en dash and an ellipsis."""
    if "--" not in text and "..." not in text:
        return text
    return text.replace("---", "\u2014").replace("--", "\u2013").replace("...", "\u2026")


def smarten_quotes(text: str) -> str:
    """Turn straight quotes into opening or closing curly ones (same length)."""
    if '"' not in text and "'" not in text:
        return text
    text = _OPENING.sub(lambda m: {'"': "\u201c", "'": "\u2018"}[m[0]], text)
    return text.replace('"', "\u201d").replace("'", "\u2019")


def smarten_tree(root: etree.Element) -> None:
    """Apply `smarten` to the text of every block of a rendered tree, code excepted."""
    for block in root.iter():
        if block.tag not in BLOCK_TAGS or block.tag == "pre":
            continue
        slots = list(text_slots(block))
        texts: list[str] = []
        in_code: list[bool] = []
        for owner, attr in slots:
            code = _in_code(owner, attr)
            text = getattr(owner, attr)
            texts.append(text if code else smarten_dashes(text))
            in_code.append(code)
        joined = smarten_quotes("".join(texts))
        pos = 0
        for (owner, attr), text, code in zip(slots, texts, in_code, strict=True):
            if not code:
                setattr(owner, attr, joined[pos : pos + len(text)])
            pos += len(text)


def _in_code(owner: etree.Element, attr: str) -> bool:
    # Python-Markdown's code spans hold text only; a tail is outside its element.
    return attr == "text" and owner.tag in _CODE
