"""What an article page's "suggest a note" panel needs (layouts/partials/suggest.html).

The panel itself runs in the reader's browser (layouts/static/suggest.js); the page
gives it the sidecar the entry goes in, the indentation of that sidecar's list, the
forge's addresses (with `repository` in site.yaml) and the choices of the entry's
fields: the site's verdicts and the glossary terms the article uses.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from builder.anchor.annotate import AnnotatedArticle
from builder.diagnostics import field_location
from builder.load.config import SiteConfig
from builder.site import sidecar_of

log = logging.getLogger(__name__)

NEW_LIST_INDENT = 2
"""The columns before each `- id:` in a sidecar made by `new article` and `import`."""


@dataclass(frozen=True, slots=True)
class SuggestPanel:
    sidecar: str
    """The article's sidecar, relative to the site folder (the one it has, else the one
    `new article` would make)."""
    indent: int
    """Columns before the dash of each entry in that sidecar's `annotations:` list."""
    edit_url: str
    """The sidecar in the forge's web editor; '' without `repository`."""
    issue_url: str
    """A new issue's address with `{title}` and `{body}` for the script; '' without one."""
    verdicts: tuple[tuple[str, str], ...]
    terms: tuple[str, ...]
    """The glossary terms the article uses, first the ones it uses most."""


def suggest_panel(config: SiteConfig, item: AnnotatedArticle) -> SuggestPanel:
    """The panel's settings for one annotated article."""
    sidecar, indent = sidecar_of(item.article.path)[0], NEW_LIST_INDENT
    for note in item.notes:
        if not getattr(note.annotation, "automatic", False):
            entry = field_location(note.annotation.locations, "entry", note.annotation.location)
            sidecar, indent = entry.path, max(0, (entry.column or 3) - 3)  # `- ` then `id`
            break
    uses: dict[str, int] = {}
    for use in item.term_uses:
        uses[use.term] = uses.get(use.term, 0) + 1
    repository = config.repository
    return SuggestPanel(
        sidecar,
        indent,
        repository.edit_url(sidecar) if repository else "",
        repository.new_issue_url() if repository else "",
        config.verdicts,
        tuple(sorted(uses, key=lambda term: (-uses[term], term))),
    )
