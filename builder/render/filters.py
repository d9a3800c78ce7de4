"""The Jinja filters and helpers the layouts use: dates, reading time, hosts, link labels."""

from __future__ import annotations

import functools
import logging
import math
from datetime import date
from urllib.parse import quote, urlsplit

from markupsafe import Markup

log = logging.getLogger(__name__)

WORDS_PER_MINUTE = 230
FRAGMENT_WORDS = 10
"""Quotes longer than this are linked by their first and last words (textStart,textEnd)."""


@functools.lru_cache(maxsize=4096)
def long_date(iso: str) -> str:
    """Format YYYY-MM-DD as '19 April 2013' (English month names)."""
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B} {day.year}"


def css_string(text: str) -> Markup:
    """A CSS string ('…') of any text, every character but ASCII letters and digits as a
    hex escape: safe in a style attribute or element, whatever the text holds."""
    escaped = "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):x} " for c in text)
    return Markup(f"'{escaped}'")


def reading_minutes(text: str) -> int:
    """Estimate reading time in whole minutes at WORDS_PER_MINUTE (at least 1)."""
    return max(1, math.ceil(_word_count(text) / WORDS_PER_MINUTE))


@functools.lru_cache(maxsize=1 << 16)
def _word_count(text: str) -> int:
    """Remembered: the home page counts every article's words on every build, and the
    dev server keeps the same article texts from one build to the next."""
    return len(text.split())


def host(url: str) -> str:
    """Return a URL's host name without a leading 'www.'."""
    name = urlsplit(url).hostname or url
    return name.removeprefix("www.")


def text_fragment(quote_text: str, page_url: str) -> str:
    """Link to a quoted passage on the page it came from (`#:~:text=`), or '' for a home page.

    The quote's outer quotation marks are dropped; a long quote is given by its first
    and last words, so a small difference in the middle does not break the link.
    """
    parts = urlsplit(page_url)
    if parts.scheme not in {"http", "https"} or parts.path in {"", "/"}:
        return ""
    words = quote_text.strip().strip("\"'“”‘’").split()
    if not words:
        return ""
    if len(words) > FRAGMENT_WORDS:
        terms = [" ".join(words[:4]), " ".join(words[-4:])]
    else:
        terms = [" ".join(words)]
    directive = ",".join(_fragment_term(t) for t in terms)
    return parts._replace(fragment=f":~:text={directive}").geturl()


def _fragment_term(text: str) -> str:
    # Text directives reserve "-", "," and "&"; quote() leaves "-" alone.
    return quote(text, safe="").replace("-", "%2D")
