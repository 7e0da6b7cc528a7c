"""The loader turns hostile or malformed YAML into positioned diagnostics, and good YAML into exact values."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from svcdef.loader import MAX_BYTES, load_bytes, load_file, load_text
from svcdef.yamltree import Mapping, Scalar, plain_data


def codes(text: str) -> list[tuple[str, int, int]]:
    _, diagnostics = load_text(text, "t.yaml")
    return [(d.code, d.span.line, d.span.col) for d in diagnostics]


def test_scalars_resolve_by_yaml_1_2_core_without_surprises() -> None:
    doc, diagnostics = load_text(
        "a: 1\nb: 1.50\nc: yes\nd: 2024-01-01\ne: true\nf: 'true'\ng: ~\nh: 1.10\ni: -3\nj: 1e3\nk: off\n", "t.yaml"
    )
    assert diagnostics == []
    assert doc is not None
    data = plain_data(doc.root)
    assert data == {
        "a": 1,
        "b": Decimal("1.50"),
        "c": "yes",
        "d": "2024-01-01",
        "e": True,
        "f": "true",
        "g": None,
        "h": Decimal("1.10"),
        "i": -3,
        "j": Decimal("1e3"),
        "k": "off",
    }
    assert str(data["b"]) == "1.50"
    root = doc.root
    assert isinstance(root, Mapping)
    version = root.get("h")
    assert isinstance(version, Scalar) and version.text == "1.10"


def test_every_key_and_value_has_a_span() -> None:
    doc, _ = load_text("service:\n  id: dog\n  langs: [de, fr]\n", "t.yaml")
    assert doc is not None and isinstance(doc.root, Mapping)
    key, service = doc.root.items[0]
    assert (key.span.line, key.span.col, key.span.end_col) == (1, 1, 8)
    assert isinstance(service, Mapping)
    id_key, id_value = service.items[0]
    assert (id_key.span.line, id_key.span.col) == (2, 3)
    assert (id_value.span.line, id_value.span.col, id_value.span.end_col) == (2, 7, 10)


def test_utf8_columns_count_code_points() -> None:
    doc, _ = load_text("äöü: 'Grüße'\n", "t.yaml")
    assert doc is not None and isinstance(doc.root, Mapping)
    _, value = doc.root.items[0]
    assert (value.span.col, value.span.end_col) == (6, 13)


def test_every_scalar_keeps_its_source_text() -> None:
    """`raw` is the scalar as written: expressions and patterns map their inner columns through it."""
    doc, _ = load_text("a: x + 1  # note\nb: 'it''s'\nc: one\n  two\nd: \"Grüße \\u00e9\"\n", "t.yaml")
    assert doc is not None and isinstance(doc.root, Mapping)
    raws = {str(k.value): (v.text, v.raw) for k, v in doc.root.items if isinstance(v, Scalar)}
    assert raws == {
        "a": ("x + 1", "x + 1"),
        "b": ("it's", "'it''s'"),
        "c": ("one two", "one\n  two"),
        "d": ("Grüße é", '"Grüße \\u00e9"'),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: b: c\n", [("E0004", 1, 5)]),
        ("a:\n  - 1\n b: 2\n", [("E0004", 3, 2)]),
        ("a: 'unclosed\n", [("E0004", 2, 1)]),
        ("a:\n\tb: 1\n", [("E0005", 2, 1)]),
        ("a: 1\nb: 2\na: 3\n", [("E0006", 3, 1)]),
        ("a: &x 1\nb: *x\n", [("E0007", 1, 4), ("E0007", 2, 4)]),
        ("a: !!python/object:os.system 'echo'\n", [("E0008", 1, 4)]),
        ("a: !!str 1\n", [("E0008", 1, 4)]),
        ("%YAML 1.1\n---\na: no\n", [("E0009", 1, 1)]),
        ("a: 1\n---\nb: 2\n", [("E0010", 2, 1)]),
        ("a: " + "[" * 70 + "]" * 70 + "\n", [("E0011", 1, 67)]),
        ("1: one\n", [("E0012", 1, 1)]),
        ("? [a, b]\n: c\n", [("E0012", 1, 3)]),
        ("", [("E0013", 1, 1)]),
        ("# only a comment\n", [("E0013", 1, 1)]),
        ("- a\n- b\n", [("E0014", 1, 1)]),
        ("just text\n", [("E0014", 1, 1)]),
        ("a: .nan\n", [("E0016", 1, 4)]),
        ("a: -.inf\n", [("E0016", 1, 4)]),
        ("a: 1e400\n", [("E0016", 1, 4)]),
        ("a: " + "9" * 5000 + "\n", [("E0016", 1, 4)]),
    ],
)
def test_loader_diagnostics(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert codes(text) == expected


def test_yaml_1_1_directive_does_not_make_no_a_boolean() -> None:
    doc, diagnostics = load_text("%YAML 1.1\n---\na: no\n", "t.yaml")
    assert [d.code for d in diagnostics] == ["E0009"]
    assert doc is not None and plain_data(doc.root) == {"a": "no"}


def test_not_utf8() -> None:
    _, diagnostics = load_bytes(b"a: 1\nb: caf\xe9\n", "t.yaml")
    assert [(d.code, d.span.line, d.span.col) for d in diagnostics] == [("E0002", 2, 7)]
    assert "0xe9" in diagnostics[0].message


def test_byte_order_mark_is_accepted() -> None:
    doc, diagnostics = load_bytes("\ufeffa: 1\n".encode(), "t.yaml")
    assert diagnostics == [] and doc is not None


def test_file_too_large() -> None:
    _, diagnostics = load_bytes(b"a: '" + b"x" * MAX_BYTES + b"'\n", "t.yaml")
    assert [(d.code, d.span.line, d.span.col) for d in diagnostics] == [("E0003", 1, 1)]


def test_too_many_nodes_and_too_long_values() -> None:
    many = "a: [" + ",".join(["1"] * 100_001) + "]\n"
    assert codes(many)[0][0] == "E0015"
    long_value = "a: '" + "x" * 100_001 + "'\n"
    assert codes(long_value) == [("E0015", 1, 4)]


HOSTILE = {
    "billion laughs": (
        "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    ).encode(),
    "30 MB string": b"a: '" + b"x" * 30_000_000 + b"'\n",
    "5000-deep nesting": b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "5000-deep block nesting": "".join("  " * i + f"k{i}:\n" for i in range(5000)).encode(),
    "binary junk": bytes(range(256)) * 64,
    "python object tag": b"a: !!python/object/apply:os.system ['touch /tmp/svcdef-pwned']\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_are_refused_with_a_diagnostic(name: str) -> None:
    """Time and memory of the same files through the whole CLI are measured by benchmarks/hostile.py."""
    _, diagnostics = load_bytes(HOSTILE[name], "evil.yaml")
    assert diagnostics, name
    assert all(d.span.file == "evil.yaml" for d in diagnostics)


def test_unreadable_file(tmp_path: Path) -> None:
    _, diagnostics = load_file(str(tmp_path / "missing.yaml"))
    assert [(d.code, d.span.line, d.span.col) for d in diagnostics] == [("E0001", 1, 1)]
    assert "missing.yaml" in diagnostics[0].message
