"""Time `import PAGE.html` on a generated saved page of about 2 MB.

    python bench/import_page.py                 # a 2 MB page of each shape, 5 runs
    python bench/import_page.py --mb 4 --runs 3 --shape dense

The page has the shape of a large news page saved from a browser: a JSON state blob
and bundled scripts, inline styles and SVG icons, a mega-menu of links, an article of
some 3,000 words with headings, lists, quotes and links, related-story cards, a comment
thread and a footer. `scripted` pages (the usual shape of a heavy page) get their weight
from the state blob, with 40 comments; `dense` pages from the comment thread (about
27,000 elements in 2 MB, cut before parsing); `long` pages from the article itself
(some 2,500 paragraphs with links and emphasis, like a long encyclopedia entry, which
must all be parsed). Each run times reading the page in-process
(`read_html_page`: decode, parse, metadata, boilerplate, density, Markdown, with the
command's garbage-collector thresholds) and a whole `python -m builder import` process
into a scratch site, by the clock and by the CPU time it used (user + system: on a
machine that other work keeps busy, the wall time says more about the machine); the
table shows medians. The builder is compiled to bytecode first, as bench/run.py does.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from builder.cli import GC_THRESHOLDS  # noqa: E402
from builder.commands.import_html import read_html_page  # noqa: E402

WORDS = (
    "the council said harbour flood wall repairs would cost more than expected and that "
    "residents along the quay had been told to prepare for another surge before autumn while "
    "engineers measured the damage insurers counted claims and shopkeepers waited"
).split()


SHAPES = ("scripted", "dense", "long")


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    text = " ".join(sentence(rng, rng.randint(8, 22)) for _ in range(rng.randint(3, 6)))
    words = text.split(" ")
    at = rng.randrange(len(words) - 3)
    words[at] = f'<a href="https://example.org/{at}">{words[at]}</a>'
    words[at + 2] = f"<em>{words[at + 2]}</em>"
    return "<p>" + " ".join(words) + "</p>"


def make_page(target_bytes: int, shape: str = "dense", seed: int = 1) -> str:
    rng = random.Random(seed)
    # About 90 bytes a story in the state blob: a scripted page's weight is mostly there.
    stories = target_bytes // 85 if shape == "scripted" else 3000
    state = {"articles": [{"id": i, "title": sentence(rng, 8)} for i in range(stories)]}
    icon = '<svg viewBox="0 0 24 24"><path d="M12 2L2 7l10 5 10-5-10-5z"/></svg>'
    head = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<title>Harbour towns count the cost | The Courier</title>",
        '<meta property="og:title" content="Harbour towns count the cost">',
        '<meta property="og:site_name" content="The Courier">',
        '<script type="application/ld+json">'
        + json.dumps(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": "Harbour towns count the cost",
                "datePublished": "2024-04-11T06:30:00Z",
                "author": {"@type": "Person", "name": "Maria Okafor"},
            }
        )
        + "</script>",
        "<style>" + ".c{color:red}\n" * 4000 + "</style>",
        "<script>window.__STATE__=" + json.dumps(state) + "</script></head><body>",
    ]
    nav = ['<header><nav class="mega-menu"><ul>']
    for i in range(400):
        link = f'<a href="/s/{i}">{icon}<span>Section {i}</span></a>'
        nav.append(f'<li class="menu-item">{link}</li>')
    nav.append("</ul></nav></header>")
    article = ['<main><article><h1>Harbour towns count the cost</h1><div class="article-body">']
    for i in range(60 if shape != "long" else 10**9):
        if shape == "long" and sum(map(len, article)) > target_bytes - 200_000:
            break
        article.append(paragraph(rng))
        if i % 12 == 5:
            article.append(f"<h2>{sentence(rng, 5)}</h2>")
        if i % 15 == 7:
            items = "".join(f"<li>{sentence(rng, 9)}</li>" for _ in range(4))
            article.append(f"<ul>{items}</ul><blockquote><p>{sentence(rng, 14)}</p></blockquote>")
        if i % 10 == 3:
            article.append('<div class="ad-slot"><span>Advertisement</span></div>')
    article.append("</div></article>")
    tail = ['<section class="related">']
    for i in range(50):
        link = f'<a href="/r/{i}">{icon}{sentence(rng, 9)}</a>'
        tail.append(f'<article class="card">{link}</article>')
    tail.append('</section><section id="comments" class="comments">')
    page = "".join(head + nav + article + tail)
    n = 0
    comments = []
    while len(page) + sum(map(len, comments)) < target_bytes - 2000 and (
        shape == "dense" or n < 40 and shape == "scripted"
    ):
        comments.append(
            f'<div class="comment" id="c{n}"><div class="comment-meta"><span class="author">'
            f'reader{n}</span>{icon}</div><div class="comment-body"><p>{sentence(rng, 30)}</p>'
            f'</div><div class="comment-actions"><button>Reply</button></div></div>'
        )
        n += 1
    footer = '</section></main><footer class="site-footer"><p>© The Courier</p></footer>'
    return page + "".join(comments) + footer + "</body></html>"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0, help="page size in MB (default 2)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--shape", choices=SHAPES, action="append")
    args = parser.parse_args()
    # As bench/run.py: a user's builder runs from bytecode; where PYTHONDONTWRITEBYTECODE
    # is set, each timed process would otherwise compile the modules it imports (0.04 s).
    compileall.compile_dir(REPO / "builder", quiet=1)
    gc.set_threshold(*GC_THRESHOLDS)
    for shape in args.shape or SHAPES:
        page = make_page(int(args.mb * 1024 * 1024), shape).encode("utf-8")
        time_page(page, shape, args.runs)


def time_page(page: bytes, shape: str, runs: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="import-bench-"))
    try:
        source = work / "page.html"
        source.write_bytes(page)
        in_process, whole, cpu = [], [], []
        for run in range(runs):
            started = time.perf_counter()
            read_html_page(page, str(source))
            in_process.append(time.perf_counter() - started)
            site = work / f"site{run}"
            (site / "content" / "articles").mkdir(parents=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "builder", "import", str(source), "--site", str(site)],
                cwd=REPO,
                check=True,
                capture_output=True,
            )
            whole.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        print(f"{shape} page: {len(page) / 1024 / 1024:.2f} MB, {runs} runs (medians)")
        print(f"  read_html_page (in process):       {statistics.median(in_process):.3f} s")
        print(
            f"  python -m builder import (process): {statistics.median(whole):.3f} s, "
            f"CPU {statistics.median(cpu):.3f} s"
        )
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
