"""The JavaScript emitter: a checked expression as one JavaScript source expression calling the runtime as `_rt`.

The generated code needs, in scope: `_rt` (the ES module `svcdef_runtime.js`
imported as a namespace), `_today` (a date string `YYYY-MM-DD`), whatever names
the caller's `ref` spells, and `_fn_<name>` for each extra function. Inside a
predicate of nesting level k the element and its index are the arrow-function
parameters `_item<k>` and `_index<k>`. Numbers are `_rt.Dec` values (BigInt
fixed point), dates, date-times and times canonical ISO strings. Text reaches
the source only as JSON string literals with every non-ASCII character and
`<`, `>` escaped, so no spec text can end a literal or a `<script>` element.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from . import nodes as n
from .checker import Typed
from .pathref import PathRef
from .types import DATE, DATETIME, INT, TIME, Text

Ref = Callable[[PathRef], str]

_LITERALS = (
    n.IntegerLiteral,
    n.DecimalLiteral,
    n.TextLiteral,
    n.BooleanLiteral,
    n.NullLiteral,
    n.DateLiteral,
    n.DateTimeLiteral,
    n.TimeLiteral,
)
_LIST_OPS = frozenset({"some", "every", "count_where", "total_over", "smallest_over", "largest_over"})
_ORDERS = frozenset({"eq", "ne", "lt", "le", "gt", "ge"})
_SMALL_INTEGERS = {"days_between": "days_n", "years_between": "years_n", "count": "count_n", "length": "length_n"}
"""Integer functions whose results are bounded far below 2**53, by the runtime function giving a JS number."""
_TEMPORAL = frozenset({DATE, DATETIME, TIME})
_SAFE = 2**53 - 1


def js_string(value: str) -> str:
    """`value` as a JavaScript string literal safe anywhere in a script, HTML included."""
    return json.dumps(value, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e")


def emit_js(
    typed: Typed,
    ref: Ref,
    *,
    pattern: Callable[[str], str] | None = None,
    constant: Callable[[str], str] | None = None,
) -> str:
    """JavaScript source text of one expression evaluating `typed` (never throwing at run time).

    `pattern` rewrites each `matches` pattern into this engine's spelling (for
    example `svcdef.patterns.to_ecma` of the parsed pattern); by default the
    pattern goes in as written. The runtime matches the whole text.
    `constant` spells a value that never changes given its source: a number
    literal (`new _rt.Dec(91n, 0)`) or a list of literals; generated modules
    make it a frozen module constant, built once instead of at every evaluation.
    """
    return _Emitter(ref, pattern or _as_written, constant or _as_written).emit(typed, 0)


def _as_written(pattern: str) -> str:
    return pattern


def _decimal(text: str) -> str:
    whole, _, fraction = text.partition(".")
    return f"new _rt.Dec({int(whole + fraction):d}n, {len(fraction):d})"


class _Emitter:
    def __init__(self, ref: Ref, pattern: Callable[[str], str], constant: Callable[[str], str]) -> None:
        self.ref = ref
        self.pattern = pattern
        self.constant = constant

    def emit(self, t: Typed, level: int) -> str:
        ref, _emit = self.ref, self.emit
        node = t.node
        match node:
            case n.IntegerLiteral(value=value):
                return self.constant(_decimal(str(int(value))))
            case n.DecimalLiteral(value=value):
                return self.constant(_decimal(format(value, "f")))
            case n.TextLiteral(value=value):
                return js_string(str(value))
            case n.BooleanLiteral(value=value):
                return "true" if value else "false"
            case n.NullLiteral():
                return "null"
            case n.DateLiteral(value=v) | n.DateTimeLiteral(value=v) | n.TimeLiteral(value=v):
                return js_string(v.isoformat())
            case n.ListLiteral():
                items = "[" + ", ".join(_emit(a, level) for a in t.args) + "]"
                return self.constant(items) if all(isinstance(a.node, _LITERALS) for a in t.args) else items
            case n.FieldPath(path=path):
                return f"({ref(PathRef('root', path))})"
            case n.ItemPath(path=path):
                if level == 0:
                    return f"({ref(PathRef('item', path))})"
                spelled = f"_item{level}"
                for name in path:
                    spelled = f"_rt.field({spelled}, {js_string(name)})"
                return spelled
            case n.Index():
                return f"({ref(PathRef('index'))})" if level == 0 else f"_index{level}"
            case n.Conditional():
                test, then, otherwise = (_emit(a, level) for a in t.args)
                return f"({test} === true ? {then} : {otherwise})"
            case n.Call() if t.op in _LIST_OPS:
                inner = level + 1
                body = _emit(t.args[1], inner)
                return f"_rt.{t.op}({_emit(t.args[0], level)}, (_item{inner}, _index{inner}) => {body})"
            case n.Call() if t.op == "coalesce":
                # `??` skips null and undefined as `_rt.coalesce` does, without its array of arguments (and no
                # operand is a bare `||` or `&&`, which `??` may not stand next to)
                return "(" + " ?? ".join(_emit(a, level) for a in t.args) + ")"
            case n.Call() if t.op == "today":
                return "_today"
            case n.Call() if t.op == "age":
                return f"_rt.age({_emit(t.args[0], level)}, _today)"
            case n.Call() if t.op == "extra":
                return f"_fn_{node.name}(" + ", ".join(_emit(a, level) for a in t.args) + ")"
            case n.Call() if t.op == "matches":
                pattern = t.args[1].node
                assert isinstance(pattern, n.TextLiteral)
                return f"_rt.matches({_emit(t.args[0], level)}, {js_string(self.pattern(str(pattern.value)))})"
            case n.Comparison() if t.op in _ORDERS:
                return self.comparison(t, level)
            case n.Call() if t.op == "round_to":
                places = t.args[1].node
                assert isinstance(places, n.IntegerLiteral)
                return f"_rt.round_to({_emit(t.args[0], level)}, {int(places.value):d})"
            case n.Negate() | n.Not() | n.Arithmetic() | n.Comparison() | n.Logical() | n.Membership() | n.Call():
                return f"_rt.{t.op}(" + ", ".join(_emit(a, level) for a in t.args) + ")"
        raise TypeError(f"JavaScript emitter has no case for {type(node).__name__}")

    def comparison(self, t: Typed, level: int) -> str:
        """A comparison, on JS numbers when both sides are small integers, on the ISO texts when both are
        dates, date-times or times (or texts, for equality); else in the runtime's generic functions.

        Days, years, counts and lengths stay far below 2**53, where numbers are exact, so comparing them
        as numbers gives the verdict the Dec comparison gives, without allocating BigInts (a rule like
        `days_between(birth_date, start_date) >= 90` cost 900 instructions per entry in Dec). Canonical
        ISO texts compare in time order, which is what `order` does for them after its type tests; texts are
        equal when `===` says so, which is what `same` does for them.
        """
        left, right = t.args
        a, b = self.small_integer(left, level), self.small_integer(right, level)
        if a is not None and b is not None:
            return f"_rt.{t.op}_n({a}, {b})"
        if (left.type in _TEMPORAL and right.type == left.type) or (
            t.op in ("eq", "ne") and isinstance(left.type, Text) and isinstance(right.type, Text)
        ):
            return f"_rt.{t.op}_s({self.emit(left, level)}, {self.emit(right, level)})"
        return f"_rt.{t.op}(" + ", ".join(self.emit(a, level) for a in t.args) + ")"

    def small_integer(self, t: Typed, level: int) -> str | None:
        """Source of `t` as a JS number (or null), for the integers `comparison` compares as numbers."""
        node = t.node
        if isinstance(node, n.IntegerLiteral) and node.value <= _SAFE:
            return str(node.value)
        if (
            isinstance(node, n.Negate)
            and isinstance(t.args[0].node, n.IntegerLiteral)
            and t.args[0].node.value <= _SAFE
        ):
            return f"(-{t.args[0].node.value})"
        if t.type != INT or not isinstance(node, n.Call):
            return None
        if t.op == "age":
            return f"_rt.years_n({self.emit(t.args[0], level)}, _today)"
        name = _SMALL_INTEGERS.get(t.op)
        if name is None:
            return None
        return f"_rt.{name}(" + ", ".join(self.emit(a, level) for a in t.args) + ")"
