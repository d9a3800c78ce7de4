"""`init DIR` (builder/commands/init.py), and the package installed from its wheel."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import pytest
import yaml

from builder import __version__
from builder.cli import main
from builder.commands import init
from builder.commands.init import PLACEHOLDER, builder_requirement, init_site
from tests.support.sites import REPO

STARTER = REPO / "builder/commands/starter"
SAMPLE = "content/articles/sample-the-metre"


@pytest.fixture(autouse=True)
def cache_key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def test_init_makes_an_edition_that_passes_check_strict_and_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "new-edition"
    assert main(["init", str(site)]) == 0
    out = capsys.readouterr().out
    made = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert made == [
        ".github/workflows/check.yml",
        ".github/workflows/pages.yml",
        ".gitignore",
        "CONTRIBUTING.md",
        f"{SAMPLE}.annotations.yaml",
        f"{SAMPLE}.md",
        "content/glossary/speed-of-light.yaml",
        "requirements.txt",
        "schemas/annotations.schema.json",
        "schemas/glossary.schema.json",
        "schemas/site.schema.json",
        "site.yaml",
    ]
    assert f"created {site / 'site.yaml'}" in out and "requirements.txt" in out
    assert not (site / "layouts").exists()  # the built-in layouts serve it
    assert main(["check", "--strict", "--site", str(site), "-q"]) == 0
    assert main(["build", "--strict", "--site", str(site), "-q"]) == 0
    page = (site / "public/articles/sample-the-metre/index.html").read_text(encoding="utf-8")
    for kind in ("footnote", "context", "fact", "term"):
        assert f'data-kind="{kind}"' in page, kind
    assert "This is a sample article" in page  # clearly an example
    assert (site / "public/glossary/speed-of-light/index.html").is_file()
    written = {p.name: p.read_text("utf-8") for p in (site / "schemas").iterdir()}
    assert main(["schemas", "--site", str(site)]) == 0
    assert written == {p.name: p.read_text("utf-8") for p in (site / "schemas").iterdir()}


def test_the_sample_sidecar_has_one_note_of_each_kind_and_site_yaml_is_commented() -> None:
    sidecar = yaml.safe_load((STARTER / f"{SAMPLE}.annotations.yaml").read_text("utf-8"))
    kinds = [entry["kind"] for entry in sidecar["annotations"]]
    assert sorted(kinds) == ["context", "fact", "footnote", "term"]
    fact = next(e for e in sidecar["annotations"] if e["kind"] == "fact")
    assert fact["verdict"] and fact["sources"]
    assert all(s["url"].startswith("https://") for s in fact["sources"])
    config = (STARTER / "site.yaml").read_text("utf-8")
    assert config.count("\n#") >= 10 and "# base_url:" in config


def test_the_contributing_examples_are_the_sample_notes() -> None:
    guide = (STARTER / "CONTRIBUTING.md").read_text("utf-8")
    sidecar = (STARTER / f"{SAMPLE}.annotations.yaml").read_text("utf-8")
    term = (STARTER / "content/glossary/speed-of-light.yaml").read_text("utf-8")
    blocks = [b.split("```", 1)[0] for b in guide.split("```yaml\n")[1:]]
    notes = [b for b in blocks if b.startswith("  - id:")]
    assert len(notes) == 4
    for block in notes:
        assert block in sidecar, block
    assert [b for b in blocks if b.startswith("term:")][0] in term
    assert "python -m builder check --strict" in guide and "requirements.txt" in guide


@pytest.mark.parametrize("existing", ["notes.txt", ".git"])
def test_init_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, existing: str, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / existing).write_text("mine\n")
    assert main(["init", str(site)]) == 2
    err = capsys.readouterr().err
    assert f"error: {site} is not empty (it holds {existing})" in err and "wrote nothing" in err
    assert [p.name for p in site.iterdir()] == [existing]


def test_init_refuses_a_file_and_accepts_an_empty_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("x")
    assert main(["init", str(tmp_path / "file")]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["init", str(tmp_path / "empty")]) == 0
    assert (tmp_path / "empty/site.yaml").is_file()


class Recorded:
    """A distribution whose pip record (direct_url.json) is `origin`."""

    def __init__(self, origin: dict[str, Any] | None) -> None:
        self.origin = origin

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return None if self.origin is None else json.dumps(self.origin)


@pytest.mark.parametrize(
    ("origin", "requirement"),
    [
        (
            {
                "url": "https://github.com/someone/edition-builder",
                "vcs_info": {"vcs": "git", "commit_id": "0" * 40, "requested_revision": "main"},
            },
            f"annotated-edition @ git+https://github.com/someone/edition-builder@{'0' * 40}",
        ),
        (
            {"url": "https://example.org/a-0.1.0-py3-none-any.whl", "archive_info": {}},
            "annotated-edition @ https://example.org/a-0.1.0-py3-none-any.whl",
        ),
        ({"url": "file:///home/me/builder", "dir_info": {"editable": True}}, ""),
        ({"url": "https://user:secret@example.org/x.git", "vcs_info": {"vcs": "git"}}, ""),
        (None, ""),
    ],
)
def test_requirements_name_the_builder_when_pip_recorded_a_public_origin(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    origin: dict[str, Any] | None,
    requirement: str,
) -> None:
    monkeypatch.setattr(init.metadata, "distribution", lambda name: Recorded(origin))
    assert builder_requirement() == requirement
    made = init_site(tmp_path / "site")
    assert made.requirement == requirement
    lines = (tmp_path / "site/requirements.txt").read_text("utf-8").splitlines()
    assert lines[-1] == (requirement or PLACEHOLDER)
    assert [line for line in lines if not line.startswith("#") and line.strip()] == lines[-1:]


def test_the_starter_workflows_are_valid_and_install_from_requirements() -> None:
    workflows = sorted((STARTER / "github/workflows").glob("*.yml"))
    assert [p.name for p in workflows] == ["check.yml", "pages.yml"]
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, workflows),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    check, pages = (p.read_text("utf-8") for p in workflows)
    for workflow in (check, pages):
        assert "python -m pip install -r requirements.txt" in workflow
    assert "pull_request:" in check and "python -m builder check --strict --format github" in check
    assert 'python -m builder review "$BASE" > "$RUNNER_TEMP/review.md"' in check
    assert 'gh pr comment "$PR" --body-file "$RUNNER_TEMP/review.md"' in check
    assert "python -m builder build --strict --base-url" in pages
    for action in ("configure-pages", "upload-pages-artifact", "deploy-pages"):
        assert f"actions/{action}@" in pages


@pytest.mark.parametrize("status", [0, 1])
@pytest.mark.parametrize(
    "workflow",
    [STARTER / "github/workflows/check.yml", REPO / ".github/workflows/check.yml"],
    ids=["starter", "repository"],
)
def test_the_review_steps_write_the_summary_keep_the_status_and_comment(
    workflow: Path, status: int, tmp_path: Path
) -> None:
    """The review step's script, run with a stand-in `python` (the report, then `status`)
    and `gh`: the summary gets the report, the step fails as review did, and the comment
    step posts the same file (a new comment when there is none to edit)."""
    steps = {
        s.get("name"): s
        for s in yaml.safe_load(workflow.read_text("utf-8"))["jobs"]["check"]["steps"]
    }
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").write_text(f"#!/bin/sh\necho '## Review of' \"$4\"\nexit {status}\n")
    calls = tmp_path / "gh-calls"
    (bin_dir / "gh").write_text(
        f'#!/bin/sh\necho "$@" >> {calls}\ncase "$*" in *--edit-last*) exit 1;; esac\n'
    )
    for tool in ("python", "gh"):
        (bin_dir / tool).chmod(0o755)
    summary = tmp_path / "summary.md"
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "BASE": "origin/main",
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GH_TOKEN": "x",
        "PR": "7",
    }
    review = subprocess.run(
        ["bash", "-e", "-c", steps["Review the change"]["run"]], env=env, capture_output=True
    )
    assert review.returncode == status
    assert summary.read_text() == "## Review of origin/main\n"
    step = steps["Comment the review on the pull request"]
    assert step["continue-on-error"] is True
    comment = subprocess.run(["bash", "-e", "-c", step["run"]], env=env, capture_output=True)
    assert comment.returncode == 0, comment.stderr
    assert calls.read_text().splitlines() == [
        f"pr comment 7 --body-file {tmp_path}/review.md --edit-last",
        f"pr comment 7 --body-file {tmp_path}/review.md",
    ]


# --- end to end: the wheel, installed into a new virtual environment outside the repo ---

SOURCE_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE")


def run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.wheel
def test_the_wheel_installed_elsewhere_inits_checks_and_builds(tmp_path: Path) -> None:
    source = tmp_path / "source"  # what an sdist holds, so no stale build/ of the checkout
    source.mkdir()
    for name in SOURCE_FILES:
        shutil.copy2(REPO / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_layouts")
    for folder in ("builder", "layouts"):
        shutil.copytree(REPO / folder, source / folder, ignore=ignore)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["XDG_CACHE_HOME"] = str(tmp_path / "user-cache")
    wheels = tmp_path / "wheels"
    run(
        [sys.executable, "-m", "pip", "wheel", source, "--no-deps", "-q", "-w", wheels],
        tmp_path,
        env,
    )
    (wheel,) = wheels.glob("annotated_edition-*.whl")
    env_dir = tmp_path / "venv"
    try:
        venv.create(env_dir, with_pip=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot create a virtual environment here: {exc}")
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    run([python, "-m", "pip", "install", "-q", wheel], tmp_path, env)
    work = tmp_path / "work"
    work.mkdir()
    located = run(
        [python, "-c", "from builder.load.layout_files import builtin_layouts as b; print(b())"],
        work,
        env,
    ).strip()
    assert Path(located).is_relative_to(env_dir.resolve()), located
    assert Path(located, "base.html").is_file()
    run([python, "-m", "builder", "init", "site"], work, env)
    # A page saved from the web, then the notes a reader made on it with Hypothesis.
    imports = REPO / "tests/fixtures/import"
    page = imports / "news-jsonld.html"
    run([python, "-m", "builder", "import", page, "--site", "site", "--slug", "harbour"], work, env)
    (work / "site/content/glossary/storm-surge.yaml").write_text(  # a term the notes use
        "term: Storm surge\ndefinition: A rise of the sea driven by a storm.\n", encoding="utf-8"
    )
    notes = subprocess.run(
        [python, "-m", "builder", "import", imports / "hypothesis.json"]
        + ["--site", "site", "--slug", "harbour"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert notes.returncode == 1, notes.stderr  # some of the export's notes cannot be imported
    assert "5 annotation(s) from" in notes.stdout, notes.stdout
    run([python, "-m", "builder", "check", "--strict", "--site", "site"], work, env)
    run([python, "-m", "builder", "build", "--site", "site"], work, env)
    built = work / "site/public"
    assert (built / "articles/sample-the-metre/index.html").is_file()
    harbour = (built / "articles/harbour/index.html").read_text(encoding="utf-8")
    sidecar = (work / "site/content/articles/harbour.annotations.yaml").read_text("utf-8")
    imported = re.findall(r"^  - id: (\S+)$", sidecar, re.M)
    assert len(imported) == 5
    for note in imported:  # each imported note is on the page
        assert f'data-annotation="{note}"' in harbour, note
    assert (built / "assets/style.css").read_bytes() == (
        REPO / "layouts/static/style.css"
    ).read_bytes()
    assert __version__ in run([bin_dir / "edition", "--version"], work, env)
