"""The combining-mark table of layouts/static/suggest.js, made from Python's unicodedata.

suggest.js must group a letter with its combining marks exactly as
`anchoring.TextIndex` does (`unicodedata.combining(char) != 0`), and JavaScript has no
canonical-combining-class property, so the table is written into the script.
`python -m tests.support.marks_table` rewrites it; tests/test_suggest.py checks it is
current for the Python that runs the build.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "layouts/static/suggest.js"
LINE = re.compile(r"^  var MARKS = /\[.*\]/u;.*$", re.MULTILINE)


def marks_line() -> str:
    """The script's `var MARKS = /[...]/u;` line for this Python's Unicode data."""
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    parts = "".join(f"\\u{{{a:x}}}" if a == b else f"\\u{{{a:x}}}-\\u{{{b:x}}}" for a, b in ranges)
    return f"  var MARKS = /[{parts}]/u; // Unicode {unicodedata.unidata_version}"


def current_line() -> str:
    found = LINE.search(SCRIPT.read_text(encoding="utf-8"))
    return found.group(0) if found else ""


if __name__ == "__main__":
    text = SCRIPT.read_text(encoding="utf-8")
    SCRIPT.write_text(LINE.sub(lambda _: marks_line(), text, count=1), encoding="utf-8")
