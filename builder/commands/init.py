"""`init DIR`: a new edition in an empty folder, from the starter files in the package.

The starter (`builder/commands/starter/`, package data) is a whole small edition: a
commented site.yaml, a sample article with one note of each kind, a glossary term,
CONTRIBUTING.md, .gitignore, requirements.txt and two GitHub workflows. It is copied as
it is, but for the names git and GitHub need with a leading dot (stored without one, so
packaging tools do not pass them over) and requirements.txt's last line, which names this
builder when pip recorded where it came from. The JSON Schemas are written last, for
editors. Nothing is written into a folder that is not empty.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

from builder.commands.scaffold import ScaffoldError
from builder.commands.schemas import dump, site_schemas
from builder.diagnostics import Diagnostics
from builder.load.config import load_config
from builder.site import SCHEMA_DIR

log = logging.getLogger(__name__)

DISTRIBUTION = "annotated-edition"
"""The builder's name for pip (pyproject.toml), as requirements.txt names it."""
REQUIREMENTS = "requirements.txt"
PLACEHOLDER = f"{DISTRIBUTION} @ git+https://example.invalid/REPLACE-WITH-THE-BUILDER-REPOSITORY"
"""requirements.txt's last line in the starter: it fails on purpose until it is replaced."""
DOTTED = {"gitignore": ".gitignore", "github": ".github"}
"""Starter names stored without their leading dot."""


@dataclass(frozen=True, slots=True)
class NewEdition:
    """What `init` wrote."""

    files: list[Path]
    requirement: str
    """What requirements.txt installs ('' when it is still the placeholder to replace)."""


def init_site(target: Path) -> NewEdition:
    """Write a new edition into `target`, which must be missing or empty."""
    _refuse_non_empty(target)
    starter = resources.files("builder.commands") / "starter"
    requirement = builder_requirement()
    files: list[Path] = []
    for rel, source in sorted(_starter_files(starter, "")):
        text = source.read_text(encoding="utf-8")
        if rel == REQUIREMENTS and requirement:
            text = text.replace(PLACEHOLDER, requirement)
        files.append(_write(target / rel, text))
    files += _write_schemas(target)
    return NewEdition(files, requirement)


def builder_requirement() -> str:
    """This builder as a pip requirement that CI can install, or '' when unknown.

    Known when pip installed it from a Git repository or an archive at an https URL:
    pip records where from (PEP 610, `direct_url.json`). A local folder or file, as in
    an editable install, is of no use to CI.
    """
    try:
        recorded = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return ""
    if not recorded:
        return ""
    try:
        origin = json.loads(recorded)
    except ValueError:
        return ""
    url = origin.get("url", "") if isinstance(origin, dict) else ""
    if not isinstance(url, str) or not url.startswith("https://") or "@" in url.split("/")[2]:
        return ""  # not a public address (or one with credentials in it)
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        requirement = f"{DISTRIBUTION} @ git+{url}@{vcs['commit_id']}"
        subdirectory = origin.get("subdirectory")
        return f"{requirement}#subdirectory={subdirectory}" if subdirectory else requirement
    if isinstance(origin.get("archive_info"), dict):
        return f"{DISTRIBUTION} @ {url}"
    return ""


def _refuse_non_empty(target: Path) -> None:
    if target.is_dir():
        entries = sorted(entry.name for entry in target.iterdir())
        if entries:
            shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
            raise ScaffoldError(
                f"{target} is not empty (it holds {shown}); init writes a new edition into "
                "a new or empty folder only, and wrote nothing"
            )
    elif target.exists() or target.is_symlink():
        raise ScaffoldError(f"{target} exists and is not a folder; init wrote nothing")


def _starter_files(folder: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    """Every starter file as (its path in the new edition, the file)."""
    found: list[tuple[str, Traversable]] = []
    for entry in folder.iterdir():
        name = DOTTED.get(entry.name, entry.name) if not prefix else entry.name
        if entry.name.startswith((".", "__")) or entry.name.endswith(("~", ".pyc")):
            continue
        if entry.is_dir():
            found += _starter_files(entry, f"{prefix}{name}/")
        else:
            found.append((f"{prefix}{name}", entry))
    return found


def _write_schemas(target: Path) -> list[Path]:
    """Write the JSON Schemas the starter's YAML files name, as `schemas` does."""
    diags = Diagnostics()
    config = load_config(target, diags)
    diags.raise_if_errors()  # never, for the starter's site.yaml (tested)
    assert config is not None
    return [
        _write(target / SCHEMA_DIR / name, dump(schema))
        for name, schema in site_schemas(config).items()
    ]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    log.info("created %s", path)
    return path
