"""The semantics of docs/expressions.md, case by case, in the interpreter, generated Python and generated JavaScript.

Each row states an expression, the submission and the expected result; all
three targets must give exactly that result (numbers with their scale).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from expr_targets import NODE, all_targets, canonical

from svcdef.expr import BOOL, DATE, DECIMAL, INT, MONEY, TEXT, Env, Group, ListOf, Text, check_expression
from svcdef.span import Snippet, Span

D = Decimal
TODAY = datetime.date(2026, 2, 28)
ROOT = Group(
    {
        "i": INT,
        "j": INT,
        "d": DECIMAL,
        "m": MONEY("CHF"),
        "b": BOOL,
        "t": TEXT,
        "p": Text(frozenset({"invoice", "debit"})),
        "born": DATE,
        "li": ListOf(INT),
        "ld": ListOf(DECIMAL),
        "lg": ListOf(Group({"n": INT, "f": BOOL, "s": TEXT})),
    }
)

ROWS: list[tuple[str, dict[str, Any], Any]] = [
    # numbers: exact, scale kept, division to 12 places half-even, round half away from zero
    ("1.10 + 2.205", {}, D("3.305")),
    ("0.1 * 3", {}, D("0.3")),
    ("1.50 * 2", {}, D("3.00")),
    ("1 / 3", {}, D("0.333333333333")),
    ("2 / 3", {}, D("0.666666666667")),
    ("10 / 4", {}, D("2.5")),
    ("-1 / 3", {}, D("-0.333333333333")),
    ("0.0000000000005 / 1", {}, D("0")),
    ("0.0000000000015 / 1", {}, D("0.000000000002")),
    ("0.0000000000025 / 1", {}, D("0.000000000002")),
    ("d / 0", {"d": D("5")}, None),
    ("d / i", {"d": D("5"), "i": 0}, None),
    ("round(0.005, 2)", {}, D("0.01")),
    ("round(-0.005, 2)", {}, D("-0.01")),
    ("round(2.5, 0)", {}, D("3")),
    ("round(-2.5, 0)", {}, D("-3")),
    ("round(-0.004, 2)", {}, D("0.00")),
    ("round(7, 2)", {}, D("7.00")),
    ("round(m * 1.005, 2)", {"m": D("10.00")}, D("10.05")),
    ("abs(-0.50)", {}, D("0.50")),
    ("-(0.00)", {}, D("0.00")),
    ("123456789012345678901234567890 * 123456789012345678901234567890", {}, 123456789012345678901234567890**2),
    ("i * i", {"i": 10**29}, 10**58),
    ("min(1.0, 1, 1.00)", {}, D("1.0")),
    ("max(m, 5)", {"m": D("4.95")}, 5),
    # a zero on either side of a comparison, at another scale (JavaScript's `cmp` skips the scaling for it)
    ("d > 0", {"d": D("0.50")}, True),
    ("d < 0", {"d": D("-0.01")}, True),
    ("0 > d", {"d": D("-0.01")}, True),
    ("0.000 < d", {"d": D("0.5")}, True),
    ("d >= 0", {"d": D("-0.001")}, False),
    ("d == 0", {"d": D("0.00")}, True),
    # a zero added at the smaller scale gives the other operand; at the larger scale, the larger scale
    ("d + 0", {"d": D("1.50")}, D("1.50")),
    ("0 + d", {"d": D("-2.25")}, D("-2.25")),
    ("d + 0.000", {"d": D("1.5")}, D("1.500")),
    ("0.000 + d", {"d": D("1.5")}, D("1.500")),
    # absent values propagate; Kleene logic; null condition takes the else branch
    ("i + 1", {}, None),
    ("i > 1", {}, None),
    ("len(t)", {}, None),
    ("b and false", {}, False),
    ("b or true", {}, True),
    ("b and true", {}, None),
    ("not b", {}, None),
    ("if b then 1 else 2", {}, 2),
    ("if i > 0 then 'yes' else 'no'", {}, "no"),
    ("is_set(i)", {"i": 0}, True),
    ("is_set(i)", {}, False),
    ("coalesce(i, j, 7)", {"j": 3}, 3),
    ("i in [1, 2]", {}, None),
    ("i not in [1, 2]", {"i": 3}, True),
    ("p in ['debit']", {"p": "debit"}, True),
    ("d in [1, 2.5]", {"d": D("2.50")}, True),
    # lists: absent list is empty, null elements skipped, predicate null is not true
    ("count(li)", {}, 0),
    ("count(li)", {"li": [1, None, 3]}, 2),
    ("sum(li)", {}, 0),
    ("sum(ld)", {"ld": [D("1.50"), None, D("2")]}, D("3.50")),
    ("min(li)", {"li": []}, None),
    ("max(li)", {"li": [None, 4, 9, 2]}, 9),
    ("any(lg, item.f)", {}, False),
    ("all(lg, item.f)", {}, True),
    ("all(lg, item.f)", {"lg": [{"f": True}, {"f": None}]}, False),
    ("any(lg, item.f)", {"lg": [{"f": None}, {"f": True}]}, True),
    ("count(lg, item.n > 1)", {"lg": [{"n": 2}, {"n": None}, None, {"n": 5}]}, 2),
    ("sum(lg, if index == 0 then 120 else 160)", {"lg": [{}, {}, {}]}, 440),
    ("sum(lg, item.n)", {"lg": [{"n": 2}, {"n": None}]}, 2),
    ("min(lg, item.n)", {"lg": [{"n": 4}, {"n": None}, {"n": 3}]}, 3),
    ("any(lg, any(li, item == 2))", {"lg": [{}], "li": [1, 2]}, True),
    # dates: today() is the context's, full years, 29 February birthdays
    ("today()", {}, TODAY),
    ("age(born)", {"born": datetime.date(2008, 2, 29)}, 17),
    ("age(born)", {"born": datetime.date(2008, 2, 28)}, 18),
    ('years_between(date("2000-02-29"), date("2001-03-01"))', {}, 1),
    ('years_between(date("2000-02-29"), date("2001-02-28"))', {}, 0),
    ('years_between(date("2010-05-01"), date("2000-05-02"))', {}, -10),
    ('days_between(date("2024-02-28"), date("2024-03-01"))', {}, 2),
    ('days_between(date("0001-01-01"), date("9999-12-31"))', {}, 3652058),
    ('add_days(date("2024-02-28"), 1)', {}, datetime.date(2024, 2, 29)),
    ('add_days(date("1900-02-28"), 1)', {}, datetime.date(1900, 3, 1)),
    ('add_days(date("9999-12-31"), 1)', {}, None),
    ("add_days(born, i)", {"born": datetime.date(2000, 1, 1), "i": 10**20}, None),
    ('born < date("2000-01-01")', {"born": datetime.date(1999, 12, 31)}, True),
    # comparisons of days, years, counts and lengths, which JavaScript makes on numbers, not Dec values
    ('days_between(born, date("2026-03-01")) >= 1', {"born": datetime.date(2026, 2, 28)}, True),
    ('days_between(born, date("2026-03-01")) >= 1', {}, None),
    ("days_between(born, today()) == -3652058", {"born": datetime.date(9999, 12, 31)}, False),
    ('days_between(date("0001-01-01"), date("9999-12-31")) == 3652058', {}, True),
    ("age(born) < 18", {"born": datetime.date(2008, 2, 29)}, True),
    ("age(born) != 18", {"born": datetime.date(2008, 2, 28)}, False),
    ("years_between(born, today()) >= -1", {"born": datetime.date(2026, 3, 1)}, True),
    ("years_between(born, today()) > -1", {"born": datetime.date(2026, 3, 1)}, False),
    ("len(t) <= 123456789012345678901234567890", {"t": "x"}, True),
    ("len(t) > -9007199254740993", {"t": ""}, True),
    ("len(t) == 9007199254740992", {"t": "x"}, False),
    ("count(li) == len(t)", {"li": [1, None, 3], "t": "ab"}, True),
    ("count(li) < 1", {}, True),
    ("len(t) >= i", {"t": "abc", "i": 3}, True),
    ("born == today()", {"born": TODAY}, True),
    ("born != today()", {}, None),
    ("p == 'debit'", {"p": "debit"}, True),
    ("t != p", {"t": "debit"}, None),
    # text: code points, ASCII whitespace only, exact equality, whole-text patterns
    ("len('a😀b')", {}, 3),
    ("len(t)", {"t": "Zürich"}, 6),
    ("trim(t)", {"t": " \t\n x y \r\x0b\x0c"}, "x y"),
    ("trim(t)", {"t": "\u00a0x\u00a0"}, "\u00a0x\u00a0"),
    ("upper(t) + lower('ÄB')", {"t": "straße"}, "STRASSEäb"),
    ("t == 'é'", {"t": "e\u0301"}, False),
    ("matches(t, '[0-9]{4}')", {"t": "8001"}, True),
    ("matches(t, '[0-9]{4}')", {"t": "80012"}, False),
    ("matches(t, 'a.c')", {"t": "a\nc"}, True),
    ("'</script>' + t", {"t": "\u2028"}, "</script>\u2028"),
]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_every_target_gives_the_documented_result(tmp_path: Path) -> None:
    runs = []
    for text, values, _ in ROWS:
        typed, diagnostics = check_expression(Snippet(text, Span("t.yaml", 1, 1, 1, 1)), Env(ROOT), None)
        assert typed is not None, (text, diagnostics)
        runs.append((typed, {"root": {name: values.get(name) for name in ROOT.fields}, "today": TODAY}))
    results = all_targets(runs, tmp_path)
    failures = [
        (text, canonical(expected), got)
        for (text, _, expected), got in zip(ROWS, results, strict=True)
        if got != (canonical(expected),) * 3
    ]
    assert failures == []


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_top_level_list_context_uses_the_callers_item_and_index(tmp_path: Path) -> None:
    env = Env(ROOT, item=Group({"n": INT, "f": BOOL}))
    typed, _ = check_expression(Snippet("if index == 0 then item.n else 160", Span("t", 1, 1, 1, 1)), env, MONEY("CHF"))
    assert typed is not None
    cases = [{"root": {}, "item": {"n": 120}, "index": i, "today": TODAY} for i in (0, 1)]
    assert all_targets([(typed, c) for c in cases], tmp_path) == [("n:120",) * 3, ("n:160",) * 3]
