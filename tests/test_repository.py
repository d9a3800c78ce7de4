"""`repository` in site.yaml: forge addresses, their validation, and the edit links that
notes and glossary pages carry to the line they are written on."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from builder.cli import main
from builder.diagnostics import Diagnostics
from builder.load.config import load_config
from builder.load.repository import Repository
from tests.support.sites import SITE_YAML, MakeSite, age

SIDECAR = "content/articles/rates.annotations.yaml"
FILES = {
    "content/articles/rates.md": """\
        ---
        title: Rates
        ---
        The central bank raised *interest rates* again.

        Inflation fell. Prices rose in March.
        """,
    SIDECAR: """\
        annotations:
          - id: raised
            kind: footnote
            quote: raised interest rates
            note: Fine.
          - kind: footnote
            quote: Prices rose in March
            note: Without an id, linked at its first key.
        """,
    "content/glossary/inflation.yaml": "term: Inflation\ndefinition: A general rise in prices.\n",
}
GITHUB = 'repository: {url: "https://github.com/owner/edition", path: site}\n'


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def config_of(make_site: MakeSite, repository: str) -> tuple[Repository | None, list[str]]:
    site = make_site({}, site_yaml=SITE_YAML + repository)
    diags = Diagnostics()
    config = load_config(site, diags)
    assert config is not None
    return config.repository, [f"{d.location}: {d.code}: {d.message}" for d in diags.items]


@pytest.mark.parametrize(
    ("repository", "view", "edit"),
    [
        (
            "repository: {url: https://github.com/o/r}",
            "https://github.com/o/r/blob/main/content/x.yaml#L7",
            "https://github.com/o/r/edit/main/content/x.yaml",
        ),
        (
            'repository: {url: "https://gitlab.com/g/sub/r.git/", branch: pages, path: /ed/}',
            "https://gitlab.com/g/sub/r/-/blob/pages/ed/content/x.yaml#L7",
            "https://gitlab.com/g/sub/r/-/edit/pages/ed/content/x.yaml",
        ),
        (
            "repository:\n  url: https://codeberg.org/o/r\n  path: ''\n"
            "  view_url: '{url}/src/branch/{branch}/{path}#L{line}'\n",
            "https://codeberg.org/o/r/src/branch/main/content/x.yaml#L7",
            "https://codeberg.org/o/r/src/branch/main/content/x.yaml",
        ),
        (
            "repository:\n  url: https://git.example.org/o/r\n"
            "  view_url: 'https://view.example.org/{path}?at={branch}&line={line}'\n"
            "  edit_url: 'https://edit.example.org/{branch}/{path}'\n",
            "https://view.example.org/content/x.yaml?at=main&line=7",
            "https://edit.example.org/main/content/x.yaml",
        ),
    ],
)
def test_forges_known_by_host_or_described_by_templates(
    make_site: MakeSite, repository: str, view: str, edit: str
) -> None:
    repo, problems = config_of(make_site, repository)
    assert problems == []
    assert repo is not None
    assert repo.view_url("content/x.yaml", 7) == view
    assert repo.edit_url("content/x.yaml") == edit


@pytest.mark.parametrize(
    ("repository", "expected"),
    [
        (
            "repository: {url: https://codeberg.org/o/r}",
            "site.yaml:3:19: unknown-forge: cannot tell how to link to files on "
            "'https://codeberg.org/o/r': only GitHub and GitLab addresses are known",
        ),
        (
            "repository: {url: http://github.com/o/r}",
            "site.yaml:3:19: bad-url: 'url' must start with https:: 'http://github.com/o/r'",
        ),
        ("repository: {branch: main}", "site.yaml:3:13: missing-field: 'repository' is missing"),
        (
            "repository: {url: https://github.com/o/r, path: ../up}",
            "site.yaml:3:49: bad-value: 'path' must be a plain folder path",
        ),
        (
            "repository: {url: https://x.org/r, view_url: '{url}/{file}'}",
            "site.yaml:3:46: bad-template: 'view_url' names unknown placeholder '{file}'",
        ),
        (
            "repository: {url: https://x.org/r, view_url: '/{path}'}",
            "site.yaml:3:46: bad-template: 'view_url' does not make a file's address",
        ),
        (
            "repository: {url: https://x.org/r, view_url: '{url}/main'}",
            "site.yaml:3:46: bad-template: 'view_url' does not make a file's address: "
            "it has no {path}",
        ),
        ("repository: {url: https://github.com/o/r, host: x}", "unknown-field"),
    ],
)
def test_a_bad_repository_is_reported_where_it_is_written(
    make_site: MakeSite, repository: str, expected: str
) -> None:
    repo, problems = config_of(make_site, repository)
    assert repo is None or "unknown-field" in expected
    assert len(problems) == 1, problems
    assert expected in problems[0]


def edit_links(page: Path) -> dict[str, str]:
    """The edit link of each note on a page, by note id (from its aria-label)."""
    html = page.read_text(encoding="utf-8")
    found = re.findall(
        r'<a href="([^"]*)" data-edit-note rel="nofollow noopener noreferrer" '
        r'aria-label="Edit this note \(([^)]*)\) at its source">Edit this note</a>',
        html,
    )
    return {note_id: href for href, note_id in found}


class _MarginLinks(HTMLParser):
    """The edit link of each margin copy (sidenote), by the note id it is the copy of."""

    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self.copy: list[str] = []  # the note id of each open margin copy, innermost last
        self.depth: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "sidenote" in (found.get("class") or "").split():
            self.copy.append(found["data-for"] or "")
            self.depth.append(0)
        elif self.depth:
            self.depth[-1] += tag != "a" or "data-edit-note" not in found
            if "data-edit-note" in found:
                self.links[self.copy[-1]] = found["href"] or ""
                self.depth[-1] += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            if self.depth[-1] == 0:
                self.copy.pop()
                self.depth.pop()
            else:
                self.depth[-1] -= 1


def margin_edit_links(page: Path) -> dict[str, str]:
    parser = _MarginLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def test_each_note_links_to_the_line_its_entry_starts_on(make_site: MakeSite) -> None:
    site = make_site(FILES, site_yaml=SITE_YAML + GITHUB)
    assert main(["build", "--site", str(site), "-q"]) == 0
    page = site / "public/articles/rates/index.html"
    blob = "https://github.com/owner/edition/blob/main/site/content/articles"
    assert edit_links(page) == {
        "raised": f"{blob}/rates.annotations.yaml#L2",
        "foot-prices-rose-in-march": f"{blob}/rates.annotations.yaml#L6",
    }
    html = page.read_text(encoding="utf-8")
    entry = re.search(r'<li id="note-raised".*?</li>', html, re.S)
    assert entry and "data-edit-note" in entry[0]
    assert margin_edit_links(page) == edit_links(page)  # the margin copies link there too
    term = (site / "public/glossary/inflation/index.html").read_text(encoding="utf-8")
    assert (
        '<a href="https://github.com/owner/edition/blob/main/site/content/glossary/'
        'inflation.yaml#L1" data-edit-entry rel="nofollow noopener noreferrer" '
        'aria-label="Edit this entry (inflation) at its source">Edit this entry</a>'
    ) in term


def test_without_a_repository_nothing_links_to_the_source(make_site: MakeSite) -> None:
    site = make_site(FILES)
    assert main(["build", "--site", str(site), "-q"]) == 0
    for page in (site / "public").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "data-edit-note" not in text and "data-edit-entry" not in text, page


def test_cached_pages_follow_line_shifts_and_repository_changes(make_site: MakeSite) -> None:
    site = make_site(FILES, site_yaml=SITE_YAML + GITHUB)
    page = site / "public/articles/rates/index.html"
    build = ["build", "--site", str(site), "-q"]
    assert main(build) == 0
    age(site)
    assert main(build) == 0  # the pages are kept from the cache now
    assert edit_links(page)["raised"].endswith("#L2")

    sidecar = site / SIDECAR
    sidecar.write_text("# A comment above moves every entry down.\n" + sidecar.read_text())
    assert main(build) == 0
    links = edit_links(page)
    assert links["raised"].endswith("rates.annotations.yaml#L3")
    assert links["foot-prices-rose-in-march"].endswith("#L7")
    assert margin_edit_links(page) == links

    age(site)
    (site / "site.yaml").write_text(SITE_YAML + GITHUB.replace("path: site", "branch: live"))
    assert main(build) == 0
    assert edit_links(page)["raised"] == (
        "https://github.com/owner/edition/blob/live/content/articles/rates.annotations.yaml#L3"
    )
    # The margin copies are made with the article (not the page): they follow too.
    assert margin_edit_links(page) == edit_links(page)
    term = (site / "public/glossary/inflation/index.html").read_text(encoding="utf-8")
    assert "/blob/live/content/glossary/inflation.yaml#L1" in term
