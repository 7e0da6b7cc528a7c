"""The hand-written validators of `benchmarks/handwritten/` check what they claim to check.

`benchmarks/validators.py` reports the generated code against them as the ceiling of pure Python on example
specs; a ceiling that skipped a check would flatter Python and shame the generator, so each is held here to its
reference on drawn submissions (valid by construction, then mutated): `svcdef_checks` must return the generated
`validate`'s errors (code, rule, pointer) in its order, and `schema_checks` must accept exactly what `jsonschema`
accepts on the generated `schema.json`.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from form_submissions import TODAY, submissions
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_generated_differential import HOSTILE, _field_at, boundary

from generators import generator
from generators.python.engine import load
from svcdef.check import check_paths
from svcdef.service import Service
from svcdef.testing import day_of, submission_of

ROOT = Path(__file__).resolve().parent.parent


def _forms() -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        return importlib.import_module("handwritten").FORMS  # type: ignore[no-any-return]
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


FORMS = _forms()
SERVICES: dict[str, Service] = {s.id: s for s in check_paths([str(ROOT / "specs" / f"{i}.yaml") for i in FORMS])[0]}


class Form:
    """A hand-written module with the references it is held to."""

    def __init__(self, service: Service, folder: Path) -> None:
        self.service = service
        self.hand = FORMS[service.id]
        self.generated = load(service, folder)
        self.schema = jsonschema.Draft202012Validator(json.loads(generator("schema")(service)["schema.json"]))

    def agree(self, data: Any, today: Any) -> None:
        expected = [(e.code, e.rule, e.pointer) for e in self.generated.validate(data, today=today)]
        assert self.hand.svcdef_checks(data, today) == expected, json.dumps(data)
        assert (self.hand.schema_checks(data) == []) == self.schema.is_valid(data), json.dumps(data)


@pytest.fixture(scope="module", params=sorted(FORMS))
def form(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Form:
    return Form(SERVICES[request.param], tmp_path_factory.mktemp(request.param) / "py")


def test_the_specs_own_tests(form: Form) -> None:
    tests = [t for t in form.service.spec.tests if t.expect.valid is not None]
    assert any(t.expect.valid for t in tests) and any(not t.expect.valid for t in tests)
    for test in tests:
        form.agree(submission_of(test), day_of(form.service, test))


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        found += _paths(value, (*prefix, key))
    return found


def test_every_value_at_every_place(form: Form) -> None:
    """Each test submission with each hostile value, and each value on or next to a bound of the field, everywhere.

    Drawn submissions seldom land on a bound; this is where a ceiling that dropped a bound (a birth date from
    1900, a dog born today, a weight of 120 kg) would be caught.
    """
    for test in form.service.spec.tests:
        base, today = submission_of(test), day_of(form.service, test)
        for path in _paths(base)[1:]:
            found = _field_at(form.service, [str(token) for token in path])
            values = HOSTILE + ([boundary(found[1], b, today) for b in range(36)] if found else [])
            for value in values:
                data = json.loads(json.dumps(base))
                target = data
                for token in path[:-1]:
                    target = target[token]
                target[path[-1]] = json.loads(json.dumps(value))
                form.agree(data, today)


def _rule_edits(service_id: str, today: dt.date) -> list[tuple[tuple[Any, ...], list[Any]]]:
    """Values on either side of a rule's threshold that no draw and no field bound lands on, by place."""
    if service_id == "kita-fees":  # the child's age at the start: 91 days, five years (the start is 2026-08-01)
        start = dt.date(2026, 8, 1)
        days = [start - dt.timedelta(days=d) for d in (89, 90, 91, 92)]
        days += [start.replace(year=start.year - 5) + dt.timedelta(days=d) for d in (-1, 0, 1)]
        return [(("children", 0, "birth_date"), [d.isoformat() for d in days])]
    if service_id == "resident-parking":  # the start within 60 days, the city's postal codes
        starts = [(today + dt.timedelta(days=d)).isoformat() for d in (59, 60, 61, 62)]
        return [(("start_date",), starts), (("address", "postal_code"), ["2500", "2501", "2505", "2506", "3000"])]
    return []


def test_the_rules_on_their_bounds(form: Form) -> None:
    test = next(t for t in form.service.spec.tests if t.expect.valid)
    today = day_of(form.service, test)
    for path, values in _rule_edits(form.service.id, today):
        for value in values:
            data = submission_of(test)
            target = data
            for token in path[:-1]:
                target = target[token]
            target[path[-1]] = value
            form.agree(data, today)


@settings(
    max_examples=300,
    derandomize=True,  # as the other drawn tests: CI draws the same submissions every run
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_drawn_submissions(form: Form, data: st.DataObject) -> None:
    for submission, _ in data.draw(submissions(form.service)):
        form.agree(json.loads(json.dumps(submission)), TODAY)
