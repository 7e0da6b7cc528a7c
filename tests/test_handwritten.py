"""The hand-written Kita validators of `benchmarks/handwritten_kita.py` check what they claim to check.

`benchmarks/validators.py` reports the generated code against them as the ceiling of pure Python on an example
spec; a ceiling that skipped a check would flatter Python and shame the generator, so both are held here to
their references on drawn submissions (valid by construction, then mutated): `svcdef_checks` must return the
generated `validate`'s errors (code, rule, pointer) in its order, and `schema_checks` must accept exactly what
`jsonschema` accepts on the generated `schema.json`.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from form_submissions import TODAY, submissions
from hypothesis import HealthCheck, given, settings

from generators import generator
from generators.python.engine import load
from svcdef.check import check_paths
from svcdef.service import Service
from svcdef.testing import submission_of

ROOT = Path(__file__).resolve().parent.parent


def _handwritten() -> Any:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        return importlib.import_module("handwritten_kita")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


HAND = _handwritten()
SERVICE: Service = check_paths([str(ROOT / "specs" / "kita-fees.yaml")])[0][0]
SCHEMA = jsonschema.Draft202012Validator(json.loads(generator("schema")(SERVICE)["schema.json"]))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return load(SERVICE, tmp_path_factory.mktemp("kita") / "py")


def _agree(module: Any, data: Any) -> None:
    expected = [(e.code, e.rule, e.pointer) for e in module.validate(data, today=TODAY)]
    assert HAND.svcdef_checks(data) == expected, json.dumps(data)
    assert (HAND.schema_checks(data) == []) == SCHEMA.is_valid(data), json.dumps(data)


def test_the_specs_own_tests(generated: Any) -> None:
    tests = [t for t in SERVICE.spec.tests if t.expect.valid is not None]
    assert any(t.expect.valid for t in tests) and any(not t.expect.valid for t in tests)
    for test in tests:
        _agree(generated, submission_of(test))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(drawn=submissions(SERVICE))
def test_drawn_submissions(generated: Any, drawn: list[tuple[Any, bool]]) -> None:
    for data, _ in drawn:
        _agree(generated, json.loads(json.dumps(data)))
