"""Regression cases of semantics all three targets must share, on small specs written for the case.

Each case runs the reference interpreter, the generated Python package and
the generated JavaScript module on the same submissions and compares the
whole result (verdict, errors, computed values, fees), then checks the
value the case is about.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Context, Decimal
from pathlib import Path
from typing import Any

from generators.js.engine import write as write_js
from generators.js.node import NODE, evaluate_batch
from generators.python.engine import load
from svcdef.check import Workspace, check_file
from svcdef.evaluate import evaluate
from svcdef.service import Service

TODAY = dt.date(2026, 5, 1)
HEAD = """\
svcdef: "1"
service:
  id: sample-case
  version: 1.0.0
  languages: [de]
  currency: CHF
  title: {de: Fall}
  authority: {de: Amt}
"""
L = "label: {de: X}"


def service_of(tmp_path: Path, body: str) -> Service:
    path = tmp_path / "case.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    found, diagnostics = check_file(str(path), Workspace())
    assert found is not None and not diagnostics, diagnostics
    return found


def results(service: Service, tmp_path: Path, submissions: list[Any]) -> list[dict[str, Any]]:
    """The reference's results, after checking that Python and JavaScript give the same ones."""
    module = load(service, tmp_path / "py")
    expected = []
    for data in submissions:
        reference = evaluate(service, data, today=TODAY).as_dict()
        got = module.evaluate(data, today=TODAY)
        assert json.dumps(got, sort_keys=True) == json.dumps(reference, sort_keys=True)
        expected.append(reference)
    if NODE is not None:
        index = write_js(service, tmp_path / "js")
        batch = [
            {"module": str(index), "data": json.dumps(d), "today": TODAY.isoformat(), "lang": None} for d in submissions
        ]
        for reference, got in zip(expected, evaluate_batch(batch), strict=True):
            assert json.dumps(got, sort_keys=True) == json.dumps(reference, sort_keys=True)
    return expected


def test_negative_zero_read_from_a_field_prints_as_zero(tmp_path: Path) -> None:
    service = service_of(
        tmp_path,
        f"""\
fields:
  amount: {{type: decimal, scale: 2, {L}}}
computed:
  same: {{type: decimal, value: "amount"}}
  doubled: {{type: decimal, value: "amount * 2"}}
""",
    )
    found = results(service, tmp_path, [{"amount": "-0"}, {"amount": "-0.00"}, {"amount": "-1.50"}])
    assert [r["computed"] for r in found] == [
        {"same": "0", "doubled": "0"},
        {"same": "0.00", "doubled": "0.00"},
        {"same": "-1.50", "doubled": "-3.00"},
    ]


def test_fee_total_is_exact_beyond_28_digits(tmp_path: Path) -> None:
    """Python's default decimal context has 28 digits; JavaScript's BigInts have no limit. Totals are exact."""
    service = service_of(
        tmp_path,
        f"""\
fields:
  price: {{type: money, {L}}}
  factor: {{type: decimal, scale: 2, {L}}}
fees:
  currency: CHF
  rounding: {{step: 0.01, mode: half_up, apply: item}}
  items:
    - {{id: square, {L}, amount: "price * factor"}}
    - {{id: cent, {L}, amount: "0.01"}}
""",
    )
    price = "99999999999999999.99"
    [found] = results(service, tmp_path, [{"price": price, "factor": price}])
    assert Context(prec=100).multiply(Decimal(price), Decimal(price)) == Decimal(
        "9999999999999999998000000000000000.0001"
    )
    assert found["fees"]["items"][0]["amount"] == "9999999999999999998000000000000000.00"  # rounded to 0.01
    assert found["fees"]["total"] == "9999999999999999998000000000000000.01"


class Mapping(dict[str, Any]):
    """A `dict` subclass, as a caller may pass one: the generated code reads it as a copy."""


def validated(service: Service, tmp_path: Path, submissions: list[Any]) -> Any:
    """The generated Python package, after checking that its `validate` gives the reference's errors for each
    submission (`validate` runs `check`, its own function; `results` compares `evaluate`, which runs `run`)."""
    module = load(service, tmp_path / "validated")
    for data in submissions:
        reference = [(e.code, e.rule, e.pointer) for e in evaluate(service, data, today=TODAY).errors]
        assert [(e.code, e.rule, e.pointer) for e in module.validate(data, today=TODAY)] == reference, data
    return module


def check_source(module: Any) -> str:
    """The source of a generated package's `check`."""
    source = Path(str(module.__file__)).with_name("validator.py").read_text(encoding="utf-8")
    return source[source.index("\ndef check(") : source.index("\ndef run(")]


def test_item_in_a_list_inside_another_lists_entries_is_the_inner_entry(tmp_path: Path) -> None:
    """Regression: entries of a nested list saw `item` as null, so a field shown by `item` was always hidden."""
    service = service_of(
        tmp_path,
        f"""\
options:
  kind: {{passport: {{de: Pass}}, other: {{de: Anderes}}}}
fields:
  persons:
    type: list
    {L}
    fields:
      name: {{type: text, {L}}}
      documents:
        type: list
        {L}
        fields:
          kind: {{type: choice, options: kind, {L}}}
          note: {{type: text, visible_if: "item.kind == 'other'", required: "item.kind == 'other'", {L}}}
      papers:
        type: group
        {L}
        fields:
          extra:
            type: list
            {L}
            fields:
              kind: {{type: choice, options: kind, {L}}}
              note: {{type: text, visible_if: "item.kind == 'other'", {L}}}
""",
    )
    other = {"kind": "other", "note": "Ausweis"}
    submissions = [
        {"persons": [{"name": "A", "documents": [{"kind": "passport"}, other], "papers": {"extra": [other]}}]},
        {"persons": [{"name": "B", "documents": [{"kind": "passport", "note": "x"}, {"kind": "other"}]}]},
        {"persons": [{"name": "C", "papers": {"extra": [{"kind": "passport", "note": "x"}, other]}}]},
    ]
    found = results(service, tmp_path, submissions)
    assert [[(e["code"], e["pointer"]) for e in r["errors"]] for r in found] == [
        [],
        [("hidden", "/persons/0/documents/0/note"), ("required", "/persons/0/documents/1/note")],
        [("hidden", "/persons/0/papers/extra/0/note")],
    ]


def test_file_references_take_the_short_test_only_when_well_formed(tmp_path: Path) -> None:
    """The one-test check of a well-formed file reference must accept exactly what the full checks accept."""
    service = service_of(
        tmp_path,
        f"""\
fields:
  scan: {{type: file, media_types: [application/pdf, image/*], max_size: 1000, {L}}}
""",
    )
    good = {"name": "a.pdf", "media_type": "application/pdf", "size": 1000, "ref": "r1"}
    variants = [
        good,
        {**good, "media_type": "image/png"},
        {**good, "media_type": "image/"},
        {**good, "media_type": "imagex/png"},
        {**good, "media_type": "text/plain"},
        {**good, "size": 1001},
        {**good, "size": -1},
        {**good, "size": 10.0},
        {**good, "size": True},
        {**good, "size": "10"},
        {**good, "name": ""},
        {**good, "ref": ""},
        {**good, "media_type": ""},
        {**good, "extra": 1},
        {k: v for k, v in good.items() if k != "ref"},
    ]
    found = results(service, tmp_path, [{"scan": v} for v in variants])
    assert [[e["code"] for e in r["errors"]] for r in found] == [
        [],
        [],
        [],
        ["media_types"],
        ["media_types"],
        ["max_size"],
        ["min"],
        [],
        ["type"],
        ["type"],
        ["min_length"],
        ["min_length"],
        ["media_types"],
        ["unknown"],
        ["required"],
    ]


def test_digit_patterns_written_with_string_methods_accept_what_the_pattern_accepts(tmp_path: Path) -> None:
    """Fixed-length digit patterns are checked with `len`/`isascii`/`isdigit` in Python and by character code in
    JavaScript: the same verdicts as the patterns."""
    service = service_of(
        tmp_path,
        f"""\
fields:
  zip: {{type: text, pattern: '[1-9][0-9]{{3}}', {L}}}
  chip: {{type: text, pattern: '[0-9]{{3}}', min_length: 3, max_length: 3, {L}}}
  code: {{type: text, pattern: '0[0-4]', max_length: 1, {L}}}
""",
    )
    values = ["8001", "0800", "800", "80010", "８００１", "8٠01", "8²01", "800a", "8001\n", " 801", "", 8001]
    found = results(service, tmp_path, [{"zip": v, "chip": v, "code": v} for v in [*values, "04", "05", "123"]])
    errors = [{(e["pointer"], e["code"]) for e in r["errors"]} for r in found]
    assert [("/zip", "pattern") in e for e in errors] == [False, *[True] * 10, False, True, True, True]
    assert [("/chip", "pattern") in e for e in errors] == [True, True, False, *[True] * 8, False, True, True, False]
    assert [("/code", "pattern") in e for e in errors] == [*[True] * 11, False, False, True, True]
    assert [("/code", "max_length") in e for e in errors][-3:] == [True, True, True]
    # the characters on either side of the digits ('/' and ':'), where a range test is off by one
    edges = results(service, tmp_path, [{"zip": v, "chip": v[:3], "code": v[:2]} for v in ("80/1", "80:1", "0:", "0/")])
    assert all({"/zip", "/chip", "/code"} <= {e["pointer"] for e in r["errors"]} for r in edges)


def test_unknown_keys_are_found_whichever_known_fields_are_absent(tmp_path: Path) -> None:
    """Python counts absent known fields instead of comparing key sets: an unknown key must show in every mix.

    Each kind of field counts its absence in its own branch (required, optional, optional boolean,
    hidden, conditionally required); a missing required field next to an unknown key keeps the length
    equal to a complete object's, the case a count of present fields alone would miss.
    """
    service = service_of(
        tmp_path,
        f"""\
options:
  kinds:
    a: {{de: A}}
    b: {{de: B}}
fields:
  kind: {{type: choice, options: kinds, required: true, {L}}}
  name: {{type: text, required: true, {L}}}
  note: {{type: text, {L}}}
  flag: {{type: boolean, {L}}}
  extra: {{type: text, visible_if: "kind == 'b'", required: "kind == 'b'", {L}}}
""",
    )
    full = {"kind": "b", "name": "N", "note": "x", "flag": True, "extra": "e"}
    variants = [
        full,
        {**full, "zz": 1},
        {k: v for k, v in full.items() if k != "name"} | {"zz": 1},
        {k: v for k, v in full.items() if k not in ("note", "flag")} | {"zz": 1},
        {"kind": "a", "name": "N", "zz": 1},
        {"kind": "a", "name": "N", "extra": "e"},
        {"kind": "b", "name": "N", "zz": 1},
        {"name": "N", "zz": 1, "yy": 2},
        {"kind": "a", "name": "N"},
    ]
    found = results(service, tmp_path, variants)
    assert [sorted((e["pointer"], e["code"]) for e in r["errors"]) for r in found] == [
        [],
        [("/zz", "unknown")],
        [("/name", "required"), ("/zz", "unknown")],
        [("/zz", "unknown")],
        [("/zz", "unknown")],
        [("/extra", "hidden")],
        [("/extra", "required"), ("/zz", "unknown")],
        [("/kind", "required"), ("/yy", "unknown"), ("/zz", "unknown")],
        [],
    ]


def test_keys_that_are_not_text_are_unknown_keys_named_as_json_writes_them(tmp_path: Path) -> None:
    """A dict built in Python may have keys that are not text; they are reported, never raised on.

    Each is named as `json.dumps` writes it, so the JavaScript, given the same submission as JSON, reports the
    same errors (`results` checks that); a key JSON cannot write (a tuple) is named by `str`, in Python only.
    """
    service = service_of(
        tmp_path,
        f"""\
fields:
  home:
    type: group
    {L}
    fields:
      street: {{type: text, {L}}}
  scan: {{type: file, media_types: [application/pdf], max_size: 1000, {L}}}
""",
    )
    scan = {"name": "a.pdf", "media_type": "application/pdf", "size": 10, "ref": "r"}
    odd: dict[Any, Any] = {1: 0, None: 0, 2.5: 0, float("nan"): 0, -(10**20): 0, "a/b": 0}
    found = results(service, tmp_path, [{"home": {"street": "S", **odd}, "scan": {**scan, 7: 0, True: 0}}])
    assert [e["pointer"] for e in found[0]["errors"]] == [
        "/home/-100000000000000000000",
        "/home/1",
        "/home/2.5",
        "/home/NaN",
        "/home/a~1b",
        "/home/null",
        "/scan/7",
        "/scan/true",
    ]
    module = load(service, tmp_path / "tuple")
    data = {"home": {(1, 2): 0, 10**5000: 0}}
    expected = ["/home/(1, 2)", "/home/<int>"]
    assert [e.pointer for e in module.validate(data, today=TODAY)] == expected
    assert [e.pointer for e in evaluate(service, data, today=TODAY).errors] == expected


def test_text_length_conditions_of_every_kind_of_bound(tmp_path: Path) -> None:
    """The Python one-test condition of a text writes a lower bound of 0 or 1 without `len` (the text's truth)
    and other bounds with it: each kind must give the checks' verdicts at the edges."""
    service = service_of(
        tmp_path,
        f"""\
fields:
  none: {{type: text, min_length: 0, {L}}}
  upto: {{type: text, min_length: 0, max_length: 2, {L}}}
  one: {{type: text, {L}}}
  some: {{type: text, max_length: 2, {L}}}
  three: {{type: text, min_length: 3, {L}}}
  range: {{type: text, min_length: 2, max_length: 3, {L}}}
""",
    )
    values = ["", "a", "ab", "abc", "abcd", 0, None]
    found = results(
        service, tmp_path, [{name: v for name in ("none", "upto", "one", "some", "three", "range")} for v in values]
    )
    codes = [sorted((e["pointer"], e["code"]) for e in r["errors"]) for r in found]
    assert codes[0] == [
        ("/one", "min_length"),
        ("/range", "min_length"),
        ("/some", "min_length"),
        ("/three", "min_length"),
    ]
    assert codes[1] == [("/range", "min_length"), ("/three", "min_length")]
    assert codes[2] == [("/three", "min_length")]
    assert codes[3] == [("/some", "max_length"), ("/upto", "max_length")]
    assert codes[4] == [("/range", "max_length"), ("/some", "max_length"), ("/upto", "max_length")]
    assert all({c for _, c in r} == {"type"} and len(r) == 6 for r in codes[5:])


def test_a_missing_required_field_is_reported_where_the_others_are_read_by_key(tmp_path: Path) -> None:
    """Python reads an always-required field with `d[key]` and takes a `KeyError` as absent: each missing one
    is reported once, in order, beside values of other fields that are wrong."""
    service = service_of(
        tmp_path,
        f"""\
fields:
  a: {{type: text, required: true, {L}}}
  b: {{type: integer, required: true, min: 1, {L}}}
  c: {{type: boolean, required: true, {L}}}
  d: {{type: text, {L}}}
""",
    )
    found = results(service, tmp_path, [{}, {"b": 0}, {"a": "x", "c": None, "e": 1}, {"a": "x", "b": 1, "c": True}])
    codes = [[(e["pointer"], e["code"]) for e in r["errors"]] for r in found]
    assert codes == [
        [("/a", "required"), ("/b", "required"), ("/c", "required")],
        [("/a", "required"), ("/b", "min"), ("/c", "required")],
        [("/b", "required"), ("/c", "type"), ("/e", "unknown")],
        [],
    ]


def test_a_dict_subclass_that_makes_up_missing_keys_is_read_as_its_items(tmp_path: Path) -> None:
    """A caller may pass a `defaultdict` or a `Counter`: Python reads required fields with `d[key]`, which on
    such a mapping makes up a missing key. The generated code must report it missing, as the reference does,
    and leave the caller's object as it was."""
    from collections import Counter, defaultdict

    service = service_of(
        tmp_path,
        f"""\
fields:
  a: {{type: text, required: true, {L}}}
  g:
    type: group
    required: true
    {L}
    fields:
      b: {{type: integer, required: true, {L}}}
""",
    )
    module = load(service, tmp_path / "py")
    inner: defaultdict[str, Any] = defaultdict(lambda: "made up")
    outer: defaultdict[str, Any] = defaultdict(str, {"g": inner})
    counted = Counter({"a": 1})
    for data in (outer, {"a": "x", "g": counted}):
        reference = [(e.code, e.pointer) for e in evaluate(service, data, today=TODAY).errors]
        got = [(e.code, e.pointer) for e in module.validate(data, today=TODAY)]
        assert got == reference
    assert (dict(outer), dict(inner), dict(counted)) == ({"g": {}}, {}, {"a": 1})
    assert [(e.code, e.pointer) for e in module.validate(outer, today=TODAY)] == [
        ("required", "/a"),
        ("required", "/g/b"),
    ]


def test_values_the_checks_capture_are_those_compute_reads(tmp_path: Path) -> None:
    """`check` takes the typed values the validations read from the checks that read them (no second read ahead):
    a scalar as its field is read, a list of groups as the views its entry functions return. Values in a
    hidden group or list are not checked but still read, and an entry that is no object, a `dict` subclass or
    a value of the wrong type must give the view `compute` gives: `validate` must agree with the reference. A
    value a condition reads is taken too if its field comes before the condition's (`show`), not after (`late`)."""
    service = service_of(
        tmp_path,
        f"""\
fields:
  note: {{type: text, required: false, visible_if: "late == true", {L}}}
  show: {{type: boolean, {L}}}
  household:
    type: group
    visible_if: "show == true"
    required: false
    {L}
    fields:
      income: {{type: money, required: false, max: 100000, {L}}}
      children:
        type: list
        required: false
        {L}
        fields:
          born: {{type: date, {L}}}
          start: {{type: date, {L}}}
          note: {{type: text, required: false, {L}}}
  pets:
    type: list
    visible_if: "show == true"
    required: false
    {L}
    fields:
      born: {{type: date, {L}}}
  limit: {{type: integer, required: false, {L}}}
  late: {{type: boolean, required: false, {L}}}
validations:
  - id: income_low
    rule: "household.income < 50000 or not is_set(household.income)"
    message: {{de: Zu hoch}}
  - id: child_age
    for_each: household.children
    rule: "days_between(item.born, item.start) >= 91 and years_between(item.born, item.start) < 5"
    message: {{de: Alter}}
  - id: pet_age
    for_each: pets
    rule: "age(item.born) < 30"
    message: {{de: Tier}}
  - id: limit_set
    rule: "coalesce(limit, 0) < count(household.children) + 3"
    message: {{de: Grenze}}
""",
    )

    child = {"born": "2024-01-10", "start": "2024-02-01"}
    old_pet = {"born": "1980-01-01"}
    submissions: list[Any] = [
        {"show": True, "household": {"income": "60000.00", "children": [child]}, "pets": [old_pet], "limit": 3},
        {"show": False, "household": {"income": "60000.00", "children": [child, 5, None]}, "pets": [old_pet]},
        {"show": False, "household": [child], "pets": "none", "limit": 2, "note": "x", "late": True},
        {"show": True, "note": "x", "late": False, "pets": []},
        {"show": True, "household": Mapping(income="70000", children=[Mapping(child), [], {"born": 3}])},
        {"show": True, "household": {"income": 60000, "children": {"0": child}}, "pets": [None, old_pet]},
        {"show": None, "household": {"children": [child, {**child, "extra": 1}]}, "limit": "9"},
        {"show": True, "household": None, "pets": [{"born": "2020-02-30"}, Mapping(old_pet)], "limit": 1.0},
        [child],
    ]
    module = validated(service, tmp_path, submissions)
    results(service, tmp_path, [s for s in submissions if not isinstance(s, list) and "Mapping" not in repr(s)])
    check = check_source(module)
    ahead = check[: check.index("_check_1(")]
    # a condition's value is read first only where a field before its own has the condition (here `note`)
    assert ahead.count(".get(") == 1 and "data.get('late')" in ahead
    rules = [(e.rule, e.pointer) for e in module.validate(submissions[0], today=TODAY) if e.code == "rule"]
    assert rules == [("income_low", ""), ("child_age", "/household/children/0"), ("pet_age", "/pets/0")]


def test_rules_over_one_list_share_a_loop_and_keep_their_order(tmp_path: Path) -> None:
    """Python checks rules over the same list that follow each other in one loop, each entry field read once: the
    errors must still come rule by rule (all of the first rule's entries, then the second's), as the reference
    gives them, with `when` and fields of groups inside the entries read as before."""
    service = service_of(
        tmp_path,
        f"""\
fields:
  people:
    type: list
    {L}
    fields:
      age: {{type: integer, {L}}}
      home:
        type: group
        required: false
        {L}
        fields:
          town: {{type: text, required: false, {L}}}
validations:
  - id: adult
    for_each: people
    rule: "item.age >= 18"
    message: {{de: Alter}}
  - id: town_known
    for_each: people
    when: "item.age > 1"
    rule: "item.home.town != 'X' and item.age < 100"
    message: {{de: Ort}}
  - id: not_empty
    rule: "count(people) > 0"
    message: {{de: Leer}}
  - id: young
    for_each: people
    rule: "item.age < 60"
    message: {{de: Jung}}
""",
    )
    people = [{"age": 5, "home": {"town": "X"}}, {"age": 120}, {"age": 17, "home": {"town": "Y"}}, 3, {"age": "x"}]
    found = results(service, tmp_path, [{"people": people}, {"people": []}, {"people": None}, {}])
    validated(service, tmp_path, [{"people": people}, {"people": []}])
    assert [(e["rule"], e["pointer"]) for e in found[0]["errors"] if e["code"] == "rule"] == [
        ("adult", "/people/0"),
        ("adult", "/people/2"),
        ("town_known", "/people/0"),
        ("town_known", "/people/1"),
        ("young", "/people/1"),
    ]


def test_rules_judged_in_the_entry_checks_are_judged_for_every_entry(tmp_path: Path) -> None:
    """Python judges rules that read only an entry's own fields inside the entry's checks, from the values just
    read, and reports them after all field errors in rule order. The reference judges every entry of the typed
    view: an entry that is no object as one of nulls (`is_set` flags it), wrong values as null, today's date."""
    service = service_of(
        tmp_path,
        f"""\
fields:
  family:
    type: group
    {L}
    fields:
      kids:
        type: list
        {L}
        fields:
          born: {{type: date, {L}}}
          name: {{type: text, required: false, {L}}}
          days: {{type: integer, required: false, {L}}}
  extra: {{type: integer, required: false, {L}}}
validations:
  - id: named
    for_each: family.kids
    rule: "is_set(item.name)"
    message: {{de: Name}}
  - id: not_future
    for_each: family.kids
    when: "is_set(item.born)"
    rule: "item.born <= today() and coalesce(item.days, 0) < 10"
    message: {{de: Zukunft}}
  - id: extra_small
    rule: "coalesce(extra, 0) < 5"
    message: {{de: Extra}}
""",
    )

    kid = {"born": "2020-01-01", "name": "A"}
    kids: list[Any] = [kid, {"born": "2027-01-01"}, 7, None, {"born": 3, "days": 12}, Mapping(born="2030-02-02")]
    submissions: list[Any] = [
        {"family": {"kids": kids}, "extra": 9},
        {"family": {"kids": [kid, {**kid, "days": 10}]}},
        {"family": {"kids": "x"}},
        {"family": [], "extra": 1},
    ]
    module = validated(service, tmp_path, submissions)
    results(service, tmp_path, [s for s in submissions if "Mapping" not in repr(s)])
    rules = [(e.rule, e.pointer) for e in module.validate(submissions[0], today=TODAY) if e.code == "rule"]
    assert rules == [
        ("named", "/family/kids/1"),
        ("named", "/family/kids/2"),
        ("named", "/family/kids/3"),
        ("named", "/family/kids/4"),
        ("named", "/family/kids/5"),
        ("not_future", "/family/kids/1"),
        ("not_future", "/family/kids/5"),
        ("extra_small", ""),
    ]
    assert "for _item in" not in check_source(module)  # judged in the entry checks, no loop over the entries afterwards
    source = Path(str(module.__file__)).with_name("validator.py").read_text(encoding="utf-8")
    assert "view: dict" not in source  # and, nothing else reading the list, its entry checks build no views


def test_values_that_pass_their_fast_test_are_captured_as_given(tmp_path: Path) -> None:
    """Python's checks take a captured integer, text, choice, format or boolean value that passes its field's one
    test as it is, and make its typed view only where that test fails: there the rules must see what the
    reference sees (an integral float as its integer, a wrong type or an absent value as null)."""
    service = service_of(
        tmp_path,
        f"""\
fields:
  n: {{type: integer, min: 0, max: 10, {L}}}
  k: {{type: integer, required: false, {L}}}
  t: {{type: text, required: false, max_length: 5, {L}}}
  c: {{type: choice, options: {{a: {{de: A}}, b: {{de: B}}}}, {L}}}
  mail: {{type: email, required: false, {L}}}
  flag: {{type: boolean, required: false, {L}}}
  must: {{type: boolean, {L}}}
validations:
  - id: small
    rule: "coalesce(n, 0) + coalesce(k, 0) < 8"
    message: {{de: Klein}}
  - id: text_or_mail
    rule: "is_set(t) or is_set(mail) or is_set(c)"
    message: {{de: Text}}
  - id: flags
    rule: "flag != true or must == true"
    message: {{de: Flagge}}
""",
    )
    good = {"n": 3, "k": 1, "t": "abc", "c": "a", "mail": "a@b.ch", "flag": True, "must": True}
    submissions: list[Any] = [
        good,
        {**good, "n": 7.0, "k": 2.0},
        {**good, "n": 11, "k": "1"},
        {**good, "n": True, "k": None, "t": 5, "c": "z", "mail": "nope", "flag": "yes", "must": 1},
        {"n": 9, "flag": True, "must": False, "t": "toolong"},
        {"c": 1, "mail": 3, "flag": None, "must": None, "k": 2**60},
        {},
    ]
    module = validated(service, tmp_path, submissions)
    results(service, tmp_path, submissions)
    check = Path(str(module.__file__)).with_name("validator.py").read_text(encoding="utf-8")
    assert check.count(" = v\n") == 7  # each captured value taken as it is where it passes
    rules = [e.rule for e in module.validate(submissions[3], today=TODAY) if e.code == "rule"]
    assert rules == ["text_or_mail"]


def test_rules_judged_in_the_entry_checks_of_a_list_a_later_condition_reads(tmp_path: Path) -> None:
    """A list that a condition of a later field reads is captured with its entry views (the condition's fields):
    its rules are still judged in the entry checks, and the condition must still see every entry."""
    service = service_of(
        tmp_path,
        f"""\
fields:
  dogs:
    type: list
    {L}
    fields:
      born: {{type: date, {L}}}
      listed: {{type: boolean, {L}}}
  proof: {{type: text, required: "any(dogs, item.listed)", {L}}}
validations:
  - id: born_before
    for_each: dogs
    rule: "item.born <= today()"
    message: {{de: Zukunft}}
""",
    )
    dog = {"born": "2020-01-01", "listed": False}
    submissions: list[Any] = [
        {"dogs": [dog, {"born": "2027-01-01", "listed": True}]},
        {"dogs": [dog, 3, {"listed": True}, Mapping(born="2030-01-01", listed=True)], "proof": "x"},
        {"dogs": [dog, {**dog, "listed": "yes"}]},
        {"dogs": None, "proof": 1},
    ]
    module = validated(service, tmp_path, submissions)
    results(service, tmp_path, [s for s in submissions if "Mapping" not in repr(s)])
    assert "for _item in" not in check_source(module)
    rules = [(e.code, e.pointer) for e in module.validate(submissions[0], today=TODAY)]
    assert rules == [("required", "/proof"), ("rule", "/dogs/1")]


def test_computed_values_one_validation_reads_are_computed_where_its_tests_need_them(tmp_path: Path) -> None:
    """Python's `check` computes a computed value that only one validation reads inside that validation, after
    the tests of its `when` that come first (`a and b` splits into tests, as `not (a or b)` does). With nulls
    and wrong values the validations must still be what the reference finds; a value two validations read, or
    a rule over a list, is computed before them as before."""
    service = service_of(
        tmp_path,
        f"""\
fields:
  on: {{type: boolean, required: false, {L}}}
  a: {{type: decimal, required: false, {L}}}
  b: {{type: decimal, required: false, {L}}}
  note: {{type: text, required: false, {L}}}
  rows:
    type: list
    required: false
    {L}
    fields:
      x: {{type: integer, {L}}}
computed:
  total: {{type: decimal, value: "coalesce(a, 0) + coalesce(b, 0)"}}
  share: {{type: decimal, value: "total * 0.8"}}
  shared: {{type: decimal, value: "coalesce(a, 1) * 3"}}
validations:
  - id: explained
    when: "on and total > 10"
    rule: "share < 20 or is_set(note)"
    message: {{de: Erklärung}}
  - id: first
    rule: "not (shared > 30 or on == false)"
    message: {{de: Eins}}
  - id: second
    when: "is_set(b)"
    rule: "shared < 60"
    message: {{de: Zwei}}
  - id: rows_small
    for_each: rows
    rule: "item.x < shared"
    message: {{de: Zeilen}}
""",
    )
    submissions: list[Any] = [
        {"on": True, "a": "20", "b": "10"},
        {"on": True, "a": "20", "b": "10", "note": "n"},
        {"on": True, "a": "5", "b": "1", "rows": [{"x": 1}, {"x": 99}, 3]},
        {"on": False, "a": "30", "b": "x", "rows": [{"x": "1"}]},
        {"on": None, "a": 7, "b": "1.5"},
        {"a": "11"},
        {},
        [],
    ]
    module = validated(service, tmp_path, submissions)
    results(service, tmp_path, submissions)
    check = check_source(module)
    # `total` and `share` only where `on` holds (and, for `share`, `total > 10`); `shared` before the validations
    assert check.index("_c2: Any =") < check.index("if _p") < check.index("_c0: Any =") < check.index("_c1: Any =")


def test_conditions_in_entries_read_the_entry_fields_their_checks_took(tmp_path: Path) -> None:
    """Python's entry checks take the entry fields that the conditions of later fields of the entry read, and
    the conditions read those values (no typed view of the list read ahead): a wrong or absent value must be
    null to them, as in the reference, with root values and the index read as before. A condition that reads
    a field after its own, or one inside a group of the entry, still reads the entry's view."""
    fields = f"""\
fields:
  mode: {{type: choice, options: {{a: {{de: A}}, b: {{de: B}}}}, {L}}}
  people:
    type: list
    {L}
    fields:
      kind: {{type: choice, options: {{x: {{de: X}}, y: {{de: Y}}}}, {L}}}
      age: {{type: integer, required: false, {L}}}
      other: {{type: text, visible_if: "item.kind == 'y'", required: "coalesce(item.age, 0) > 3", {L}}}
      code: {{type: text, required: "mode == 'a' and index > 0", {L}}}
      {{extra}}
validations:
  - id: adult
    for_each: people
    rule: "item.kind == 'x' or coalesce(item.age, 0) >= 18"
    message: {{de: Alter}}
"""
    people: list[Any] = [
        {"kind": "y", "age": 20, "other": "o", "code": "c"},
        {"kind": "x", "other": "o"},
        {"kind": "z", "age": "4", "other": 1},
        {"kind": "y", "age": 4.0},
        3,
        Mapping(kind="y", age=30, other="", code=None),
    ]
    submissions: list[Any] = [{"mode": "a", "people": people}, {"mode": "b", "people": people}, {"people": [{}]}]
    plain = service_of(tmp_path, fields.replace("{extra}", ""))
    module = validated(plain, tmp_path, submissions)
    results(plain, tmp_path, [s for s in submissions if "Mapping" not in repr(s)])
    source = Path(str(module.__file__)).with_name("validator.py").read_text(encoding="utf-8")
    assert "_item" not in source.split("\ndef compute(")[0]  # the conditions read locals, the rule is judged there
    for extra in (
        f'late: {{type: text, required: "is_set(item.later)", {L}}}\n      later: {{type: text, {L}}}',
        f"box: {{type: group, {L}, fields: {{inner: {{type: text, visible_if: \"item.kind == 'y'\", {L}}}}}}}",
    ):
        (tmp_path / extra[:3]).mkdir()
        other = service_of(tmp_path / extra[:3], fields.replace("{extra}", extra))
        module = validated(other, tmp_path / extra[:3], submissions)
        assert "_item" in check_source(module)


class Code(str):
    """A `str` subclass, as a caller may pass one in a multiple choice."""


def test_multiple_choices_and_lists_of_values_take_the_fast_test_first(tmp_path: Path) -> None:
    """Python tests a multiple choice with one set operation and each value of a list of scalars with one
    condition before their checks: elements that cannot be hashed, duplicates, other types, integral floats,
    impossible dates and out-of-range values must still get the reference's errors, in its order."""
    service = service_of(
        tmp_path,
        f"""\
fields:
  pick: {{type: multichoice, options: {{a: {{de: A}}, b: {{de: B}}, c: {{de: C}}}}, required: false, {L}}}
  names: {{type: list, item: {{type: text, max_length: 3, {L}}}, required: false, {L}}}
  counts: {{type: list, item: {{type: integer, min: 1, max: 9, {L}}}, required: false, {L}}}
  days: {{type: list, item: {{type: date, min: "2020-01-01", {L}}}, required: false, {L}}}
""",
    )
    submissions: list[Any] = [
        {"pick": ["a", "c"], "names": ["x", "abc"], "counts": [1, 9.0], "days": ["2024-02-29"]},
        {"pick": ["a", "a", {"x": 1}, ["b"], 1, True, None, "d"], "names": ["", "abcd", 3, None]},
        {"pick": [Code("b"), "b"], "counts": [0, 10, 2.5, "3", True, 2**60], "days": ["2023-02-29", "2019-12-31", 5]},
        {"pick": "a", "names": "x", "counts": {}, "days": None},
        {"pick": []},
    ]
    validated(service, tmp_path, submissions)
    results(service, tmp_path, submissions)
