"""The loaded YAML tree: positioned nodes, and how a plain scalar's text is read.

Both readers of spec text produce these nodes: the event path of `loader`
(libyaml, every file) and the subset reader of `plainyaml` (files written
in the plain part of YAML, read faster). Sharing the nodes and the scalar
rules here is what lets a test hold the two to the same result.

Plain scalars are resolved by our own rules, the YAML 1.2 core schema minus
what trips service designers up: only `true`/`false` are booleans, numbers
become `int` or exact `Decimal` (never float, so `1.50` keeps its scale),
and every scalar keeps its text as written, so that ids and versions such as
`1.10` or `2024-01-01` stay the strings they look like where text is wanted.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple, TypeAlias

from .span import Snippet, Span

MAX_DIGITS = 30

Scalar_ = None | bool | int | Decimal | str


class Scalar(NamedTuple):
    """A YAML scalar: its resolved `value`, its `text` after unquoting, its `style` and position."""

    value: Scalar_
    text: str
    style: str
    span: Span
    raw: str

    def snippet(self) -> Snippet:
        """The scalar as a `Snippet`, for expressions and patterns whose inner columns matter."""
        return Snippet(self.text, self.span, self.raw, self.style)


class Mapping(NamedTuple):
    """A YAML mapping with text keys, in source order."""

    items: tuple[tuple[Scalar, Node], ...]
    span: Span

    def get(self, key: str) -> Node | None:
        for k, v in self.items:
            if k.value == key:
                return v
        return None


class Sequence(NamedTuple):
    """A YAML sequence."""

    items: tuple[Node, ...]
    span: Span


Node: TypeAlias = Scalar | Mapping | Sequence


class Document(NamedTuple):
    """A loaded file: its display path, its text, and its root node."""

    path: str
    text: str
    root: Node


def plain_data(node: Node) -> Any:
    """The node as plain data (dict, list, str, int, Decimal, bool, None), for test inputs and examples."""
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Sequence):
        return [plain_data(n) for n in node.items]
    return {str(k.value): plain_data(v) for k, v in node.items}


class NumberProblem(ValueError):
    """A plain scalar that reads as a number we refuse (not finite, too many digits, huge exponent)."""

    def __init__(self, message: str, hint: str | None = "quote it if it is meant as text") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_INT = re.compile(r"[-+]?[0-9]+")
_DECIMAL = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
WORDS = _NULLS | _TRUE | _FALSE
RESOLVED_STARTS = frozenset("+-.0123456789")
"""A plain scalar that starts with none of these and is none of `WORDS` is text: no need to resolve it."""


def resolve_plain(text: str) -> Scalar_:
    """The value of a plain scalar written `text`; raises `NumberProblem` for numbers we refuse."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text[:1] not in RESOLVED_STARTS:
        return text
    if _SPECIAL_FLOAT.fullmatch(text):
        raise NumberProblem(f"'{text}' is not a finite number")
    is_int = _INT.fullmatch(text) is not None
    if not is_int and _DECIMAL.fullmatch(text) is None:
        return text
    mantissa = re.split("[eE]", text)[0]
    if sum(c.isdigit() for c in mantissa) > MAX_DIGITS:
        raise NumberProblem(f"number with more than {MAX_DIGITS} digits")
    if is_int:
        return int(text)
    exponent = re.split("[eE]", text)[1:] or ["0"]
    if len(exponent[0]) > 4 or abs(int(exponent[0])) > 100:
        raise NumberProblem(f"exponent of '{text}' is out of range", None)
    return Decimal(text)
