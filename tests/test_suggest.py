"""Suggest a note from a selection: the Python half (builder/anchor/shortest.py, the
panel's settings in builder/render/suggest.py, `repository.issue_url`).

The same vectors run in the browser against layouts/static/suggest.js
(tests/test_suggest_browser.py).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from builder.anchor.anchoring import Span, TextIndex, find_quote
from builder.anchor.shortest import selection_selector
from builder.diagnostics import Diagnostics
from builder.load.config import load_config
from builder.pipeline import BuildOptions, build_site
from tests.support.marks_table import current_line, marks_line
from tests.support.sites import REPO, SITE_YAML, MakeSite

VECTORS = json.loads((REPO / "tests/fixtures/suggest_vectors.json").read_text(encoding="utf-8"))


def _offsets(vector: dict[str, Any]) -> tuple[int, int]:
    text = vector["blocks"][vector["block"]]
    at = -1
    for _ in range(vector["nth"]):
        at = text.index(vector["select"], at + 1)
    return at, at + len(vector["select"])


@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=lambda v: v["name"])
def test_a_selection_gives_the_shortest_selector(vector: dict[str, Any]) -> None:
    start, end = _offsets(vector)
    index = TextIndex(vector["blocks"])
    selector = selection_selector(index, vector["block"], start, end)
    if vector["expect"] is None:
        assert selector is None
        return
    assert selector is not None
    got = {"quote": selector.exact, "prefix": selector.prefix, "suffix": selector.suffix}
    got["occurrence"] = selector.occurrence
    assert {k: v for k, v in got.items() if v} == vector["expect"]
    # ... and the selector anchors at the selection (its ends moved to whole characters).
    found = find_quote(index, selector.exact, selector.prefix, selector.suffix, selector.occurrence)
    assert isinstance(found, Span) and found.block == vector["block"]
    assert start <= found.start < found.end <= end


def test_the_scripts_mark_table_is_this_pythons() -> None:
    """suggest.js groups marks with their letter as TextIndex does; regenerate the table
    with `python -m tests.support.marks_table` when Python's Unicode data changes."""
    assert current_line() == marks_line()


class _Panel(HTMLParser):
    """The suggest panel's data attributes and links on a built page."""

    def __init__(self) -> None:
        super().__init__()
        self.root: dict[str, str | None] = {}
        self.links: dict[str, str | None] = {}
        self.options: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "data-suggest" in found:
            self.root = found
        for name in ("data-suggest-edit", "data-suggest-issue"):
            if name in found:
                self.links[name] = found.get("href")
        if tag == "option" and "value" in found:
            self.options.append(found["value"])


def _panel(site: Path, slug: str) -> _Panel:
    build_site(site, site / "public", BuildOptions())
    panel = _Panel()
    html = (site / "public/articles" / slug / "index.html").read_text(encoding="utf-8")
    panel.feed(html)
    return panel


ARTICLE = "---\ntitle: Rates\n---\nThe central bank raised rates.\n"


def test_the_panel_names_the_sidecar_its_indentation_and_the_forge(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/articles/rates.md": ARTICLE,
            "content/articles/rates.annotations.yml": (
                "annotations:\n- id: raised\n  kind: footnote\n  quote: raised\n  note: Up.\n"
            ),
        },
        site_yaml=SITE_YAML + "repository: {url: 'https://gitlab.com/o/r', path: site}\n",
    )
    panel = _panel(site, "rates")
    assert panel.root["data-sidecar"] == "content/articles/rates.annotations.yml"
    assert panel.root["data-indent"] == "0"  # the list's dashes are at the margin
    assert "hidden" in panel.root  # shown only by the script
    assert panel.links["data-suggest-edit"] == (
        "https://gitlab.com/o/r/-/edit/main/site/content/articles/rates.annotations.yml"
    )
    assert panel.root["data-issue-url"] == (
        "https://gitlab.com/o/r/-/issues/new?issue[title]={title}&issue[description]={body}"
    )
    assert "accurate" in panel.options and "footnote" in panel.options


def test_without_a_repository_the_panel_links_nowhere(make_site: MakeSite) -> None:
    site = make_site({"content/articles/rates.md": ARTICLE})
    panel = _panel(site, "rates")
    assert panel.root["data-sidecar"] == "content/articles/rates.annotations.yaml"
    assert panel.root["data-indent"] == "2"  # as `new article` and `import` write it
    assert "data-issue-url" not in panel.root
    assert panel.links == {}


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("https://forge.example/{url}/new?t={title}&b={body}", ""),
        ("https://forge.example/new?t={title}", "it has no {body}"),
        ("https://forge.example/new?b={body}&x={line}", "it names {line}"),
        ("ftp://forge.example/new?b={body}", "must start with https"),
        ("https://forge.example/new?b={body", "not a valid template"),
    ],
)
def test_issue_url_templates_are_checked(make_site: MakeSite, template: str, problem: str) -> None:
    repository = (
        "repository: {url: 'https://forge.example/o/r', "
        f"view_url: '{{url}}/src/{{branch}}/{{path}}#L{{line}}', issue_url: '{template}'}}\n"
    )
    site = make_site({}, site_yaml=SITE_YAML + repository)
    diags = Diagnostics()
    config = load_config(site, diags)
    messages = [f"{d.location}: {d.code}: {d.message}" for d in diags.items]
    if not problem:
        assert messages == []
        assert config is not None and config.repository is not None
        assert config.repository.new_issue_url() == (
            "https://forge.example/https://forge.example/o/r/new?t={title}&b={body}"
        )
        return
    assert len(messages) == 1
    line = SITE_YAML.count("\n") + 1  # the `repository` line, at `issue_url`'s column
    assert f"site.yaml:{line}:{repository.index(template)}: bad-template" in messages[0]
    assert problem in messages[0]
