"""The reference interpreter against docs/submissions.md: every check, its order, pointers and messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import HEADER, SpecFolder

from svcdef.check import Workspace, check_file
from svcdef.evaluate import evaluate
from svcdef.service import Service

L = "label: {de: X, fr: X}"
TODAY = dt.date(2026, 5, 1)

SPEC = f"""\
options:
  pay: {{invoice: {{de: Rechnung, fr: Facture}}, debit: {{de: LSV, fr: LSV}}}}
fields:
  name: {{type: text, required: true, max_length: 5, {L}}}
  code: {{type: text, pattern: "[A-Z]{{2}}", pattern_message: {{de: Zwei Grossbuchstaben, fr: Deux majuscules}}, {L}}}
  count: {{type: integer, min: 1, max: 3, {L}}}
  amount: {{type: money, min: 10, {L}}}
  ratio: {{type: decimal, scale: 1, {L}}}
  ok: {{type: boolean, {L}}}
  day: {{type: date, min: "2026-01-01", {L}}}
  at: {{type: datetime, {L}}}
  time: {{type: time, {L}}}
  pay: {{type: choice, options: pay, {L}}}
  tags: {{type: multichoice, options: pay, max_items: 1, {L}}}
  mail: {{type: email, {L}}}
  phone: {{type: phone, {L}}}
  iban: {{type: iban, countries: [CH], required: "pay == 'debit'", visible_if: "pay == 'debit'", {L}}}
  plz: {{type: postal_code, country: CH, {L}}}
  ahv: {{type: ahv_number, {L}}}
  uid: {{type: uid, {L}}}
  doc: {{type: file, media_types: [application/pdf, image/*], max_size: 100, {L}}}
  person:
    type: group
    {L}
    fields:
      first: {{type: text, required: true, {L}}}
  kids:
    type: list
    max_items: 2
    {L}
    fields:
      born: {{type: date, required: true, {L}}}
      school: {{type: text, visible_if: "age(item.born) >= 6", {L}}}
  numbers:
    type: list
    {L}
    item: {{type: integer, min: 0, {L}}}
computed:
  total: {{type: money, value: "coalesce(amount, 0) * 2"}}
  kid_count: {{value: "count(kids)"}}
validations:
  - id: kid_born_before_day
    for_each: kids
    rule: "item.born < day"
    at: item.born
    message: {{de: Zu spät, fr: Trop tard}}
  - id: whole
    rule: "not (count == 2 and ok)"
    message: {{de: Zu viele, fr: Trop}}
"""


@pytest.fixture
def service(specs: SpecFolder) -> Service:
    path = specs.write("spec.yaml", HEADER + SPEC)
    found, diagnostics = check_file(str(path), Workspace())
    assert found is not None, diagnostics
    return found


def errors(service: Service, data: Any, lang: str | None = None) -> list[tuple[str, str, str]]:
    return [(e.code, e.rule, e.pointer) for e in evaluate(service, data, today=TODAY, lang=lang).errors]


def test_a_minimal_submission_is_valid(service: Service) -> None:
    result = evaluate(service, {"name": "Anna"}, today=TODAY)
    assert (result.valid, result.errors) == (True, [])
    assert result.computed == {"total": "0", "kid_count": 0}


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("name", None, ("type", "/name")),
        ("name", "", ("min_length", "/name")),
        ("name", "Annabel", ("max_length", "/name")),
        ("name", "😀😀😀😀😀", None),
        ("code", "ab", ("pattern", "/code")),
        ("code", "AB\n", ("pattern", "/code")),
        ("count", 0, ("min", "/count")),
        ("count", 4, ("max", "/count")),
        ("count", 2.0, None),
        ("count", 2.5, ("type", "/count")),
        ("count", True, ("type", "/count")),
        ("count", 2**53, ("type", "/count")),
        ("count", "2", ("type", "/count")),
        ("amount", 19.99, ("type", "/amount")),
        ("amount", "19.99", None),
        ("amount", "19.999", ("format", "/amount")),
        ("amount", "019.99", ("format", "/amount")),
        ("amount", "9.99", ("min", "/amount")),
        ("ratio", "0.25", ("format", "/ratio")),
        ("ratio", "-3.5", None),
        ("ok", "true", ("type", "/ok")),
        ("day", "2026-02-30", ("format", "/day")),
        ("day", "2025-12-31", ("min", "/day")),
        ("day", 20260101, ("type", "/day")),
        ("at", "2026-01-31T10:00", None),
        ("at", "2026-01-31T10:00:00Z", ("format", "/at")),
        ("time", "24:00", ("format", "/time")),
        ("pay", "cash", ("option", "/pay")),
        ("pay", 1, ("type", "/pay")),
        ("tags", "invoice", ("type", "/tags")),
        ("mail", "not@", ("format", "/mail")),
        ("mail", "a.b@example.ch", None),
        ("phone", "044 123 45 67", ("format", "/phone")),
        ("phone", "+41 44 123 45 67", None),
        ("plz", "0800", ("format", "/plz")),
        ("ahv", "756.1234.5678.97", None),
        ("ahv", "756.1234.5678.98", ("checksum", "/ahv")),
        ("uid", "CHE-123.456.788", None),
        ("uid", "CHE-123.456.789", ("checksum", "/uid")),
        ("person", [], ("type", "/person")),
        ("kids", {}, ("type", "/kids")),
        ("numbers", [1, -1], ("min", "/numbers/1")),
        ("numbers", [None], ("type", "/numbers/0")),
    ],
)
def test_field_checks(service: Service, field: str, value: Any, expected: tuple[str, str] | None) -> None:
    data = {"name": "Anna", field: value} if field != "name" else {"name": value}
    if field == "person" or expected is None or expected[1] != "/person":
        pass
    found = [(code, pointer) for code, _, pointer in errors(service, data)]
    assert found == ([] if expected is None else [expected])


def test_conditional_requirement_and_hidden_values(service: Service) -> None:
    assert errors(service, {"name": "A", "pay": "debit"}) == [("required", "required", "/iban")]
    assert errors(service, {"name": "A", "pay": "invoice", "iban": "CH9300762011623852957"}) == [
        ("hidden", "hidden", "/iban")
    ]
    assert errors(service, {"name": "A", "pay": "debit", "iban": "DE89370400440532013000"}) == [
        ("countries", "countries", "/iban")
    ]


def test_list_entries_see_their_own_item(service: Service) -> None:
    data = {"name": "A", "kids": [{"born": "2024-01-01", "school": "X"}, {"born": "2015-01-01", "school": "Y"}]}
    assert errors(service, data) == [("hidden", "hidden", "/kids/0/school")]


def test_rules_per_entry_report_at_the_entry(service: Service) -> None:
    data = {"name": "A", "day": "2026-02-01", "kids": [{"born": "2026-01-01"}, {"born": "2026-03-01"}]}
    result = evaluate(service, data, today=TODAY, lang="fr")
    assert [(e.code, e.rule, e.pointer, e.message) for e in result.errors] == [
        ("rule", "kid_born_before_day", "/kids/1/born", "Trop tard")
    ]


def test_a_rule_over_absent_values_does_not_fire(service: Service) -> None:
    assert errors(service, {"name": "A", "kids": [{"born": "2026-03-01"}]}) == []


def test_order_fields_then_unknown_keys_then_rules(service: Service) -> None:
    data = {"zeta": 1, "name": "", "Beta": 2, "count": 2, "ok": True, "alpha": 3, "person": {"first": "X", "extra": 1}}
    assert errors(service, data) == [
        ("min_length", "min_length", "/name"),
        ("unknown", "unknown", "/person/extra"),
        ("unknown", "unknown", "/Beta"),
        ("unknown", "unknown", "/alpha"),
        ("unknown", "unknown", "/zeta"),
        ("rule", "whole", ""),
    ]


def test_unknown_keys_are_escaped_and_sorted_like_javascript(service: Service) -> None:
    data = {"name": "A", "a/b": 1, "~": 2, "\U0001f600": 3, "\uff01": 4}
    assert [p for _, _, p in errors(service, data)] == ["/a~1b", "/~0", "/\U0001f600", "/\uff01"]


def test_multichoice_elements(service: Service) -> None:
    assert errors(service, {"name": "A", "tags": ["invoice", "invoice", "cash", 3]}) == [
        ("max_items", "max_items", "/tags"),
        ("unique", "unique", "/tags/1"),
        ("option", "option", "/tags/2"),
        ("type", "type", "/tags/3"),
    ]


def test_file_reference(service: Service) -> None:
    good = {"name": "f.pdf", "media_type": "image/png", "size": 10, "ref": "r1"}
    assert errors(service, {"name": "A", "doc": good}) == []
    bad = {"name": "", "media_type": "text/html", "size": 101, "extra": True}
    assert errors(service, {"name": "A", "doc": bad}) == [
        ("media_types", "media_types", "/doc"),
        ("max_size", "max_size", "/doc"),
        ("min_length", "min_length", "/doc/name"),
        ("required", "required", "/doc/ref"),
        ("unknown", "unknown", "/doc/extra"),
    ]


def test_list_bounds_come_before_entries(service: Service) -> None:
    data = {"name": "A", "kids": [{}, {"born": "2020-01-01"}, 5]}
    assert errors(service, data) == [
        ("max_items", "max_items", "/kids"),
        ("required", "required", "/kids/0/born"),
        ("type", "type", "/kids/2"),
    ]


def test_a_submission_that_is_not_an_object(service: Service) -> None:
    for data in (None, [], "x", 3):
        assert errors(service, data) == [("type", "type", "")]


def test_messages_in_the_requested_language(service: Service) -> None:
    de = evaluate(service, {"name": "Annabel"}, today=TODAY).errors[0].message
    fr = evaluate(service, {"name": "Annabel"}, today=TODAY, lang="fr").errors[0].message
    assert (de, fr) == ("Bitte geben Sie höchstens 5 Zeichen ein.", "Veuillez saisir au plus 5 caractères.")
    custom = evaluate(service, {"name": "A", "code": "x"}, today=TODAY, lang="fr").errors[0].message
    assert custom == "Deux majuscules"


def test_computed_values_are_json_ready(service: Service) -> None:
    result = evaluate(service, {"name": "A", "amount": "12.50", "kids": [{"born": "2020-01-01"}]}, today=TODAY)
    assert result.computed == {"total": "25.00", "kid_count": 1}


def test_values_with_errors_are_absent_to_expressions(service: Service) -> None:
    result = evaluate(service, {"name": "A", "amount": 12.5}, today=TODAY)
    assert result.computed["total"] == "0"


def test_hostile_values_are_reported_not_raised(service: Service) -> None:
    big = "x" * 1_000_000
    data = {"name": big, "count": float("nan"), "amount": "1" * 5000, "kids": [[[]]], "person": {"first": None}}
    assert errors(service, data) == [
        ("max_length", "max_length", "/name"),
        ("type", "type", "/count"),
        ("format", "format", "/amount"),
        ("type", "type", "/person/first"),
        ("type", "type", "/kids/0"),
    ]
