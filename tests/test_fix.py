"""`fix`: drifted selectors spliced into the sidecar's text (builder/commands/fix.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from builder.anchor.annotate import Drift
from builder.commands.fix import Edit, fix_drifts, splice_drifts, yaml_scalar
from builder.diagnostics import SourceLocation
from builder.load.annotations import Footnote, QuoteSelector

REL = "content/articles/rates.annotations.yaml"
SIDECAR = textwrap.dedent(
    """\
    # Notes on the rates article.
    annotations:
      - id: hike   # the decision
        kind: footnote
        quote: "the thrid rise"   # a typo, fixed in the article since
        prefix: 'again, '
        note: |
          Rates had risen twice before.
      # Prices, by month.
      - kind: fact
        note: Yes.
        quote: Prices rose in Marhc
        suffix: ' and'
        verdict: accurate
    """
)


def drift(
    line: int, column: int, quote: str, prefix: str = "", suffix: str = "", rel: str = REL
) -> Drift:
    """A drift of the annotation whose quote is written at line:column of `rel`."""
    old = Footnote("n", QuoteSelector("old"), "x", SourceLocation(rel, line, column))
    return Drift(old, quote, prefix, suffix)


def test_two_drifts_keep_comments_order_and_quoting_style() -> None:
    text, edits = splice_drifts(
        SIDECAR,
        REL,
        [  # not in file order
            drift(12, 12, "Prices rose in March", suffix=" and"),
            drift(5, 12, "the third rise", prefix="again: "),
        ],
    )
    assert text == SIDECAR.replace('"the thrid rise"', '"the third rise"').replace(
        "'again, '", "'again: '"
    ).replace("Prices rose in Marhc", "Prices rose in March")
    assert edits == [
        Edit(REL, 5, "quote", "the thrid rise", "the third rise"),
        Edit(REL, 6, "prefix", "again, ", "again: "),
        Edit(REL, 12, "quote", "Prices rose in Marhc", "Prices rose in March"),
    ]


def test_a_drift_elsewhere_changes_nothing() -> None:
    assert splice_drifts(SIDECAR, REL, [drift(5, 13, "x")]) == (SIDECAR, [])
    assert splice_drifts("annotations: 3\n", REL, [drift(1, 14, "x")]) == ("annotations: 3\n", [])


def test_a_selector_field_that_still_fits_is_left_alone() -> None:
    text, edits = splice_drifts(SIDECAR, REL, [drift(5, 12, "the third rise", prefix="again, ")])
    assert [e.field for e in edits] == ["quote"]
    assert "prefix: 'again, '" in text


@pytest.mark.parametrize(
    ("value", "original", "written"),
    [
        ("plain words", "old words", "plain words"),
        ("it's", "old", "it's"),
        ("yes", "old", '"yes"'),  # plain, it would read back as true
        ("1.10", "old", '"1.10"'),
        ("2013-04-19", "old", '"2013-04-19"'),
        ("key: value", "old", '"key: value"'),
        ("a #b", "old", '"a #b"'),
        (" lead", "old", '" lead"'),
        ("- dash", "old", '"- dash"'),
        ("é ü", "old", "é ü"),
        ("it's", "'old'", "'it''s'"),
        ('quote "x"', "'old'", "'quote \"x\"'"),
        ("plain", '"old"', '"plain"'),
        ('quote "x"', '"old"', '"quote \\"x\\""'),
        ("café", '"old"', '"café"'),
    ],
)
def test_a_new_value_is_written_in_the_old_style_when_that_is_safe(
    value: str, original: str, written: str
) -> None:
    assert yaml_scalar(value, original) == written


def test_fix_keeps_crlf_line_ends(tmp_path: Path) -> None:
    sidecar = tmp_path / REL
    sidecar.parent.mkdir(parents=True)
    sidecar.write_bytes(SIDECAR.replace("\n", "\r\n").encode())
    edits = fix_drifts(tmp_path, [drift(5, 12, "the third rise", prefix="again, ")])
    assert edits == [Edit(REL, 5, "quote", "the thrid rise", "the third rise")]
    assert sidecar.read_bytes() == (
        SIDECAR.replace("thrid", "third").replace("\n", "\r\n").encode()
    )


def test_fix_rewrites_a_yml_sidecar_too_file_by_file(tmp_path: Path) -> None:
    yml = "content/articles/other.annotations.yml"
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / REL).write_text(SIDECAR, encoding="utf-8")
    (tmp_path / yml).write_text(SIDECAR, encoding="utf-8")
    edits = fix_drifts(
        tmp_path,
        [
            drift(12, 12, "Prices rose in March", suffix=" and", rel=yml),
            drift(5, 12, "the third rise", prefix="again, "),
            drift(12, 12, "Prices rose in March", suffix=" and"),
        ],
    )
    assert [(e.path, e.line) for e in edits] == [(yml, 12), (REL, 5), (REL, 12)]  # by file
    assert (tmp_path / yml).read_text(encoding="utf-8") == SIDECAR.replace("Marhc", "March")
    assert (tmp_path / REL).read_text(encoding="utf-8") == (
        SIDECAR.replace("Marhc", "March").replace("thrid", "third")
    )


def test_fix_keeps_a_byte_order_mark(tmp_path: Path) -> None:
    sidecar = tmp_path / REL
    sidecar.parent.mkdir(parents=True)
    sidecar.write_bytes(b"\xef\xbb\xbf" + SIDECAR.encode())
    fix_drifts(tmp_path, [drift(5, 12, "the third rise", prefix="again, ")])
    assert sidecar.read_bytes() == b"\xef\xbb\xbf" + SIDECAR.replace("thrid", "third").encode()
