"""The bundled edition's whole output, byte for byte, against its golden copy.

tests/golden/bundled/ holds what `build` makes of the repository's own site (SOURCE_DATE_EPOCH
fixed, site.yaml's base_url), but for the files copied verbatim from layouts/static/, which are
checked against those instead. Any change to the output then shows in review as a diff of
that folder. `pytest --update-golden` rewrites it from the current build; the test is then
reported as skipped, saying so. See tests/golden/README.md.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from builder.pipeline import build_site
from tests.support.sites import REPO
from tests.support.snapshots import tree

GOLDEN = REPO / "tests/golden/bundled"
EPOCH = "1366329600"  # 2013-04-19, the bundled article's date
STATIC = REPO / "layouts/static"
DIFF_LINES = 40
WIDTH = 160
"""A longer diff line is cut to WIDTH characters around its first change."""


def files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path (folders follow from the files)."""
    return {rel: data for rel, data in tree(folder).items() if isinstance(data, bytes)}


def verbatim(built: dict[str, bytes]) -> dict[str, bytes]:
    """The built files that are copies of layouts/static/ (assets/…), with the static bytes."""
    static = {f"assets/{rel}": data for rel, data in files(STATIC).items()}
    return {rel: data for rel, data in static.items() if rel in built}


def listed(names: list[str], most: int = 10) -> str:
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more


def first_change(old: str, new: str) -> int:
    """The offset of the first character where `old` and `new` differ."""
    for at, (a, b) in enumerate(zip(old, new, strict=False)):
        if a != b:
            return at
    return min(len(old), len(new))


def is_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def short_diff(rel: str, golden: bytes, built: bytes) -> str:
    """A unified diff of one file, at most DIFF_LINES lines, long lines cut around the change."""
    if not (is_text(golden) and is_text(built)):
        return f"{rel}: binary files differ"
    old_lines = golden.decode("utf-8").splitlines()
    new_lines = built.decode("utf-8").splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    first = next(op for op in matcher.get_opcodes() if op[0] != "equal")
    a = old_lines[first[1]] if first[1] < len(old_lines) else ""
    b = new_lines[first[3]] if first[3] < len(new_lines) else ""
    start = max(0, first_change(a, b) - WIDTH // 3)
    out = []
    for line in difflib.unified_diff(
        old_lines, new_lines, f"golden/{rel}", f"built/{rel}", n=1, lineterm=""
    ):
        if len(line) > WIDTH and not line.startswith(("---", "+++", "@@")):
            body = line[1:]
            cut = body[start : start + WIDTH]
            before = "…" if start else ""
            after = "…" if start + WIDTH < len(body) else ""
            line = line[0] + before + cut + after
        out.append(line)
    if len(out) > DIFF_LINES:
        out = out[:DIFF_LINES] + [f"… {len(out) - DIFF_LINES} more diff lines"]
    return "\n".join(out)


def compare(golden: dict[str, bytes], built: dict[str, bytes]) -> str:
    """Say how `built` differs from `golden` ("" when it does not)."""
    missing = sorted(golden.keys() - built.keys())
    extra = sorted(built.keys() - golden.keys())
    changed = sorted(rel for rel in golden.keys() & built.keys() if golden[rel] != built[rel])
    if not (missing or extra or changed):
        return ""
    lines = [
        "the build differs from tests/golden/bundled/ (if that is meant: pytest --update-golden)"
    ]
    if missing:
        lines.append(f"missing from the build: {listed(missing)}")
    if extra:
        lines.append(f"not in the golden copy: {listed(extra)}")
    if changed:
        lines.append(f"differing ({len(changed)}): {listed(changed)}")
        text = [rel for rel in changed if is_text(golden[rel]) and is_text(built[rel])]
        first = (text or changed)[0]
        lines.append(short_diff(first, golden[first], built[first]))
    return "\n".join(lines)


def test_the_bundled_edition_builds_to_its_golden_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "public"
    build_site(REPO, out)
    built = files(out)
    copies = verbatim(built)
    assert copies, "no file of layouts/static/ was copied to assets/"
    for rel, data in copies.items():
        assert built.pop(rel) == data, f"{rel} is not a verbatim copy of layouts/static/"
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in built.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
        pytest.skip(
            f"regenerated {GOLDEN.relative_to(REPO)}/ ({len(built)} files) from the current "
            "build: review its diff like code before committing it"
        )
    assert GOLDEN.is_dir(), "no golden copy yet: run pytest --update-golden"
    problems = compare(files(GOLDEN), built)
    assert not problems, problems


def test_a_difference_is_reported_with_a_short_diff() -> None:
    golden = {"a.html": b"<p>one</p>\n<p>two</p>\n", "gone.js": b"x", "same.txt": b"s"}
    built = {"a.html": b"<p>one</p>\n<p>2</p>\n", "new.js": b"y", "same.txt": b"s"}
    assert compare(golden, golden) == ""
    assert compare(golden, built) == (
        "the build differs from tests/golden/bundled/ (if that is meant: pytest --update-golden)\n"
        "missing from the build: gone.js\n"
        "not in the golden copy: new.js\n"
        "differing (1): a.html\n"
        "--- golden/a.html\n"
        "+++ built/a.html\n"
        "@@ -1,2 +1,2 @@\n"
        " <p>one</p>\n"
        "-<p>two</p>\n"
        "+<p>2</p>"
    )


def test_a_long_line_is_cut_around_its_change() -> None:
    old = ("x" * 500 + "old" + "y" * 500).encode()
    new = ("x" * 500 + "new" + "y" * 500).encode()
    lines = short_diff("index.jsonld", old, new).splitlines()
    assert lines[3:] == [
        "-…" + "x" * 53 + "old" + "y" * 104 + "…",
        "+…" + "x" * 53 + "new" + "y" * 104 + "…",
    ]
