"""Runs the example submissions embedded in specs (`tests:`) and compares what they expect with what happens.

An engine is anything that turns (service, submission, today, lang) into a
`Result`: the reference interpreter here, and later the generated Python and
JavaScript code, so that `svcdef test` shows every target agreeing with the
spec's own examples. Expectations compare numbers by value (`"110000"`
equals `"110000.00"`), errors by the keys the test gives, in order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from . import model as m
from .evaluate import Result
from .evaluate import evaluate as reference
from .formats import parse_date
from .service import Service
from .span import Span

Engine = Callable[[Service, Any, dt.date, str | None], Result]


def reference_engine(service: Service, submission: Any, today: dt.date, lang: str | None) -> Result:
    return reference(service, submission, today=today, lang=lang)


class Outcome(NamedTuple):
    """The result of one embedded test in one engine."""

    service: str
    test: str
    span: Span
    problems: list[str]
    """What differs from the expectation; empty when the test passed."""

    @property
    def passed(self) -> bool:
        return not self.problems


def submission_of(test: m.TestCase) -> Any:
    """A test's input as a portal would send it: YAML numbers become JSON numbers (decimals as floats)."""
    return _json_like(test.input)


def _json_like(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent == 0 else float(value)
    if isinstance(value, dict):
        return {k: _json_like(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_like(v) for v in value]
    return value


def day_of(service: Service, test: m.TestCase) -> dt.date:
    """The day a test runs at: its `today`, else the current date in the service's time zone."""
    if test.today is None:
        return service.today()
    day = parse_date(test.today)
    assert day is not None  # the checker rejects invalid dates
    return day


def run_tests(service: Service, engine: Engine = reference_engine) -> Iterator[Outcome]:
    """Run every embedded test of `service` in `engine`."""
    for test in service.spec.tests:
        try:
            result = engine(service, submission_of(test), day_of(service, test), test.lang)
        except Exception as exc:  # an engine that crashes fails the test; it must not stop the run
            yield Outcome(service.id, test.name, test.span, [f"the engine failed: {type(exc).__name__}: {exc}"])
            continue
        yield Outcome(service.id, test.name, test.span, compare(test.expect, result))


def compare(expect: m.Expectation, result: Result) -> list[str]:
    """Every way `result` differs from `expect`, as readable lines."""
    problems: list[str] = []
    if expect.valid is not None and expect.valid != result.valid:
        problems.append(f"valid: expected {_yes(expect.valid)}, got {_yes(result.valid)}")
        if result.errors and expect.errors is None:
            problems += [f"  error: {_show(e.rule, e.pointer, e.code)} {e.message}" for e in result.errors]
    if expect.errors is not None:
        problems += _compare_errors(expect.errors, result)
    if expect.fees is not None:
        problems += _compare_fees(expect.fees, result)
    if expect.computed is not None:
        problems += _compare_computed(expect.computed, result)
    return problems


def _yes(value: bool) -> str:
    return "valid" if value else "invalid"


def _show(rule: str | None, at: str | None, code: str | None) -> str:
    parts = [f"rule={rule}" if rule is not None else "", f"at={at!r}" if at is not None else ""]
    parts.append(f"code={code}" if code is not None else "")
    return "{" + ", ".join(p for p in parts if p) + "}"


def _compare_errors(expected: tuple[m.ExpectedError, ...], result: Result) -> list[str]:
    def fits(want: m.ExpectedError, got: Any) -> bool:
        return (
            (want.rule is None or want.rule == got.rule)
            and (want.at is None or want.at == got.pointer)
            and (want.code is None or want.code == got.code)
        )

    ok = len(expected) == len(result.errors) and all(fits(w, g) for w, g in zip(expected, result.errors, strict=False))
    if ok:
        return []
    lines = ["errors differ:"]
    lines += [f"  expected {_show(w.rule, w.at, w.code)}" for w in expected] or ["  expected no errors"]
    lines += [f"  got      {_show(g.rule, g.pointer, g.code)} {g.message}" for g in result.errors] or [
        "  got no errors"
    ]
    return lines


def _same_number(expected: Any, got: Any) -> bool:
    try:
        return Decimal(str(expected)) == Decimal(str(got))
    except (InvalidOperation, ValueError):
        return False


def _compare_fees(expected: Any, result: Result) -> list[str]:
    if result.fees is None:
        return ["fees: expected fees, but the service has no fee schedule"]
    if not isinstance(expected, dict):
        return ["fees: the expectation must be a mapping with 'total' and/or 'items'"]
    problems: list[str] = []
    fees = result.fees.as_dict()
    if "total" in expected and not _same_number(expected["total"], fees["total"]):
        problems.append(f"fees.total: expected {expected['total']}, got {fees['total']}")
    items = expected.get("items")
    if isinstance(items, dict):
        for item_id, want in items.items():
            got = [line["amount"] for line in fees["items"] if line["id"] == item_id]
            wants = want if isinstance(want, list) else [want]
            if len(wants) != len(got) or not all(_same_number(w, g) for w, g in zip(wants, got, strict=True)):
                shown = got if isinstance(want, list) or len(got) != 1 else got[0]
                problems.append(f"fees.items.{item_id}: expected {want}, got {shown if got else 'no line'}")
    unknown = sorted(set(expected) - {"total", "items"})
    problems += [f"fees: unknown expectation '{k}' (use 'total' and 'items')" for k in unknown]
    return problems


def _compare_computed(expected: Any, result: Result) -> list[str]:
    if not isinstance(expected, dict):
        return ["computed: the expectation must be a mapping of computed value names to values"]
    problems: list[str] = []
    for name, want in expected.items():
        if name not in result.computed:
            problems.append(f"computed.{name}: the service has no computed value '{name}'")
            continue
        got = result.computed[name]
        same = _same_value(want, got)
        if not same:
            problems.append(f"computed.{name}: expected {want}, got {got}")
    return problems


def _same_value(want: Any, got: Any) -> bool:
    """Equal as JSON values, numbers by value (`1.50` and `"1.5"`)."""
    if isinstance(want, bool) or isinstance(got, bool) or want is None or got is None:
        return bool(want == got)
    return _same_number(want, got) or str(want) == str(got)
