"""Shared fixtures: sites written inside the test, and the bundled edition built once; the
`--update-golden` option. Helpers live in tests/support/."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from builder.cli import main
from builder.pipeline import BuildOptions, BuildResult, build_site
from tests.support import rates
from tests.support.hosting import static_host
from tests.support.sites import REPO, MakeSite, write_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the current build instead of comparing with it",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites the golden copies (`pytest --update-golden`)."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """Write a site from {relative path: dedented text}; layouts come from the repo."""
    return partial(write_site, tmp_path / "site")


@pytest.fixture
def built_site(make_site: MakeSite) -> Path:
    """The rates site (tests/support/rates.py), built: the diagnostics tests break it."""
    site = make_site(rates.FILES)
    assert main(["build", "--site", str(site), "-q"]) == 0
    return site


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The repository's own edition, built once into a temporary folder."""
    out = tmp_path_factory.mktemp("bundled") / "public"
    return out, build_site(REPO, out)


@pytest.fixture(scope="session")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The bundled edition built for, and served from, http://127.0.0.1:PORT/edition/."""
    out = tmp_path_factory.mktemp("hosted") / "public"
    with static_host(out, "/edition/") as url:
        build_site(REPO, out, BuildOptions(base_url=url))
        yield url, out


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, one per test module (tests/support/browser.py), imported only
    by the tests that use it."""
    from tests.support.browser import chromium

    with chromium() as launched:
        yield launched
