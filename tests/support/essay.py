"""The essay site: an article with its author's own footnotes (`[^1]`) and the edition's
annotations both, one of them quoting a sentence inside an author's note.

Its notes are written out of order, one is referred to twice, one (in a link's text)
refers from inside a link, and one is referred to only from another note, so the
numbering, the back-links and the no-link-in-a-link rule are all exercised.
"""

from __future__ import annotations

SLUG = "essay"
ARTICLE_PATH = f"content/articles/{SLUG}.md"
SIDECAR_PATH = f"content/articles/{SLUG}.annotations.yaml"

ARTICLE = """\
---
title: On Harbours
author: A. Writer
date: 2024-05-01
---
Harbours grew with the trade that used them.[^trade] The oldest quays were built
of timber,[^timber] and the first stone piers came later.

## Stone and silt

Stone lasted, but the [silt that stone piers trapped[^trade]][silt] filled the basins.
Dredging became a permanent cost.

[silt]: https://example.org/silt

[^timber]: Oak, mostly, driven into the mud as piles.

    Some of those piles survive under later quays.[^piles]

[^trade]: The grain trade above all: a harbour that lost it lost its town.
[^piles]: They were found when the docks were rebuilt in 1960.
"""

SIDECAR = """\
annotations:
  - id: grain
    kind: footnote
    quote: "The grain trade above all"
    note: The edition's note on the author's note.
  - id: dredging
    kind: fact
    quote: Dredging became a permanent cost
    note: Port accounts show it.
    verdict: accurate
    sources:
      - {title: Port accounts, url: "https://example.org/accounts"}
  - id: quays
    kind: footnote
    quote: oldest quays
    note: The edition's own numbered note.
"""

FILES = {ARTICLE_PATH: ARTICLE, SIDECAR_PATH: SIDECAR}
"""The essay site's files, for `make_site`."""
