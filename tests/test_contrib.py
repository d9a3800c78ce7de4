"""Contributors' workflow: drift and fix, disambiguation hints, schemas, scaffolding, stats."""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from builder.anchor.markdown.render import render_article_tree, serialize_tree
from builder.cli import main
from builder.commands.schemas import dump, site_schemas
from builder.diagnostics import BuildFailed, Diagnostics
from builder.load.config import load_config
from builder.load.inputs import load_inputs
from builder.pipeline import BuildOptions, check_site
from builder.site import SCHEMA_DIR
from tests.support.builds import annotate_site
from tests.support.sites import FIXTURES, REPO, MakeSite

ARTICLE = """\
---
title: Rates
---
The central bank raised *interest rates* again, the third rise this year.

Prices rose in March. Prices rose in April. Prices rose in May.
"""

DRIFTING_SIDECAR = """\
# Annotations for the rates article.
annotations:
  # The headline decision.
  - id: hike          # keep this id
    kind: footnote
    quote: "the thrid rise this year"   # was right before the typo was fixed
    prefix: 'again, '
    note: |
      Rates had risen twice before.
  - id: march
    kind: fact
    verdict: accurate
    quote: Prices rose in March
    note: Yes.
    sources: [{title: Stats office, url: "https://stats.example/march"}]
"""


def test_ambiguous_quote_lists_the_shortest_selector_for_each_match(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(
        {
            "content/articles/rates.md": ARTICLE,
            "content/articles/rates.annotations.yaml": (
                "annotations:\n  - kind: footnote\n    quote: Prices rose\n    note: x\n"
            ),
        }
    )
    assert main(["check", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert "error[quote-ambiguous]: quote matches 3 places" in err
    assert '[Prices rose] in March. Prices rose…" — pick it with suffix: " in March."' in err
    assert '[Prices rose] in April. Prices rose…" — pick it with prefix: "March. "' in err
    assert '[Prices rose] in May.…" — pick it with prefix: "April. "' in err


def test_not_found_shows_a_character_diff_and_the_quote_to_paste(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(
        {
            "content/articles/rates.md": ARTICLE,
            "content/articles/rates.annotations.yaml": (
                "annotations:\n  - kind: footnote\n    quote: the bank lifted interest rate\n"
                "    note: x\n"
            ),
        }
    )
    assert main(["check", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert "content/articles/rates.md line 4:" in err
    assert "difference: " in err and "[-" in err and "{+" in err
    assert 'hint: if that is the passage, write: quote: "' in err


def drift_site(make_site: MakeSite) -> Path:
    """A sidecar written before a typo in the article was fixed ("thrid" became "third")."""
    return make_site(
        {
            "content/articles/rates.md": ARTICLE,
            "content/articles/rates.annotations.yaml": DRIFTING_SIDECAR,
        }
    )


def test_drift_is_a_warning_and_the_build_anchors_the_new_text(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = drift_site(make_site)
    assert main(["build", "--site", str(site)]) == 0
    err = capsys.readouterr().err
    assert (
        "content/articles/rates.annotations.yaml:6:12: warning[quote-drifted]: quote has "
        'drifted from the article\'s text: "the thrid rise this year"'
    ) in err
    assert "difference: the th{+i+}r[-i-]d rise this year" in err
    page = (site / "public/articles/rates/index.html").read_text(encoding="utf-8")
    assert (
        'data-annotation="hike" data-kind="footnote" id="ann-hike">the third rise this year<'
        in page
    )


def test_strict_turns_drift_into_an_error(make_site: MakeSite) -> None:
    site = drift_site(make_site)
    with pytest.raises(BuildFailed) as failed:
        check_site(site, BuildOptions(strict=True))
    assert [d.code for d in failed.value.diagnostics] == ["quote-drifted"]


def test_fix_rewrites_only_the_drifted_scalar(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = drift_site(make_site)
    sidecar = site / "content/articles/rates.annotations.yaml"
    assert main(["fix", "--site", str(site)]) == 0
    assert (
        'content/articles/rates.annotations.yaml:6: quote: "the thrid rise this year" -> '
        '"the third rise this year"'
    ) in capsys.readouterr().out
    after = sidecar.read_text(encoding="utf-8")
    diff = [
        line
        for line in difflib.unified_diff(
            DRIFTING_SIDECAR.splitlines(), after.splitlines(), lineterm="", n=0
        )
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    assert diff == [
        '-    quote: "the thrid rise this year"   # was right before the typo was fixed',
        '+    quote: "the third rise this year"   # was right before the typo was fixed',
    ]
    result = check_site(site, BuildOptions(strict=True))
    assert not result.warnings


def test_fix_updates_a_prefix_that_no_longer_matches(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/articles/rates.md": ARTICLE.replace("again, the third", "again: the third"),
            "content/articles/rates.annotations.yaml": DRIFTING_SIDECAR,
        }
    )
    assert main(["fix", "--site", str(site), "-q"]) == 0
    text = (site / "content/articles/rates.annotations.yaml").read_text(encoding="utf-8")
    assert "prefix: 'again: '" in text
    assert not check_site(site, BuildOptions(strict=True)).warnings


def plain(node: Any) -> Any:
    """YAML loaded as yaml-language-server (YAML 1.2) sees it, for schema validation."""
    return json.loads(json.dumps(node, default=str))


def load(path: Path) -> Any:
    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_committed_schemas_are_the_generated_ones() -> None:
    config = load_config(REPO, Diagnostics())
    assert config is not None
    for name, schema in site_schemas(config).items():
        jsonschema.Draft7Validator.check_schema(schema)
        assert (REPO / SCHEMA_DIR / name).read_text(encoding="utf-8") == dump(schema), (
            f"{SCHEMA_DIR}/{name} is stale: run `python -m builder schemas`"
        )


def schema(name: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads((REPO / SCHEMA_DIR / name).read_text()))


def test_schemas_accept_every_file_of_the_bundled_edition() -> None:
    assert not list(schema("site.schema.json").iter_errors(load(REPO / "site.yaml")))
    for path in (REPO / "content/articles").glob("*.annotations.yaml"):
        errors = list(schema("annotations.schema.json").iter_errors(load(path)))
        assert not errors, (path, errors[0].message if errors else "")
    for path in (REPO / "content/glossary").glob("*.yaml"):
        assert not list(schema("glossary.schema.json").iter_errors(load(path))), path


@pytest.mark.parametrize(
    ("name", "document"),
    [
        (
            "annotations.schema.json",
            {"annotations": [{"kind": "footnotes", "quote": "x", "note": "y"}]},
        ),
        ("annotations.schema.json", {"annotations": [{"kind": "footnote", "quote": "x"}]}),
        (
            "annotations.schema.json",
            {
                "annotations": [
                    {"kind": "fact", "quote": "x", "note": "y", "verdict": "accurate", "sourse": []}
                ]
            },
        ),
        (
            "annotations.schema.json",
            {
                "annotations": [
                    {"kind": "footnote", "quote": "x", "note": "y", "verdict": "accurate"}
                ]
            },
        ),
        (
            "annotations.schema.json",
            {"annotations": [{"kind": "context", "quote": "x", "url": "javascript:alert(1)"}]},
        ),
        (
            "annotations.schema.json",
            {"annotations": [{"id": "Bad_Id", "kind": "footnote", "quote": "x", "note": "y"}]},
        ),
        (
            "annotations.schema.json",
            {"annotations": [{"kind": "footnote", "quote": ["x"], "note": "y"}]},
        ),
        (
            "annotations.schema.json",
            {"annotations": [{"kind": "footnote", "quote": "  ", "note": "y"}]},
        ),
        (
            "annotations.schema.json",
            {"annotations": [{"kind": "footnote", "quote": "x", "note": "y", "occurrence": 0}]},
        ),
        ("glossary.schema.json", {"term": "Inflation"}),
        ("glossary.schema.json", {"term": "X", "definition": "y", "see_also": ["Not An Id"]}),
        ("site.schema.json", {"title": "T", "glossary": {"auto_link": "some"}}),
        ("site.schema.json", {"description": "no title"}),
    ],
)
def test_schemas_reject_what_the_builder_rejects(
    make_site: MakeSite, name: str, document: dict[str, Any]
) -> None:
    assert list(schema(name).iter_errors(document))
    files = {"content/articles/a.md": "Text with x and y.\n"}
    text = yaml.safe_dump(document)
    target = {
        "annotations.schema.json": "content/articles/a.annotations.yaml",
        "glossary.schema.json": "content/glossary/x.yaml",
    }.get(name)
    site = make_site(
        {**files, target: text} if target else files,
        site_yaml=text if name == "site.schema.json" else "title: T\n",
    )
    with pytest.raises(BuildFailed):
        check_site(site)


def test_new_article_and_term_make_files_that_check(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({})
    assert main(["new", "article", "my-article", "--site", str(site)]) == 0
    assert main(["new", "term", "my-term", "--site", str(site)]) == 0
    sidecar = site / "content/articles/my-article.annotations.yaml"
    assert sidecar.read_text().startswith(
        "# yaml-language-server: $schema=../../schemas/annotations.schema.json"
    )
    assert len(check_site(site).articles) == 1
    assert main(["new", "term", "my-term", "--site", str(site)]) == 2
    assert "already exists; not overwriting it" in capsys.readouterr().err
    assert main(["new", "article", "Bad Slug", "--site", str(site)]) == 2


def test_import_of_the_bundled_plain_text_equals_the_bundled_article(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({})
    source = FIXTURES / "us-leaves-door-ajar.txt"
    assert main(["import", str(source), "--site", str(site), "--slug", "door"]) == 0
    [imported] = load_inputs(site, None, Diagnostics()).articles
    bundled = next(
        a
        for a in load_inputs(REPO, None, Diagnostics()).articles
        if a.slug == "us-leaves-door-ajar"
    )
    assert imported.title == bundled.title and imported.author == bundled.author
    assert imported.date == bundled.date
    assert render(imported.markdown) == render(bundled.markdown)
    assert main(["import", str(source), "--site", str(site), "--slug", "door"]) == 2


def render(markdown: str) -> str:
    return serialize_tree(render_article_tree(markdown))


def test_stats(make_site: MakeSite, capsys: pytest.CaptureFixture[str]) -> None:
    site = drift_site(make_site)
    (site / "content/glossary").mkdir(exist_ok=True)
    (site / "content/glossary/unused.yaml").write_text("term: Unused\ndefinition: x\n")
    assert main(["stats", "--site", str(site), "--format", "json"]) == 0
    out = capsys.readouterr().out
    stats = json.loads(out[out.index("{") :])
    assert stats["articles"] == [
        {
            "slug": "rates",
            "annotations": {"footnote": 1, "context": 0, "fact": 1, "term": 0},
            "auto_links": 0,
            "terms_used": 0,
            "drifted": 1,
            "author_notes": 0,
        }
    ]
    assert stats["unused_terms"] == ["unused"]


def test_repository_automation_is_valid() -> None:
    workflows = sorted((REPO / ".github/workflows").glob("*.yml"))
    assert len(workflows) == 2
    bin_dir = Path(sys.executable).parent
    done = subprocess.run(
        [
            str(bin_dir / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, workflows),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for command in (
        ["validate-manifest", ".pre-commit-hooks.yaml"],
        ["validate-config", ".pre-commit-config.yaml"],
    ):
        done = subprocess.run(
            [str(bin_dir / "pre-commit"), *command], cwd=REPO, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
    check = (REPO / ".github/workflows/check.yml").read_text()
    assert "python -m builder check --strict --format github" in check and "make test" in check
    pages = (REPO / ".github/workflows/pages.yml").read_text()
    for action in (
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ):
        assert action in pages


def test_contributing_examples_work_on_the_bundled_article(make_site: MakeSite) -> None:
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in guide.split("```yaml\n")[1:]]
    entries = [b for b in blocks if b.startswith("  - id:")]
    assert len(entries) == 4
    article = (REPO / "content/articles/us-leaves-door-ajar.md").read_text(encoding="utf-8")
    glossary = {
        f"content/glossary/{p.name}": p.read_text(encoding="utf-8")
        for p in (REPO / "content/glossary").glob("*.yaml")
    }
    site = make_site(
        {
            "content/articles/us-leaves-door-ajar.md": article,
            "content/articles/us-leaves-door-ajar.annotations.yaml": "annotations:\n"
            + "".join(entries),
            **glossary,
        }
    )
    result = check_site(site)
    assert all(w.code == "unused-term" for w in result.warnings)
    notes = {n.id: n.kind for n in annotate_site(site)[0].notes}
    assert {
        "six-party-forum-members": "footnote",
        "yongbyon-iaea": "context",
        "armistice-year": "fact",
        "t-yongbyon": "term",
    }.items() <= notes.items()
