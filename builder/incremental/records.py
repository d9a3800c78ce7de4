"""An article's result as the build cache stores it: one record file, named by its hash.

A record has three lines. The first, the `StoredSummary`, is read when the cache is
opened: an unchanged article contributes only that to the pages made from every
article. The second holds the article's search words, read only when the search index
needs them; the third the rest of the result, read only when one of the article's own
files must be made again. Left out: the article (the build has just read it again, from
the same bytes: the article's key covers it) and the body's text, which is measured
again from the body's HTML.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from builder.anchor.annotate import TermUse
from builder.anchor.article import ArticleResult, ArticleSummary
from builder.diagnostics import BuildFailed, Diagnostic, SourceLocation
from builder.htmlscan import measure_body
from builder.incremental.codec import decode, encode
from builder.incremental.store import write_atomic
from builder.load.articles import Article
from builder.site import CACHE_DIR

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoredSummary:
    """A record's first line: what an unchanged article's result gives without reading more."""

    load_problems: tuple[Diagnostic, ...]
    anchor_problems: tuple[Diagnostic, ...]
    summary: ArticleSummary | None
    """None: the sidecar had errors."""
    words_size: int
    """The length of the record's second line, the search words."""


@dataclass(slots=True)
class CachedArticle:
    """An article of the last build as the cache's index names it: its key, its record."""

    key: str
    """Hash of the inputs the per-article stage read."""
    record: str
    """Hash of the stored result (without the article: the key covers that)."""
    size: int
    """The record file's size in bytes."""
    head: tuple[int, str]
    """The record's first line's length and hash: the index names them, so it is read
    and checked alone."""
    stored: StoredSummary
    """That line: what the pages made from every article need of it."""
    held: ArticleResult | None = None
    """The whole result, held in memory when no record file could be written (a cache
    without a folder or a signing key): read back from here instead."""
    files_key: str = ""
    """What its files are keyed by (`BuildCache.remember`), once made."""


def record_bytes(result: ArticleResult) -> tuple[bytes, StoredSummary]:
    """A record file: the summary on one line (JSON has no raw newline), the search words
    on the next, then the rest of the result; and that summary."""
    words = json.dumps(result.search_words, ensure_ascii=False).encode("utf-8")
    head = StoredSummary(result.load_problems, result.anchor_problems, result.summary, len(words))
    rest = result
    if result.annotated is not None:
        item = replace(result.annotated.with_article(None), own_text="")  # type: ignore[arg-type]
        rest = replace(result, annotated=item, summary=None, search_words="", search_text="")
    return summary_line(head) + b"\n" + words + b"\n" + encode(rest), head


def without_tree(result: ArticleResult) -> ArticleResult:
    """The result as a worker sends it back to a build that keeps records: its record
    made there, its annotated article left out (pickling that tree and reading it back
    cost more than making the record, which the build needs anyway)."""
    if result.annotated is None:
        return result
    return replace(result, annotated=None, record=record_bytes(result)[0])


def record_of(result: ArticleResult) -> tuple[bytes, StoredSummary]:
    """What `record_bytes` gives, taken from the record the worker made when it did."""
    if not result.record:
        return record_bytes(result)
    data = result.record
    first = data.index(b"\n")
    size = data.index(b"\n", first + 1) - first - 1
    return data, StoredSummary(result.load_problems, result.anchor_problems, result.summary, size)


def store_record(records: Path, record: str, data: bytes) -> Path:
    """Store a record in the `records` folder under its hash (unless it is there)."""
    path = records / f"{record}.json"
    if not path.exists():
        records.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    return records


def read_summary(records: Path, record: str, size: int, head: tuple[int, str]) -> StoredSummary:
    """Read a record's first line (`head`: its length and hash, from the signed index);
    the rest is checked against the record's hash when it is read. A record missing or
    cut short voids the cache now."""
    with (records / f"{record}.json").open("rb") as file:
        if os.fstat(file.fileno()).st_size != size:
            raise ValueError(f"record {record} is damaged")
        line = file.read(head[0])
    if hashlib.sha256(line).hexdigest() != head[1]:
        raise ValueError(f"record {record} is damaged")
    try:
        return read_summary_line(line)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise ValueError(f"record {record} has no summary ({exc})") from exc


# The summary line is read for every article each time the cache is opened, so it has a
# layout of its own, decoded without an object hook: a list of the summary's fields,
# term uses as lists of theirs. Problems and drifts (rare) are kept as `encode` wrote them.


def summary_line(stored: StoredSummary) -> bytes:
    """A summary as one line of JSON (`read_summary_line` reads it)."""
    item = stored.summary
    fields: list[object] | None = None
    if item is not None:
        uses = [
            [u.term, u.slug, u.annotation_id, u.before, u.text, u.after] for u in item.term_uses
        ]
        drifts = encode(item.drifts).decode("utf-8")
        counts = [list(pair) for pair in item.counts]
        info = encode(item.article).decode("utf-8")
        fields = [
            *(info, uses, item.excerpt, counts, item.automatic, drifts),
            *(item.words, item.shown, item.listed, item.author_notes),
        ]
    problems = [encode(stored.load_problems).decode(), encode(stored.anchor_problems).decode()]
    return json.dumps([*problems, fields, stored.words_size], ensure_ascii=False).encode()


def read_summary_line(line: bytes) -> StoredSummary:
    """The summary `summary_line` wrote."""
    load_problems, anchor_problems, fields, words_size = json.loads(line)
    summary = None
    if fields is not None:
        info, uses, excerpt, counts, automatic, drifts, words, shown, listed, authors = fields
        summary = ArticleSummary(
            decode(info),
            tuple([TermUse(*use) for use in uses]),
            excerpt,
            tuple([(kind, count) for kind, count in counts]),
            automatic,
            _decoded_tuple(drifts),
            words,
            shown,
            listed,
            authors,
        )
    load = _decoded_tuple(load_problems)
    return StoredSummary(load, _decoded_tuple(anchor_problems), summary, words_size)


def _decoded_tuple(encoded: str) -> tuple[Any, ...]:
    """A tuple `encode` wrote (most often none: problems and drifts are rare)."""
    return () if encoded == "[]" else tuple(decode(encoded))


def read_words(records: Path, record: str, head: int, stored: StoredSummary) -> str:
    """A record's second line: its article's search words, checked against the summary."""
    if stored.summary is None or not stored.words_size:
        return ""
    with (records / f"{record}.json").open("rb") as file:
        file.seek(head + 1)
        line = file.read(stored.words_size)
    words = json.loads(line)
    if not isinstance(words, str) or _sha256(words) != stored.summary.words:
        raise ValueError(f"record {record}: its search words do not match its summary")
    return words


def read_result(records: Path, record: str, article: Article) -> ArticleResult:
    """Read a whole record back, checked against its hash, as the result for `article`."""
    data = (records / f"{record}.json").read_bytes()
    if hashlib.sha256(data).hexdigest() != record:
        raise ValueError(f"record {record} is damaged")
    return result_from_record(data, article, record)


def result_from_record(data: bytes, article: Article, record: str = "") -> ArticleResult:
    """A record's result as made (`record_bytes`), for `article`."""
    first = data.index(b"\n")
    second = data.index(b"\n", first + 1)
    stored = read_summary_line(data[:first])
    result = decode(data[second + 1 :])
    if not (isinstance(stored, StoredSummary) and isinstance(result, ArticleResult)):
        raise ValueError(f"record {record} is not a result")
    words = json.loads(data[first + 1 : second])
    item = result.annotated
    if item is not None:
        item = replace(item.with_article(article), own_text=measure_body(item.body_html).own_text)
    return replace(result, annotated=item, summary=stored.summary, search_words=words)


def record_name(data: bytes) -> tuple[str, tuple[int, str]]:
    """A record's name (its hash), and its first line's length and hash."""
    line = data[: data.index(b"\n")]
    return hashlib.sha256(data).hexdigest(), (len(line), hashlib.sha256(line).hexdigest())


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def damaged_record(record: str, exc: Exception) -> BuildFailed:
    """A record that fails its hash once the build uses it: `cache-damaged`."""
    return BuildFailed(
        [
            Diagnostic(
                f"the build cache changed while it was in use, or is damaged ({exc})",
                SourceLocation(f"{CACHE_DIR}/records/{record}.json"),
                "cache-damaged",
                f"delete {CACHE_DIR}/ (always safe) and build again",
            )
        ]
    )
