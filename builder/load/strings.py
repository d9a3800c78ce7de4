"""layouts/strings/<language>.yaml -> Strings: every word the reader sees around the text.

The built-in layouts ship one strings file per language (`en`, `fr`, `de`, `es`, `ar`),
each a flat mapping of dotted keys (`toolbar.show`) to text, or to plural forms by CLDR
category (`{one: "{n} note", other: "{n} notes"}`). A site's own `layouts/strings/<lang>.yaml`
overrides single keys or adds a language. The layers, last wins: the built-in English, the
site's English, the built-in language file, the site's. A key the language lacks falls
back to English, and the build warns, naming the file. Plural forms are chosen and
numbers and dates formatted with Babel (CLDR data) for the site's `language`.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import babel
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

log = logging.getLogger(__name__)

STRINGS_DIR = "strings"
"""The strings files' folder inside `layouts/`."""
ENGLISH = "en"
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories; a language uses some of them (Arabic all six), `other` always."""
COUNT = "n"
"""The value a plural string's form is chosen by: `t("count.fact", n=3)`."""

KEY_RE = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_-]+)+")
PLACEHOLDER_RE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
"""What a BCP 47 language tag looks like, as far as a build cares: `fr`, `pt-BR`, `sr-Latn-RS`."""

Entry = str | tuple[tuple[str, str], ...]
"""A string's text, or its plural forms as (category, text) pairs."""


class MissingString(KeyError):
    """A layout asked for a key no strings file has, or left out a value the string uses."""


@functools.cache
def babel_locale(tag: str) -> babel.Locale | None:
    """The CLDR locale of a language tag (`fr-CA`), else of its language (`fr`); None if
    Babel knows neither."""
    for candidate in (tag, tag.split("-")[0]):
        try:
            return babel.Locale.parse(candidate, sep="-")
        except (ValueError, TypeError, babel.UnknownLocaleError):
            continue
    return None


def text_direction(tag: str) -> str:
    """'rtl' or 'ltr' for a language tag (CLDR's character order); '' when it is unknown."""
    locale = babel_locale(tag)
    if locale is None:
        return ""
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def language_problem(tag: str) -> str:
    """Say what is wrong with a language tag in site.yaml or front matter, or return ''."""
    if not _TAG.fullmatch(tag):
        return f"'{tag}' is not a language tag"
    if babel_locale(tag) is None:
        return f"'{tag}' is not a language CLDR knows"
    return ""


@dataclass(frozen=True, slots=True)
class Strings:
    """The interface strings of one language, English filling what it lacks."""

    language: str
    """The site's language tag (`fr`, `pt-BR`): the pages' `lang`."""
    table: Mapping[str, Entry] = field(compare=False, repr=False)
    digest: str = ""
    """A hash of the table: what a cache keys on."""

    @property
    def locale(self) -> babel.Locale:
        return babel_locale(self.language) or babel.Locale(ENGLISH)

    @property
    def direction(self) -> str:
        """'rtl' for a right-to-left language, else 'ltr': the pages' `dir`."""
        return text_direction(self.language) or "ltr"

    def text(self, key: str, /, **values: object) -> str:
        """The string `key` with its `{placeholders}` filled; a plural string's form is
        the one CLDR's rules choose for `n`."""
        return _fill(self._template(key, values), key, self._shown(values), markup=False)

    def html(self, key: str, /, **values: object) -> str | Markup:
        """As `text`, for a layout: when a value is Markup (a link, say) the result is
        Markup, the string's own text escaped; otherwise plain text Jinja escapes."""
        markup = any(isinstance(v, Markup) for v in values.values())
        return _fill(self._template(key, values), key, self._shown(values), markup=markup)

    def long_date(self, iso: str) -> str:
        """An ISO date (YYYY-MM-DD) written out in the language: Babel's `format_date` with
        the strings' `date.format` (CLDR's `long` format, or a CLDR pattern: English keeps
        the edition's "19 April 2013" where CLDR's `en` writes "April 19, 2013")."""
        return _long_date(iso, str(self.locale), self.get("date.format", "long"))

    def number(self, value: int) -> str:
        return _number(value, str(self.locale))

    def get(self, key: str, default: str) -> str:
        """The plain string `key` (no placeholders filled), or `default` when no file has it."""
        entry = self.table.get(key)
        return entry if isinstance(entry, str) else default

    def for_script(self, *keys: str) -> dict[str, object]:
        """The raw strings the page's scripts show: text, or {category: text} for plurals
        (search.js chooses with Intl.PluralRules, the same CLDR rules)."""
        found: dict[str, object] = {}
        for key in keys:
            entry = self._entry(key)
            found[key] = entry if isinstance(entry, str) else dict(entry)
        return found

    def _entry(self, key: str) -> Entry:
        entry = self.table.get(key)
        if entry is None:
            raise MissingString(f"no interface string '{key}' in layouts/strings/")
        return entry

    def _template(self, key: str, values: Mapping[str, object]) -> str:
        entry = self._entry(key)
        if isinstance(entry, str):
            return entry
        count = values.get(COUNT)
        if not isinstance(count, int):
            raise MissingString(f"the plural string '{key}' needs a whole number {COUNT}=")
        forms = dict(entry)
        return forms.get(self.locale.plural_form(count)) or forms["other"]

    def _shown(self, values: Mapping[str, object]) -> dict[str, str]:
        """Each value as the string shows it: numbers in the language's digits and
        separators (CLDR), Markup kept as Markup."""
        return {
            name: self.number(value)
            if isinstance(value, int) and not isinstance(value, bool)
            else value
            if isinstance(value, Markup)
            else str(value)
            for name, value in values.items()
        }


def _fill(template: str, key: str, values: Mapping[str, str], *, markup: bool) -> str:
    """Replace each {name} by its value: plain text, or escaped Markup when `markup`."""
    parts: list[str] = []
    at = 0
    for match in PLACEHOLDER_RE.finditer(template):
        name = match.group(1)
        if name not in values:
            raise MissingString(f"the string '{key}' needs a value for {{{name}}}")
        before, value = template[at : match.start()], values[name]
        parts += [_escape_text(before), escape(value)] if markup else [before, value]
        at = match.end()
    tail = template[at:]
    parts.append(_escape_text(tail) if markup else tail)
    return Markup("".join(parts)) if markup else "".join(parts)


def _escape_text(text: str) -> str:
    """A string's own words as element content (a string with an element in it is never an
    attribute's value): apostrophes stay as written."""
    return str(escape(text)).replace("&#39;", "'")


@functools.lru_cache(maxsize=4096)
def _long_date(iso: str, locale: str, form: str) -> str:
    return format_date(date.fromisoformat(iso), format=form, locale=locale)


@functools.lru_cache(maxsize=1024)
def _number(value: int, locale: str) -> str:
    return format_decimal(value, locale=locale)
