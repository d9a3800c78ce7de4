"""Fuzzing the YAML loader and schema: only BuildFailed may ever escape.

The atheris run is coverage-guided and bounded (FUZZ_RUNS inputs, a fixed
seed) so CI stays fast; run `python -m tests.support.fuzz_yaml DIR -runs=1000000` for a
longer hunt. The hypothesis run drives the same target with random bytes and
YAML-like text, and is the fallback where atheris is not installed.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.diagnostics import BuildFailed
from tests.support.fuzz import KINDS, load_everything, make_site, write_corpus
from tests.support.sites import REPO

FUZZ_RUNS = int(os.environ.get("FUZZ_RUNS", "20000"))


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris not installed")
def test_atheris_finds_no_crash_in_the_loader(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.support.fuzz_yaml",
            str(corpus),
            f"-runs={FUZZ_RUNS}",
            "-seed=1",
            "-max_len=4096",
            "-timeout=20",
            "-rss_limit_mb=2048",
            f"-artifact_prefix={tmp_path}/",
        ],
        cwd=REPO,
        # A fixed hash seed makes the run repeatable: set and dict order steer the coverage.
        env={**os.environ, "FUZZ_SITE_PARENT": str(tmp_path), "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = done.stderr[-3000:]
    assert done.returncode == 0, report
    assert re.search(rf"Done {FUZZ_RUNS} runs in \d+ second", done.stderr), report
    assert not list(tmp_path.glob("crash-*")), report


YAMLISH = st.lists(
    st.sampled_from(
        [
            "annotations:",
            "  - ",
            "kind: ",
            "footnote",
            "fact",
            "quote: ",
            "note: ",
            "term: ",
            "definition: ",
            "title: ",
            "verdict: ",
            "sources: ",
            "url: ",
            "id: ",
            "&a ",
            "*a",
            "<<: ",
            "!!str ",
            "!x ",
            "? ",
            "[",
            "]",
            "{",
            "}",
            ", ",
            "- ",
            "'",
            '"',
            "\n",
            "\n  ",
            "\n    ",
            "---\n",
            "...\n",
            "#",
            "no",
            "1.10",
            "0755",
            "2013-04-19",
            "~",
            "https://a.example/",
            "javascript:x",
            "\t",
            "\r\n",
            "\ufeff",
            "é",
            "\u202e",
        ]
    ),
    max_size=40,
).map("".join)


@pytest.fixture(scope="module")
def fuzz_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("fuzz"))


@settings(max_examples=300, deadline=None, database=None)
@given(st.integers(0, len(KINDS) - 1), st.one_of(st.binary(max_size=400), YAMLISH.map(str.encode)))
def test_random_input_raises_only_build_failed(fuzz_site: Path, kind: int, content: bytes) -> None:
    try:
        load_everything(bytes([kind]) + content, fuzz_site)
    except BuildFailed:
        pass
