"""How the build cache writes the builder's values: JSON, never pickle.

Cached values are the build's own frozen dataclasses, tuples and plain values. The
cache sits in a folder others may write to, so only classes of this package are
read back, by name; anything else is refused as a damaged cache.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import json
import logging
from typing import Any

log = logging.getLogger(__name__)


def encode(value: object) -> bytes:
    """Write a value made of the builder's dataclasses, tuples and plain values as JSON."""
    # json's C encoder walks tuples and strings itself and calls _plain for the rest:
    # a third of the time of walking every value in Python first.
    text = json.dumps(value, default=_plain, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def decode(data: bytes | str) -> Any:
    """Read a value written by `encode`."""
    # One decoder for every call: json.loads makes a new one for each call with a hook,
    # which costs more than decoding a short value (the cache reads thousands at a start).
    return _DECODER.decode(data.decode("utf-8") if isinstance(data, bytes) else data)


def decode_mixed(data: bytes) -> Any:
    """Read JSON that mixes plain mappings (the cache's index) with encoded dataclasses."""
    return _MIXED_DECODER.decode(data.decode("utf-8"))


def _plain(value: object) -> dict[str, object]:
    """One of the builder's dataclasses as {"@": its class, "v": [its field values]}."""
    cls = type(value)
    names = _field_names(cls)
    return {"@": f"{cls.__module__}:{cls.__qualname__}", "v": [getattr(value, n) for n in names]}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if not (dataclasses.is_dataclass(cls) and cls.__module__.startswith("builder.")):
            raise TypeError(f"cannot cache a {cls.__qualname__}")
        # What the constructor takes: a field it makes itself (init=False) is made again,
        # and one whose metadata says {"cached": False} (last, with a default) is left
        # to that default: what a worker hands over besides the result, say.
        names = _FIELD_NAMES[cls] = tuple(
            f.name for f in dataclasses.fields(cls) if f.init and f.metadata.get("cached", True)
        )
    return names


def _revive_in_mapping(obj: dict[str, Any]) -> object:
    return _revive(obj) if obj.keys() == {"@", "v"} else obj


def _revive(obj: dict[str, Any]) -> object:
    cls = _dataclass(obj["@"])
    return cls(*[_tuples(v) if v.__class__ is list else v for v in obj["v"]])


def _tuples(value: list[Any]) -> tuple[Any, ...]:
    return tuple([_tuples(v) if v.__class__ is list else v for v in value])


@functools.cache
def _dataclass(name: str) -> type:
    module, _, qualname = name.partition(":")
    if not module.startswith("builder.") or "." in qualname:
        raise ValueError(f"unexpected class {name!r} in the cache")
    try:
        imported = importlib.import_module(module)
    except ImportError as exc:  # written by a builder whose modules were laid out otherwise
        raise ValueError(f"unexpected class {name!r} in the cache") from exc
    cls = getattr(imported, qualname, None)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ValueError(f"unexpected class {name!r} in the cache")
    return cls


_DECODER = json.JSONDecoder(object_hook=_revive)
_MIXED_DECODER = json.JSONDecoder(object_hook=_revive_in_mapping)
