"""A small site with every note kind, notes nested in others, a term link, a link between
articles and non-ASCII text: what the EPUB tests build (tests/test_epub.py)."""

from __future__ import annotations

FILES = {
    "site.yaml": """\
        title: Éditions d’été — «Notes»
        language: fr
        base_url: https://example.org/ete/
        epub: true
        """,
    "content/articles/premier.md": """\
        ---
        title: Le premier article & ses notes
        author: Zoë Dupré
        date: 2024-05-01
        source:
          name: Le Monde d’hier
          url: https://example.org/monde/premier
        order: 1
        ---
        La banque centrale a relevé *les taux d’intérêt* à Zürich, dit-on.

        L’inflation a baissé en mars. Voir aussi [le second](../second/index.html).

        Une ligne<br>coupée & un café.
        """,
    "content/articles/premier.annotations.yaml": """\
        annotations:
          - id: releve
            kind: footnote
            quote: a relevé les taux d’intérêt à Zürich
            note: >-
              Une note avec *emphase*, un lien [externe](https://example.org/a?b=1&c=2)
              et &eacute; <br> fin.
          - id: taux
            kind: fact
            quote: les taux d’intérêt
            verdict: mostly-accurate
            note: Vérifié auprès de la banque.
            sources:
              - {title: "Communiqué « officiel »", url: "https://example.org/communique"}
              - {title: Autre source, url: "https://example.org/autre"}
          - id: zurich
            kind: context
            quote: Zürich
            url: https://example.org/zurich
            title: Zürich (ville)
            note: Ville de Suisse.
          - id: inflation
            kind: term
            quote: L’inflation
            term: inflation
        """,
    "content/articles/second.md": """\
        ---
        title: Second
        author: Ōe Kenzaburō
        date: 2024-06-02
        order: 2
        ---
        L’inflation revient. Un contexte sans note.
        """,
    "content/articles/second.annotations.yaml": """\
        annotations:
          - id: contexte
            kind: context
            quote: Un contexte sans note
            url: https://example.org/contexte
        """,
    "content/glossary/inflation.yaml": """\
        term: Inflation
        definition: "Hausse générale des prix, voir [la page](https://example.org/inflation)."
        aliases: [inflation]
        """,
}
"""For `make_site`: every note kind, a footnote and a context link inside a fact check's
quote, entities and a line break in a note, and accented names."""
