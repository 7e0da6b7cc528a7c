"""Random bytes and random YAML documents reach the loader and the checker: only diagnostics come out, never an exception."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdef.check import Workspace, check_file
from svcdef.loader import load_bytes

KEYS = [
    "svcdef",
    "service",
    "fields",
    "type",
    "label",
    "de",
    "fr",
    "id",
    "version",
    "languages",
    "title",
    "authority",
    "options",
    "types",
    "imports",
    "required",
    "visible_if",
    "min",
    "max",
    "pattern",
    "list",
    "group",
    "text",
    "choice",
    "validations",
    "rule",
    "message",
    "fees",
    "items",
    "target",
    "tests",
    "input",
    "expect",
    "1",
    "x",
]
SCALARS = st.one_of(
    st.sampled_from(
        [
            "text",
            "date",
            "group",
            "list",
            "choice",
            "true",
            "1",
            "1.0.0",
            "de",
            "[0-9]+",
            "(a+)+",
            "&a",
            "*a",
            "!!str",
            "- x",
            "{",
            "yes",
            ".nan",
            "2026-01-01",
            "a: b",
            "\t",
            "",
        ]
    ),
    st.integers(-(10**40), 10**40),
    st.booleans(),
    st.none(),
    st.text(max_size=20),
)
TREES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.sampled_from(KEYS), children, max_size=6)
    ),
    max_leaves=40,
)


def _check_text(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "spec.yaml"
        path.write_bytes(data)
        _, diagnostics = check_file(str(path), Workspace())
        for d in diagnostics:
            assert d.span.line >= 1 and d.span.col >= 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes_give_only_diagnostics(data: bytes) -> None:
    load_bytes(data, "fuzz.yaml")
    _check_text(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(KEYS), TREES, max_size=8))
def test_random_documents_give_only_diagnostics(tree: dict[str, object]) -> None:
    _check_text(json.dumps(tree).encode())


HEAD = 'svcdef: "1"\nservice: {id: s, version: 1.0.0, languages: [de], title: T, authority: A}\n'


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(st.sampled_from(KEYS), TREES, max_size=5),
    st.sampled_from(["text", "integer", "date", "choice", "list", "group", "money", "file", "nope"]),
)
def test_random_fields_under_a_valid_header_give_only_diagnostics(extra: dict[str, object], field_type: str) -> None:
    field = {"type": field_type, "label": "L", **extra}
    _check_text((HEAD + "fields:\n  f: " + json.dumps(field) + "\n").encode())
