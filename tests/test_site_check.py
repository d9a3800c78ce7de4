"""The pre-swap check of the rendered site, and the path rules behind it."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.diagnostics import Diagnostics, SourceLocation
from builder.load.schema import IdRegistry
from builder.render.site_check import check_site_links, scan_page
from builder.site import OutputFile, fold_path, name_problem, output_path_problem


def page(path: str, body: str, source: str = "content/articles/a.md") -> OutputFile:
    return OutputFile(path, f"<!DOCTYPE html><main>{body}</main>".encode(), source)


def problems(files: list[OutputFile]) -> list[tuple[str, str]]:
    diags = Diagnostics()
    check_site_links(files, Path("/nonexistent"), diags)
    return [(d.code, d.message) for d in diags.items]


def test_links_between_pages_and_fragments_resolve() -> None:
    files = [
        page(
            "index.html",
            '<a href="articles/a/index.html#ann-x">a</a><a href="#top">t</a>'
            '<h1 id="top">T</h1><a href="assets/style.css">s</a>',
        ),
        page(
            "articles/a/index.html",
            '<p id="ann-x">x</p><a href="../../index.html">home</a>'
            '<a href="https://elsewhere.example/">e</a><a href="mailto:a@b.example">m</a>'
            '<span aria-describedby="ann-x">d</span>',
        ),
        OutputFile("assets/style.css", b"p {}", "layouts/static/style.css"),
    ]
    assert problems(files) == []


@pytest.mark.parametrize(
    ("href", "code", "words"),
    [
        ("../../nowhere/index.html", "broken-link", "which the build does not produce"),
        ("#nothing", "missing-fragment", "names no element of the page"),
        ("../../index.html#nothing", "missing-fragment", "names no element of index.html"),
        ("../../", "broken-link", "names a folder"),
        ("/index.html", "broken-link", "starts at the server's root"),
        ("../../../up.html", "broken-link", "points outside the site"),
        ("HTTPS://[oops/", "broken-link", "is not a valid URL"),
    ],
)
def test_broken_links_are_reported(href: str, code: str, words: str) -> None:
    files = [page("index.html", ""), page("articles/a/index.html", f'<a href="{href}">x</a>')]
    [(got, message)] = problems(files)
    assert got == code and words in message and "on page articles/a/index.html" in message


def test_repeated_ids_and_dangling_references_are_reported() -> None:
    files = [page("index.html", '<p id="x"></p><p id="x"></p><label for="y">l</label>')]
    assert problems(files) == [
        ("duplicate-html-id", "the id 'x' appears 2 times on page index.html"),
        ("missing-fragment", "on page index.html, for names id 'y', which is not on the page"),
    ]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("con", "reserved device name"),
        ("NUL.txt", "reserved device name"),
        ("lpt1.css", "reserved device name"),
        ("a\x00b", "NUL or control character"),
        ("..", "not a file name"),
        ("a\\b", "path separator"),
        ("trailing.", "ends with a dot or a space"),
        ("console.css", ""),
        ("style.css", ""),
    ],
)
def test_name_problems(name: str, problem: str) -> None:
    assert (problem in name_problem(name)) if problem else name_problem(name) == ""


def test_output_paths_cannot_leave_the_folder() -> None:
    assert output_path_problem("/etc/passwd") == "is absolute"
    assert output_path_problem("C:/x") == "is absolute"
    assert "not a file name" in output_path_problem("articles/../../x")
    assert output_path_problem("articles/a/index.html") == ""


def test_case_and_normalization_fold_to_one_path() -> None:
    assert fold_path("assets/Café.css") == fold_path("assets/cafe\u0301.CSS")


def test_ids_collide_after_nfc_and_casefold() -> None:
    diags = Diagnostics()
    ids = IdRegistry()
    assert ids.claim("café", SourceLocation("a.yaml", 1, 1), diags, "glossary id")
    assert not ids.claim("CAFE\u0301", SourceLocation("b.yaml", 2, 3), diags, "glossary id")
    [diag] = diags.items
    assert diag.code == "duplicate-id" and "first used at a.yaml:1:1" in diag.message


def test_a_scan_keeps_the_links_the_check_must_look_at_once_each_in_order() -> None:
    scanned = scan_page(
        page(
            "articles/a/index.html",
            '<p id="n1">x</p><a href="#n1">1</a><a href="../b/">b</a><a href="#gone">g</a>'
            '<a href="https://elsewhere.example/">e</a><a href="//cdn.example/x.js">c</a>'
            '<a href="../b/">b again</a><a href="#n1">1 again</a><a href="#gone">g again</a>'
            '<span aria-describedby="n1 lost">d</span>',
        )
    )
    assert scanned.links == ("../b/", "#gone")
    assert scanned.ids == ("n1",)
    assert scanned.idrefs == (("aria-describedby", "lost"),)
    files = [
        page(
            "articles/a/index.html",
            '<span aria-describedby="lost">d</span><a href="#gone">g</a><a href="../b/">b</a>',
        )
    ]
    assert [code for code, _ in problems(files)] == [
        "missing-fragment",
        "missing-fragment",
        "broken-link",
    ]
