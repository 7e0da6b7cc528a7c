"""The fee calculator of the reference interpreter: itemised, exact, rounded the way the spec prescribes.

A fee is a list of lines (one per item in force on the fee date, or one per
list entry for items with `for_each`), each an exact decimal amount, capped by
the item's `min`/`max` and rounded to the schedule's step, and their total.
Decision tables are looked up in the version in force on the fee date.
Rounding works on exact fractions, so no amount depends on binary floating
point or on a decimal context. Every calculation also records how each line
came about (`FeeExplanation`), which `svcdef run --explain` prints.
docs/fees.md describes the semantics every target shares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from .expr import Context
from .expr import evaluate as evaluate_expression
from .expr.runtime.svcdef_runtime import add as exact_add
from .expr.runtime.svcdef_runtime import mul as exact_mul
from .formats import MONEY_SCALE, parse_date
from .service import EACH, Service
from .tables import Lookup, look_up

_CENT = Decimal(1).scaleb(-MONEY_SCALE)


class FeeLine(NamedTuple):
    """One line of the fee: the item, its label, the amount and the list entry it is for (a pointer) if any."""

    id: str
    label: str
    amount: Decimal
    for_: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "amount": money_text(self.amount), "for": self.for_}


class LookupCall(NamedTuple):
    """One table lookup: the function, the table version that answered, the arguments, the rows that counted."""

    function: str
    table: str | None
    """The table (version) in force on the fee date; None when no version is."""
    args: tuple[Any, ...]
    rows: tuple[int, ...]
    """Numbers (1-based) of the rows whose outputs count; empty when none matched."""
    value: Any

    def as_dict(self) -> dict[str, Any]:
        return {
            "function": self.function,
            "table": self.table,
            "args": [_json(a) for a in self.args],
            "rows": list(self.rows),
            "value": _json(self.value),
        }


class LineTrace(NamedTuple):
    """How one item (for one list entry) was charged, or why it was not."""

    item: str
    """The item's `id` in the spec."""
    for_: str | None
    outcome: str
    """`charged`, `not in force`, `when not true` or `no amount`."""
    when: Any
    """The value of `when` (True when the item has none); None when it was null."""
    lookups: tuple[LookupCall, ...]
    amount: Decimal | None
    """The amount as computed, before caps and rounding."""
    capped: Decimal | None
    """After `min` and `max`."""
    rounded: Decimal | None
    """After rounding the item (equal to `capped` when only the total is rounded)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "for": self.for_,
            "outcome": self.outcome,
            "when": _json(self.when),
            "lookups": [c.as_dict() for c in self.lookups],
            "amount": _json(self.amount),
            "capped": _json(self.capped),
            "rounded": _json(self.rounded),
        }


class FeeExplanation(NamedTuple):
    """How a fee was derived: the fee date, the lookups of computed values, each line, the total before rounding."""

    date: dt.date
    date_source: str
    """`fees.date` or `today`."""
    computed_lookups: tuple[LookupCall, ...]
    lines: tuple[LineTrace, ...]
    subtotal: Decimal
    """The sum of the lines before the total is rounded."""
    rounding: str
    """The rounding applied, as written: `0.05 half_up on each item and the total`."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "date_source": self.date_source,
            "computed_lookups": [c.as_dict() for c in self.computed_lookups],
            "lines": [t.as_dict() for t in self.lines],
            "subtotal": format(self.subtotal, "f"),
            "rounding": self.rounding,
        }


class FeeResult(NamedTuple):
    """The itemised fee of a submission, and how it was derived."""

    currency: str
    items: list[FeeLine]
    total: Decimal
    explanation: FeeExplanation | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "items": [line.as_dict() for line in self.items],
            "total": money_text(self.total),
        }


class Lookups:
    """The table functions of a service on its fee date, for expression contexts; each call is recorded."""

    def __init__(self, tables: tuple[Lookup, ...], day: dt.date, date_source: str) -> None:
        self.day = day
        self.date_source = date_source
        self.calls: list[LookupCall] = []
        self.functions: dict[str, Callable[..., Any]] = {
            name: self._function(name, lookup, output)
            for lookup in tables
            for name, output in lookup.functions().items()
        }

    @classmethod
    def of(cls, service: Service, fields: Mapping[str, Any], today: dt.date) -> Lookups:
        """The lookups of `service` for a submission whose typed view (fields only) is `fields`."""
        plan = service.fees
        if plan is None:
            return cls((), today, "today")
        if plan.date is not None:
            found = evaluate_expression(plan.date, Context(fields, today))
            if isinstance(found, dt.date) and not isinstance(found, dt.datetime):
                return cls(plan.tables, found, "fees.date")
        return cls(plan.tables, today, "today")

    def _function(self, name: str, lookup: Lookup, output: int) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            found = look_up(lookup, output, self.day, args)
            table = found.version.name if found.version is not None else None
            self.calls.append(LookupCall(name, table, args, tuple(r.number for r in found.rows), found.value))
            return found.value

        return call


def compute_fees(
    service: Service, root: dict[str, Any], today: dt.date, lang: str, lookups: Lookups | None = None
) -> FeeResult:
    """The fee of a submission whose typed view (with computed values) is `root`.

    `lookups` are the table functions the computed values were evaluated with
    (their calls appear in the explanation); by default they are made here.
    """
    plan = service.fees
    assert plan is not None
    if lookups is None:
        lookups = Lookups.of(service, root, today)
    rounding = plan.fees.rounding
    step = rounding.step if rounding else _CENT
    mode = rounding.mode if rounding else "half_up"
    apply = rounding.apply if rounding else "both"
    fee_date = lookups.day
    computed_lookups = tuple(lookups.calls)
    lines: list[FeeLine] = []
    traces: list[LineTrace] = []
    for line in plan.lines:
        item = line.item
        if not in_force(item.valid_from, item.valid_until, fee_date):
            traces.append(LineTrace(item.id, None, "not in force", None, (), None, None, None))
            continue
        label = item.label.best(lang, service.languages)
        for entry, index, pointer in _entries(root, line.for_each):
            ctx = Context(root, today, entry, index, functions=lookups.functions)
            mark = len(lookups.calls)
            when: Any = True if line.when is None else evaluate_expression(line.when, ctx)
            if when is not True:
                trace = LineTrace(
                    item.id, pointer, "when not true", when, tuple(lookups.calls[mark:]), None, None, None
                )
                traces.append(trace)
                continue
            value = evaluate_expression(line.amount, ctx)
            calls = tuple(lookups.calls[mark:])
            if not isinstance(value, int | Decimal) or isinstance(value, bool):
                traces.append(LineTrace(item.id, pointer, "no amount", when, calls, None, None, None))
                continue
            amount = Decimal(value)
            capped = amount
            if item.min is not None:
                capped = max(capped, item.min)
            if item.max is not None:
                capped = min(capped, item.max)
            rounded = round_to_step(capped, step, mode) if apply in ("item", "both") else capped
            lines.append(FeeLine(item.line_id or item.id, label, rounded, pointer))
            traces.append(LineTrace(item.id, pointer, "charged", when, calls, amount, capped, rounded))
    subtotal = Decimal(0)
    for charged in lines:
        subtotal = exact_add(
            subtotal, charged.amount
        )  # exact whatever the amounts' digits, as BigInts are in JavaScript
    total = round_to_step(subtotal, step, mode) if apply in ("total", "both") else subtotal
    where = {"item": "each item", "total": "the total", "both": "each item and the total"}[apply]
    explanation = FeeExplanation(
        fee_date, lookups.date_source, computed_lookups, tuple(traces), subtotal, f"{step} {mode} on {where}"
    )
    return FeeResult(plan.currency, lines, total, explanation)


def in_force(valid_from: str | None, valid_until: str | None, day: dt.date) -> bool:
    """Whether a dated item or table applies on `day` (both bounds inclusive)."""
    start = parse_date(valid_from) if valid_from else None
    end = parse_date(valid_until) if valid_until else None
    return (start is None or start <= day) and (end is None or day <= end)


def _entries(root: dict[str, Any], for_each: tuple[str, ...] | None) -> list[tuple[Any, int | None, str | None]]:
    if for_each is None:
        return [(None, None, None)]
    value: Any = root
    for name in for_each:
        value = value.get(name) if isinstance(value, dict) else None
    if not isinstance(value, list):
        return []
    prefix = "".join(f"/{name}" for name in for_each if name != EACH)
    return [(entry, i, f"{prefix}/{i}") for i, entry in enumerate(value)]


def round_to_step(amount: Decimal, step: Decimal, mode: str) -> Decimal:
    """`amount` rounded to a multiple of `step` (`0.05`, `0.01`, `1`) by `mode`; ties and signs as docs/fees.md says.

    `half_up` rounds ties away from zero (commercial rounding, also for refunds),
    `half_even` to the even multiple, `down` towards zero, `up` away from zero.
    The result has the step's decimal places (`1.024` to `0.05` is `1.00`).
    """
    ratio = Fraction(amount) / Fraction(step)
    sign = -1 if ratio < 0 else 1
    magnitude = abs(ratio)
    whole, rest = divmod(magnitude, 1)
    if mode == "down" or rest == 0:
        steps = whole
    elif mode == "up" or rest > Fraction(1, 2):
        steps = whole + 1
    elif rest < Fraction(1, 2):
        steps = whole
    elif mode == "half_up":
        steps = whole + 1
    else:  # half_even
        steps = whole + (whole % 2)
    result: Decimal = exact_mul(Decimal(int(sign * steps)), step)  # exact and never -0, whatever the digits
    return result


def money_text(amount: Decimal) -> str:
    """An amount as a decimal string with at least the currency's minor digits: `120.00`, `0.125`; never `-0.00`."""
    whole, _, fraction = format(amount if amount else amount.copy_abs(), "f").partition(".")
    return whole + "." + fraction.ljust(MONEY_SCALE, "0")  # padded as text: `quantize` is bound to 28 digits


def _json(value: Any) -> Any:
    """A value of an explanation as JSON data: numbers as decimal strings, dates as ISO strings."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | Decimal):
        return format(Decimal(value), "f")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return [_json(v) for v in value]
    return str(value)
