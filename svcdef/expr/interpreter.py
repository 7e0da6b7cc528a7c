"""The reference interpreter: evaluates a checked expression directly, as the oracle for every target.

It is written independently of the shipped runtimes (exact fractions for
division and rounding, plain loops for lists) so that the differential tests
compare two implementations of `docs/expressions.md`, not one with itself.
Whatever the values in the context, evaluation returns a value or None and
never raises.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from ..frozen import Frozen, set_attribute
from . import nodes as n
from .checker import Typed

_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[])
DIVISION_PLACES = 12
_ASCII_SPACE = " \t\n\r\x0b\x0c"


_NO_FUNCTIONS: Mapping[str, Callable[..., Any]] = MappingProxyType({})


class Context(Frozen):
    """What an expression is evaluated against."""

    __slots__ = ("functions", "index", "item", "pattern", "root", "today")
    _compared = ("root", "today", "item", "index", "functions", "pattern")

    root: Mapping[str, Any]
    """The submission (and computed values) by top-level name."""
    today: datetime.date
    """The date `today()` returns."""
    item: Any
    """The current list element in a list context."""
    index: int | None
    """The 0-based position of `item`."""
    functions: Mapping[str, Callable[..., Any]]
    """Implementations of `Env.functions_extra`."""
    pattern: Callable[[str], str] | None
    """Rewrites a `matches` pattern for Python `re` (as the Python emitter's `pattern`); None: as written."""

    def __init__(
        self,
        root: Mapping[str, Any],
        today: datetime.date,
        item: Any = None,
        index: int | None = None,
        functions: Mapping[str, Callable[..., Any]] = _NO_FUNCTIONS,
        pattern: Callable[[str], str] | None = None,
    ) -> None:
        set_attribute(self, "root", root)
        set_attribute(self, "today", today)
        set_attribute(self, "item", item)
        set_attribute(self, "index", index)
        set_attribute(self, "functions", functions)
        set_attribute(self, "pattern", pattern)


def evaluate(typed: Typed, ctx: Context) -> Any:
    """The value of a checked expression: None, bool, int, Decimal, str, date, datetime, time, list or dict."""
    try:
        return _evaluate(typed, ctx)
    except (TypeError, ValueError, ArithmeticError, AttributeError, KeyError, IndexError, re.error):
        return None


def _evaluate(t: Typed, ctx: Context) -> Any:
    node = t.node
    match node:
        case n.IntegerLiteral(value=v) | n.DecimalLiteral(value=v) | n.TextLiteral(value=v) | n.BooleanLiteral(value=v):
            return v
        case n.DateLiteral(value=v) | n.DateTimeLiteral(value=v) | n.TimeLiteral(value=v):
            return v
        case n.NullLiteral():
            return None
        case n.ListLiteral():
            return [_evaluate(a, ctx) for a in t.args]
        case n.FieldPath(path=path):
            return _walk(ctx.root, path)
        case n.ItemPath(path=path):
            return _walk(ctx.item, path) if path else ctx.item
        case n.Index():
            return ctx.index
        case n.Conditional():
            return _evaluate(t.args[1] if _evaluate(t.args[0], ctx) is True else t.args[2], ctx)
        case n.Call() if t.op in _LIST_OPS:
            return _LIST_OPS[t.op](_as_list(_evaluate(t.args[0], ctx)), t.args[1], ctx)
        case n.Call() if t.op == "extra":
            return ctx.functions[node.name](*(_evaluate(a, ctx) for a in t.args))
        case n.Call() if t.op == "today":
            return ctx.today
        case n.Call() if t.op == "age":
            return _years_between(_evaluate(t.args[0], ctx), ctx.today)
        case n.Call() if t.op == "matches":
            return _matches(_evaluate(t.args[0], ctx), t.args[1].node, ctx.pattern)
        case n.Call() if t.op == "round_to":
            return _round(_evaluate(t.args[0], ctx), t.args[1].node)
        case n.Negate() | n.Not() | n.Arithmetic() | n.Comparison() | n.Logical() | n.Membership() | n.Call():
            return _OPERATIONS[t.op](*(_evaluate(a, ctx) for a in t.args))
    raise TypeError(f"interpreter has no case for {type(node).__name__}")


def _walk(value: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(name)
    return value


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _strict(op: Callable[..., Any]) -> Callable[..., Any]:
    """`op` that gives None as soon as one argument is None."""
    return lambda *args: None if any(a is None for a in args) else op(*args)


def _number(value: Any) -> Any:
    """Python ints stay ints; a Decimal zero loses its sign (JavaScript has no -0)."""
    if isinstance(value, decimal.Decimal) and not value:
        return value.copy_abs()
    return value


def _both_int(a: Any, b: Any) -> bool:
    return type(a) is int and type(b) is int


def _add(a: Any, b: Any) -> Any:
    return a + b if _both_int(a, b) else _number(_EXACT.add(a, b))


def _sub(a: Any, b: Any) -> Any:
    return a - b if _both_int(a, b) else _number(_EXACT.subtract(a, b))


def _mul(a: Any, b: Any) -> Any:
    return a * b if _both_int(a, b) else _number(_EXACT.multiply(a, b))


def _div(a: Any, b: Any) -> Any:
    """The quotient rounded half-even to 12 fractional digits, trailing fractional zeros removed; x/0 is None."""
    if b == 0:
        return None
    scaled = round(Fraction(a) / Fraction(b) * 10**DIVISION_PLACES)
    places = DIVISION_PLACES
    while places and scaled % 10 == 0:
        scaled //= 10
        places -= 1
    return _number(decimal.Decimal(scaled).scaleb(-places, _EXACT))


def _neg(a: Any) -> Any:
    return -a if type(a) is int else _number(_EXACT.minus(a))


def _abs(a: Any) -> Any:
    return abs(a) if type(a) is int else _number(_EXACT.abs(a))


def _round(value: Any, places_node: n.Node) -> Any:
    """Half away from zero to exactly `places` fractional digits."""
    if value is None or not isinstance(places_node, n.IntegerLiteral):
        return None
    places = places_node.value
    scaled = Fraction(value) * 10**places
    magnitude = int(abs(scaled) + Fraction(1, 2))
    return _number(decimal.Decimal(-magnitude if scaled < 0 else magnitude).scaleb(-places, _EXACT))


def _and(a: Any, b: Any) -> bool | None:
    if a is False or b is False:
        return False
    return True if a is True and b is True else None


def _or(a: Any, b: Any) -> bool | None:
    if a is True or b is True:
        return True
    return False if a is False and b is False else None


def _not(a: Any) -> bool | None:
    return None if a is None else not a


def _member(value: Any, container: Any) -> bool | None:
    if value is None:
        return None
    return any(e is not None and e == value for e in _as_list(container))


def _years_between(a: Any, b: Any) -> int | None:
    if a is None or b is None:
        return None
    return int(b.year - a.year - ((b.month, b.day) < (a.month, a.day)))


def _add_days(d: datetime.date, days: int) -> datetime.date | None:
    try:
        return d + datetime.timedelta(days=days)
    except OverflowError:
        return None


def _matches(text: Any, pattern_node: n.Node, rewrite: Callable[[str], str] | None) -> bool | None:
    if text is None or not isinstance(pattern_node, n.TextLiteral):
        return None
    pattern = rewrite(pattern_node.value) if rewrite else pattern_node.value
    return re.fullmatch(pattern, text, re.ASCII | re.DOTALL) is not None


def _extreme(values: list[Any], smaller: bool) -> Any:
    best = None
    for v in values:
        if v is not None and (best is None or (v < best if smaller else v > best)):
            best = v
    return best


def _present(values: list[Any]) -> list[Any]:
    return [v for v in values if v is not None]


def _in_each(elements: list[Any], body: Typed, ctx: Context) -> list[Any]:
    """`body` evaluated for every element that is set, with `item` and `index` bound."""
    return [
        _evaluate(body, Context(ctx.root, ctx.today, e, i, ctx.functions, ctx.pattern))
        for i, e in enumerate(elements)
        if e is not None
    ]


def _total(values: list[Any]) -> Any:
    result: Any = 0
    for v in _present(values):
        result = _add(result, v)
    return result


_LIST_OPS: dict[str, Callable[[list[Any], Typed, Context], Any]] = {
    "some": lambda elements, body, ctx: any(r is True for r in _in_each(elements, body, ctx)),
    "every": lambda elements, body, ctx: all(r is True for r in _in_each(elements, body, ctx)),
    "count_where": lambda elements, body, ctx: sum(r is True for r in _in_each(elements, body, ctx)),
    "total_over": lambda elements, body, ctx: _total(_in_each(elements, body, ctx)),
    "smallest_over": lambda elements, body, ctx: _extreme(_in_each(elements, body, ctx), True),
    "largest_over": lambda elements, body, ctx: _extreme(_in_each(elements, body, ctx), False),
}

_OPERATIONS: dict[str, Callable[..., Any]] = {
    "neg": _strict(_neg),
    "not_": _not,
    "add": _strict(_add),
    "sub": _strict(_sub),
    "mul": _strict(_mul),
    "div": _strict(_div),
    "concat": _strict(lambda a, b: a + b),
    "eq": _strict(lambda a, b: a == b),
    "ne": _strict(lambda a, b: a != b),
    "lt": _strict(lambda a, b: a < b),
    "le": _strict(lambda a, b: a <= b),
    "gt": _strict(lambda a, b: a > b),
    "ge": _strict(lambda a, b: a >= b),
    "and_": _and,
    "or_": _or,
    "in_": _member,
    "not_in": lambda v, c: _not(_member(v, c)),
    "days_between": _strict(lambda a, b: (b - a).days),
    "years_between": _years_between,
    "add_days": _strict(_add_days),
    "count": lambda values: len(_present(_as_list(values))),
    "total": lambda values: _total(_as_list(values)),
    "smallest": lambda values: _extreme(_as_list(values), True),
    "largest": lambda values: _extreme(_as_list(values), False),
    "least": _strict(lambda *values: _extreme(list(values), True)),
    "greatest": _strict(lambda *values: _extreme(list(values), False)),
    "length": _strict(len),
    "lower": _strict(str.lower),
    "upper": _strict(str.upper),
    "trim": _strict(lambda s: s.strip(_ASCII_SPACE)),
    "absolute": _strict(_abs),
    "is_set": lambda v: v is not None,
    "coalesce": lambda *values: next((v for v in values if v is not None), None),
}
