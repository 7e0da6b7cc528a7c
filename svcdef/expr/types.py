"""The static types of the expression language, and how they combine.

Types describe what a value is when it is set; every value may also be absent
(null), so nullability is not part of a type. `NULL` is only the type of the
`null` literal, which fits wherever any type is expected.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from ..frozen import Frozen, set_attribute


class Type(Frozen):
    """Base of every expression type; the subclasses below are the closed set."""

    __slots__ = ()


class Scalar(Type):
    """A scalar type without parameters: boolean, integer, decimal, date, datetime, time or null."""

    __slots__ = ("name",)
    _compared = ("name",)

    name: str

    def __init__(self, name: str) -> None:
        set_attribute(self, "name", name)


class Money(Type):
    """An amount of money in one currency (ISO 4217 code); a Decimal at run time."""

    __slots__ = ("currency",)
    _compared = ("currency",)

    currency: str

    def __init__(self, currency: str) -> None:
        set_attribute(self, "currency", currency)


class Text(Type):
    """Text; `options` holds the allowed option codes of a choice field, None for free text."""

    __slots__ = ("options",)
    _compared = ("options",)

    options: frozenset[str] | None

    def __init__(self, options: frozenset[str] | None = None) -> None:
        set_attribute(self, "options", options)


class ListOf(Type):
    """A list whose elements all have type `elem`."""

    __slots__ = ("elem",)
    _compared = ("elem",)

    elem: Type

    def __init__(self, elem: Type) -> None:
        set_attribute(self, "elem", elem)


class Group(Type):
    """A group of named fields (a JSON object at run time); `fields` maps each name to its type."""

    __slots__ = ("fields",)
    fields: Mapping[str, Type]

    def __init__(self, fields: Mapping[str, Type]) -> None:
        object.__setattr__(self, "fields", MappingProxyType(dict(fields)))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Group is immutable")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Group) and dict(self.fields) == dict(other.fields)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.fields.items(), key=lambda kv: kv[0])))

    def __repr__(self) -> str:
        return f"Group({dict(self.fields)!r})"

    def __iter__(self) -> Iterator[str]:
        return iter(self.fields)


BOOL = Scalar("boolean")
INT = Scalar("integer")
DECIMAL = Scalar("decimal")
DATE = Scalar("date")
DATETIME = Scalar("datetime")
TIME = Scalar("time")
NULL = Scalar("null")
TEXT = Text()
MONEY = Money
"""`MONEY("CHF")` is the money type in Swiss francs."""


def describe(t: Type) -> str:
    """The type as designers read it in messages: `integer`, `money (CHF)`, `list of date`."""
    if isinstance(t, Scalar):
        return t.name
    if isinstance(t, Money):
        return f"money ({t.currency})"
    if isinstance(t, Text):
        return "text" if t.options is None else "choice"
    if isinstance(t, ListOf):
        return f"list of {describe(t.elem)}"
    if isinstance(t, Group):
        return "group"
    raise TypeError(f"not a type: {t!r}")


def is_number(t: Type) -> bool:
    """INT, DECIMAL and MONEY: the types arithmetic accepts."""
    return t in (INT, DECIMAL) or isinstance(t, Money)


def is_ordered(t: Type) -> bool:
    """Types with `<`, `>`, `min` and `max`: numbers, dates, datetimes and times (not text, see docs)."""
    return is_number(t) or t in (DATE, DATETIME, TIME)


def is_scalar(t: Type) -> bool:
    return not isinstance(t, ListOf | Group)


def join(a: Type, b: Type) -> Type | None:
    """The type that holds values of both `a` and `b` (for `if` branches, `coalesce`, lists), or None."""
    if a == b:
        return a
    if a == NULL:
        return b
    if b == NULL:
        return a
    if isinstance(a, Money) or isinstance(b, Money):
        if isinstance(a, Money) and isinstance(b, Money):
            return None
        other = b if isinstance(a, Money) else a
        return (a if isinstance(a, Money) else b) if other in (INT, DECIMAL) else None
    if a in (INT, DECIMAL) and b in (INT, DECIMAL):
        return DECIMAL
    if isinstance(a, Text) and isinstance(b, Text):
        if a.options is None or b.options is None:
            return TEXT
        return Text(a.options | b.options)
    if isinstance(a, ListOf) and isinstance(b, ListOf):
        elem = join(a.elem, b.elem)
        return None if elem is None else ListOf(elem)
    return None


def assignable(source: Type, target: Type) -> bool:
    """Whether a value of type `source` may stand where `target` is expected."""
    if source in (target, NULL):
        return True
    if target == DECIMAL:
        return source == INT
    if isinstance(target, Money):
        return source in (INT, DECIMAL)
    if isinstance(target, Text) and isinstance(source, Text):
        return target.options is None or (source.options is not None and source.options <= target.options)
    if isinstance(target, ListOf) and isinstance(source, ListOf):
        return assignable(source.elem, target.elem)
    return False
