"""Files as last read, for repeated builds (builder/incremental/known.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from builder.diagnostics import Diagnostics, SourceLocation
from builder.incremental.known import Known, load_known
from tests.support.sites import age

REL = "content/glossary/rates.yaml"


class Loader:
    """A loader that records each read and warns about each file it reads."""

    def __init__(self) -> None:
        self.reads: list[str] = []

    def __call__(self, site: Path, rel: str, diags: Diagnostics) -> str | None:
        self.reads.append(rel)
        text = (site / rel).read_text(encoding="utf-8") if (site / rel).exists() else None
        diags.warning(SourceLocation(rel), "test-warning", f"read {text!r}")
        return text


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "content/glossary").mkdir(parents=True)
    (tmp_path / REL).write_text("first", encoding="utf-8")
    age(tmp_path)
    return tmp_path


def messages(diags: Diagnostics) -> list[tuple[str, str]]:
    return [(d.severity, d.message) for d in diags.items]


def test_an_unchanged_file_is_read_once_and_its_problems_reported_every_time(site: Path) -> None:
    load, known = Loader(), Known[str]()
    for _ in range(3):
        diags = Diagnostics()
        assert load_known(site, REL, diags, known, load) == "first"
        assert messages(diags) == [("warning", "read 'first'")]
    assert load.reads == [REL]
    strict = Diagnostics(strict=True)
    assert load_known(site, REL, strict, known, load) == "first"
    assert messages(strict) == [("error", "read 'first'")]  # kept lenient, made strict here
    assert load.reads == [REL]


def test_a_write_of_the_same_size_and_time_into_a_new_file_is_read_again(site: Path) -> None:
    load, known = Loader(), Known[str]()
    load_known(site, REL, Diagnostics(), known, load)
    before = (site / REL).stat()
    new = site / "content/glossary/.rates.yaml.tmp"  # as editors save: a new file renamed
    new.write_text("again", encoding="utf-8")  # the same length as "first"
    os.utime(new, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(new, site / REL)
    after = (site / REL).stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert after.st_ino != before.st_ino
    assert load_known(site, REL, Diagnostics(), known, load) == "again"
    assert load.reads == [REL, REL]


def test_a_write_in_place_with_the_old_time_put_back_is_read_again(site: Path) -> None:
    load, known = Loader(), Known[str]()
    load_known(site, REL, Diagnostics(), known, load)
    before = (site / REL).stat()
    time.sleep(0.05)  # file times advance by clock ticks (milliseconds on Linux)
    (site / REL).write_text("again", encoding="utf-8")
    os.utime(site / REL, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -r` would
    after = (site / REL).stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    assert after.st_ctime_ns != before.st_ctime_ns  # only the change time tells
    assert load_known(site, REL, Diagnostics(), known, load) == "again"
    assert load.reads == [REL, REL]


def test_a_missing_file_is_loaded_every_time_and_forgotten(site: Path) -> None:
    load, known = Loader(), Known[str]()
    load_known(site, REL, Diagnostics(), known, load)
    (site / REL).unlink()
    diags = Diagnostics()
    assert load_known(site, REL, diags, known, load) is None
    assert load_known(site, REL, diags, known, load) is None
    assert load.reads == [REL, REL, REL]  # the loader reports a missing file itself
    assert known == {}


def test_a_symlink_is_loaded_every_time_and_never_kept(site: Path) -> None:
    (site / "elsewhere.yaml").write_text("linked", encoding="utf-8")
    (site / REL).unlink()
    (site / REL).symlink_to(site / "elsewhere.yaml")
    load, known = Loader(), Known[str]()
    for _ in range(2):
        assert load_known(site, REL, Diagnostics(), known, load) == "linked"
    assert load.reads == [REL, REL]  # read_site_file checks where it leads, each time
    assert known == {}


def test_a_file_written_just_now_is_read_again_until_it_is_older(site: Path) -> None:
    """Its time could stay the same through another write of the same size (two seconds
    on FAT), so it is not trusted until it is older than that."""
    load, known = Loader(), Known[str]()
    (site / REL).write_text("fresh", encoding="utf-8")
    for _ in range(2):
        assert load_known(site, REL, Diagnostics(), known, load) == "fresh"
    assert load.reads == [REL, REL] and REL not in known
    age(site)
    for _ in range(2):
        assert load_known(site, REL, Diagnostics(), known, load) == "fresh"
    assert load.reads == [REL, REL, REL] and REL in known


def test_when_every_change_is_heard_a_remembered_file_is_not_looked_at(site: Path) -> None:
    """The dev server's watcher names each source that changes (`BuildCache.heard` forgets
    it): until then the file is taken as last read, its problems reported again."""
    load, known = Loader(), Known[str]()
    load_known(site, REL, Diagnostics(), known, load, heard=True)
    (site / REL).write_text("changed, unheard", encoding="utf-8")
    age(site)
    diags = Diagnostics()
    assert load_known(site, REL, diags, known, load, heard=True) == "first"
    assert messages(diags) == [("warning", "read 'first'")]
    assert load.reads == [REL]
    assert load_known(site, REL, Diagnostics(), known, load) == "changed, unheard"  # looked at
    known.pop(REL)  # as heard
    (site / REL).write_text("heard", encoding="utf-8")
    assert load_known(site, REL, Diagnostics(), known, load, heard=True) == "heard"
