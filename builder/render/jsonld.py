"""Machine-readable annotations: W3C Web Annotations and schema.org ClaimReview, as JSON-LD.

Takes an annotated article and the site configuration; returns plain dicts:
the AnnotationCollection that `layouts.Renderer` writes to the article's
`annotations.jsonld`, and the ClaimReviews its page embeds. URLs are absolute
when the site has a base_url and otherwise relative to the article's folder
(JSON-LD resolves those against the document's own address).
"""

from __future__ import annotations

import json
import logging
import posixpath
from typing import Any

from builder.anchor.annotate import AnnotatedArticle, Note
from builder.load.annotations import ContextLink, FactNote, TermRef
from builder.load.config import SiteConfig
from builder.site import ANNOTATIONS_FILE

log = logging.getLogger(__name__)

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SCHEMA_CONTEXT = "https://schema.org"
MOTIVATIONS = {
    "footnote": "commenting",
    "context": "linking",
    "fact": "assessing",
    "term": "identifying",
}
QUOTE_CONTEXT_CHARS = 32
"""Prefix and suffix length, as the Hypothesis client records them."""
UNRATED_VERDICTS = frozenset({"unverifiable"})
"""Verdicts that are not a point on the accuracy scale: ClaimReview gets only their label."""

JsonObject = dict[str, Any]


def dumps(value: JsonObject) -> bytes:
    """Serialize JSON-LD as UTF-8 on one line, keys in the order written."""
    # Not indented: with `indent` the json module falls back from its C encoder (3.5x slower).
    return (json.dumps(value, ensure_ascii=False) + "\n").encode("utf-8")


def annotation_collection(config: SiteConfig, item: AnnotatedArticle) -> JsonObject:
    """Describe every annotation of the article as a W3C Web Annotation."""
    here = _folder(item)
    collection_id = _href(config, f"{here}/{ANNOTATIONS_FILE}", here)
    items = [_annotation(config, item, note, collection_id) for note in item.notes]
    return {
        "@context": ANNO_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": config.strings.text("jsonld.collection", title=item.article.title),
        "total": len(items),
        "first": {
            "id": f"{collection_id}#page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def claim_reviews(config: SiteConfig, item: AnnotatedArticle) -> JsonObject | None:
    """Describe the article's fact checks as schema.org ClaimReviews (None when it has none)."""
    facts = [n for n in item.notes if isinstance(n.annotation, FactNote)]
    if not facts:
        return None
    here = _folder(item)
    page = _href(config, f"{here}/index.html", here)
    article = item.article
    appearance: JsonObject = {"@type": "Article", "url": page, "headline": article.title}
    if article.author:
        appearance["author"] = {"@type": "Person", "name": article.author}
    if article.date:
        appearance["datePublished"] = article.date
    if article.source is not None:
        appearance["publisher"] = {"@type": "Organization", "name": article.source.name}
        if article.source.url:
            appearance["publisher"]["url"] = article.source.url
    published = config.source_date
    date_published = published.isoformat() if published else article.date
    author: JsonObject = {"@type": "Organization", "name": config.title}
    if config.base_url:
        author["url"] = config.base_url
    scale = rating_scale(config)
    reviews = []
    for note in facts:
        assert isinstance(note.annotation, FactNote)
        verdict = note.annotation.verdict
        rating: JsonObject = {"@type": "Rating", "alternateName": config.verdict_labels[verdict]}
        if verdict in scale:
            rating.update(ratingValue=scale[verdict], bestRating=len(scale), worstRating=1)
        review: JsonObject = {
            "@type": "ClaimReview",
            "url": f"{page}#note-{note.id}",
            "claimReviewed": " ".join(note.quote.split()),
            "author": author,
            "reviewRating": rating,
            "itemReviewed": {"@type": "Claim", "appearance": appearance},
        }
        if date_published:
            review["datePublished"] = date_published
        reviews.append(review)
    return {"@context": SCHEMA_CONTEXT, "@graph": reviews}


def rating_scale(config: SiteConfig) -> dict[str, int]:
    """Map each rated verdict to a number: the most accurate is highest, the least is 1."""
    rated = [verdict for verdict, _ in config.verdicts if verdict not in UNRATED_VERDICTS]
    return {verdict: len(rated) - i for i, verdict in enumerate(rated)}


def _annotation(
    config: SiteConfig, item: AnnotatedArticle, note: Note, collection_id: str
) -> JsonObject:
    here = _folder(item)
    text = item.own_text  # the reader's text: markers and margin copies left out
    return {
        "id": f"{collection_id}#{note.id}",
        "type": "Annotation",
        "motivation": MOTIVATIONS[note.kind],
        "creator": {"type": "Organization", "name": config.title},
        "body": _bodies(config, note, here),
        "target": {
            "source": _href(config, f"{here}/index.html", here),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[note.start : note.end],
                    "prefix": text[max(0, note.start - QUOTE_CONTEXT_CHARS) : note.start],
                    "suffix": text[note.end : note.end + QUOTE_CONTEXT_CHARS],
                },
                {"type": "TextPositionSelector", "start": note.start, "end": note.end},
            ],
        },
    }


def _bodies(config: SiteConfig, note: Note, here: str) -> list[JsonObject]:
    ann = note.annotation
    bodies: list[JsonObject] = []
    if isinstance(ann, FactNote):
        bodies.append(_textual(config.verdict_labels[ann.verdict], "assessing", "text/plain"))
    if isinstance(ann, ContextLink):
        bodies.append(_web_resource(ann.url))
    if isinstance(ann, TermRef):
        bodies.append(_web_resource(_href(config, f"glossary/{ann.term}/index.html", here)))
    if note.html:
        purpose = "describing" if isinstance(ann, TermRef) else "commenting"
        bodies.append(_textual(note.html, purpose, "text/html", config.language))
    if isinstance(ann, FactNote):
        bodies += [_web_resource(source.url) for source in ann.sources]
    return bodies


def _textual(value: str, purpose: str, media_type: str, language: str = "") -> JsonObject:
    body: JsonObject = {"type": "TextualBody", "purpose": purpose, "value": value}
    body["format"] = media_type
    if language:
        body["language"] = language
    return body


def _web_resource(url: str) -> JsonObject:
    return {"id": url, "type": "Text", "format": "text/html"}


def _folder(item: AnnotatedArticle) -> str:
    return f"articles/{item.article.slug}"


def _href(config: SiteConfig, path: str, here: str) -> str:
    """Return a site path as an absolute URL, or relative to the folder `here` without base_url."""
    if config.base_url:
        return config.page_url(path)
    return posixpath.relpath(path, here)
