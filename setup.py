"""Build hook: a built package carries the repository's `layouts/` as `builder/_layouts/`.

`layouts/` stays the one source of the built-in layouts (the bundled edition uses it, and a
source checkout or an editable install reads it in place: builder/load/layout_files.py);
only a wheel, or an install from the source tree, gets a copy. Everything else about the
package is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LAYOUTS = Path(__file__).resolve().parent / "layouts"
SHIPPED = "builder/_layouts"  # builder.load.layout_files.SHIPPED_DIR


def layout_files() -> list[str]:
    """The built-in layouts' files, relative to layouts/ (hidden and backup files left out)."""
    found = []
    for path in sorted(LAYOUTS.rglob("*")):
        rel = path.relative_to(LAYOUTS)
        if path.is_file() and not any(p.startswith(".") or p.endswith("~") for p in rel.parts):
            found.append(rel.as_posix())
    return found


class BuildWithLayouts(build_py):
    """`build_py`, then the built-in layouts copied into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads layouts/ where it is
            return
        target = Path(self.build_lib) / SHIPPED
        shutil.rmtree(target, ignore_errors=True)
        for rel in layout_files():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(LAYOUTS / rel, target / rel)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if not self.editable_mode:
            outputs += [str(Path(self.build_lib) / SHIPPED / rel) for rel in layout_files()]
        return outputs


setup(cmdclass={"build_py": BuildWithLayouts})
