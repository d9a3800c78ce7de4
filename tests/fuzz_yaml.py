"""Coverage-guided fuzzing (atheris) of the YAML loader and schema: tests/fuzz_target.py.

    python -m tests.fuzz_yaml CORPUS_DIR -runs=20000 -seed=1 -max_len=4096

libFuzzer's options follow the corpus folder; tests/test_fuzz.py runs it
bounded in CI. Only BuildFailed may escape the target.
"""

from __future__ import annotations

import atexit
import shutil
import sys

import atheris

with atheris.instrument_imports(include=["builder", "yaml"]):
    from builder.diagnostics import BuildFailed
    from tests.fuzz_target import load_everything, make_site


def main() -> None:
    site = make_site()
    atexit.register(shutil.rmtree, site, True)

    def test_one_input(data: bytes) -> None:
        try:
            load_everything(data, site)
        except BuildFailed:
            pass

    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
