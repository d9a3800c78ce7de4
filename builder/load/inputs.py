"""Read the whole site: settings, articles, glossary and which sidecars exist.

`load_inputs` is the read stage in one call. It reports every input problem it can
find before anything else runs (the sidecars themselves are read with their articles,
in the per-article stage).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from builder.diagnostics import Diagnostics
from builder.incremental.memo import NO_MEMO, Memo
from builder.load.annotations import sidecar_paths
from builder.load.articles import Article, load_articles
from builder.load.config import SiteConfig, load_config, normalize_base_url, read_source_date_epoch
from builder.load.files import check_symlinks
from builder.load.glossary import Glossary, load_glossary
from builder.load.taxonomy import check_taxonomy
from builder.site import LAYOUTS_DIR

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything the build read before the per-article stage."""

    site_dir: Path
    config: SiteConfig
    articles: Sequence[Article]
    """In the site's order: by `order`, then date, then slug."""
    glossary: Glossary
    sidecars: dict[str, str]
    """Article slug -> its sidecar's path (articles without one have none)."""


def load_inputs(
    site_dir: Path, base_url: str | None, diags: Diagnostics, memo: Memo = NO_MEMO
) -> Inputs:
    """Read the site's settings, articles and glossary; stop on any problem found.

    `base_url` replaces site.yaml's (build --base-url).
    """
    for folder in ("content", LAYOUTS_DIR):
        check_symlinks(site_dir, folder, diags)  # before anything reads through them
    config = load_config(site_dir, diags)
    epoch = read_source_date_epoch(diags)
    diags.raise_if_errors()
    assert config is not None
    config = replace(config, source_epoch=epoch)
    if base_url is not None:
        config = replace(config, base_url=normalize_base_url(base_url))
    articles = load_articles(site_dir, diags, memo)
    check_taxonomy(articles, diags)
    glossary = load_glossary(site_dir, diags, memo)
    sidecars = sidecar_paths(site_dir, {a.slug for a in articles}, diags)
    return Inputs(site_dir, config, tuple(articles), glossary, sidecars)
