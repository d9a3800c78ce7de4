"""The floor: Python-Markdown with footnotes and one Jinja template, one process, nothing else.

`python bench/floor.py CORPUS OUT` converts CORPUS/floor/*.md (written by bench/corpus.py:
the same articles, with their notes as Markdown footnotes) into OUT/<slug>/index.html.
This is the least any Python-Markdown site generator can do with the same text; the
runner reports the builder's time as a ratio to it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import markdown
from markupsafe import Markup

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><article>{{ body }}</article></main></body>
</html>
"""


def main() -> None:
    corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    md = markdown.Markdown(extensions=["footnotes"])
    for path in sorted((corpus / "floor").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        title = text.split("\n", 1)[0].lstrip("# ")
        body = md.reset().convert(text)
        page = out / path.stem / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(template.render(title=title, body=Markup(body)))


if __name__ == "__main__":
    main()
