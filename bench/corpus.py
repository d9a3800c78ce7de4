"""Write a deterministic benchmark edition: N articles, their sidecars and a glossary.

`python bench/corpus.py DIR --articles 1000 --words 1500 --annotations 20 --terms 200`
writes a complete site (site.yaml, the repository's layouts, content/) into DIR, plus
DIR/floor/, the same articles as plain Markdown with their notes as Markdown footnotes,
for the floor measurement (bench/floor.py). The same arguments and seed always give
the same bytes. `--corpus` chooses the kind of content:

- `generated` (the default): invented words with dense inline markup (emphasis, strong,
  links) and notes of 20-50 words, each with emphasis and a link;
- `light`: the same generator with almost no emphasis, strong or links, and short plain
  notes (5-12 words);
- `realistic`: N copies of the bundled article (content/ of this repository) with its
  real sidecar and the real glossary, each copy with its own slug and title: real prose,
  75 real notes per article, every glossary term in every article.

It is also the tests' generator of large sites (`from bench.corpus import generate`):
the kill test in tests/test_output.py, tests/test_parallel.py, tests/test_incremental.py.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from builder.anchor.anchoring import Span, TextIndex, find_all, find_quote, normalize_quote  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
KINDS = ("footnote", "footnote", "footnote", "context", "fact", "term")
VERDICTS = ("accurate", "mostly-accurate", "misleading", "inaccurate", "unverifiable")
FUNCTION_WORDS = "the of and to in a that for on with as by at from was is it".split()
SYLLABLES = "ba be bi bo bu da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no "
SYLLABLES += "pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi vo"
TERM_SYLLABLES = "zar zen zil zor zu xan xel"  # never in ordinary words: no accidental matches


@dataclass(slots=True)
class Term:
    id: str
    term: str
    aliases: list[str]


@dataclass(slots=True)
class Block:
    """One block of an article: its Markdown and the text a reader sees."""

    markdown: str
    visible: str
    kind: str  # "p", "h", "li"
    words: list[str] = field(default_factory=list)
    """The reader-visible words of a paragraph, for picking quotes."""


def _words(rng: random.Random, syllables: list[str], count: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        word = "".join(rng.choice(syllables) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))
        if word not in seen and word not in FUNCTION_WORDS:
            seen.add(word)
            out.append(word)
    return out


def make_terms(rng: random.Random, count: int) -> list[Term]:
    """Glossary terms: multi-word phrases (any case) and acronyms (exact case)."""
    pieces = _words(rng, TERM_SYLLABLES.split() + SYLLABLES.split(), count * 3)
    pieces = [p for p in pieces if re.search("z|x", p)]
    terms: list[Term] = []
    used: set[str] = set()
    i = 0
    while len(terms) < count:
        head = pieces[i % len(pieces)]
        tail = pieces[(i * 7 + 3) % len(pieces)]
        i += 1
        if rng.random() < 0.15:
            name = (head[:2] + tail[:2]).upper()
        elif rng.random() < 0.5:
            name = head.capitalize()
        else:
            name = f"{head.capitalize()} {tail}"
        key = name.casefold()
        if key in used:
            continue
        used.add(key)
        aliases = []
        if not name.isupper() and rng.random() < 0.3:
            alias = f"{name} {rng.choice(('accord', 'process', 'effect', 'doctrine'))}"
            if alias.casefold() not in used:
                used.add(alias.casefold())
                aliases.append(alias)
        slug = re.sub(r"[^a-z0-9]+", "-", key).strip("-")
        terms.append(Term(f"{slug}-{len(terms)}", name, aliases))
    return terms


def _sentence(rng: random.Random, vocab: list[str], n: int) -> list[str]:
    words = []
    for _ in range(n):
        if rng.random() < 0.3:
            words.append(rng.choice(FUNCTION_WORDS))
        else:  # a skewed choice: a few words are common, as in real text
            words.append(vocab[int(len(vocab) * rng.random() ** 3)])
    return words


def _inline(rng: random.Random, words: list[str], markup: float = 1.0) -> str:
    """Markdown for a run of words with some emphasis and links (`markup` scales how many)."""
    out: list[str] = []
    i = 0
    while i < len(words):
        roll = rng.random()
        if roll < 0.03 * markup and i + 2 <= len(words):
            out.append(f"*{words[i]} {words[i + 1]}*")
            i += 2
        elif roll < 0.04 * markup:
            out.append(f"**{words[i]}**")
            i += 1
        elif roll < 0.055 * markup and i + 3 <= len(words):
            url = f"https://example.org/{words[i]}/{rng.randrange(1000)}"
            out.append(f"[{' '.join(words[i : i + 3])}]({url})")
            i += 3
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def make_blocks(
    rng: random.Random, vocab: list[str], words: int, terms: list[Term], markup: float = 1.0
) -> list[Block]:
    """An article body of about `words` words: headings, paragraphs, lists, glossary terms."""
    blocks: list[Block] = []
    total = 0
    since_heading = 0
    while total < words:
        if since_heading > 300 and rng.random() < 0.5:
            heading = " ".join(_sentence(rng, vocab, 4)).capitalize()
            blocks.append(Block(f"## {heading}", heading, "h"))
            since_heading = 0
            continue
        if rng.random() < 0.12:
            for _ in range(rng.randint(2, 4)):
                item = _sentence(rng, vocab, rng.randint(6, 12))
                blocks.append(Block(f"- {_inline(rng, item, markup)}", " ".join(item), "li"))
                total += len(item)
                since_heading += len(item)
            blocks.append(Block("", "", "gap"))
            continue
        sentences: list[list[str]] = []
        for _ in range(rng.randint(3, 6)):
            sentence = _sentence(rng, vocab, rng.randint(10, 22))
            if terms and rng.random() < 0.35:
                term = rng.choice(terms)
                name = rng.choice([term.term, *term.aliases])
                sentence.insert(rng.randrange(len(sentence)), name)
            sentence[0] = sentence[0].capitalize()
            sentence[-1] += "."
            sentences.append(sentence)
        flat = [w for s in sentences for w in " ".join(s).split(" ")]
        blocks.append(Block(_inline(rng, flat, markup), " ".join(flat), "p", flat))
        total += len(flat)
        since_heading += len(flat)
    return blocks


def _markdown(blocks: list[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if block.kind == "gap":
            continue
        sep = "\n" if block.kind == "li" and parts and parts[-1].startswith("- ") else "\n\n"
        parts.append(sep + block.markdown if parts else block.markdown)
    return "".join(parts) + "\n"


def _text_index(blocks: list[Block]) -> TextIndex:
    """The article's text as the builder's anchoring sees it (one entry per block)."""
    return TextIndex([b.visible for b in blocks if b.kind != "gap"])


def _count(index: TextIndex, quote: str) -> int:
    return len(find_all(index.text, normalize_quote(quote)))


def _unique(index: TextIndex, quote: str, prefix: str = "", suffix: str = "") -> bool:
    """Whether the builder's own anchoring finds exactly one place for the selector."""
    return isinstance(find_quote(index, quote, prefix, suffix), Span)


def pick_annotations(
    rng: random.Random,
    blocks: list[Block],
    count: int,
    terms_in: list[Term],
    vocab: list[str],
    plain_notes: bool = False,
) -> list[dict[str, object]]:
    """Annotations of every kind on real quotes; ambiguous ones get a prefix or suffix."""
    text = _text_index(blocks)
    paragraphs = [b for b in blocks if b.kind == "p" and len(b.words) > 12]
    notes: list[dict[str, object]] = []
    used_quotes: set[str] = set()
    attempts = 0
    while len(notes) < count and attempts < count * 50:
        attempts += 1
        kind = KINDS[len(notes) % len(KINDS)]
        para = rng.choice(paragraphs)
        entry: dict[str, object] = {}
        if kind == "term":
            present = [t for t in terms_in if t.term in para.visible]
            if not present:
                continue
            term = rng.choice(present)
            quote = term.term
            entry = {"kind": "term", "term": term.id}
        else:
            # Short quotes (two words) often repeat: those need a prefix or suffix.
            length = 2 if rng.random() < 0.25 else rng.randint(3, 7)
            start = rng.randrange(0, len(para.words) - length)
            quote = " ".join(para.words[start : start + length])
            entry = {"kind": kind}
        if quote in used_quotes:
            continue
        if _count(text, quote) > 1:
            if not _disambiguate(entry, para, text, quote):
                continue
        used_quotes.add(quote)
        n = len(notes) + 1
        if n % 2:  # half the annotations have an explicit id; the rest get derived ones
            entry = {"id": f"n{n}", **entry}
        entry["quote"] = quote
        note = _plain_note(rng, vocab) if plain_notes else _note(rng, vocab, n)
        if kind == "footnote":
            entry["note"] = note
        elif kind == "context":
            entry["url"] = f"https://example.org/context/{n}"
            entry["title"] = f"Background reading {n}"
            if n % 2:
                entry["note"] = note
        elif kind == "fact":
            entry["verdict"] = VERDICTS[n % len(VERDICTS)]
            entry["note"] = note
            entry["sources"] = [{"title": f"Source {n}", "url": f"https://example.org/src/{n}"}]
        elif n % 3 == 0:
            entry["note"] = note
        notes.append(entry)
    return notes


def _disambiguate(entry: dict[str, object], para: Block, text: TextIndex, quote: str) -> bool:
    """Add a prefix or suffix (words of the same paragraph) that leaves one match.

    Uniqueness is decided by the builder's own `find_quote`: a prefix is compared with
    the text before a match across block boundaries and without caring for the space
    between them, which counting `prefix + " " + quote` in the text got wrong.
    """
    visible = para.visible
    at = visible.find(quote)
    while at != -1:
        before = visible[:at].rstrip().split(" ")[-3:]
        after = visible[at + len(quote) :].lstrip().split(" ")[:3]
        for prefix in (" ".join(before[-k:]) for k in (1, 2, 3)):
            if prefix and _unique(text, quote, prefix=prefix + " "):
                entry["prefix"] = prefix + " "
                return True
        for suffix in (" ".join(after[:k]) for k in (1, 2, 3)):
            if suffix and _unique(text, quote, suffix=" " + suffix):
                entry["suffix"] = " " + suffix
                return True
        at = visible.find(quote, at + 1)
    return False


def _note(rng: random.Random, vocab: list[str], n: int) -> str:
    words = _sentence(rng, vocab, rng.randint(20, 50))
    words[0] = words[0].capitalize()
    middle = len(words) // 2
    words[middle] = f"*{words[middle]}*"
    return " ".join(words) + f". See [the record {n}](https://example.org/record/{n})."


def _plain_note(rng: random.Random, vocab: list[str]) -> str:
    """A short note of plain words: no emphasis, no link."""
    words = _sentence(rng, vocab, rng.randint(5, 12))
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _yaml_str(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings are valid YAML scalars


def sidecar_yaml(entries: list[dict[str, object]]) -> str:
    lines = ["annotations:"]
    for entry in entries:
        first = True
        for key, value in entry.items():
            lead = "  - " if first else "    "
            first = False
            if key == "sources":
                lines.append(f"{lead}sources:")
                for src in value:  # type: ignore[attr-defined]
                    lines.append(f"      - {{title: {_yaml_str(src['title'])}, url: {src['url']}}}")
            elif key == "note":
                lines.append(f"{lead}note: |")
                lines.append(f"      {value}")
            else:
                lines.append(f"{lead}{key}: {_yaml_str(value)}")
    return "\n".join(lines) + "\n"


def glossary_yaml(term: Term, terms: list[Term], rng: random.Random, vocab: list[str]) -> str:
    definition = " ".join(_sentence(rng, vocab, rng.randint(15, 30))).capitalize() + "."
    lines = [f"term: {_yaml_str(term.term)}", "definition: |", f"  {definition}"]
    if term.aliases:
        lines.append("aliases: [" + ", ".join(_yaml_str(a) for a in term.aliases) + "]")
    others = rng.sample(terms, k=min(2, len(terms)))
    see = [t.id for t in others if t.id != term.id]
    if see:
        lines.append("see_also: [" + ", ".join(see) + "]")
    lines.append("links:")
    lines.append(f"  - {{title: Reading on {term.id}, url: https://example.org/g/{term.id}}}")
    return "\n".join(lines) + "\n"


def floor_markdown(blocks: list[Block], notes: list[dict[str, object]]) -> str:
    """The article as plain Markdown with its notes as Markdown footnotes."""
    body = _markdown(blocks).rstrip("\n").split("\n\n")
    defs = []
    for n, entry in enumerate(notes, 1):
        quote = str(entry["quote"])
        for i, part in enumerate(body):
            if quote in part:
                body[i] = part.replace(quote, f"{quote}[^{n}]", 1)
                break
        else:
            body[-1] += f"[^{n}]"
        defs.append(f"[^{n}]: {entry.get('note') or entry.get('title') or quote}")
    return "\n\n".join(body) + "\n\n" + "\n".join(defs) + "\n"


def _taxonomy(n: int) -> str:
    """Article `n`'s tags and series, from `n` alone (the random draws stay as they were):
    two tags of 12 topics and 7 regions; articles 10k to 10k+2 make a series of three."""
    lines = f"tags: [Topic {n % 12}, Region {n % 7}]\n"
    if n % 10 < 3:
        lines += f"series: {{name: Series {n // 10}, part: {n % 10 + 1}}}\n"
    return lines


def article_slug(n: int) -> str:
    """The slug of the generated edition's article number `n` (from 0)."""
    return f"article-{n:05d}"


def generate(
    out: Path,
    articles: int,
    words: int,
    annotations: int,
    terms: int,
    seed: int = 1,
    light: bool = False,
) -> Path:
    """Write the whole benchmark edition into `out` (replacing it); return `out`. A `light`
    one has almost no inline markup and short plain notes."""
    markup = 0.05 if light else 1.0
    rng = random.Random(seed)
    vocab = _words(rng, SYLLABLES.split(), 3000)
    glossary = make_terms(rng, terms)
    if out.exists():
        shutil.rmtree(out)
    (out / "content" / "articles").mkdir(parents=True)
    (out / "content" / "glossary").mkdir(parents=True)
    (out / "floor").mkdir()
    shutil.copytree(REPO / "layouts", out / "layouts")
    (out / "site.yaml").write_text(
        "title: Benchmark Edition\ndescription: A generated edition for timing builds.\n"
        "language: en\nbase_url: https://example.org/bench/\nglossary:\n  auto_link: first\n",
        encoding="utf-8",
    )
    per_article = max(1, (terms * 2) // max(articles, 1) + 4)
    for i in range(articles):
        slug = article_slug(i)
        # Every term occurs somewhere: term i is always in article i mod N.
        mine = [glossary[j] for j in range(i, terms, articles)] if glossary else []
        mine += rng.sample(glossary, k=min(per_article, len(glossary)))
        blocks = make_blocks(rng, vocab, words, mine, markup)
        for term in mine[: max(1, terms // articles + 1)]:
            para = next(b for b in blocks if b.kind == "p")
            para.words.insert(0, term.term)
            para.visible = f"{term.term} {para.visible}"
            para.markdown = f"{term.term} {para.markdown}"
        title = " ".join(_sentence(rng, vocab, 6)).capitalize()
        front = (
            f"---\ntitle: {_yaml_str(title)}\nauthor: Author {i % 37}\n"
            f"date: 20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
            f"summary: {_yaml_str(' '.join(_sentence(rng, vocab, 15)).capitalize() + '.')}\n"
            f"{_taxonomy(i)}---\n"
        )
        body = _markdown(blocks)
        (out / "content" / "articles" / f"{slug}.md").write_text(front + body, encoding="utf-8")
        notes = pick_annotations(rng, blocks, annotations, mine, vocab, plain_notes=light)
        (out / "content" / "articles" / f"{slug}.annotations.yaml").write_text(
            sidecar_yaml(notes), encoding="utf-8"
        )
        (out / "floor" / f"{slug}.md").write_text(
            f"# {title}\n\n" + floor_markdown(blocks, notes), encoding="utf-8"
        )
    for term in glossary:
        (out / "content" / "glossary" / f"{term.id}.yaml").write_text(
            glossary_yaml(term, glossary, rng, vocab), encoding="utf-8"
        )
    return out


BUNDLED = "us-leaves-door-ajar"
"""The bundled article, which the realistic corpus copies."""


def realistic(out: Path, articles: int) -> Path:
    """Write `articles` copies of the bundled article, with its sidecar, and the bundled
    glossary and settings, into `out` (replacing it); return `out`. Copy n is
    `<slug>-<n>` with " (n)" after its title; the floor gets the same text with the
    notes as Markdown footnotes."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(REPO / "content/glossary", out / "content/glossary")
    (out / "content/articles").mkdir(parents=True)
    (out / "floor").mkdir()
    shutil.copytree(REPO / "layouts", out / "layouts")
    shutil.copy(REPO / "site.yaml", out / "site.yaml")
    source = REPO / "content/articles"
    text = (source / f"{BUNDLED}.md").read_text(encoding="utf-8")
    sidecar = (source / f"{BUNDLED}.annotations.yaml").read_text(encoding="utf-8")
    title = re.search(r'^title: "(.*)"$', text, re.M)
    assert title is not None, "the bundled article's title line"
    body = text.split("\n---\n", 1)[1]
    notes = _sidecar_notes(sidecar)
    floor = floor_markdown([Block(part, part, "p") for part in body.strip().split("\n\n")], notes)
    for n in range(articles):
        slug = f"{BUNDLED}-{n:05d}"
        copy = text.replace(title[0], f'title: "{title[1]} ({n + 1})"', 1)
        (out / "content/articles" / f"{slug}.md").write_text(copy, encoding="utf-8")
        (out / "content/articles" / f"{slug}.annotations.yaml").write_text(
            sidecar, encoding="utf-8"
        )
        (out / "floor" / f"{slug}.md").write_text(
            f"# {title[1]} ({n + 1})\n\n{floor}", encoding="utf-8"
        )
    return out


def _sidecar_notes(sidecar: str) -> list[dict[str, object]]:
    """The sidecar's annotations as plain values, for the floor's footnotes."""
    found = yaml.safe_load(sidecar)["annotations"]
    return [dict(entry) for entry in found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument(
        "--corpus", choices=("generated", "light", "realistic"), default="generated"
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=1500)
    parser.add_argument("--annotations", type=int, default=20)
    parser.add_argument("--terms", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.corpus == "realistic":
        realistic(args.out, args.articles)
        return
    light = args.corpus == "light"
    generate(args.out, args.articles, args.words, args.annotations, args.terms, args.seed, light)


if __name__ == "__main__":
    main()
