"""The layouts' words in the site's language: the Jinja globals made from its `Strings`.

`t(key, name=value)` gives an interface string (`load.strings`); the others give what
pages write around it: `lang`/`dir` attributes for text in another language, the kinds'
headings and counts, back-links' names, the printed pages' letters. `interface_globals`
hands them all to a Renderer's environment.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from builder.load.strings import Strings, text_direction
from builder.render.filters import css_string
from builder.render.pages import KIND_HEADINGS, KIND_NOUNS

log = logging.getLogger(__name__)


def interface_globals(strings: Strings) -> dict[str, Any]:
    """The layouts' globals that speak the site's language."""
    return {
        "t": _interface_strings(strings),
        "lang_attrs": functools.partial(lang_attrs, strings),
        "script_strings": strings.for_script,
        # The kinds' headings in the site's language (English for a kind no file names).
        "kind_headings": {k: strings.get(f"kind.{k}", v) for k, v in KIND_HEADINGS.items()},
        "kind_nouns": KIND_NOUNS,
        "kind_count": functools.partial(_kind_count, strings),
        "note_name": functools.partial(_note_name, strings),
        "print_letters": functools.partial(print_letters, strings),
    }


def _interface_strings(strings: Strings) -> Callable[..., str | Markup]:
    """`t(key, name=value)` in a layout: the interface string in the site's language.

    A string given no values is the same on every page: it is filled and escaped once a
    build, not at each of the hundred or so calls an article page makes."""
    constant: dict[str, Markup] = {}

    def t(key: str, /, **values: Any) -> str | Markup:
        if values:
            return strings.html(key, **values)
        found = constant.get(key)
        if found is None:
            found = constant[key] = escape(strings.html(key))
        return found

    return t


def _kind_count(strings: Strings, kind: str, count: int) -> str:
    """A count of notes of one kind, "3 fact checks" (English for a kind no file names)."""
    if f"count.{kind}" in strings.table:
        return strings.text(f"count.{kind}", n=count)
    return f"{count} {KIND_NOUNS.get(kind, (kind, kind))[0 if count == 1 else 1]}"


def _note_name(strings: Strings, kind: str, number: int) -> str:
    """How a back-link names the note it leaves, "fact checks 2" (English for a kind no
    strings file names)."""
    if f"notes.name.{kind}" in strings.table:
        return strings.text(f"notes.name.{kind}", n=number)
    return f"{KIND_HEADINGS.get(kind, kind).lower()} {number}"


PRINT_LETTERS = {"fact": "F", "context": "C", "term": "T"}
"""The letters printed pages number notes with (F1, C1, T1) when the page sets none: the
defaults of style.css's `var(--ed-print-fact, "F")`, …"""


def print_letters(strings: Strings) -> Markup:
    """The ` style="…"` of <html> that gives printed pages the language's letters
    (strings' `print.fact`, …): only those that differ from the stylesheet's, so mostly
    nothing."""
    style = Markup(" ").join(
        Markup("--ed-print-{}: {};").format(kind, css_string(strings.get(f"print.{kind}", letter)))
        for kind, letter in PRINT_LETTERS.items()
        if strings.get(f"print.{kind}", letter) != letter
    )
    return Markup(' style="{}"').format(style) if style else Markup("")


def lang_attrs(strings: Strings, language: str, around: str = "") -> Markup:
    """` lang="…" dir="…"` for text in `language` inside text in `around` (the site's
    language by default): nothing when they are the same, `dir` only when it differs."""
    around = around or strings.language
    if not language or language == around:
        return Markup("")
    attrs = Markup(' lang="{}"').format(language)
    direction = text_direction(language)
    if direction and direction != (text_direction(around) or "ltr"):
        attrs += Markup(' dir="{}"').format(direction)
    return attrs
