"""The syntax tree of an expression: a closed set of frozen node classes.

Every node carries the `Span` of its source text. Spans take no part in
equality, so two trees are equal when they say the same thing, wherever they
were written (`parse(print(tree)) == tree`). Every backend (printer, checker,
interpreter, emitters) handles every class listed in `NODE_CLASSES`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from ..span import Span


class Node:
    """Base of all expression nodes."""

    __slots__ = ()
    span: Span


@dataclass(frozen=True, slots=True)
class IntegerLiteral(Node):
    """`12`: a non-negative integer (a leading `-` is a `Negate` node)."""

    value: int
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class DecimalLiteral(Node):
    """`12.50`: a non-negative decimal that keeps its written scale (two fractional digits here)."""

    value: Decimal
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class TextLiteral(Node):
    """`'dog'` or `"dog"`: `value` is the text after resolving escapes, `raw` the literal as written."""

    value: str
    span: Span = field(compare=False, repr=False)
    raw: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class BooleanLiteral(Node):
    """`true` or `false`."""

    value: bool
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class NullLiteral(Node):
    """`null`: the absent value."""

    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class DateLiteral(Node):
    """`date("2026-01-31")`."""

    value: datetime.date
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class DateTimeLiteral(Node):
    """`datetime("2026-01-31T10:00:00")`: a local date and time without time zone."""

    value: datetime.datetime
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class TimeLiteral(Node):
    """`time("10:00")` or `time("10:00:30")`."""

    value: datetime.time
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ListLiteral(Node):
    """`[1, 2, 3]`: allowed only as the right side of `in` / `not in`; `items` in written order."""

    items: tuple[Node, ...]
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class FieldPath(Node):
    """`holder.birth_date`: a top-level name followed by group members; `segment_spans` locate each name."""

    path: tuple[str, ...]
    segment_spans: tuple[Span, ...] = field(compare=False, repr=False)
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ItemPath(Node):
    """`item` or `item.name`: the current list element in a list context; `path` is what follows `item`."""

    path: tuple[str, ...]
    segment_spans: tuple[Span, ...] = field(compare=False, repr=False)
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Index(Node):
    """`index`: the 0-based position of the current list element in a list context."""

    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Negate(Node):
    """`-operand`."""

    operand: Node
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Not(Node):
    """`not operand` (three-valued: `not null` is null)."""

    operand: Node
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Arithmetic(Node):
    """`left op right` with `op` one of `+ - * /`."""

    op: str
    left: Node
    right: Node
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Comparison(Node):
    """`left op right` with `op` one of `== != < <= > >=`; comparisons do not chain."""

    op: str
    left: Node
    right: Node
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Logical(Node):
    """`left and right` or `left or right` (`op` is `and` or `or`), three-valued."""

    op: str
    left: Node
    right: Node
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Membership(Node):
    """`value in container`, or `value not in container` when `negated`; `container` is a list."""

    value: Node
    container: Node
    negated: bool
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Conditional(Node):
    """`if test then then else otherwise`; a null test takes the else branch."""

    test: Node
    then: Node
    otherwise: Node
    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Call(Node):
    """`name(args)`: a call of a library function; `name_span` locates the name."""

    name: str
    args: tuple[Node, ...]
    name_span: Span = field(compare=False, repr=False)
    span: Span = field(compare=False, repr=False)


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
