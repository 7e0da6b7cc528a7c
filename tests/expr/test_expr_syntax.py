"""Lexer, parser and printer: tree shapes, precedence, spans of every node, and the print/parse round trip."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from expr_cases import TOP_KINDS, Scope, expression
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdef.expr import nodes as n
from svcdef.expr import parse_expression, to_source
from svcdef.expr.positions import SpanMap
from svcdef.span import NOWHERE, Snippet, Span


def parse(text: str) -> n.Node:
    tree, diagnostics = parse_expression(Snippet(text, Span("t.yaml", 3, 7, 3, 7 + len(text))))
    assert tree is not None, diagnostics
    return tree


def f(*path: str) -> n.FieldPath:
    return n.FieldPath(path, (), NOWHERE)


def i(value: int) -> n.IntegerLiteral:
    return n.IntegerLiteral(value, NOWHERE)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a + b * c", n.Arithmetic("+", f("a"), n.Arithmetic("*", f("b"), f("c"), NOWHERE), NOWHERE)),
        ("a - b - c", n.Arithmetic("-", n.Arithmetic("-", f("a"), f("b"), NOWHERE), f("c"), NOWHERE)),
        ("-a * b", n.Arithmetic("*", n.Negate(f("a"), NOWHERE), f("b"), NOWHERE)),
        ("not a == b", n.Not(n.Comparison("==", f("a"), f("b"), NOWHERE), NOWHERE)),
        (
            "a or b and c",
            n.Logical("or", f("a"), n.Logical("and", f("b"), f("c"), NOWHERE), NOWHERE),
        ),
        ("x not in [1, 2]", n.Membership(f("x"), n.ListLiteral((i(1), i(2)), NOWHERE), True, NOWHERE)),
        (
            "if a then 1 else if b then 2 else 3",
            n.Conditional(f("a"), i(1), n.Conditional(f("b"), i(2), i(3), NOWHERE), NOWHERE),
        ),
        ("holder.birth_date", f("holder", "birth_date")),
        ("item.x", n.ItemPath(("x",), (), NOWHERE)),
        ("item", n.ItemPath((), (), NOWHERE)),
        ("index", n.Index(NOWHERE)),
        ("12.50", n.DecimalLiteral(Decimal("12.50"), NOWHERE)),
        ("'it\\'s\\n\\u00e9'", n.TextLiteral("it's\né", NOWHERE)),
        ('"say \\"hi\\""', n.TextLiteral('say "hi"', NOWHERE)),
        ('date("2024-02-29")', n.DateLiteral(datetime.date(2024, 2, 29), NOWHERE)),
        ('datetime("2026-01-31T10:00")', n.DateTimeLiteral(datetime.datetime(2026, 1, 31, 10, 0), NOWHERE)),
        ('time("23:59:59")', n.TimeLiteral(datetime.time(23, 59, 59), NOWHERE)),
        ("true and null", n.Logical("and", n.BooleanLiteral(True, NOWHERE), n.NullLiteral(NOWHERE), NOWHERE)),
        ("count(dogs, item.x)", n.Call("count", (f("dogs"), n.ItemPath(("x",), (), NOWHERE)), NOWHERE, NOWHERE)),
        ("today()", n.Call("today", (), NOWHERE, NOWHERE)),
    ],
)
def test_parse_tree(text: str, tree: n.Node) -> None:
    assert parse(text) == tree


def test_scale_of_decimal_literals_is_kept() -> None:
    node = parse("12.50")
    assert isinstance(node, n.DecimalLiteral)
    assert str(node.value) == "12.50"


def test_every_node_has_the_span_of_its_text() -> None:
    text = "if age(holder.birth_date) >= 18 then -fee * 2 else sum(dogs, item.x)"
    tree = parse(text)

    def check(node: n.Node, fragment: str) -> None:
        start = text.index(fragment)
        assert node.span == Span("t.yaml", 3, 7 + start, 3, 7 + start + len(fragment)), fragment

    assert isinstance(tree, n.Conditional)
    check(tree, text)
    test, then, otherwise = tree.test, tree.then, tree.otherwise
    check(test, "age(holder.birth_date) >= 18")
    assert isinstance(test, n.Comparison) and isinstance(test.left, n.Call)
    check(test.left, "age(holder.birth_date)")
    check(test.left.args[0], "holder.birth_date")
    assert test.left.name_span == Span("t.yaml", 3, 7 + text.index("age"), 3, 7 + text.index("age") + 3)
    path = test.left.args[0]
    assert isinstance(path, n.FieldPath)
    assert path.segment_spans[1].col == 7 + text.index("birth_date")
    check(test.right, "18")
    check(then, "-fee * 2")
    assert isinstance(then, n.Arithmetic)
    check(then.left, "-fee")
    check(otherwise, "sum(dogs, item.x)")
    assert isinstance(otherwise, n.Call)
    check(otherwise.args[1], "item.x")


def test_parenthesised_operands_widen_the_parent_span_only() -> None:
    text = "(a + b) * c"
    tree = parse(text)
    assert isinstance(tree, n.Arithmetic)
    assert (tree.span.col, tree.span.end_col) == (7, 7 + len(text))
    assert (tree.left.span.col, tree.left.span.end_col) == (8, 8 + len("a + b"))


@pytest.mark.parametrize(
    "text",
    [
        "a - (b - c)",
        "(a - b) - c",
        "not (a and b) or c",
        "(not a) == b",
        "-(a * b)",
        "--a",
        "f(if a then b else c, 1)",
        "(if a then 1 else 2) + 1",
        "a == (not b)",
        "x not in [1, 'a\\n', date(\"2024-02-29\")]",
        "a / (b * c)",
        "a or (b or c)",
    ],
)
def test_printer_round_trip_examples(text: str) -> None:
    tree = parse(text)
    assert parse(to_source(tree)) == tree


def test_printer_writes_canonical_text() -> None:
    assert to_source(parse("( a+b )*c   ==  d")) == "(a + b) * c == d"
    assert to_source(parse('"it\'s"')) == "'it\\'s'"
    assert to_source(parse("time('10:00')")) == 'time("10:00:00")'


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TOP_KINDS).flatmap(lambda kind: expression(kind, Scope("group"))))
def test_printer_round_trip_property(tree: n.Node) -> None:
    text = to_source(tree)
    assert parse(text) == tree
    assert to_source(parse(text)) == text


_RAW_ALPHABET = "ab \n\t\\\"'x"


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=_RAW_ALPHABET, max_size=12),
    raw=st.text(alphabet=_RAW_ALPHABET, max_size=16),
    style=st.sampled_from(["", "'", '"', "|", ">"]),
    line=st.integers(1, 5),
    col=st.integers(1, 9),
)
def test_span_map_agrees_with_snippet_span_at(text: str, raw: str, style: str, line: int, col: int) -> None:
    snippet = Snippet(text, Span("t.yaml", line, col, line, col + len(raw)), raw, style)
    spans = SpanMap(snippet)
    for start in range(len(text) + 2):
        for end in (None, start, start + 1, start + 3, len(text) + 1):
            assert spans.span(start, end) == snippet.span_at(start, end)
