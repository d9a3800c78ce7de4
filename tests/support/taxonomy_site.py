"""A small realistic site for tags, series and the archive: eight articles over three years
(one undated), five tags (two of them not in Latin letters), a series of three parts
written out of order, glossary terms used across articles; for `make_site`."""

from __future__ import annotations


def _article(title: str, date: str, tags: list[str], body: str, series: str = "") -> str:
    lines = ["---", f"title: {title}"]
    if date:
        lines.append(f"date: {date}")
    if tags:
        lines.append("tags: [" + ", ".join(f'"{t}"' for t in tags) + "]")
    if series:
        lines.append(f"series: {series}")
    lines.append("summary: " + body.split(".")[0] + ".")
    return "\n".join([*lines, "---", "", body, ""])


ARTICLES = {
    "rates-rise": _article(
        "Rates rise again",
        "2024-03-02",
        ["Économie", "Central banks"],
        "The central bank raised interest rates. Inflation had risen for a year.",
        "{name: The Rate Cycle, part: 1}",
    ),
    "rates-hold": _article(
        "Rates hold",
        "2025-06-10",
        ["Économie", "Central banks"],
        "Rates stayed where they were. Inflation slowed in the spring.",
        "{name: The Rate Cycle, part: 2}",
    ),
    "rates-fall": _article(
        "Rates fall at last",
        "2026-01-20",
        ["Économie", "الاقتصاد"],
        "The central bank cut rates. Inflation was back near its target.",
        "{name: The Rate Cycle, part: 3}",
    ),
    "trade-deal": _article(
        "A trade deal",
        "2025-02-14",
        ["Trade", "Économie"],
        "Two countries signed a trade deal. Tariffs will fall over ten years.",
    ),
    "ports": _article(
        "Busy ports",
        "2025-11-30",
        ["Trade"],
        "The ports were busier than ever. Inflation in shipping costs eased.\n\n"
        "Inflation in fuel rose. Inflation in wages held. Inflation in rents fell.\n\n"
        "Inflation, they said, would not last.",
    ),
    "souk": _article(
        "The old market",
        "2024-09-09",
        ["الاقتصاد", "Trade"],
        "The old market reopened. Traders said prices had doubled.",
    ),
    "elections": _article(
        "An election year",
        "2026-04-01",
        ["Politics"],
        "Voters go to the polls in the autumn. Inflation is the main issue.",
    ),
    "notes-undated": _article(
        "Notes on method",
        "",
        [],
        "How this edition chooses its articles. Nothing here is dated.",
    ),
}

GLOSSARY = {
    "content/glossary/inflation.yaml": "term: Inflation\ndefinition: A general rise in prices.\n",
    "content/glossary/tariff.yaml": (
        "term: Tariff\naliases: [Tariffs]\ndefinition: A tax on imports.\n"
    ),
    "content/glossary/interest-rate.yaml": (
        "term: Interest rate\naliases: [interest rates, rates]\n"
        "definition: The price of borrowing money.\n"
    ),
}

SIDECAR = "content/articles/rates-hold.annotations.yaml"
FILES: dict[str, str | bytes] = {
    **{f"content/articles/{slug}.md": text for slug, text in ARTICLES.items()},
    **GLOSSARY,
    SIDECAR: (
        "annotations:\n  - id: stayed\n    kind: footnote\n"
        "    quote: stayed where they were\n    note: For the third meeting running.\n"
    ),
}

SITE_YAML = (
    "title: Taxonomy Edition\ndescription: Articles by tag, series and year.\n"
    "base_url: https://example.org/tx/\nhome: {latest: 5}\nglossary: {auto_link: all}\n"
)
TAGS = {"Économie": 4, "Central banks": 2, "الاقتصاد": 2, "Trade": 3, "Politics": 1}
SERIES_ORDER = ["rates-rise", "rates-hold", "rates-fall"]
INFLATION_IN_PORTS = 5
"""How many times the `ports` article uses the term Inflation (`auto_link: all`)."""
