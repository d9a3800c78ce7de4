"""read_site_file: what a build may read, and what it refuses with a diagnostic."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from builder.diagnostics import Diagnostics
from builder.load.files import read_site_file

LIMIT = 1000


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    (folder / "content").mkdir(parents=True)
    (folder / "content/a.md").write_text("Text.\n")
    return folder


def read(site: Path, rel: str) -> tuple[bytes | None, list[str]]:
    diags = Diagnostics()
    data = read_site_file(site, rel, diags, LIMIT)
    return data, [d.code for d in diags.items]


def test_a_file_is_read(site: Path) -> None:
    assert read(site, "content/a.md") == (b"Text.\n", [])


def test_a_link_to_a_file_inside_the_site_is_read(site: Path) -> None:
    (site / "content/b.md").symlink_to(site / "content/a.md")
    assert read(site, "content/b.md") == (b"Text.\n", [])


def test_a_link_out_of_the_site_is_refused(site: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password\n")
    (site / "content/b.md").symlink_to(secret)
    assert read(site, "content/b.md") == (None, ["unsafe-path"])


def test_a_fifo_is_refused_without_waiting_for_a_writer(site: Path) -> None:
    os.mkfifo(site / "content/pipe.md")
    result: list[tuple[bytes | None, list[str]]] = []
    reader = threading.Thread(target=lambda: result.append(read(site, "content/pipe.md")))
    reader.start()
    reader.join(timeout=5)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert result == [(None, ["unreadable"])]


def test_a_folder_a_missing_file_and_a_big_file_are_refused(site: Path) -> None:
    (site / "content/folder.md").mkdir()
    (site / "content/big.md").write_bytes(b"x" * (LIMIT + 1))
    diags = Diagnostics()
    assert read_site_file(site, "content/folder.md", diags, LIMIT) is None
    assert [d.message for d in diags.items] == ["'content/folder.md' is not a regular file"]
    assert read(site, "content/gone.md") == (None, ["unreadable"])
    assert read(site, "content/big.md") == (None, ["file-too-large"])
