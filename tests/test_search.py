"""The search index (builder/search.py): what it covers, how words are folded, and reuse."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from builder.incremental.cache import BuildCache
from builder.incremental.memo import NO_MEMO, Memo
from builder.pipeline import BuildResult, build_site
from builder.render import search
from builder.site import SEARCH_DIR, OutputFile
from tests.support.builds import build_cached
from tests.support.sites import MakeSite


def _json(out: Path, path: str) -> object:
    """The data of an index file (a script handing its JSON to search.js)."""
    named, value = search.read_script((out / path).read_bytes())
    assert named == path  # search.js matches a file's data to the path it asked for
    return value


def _postings(out: Path, word: str) -> dict[int, int]:
    """Document number -> count of `word`, read back from the built shard."""
    meta = _json(out, search.META_FILE)
    assert isinstance(meta, dict)
    shard = meta["shards"].get(word[: meta["prefix"]])
    found: dict[int, int] = {}
    for number, entries in _json(out, shard) if shard else []:
        pairs = entries.split(" ")
        counts = dict(zip(pairs[::2], map(int, pairs[1::2]), strict=True))
        if word in counts:
            found[number] = counts[word]
    return found


def test_index_covers_the_article_with_its_notes_and_every_term(
    bundled: tuple[Path, BuildResult],
) -> None:
    out, _ = bundled
    meta = _json(out, search.META_FILE)
    assert isinstance(meta, dict) and meta["version"] == search.FORMAT
    docs = meta["docs"]
    assert [d[2] for d in docs] == ["Article"] + ["Glossary"] * 17  # not the list pages
    assert docs[0][:2] == [
        "articles/us-leaves-door-ajar/index.html",
        "US leaves door ajar for talks with North Korea",
    ]
    for path, _title, _kind, text_file in docs:
        assert (out / path).is_file() and (out / text_file).is_file()
    text = _json(out, docs[0][3])
    assert isinstance(text, dict)
    assert "Li Keqiang" in text["text"]  # only in a fact note
    assert "Kerry’s" in text["text"]  # the text as shown, with its typography
    assert _postings(out, "keqiang") == {0: 1}
    yongbyon = _postings(out, "yongbyon")
    term = next(i for i, d in enumerate(docs) if d[1] == "Yongbyon nuclear complex")
    assert yongbyon[term] > yongbyon[0]  # a title word weighs more


def test_words_fold_case_accents_and_compatibility_forms() -> None:
    assert search.words("Pyongyàng’s ﬁre, KIM Jong-un; 38°N — 2013") == [
        "pyongyang",
        "s",
        "fire",
        "kim",
        "jong",
        "un",
        "38",
        "n",
        "2013",
    ]
    assert search.words("snake_case") == ["snake", "case"]


@pytest.mark.parametrize("text", ["", "a b c"])
def test_documents_without_indexable_words_get_no_shards(text: str) -> None:
    doc = search.SearchDoc("articles/a/index.html", "", "Article", text)
    assert search.doc_words(doc) == {}


def test_an_edit_recounts_only_the_changed_page(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(
        {
            "content/articles/a.md": "Text about Yongbyon.\n",
            "content/articles/b.md": "Text about Panmunjom.\n",
            "content/glossary/panmunjom.yaml": "term: Panmunjom\ndefinition: A truce village.\n",
        }
    )
    out = tmp_path / "out"
    build_cached(site, out)
    counted: list[str] = []
    real = search.doc_words

    def counting(doc: search.SearchDoc) -> search.DocWords:
        counted.append(doc.path)
        return real(doc)

    monkeypatch.setattr("builder.render.search.doc_words", counting)  # glossary terms
    monkeypatch.setattr("builder.anchor.article.doc_words", counting)  # articles
    texts: list[str] = []

    def text_file(doc: search.SearchDoc) -> OutputFile:
        texts.append(doc.path)
        return search.text_file(doc)

    monkeypatch.setattr("builder.render.article_pages.text_file", text_file)
    (site / "content/articles/a.md").write_text("Text about Kaesong.\n")
    result = build_cached(site, out)  # the cache from disk
    assert counted == ["articles/a/index.html"]
    assert texts == ["articles/a/index.html"]  # b's text file is kept
    made_again = sorted(
        f.path
        for f in result.files
        if f.path.startswith((search.META_FILE, f"{SEARCH_DIR}/words/"))
        and not isinstance(f.data, Path)
    )
    # The shards of words that did not change are kept; "yo" (Yongbyon) is gone.
    assert made_again == [search.META_FILE, search.shard_file("ka")]
    assert _postings(out, "kaesong") == {0: 1} and _postings(out, "yongbyon") == {}
    assert _postings(out, "panmunjom") == {1: 1, 2: search.TITLE_WEIGHT}  # b; the term, by title
    assert _postings(out, "truce") == {2: 1}
    fresh = tmp_path / "fresh"
    build_site(site, fresh)
    for path in sorted(p.relative_to(out) for p in (out / "search-index").rglob("*.js")):
        assert (out / path).read_bytes() == (fresh / path).read_bytes(), path


def test_packed_words_unpack_to_the_same() -> None:
    doc = search.SearchDoc("a/index.html", "Kim Jong-un", "Article", "Kim met Moon at Panmunjom.")
    words = search.doc_words(doc)
    assert search.unpack_words(search.pack_words(words)) == words
    assert search.unpack_words(search.pack_words({})) == {}


def test_a_kept_cache_does_not_grow_with_every_edit(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site(
        {
            "content/articles/a.md": "Text about Panmunjom.\n",
            "content/glossary/panmunjom.yaml": "term: Panmunjom\ndefinition: A truce village.\n",
        }
    )
    cache = BuildCache(None, output=tmp_path / "out")  # what `serve` keeps across rebuilds
    sizes = []
    for n in range(5):
        (site / "content/articles/a.md").write_text(f"Text about Panmunjom, edit {n}.\n")
        (site / "content/glossary/panmunjom.yaml").write_text(
            f"term: Panmunjom\ndefinition: A truce village, edit {n}.\n"
        )
        build_site(site, tmp_path / "out", memo=cache)
        sizes.append((len(cache.scans.scans), len(cache.values["search-words"])))
    # What the last two builds used of the scans of their pages (at most six each; a build
    # scans only the pages it made again; older ones are dropped when the next build
    # starts), and what the last one used of the values made from a key: the one term's
    # words (an article's words travel with its record).
    assert sizes[2:] == [sizes[2]] * 3
    assert all(n <= 6 * 2 and words == 1 for n, words in sizes[1:])


def _files(files: list[OutputFile]) -> dict[str, bytes]:
    return {f.path: f.content for f in files}


def test_kept_postings_give_the_index_a_fresh_build_gives() -> None:
    """`serve` keeps the postings and redoes only the documents whose words changed."""
    rng = random.Random(4)
    vocabulary = [f"{a}{b}{c}" for a in "abcd" for b in "aeiou" for c in "xyz"]

    def words() -> str:
        chosen = {w: rng.randint(1, 5) for w in rng.sample(vocabulary, rng.randint(0, 12))}
        shards: dict[str, list[str]] = {}
        for word in sorted(chosen):
            shards.setdefault(word[:2], []).append(f"{word} {chosen[word]}")
        return search.pack_words({p: " ".join(e) for p, e in shards.items()})

    entries = [
        search.SearchEntry(f"articles/a{n}/index.html", f"A{n}", "Article") for n in range(8)
    ]
    packed = {e.path: words() for e in entries}
    kept = search.Postings()
    # What a CLI build starts from: the last index's state and its files (read back).
    state, last_files, last_words = search.Postings().state(), {}, dict(packed)
    read_back: list[str] = []

    def stored(prefix: str) -> dict[int, str] | None:
        read_back.append(prefix)
        data = last_files.get(search.shard_file(prefix))
        return search.read_shard(data) if data is not None else None

    def version(entry: search.SearchEntry) -> str:
        return str(hash(packed[entry.path]))

    def docs() -> list[search.IndexedDoc]:
        return [search.IndexedDoc(e, version(e), lambda e=e: packed[e.path]) for e in entries]

    for step in range(30):
        if step % 10 == 9:  # a document added: numbers move
            entries.insert(3, search.SearchEntry(f"articles/new{step}/index.html", "N", "Article"))
            packed[entries[3].path] = words()
        for entry in rng.sample(entries, 2):
            packed[entry.path] = words()
        made = search.search_files(docs(), _Postings(kept))
        fresh = _files(search.search_files(docs(), NO_MEMO))
        assert _files(made) == fresh
        seeded = search.Postings.from_state(state)
        seeded.stored = stored

        def previous(
            path: str, version: str, last_words: dict[str, str] = last_words
        ) -> str | None:
            words = last_words.get(path)
            return words if version == str(hash(words)) else None

        read_back.clear()
        seeded.update(docs(), previous)
        if step % 10 not in (0, 9):  # the same documents as the last build: 2 changed
            assert set(read_back) < set(state["keys"])  # only the shards they touch
        made = search.search_files(docs(), _Postings(seeded, previous))
        assert _files(made) == fresh
        state, last_files, last_words = seeded.state(), fresh, dict(packed)


class _Postings(Memo):
    """A memo that gives the search stage these postings, and nothing else."""

    def __init__(
        self, postings: search.Postings, previous: Callable[[str, str], str | None] | None = None
    ) -> None:
        self.postings, self.previous = postings, previous

    def search_postings(self) -> search.Postings:
        return self.postings

    def previous_words(self, path: str, version: str) -> str | None:
        return self.previous(path, version) if self.previous else None


def test_index_files_are_scripts_whose_json_cannot_end_them() -> None:
    text = "a </script><!-- & --> b\u2028c\u2029d <script>"
    doc = search.SearchDoc("articles/a/index.html", "A", "Article", text)
    file = search.text_file(doc)
    assert file.path == "search-index/text/articles/a.js"
    data = file.content
    assert data.startswith(b'editionSearchLoaded("search-index/text/articles/a.js",{"text":')
    assert data.endswith(b"});\n") and data.count(b"\n") == 1
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe.encode() not in data
    assert search.read_script(data) == (file.path, {"text": text})
    # The JSON inside is the JSON the index always had, with those characters escaped.
    inner = data[len(b"editionSearchLoaded(") : -len(b");\n")].decode()
    assert json.loads(f"[{inner}]")[1] == {"text": text}


@pytest.mark.parametrize(
    "data",
    [
        b'[[0,"ka 1"]]',  # a shard as the JSON index wrote it
        b'editionSearchLoaded("search-index/words/6b61.js",[[0,"ka 1"]])',  # no ";\n"
        b'editionSearchLoaded([[0,"ka 1"]]);\n',  # no path
        b'editionSearchLoaded("search-index/words/6b61.js",{"0":"ka 1"});\n',
        b"alert(1);\n",
    ],
)
def test_a_shard_read_back_must_be_a_call_with_a_path_and_a_list(data: bytes) -> None:
    with pytest.raises(ValueError):
        search.read_shard(data)
