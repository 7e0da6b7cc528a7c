"""Hypothesis strategies for well-typed expression trees over a fixed schema, and random submissions for it.

The trees use every node kind and every library function, with literals at
the boundaries that matter (half-way decimals, 12-digit scales, leap days,
the ends of the calendar) and submissions with absent values and empty lists.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from svcdef.expr import nodes as n
from svcdef.expr.types import BOOL, DATE, DATETIME, DECIMAL, INT, MONEY, TEXT, TIME, Group, ListOf, Text, Type
from svcdef.span import NOWHERE

OPTIONS = frozenset({"invoice", "debit", "card"})
CHOICE = Text(OPTIONS)
CHF = MONEY("CHF")
ITEM = Group({"n": INT, "v": DECIMAL, "f": BOOL, "s": TEXT, "when": DATE, "sub": ListOf(INT), "c": CHOICE})
ROOT = Group(
    {
        "i": INT,
        "j": INT,
        "d": DECIMAL,
        "e": DECIMAL,
        "m": CHF,
        "m2": CHF,
        "b": BOOL,
        "c": BOOL,
        "t": TEXT,
        "u": TEXT,
        "p": CHOICE,
        "dt": DATE,
        "dt2": DATE,
        "ts": DATETIME,
        "ts2": DATETIME,
        "tm": TIME,
        "tm2": TIME,
        "g": Group({"x": INT, "y": TEXT, "z": DATE, "h": Group({"k": DECIMAL})}),
        "li": ListOf(INT),
        "ld": ListOf(DECIMAL),
        "lm": ListOf(CHF),
        "lt": ListOf(TEXT),
        "ldt": ListOf(DATE),
        "ltm": ListOf(TIME),
        "lg": ListOf(ITEM),
        "multi": ListOf(CHOICE),
    }
)

KINDS = ("bool", "int", "dec", "money", "text", "choice", "date", "datetime", "time")
TOP_KINDS = ("bool", "bool", "bool", "int", "int", "dec", "dec", "money", "money", "text", "date", *KINDS)
"""Kinds of whole expressions, weighted towards those with many operators."""
NUMERIC = ("int", "dec", "money")
ORDERED = ("int", "dec", "money", "date", "datetime", "time")
TYPE_OF_KIND: dict[str, Type] = {
    "bool": BOOL,
    "int": INT,
    "dec": DECIMAL,
    "money": CHF,
    "text": TEXT,
    "choice": CHOICE,
    "date": DATE,
    "datetime": DATETIME,
    "time": TIME,
}
ROOT_FIELDS: dict[str, list[tuple[str, ...]]] = {
    "int": [("i",), ("j",), ("g", "x")],
    "dec": [("d",), ("e",), ("g", "h", "k")],
    "money": [("m",), ("m2",)],
    "bool": [("b",), ("c",)],
    "text": [("t",), ("u",), ("g", "y")],
    "choice": [("p",)],
    "date": [("dt",), ("dt2",), ("g", "z")],
    "datetime": [("ts",), ("ts2",)],
    "time": [("tm",), ("tm2",)],
}
ITEM_FIELDS = {"int": ["n"], "dec": ["v"], "bool": ["f"], "text": ["s"], "date": ["when"], "choice": ["c"]}
SCALAR_LISTS = {
    "int": ("li",),
    "dec": ("ld",),
    "money": ("lm",),
    "text": ("lt",),
    "date": ("ldt",),
    "time": ("ltm",),
    "choice": ("multi",),
}

ALPHABET = "abcXYZ019 \t\n'\"\\</äöüéÄÉß😀\u2028-."
TEXTS = st.text(alphabet=ALPHABET, max_size=6)
INTEGERS = st.one_of(st.sampled_from([0, 1, 2, 3, 7, 10, 18, 100, 10**20]), st.integers(0, 10**6))
DECIMALS = st.sampled_from(
    ["0.005", "0.5", "1.5", "2.5", "0.000000000001", "12.50", "0.0", "1.005", "3.14159", "999999999999.999999", "0.125"]
).map(Decimal)
DATES = st.one_of(
    st.sampled_from(
        [
            datetime.date(2000, 2, 29),
            datetime.date(2024, 2, 29),
            datetime.date(2023, 2, 28),
            datetime.date(2023, 3, 1),
            datetime.date(1900, 3, 1),
            datetime.date(1, 1, 1),
            datetime.date(9999, 12, 31),
            datetime.date(2026, 1, 31),
        ]
    ),
    st.dates(),
)
TIMES = st.one_of(st.sampled_from([datetime.time(0, 0), datetime.time(23, 59, 59)]), st.times())
DATETIMES = st.one_of(st.sampled_from([datetime.datetime(2024, 2, 29, 12, 0)]), st.datetimes())
PATTERNS = ["[a-z]+", "a.c", "[0-9]{2,4}", "(ab|cd)*", ".*X.*", "A|b", "[^ ]+", "\\w+", ""]


def _literal(kind: str) -> st.SearchStrategy[n.Node]:
    if kind == "int":
        return INTEGERS.map(lambda v: n.IntegerLiteral(v, NOWHERE))
    if kind == "dec":
        return DECIMALS.map(lambda v: n.DecimalLiteral(v, NOWHERE))
    if kind == "text":
        return TEXTS.map(lambda v: n.TextLiteral(v, NOWHERE))
    if kind == "choice":
        return st.sampled_from(sorted(OPTIONS)).map(lambda v: n.TextLiteral(v, NOWHERE))
    if kind == "bool":
        return st.booleans().map(lambda v: n.BooleanLiteral(v, NOWHERE))
    if kind == "date":
        return DATES.map(lambda v: n.DateLiteral(v, NOWHERE))
    if kind == "datetime":
        return DATETIMES.map(lambda v: n.DateTimeLiteral(v.replace(microsecond=0), NOWHERE))
    return TIMES.map(lambda v: n.TimeLiteral(v.replace(microsecond=0), NOWHERE))


_LITERALS = {kind: _literal(kind) for kind in ("int", "dec", "text", "choice", "bool", "date", "datetime", "time")}


def _field(path: tuple[str, ...]) -> n.Node:
    return n.FieldPath(path, tuple(NOWHERE for _ in path), NOWHERE)


def _item(path: tuple[str, ...]) -> n.Node:
    return n.ItemPath(path, tuple(NOWHERE for _ in path), NOWHERE)


def _call(name: str, *args: n.Node) -> n.Node:
    return n.Call(name, args, NOWHERE, NOWHERE)


class Scope:
    """What `item` is where an expression is generated: None outside lists, else the element kind or 'group'."""

    def __init__(self, item: str | None) -> None:
        self.item = item


def expression(kind: str, scope: Scope) -> st.SearchStrategy[n.Node]:
    """Well-typed trees whose type is the type of `kind` (money and choice included).

    Money has no literals of its own: a number literal is a decimal that money
    operations accept, so money trees start from money fields.
    """
    return st.composite(lambda draw: _e(draw, kind, scope, 0))()


_CHOICES = {size: st.integers(0, size - 1) for size in range(1, 40)}


def _pick(draw: st.DrawFn, options: list[Any] | tuple[Any, ...]) -> Any:
    return options[draw(_CHOICES[len(options)])]


def _leaves(kind: str, scope: Scope) -> list[Any]:
    """Leaf makers: a literal strategy, or a ready node."""
    found: list[Any] = [] if kind == "money" else [_LITERALS[kind]]
    found += [_field(p) for p in ROOT_FIELDS[kind]]
    if scope.item == "group" and kind in ITEM_FIELDS:
        found += [_item((name,)) for name in ITEM_FIELDS[kind]] * 3
    if scope.item == kind:
        found += [_item(())] * 3
    if scope.item is not None and kind == "int":
        found += [n.Index(NOWHERE)] * 2
    if kind == "date":
        found.append(_call("today"))
    return found


def _e(draw: st.DrawFn, kind: str, scope: Scope, depth: int) -> n.Node:
    if depth >= 4 or draw(_CHOICES[4]) == 0:
        leaf = _pick(draw, _leaves(kind, scope))
        return leaf if isinstance(leaf, n.Node) else draw(leaf)
    build = _pick(draw, _BUILDERS[kind])
    return build(draw, scope, depth + 1)  # type: ignore[no-any-return]


def _maybe_null(draw: st.DrawFn, kind: str, scope: Scope, depth: int) -> n.Node:
    return n.NullLiteral(NOWHERE) if draw(_CHOICES[6]) == 0 else _e(draw, kind, scope, depth)


def _conditional(kind: str) -> Any:
    def build(draw: st.DrawFn, scope: Scope, depth: int) -> n.Node:
        test = _e(draw, "bool", scope, depth)
        if draw(_CHOICES[2]) == 0:
            then, otherwise = _maybe_null(draw, kind, scope, depth), _e(draw, kind, scope, depth)
        else:
            then, otherwise = _e(draw, kind, scope, depth), _maybe_null(draw, kind, scope, depth)
        return n.Conditional(test, then, otherwise, NOWHERE)

    return build


def _coalesce(kind: str) -> Any:
    def build(draw: st.DrawFn, scope: Scope, depth: int) -> n.Node:
        return _call("coalesce", _maybe_null(draw, kind, scope, depth), _e(draw, kind, scope, depth))

    return build


def _list_source(draw: st.DrawFn, scope: Scope, depth: int) -> tuple[n.Node, Scope]:
    """A list to iterate and the scope of its items: the list of groups, a scalar list, or a nested one."""
    options: list[tuple[n.Node, Scope]] = [(_field(("lg",)), Scope("group"))]
    options += [(_field((name,)), Scope(k)) for k, names in SCALAR_LISTS.items() for name in names]
    if scope.item == "group":
        options.append((_item(("sub",)), Scope("int")))
    return _pick(draw, options)


def _over(name: str, kind: str) -> Any:
    def build(draw: st.DrawFn, scope: Scope, depth: int) -> n.Node:
        source, inner = _list_source(draw, scope, depth)
        return _call(name, source, _e(draw, kind, inner, depth))

    return build


def _aggregate(name: str, kind: str) -> Any:
    def build(draw: st.DrawFn, scope: Scope, depth: int) -> n.Node:
        return _call(name, _field((SCALAR_LISTS[kind][0],)))

    return build


def _binary(op: str, left: str, right: str, node: type[n.Node] = n.Arithmetic) -> Any:
    def build(draw: st.DrawFn, scope: Scope, depth: int) -> n.Node:
        return node(op, _e(draw, left, scope, depth), _e(draw, right, scope, depth), NOWHERE)  # type: ignore[call-arg]

    return build


def _unary(cls: type[n.Node], kind: str) -> Any:
    return lambda draw, scope, depth: cls(_e(draw, kind, scope, depth), NOWHERE)  # type: ignore[call-arg]


def _fn(name: str, *kinds: str) -> Any:
    return lambda draw, scope, depth: _call(name, *(_e(draw, k, scope, depth) for k in kinds))


def _round(kind: str) -> Any:
    def build(draw: st.DrawFn, scope: Scope, depth: int) -> n.Node:
        places = n.IntegerLiteral(_pick(draw, (0, 0, 1, 2, 2, 2, 3, 12)), NOWHERE)
        return _call("round", _e(draw, kind, scope, depth), places)

    return build


def _compare(draw: st.DrawFn, scope: Scope, depth: int) -> n.Node:
    kind = _pick(draw, KINDS)
    ops = ["==", "!=", "<", "<=", ">", ">="] if kind in ORDERED else ["==", "!="]
    op = _pick(draw, ops)
    if kind in NUMERIC:
        left, right = _pick(draw, NUMERIC), _pick(draw, NUMERIC)
        return n.Comparison(op, _e(draw, left, scope, depth), _e(draw, right, scope, depth), NOWHERE)
    return n.Comparison(op, _e(draw, kind, scope, depth), _e(draw, kind, scope, depth), NOWHERE)


def _membership(draw: st.DrawFn, scope: Scope, depth: int) -> n.Node:
    kind = _pick(draw, ("int", "dec", "text", "choice", "date", "time", "bool"))
    negated = draw(_CHOICES[2]) == 0
    value = _e(draw, kind, scope, depth)
    if kind in SCALAR_LISTS and draw(_CHOICES[2]) == 0:
        container: n.Node = _field((SCALAR_LISTS[kind][0],))
    else:
        size = draw(_CHOICES[4])
        container = n.ListLiteral(tuple(_e(draw, kind, scope, depth + 1) for _ in range(size)), NOWHERE)
    return n.Membership(value, container, negated, NOWHERE)


def _is_set(draw: st.DrawFn, scope: Scope, depth: int) -> n.Node:
    if draw(_CHOICES[2]) == 0:
        return _call("is_set", _e(draw, _pick(draw, KINDS), scope, depth))
    return _call("is_set", _field((_pick(draw, ("g", "lg", "li")),)))


def _matches(draw: st.DrawFn, scope: Scope, depth: int) -> n.Node:
    return _call("matches", _e(draw, "text", scope, depth), n.TextLiteral(_pick(draw, PATTERNS), NOWHERE))


def _extremes(kind: str) -> list[Any]:
    found = [_fn("min", kind, kind), _fn("max", kind, kind), _fn("min", kind, kind, kind)]
    if kind in SCALAR_LISTS:
        found += [_aggregate("min", kind), _aggregate("max", kind)]
    found += [_over("min", kind), _over("max", kind)]
    return found


def _common(kind: str) -> list[Any]:
    return [_conditional(kind), _coalesce(kind)]


_BUILDERS: dict[str, list[Any]] = {
    "bool": [
        _compare,
        _compare,
        _membership,
        _binary("and", "bool", "bool", n.Logical),
        _binary("or", "bool", "bool", n.Logical),
        _unary(n.Not, "bool"),
        _over("any", "bool"),
        _over("all", "bool"),
        _is_set,
        _matches,
        *_common("bool"),
    ],
    "int": [
        _binary("+", "int", "int"),
        _binary("-", "int", "int"),
        _binary("*", "int", "int"),
        _unary(n.Negate, "int"),
        _fn("len", "text"),
        _aggregate("count", "int"),
        _over("count", "bool"),
        _aggregate("sum", "int"),
        _over("sum", "int"),
        _fn("days_between", "date", "date"),
        _fn("years_between", "date", "date"),
        _fn("age", "date"),
        _fn("abs", "int"),
        *_extremes("int"),
        *_common("int"),
    ],
    "dec": [
        _binary("+", "dec", "int"),
        _binary("-", "int", "dec"),
        _binary("*", "dec", "dec"),
        _binary("/", "dec", "int"),
        _binary("/", "int", "int"),
        _binary("/", "dec", "dec"),
        _binary("/", "money", "money"),
        _unary(n.Negate, "dec"),
        _round("dec"),
        _round("int"),
        _fn("abs", "dec"),
        _aggregate("sum", "dec"),
        _over("sum", "dec"),
        *_extremes("dec"),
        *_common("dec"),
    ],
    "money": [
        _binary("+", "money", "dec"),
        _binary("-", "money", "money"),
        _binary("*", "money", "int"),
        _binary("*", "dec", "money"),
        _binary("/", "money", "dec"),
        _unary(n.Negate, "money"),
        _round("money"),
        _fn("abs", "money"),
        _aggregate("sum", "money"),
        _over("sum", "money"),
        _fn("min", "money", "int"),
        _aggregate("max", "money"),
        *_common("money"),
    ],
    "text": [
        _binary("+", "text", "text"),
        _fn("lower", "text"),
        _fn("upper", "text"),
        _fn("trim", "text"),
        *_common("text"),
    ],
    "choice": _common("choice"),
    "date": [_fn("add_days", "date", "int"), *_extremes("date"), *_common("date")],
    "datetime": [_fn("max", "datetime", "datetime"), *_common("datetime")],
    "time": [_fn("min", "time", "time"), *_extremes("time"), *_common("time")],
}


# -- submissions ---------------------------------------------------------------------------


_SPECIAL_INTS = [0, 1, 2, 3, 7, 10, 18, 100, 10**20, -1, -7, 4_000_000, 3_000_000]
_SPECIAL_DECIMALS = [
    Decimal(x) for x in ("0.005", "0.5", "1.5", "2.5", "0.000000000001", "12.50", "0.0", "1.005", "0.125")
]
_SPECIAL_DATES = [
    datetime.date(2000, 2, 29),
    datetime.date(2024, 2, 29),
    datetime.date(2023, 2, 28),
    datetime.date(2023, 3, 1),
    datetime.date(1, 1, 1),
    datetime.date(9999, 12, 31),
]


def random_value(rng: random.Random, t: Type) -> Any:
    """A submitted value of type `t`, absent one time in five; boundary values are frequent.

    Submissions come from a seeded generator rather than one hypothesis draw
    per field: it keeps thousands of cases within the test's time budget.
    """
    if rng.random() < 0.2:
        return None
    if t == INT:
        return rng.choice(_SPECIAL_INTS) if rng.random() < 0.5 else rng.randint(-(10**6), 10**6)
    if t in (DECIMAL, CHF):
        places = 2 if t == CHF else rng.randint(0, 13)
        if t == DECIMAL and rng.random() < 0.4:
            d = rng.choice(_SPECIAL_DECIMALS)
        else:
            d = Decimal(rng.randint(-(10**15), 10**15)).scaleb(-places)
        d = -d if rng.random() < 0.3 else d
        return d if d else d.copy_abs()
    if t == BOOL:
        return rng.random() < 0.5
    if t == CHOICE:
        return rng.choice(sorted(OPTIONS))
    if t == TEXT:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 6)))
    if t == DATE:
        return (
            rng.choice(_SPECIAL_DATES) if rng.random() < 0.4 else datetime.date.fromordinal(rng.randint(1, 3_652_059))
        )
    if t == DATETIME:
        day = datetime.datetime.combine(random_value(rng, DATE) or datetime.date(2024, 2, 29), datetime.time())
        return day + datetime.timedelta(seconds=rng.randint(0, 86399), microseconds=rng.choice([0, 0, 1, 500000]))
    if t == TIME:
        return datetime.time(rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59), rng.choice([0, 0, 250000]))
    if isinstance(t, ListOf):
        return [random_value(rng, t.elem) for _ in range(rng.randint(0, 4))]
    if isinstance(t, Group):
        return {k: random_value(rng, v) for k, v in t.fields.items()}
    raise AssertionError(t)
