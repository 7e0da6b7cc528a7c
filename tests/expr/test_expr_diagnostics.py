"""Every expression diagnostic: its code and the line and column it points at inside the expression.

Expressions are given as YAML double-quoted scalars starting at line 4,
column 11 (the opening quote), so a column is 12 plus the offset in the text.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from svcdef.diagnostics import CODES, Diagnostic
from svcdef.expr import BOOL, DATE, DECIMAL, INT, MONEY, TEXT, Env, Group, ListOf, Text, Type, check_expression
from svcdef.span import Snippet, Span

LINE, COL = 4, 11
ENV = Env(
    Group(
        {
            "holder": Group({"birth_date": DATE, "first_name": TEXT}),
            "dogs": ListOf(Group({"name": TEXT, "listed_breed": BOOL})),
            "payment": Text(frozenset({"invoice", "debit"})),
            "fee": MONEY("CHF"),
            "euros": MONEY("EUR"),
            "n": INT,
            "rate": DECIMAL,
            "b": BOOL,
        }
    )
)


def yaml_double_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def snippet(text: str, style: str = '"') -> Snippet:
    raw = yaml_double_quoted(text) if style == '"' else text
    return Snippet(text, Span("t.yaml", LINE, COL, LINE, COL + len(raw)), raw, style)


def found(
    text: str,
    expected: Type | None = None,
    env: Env = ENV,
    style: str = '"',
    pattern_checker: Callable[[Snippet], list[Diagnostic]] | None = None,
) -> list[tuple[str, int, int]]:
    _, diagnostics = check_expression(snippet(text, style), env, expected, pattern_checker=pattern_checker)
    return [(d.code, d.span.line, d.span.col) for d in diagnostics]


def at(text: str, needle: str, occurrence: int = 1) -> int:
    """The column of the `occurrence`-th `needle` in `text` written as a double-quoted scalar at COL."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return COL + 1 + index


CASES: list[tuple[str, str, str, dict[str, object]]] = [
    ("E0401", "x" * 10_001, "x", {}),
    ("E0402", "n = 1", "=", {}),
    ("E0402", "n + 1e5", "e", {}),
    ("E0403", "payment == 'debit", "'", {}),
    ("E0405", "n * " + "9" * 31, "9", {}),
    ("E0406", "'" + "a" * 1_001 + "'", "'", {}),
    ("E0407", "n + ", "+", {}),
    ("E0407", "n < 1 < 2", "< 2", {}),
    ("E0407", "1 + if b then 1 else 2", "if", {}),
    ("E0408", "(" * 70 + "1" + ")" * 70, "(" * 6 + "1", {}),
    ("E0409", 'holder.birth_date < date("2026-02-30")', '"2026', {}),
    ("E0409", "date(n) > today()", "date", {}),
    ("E0410", "count([1, 2])", "[", {}),
    ("E0411", "age(holder.birthdate) >= 18", "birthdate", {}),
    ("E0411", "feee > 10", "feee", {}),
    ("E0412", "item.name == 'Rex'", "item", {}),
    ("E0412", "index > 0", "index", {}),
    ("E0413", "dogs.name == 'Rex'", "name", {}),
    ("E0414", "holder.birth_date.year > 2000", "year", {}),
    ("E0415", "__import__('os')", "__import__", {}),
    ("E0415", "lenght(holder.first_name)", "lenght", {}),
    ("E0416", "age()", "age", {}),
    ("E0416", "len(holder.first_name, 2)", "2", {}),
    ("E0417", "len(n) > 3", "n)", {}),
    ("E0417", "any(n, item > 1)", "n,", {}),
    ("E0418", "holder.first_name * 2", "holder", {}),
    ("E0418", "n and b", "n", {}),
    ("E0418", "holder.birth_date + 1", "holder", {}),
    ("E0419", "holder.first_name < 'm'", "holder", {}),
    ("E0419", "holder.birth_date == n", "holder", {}),
    ("E0420", "payment == 'debt'", "'debt'", {}),
    ("E0420", "payment in ['invoice', 'invoce']", "'invoce'", {}),
    ("E0421", "n", "n", {"expected": BOOL}),
    ("E0421", "if n then 1 else 2", "n", {}),
    ("E0422", "n == null", "n", {}),
    ("E0423", "age(holder.birth_date) > 18", "age", {"env": Env(ENV.root, today_allowed=False)}),
    ("E0424", "round(fee, n)", "n)", {}),
    ("E0424", "matches(holder.first_name, holder.first_name)", "holder.first_name)", {}),
    ("E0425", "fee + euros", "fee", {}),
    ("E0426", "if b then 1 else 'one'", "if", {}),
    ("E0303", "matches(holder.first_name, '[a-')", "'[a-'", {}),
    ("W0401", "fee / 0", "0", {}),
]


@pytest.mark.parametrize(("code", "text", "needle", "options"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_diagnostic_code_and_position(code: str, text: str, needle: str, options: dict[str, object]) -> None:
    assert found(text, **options) == [(code, LINE, at(text, needle))]  # type: ignore[arg-type]


def test_every_expression_code_has_a_case() -> None:
    bound = {"E0427", "E0428", "E0429"}  # codes of expressions bound to a spec: tests/test_bind.py
    tested = {case[0] for case in CASES} | {"E0404"} | bound
    assert {code for code in CODES if code[1:3] == "04"} <= tested


def test_invalid_escape_is_located_in_a_plain_scalar() -> None:
    text = r"holder.first_name == 'a\qb'"
    assert found(text, style="") == [("E0404", LINE, COL + text.index("\\"))]


def test_columns_account_for_yaml_escapes_before_the_problem() -> None:
    text = 'holder.first_name == "say \\"hi\\"" and feee > 1'
    raw_column = COL + yaml_double_quoted(text).index("feee")
    assert found(text) == [("E0411", LINE, raw_column)]


def test_a_multi_line_block_scalar_points_at_the_right_line() -> None:
    text = "b and\nfee > 10 and\nn.x > 1\n"
    raw = "|\n  b and\n  fee > 10 and\n  n.x > 1\n"
    _, diagnostics = check_expression(Snippet(text, Span("t.yaml", LINE, COL, LINE + 3, 1), raw, "|"), ENV, BOOL)
    assert [(d.code, d.span.line, d.span.col) for d in diagnostics] == [("E0414", LINE + 3, 5)]


def test_hints_name_the_nearest_candidate() -> None:
    _, diagnostics = check_expression(snippet("age(holder.birthdate) >= 18"), ENV, BOOL)
    assert diagnostics[0].hint == "did you mean 'birth_date'?"
    _, diagnostics = check_expression(snippet("birth_date"), ENV, None)
    assert diagnostics[0].hint == "did you mean 'holder.birth_date'?"
    _, diagnostics = check_expression(snippet("dogs.name == 'Rex'"), ENV, BOOL)
    assert "any(dogs, item.name == …)" in (diagnostics[0].hint or "")
    _, diagnostics = check_expression(snippet("payment == 'debt'"), ENV, BOOL)
    assert diagnostics[0].hint == "did you mean 'debit'?"


def test_several_independent_errors_are_all_reported() -> None:
    assert [code for code, _, _ in found("feee > 1 and lenght(n) > 2")] == ["E0411", "E0415"]


def test_the_pattern_checker_sees_the_pattern_at_its_place_in_the_file() -> None:
    seen: list[Snippet] = []

    def checker(pattern: Snippet) -> list[Diagnostic]:
        seen.append(pattern)
        return [Diagnostic("E0304", pattern.span_at(1), "not portable")]

    text = "matches(holder.first_name, '^x')"
    assert found(text, pattern_checker=checker) == [("E0304", LINE, at(text, "^x") + 1)]
    assert seen[0].text == "^x"


HOSTILE = [
    ("(" * 10_000 + "1" + ")" * 10_000, "E0401"),
    ("(" * 4_999 + "1" + ")" * 4_999, "E0408"),
    ("not " * 2_000 + "b", "E0408"),
    ("-" * 9_000 + "1", "E0408"),
    ("+".join(["1"] * 4_000), "E0408"),
    ("'" + "a" * 1_000_000 + "'", "E0401"),
    ("'" + "a" * 5_000 + "'", "E0406"),
    ("*".join(["9" * 1_000] * 9), "E0405"),
    ("__import__('os')", "E0415"),
    ("n in [" + ", ".join(["1"] * 3_000) + "]", None),
]


@pytest.mark.parametrize(("text", "code"), HOSTILE, ids=[f"hostile-{i}" for i in range(len(HOSTILE))])
def test_hostile_input_gives_a_diagnostic_within_a_second(text: str, code: str | None) -> None:
    start = time.perf_counter()
    typed, diagnostics = check_expression(snippet(text), ENV, None)
    assert time.perf_counter() - start < 1.0
    assert [d.code for d in diagnostics] == ([code] if code else [])
    assert (typed is None) == (code is not None)
