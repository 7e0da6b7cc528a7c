"""The Python emitter: a checked expression as one Python source expression calling the runtime as `_rt`.

The generated code needs, in scope: `_rt` (the module `svcdef_runtime.py`),
`_today` (a `datetime.date`), whatever names the caller's `ref` spells, and
`_fn_<name>` for each extra function. Inside a predicate of nesting level k
the element and its index are the lambda parameters `_item<k>` and `_index<k>`.
Literals reach the source only through `repr()` of ints and strings.
"""

from __future__ import annotations

from collections.abc import Callable

from . import nodes as n
from .checker import Typed
from .pathref import PathRef

Ref = Callable[[PathRef], str]

_LIST_OPS = frozenset({"some", "every", "count_where", "total_over", "smallest_over", "largest_over"})


def emit_python(typed: Typed, ref: Ref, *, pattern: Callable[[str], str] | None = None) -> str:
    """Python source text of one expression evaluating `typed` (never raising at run time).

    `pattern` rewrites each `matches` pattern into this engine's spelling (for
    example `svcdef.patterns.to_python`/`to_ecma` of the parsed pattern); by
    default the pattern goes in as written. The runtime matches the whole text.
    """
    return _Emitter(ref, pattern or _as_written).emit(typed, 0)


def _as_written(pattern: str) -> str:
    return pattern


class _Emitter:
    def __init__(self, ref: Ref, pattern: Callable[[str], str]) -> None:
        self.ref = ref
        self.pattern = pattern

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
                    spelled = f"_rt.field({spelled}, {name!r})"
                return spelled
            case n.Index():
                return f"({ref(PathRef('index'))})" if level == 0 else f"_index{level}"
            case n.Conditional():
                test, then, otherwise = (_emit(a, level) for a in t.args)
                return f"({then} if {test} is True else {otherwise})"
            case n.Call() if t.op in _LIST_OPS:
                inner = level + 1
                body = _emit(t.args[1], inner)
                return f"_rt.{t.op}({_emit(t.args[0], level)}, lambda _item{inner}, _index{inner}: {body})"
            case n.Call() if t.op == "today":
                return "_today"
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
