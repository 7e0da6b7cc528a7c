"""Expressions bound to the spec: each place an expression stands is checked in its scope, with exact positions."""

from __future__ import annotations

from conftest import HEADER, SpecFolder, position

from svcdef.check import Workspace, check_file
from svcdef.expr import INT, ListOf, Money
from svcdef.service import EACH

L = "label: {de: X, fr: X}"
FIELDS = f"""\
fields:
  birth: {{type: date, {L}}}
  income: {{type: money, {L}}}
  pay: {{type: choice, options: {{invoice: {{de: R, fr: F}}, debit: {{de: L, fr: P}}}}, {L}}}
  iban: {{type: iban, required: "pay == 'debit'", visible_if: "pay == 'debit'", {L}}}
  kids:
    type: list
    {L}
    fields:
      born: {{type: date, {L}}}
      start: {{type: date, required: "is_set(item.born)", {L}}}
"""


def service(specs: SpecFolder, body: str):  # type: ignore[no-untyped-def]
    path = specs.write("spec.yaml", HEADER + body)
    found, diagnostics = check_file(str(path), Workspace())
    assert found is not None, diagnostics
    return found


def test_conditions_are_checked_in_the_scope_of_their_field(specs: SpecFolder) -> None:
    s = service(specs, FIELDS)
    assert s.info(("iban",)).visible is not True
    start = s.info(("kids", EACH, "start"))
    assert start.scope == ("kids",)
    assert s.root.fields["kids"] == ListOf(s.root.fields["kids"].elem)
    assert start.required is not True and start.required is not False
    assert s.root.fields["income"] == Money("CHF")


def test_item_in_a_top_level_condition_is_an_error(specs: SpecFolder) -> None:
    body = FIELDS + f'  note: {{type: text, visible_if: "item.born", {L}}}\n'
    d = specs.check(body)
    assert [(x.code, x.span.line, x.span.col) for x in d] == [("E0412", *position(body, "item.born", occurrence=2))]


def test_computed_values_are_ordered_and_typed(specs: SpecFolder) -> None:
    body = (
        FIELDS
        + """\
computed:
  b: {value: "a + 1"}
  a: {value: "count(kids)", type: integer}
"""
    )
    s = service(specs, body)
    assert [c.name for c in s.computed] == ["a", "b"]
    assert s.root.fields["b"] == INT


def test_computed_cycle(specs: SpecFolder) -> None:
    body = (
        FIELDS
        + """\
computed:
  a: {value: "b + 1"}
  b: {value: "a * 2"}
  c: {value: "a"}
"""
    )
    d = specs.check(body)
    assert [(x.code, x.span.line, x.span.col) for x in d] == [("E0427", *position(body, '"b + 1"'))]
    assert d[0].message == "computed value 'a' depends on itself: a -> b -> a"


def test_computed_value_named_like_a_field(specs: SpecFolder) -> None:
    body = FIELDS + 'computed:\n  income: {value: "1"}\n'
    d = specs.check(body)
    assert [(x.code, x.span.line) for x in d] == [("E0203", position(body, "income: {value")[0])]


def test_computed_declared_type_is_checked(specs: SpecFolder) -> None:
    body = FIELDS + 'computed:\n  n: {value: "birth", type: integer}\n'
    d = specs.check(body)
    assert [(x.code, x.span.line, x.span.col) for x in d] == [("E0421", *position(body, 'birth", type'))]


def test_for_each_must_be_a_list(specs: SpecFolder) -> None:
    body = (
        FIELDS
        + """\
validations:
  - {id: r, for_each: income, rule: "true", message: {de: X, fr: X}}
"""
    )
    d = specs.check(body)
    assert [(x.code, x.span.line, x.span.col) for x in d] == [("E0428", *position(body, "income, rule"))]
    assert d[0].message == "for_each needs the path of a list field, not 'income' (money (CHF))"


def test_for_each_unknown_list_suggests(specs: SpecFolder) -> None:
    body = (
        FIELDS
        + """\
validations:
  - {id: r, for_each: kidz, rule: "true", message: {de: X, fr: X}}
"""
    )
    d = specs.check(body)
    assert [(x.code, x.span.line, x.span.col) for x in d] == [("E0411", *position(body, "kidz"))]
    assert d[0].hint == "did you mean 'kids'?"


def test_at_must_be_a_field(specs: SpecFolder) -> None:
    body = (
        FIELDS
        + """\
validations:
  - {id: r, rule: "true", at: "count(kids)", message: {de: X, fr: X}}
"""
    )
    d = specs.check(body)
    assert [(x.code, x.span.line, x.span.col) for x in d] == [("E0429", *position(body, "count(kids)"))]
    assert d[0].message == "'at' must name the field the error is shown at, not an expression of type integer"


def test_rule_with_item_scope_and_at(specs: SpecFolder) -> None:
    body = (
        FIELDS
        + """\
validations:
  - id: start_after_birth
    for_each: kids
    rule: "item.start > item.born"
    at: item.start
    message: {de: X, fr: X}
"""
    )
    s = service(specs, body)
    (rule,) = s.rules
    assert (rule.for_each, rule.at) == (("kids",), ("kids", EACH, "start"))


def test_rule_item_without_for_each(specs: SpecFolder) -> None:
    body = (
        FIELDS
        + """\
validations:
  - {id: r, rule: "item.start > birth", message: {de: X, fr: X}}
"""
    )
    d = specs.check(body)
    assert [(x.code, x.span.line, x.span.col) for x in d] == [("E0412", *position(body, "item.start"))]


def test_fee_amount_must_be_money_in_the_fee_currency(specs: SpecFolder) -> None:
    body = (
        FIELDS
        + """\
fees:
  items:
    - {id: a, label: {de: A, fr: A}, amount: "birth"}
"""
    )
    d = specs.check(body)
    assert [(x.code, x.span.line, x.span.col) for x in d] == [("E0421", *position(body, 'birth"}'))]
    assert d[0].message == "expected money (CHF), but the expression is date"


def test_mapping_from_must_be_a_list_and_sees_item(specs: SpecFolder) -> None:
    body = (
        FIELDS
        + """\
target:
  system: S
  format: json
  transport: {kind: http, url_env: URL}
  mapping:
    kinder[]: {from: birth, map: {geboren: item.born}}
"""
    )
    d = specs.check(body)
    assert [(x.code, x.span.line, x.span.col) for x in d] == [("E0428", *position(body, "birth, map"))]
    good = body.replace("from: birth", "from: kids")
    s = service(specs, good)
    (part,) = s.mapping
    assert part.source == ("kids",)


def test_unknown_names_are_not_reported_after_structural_errors(specs: SpecFolder) -> None:
    body = f"""\
fields:
  a: {{type: nosuchtype, {L}}}
  b: {{type: text, visible_if: "a == 'x'", {L}}}
"""
    assert [x.code for x in specs.check(body)] == ["E0106"]


def test_expression_errors_point_into_folded_and_quoted_scalars(specs: SpecFolder) -> None:
    body = (
        FIELDS
        + """\
computed:
  a:
    value: >-
      if is_set(birth)
      then incom
      else 0
  b: {value: "'\\u00e9' + nam"}
"""
    )
    d = specs.check(body)
    assert [(x.code, x.span.line, x.span.col) for x in d] == [
        ("E0411", *position(body, "incom\n")),
        ("E0411", *position(body, 'nam"')),
    ]
    assert d[0].hint == "did you mean 'income'?"
