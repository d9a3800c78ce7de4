"""JSON Schemas for the YAML files, made from the same Field definitions the build checks.

`site_schemas(config)` returns the three schemas (site.yaml, sidecars, glossary
entries) for a site; `python -m builder schemas` writes them to `schemas/`,
where editors find them through `# yaml-language-server: $schema=…` comments.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from builder.load.annotations import COMMON_FIELDS, KIND_FIELDS, KINDS
from builder.load.config import SITE_FIELDS, SiteConfig
from builder.load.glossary import GLOSSARY_FIELDS
from builder.load.schema import DATE_RE, ID_RE, MAX_MARKDOWN, MAX_TEXT, Field

log = logging.getLogger(__name__)

DRAFT = "http://json-schema.org/draft-07/schema#"
# The build reads any scalar as text ("title: 2013" is the text "2013").
_SCALAR_TEXT = ["string", "number", "boolean"]


def site_schemas(config: SiteConfig) -> dict[str, dict[str, Any]]:
    """Return {file name: schema} for site.yaml, sidecars and glossary entries."""
    return {
        "site.schema.json": _document("site.yaml", "The edition's configuration.", SITE_FIELDS),
        "annotations.schema.json": _sidecar(config),
        "glossary.schema.json": _document(
            "Glossary entry", "One term: content/glossary/<id>.yaml.", GLOSSARY_FIELDS
        ),
    }


def dump(schema: dict[str, Any]) -> str:
    """Serialize a schema the way it is committed: sorted keys, two-space indent."""
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _document(title: str, description: str, fields: tuple[Field, ...]) -> dict[str, Any]:
    return {"$schema": DRAFT, "title": title, "description": description, **_object(fields)}


def _sidecar(config: SiteConfig) -> dict[str, Any]:
    verdicts = tuple(config.verdict_labels)
    every: dict[str, Field] = {f.name: f for f in COMMON_FIELDS}
    branches = []
    for kind in KINDS:
        fields = tuple(_with_verdicts(f, verdicts) for f in COMMON_FIELDS + KIND_FIELDS[kind])
        every.update({f.name: f for f in fields if f.name not in every})
        branches.append(
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": _object(fields),
            }
        )
    item = _object(tuple(every.values()), required=("kind", "quote"))
    item["allOf"] = branches
    return {
        "$schema": DRAFT,
        "title": "Annotations sidecar",
        "description": "content/articles/<slug>.annotations.yaml: the article's annotations.",
        "type": "object",
        "properties": {
            "annotations": {
                "type": "array",
                "items": item,
                "description": "the list of annotations",
            }
        },
        "required": ["annotations"],
        "additionalProperties": False,
    }


def _with_verdicts(field: Field, verdicts: tuple[str, ...]) -> Field:
    if field.name != "verdict":
        return field
    return Field(field.name, field.type, field.required, field.help, verdicts)


def _object(fields: tuple[Field, ...], required: tuple[str, ...] | None = None) -> dict[str, Any]:
    names = required if required is not None else tuple(f.name for f in fields if f.required)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {f.name: _field(f) for f in fields},
        "additionalProperties": False,
    }
    if names:
        schema["required"] = list(names)
    return schema


def _field(field: Field) -> dict[str, Any]:
    schema = _type(field)
    if field.help:
        schema["description"] = field.help
    return schema


def _type(field: Field) -> dict[str, Any]:
    kind = field.type
    if kind == "text":
        return {"type": _SCALAR_TEXT, "minLength": 1, "maxLength": MAX_TEXT, "pattern": r"\S"}
    if kind == "markdown":
        return {"type": "string", "minLength": 1, "maxLength": MAX_MARKDOWN, "pattern": r"\S"}
    if kind == "id":
        return {"type": "string", "pattern": f"^{ID_RE.pattern}$"}
    if kind == "url":
        schemes = "|".join(field.schemes)
        return {"type": "string", "format": "uri", "pattern": rf"^\s*({schemes}):[^\s<>\"`]+\s*$"}
    if kind == "folder":
        return {"type": "string", "pattern": r"^[^\s\\#?%]*$"}
    if kind == "int":
        return {"type": "integer", "minimum": 1}
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "date":
        return {"type": "string", "pattern": f"^\\s*{DATE_RE.pattern}\\s*$"}
    if kind == "choice":
        return {"enum": list(field.choices)}
    if kind == "mapping":
        return _object(field.fields)
    if kind == "text-map":
        return {
            "type": "object",
            "propertyNames": {"pattern": f"^{ID_RE.pattern}$"},
            "additionalProperties": {"type": _SCALAR_TEXT, "minLength": 1},
        }
    if kind == "list":
        return {
            "type": "array",
            "items": _type(
                Field(field.name, field.item, fields=field.fields, schemes=field.schemes)
            ),
        }
    raise AssertionError(f"no JSON Schema for field type {kind}")
