"""The bundled edition in another language: its site copied, site.yaml's `language` changed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.support.sites import REPO

LANGUAGES = ("fr", "ar")
"""The languages the reading experience is checked in besides English."""


def translated_site(folder: Path, language: str) -> Path:
    """Copy the bundled edition's settings and content into `folder`, in `language`; the
    site has no layouts of its own, so the built-in ones and their strings are used."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "content", folder / "content")
    text = (REPO / "site.yaml").read_text(encoding="utf-8")
    text, found = re.subn(r"(?m)^language: .*$", f"language: {language}", text)
    assert found == 1
    (folder / "site.yaml").write_text(text, encoding="utf-8")
    return folder
