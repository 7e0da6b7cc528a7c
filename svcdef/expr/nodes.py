"""The syntax tree of an expression: a closed set of frozen node classes.

Every node carries the `Span` of its source text. Spans take no part in
equality, so two trees are equal when they say the same thing, wherever they
were written (`parse(print(tree)) == tree`). Every backend (printer, checker,
interpreter, emitters) handles every class listed in `NODE_CLASSES`.

The classes are written out on `Frozen` rather than declared as dataclasses
(see `svcdef.frozen`): `_compared` names the attributes that take part in
equality, hashing and `repr`, which leaves out every span.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from ..frozen import Frozen, set_attribute
from ..span import Span


class Node(Frozen):
    """Base of all expression nodes."""

    __slots__ = ()
    span: Span


class IntegerLiteral(Node):
    """`12`: a non-negative integer (a leading `-` is a `Negate` node)."""

    __slots__ = ("span", "value")
    _compared = ("value",)

    value: int

    def __init__(self, value: int, span: Span) -> None:
        set_attribute(self, "value", value)
        set_attribute(self, "span", span)


class DecimalLiteral(Node):
    """`12.50`: a non-negative decimal that keeps its written scale (two fractional digits here)."""

    __slots__ = ("span", "value")
    _compared = ("value",)

    value: Decimal

    def __init__(self, value: Decimal, span: Span) -> None:
        set_attribute(self, "value", value)
        set_attribute(self, "span", span)


class TextLiteral(Node):
    """`'dog'` or `"dog"`: `value` is the text after resolving escapes, `raw` the literal as written."""

    __slots__ = ("raw", "span", "value")
    _compared = ("value",)

    value: str
    raw: str

    def __init__(self, value: str, span: Span, raw: str = "") -> None:
        set_attribute(self, "value", value)
        set_attribute(self, "span", span)
        set_attribute(self, "raw", raw)


class BooleanLiteral(Node):
    """`true` or `false`."""

    __slots__ = ("span", "value")
    _compared = ("value",)

    value: bool

    def __init__(self, value: bool, span: Span) -> None:
        set_attribute(self, "value", value)
        set_attribute(self, "span", span)


class NullLiteral(Node):
    """`null`: the absent value."""

    __slots__ = ("span",)
    _compared = ()

    def __init__(self, span: Span) -> None:
        set_attribute(self, "span", span)


class DateLiteral(Node):
    """`date("2026-01-31")`."""

    __slots__ = ("span", "value")
    _compared = ("value",)

    value: datetime.date

    def __init__(self, value: datetime.date, span: Span) -> None:
        set_attribute(self, "value", value)
        set_attribute(self, "span", span)


class DateTimeLiteral(Node):
    """`datetime("2026-01-31T10:00:00")`: a local date and time without time zone."""

    __slots__ = ("span", "value")
    _compared = ("value",)

    value: datetime.datetime

    def __init__(self, value: datetime.datetime, span: Span) -> None:
        set_attribute(self, "value", value)
        set_attribute(self, "span", span)


class TimeLiteral(Node):
    """`time("10:00")` or `time("10:00:30")`."""

    __slots__ = ("span", "value")
    _compared = ("value",)

    value: datetime.time

    def __init__(self, value: datetime.time, span: Span) -> None:
        set_attribute(self, "value", value)
        set_attribute(self, "span", span)


class ListLiteral(Node):
    """`[1, 2, 3]`: allowed only as the right side of `in` / `not in`; `items` in written order."""

    __slots__ = ("items", "span")
    _compared = ("items",)

    items: tuple[Node, ...]

    def __init__(self, items: tuple[Node, ...], span: Span) -> None:
        set_attribute(self, "items", items)
        set_attribute(self, "span", span)


class FieldPath(Node):
    """`holder.birth_date`: a top-level name followed by group members; `segment_spans` locate each name."""

    __slots__ = ("path", "segment_spans", "span")
    _compared = ("path",)

    path: tuple[str, ...]
    segment_spans: tuple[Span, ...]

    def __init__(self, path: tuple[str, ...], segment_spans: tuple[Span, ...], span: Span) -> None:
        set_attribute(self, "path", path)
        set_attribute(self, "segment_spans", segment_spans)
        set_attribute(self, "span", span)


class ItemPath(Node):
    """`item` or `item.name`: the current list element in a list context; `path` is what follows `item`."""

    __slots__ = ("path", "segment_spans", "span")
    _compared = ("path",)

    path: tuple[str, ...]
    segment_spans: tuple[Span, ...]

    def __init__(self, path: tuple[str, ...], segment_spans: tuple[Span, ...], span: Span) -> None:
        set_attribute(self, "path", path)
        set_attribute(self, "segment_spans", segment_spans)
        set_attribute(self, "span", span)


class Index(Node):
    """`index`: the 0-based position of the current list element in a list context."""

    __slots__ = ("span",)
    _compared = ()

    def __init__(self, span: Span) -> None:
        set_attribute(self, "span", span)


class Negate(Node):
    """`-operand`."""

    __slots__ = ("operand", "span")
    _compared = ("operand",)

    operand: Node

    def __init__(self, operand: Node, span: Span) -> None:
        set_attribute(self, "operand", operand)
        set_attribute(self, "span", span)


class Not(Node):
    """`not operand` (three-valued: `not null` is null)."""

    __slots__ = ("operand", "span")
    _compared = ("operand",)

    operand: Node

    def __init__(self, operand: Node, span: Span) -> None:
        set_attribute(self, "operand", operand)
        set_attribute(self, "span", span)


class Arithmetic(Node):
    """`left op right` with `op` one of `+ - * /`."""

    __slots__ = ("left", "op", "right", "span")
    _compared = ("op", "left", "right")

    op: str
    left: Node
    right: Node

    def __init__(self, op: str, left: Node, right: Node, span: Span) -> None:
        set_attribute(self, "op", op)
        set_attribute(self, "left", left)
        set_attribute(self, "right", right)
        set_attribute(self, "span", span)


class Comparison(Node):
    """`left op right` with `op` one of `== != < <= > >=`; comparisons do not chain."""

    __slots__ = ("left", "op", "right", "span")
    _compared = ("op", "left", "right")

    op: str
    left: Node
    right: Node

    def __init__(self, op: str, left: Node, right: Node, span: Span) -> None:
        set_attribute(self, "op", op)
        set_attribute(self, "left", left)
        set_attribute(self, "right", right)
        set_attribute(self, "span", span)


class Logical(Node):
    """`left and right` or `left or right` (`op` is `and` or `or`), three-valued."""

    __slots__ = ("left", "op", "right", "span")
    _compared = ("op", "left", "right")

    op: str
    left: Node
    right: Node

    def __init__(self, op: str, left: Node, right: Node, span: Span) -> None:
        set_attribute(self, "op", op)
        set_attribute(self, "left", left)
        set_attribute(self, "right", right)
        set_attribute(self, "span", span)


class Membership(Node):
    """`value in container`, or `value not in container` when `negated`; `container` is a list."""

    __slots__ = ("container", "negated", "span", "value")
    _compared = ("value", "container", "negated")

    value: Node
    container: Node
    negated: bool

    def __init__(self, value: Node, container: Node, negated: bool, span: Span) -> None:
        set_attribute(self, "value", value)
        set_attribute(self, "container", container)
        set_attribute(self, "negated", negated)
        set_attribute(self, "span", span)


class Conditional(Node):
    """`if test then then else otherwise`; a null test takes the else branch."""

    __slots__ = ("otherwise", "span", "test", "then")
    _compared = ("test", "then", "otherwise")

    test: Node
    then: Node
    otherwise: Node

    def __init__(self, test: Node, then: Node, otherwise: Node, span: Span) -> None:
        set_attribute(self, "test", test)
        set_attribute(self, "then", then)
        set_attribute(self, "otherwise", otherwise)
        set_attribute(self, "span", span)


class Call(Node):
    """`name(args)`: a call of a library function; `name_span` locates the name."""

    __slots__ = ("args", "name", "name_span", "span")
    _compared = ("name", "args")

    name: str
    args: tuple[Node, ...]
    name_span: Span

    def __init__(self, name: str, args: tuple[Node, ...], name_span: Span, span: Span) -> None:
        set_attribute(self, "name", name)
        set_attribute(self, "args", args)
        set_attribute(self, "name_span", name_span)
        set_attribute(self, "span", span)


NODE_CLASSES: tuple[type[Node], ...] = (
    IntegerLiteral,
    DecimalLiteral,
    TextLiteral,
    BooleanLiteral,
    NullLiteral,
    DateLiteral,
    DateTimeLiteral,
    TimeLiteral,
    ListLiteral,
    FieldPath,
    ItemPath,
    Index,
    Negate,
    Not,
    Arithmetic,
    Comparison,
    Logical,
    Membership,
    Conditional,
    Call,
)
"""Every node class; backends check at import time that they handle each of them."""


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of `node`, left to right."""
    if isinstance(node, Negate | Not):
        return (node.operand,)
    if isinstance(node, Arithmetic | Comparison | Logical):
        return (node.left, node.right)
    if isinstance(node, Membership):
        return (node.value, node.container)
    if isinstance(node, Conditional):
        return (node.test, node.then, node.otherwise)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, ListLiteral):
        return node.items
    return ()
