"""Read the strings files of a site's language: built-in, then the site's, key by key.

`load_strings` reads up to four files (the built-in and the site's English, then the
built-in and the site's file of the language: `pt-BR.yaml`, else `pt.yaml`), checks each
(a flat mapping of dotted keys to text or to plural forms; placeholders the English
string gives), merges them and warns about keys the language lacks. Every problem names
its file, line and column; a file with errors is left out, English filling its place.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel.dates import format_date

from builder.diagnostics import Diagnostics, SourceLocation
from builder.load.files import read_site_file
from builder.load.layout_files import LayoutFolders, builtin_layouts
from builder.load.strings import (
    ENGLISH,
    KEY_RE,
    PLACEHOLDER_RE,
    PLURAL_CATEGORIES,
    STRINGS_DIR,
    Entry,
    Strings,
)
from builder.load.yamlio import MAX_YAML_BYTES, YMapping, YScalar, decode_yaml_bytes, parse_yaml
from builder.site import LAYOUTS_DIR

log = logging.getLogger(__name__)

SHOWN_MISSING = 12
"""How many missing keys a warning lists before it says how many more there are."""


@dataclass(frozen=True, slots=True)
class StringsFile:
    """One checked strings file: its label in messages and its entries."""

    label: str
    entries: dict[str, Entry]
    locations: dict[str, SourceLocation]


def load_strings(
    site_dir: Path, language: str, where: SourceLocation, diags: Diagnostics
) -> Strings:
    """Merge the strings files for `language` over English; report bad and missing strings.

    `where`: site.yaml's `language`, which a warning about a language without strings
    points at.
    """
    folders = LayoutFolders.of(site_dir)
    english = _layers(folders, ENGLISH, diags)
    builtin = english[0].entries if english else {}
    table: dict[str, Entry] = {}
    for layer in english:
        table.update(_checked(layer, builtin, diags) if layer is not english[0] else builtin)
    known = dict(table)
    own = _own_layers(folders, language, diags)
    for layer in own:
        table.update(_checked(layer, known, diags))
    if _base(language) != ENGLISH:
        _report_missing(language, own, known, where, diags)
    return Strings(language, table, _digest(table))


@functools.cache
def english_strings() -> Strings:
    """The built-in English strings alone (a SiteConfig made without a site has them)."""
    folder = builtin_layouts()
    diags = Diagnostics()
    english = _read_builtin(folder, ENGLISH, diags)
    if english is None:
        log.warning("the built-in English strings have errors: %s", diags.items)
    table = dict(english.entries) if english else {}
    return Strings(ENGLISH, table, _digest(table))


def _digest(table: dict[str, Entry]) -> str:
    return hashlib.sha256(repr(sorted(table.items())).encode()).hexdigest()


def _base(tag: str) -> str:
    return tag.split("-")[0].lower()


def _layers(folders: LayoutFolders, name: str, diags: Diagnostics) -> list[StringsFile]:
    """The built-in file `name` then the site's, those that exist and parse."""
    found = []
    builtin = _read_builtin(folders.builtin, name, diags)
    if builtin is not None:
        found.append(builtin)
    if not folders.same:
        site = _read_site(folders.site_dir, name, diags)
        if site is not None:
            found.append(site)
    return found


def _own_layers(folders: LayoutFolders, language: str, diags: Diagnostics) -> list[StringsFile]:
    """The language's files: for `pt-BR`, those named `pt.yaml`, then `pt-BR.yaml`."""
    names = list(dict.fromkeys([_base(language), language]))
    names = [n for n in names if n != ENGLISH]
    return [layer for name in names for layer in _layers(folders, name, diags)]


def strings_path(name: str) -> str:
    """A strings file's path inside a layouts folder."""
    return f"{STRINGS_DIR}/{name}.yaml"


def _read_site(site_dir: Path, name: str, diags: Diagnostics) -> StringsFile | None:
    rel = f"{LAYOUTS_DIR}/{strings_path(name)}"
    if not (site_dir / rel).is_file():
        return None
    data = read_site_file(site_dir, rel, diags, MAX_YAML_BYTES)
    return None if data is None else _parse(data, rel, diags)


def _read_builtin(builtin: Path, name: str, diags: Diagnostics) -> StringsFile | None:
    path = builtin / strings_path(name)
    if not path.is_file():
        return None
    return _parse(path.read_bytes(), path.as_posix(), diags)


def _parse(data: bytes, label: str, diags: Diagnostics) -> StringsFile | None:
    """Check a strings file's shape: a mapping of dotted keys to text or plural forms."""
    text = decode_yaml_bytes(data, label, diags)
    node = None if text is None else parse_yaml(text, label, diags)
    if node is None:
        return None
    if not isinstance(node, YMapping):
        diags.error(
            node.location,
            "strings-shape",
            "a strings file must be a mapping of keys to text",
            'write one line per string, e.g. toolbar.show: "Show"',
        )
        return None
    entries: dict[str, Entry] = {}
    locations: dict[str, SourceLocation] = {}
    bad = False
    for key, value in node.items.items():
        where = node.key_location(key)
        if not KEY_RE.fullmatch(key):
            diags.error(
                where,
                "strings-shape",
                f"'{key}' is not a string key",
                "keys are dotted lower-case names, as in the built-in en.yaml: notes.heading",
            )
            bad = True
            continue
        entry = _entry(key, value, diags)
        if entry is None:
            bad = True
            continue
        entries[key] = entry
        locations[key] = value.location
    return None if bad else StringsFile(label, entries, locations)


def _entry(key: str, node: object, diags: Diagnostics) -> Entry | None:
    if isinstance(node, YScalar) and node.tag == "str":
        return node.value
    if isinstance(node, YMapping):
        forms: list[tuple[str, str]] = []
        for category, form in node.items.items():
            if category not in PLURAL_CATEGORIES:
                diags.error(
                    node.key_location(category),
                    "strings-shape",
                    f"'{category}' is not a plural category (in '{key}')",
                    "use CLDR's categories: " + ", ".join(PLURAL_CATEGORIES),
                )
                return None
            if not (isinstance(form, YScalar) and form.tag == "str"):
                diags.error(
                    form.location,
                    "strings-shape",
                    f"the '{category}' form of '{key}' must be text",
                    'quote it: "{n} notes"',
                )
                return None
            forms.append((category, form.value))
        if "other" not in node.items:
            diags.error(
                node.location,
                "strings-shape",
                f"the plural string '{key}' has no 'other' form",
                "add other:, the form used when no other category applies",
            )
            return None
        return tuple(sorted(forms, key=lambda f: PLURAL_CATEGORIES.index(f[0])))
    location = getattr(node, "location", None)
    assert isinstance(location, SourceLocation)
    diags.error(
        location,
        "strings-shape",
        f"the string '{key}' must be text or plural forms",
        'quote it: "Show", or give {one: …, other: …}',
    )
    return None


def _checked(layer: StringsFile, english: dict[str, Entry], diags: Diagnostics) -> dict[str, Entry]:
    """A layer's strings that agree with English's: the same kind (text or plural), no
    placeholder English does not give; warn of a key that looks like a typo."""
    kept: dict[str, Entry] = {}
    for key, entry in layer.entries.items():
        where = layer.locations[key]
        base = english.get(key)
        if base is None:
            close = difflib.get_close_matches(key, english, n=1, cutoff=0.85)
            if close:
                diags.warning(
                    where,
                    "strings-unknown-key",
                    f"no layout uses the string '{key}'",
                    f"did you mean '{close[0]}'?",
                )
            kept[key] = entry
            continue
        if isinstance(base, str) != isinstance(entry, str):
            kind = "text" if isinstance(base, str) else "plural forms"
            diags.error(
                where,
                "strings-shape",
                f"the string '{key}' must be {kind}, as in English",
                "see the built-in en.yaml",
            )
            continue
        given = set(PLACEHOLDER_RE.findall(_joined(base)))
        extra = sorted(set(PLACEHOLDER_RE.findall(_joined(entry))) - given)
        if extra:
            diags.error(
                where,
                "strings-placeholder",
                f"the string '{key}' uses {{{extra[0]}}}, which its layouts do not give",
                "use only " + (", ".join(f"{{{g}}}" for g in sorted(given)) or "no placeholder"),
            )
            continue
        if key == DATE_FORMAT and isinstance(entry, str) and not _date_format_ok(entry):
            diags.error(
                where,
                "strings-shape",
                f"'{entry}' is not a date format Babel knows",
                "write short, medium, long or full, or a CLDR pattern such as d MMMM y",
            )
            continue
        kept[key] = entry
    return kept


DATE_FORMAT = "date.format"


def _date_format_ok(form: str) -> bool:
    """Whether Babel formats a date with `form` (a CLDR format name or pattern)."""
    try:
        format_date(date(2013, 4, 19), format=form, locale="en")
    except (ValueError, AttributeError, KeyError, TypeError):
        return False
    return True


def _joined(entry: Entry) -> str:
    return entry if isinstance(entry, str) else " ".join(text for _, text in entry)


def _report_missing(
    language: str,
    own: list[StringsFile],
    english: dict[str, Entry],
    where: SourceLocation,
    diags: Diagnostics,
) -> None:
    """Warn that the interface is partly (or wholly) in English."""
    if not own:
        diags.warning(
            where,
            "strings-missing",
            f"no strings file for language '{language}': the interface is in English",
            f"add {LAYOUTS_DIR}/{strings_path(language)} (docs/languages.md)",
        )
        return
    have = {key for layer in own for key in layer.entries}
    missing = sorted(set(english) - have)
    if not missing:
        return
    last = own[-1]
    shown = missing[:SHOWN_MISSING]
    more = len(missing) - len(shown)
    diags.warning(
        SourceLocation(last.label),
        "strings-missing",
        f"{len(missing)} string(s) missing for '{language}', shown in English",
        f"add them to {last.label}; the keys are those of the built-in en.yaml",
        detail=[*shown, *([f"… and {more} more"] if more else [])],
    )
