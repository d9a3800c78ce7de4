"""site.yaml -> SiteConfig.

The site configuration names the edition and sets site-wide behaviour: the
glossary auto-linking mode and the fact-check verdict scale.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal, cast
from urllib.parse import quote, urlsplit

from builder.diagnostics import Diagnostics, SourceLocation
from builder.load.repository import REPOSITORY_FIELD, Repository, load_repository
from builder.load.schema import Field, check_mapping, url_problem
from builder.load.strings import Strings, language_problem
from builder.load.strings_files import english_strings, load_strings
from builder.load.yamlio import read_yaml_file
from builder.site import CONFIG_FILE

log = logging.getLogger(__name__)


DEFAULT_VERDICTS: dict[str, str] = {
    "accurate": "Accurate",
    "mostly-accurate": "Mostly accurate",
    "misleading": "Misleading",
    "inaccurate": "Inaccurate",
    "unverifiable": "Unverifiable",
}

HOME_LATEST = 20
"""How many articles the home page lists when site.yaml does not say (`home: {latest: N}`)."""

AutoLink = Literal["first", "all", "none"]

SITE_FIELDS: tuple[Field, ...] = (
    Field("title", "text", required=True, help="the edition's name"),
    Field("description", "text", help="one sentence shown on the home page"),
    Field(
        "language",
        "text",
        help="BCP 47 language tag of the edition: its interface strings, dates and direction",
        default="en",
    ),
    Field(
        "base_url", "url", help="absolute URL where the site will live", schemes=("http", "https")
    ),
    Field(
        "glossary",
        "mapping",
        help="glossary settings",
        fields=(
            Field(
                "auto_link",
                "choice",
                choices=("first", "all", "none"),
                help="link the first occurrence of each term in an article, all, or none",
            ),
        ),
    ),
    Field(
        "home",
        "mapping",
        help="home page settings",
        fields=(
            Field(
                "latest",
                "int",
                help=f"how many of the newest articles the home lists ({HOME_LATEST} if unset)",
            ),
        ),
    ),
    Field("verdicts", "text-map", help="fact verdict ids mapped to labels, in scale order"),
    Field(
        "license",
        "mapping",
        help="the licence of the edition's annotations and glossary, shown in every footer",
        fields=(
            Field("name", "text", required=True, help="the licence's name, e.g. CC BY 4.0"),
            Field("url", "url", help="the licence's address"),
        ),
    ),
    Field(
        "epub",
        "bool",
        help="build also writes the edition as an EPUB 3 e-book, linked from the home page",
        default=False,
    ),
    REPOSITORY_FIELD,
)


@dataclass(frozen=True, slots=True)
class SiteConfig:
    site_dir: Path
    title: str
    description: str = ""
    language: str = "en"
    base_url: str = ""
    auto_link: AutoLink = "first"
    home_latest: int = HOME_LATEST
    """How many of the newest articles the home page lists (the archive lists them all)."""
    verdicts: tuple[tuple[str, str], ...] = tuple(DEFAULT_VERDICTS.items())
    """(id, label) pairs from most to least accurate."""
    license_name: str = ""
    """The licence of the annotations and glossary ('' when site.yaml names none)."""
    license_url: str = ""
    repository: Repository | None = None
    """Where the site's files are on a forge: notes link to their source line ('Edit')."""
    epub: bool = False
    """`build` also writes the EPUB (`public/<slug>.epub`) and the home page links to it."""
    source_epoch: int | None = None
    """SOURCE_DATE_EPOCH, when set: every written file's time, and the date of undated pages."""
    strings: Strings = field(default_factory=english_strings)
    """Every word the reader sees around the text, in `language` (layouts/strings/)."""

    @property
    def source_date(self) -> date | None:
        """Return the day SOURCE_DATE_EPOCH names, or None when it is unset."""
        if self.source_epoch is None:
            return None
        return datetime.fromtimestamp(self.source_epoch, tz=UTC).date()

    @property
    def verdict_labels(self) -> dict[str, str]:
        return dict(self.verdicts)

    def absolute_url(self, path: str = "") -> str:
        """Return `base_url` joined with a path inside the site, or '' when there is no base_url
        (the path percent-encoded: a tag's page may be `tags/économie/`)."""
        return f"{self.base_url}{quote(path, safe='/')}" if self.base_url else ""

    def page_url(self, path: str) -> str:
        """Return a page's absolute URL in directory form (…/articles/x/, not …/index.html)."""
        if path == "index.html" or path.endswith("/index.html"):
            path = path[: -len("index.html")]
        return self.absolute_url(path)


def read_source_date_epoch(diags: Diagnostics) -> int | None:
    """Read SOURCE_DATE_EPOCH (reproducible-builds.org); report a malformed value.

    The one reader of the variable: `build` and `check` both call it, so both refuse
    the same values; the value then travels in `SiteConfig.source_epoch`.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    if not value.strip().isdigit():
        diags.error(
            SourceLocation("SOURCE_DATE_EPOCH"),
            "bad-environment",
            f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {value!r}",
            "set it to e.g. $(git log -1 --format=%ct), or unset it",
        )
        return None
    return int(value)


def normalize_base_url(value: str) -> str:
    """Give a base URL the trailing slash that relative paths are joined to."""
    value = value.strip()
    return value if not value or value.endswith("/") else f"{value}/"


def base_url_problem(value: str) -> str:
    """Say what is wrong with a base URL for `build --base-url`, or return ''."""
    problem = url_problem(value, ("http", "https"))
    if not problem and (urlsplit(value).query or urlsplit(value).fragment):
        problem = "has a query or fragment"
    return problem


def load_config(site_dir: Path, diags: Diagnostics) -> SiteConfig | None:
    """Read and validate site.yaml; None when it is missing or broken (reported)."""
    if not (site_dir / CONFIG_FILE).is_file():
        if (site_dir / "site.yml").is_file():  # read only under its one name: see docs
            diags.error(
                SourceLocation("site.yml"),
                "missing-config",
                f"the configuration must be named {CONFIG_FILE}, not site.yml",
                f"rename site.yml to {CONFIG_FILE}",
            )
            return None
        diags.error(
            SourceLocation(CONFIG_FILE),
            "missing-config",
            f"no {CONFIG_FILE} in {site_dir}",
            "run the command in the site folder or pass --site DIR",
        )
        return None
    node = read_yaml_file(site_dir, CONFIG_FILE, diags)
    if node is None:
        return None
    checked = check_mapping(node, SITE_FIELDS, diags, CONFIG_FILE)
    if checked is None or "title" not in checked.values:
        return None
    values = checked.values
    glossary = values.get("glossary")
    auto_link = "first"
    if glossary is not None and "auto_link" in glossary.values:
        auto_link = glossary.values["auto_link"]
    language = values["language"].strip()
    problem = language_problem(language)
    if problem:
        diags.error(
            checked.loc("language"),
            "bad-language",
            f"{problem} (language)",
            "write a BCP 47 tag such as en, fr, de-CH, pt-BR or ar",
        )
        return None
    strings = load_strings(site_dir, language, checked.loc("language"), diags)
    # The site's own verdict labels are its words; the default scale is in its language.
    verdicts = values.get("verdicts") or {
        verdict: strings.get(f"verdict.{verdict}", label)
        for verdict, label in DEFAULT_VERDICTS.items()
    }
    home = values["home"].values if "home" in values else {}
    license = values["license"].values if "license" in values else {}
    repository = load_repository(values["repository"], diags) if "repository" in values else None
    return SiteConfig(
        site_dir=site_dir,
        title=values["title"].strip(),
        description=values.get("description", "").strip(),
        language=language,
        base_url=normalize_base_url(values.get("base_url", "")),
        auto_link=cast(AutoLink, auto_link),
        home_latest=home.get("latest", HOME_LATEST),
        verdicts=tuple(verdicts.items()),
        license_name=license.get("name", "").strip(),
        license_url=license.get("url", ""),
        epub=bool(values.get("epub", False)),
        repository=repository,
        strings=strings,
    )
