"""Coverage-guided fuzzing (atheris) of the YAML loader and schema: tests/support/fuzz.py.

    python -m tests.support.fuzz_yaml CORPUS_DIR -runs=20000 -seed=1 -max_len=4096

libFuzzer's options follow the corpus folder; tests/test_fuzz.py runs it
bounded in CI. Only BuildFailed may escape the target.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["builder", "yaml"]):
    from builder.diagnostics import BuildFailed
    from tests.support.fuzz import load_everything, make_site


def main() -> None:
    # libFuzzer ends the process without running atexit handlers: let the caller
    # choose a folder it removes itself (tests/test_fuzz.py passes its tmp_path).
    parent = os.environ.get("FUZZ_SITE_PARENT")
    site = make_site(Path(parent) if parent else None)

    def test_one_input(data: bytes) -> None:
        try:
            load_everything(data, site)
        except BuildFailed:
            pass

    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
