"""The Python emitter: a checked expression as one Python source expression calling the runtime as `_rt`.

The generated code needs, in scope: `_rt` (the module `svcdef_runtime.py`),
`_today` (a `datetime.date`), whatever names the caller's `ref` spells, and
`_fn_<name>` for each extra function. Inside a predicate of nesting level k
the element and its index are the lambda parameters `_item<k>` and `_index<k>`.
Literals reach the source only through `repr()` of ints and strings.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from . import nodes as n
from .checker import Typed
from .pathref import PathRef
from .types import DATE, DATETIME, TIME, is_number

Ref = Callable[[PathRef], str]

_LIST_OPS = frozenset({"some", "every", "count_where", "total_over", "smallest_over", "largest_over"})
_SYMBOLS = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_OPPOSITE = {"eq": "ne", "ne": "eq", "lt": "ge", "ge": "lt", "le": "gt", "gt": "le"}
_NAME = re.compile(r"\(?[A-Za-z_][A-Za-z0-9_]*\)?")
_VALUES = (
    n.IntegerLiteral,
    n.DecimalLiteral,
    n.TextLiteral,
    n.BooleanLiteral,
    n.DateLiteral,
    n.DateTimeLiteral,
    n.TimeLiteral,
)
"""Literals that are never null."""
_LITERALS = (*_VALUES, n.NullLiteral, n.ListLiteral)


def emit_python(
    typed: Typed,
    ref: Ref,
    *,
    pattern: Callable[[str], str] | None = None,
    test: bool | None = None,
    holds: bool = True,
    names: Callable[[], str] | None = None,
) -> str:
    """Python source text of one expression evaluating `typed` (never raising at run time).

    `pattern` rewrites each `matches` pattern into this engine's spelling (for
    example `svcdef.patterns.to_python`/`to_ecma` of the parsed pattern); by
    default the pattern goes in as written. The runtime matches the whole text.

    With `test=True` (or False) the source is instead a condition that holds
    exactly when the value `is True` (`is False`), or with `holds=False` one
    that holds exactly when it is not; null satisfies neither test. The
    three-valued `and`, `or`, `not`, `is_set` and the comparisons whose
    operands cannot fail to compare are then written out in Python rather than
    called in the runtime: a rule or a visibility condition is most of a valid
    submission's expression work, and a call costs more than the test. Operands
    that are not plain names are bound once to a fresh local from `names`,
    which must never repeat within a module (so that each has one static type).
    """
    emitter = _Emitter(ref, pattern or _as_written, names or _counter())
    return emitter.emit(typed, 0) if test is None else emitter.test(typed, test, 0, holds)


def _counter() -> Callable[[], str]:
    numbers = itertools.count()
    return lambda: f"_w{next(numbers)}"


def _as_written(pattern: str) -> str:
    return pattern


def python_field(group: str, name: str) -> str:
    """Source of `_rt.field(group, name)`, written out when `group` is a plain name (a read costs less than a call).

    The written-out form is a conditional expression: the caller puts it in parentheses where it is an operand.
    """
    if _NAME.fullmatch(group):
        return f"{group}.get({name!r}) if {group}.__class__ is dict else None"
    return f"_rt.field({group}, {name!r})"


def _total(t: Typed) -> bool:
    """Whether the comparison `t` can be written with Python's operator: its set operands always compare.

    Equality never raises. An order is total between numbers (int and Decimal, never NaN) and between
    two dates, two datetimes or two times; the runtime's guard against a failing comparison is then dead.
    """
    a, b = (x.type for x in t.args)
    if t.op in ("eq", "ne"):
        return True
    return (is_number(a) and is_number(b)) or (a == b and a in (DATE, DATETIME, TIME))


class _Emitter:
    def __init__(self, ref: Ref, pattern: Callable[[str], str], names: Callable[[], str]) -> None:
        self.ref = ref
        self.pattern = pattern
        self.names = names

    def test(self, t: Typed, want: bool, level: int, holds: bool = True) -> str:
        """A condition equal to `<value of t> is want`, or with `holds=False` to its negation."""
        op = t.op
        if op == "not_":
            return self.test(t.args[0], not want, level, holds)
        if op in ("and_", "or_"):
            left, right = (self.test(a, want, level, holds) for a in t.args)
            both = ((op == "and_") == want) == holds  # true and, false or: both sides must hold (De Morgan)
            return f"({left} {'and' if both else 'or'} {right})"
        if op == "is_set":
            operand = t.args[0].node
            if isinstance(operand, _LITERALS):  # `5 is not None` would be a SyntaxWarning
                return str((not isinstance(operand, n.NullLiteral)) == (want == holds))
            return f"{self.emit(t.args[0], level)} is {'not ' if want == holds else ''}None"
        if op in _SYMBOLS and _total(t):
            return self.compare(t, op if want else _OPPOSITE[op], level, holds)
        if op in ("in_", "not_in") and isinstance(t.args[1].node, n.ListLiteral):
            return self.member(t, (op == "in_") == want, level, holds)
        if op == "some":
            found = self.some(t, level)
            if found is not None:  # `some` is never null: not true is false
                return found if want == holds else f"not {found}"
        return f"{self.emit(t, level)} is {'' if holds else 'not '}{want}"

    def member(self, t: Typed, inside: bool, level: int, holds: bool) -> str:
        """`x in [...]` is `inside` (or with `holds=False` is not), as the containment test of a tuple.

        The runtime's `in_` is null for a null `x`, else whether an item that is not null equals it; a
        tuple's `in` compares each item by identity or equality, and no item is `x` or equals it where the
        runtime skips one (null, `x` being set). A literal list is a tuple: the call is left for a value.
        """
        value = self.emit(t.args[0], level)
        if not _NAME.fullmatch(value):
            name = self.names()
            value, first = name, f"({name} := {value})"
        else:
            first = value
        values = self.emit(t.args[1], level)
        if holds:
            return f"({first} is not None and {value} {'in' if inside else 'not in'} {values})"
        return f"({first} is None or {value} {'not in' if inside else 'in'} {values})"

    def some(self, t: Typed, level: int) -> str | None:
        """`some(list, predicate) is true` as a list comprehension, or None if the predicate reads the index.

        The runtime's `some` calls a lambda per entry; the comprehension costs a tenth less for one entry and a
        quarter less for two (a condition such as "an insurance is required if some dog is of a listed breed"
        runs on every submission).
        """
        inner = level + 1
        body = self.emit(t.args[1], inner)
        if f"_index{inner}" in body:
            return None
        values = self.emit(t.args[0], level)
        first = values
        if not _NAME.fullmatch(values):
            values = self.names()
            first = f"({values} := {first})"
        item = f"_item{inner}"
        return f"({first}.__class__ is list and True in [{body} is True for {item} in {values} if {item} is not None])"

    def compare(self, t: Typed, op: str, level: int, holds: bool) -> str:
        """Both operands set and `op` between them (or not): a total order or equality, so `not <` is `>=`."""
        flags = [a.node.value for a in t.args if isinstance(a.node, n.BooleanLiteral)]
        if len(flags) == 2 and op in ("eq", "ne"):
            return str(((flags[0] == flags[1]) == (op == "eq")) == holds)
        if flags and op in ("eq", "ne"):  # a boolean: `x == true` is `x is True`, and null is neither
            other = next(a for a in t.args if not isinstance(a.node, n.BooleanLiteral))
            return f"{self.emit(other, level)} is {'' if holds else 'not '}{flags[0] == (op == 'eq')}"
        tests, operands = [], []
        literal = any(isinstance(a.node, _VALUES) for a in t.args)
        for a in t.args:
            difference = None if op == "eq" and literal else self.date_difference(a, level, holds)
            if difference is not None:
                tests += difference[0]
                operands.append(difference[1])
                continue
            source = self.emit(a, level)
            if isinstance(a.node, _VALUES) or (op == "eq" and literal) or source == "_today":  # (today is set)
                operands.append(source)
                continue
            if not _NAME.fullmatch(source):
                name = self.names()
                tests.append(f"({name} := {source}) is {'not ' if holds else ''}None")
                source = name
            else:
                tests.append(f"{source} is {'not ' if holds else ''}None")
            operands.append(source)
        tests.append(f"{operands[0]} {_SYMBOLS[op if holds else _OPPOSITE[op]]} {operands[1]}")
        return "(" + (" and " if holds else " or ").join(tests) + ")"

    def date_difference(self, t: Typed, level: int, holds: bool) -> tuple[list[str], str] | None:
        """`days_between`, `years_between` or `age` of two dates as an operand of a comparison, written out.

        Returns the tests that both dates are set (or with `holds=False` that one is not) and the difference,
        which then never fails: the runtime's call and its guards cost more than the arithmetic, and a rule
        such as "the child is at least three months old at the start of care" runs for every entry. None for
        any other operand.
        """
        if t.op not in ("days_between", "years_between", "age") or any(a.type != DATE for a in t.args):
            return None
        tests, dates = [], []
        for a in t.args:
            source = self.emit(a, level)
            if source != "_today":  # (today is always set)
                if not _NAME.fullmatch(source):
                    name = self.names()
                    source, value = name, f"({name} := {source})"
                else:
                    value = source
                tests.append(f"{value} is {'not ' if holds else ''}None")
            dates.append(source)
        start, end = (*dates, "_today") if t.op == "age" else dates
        if t.op == "days_between":
            return tests, f"({end} - {start}).days"
        later = f"{end}.month * 32 + {end}.day < {start}.month * 32 + {start}.day"  # (no tuples made to compare)
        return tests, f"({end}.year - {start}.year - ({later}))"

    def coalesce(self, t: Typed, level: int) -> str:
        """The first set argument, written out as conditionals; an argument that is not a plain name is bound once.

        `_rt.coalesce` takes `*values`, and that call costs five times the test (`coalesce(income, 0)` is in
        most fee specs).
        """
        *firsts, out = (self.emit(a, level) for a in t.args)
        for source in reversed(firsts):
            if _NAME.fullmatch(source):
                out = f"({source} if {source} is not None else {out})"
            else:
                name = self.names()
                out = f"({name} if ({name} := {source}) is not None else {out})"
        return out

    def emit(self, t: Typed, level: int) -> str:
        ref, _emit = self.ref, self.emit
        node = t.node
        match node:
            case n.IntegerLiteral(value=value):
                return repr(int(value))
            case n.DecimalLiteral(value=value):
                return f"_rt.D({format(value, 'f')!r})"
            case n.TextLiteral(value=value):
                return repr(str(value))
            case n.BooleanLiteral(value=value):
                return "True" if value else "False"
            case n.NullLiteral():
                return "None"
            case n.DateLiteral(value=v):
                return f"_rt.date({v.year:d}, {v.month:d}, {v.day:d})"
            case n.DateTimeLiteral(value=v):
                return f"_rt.datetime({v.year:d}, {v.month:d}, {v.day:d}, {v.hour:d}, {v.minute:d}, {v.second:d})"
            case n.TimeLiteral(value=v):
                return f"_rt.time({v.hour:d}, {v.minute:d}, {v.second:d})"
            case n.ListLiteral():
                items = [_emit(a, level) for a in t.args]
                return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
            case n.FieldPath(path=path):
                return f"({ref(PathRef('root', path))})"
            case n.ItemPath(path=path):
                if level == 0:
                    return f"({ref(PathRef('item', path))})"
                spelled = f"_item{level}"
                for name in path:
                    spelled = python_field(spelled, name)
                return f"({spelled})" if path else spelled
            case n.Index():
                return f"({ref(PathRef('index'))})" if level == 0 else f"_index{level}"
            case n.Conditional():
                then, otherwise = (_emit(a, level) for a in t.args[1:])
                return f"({then} if {self.test(t.args[0], True, level)} else {otherwise})"
            case n.Call() if t.op in _LIST_OPS:
                inner = level + 1
                body = _emit(t.args[1], inner)
                return f"_rt.{t.op}({_emit(t.args[0], level)}, lambda _item{inner}, _index{inner}: {body})"
            case n.Call() if t.op == "today":
                return "_today"
            case n.Call() if t.op == "coalesce":
                return self.coalesce(t, level)
            case n.Call() if t.op == "age":
                return f"_rt.age({_emit(t.args[0], level)}, _today)"
            case n.Call() if t.op == "extra":
                return f"_fn_{node.name}(" + ", ".join(_emit(a, level) for a in t.args) + ")"
            case n.Call() if t.op == "matches":
                pattern = t.args[1].node
                assert isinstance(pattern, n.TextLiteral)
                return f"_rt.matches({_emit(t.args[0], level)}, {self.pattern(str(pattern.value))!r})"
            case n.Call() if t.op == "round_to":
                places = t.args[1].node
                assert isinstance(places, n.IntegerLiteral)
                return f"_rt.round_to({_emit(t.args[0], level)}, {int(places.value)!r})"
            case n.Negate() | n.Not() | n.Arithmetic() | n.Comparison() | n.Logical() | n.Membership() | n.Call():
                return f"_rt.{t.op}(" + ", ".join(_emit(a, level) for a in t.args) + ")"
        raise TypeError(f"Python emitter has no case for {type(node).__name__}")
