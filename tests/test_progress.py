"""Build progress: a bar with counts on a terminal, nothing in CI, in pipes or with -q."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from builder.cli import main
from builder.pipeline import BuildOptions, build_site
from builder.progress import NoProgress, TerminalProgress, progress_for
from tests.support.sites import MakeSite


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    """Time that moves one second per reading: every item is 'slow'."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def test_bar_counts_items_and_clears_its_line() -> None:
    screen = FakeTerminal()
    progress = TerminalProgress(screen, delay=0.0, clock=Clock())
    assert list(progress.track("Annotating", ["a", "b", "c", "d"])) == ["a", "b", "c", "d"]
    frames = screen.getvalue().split("\r")
    assert frames[1:5] == [
        f"Annotating [{'#' * 7}{' ' * 23}] 1/4",
        f"Annotating [{'#' * 15}{' ' * 15}] 2/4",
        f"Annotating [{'#' * 22}{' ' * 8}] 3/4",
        f"Annotating [{'#' * 30}] 4/4",
    ]
    assert frames[-1] == "\x1b[K"


def test_short_builds_draw_nothing() -> None:
    screen = FakeTerminal()
    progress = TerminalProgress(screen, delay=3600)
    assert list(progress.track("Rendering", range(1000))) == list(range(1000))
    assert screen.getvalue() == ""


@pytest.mark.parametrize(
    ("tty", "quiet", "env", "shown"),
    [
        (True, False, {}, True),
        (True, False, {"CI": "true"}, False),
        (True, False, {"CI": "1"}, False),
        (True, False, {"CI": "false"}, True),
        (True, False, {"TERM": "dumb"}, False),
        (True, True, {}, False),
        (False, False, {}, False),
    ],
)
def test_progress_only_on_an_interactive_terminal(
    tty: bool, quiet: bool, env: dict[str, str], shown: bool
) -> None:
    stream = FakeTerminal() if tty else io.StringIO()
    chosen = progress_for(stream, quiet=quiet, env=env)
    assert isinstance(chosen, TerminalProgress if shown else NoProgress)


def test_a_build_reports_every_article(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({f"content/articles/a{n}.md": f"Article {n}.\n" for n in range(12)})
    screen = FakeTerminal()
    progress = TerminalProgress(screen, 0.0, Clock())
    build_site(site, tmp_path / "out", BuildOptions(progress=progress))
    shown = screen.getvalue()
    assert "Annotating [" in shown and "] 12/12" in shown


def test_cli_build_in_a_pipe_prints_no_progress(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({"content/articles/a.md": "Text.\n"})
    assert main(["build", "--site", str(site)]) == 0
    captured = capsys.readouterr()
    assert "\r" not in captured.err and "[" not in captured.out
