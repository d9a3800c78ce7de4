"""The glossary's combined matcher and its fast scanner."""

from __future__ import annotations

import random

from builder.diagnostics import Diagnostics
from builder.load.glossary import GlossaryEntry, build_glossary

NAMES = [
    ("six-party-talks", "Six-party talks", ("six-party",)),
    ("un", "UN", ("UN sanctions", "U.N.")),
    ("b-52", "B-52", ()),
    ("kim", "Kim Jong-un", ("Kim",)),
    ("cafe", "Caf\u00e9 society", ("caf\u00e9",)),
    ("long", "A " + "very " * 30 + "long name", ()),
    ("dprk", "DPRK", ()),
    ("talks", "Talks", ()),
]
FILLER = ["the", "and", "-", " ", ", ", "x", "UNs", "un", "Un", "kimchi", "sixty", "b", "52"]


def test_find_terms_yields_exactly_what_the_matcher_finds() -> None:
    entries = {
        i: GlossaryEntry(i, term, "d", f"content/glossary/{i}.yaml", aliases)
        for i, term, aliases in NAMES
    }
    diags = Diagnostics()
    glossary = build_glossary(entries, diags)
    assert not diags.items and glossary.matcher is not None
    forms = [n for _, t, a in NAMES for n in (t, *a)]
    rng = random.Random(3)
    for _ in range(2000):
        pieces = []
        for _ in range(rng.randrange(1, 12)):
            piece = rng.choice(forms) if rng.random() < 0.4 else rng.choice(FILLER)
            case = rng.random()
            piece = piece.upper() if case < 0.1 else piece.lower() if case < 0.2 else piece
            pieces.append(piece + rng.choice(["", " ", "-", ".", "s "]))
        text = "".join(pieces)
        expected = [(m.span(), m.group()) for m in glossary.matcher.finditer(text)]
        assert [(m.span(), m.group()) for m in glossary.find_terms(text)] == expected, text
