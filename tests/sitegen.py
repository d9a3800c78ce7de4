"""Generate a large, valid site: many articles with annotations of every kind and a glossary.

Used by the kill test and for measuring build costs:
`python -m tests.sitegen OUT --articles 1000 --words 1500 --annotations 20`.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they you were her she there one all we their been has when who will "
    "more no if out so said what up its about into than them can only other new some time "
    "could these two may first then do any like my now over such our man me even most made "
    "after also did many before must through back years where much your way well down should "
    "because each just those people how too little state good very make world still own see"
).split()
VERDICTS = ("accurate", "mostly-accurate", "misleading", "inaccurate", "unverifiable")


def generate_site(
    root: Path, articles: int = 50, words: int = 1500, annotations: int = 20, terms: int = 40
) -> Path:
    """Write a site with `articles` articles into `root`; return `root`."""
    rng = random.Random(1)
    (root / "content/articles").mkdir(parents=True, exist_ok=True)
    (root / "content/glossary").mkdir(parents=True, exist_ok=True)
    if not (root / "layouts").exists():
        shutil.copytree(REPO / "layouts", root / "layouts")
    (root / "site.yaml").write_text("title: Generated Edition\ndescription: Many articles.\n")
    term_ids = [f"term{t}" for t in range(terms)]
    for term in term_ids:
        (root / f"content/glossary/{term}.yaml").write_text(
            f"term: Zq{term}\ndefinition: The *{term}* of the generated glossary.\n"
        )
    for n in range(articles):
        _write_article(root, n, words, annotations, term_ids, rng)
    return root


def _write_article(
    root: Path, n: int, words: int, annotations: int, term_ids: list[str], rng: random.Random
) -> None:
    sentences: list[str] = []
    count = 0
    while count < words:
        length = rng.randint(8, 24)
        body = [rng.choice(WORDS) for _ in range(length)]
        body[0] = f"S{len(sentences)}x{n}"  # a word no other sentence has: quotes are unique
        if rng.random() < 0.3:
            i = rng.randrange(1, length)
            body[i] = f"*{body[i]}*"
        if rng.random() < 0.1:
            body.append(f"Zq{rng.choice(term_ids)}")
        sentences.append(" ".join(body) + ".")
        count += length
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    text = "\n\n".join(paragraphs)
    (root / f"content/articles/a{n:04d}.md").write_text(
        f"---\ntitle: Article {n}\nauthor: Writer {n % 7}\ndate: 2013-04-{1 + n % 28:02d}\n"
        f"summary: Article number {n}.\n---\n{text}\n"
    )
    chosen = rng.sample(range(len(sentences)), min(annotations, len(sentences)))
    entries = []
    for k, s in enumerate(sorted(chosen)):
        quote = " ".join(w.strip("*.") for w in sentences[s].split()[:4])
        kind = ("footnote", "context", "fact", "term")[k % 4]
        entry = f"  - id: n{k}\n    kind: {kind}\n    quote: {quote}\n"
        if kind == "footnote":
            entry += f"    note: Footnote {k} with a [link](https://example.org/{k}).\n"
        elif kind == "context":
            entry += f"    url: https://example.org/context/{k}\n    title: Context {k}\n"
        elif kind == "fact":
            entry += (
                f"    note: Checked against **two** sources.\n    verdict: {VERDICTS[k % 5]}\n"
                f"    sources:\n      - {{title: Source {k}, url: 'https://example.org/s/{k}'}}\n"
            )
        else:
            entry += f"    term: {rng.choice(term_ids)}\n"
        entries.append(entry)
    (root / f"content/articles/a{n:04d}.annotations.yaml").write_text(
        "annotations:\n" + "".join(entries)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=1500)
    parser.add_argument("--annotations", type=int, default=20)
    args = parser.parse_args()
    generate_site(args.out, args.articles, args.words, args.annotations)


if __name__ == "__main__":
    main()
