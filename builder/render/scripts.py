"""Data files for the edition's own scripts: a call of a known function with JSON.

The search index and the glossary's popover cards are files that `search.js` and
`edition.js` load with a `<script>` element: browsers let a page opened from a folder
(`file:`) run scripts beside it but not fetch them, so the same files serve a host and a
folder alike (MkDocs Material's offline plugin loads its index as a script for the same
reason). Each file is `callback("<its own path>",<JSON>);`; `<`, `>`, `&`, U+2028 and
U+2029 are escaped in the JSON, so no text in it can end a script or a line inside it.
"""

from __future__ import annotations

import json
import logging
from typing import Any

log = logging.getLogger(__name__)

_ESCAPES = {c: f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}
"""What JSON leaves as it is but a script should not hold: `</script>` or `<!--` would
end or change the script if it were ever put inside a page, and before ES2019
U+2028/U+2029 ended a string literal. JSON has them only inside strings, where a `\\u`
escape means the same character."""


def script_file(callback: str, path: str, value: object) -> bytes:
    """A data file: a call of `callback` with the file's own path and its data."""
    args = f"{_json(path)},{_json(value)}"
    for char, escape in _ESCAPES.items():
        args = args.replace(char, escape)  # a few times faster than a regex over the text
    return f"{callback}({args});\n".encode()


def read_script(callback: str, data: bytes) -> tuple[str, Any]:
    """A data file's path and data, as `script_file` wrote them."""
    head, tail = f"{callback}(".encode(), b");\n"
    if not (data.startswith(head) and data.endswith(tail)):
        raise ValueError(f"not a call of {callback}")
    found = json.loads(b"[" + data[len(head) : -len(tail)] + b"]")
    if not (isinstance(found, list) and len(found) == 2 and isinstance(found[0], str)):
        raise ValueError(f"not a call of {callback} with a path and a value")
    return found[0], found[1]


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
