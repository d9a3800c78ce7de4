from builder.diagnostics import Diagnostics
from builder.load.yamlio import YMapping, YScalar, YSequence, decode_yaml_bytes, parse_yaml


def parse(text: str) -> tuple[object, Diagnostics]:
    diags = Diagnostics()
    return parse_yaml(text, "f.yaml", diags), diags


def test_scalars_stay_strings_with_their_resolved_tag() -> None:
    node, diags = parse("note: no\nversion: 1.10\ntime: 1:20\nmode: 0755\nday: 2013-04-19\n")
    assert isinstance(node, YMapping) and not diags.items
    values = {k: (v.value, v.tag) for k, v in node.items.items() if isinstance(v, YScalar)}
    assert values == {
        "note": ("no", "bool"),
        "version": ("1.10", "float"),
        "time": ("1:20", "int"),
        "mode": ("0755", "int"),
        "day": ("2013-04-19", "timestamp"),
    }


def test_locations_are_one_based_line_and_column() -> None:
    node, _ = parse("a:\n  - x: 1\n    y: two\n")
    assert isinstance(node, YMapping)
    seq = node.items["a"]
    assert isinstance(seq, YSequence)
    item = seq.items[0]
    assert isinstance(item, YMapping)
    assert (item.key_location("y").line, item.key_location("y").column) == (3, 5)
    y = item.items["y"]
    assert isinstance(y, YScalar) and (y.location.line, y.location.column) == (3, 8)


def test_duplicate_key_is_an_error_at_the_second_key() -> None:
    node, diags = parse("term: A\ndefinition: x\nterm: B\n")
    assert node is None
    [d] = diags.items
    assert (d.code, d.location.line, d.location.column) == ("duplicate-key", 3, 1)
    assert "first at line 1" in d.message


def test_aliases_merge_keys_and_tags_are_rejected() -> None:
    for text, code in [
        ("a: &x hello\nb: *x\n", "yaml-alias"),
        ("a: &x {k: 1}\nb:\n  <<: *x\n", "yaml-alias"),
        ("a: !!python/object:os.system x\n", "yaml-tag"),
        ("a: !custom x\n", "yaml-tag"),
    ]:
        node, diags = parse(text)
        assert node is None, text
        assert diags.items[0].code == code, text


def test_syntax_error_and_several_documents() -> None:
    _, diags = parse("a: [1, 2\n")
    assert diags.items[0].code == "yaml-syntax"
    _, diags = parse("a: 1\n---\nb: 2\n")
    assert diags.items[0].code == "yaml-syntax"


def test_non_scalar_key() -> None:
    _, diags = parse("? [a, b]\n: c\n")
    assert diags.items[0].code == "yaml-key"


def test_deep_nesting_does_not_crash() -> None:
    node, diags = parse("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert node is None and diags.items[0].code in {"yaml-too-deep", "yaml-syntax"}


def test_decoding_bom_crlf_and_bad_bytes() -> None:
    diags = Diagnostics()
    assert decode_yaml_bytes(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n", "f", diags) == "a: 1\nb: 2\n"
    assert decode_yaml_bytes(b"a: caf\xe9\n", "f", diags) is None
    [d] = diags.items
    assert d.code == "bad-encoding" and (d.location.line, d.location.column) == (1, 7)
    assert "offset 6" in d.message
    assert decode_yaml_bytes("a: 1".encode("utf-16"), "f", diags) is None
