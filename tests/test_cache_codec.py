"""The build cache's record format: the builder's own dataclasses as JSON, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.build import BuildResult
from builder.cache import decode, encode
from builder.site_check import PageRefs


def test_an_annotated_article_survives_the_round_trip(bundled: tuple[Path, BuildResult]) -> None:
    _, result = bundled
    [item] = result.annotated
    assert decode(encode(item)) == item


def test_only_the_builders_dataclasses_are_written() -> None:
    with pytest.raises(TypeError, match="cannot cache a PosixPath"):
        encode(Path("x"))
    with pytest.raises(TypeError, match="cannot cache a set"):
        encode(PageRefs(("a",), (), ()).ids + ({1},))  # type: ignore[operator]


@pytest.mark.parametrize(
    "name", ["os:system", "builder.cache:BuildCache.open", "builder.cache:Path", "json:JSONDecoder"]
)
def test_a_record_naming_another_class_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="unexpected class"):
        decode(f'{{"@":"{name}","v":[]}}'.encode())
