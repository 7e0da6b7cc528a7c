"""The fee calculator of the reference interpreter: itemised, exact, rounded the way the spec prescribes.

A fee is a list of lines (one per item, or one per list entry for items with
`for_each`), each an exact decimal amount, capped by the item's `min`/`max`
and rounded to the schedule's step, and their total. Rounding works on exact
fractions, so no amount depends on binary floating point or on a decimal
context. docs/fees.md describes the semantics every target shares.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from .expr import Context
from .expr import evaluate as evaluate_expression
from .formats import MONEY_SCALE, parse_date
from .service import EACH, Service

_CENT = Decimal(1).scaleb(-MONEY_SCALE)


class FeeLine(NamedTuple):
    """One line of the fee: the item, its label, the amount and the list entry it is for (a pointer) if any."""

    id: str
    label: str
    amount: Decimal
    for_: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "amount": money_text(self.amount), "for": self.for_}


class FeeResult(NamedTuple):
    """The itemised fee of a submission."""

    currency: str
    items: list[FeeLine]
    total: Decimal

    def as_dict(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "items": [line.as_dict() for line in self.items],
            "total": money_text(self.total),
        }


def compute_fees(service: Service, root: dict[str, Any], today: dt.date, lang: str) -> FeeResult:
    """The fee of a submission whose typed view (with computed values) is `root`."""
    plan = service.fees
    assert plan is not None
    rounding = plan.fees.rounding
    step = rounding.step if rounding else _CENT
    mode = rounding.mode if rounding else "half_up"
    apply = rounding.apply if rounding else "both"
    fee_date = today
    if plan.date is not None:
        found = evaluate_expression(plan.date, Context(root, today))
        if isinstance(found, dt.date):
            fee_date = found
    lines: list[FeeLine] = []
    for line in plan.lines:
        item = line.item
        if not in_force(item.valid_from, item.valid_until, fee_date):
            continue
        label = item.label.best(lang, service.languages)
        for entry, index, pointer in _entries(root, line.for_each):
            ctx = Context(root, today, entry, index)
            if line.when is not None and evaluate_expression(line.when, ctx) is not True:
                continue
            amount = evaluate_expression(line.amount, ctx)
            if amount is None:
                continue
            amount = Decimal(amount)
            if item.min is not None:
                amount = max(amount, item.min)
            if item.max is not None:
                amount = min(amount, item.max)
            if apply in ("item", "both"):
                amount = round_to_step(amount, step, mode)
            lines.append(FeeLine(item.id, label, amount, pointer))
    total = sum((line.amount for line in lines), Decimal(0))
    if apply in ("total", "both"):
        total = round_to_step(total, step, mode)
    return FeeResult(plan.currency, lines, total)


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
    result = Decimal(int(sign * steps)) * step
    return result if result else abs(result)


def money_text(amount: Decimal) -> str:
    """An amount as a decimal string with at least the currency's minor digits: `120.00`, `0.125`."""
    if amount.as_tuple().exponent > -MONEY_SCALE:  # type: ignore[operator]
        amount = amount.quantize(_CENT)
    return format(amount, "f")
