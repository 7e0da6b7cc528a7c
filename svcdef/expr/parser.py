"""The parser: a hand-written Pratt parser from tokens to the syntax tree of `nodes`.

It stops at the first syntax error and reports it at the exact column. Nesting
is limited (`MAX_DEPTH`) both while descending and in the finished tree, so no
later stage can exhaust the Python stack, whatever the input.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal

from ..diagnostics import Diagnostic
from ..span import Snippet, Span
from . import nodes as n
from .lexer import ExpressionError, Token, error, tokenize
from .positions import SpanMap

MAX_DEPTH = 64

OR, AND, NOT, COMPARE, SUM, PRODUCT, UNARY = 1, 2, 3, 4, 5, 6, 7
"""Binding powers, lowest first; `if … then … else …` binds below all of them."""

BINARY_POWER = {
    "or": OR,
    "and": AND,
    "==": COMPARE,
    "!=": COMPARE,
    "<": COMPARE,
    "<=": COMPARE,
    ">": COMPARE,
    ">=": COMPARE,
    "in": COMPARE,
    "not in": COMPARE,
    "+": SUM,
    "-": SUM,
    "*": PRODUCT,
    "/": PRODUCT,
}

LITERAL_FUNCTIONS = ("date", "datetime", "time")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME = re.compile(r"(\d{2}):(\d{2})(?::(\d{2}))?")
_FORMATS = {"date": "YYYY-MM-DD", "datetime": "YYYY-MM-DDTHH:MM:SS", "time": "HH:MM or HH:MM:SS"}


def parse(snippet: Snippet) -> tuple[n.Node | None, list[Diagnostic]]:
    """The syntax tree of `snippet.text`, or None and the diagnostic of the first syntax error."""
    try:
        return _Parser(snippet).parse(), []
    except ExpressionError as e:
        return None, [e.diagnostic]


class _Parser:
    def __init__(self, snippet: Snippet) -> None:
        self.snippet = snippet
        self.tokens = tokenize(snippet)
        self.spans = SpanMap(snippet)
        self.pos = 0
        self.nesting = 0
        self.depth: dict[int, int] = {}
        self.offsets: dict[int, tuple[int, int]] = {}

    # -- helpers -------------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def next(self) -> Token:
        token = self.tokens[self.pos]
        self.pos = min(self.pos + 1, len(self.tokens) - 1)
        return token

    def span(self, start: int, end: int) -> Span:
        return self.spans.span(start, end)

    def fail(self, token: Token, message: str, hint: str | None = None, code: str = "E0407") -> ExpressionError:
        if token.kind == "end" and len(self.tokens) > 1:
            token = self.tokens[-2]
        return error(self.snippet, code, token.start, token.end, message, hint)

    def expect(self, kind: str, what: str) -> Token:
        token = self.peek()
        if token.kind != kind:
            raise self.fail(token, f"expected {what}, found {_describe(token)}")
        return self.next()

    def make(self, node: n.Node, *kids: n.Node) -> n.Node:
        depth = 1 + max((self.depth[id(k)] for k in kids), default=0)
        if depth > MAX_DEPTH:
            raise ExpressionError(
                Diagnostic(
                    "E0408",
                    node.span,
                    f"expression is nested more than {MAX_DEPTH} levels deep",
                    "split it into computed values",
                )
            )
        self.depth[id(node)] = depth
        return node

    # -- grammar -------------------------------------------------------------------------
    def parse(self) -> n.Node:
        if self.peek().kind == "end":
            raise error(self.snippet, "E0407", 0, 1, "expression is empty")
        node = self.expression(0)
        token = self.peek()
        if token.kind != "end":
            hint = "comparisons do not chain; join them with 'and'" if token.kind in _COMPARISONS else None
            raise self.fail(token, f"unexpected {_describe(token)} after the end of the expression", hint)
        return node

    def expression(self, min_power: int) -> n.Node:
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            raise self.fail(
                self.peek(),
                f"expression is nested more than {MAX_DEPTH} levels deep",
                "split it into computed values",
                code="E0408",
            )
        left = self.prefix(min_power)
        while True:
            token = self.peek()
            op = token.kind
            if op == "not" and self.peek(1).kind == "in":
                op = "not in"
            power = BINARY_POWER.get(op)
            if power is None or power <= min_power:
                break
            self.next()
            if op == "not in":
                self.next()
            right = self.container(power) if op in ("in", "not in") else self.expression(power)
            left = self.binary(op, left, right)
            if power == COMPARE and self.peek().kind in _COMPARISONS:
                raise self.fail(self.peek(), "comparisons do not chain", "join them with 'and': a < b and b < c")
        self.nesting -= 1
        return left

    def binary(self, op: str, left: n.Node, right: n.Node) -> n.Node:
        start, end = self.offsets[id(left)][0], self.offsets[id(right)][1]
        span = self.span(start, end)
        node: n.Node
        if op in ("and", "or"):
            node = n.Logical(op, left, right, span)
        elif op in ("in", "not in"):
            node = n.Membership(left, right, op == "not in", span)
        elif op in ("+", "-", "*", "/"):
            node = n.Arithmetic(op, left, right, span)
        else:
            node = n.Comparison(op, left, right, span)
        return self.place(node, start, end, left, right)

    def place(self, node: n.Node, start: int, end: int, *kids: n.Node) -> n.Node:
        self.offsets[id(node)] = (start, end)
        return self.make(node, *kids)

    def container(self, power: int) -> n.Node:
        if self.peek().kind != "[":
            return self.expression(power)
        open_ = self.next()
        items: list[n.Node] = []
        while self.peek().kind != "]":
            items.append(self.expression(0))
            if self.peek().kind != ",":
                break
            self.next()
        close = self.expect("]", "',' or ']'")
        return self.place(
            n.ListLiteral(tuple(items), self.span(open_.start, close.end)), open_.start, close.end, *items
        )

    def prefix(self, min_power: int) -> n.Node:
        token = self.next()
        kind = token.kind
        if kind == "int":
            return self.place(
                n.IntegerLiteral(int(token.value), self.span(token.start, token.end)), token.start, token.end
            )
        if kind == "decimal":
            return self.place(
                n.DecimalLiteral(Decimal(token.value), self.span(token.start, token.end)), token.start, token.end
            )
        if kind == "text":
            return self.place(
                n.TextLiteral(token.value, self.span(token.start, token.end), token.text), token.start, token.end
            )
        if kind in ("true", "false"):
            return self.place(
                n.BooleanLiteral(kind == "true", self.span(token.start, token.end)), token.start, token.end
            )
        if kind == "null":
            return self.place(n.NullLiteral(self.span(token.start, token.end)), token.start, token.end)
        if kind == "(":
            inner = self.expression(0)
            close = self.expect(")", "')'")
            self.offsets[id(inner)] = (token.start, close.end)
            return inner
        if kind == "-":
            operand = self.expression(UNARY)
            end = self.offsets[id(operand)][1]
            return self.place(n.Negate(operand, self.span(token.start, end)), token.start, end, operand)
        if kind == "not":
            operand = self.expression(NOT)
            end = self.offsets[id(operand)][1]
            return self.place(n.Not(operand, self.span(token.start, end)), token.start, end, operand)
        if kind == "if":
            return self.conditional(token, min_power)
        if kind == "[":
            raise self.fail(
                token,
                "a list literal may only follow 'in' or 'not in'",
                "write value in [a, b] or use any(list, …)",
                code="E0410",
            )
        if kind == "item":
            return self.path(token, item=True)
        if kind == "index":
            return self.place(n.Index(self.span(token.start, token.end)), token.start, token.end)
        if kind == "name":
            if self.peek().kind == "(":
                return self.call(token)
            return self.path(token, item=False)
        if kind == "end":
            raise self.fail(token, "expression ends too early")
        raise self.fail(token, f"unexpected {_describe(token)}", _PREFIX_HINTS.get(kind))

    def conditional(self, token: Token, min_power: int) -> n.Node:
        if min_power > 0:
            raise self.fail(token, "'if … then … else …' must be in parentheses here", "write (if c then a else b)")
        test = self.expression(0)
        self.expect("then", "'then'")
        then = self.expression(0)
        self.expect("else", "'else' (every 'if' needs one)")
        otherwise = self.expression(0)
        end = self.offsets[id(otherwise)][1]
        node = n.Conditional(test, then, otherwise, self.span(token.start, end))
        return self.place(node, token.start, end, test, then, otherwise)

    def path(self, head: Token, *, item: bool) -> n.Node:
        names: list[str] = [] if item else [head.text]
        spans: list[Span] = [] if item else [self.span(head.start, head.end)]
        end = head.end
        while self.peek().kind == ".":
            self.next()
            name = self.peek()
            if name.kind not in ("name", "item", "index"):
                raise self.fail(name, f"expected a field name after '.', found {_describe(name)}")
            self.next()
            names.append(name.text)
            spans.append(self.span(name.start, name.end))
            end = name.end
        span = self.span(head.start, end)
        node: n.Node = (
            n.ItemPath(tuple(names), tuple(spans), span) if item else n.FieldPath(tuple(names), tuple(spans), span)
        )
        return self.place(node, head.start, end)

    def call(self, name: Token) -> n.Node:
        self.next()
        args: list[n.Node] = []
        while self.peek().kind != ")":
            args.append(self.expression(0))
            if self.peek().kind != ",":
                break
            self.next()
        close = self.expect(")", "',' or ')'")
        span = self.span(name.start, close.end)
        if name.text in LITERAL_FUNCTIONS:
            return self.place(self.literal(name, tuple(args), span), name.start, close.end)
        node = n.Call(name.text, tuple(args), self.span(name.start, name.end), span)
        return self.place(node, name.start, close.end, *args)

    def literal(self, name: Token, args: tuple[n.Node, ...], span: Span) -> n.Node:
        kind = name.text
        if len(args) != 1 or not isinstance(args[0], n.TextLiteral):
            raise ExpressionError(
                Diagnostic("E0409", span, f"{kind}(…) takes one text literal", f'write {kind}("{_FORMATS[kind]}")')
            )
        arg = args[0]
        value = _LITERAL_READERS[kind](arg.value)
        if value is None:
            raise ExpressionError(
                Diagnostic("E0409", arg.span, f"{arg.value!r} is not a valid {kind}", f"write {_FORMATS[kind]}")
            )
        if isinstance(value, datetime.datetime):
            return n.DateTimeLiteral(value, span)
        if isinstance(value, datetime.date):
            return n.DateLiteral(value, span)
        return n.TimeLiteral(value, span)


def read_date(text: str) -> datetime.date | None:
    """The date written `YYYY-MM-DD`, or None."""
    m = _DATE.fullmatch(text)
    try:
        return datetime.date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        return None


def read_time(text: str) -> datetime.time | None:
    """The time written `HH:MM` or `HH:MM:SS`, or None."""
    m = _TIME.fullmatch(text)
    try:
        return datetime.time(int(m[1]), int(m[2]), int(m[3] or 0)) if m else None
    except ValueError:
        return None


def read_datetime(text: str) -> datetime.datetime | None:
    """The local date-time written `YYYY-MM-DDTHH:MM[:SS]`, or None."""
    day, sep, clock = text.partition("T")
    date, time = read_date(day), read_time(clock)
    return datetime.datetime.combine(date, time) if sep and date and time else None


_LITERAL_READERS: dict[str, Callable[[str], datetime.date | datetime.time | None]] = {
    "date": read_date,
    "datetime": read_datetime,
    "time": read_time,
}
_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
_PREFIX_HINTS = {
    "then": "'then' follows the condition of an 'if'",
    "else": "'else' follows the 'then' branch of an 'if'",
    ")": "there is nothing between the parentheses",
}


def _describe(token: Token) -> str:
    if token.kind == "end":
        return "the end of the expression"
    if token.kind in ("int", "decimal"):
        return f"number {token.text}"
    if token.kind == "text":
        return "a text literal"
    if token.kind == "name":
        return f"name '{token.text}'"
    return f"'{token.text}'"
