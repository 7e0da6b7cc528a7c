"""The reference fee calculator: rounding, caps, table lookups at every bound, hit policies, dated schedules, explain."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import HEADER, SpecFolder

from svcdef.check import Workspace, check_file
from svcdef.cli import main
from svcdef.evaluate import Result, evaluate
from svcdef.fees import money_text, round_to_step
from svcdef.service import Service

# -- rounding ---------------------------------------------------------------------------------------------

ROUNDING = [
    # step 0.05 (Rappenrundung)
    ("0.05", "half_up", "1.024", "1.00"),
    ("0.05", "half_up", "1.025", "1.05"),
    ("0.05", "half_up", "1.075", "1.10"),
    ("0.05", "half_up", "1.0749", "1.05"),
    ("0.05", "half_up", "2.975", "3.00"),
    ("0.05", "half_up", "-1.024", "-1.00"),
    ("0.05", "half_up", "-1.025", "-1.05"),
    ("0.05", "half_up", "-1.075", "-1.10"),
    ("0.05", "half_up", "-0.024", "0.00"),
    ("0.05", "half_even", "1.025", "1.00"),
    ("0.05", "half_even", "1.075", "1.10"),
    ("0.05", "half_even", "1.0251", "1.05"),
    ("0.05", "half_even", "-1.025", "-1.00"),
    ("0.05", "half_even", "-1.075", "-1.10"),
    ("0.05", "down", "1.049", "1.00"),
    ("0.05", "down", "1.05", "1.05"),
    ("0.05", "down", "-1.049", "-1.00"),
    ("0.05", "up", "1.001", "1.05"),
    ("0.05", "up", "1.05", "1.05"),
    ("0.05", "up", "-1.001", "-1.05"),
    # step 0.01
    ("0.01", "half_up", "1.005", "1.01"),
    ("0.01", "half_up", "4.265", "4.27"),
    ("0.01", "half_up", "1.0049", "1.00"),
    ("0.01", "half_up", "-4.265", "-4.27"),
    ("0.01", "half_even", "1.005", "1.00"),
    ("0.01", "half_even", "1.015", "1.02"),
    ("0.01", "half_even", "4.265", "4.26"),
    ("0.01", "half_even", "-4.265", "-4.26"),
    ("0.01", "down", "1.009", "1.00"),
    ("0.01", "down", "-1.009", "-1.00"),
    ("0.01", "up", "1.001", "1.01"),
    ("0.01", "up", "-1.001", "-1.01"),
    ("0.01", "up", "2.00", "2.00"),
    # step 1
    ("1", "half_up", "2.5", "3"),
    ("1", "half_up", "2.49", "2"),
    ("1", "half_up", "-2.5", "-3"),
    ("1", "half_even", "2.5", "2"),
    ("1", "half_even", "3.5", "4"),
    ("1", "half_even", "-2.5", "-2"),
    ("1", "down", "2.99", "2"),
    ("1", "down", "-2.99", "-2"),
    ("1", "up", "2.01", "3"),
    ("1", "up", "-2.01", "-3"),
    ("1", "up", "-0.4", "-1"),
    ("1", "down", "-0.4", "0"),
]


@pytest.mark.parametrize(("step", "mode", "amount", "expected"), ROUNDING)
def test_rounding(step: str, mode: str, amount: str, expected: str) -> None:
    result = round_to_step(Decimal(amount), Decimal(step), mode)
    assert str(result) == expected


def test_amounts_are_written_with_at_least_cents() -> None:
    assert [money_text(Decimal(x)) for x in ("3", "1.5", "0.125", "-0")] == ["3.00", "1.50", "0.125", "0.00"]


# -- a service with tables ----------------------------------------------------------------------------------

L = "label: {de: X, fr: X}"
FIELDS = f"""\
fields:
  income: {{type: money, {L}}}
  kind: {{type: choice, options: {{car: {{de: A, fr: A}}, van: {{de: L, fr: L}}, bike: {{de: M, fr: M}}}}, {L}}}
  n: {{type: integer, {L}}}
  day: {{type: date, {L}}}
  dogs:
    type: list
    {L}
    fields:
      listed: {{type: boolean, {L}}}
"""
RATE = """\
    rate:
      inputs: {income: {type: money, min: 0}}
      outputs: {rate: {type: money}}
      rows:
        - {income: "[0, 40000)", rate: 20}
        - {income: "[40000, 60000]", rate: 40}
        - {income: "(60000, 80000)", rate: 60.50}
        - {income: ">= 80000", rate: 80}
"""


def service(specs: SpecFolder, body: str) -> Service:
    path = specs.write("spec.yaml", HEADER + body)
    found, diagnostics = check_file(str(path), Workspace())
    assert found is not None, diagnostics
    assert diagnostics == []
    return found


def run(s: Service, data: dict[str, Any], today: str = "2026-05-01") -> Result:
    return evaluate(s, data, today=dt.date.fromisoformat(today))


def lines(result: Result) -> list[tuple[str, str, str | None]]:
    assert result.fees is not None
    return [(x.id, money_text(x.amount), x.for_) for x in result.fees.items]


def total(result: Result) -> str:
    assert result.fees is not None
    return money_text(result.fees.total)


@pytest.mark.parametrize(
    ("income", "rate"),
    [
        ("0", "20.00"),
        ("0.01", "20.00"),
        ("39999.99", "20.00"),
        ("40000", "40.00"),
        ("40000.01", "40.00"),
        ("59999.99", "40.00"),
        ("60000", "40.00"),
        ("60000.01", "60.50"),
        ("79999.99", "60.50"),
        ("80000", "80.00"),
        ("80000.01", "80.00"),
        ("9999999.99", "80.00"),
    ],
)
def test_lookup_at_below_and_above_every_bound(specs: SpecFolder, income: str, rate: str) -> None:
    body = FIELDS + 'computed:\n  r: {value: "rate(income)", type: money}\nfees:\n  tables:\n' + RATE
    body += '  items:\n    - {id: fee, label: {de: G, fr: T}, amount: "r * 2"}\n'
    result = run(service(specs, body), {"income": income})
    assert result.computed["r"] == rate
    assert lines(result) == [("fee", money_text(Decimal(rate) * 2), None)]


def test_no_matching_row_gives_null_and_no_line(specs: SpecFolder) -> None:
    body = FIELDS + 'computed:\n  r: {value: "rate(income)", type: money}\nfees:\n  tables:\n' + RATE
    body += '  items:\n    - {id: fee, label: {de: G, fr: T}, amount: "r"}\n'
    s = service(specs, body)
    assert run(s, {"income": "-0.01"}).computed["r"] is None
    absent = run(s, {})
    assert absent.computed["r"] is None
    assert lines(absent) == []
    assert total(absent) == "0.00"


def test_absent_input_matches_only_any(specs: SpecFolder) -> None:
    table = """\
    rate:
      hit_policy: first
      inputs: {income: {type: money}}
      outputs: {rate: {type: money}}
      rows:
        - {income: "< 50000", rate: 20}
        - {income: any, rate: 130}
"""
    body = (
        FIELDS
        + "fees:\n  tables:\n"
        + table
        + '  items:\n    - {id: fee, label: {de: G, fr: T}, amount: "rate(income)"}\n'
    )
    s = service(specs, body)
    assert lines(run(s, {})) == [("fee", "130.00", None)]
    assert lines(run(s, {"income": "49999.99"})) == [("fee", "20.00", None)]
    assert lines(run(s, {"income": "50000"})) == [("fee", "130.00", None)]


def test_sets_and_several_inputs_and_outputs(specs: SpecFolder) -> None:
    table = """\
    permit:
      inputs: {kind: {type: text}, n: {type: integer, min: 1}}
      outputs: {fee: {type: money}, deposit: {type: money}}
      rows:
        - {kind: [car, van], n: "[1, 6)", fee: 40, deposit: 0}
        - {kind: [car, van], n: ">= 6", fee: 220, deposit: 50}
        - {kind: bike, n: any, fee: 20, deposit: 0}
"""
    items = (
        '    - {id: fee, label: {de: G, fr: T}, amount: "permit_fee(kind, n)"}\n'
        '    - {id: deposit, label: {de: D, fr: D}, amount: "permit_deposit(kind, n)", when: "permit_deposit(kind, n) > 0"}\n'
    )
    s = service(specs, FIELDS + "fees:\n  tables:\n" + table + "  items:\n" + items)
    assert lines(run(s, {"kind": "van", "n": 5})) == [("fee", "40.00", None)]
    assert lines(run(s, {"kind": "car", "n": 6})) == [("fee", "220.00", None), ("deposit", "50.00", None)]
    assert lines(run(s, {"kind": "bike", "n": 6})) == [("fee", "20.00", None)]


def test_first_takes_the_first_matching_row(specs: SpecFolder) -> None:
    table = """\
    surcharge:
      hit_policy: first
      inputs: {n: {type: integer}}
      outputs: {s: {type: money}}
      rows:
        - {n: "[3, 5]", s: 30}
        - {n: ">= 2", s: 20}
        - {n: any, s: 0}
"""
    body = (
        FIELDS
        + "fees:\n  tables:\n"
        + table
        + '  items:\n    - {id: s, label: {de: G, fr: T}, amount: "surcharge(n)"}\n'
    )
    s = service(specs, body)
    assert [total(run(s, {"n": n})) for n in (1, 2, 3, 5, 6)] == ["0.00", "20.00", "30.00", "30.00", "20.00"]


def test_collect_sum_adds_every_matching_row(specs: SpecFolder) -> None:
    table = """\
    surcharge:
      hit_policy: collect_sum
      inputs: {n: {type: integer}, kind: {type: text}}
      outputs: {s: {type: money}}
      rows:
        - {n: ">= 1", kind: any, s: 10}
        - {n: ">= 3", kind: any, s: 5.50}
        - {n: any, kind: van, s: 100}
        - {n: any, kind: any, s: 0}
"""
    body = (
        FIELDS
        + "fees:\n  tables:\n"
        + table
        + '  items:\n    - {id: s, label: {de: G, fr: T}, amount: "surcharge(n, kind)"}\n'
    )
    s = service(specs, body)
    assert [total(run(s, {"n": n, "kind": "car"})) for n in (0, 1, 2, 3)] == ["0.00", "10.00", "10.00", "15.50"]
    assert total(run(s, {"n": 3, "kind": "van"})) == "115.50"


def test_date_columns_and_exclusive_bounds(specs: SpecFolder) -> None:
    table = """\
    season:
      inputs: {day: {type: date}}
      outputs: {fee: {type: money}}
      rows:
        - {day: "< 2026-06-01", fee: 10}
        - {day: "[2026-06-01, 2026-09-01)", fee: 30}
        - {day: ">= 2026-09-01", fee: 10}
"""
    body = (
        FIELDS
        + "fees:\n  tables:\n"
        + table
        + '  items:\n    - {id: s, label: {de: G, fr: T}, amount: "season(day)"}\n'
    )
    s = service(specs, body)
    days = ("2026-05-31", "2026-06-01", "2026-08-31", "2026-09-01")
    assert [total(run(s, {"day": d})) for d in days] == ["10.00", "30.00", "30.00", "10.00"]


# -- dated schedules ----------------------------------------------------------------------------------------

DATED = (
    FIELDS
    + 'fees:\n  date: "day"\n  tables:\n'
    + RATE.replace(
        "    rate:\n",
        '    rate_2026:\n      lookup: rate\n      valid_from: "2026-01-01"\n      valid_until: "2026-12-31"\n',
    )
    + RATE.replace("    rate:\n", '    rate_2027:\n      lookup: rate\n      valid_from: "2027-01-01"\n').replace(
        "rate: 20}", "rate: 25}"
    )
    + """\
  items:
    - {id: care, label: {de: B, fr: G}, amount: "rate(income)"}
    - {id: base_2026, line_id: base, label: {de: G, fr: T}, amount: "10", valid_until: "2026-12-31"}
    - {id: base_2027, line_id: base, label: {de: G, fr: T}, amount: "12", valid_from: "2027-01-01"}
"""
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-12-31", [("base", "10.00", None)]),
        ("2026-01-01", [("care", "20.00", None), ("base", "10.00", None)]),
        ("2026-12-31", [("care", "20.00", None), ("base", "10.00", None)]),
        ("2027-01-01", [("care", "25.00", None), ("base", "12.00", None)]),
    ],
)
def test_the_version_in_force_on_the_fee_date_answers(
    specs: SpecFolder, day: str, expected: list[tuple[str, str, None]]
) -> None:
    s = service(specs, DATED)
    assert lines(run(s, {"income": "100", "day": day})) == expected


def test_fee_date_defaults_to_today(specs: SpecFolder) -> None:
    s = service(specs, DATED)
    assert lines(run(s, {"income": "100"}, today="2027-02-01")) == [("care", "25.00", None), ("base", "12.00", None)]


def test_fee_date_reads_fields_only(specs: SpecFolder) -> None:
    body = DATED.replace('date: "day"', 'date: "d"') + 'computed:\n  d: {value: "day"}\n'
    path = specs.write("spec.yaml", HEADER + body)
    _, diagnostics = check_file(str(path), Workspace())
    assert [d.code for d in diagnostics] == ["E0411"]


# -- caps, signs and where rounding applies ------------------------------------------------------------------


def test_caps_and_negative_amounts(specs: SpecFolder) -> None:
    body = (
        FIELDS
        + """\
fees:
  rounding: {step: "0.05", mode: half_up}
  items:
    - {id: care, label: {de: B, fr: G}, amount: "income * 0.1", max: 500, min: 20}
    - {id: discount, label: {de: R, fr: R}, amount: "income * -0.0125", min: -30}
"""
    )
    s = service(specs, body)
    assert lines(run(s, {"income": "100.30"})) == [("care", "20.00", None), ("discount", "-1.25", None)]
    assert lines(run(s, {"income": "1234.30"})) == [("care", "123.45", None), ("discount", "-15.45", None)]
    assert lines(run(s, {"income": "9000"})) == [("care", "500.00", None), ("discount", "-30.00", None)]


@pytest.mark.parametrize(
    ("apply", "amounts", "result"),
    [
        ("item", ["0.00", "0.00", "0.00"], "0.00"),
        ("both", ["0.00", "0.00", "0.00"], "0.00"),
        ("total", ["0.02", "0.02", "0.02"], "0.05"),
    ],
)
def test_rounding_per_item_total_or_both(specs: SpecFolder, apply: str, amounts: list[str], result: str) -> None:
    body = (
        FIELDS
        + f'fees:\n  rounding: {{step: "0.05", mode: half_up, apply: {apply}}}\n  items:\n'
        + '    - {id: tag, for_each: dogs, label: {de: B, fr: G}, amount: "0.02"}\n'
    )
    s = service(specs, body)
    outcome = run(s, {"dogs": [{}, {}, {}]})
    assert [x[1] for x in lines(outcome)] == amounts
    assert [x[2] for x in lines(outcome)] == ["/dogs/0", "/dogs/1", "/dogs/2"]
    assert total(outcome) == result


# -- explain -----------------------------------------------------------------------------------------------

EXPLAINED = (
    FIELDS
    + 'computed:\n  r: {value: "rate(income)", type: money}\nfees:\n  rounding: {step: "0.05", mode: half_up}\n  tables:\n'
    + RATE
    + """\
  items:
    - {id: care, label: {de: Betreuung, fr: Garde}, amount: "rate(income) * 1.0123", max: 50}
    - {id: tag, for_each: dogs, when: "item.listed", label: {de: Marke, fr: Marque}, amount: "r"}
    - {id: old, label: {de: Alt, fr: Ancien}, amount: "1", valid_until: "2020-12-31"}
"""
)


def test_explanation_records_each_line(specs: SpecFolder) -> None:
    s = service(specs, EXPLAINED)
    result = run(s, {"income": "60000.01", "dogs": [{"listed": True}, {}]})
    assert result.fees is not None and result.fees.explanation is not None
    data = result.fees.explanation.as_dict()
    assert data["date"] == "2026-05-01" and data["date_source"] == "today"
    assert data["computed_lookups"] == [
        {"function": "rate", "table": "rate", "args": ["60000.01"], "rows": [3], "value": "60.50"}
    ]
    care, tag0, tag1, old = data["lines"]
    assert care == {
        "item": "care",
        "for": None,
        "outcome": "charged",
        "when": True,
        "lookups": [{"function": "rate", "table": "rate", "args": ["60000.01"], "rows": [3], "value": "60.50"}],
        "amount": "61.244150",
        "capped": "50",
        "rounded": "50.00",
    }
    assert (tag0["outcome"], tag0["rounded"], tag1["outcome"], tag1["when"]) == (
        "charged",
        "60.50",
        "when not true",
        None,
    )
    assert old["outcome"] == "not in force"
    assert data["subtotal"] == "110.50"


def test_run_explain_prints_the_derivation(
    specs: SpecFolder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = specs.write("spec.yaml", HEADER + EXPLAINED)
    submission = tmp_path / "s.json"
    submission.write_text(json.dumps({"income": "39999.99", "dogs": [{"listed": True}, {"listed": False}]}))
    assert main(["run", str(path), str(submission), "--today", "2026-05-01", "--explain"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[out.index("explain:") :] == [
        "explain:",
        "  fee date 2026-05-01 (today); rounding 0.05 half_up on each item and the total",
        "  lookups of computed values:",
        "    rate(39999.99) = 20.00  (rate row 1)",
        "  care: amount 20.246000, rounded 20.25",
        "    rate(39999.99) = 20.00  (rate row 1)",
        "  tag /dogs/0: amount 20.00",
        "  tag /dogs/1: no line: 'when' is false",
        "  old: not in force on 2026-05-01",
        "  sum of the lines 40.25",
    ]


def test_run_explain_json(specs: SpecFolder, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = specs.write("spec.yaml", HEADER + EXPLAINED)
    submission = tmp_path / "s.json"
    submission.write_text(json.dumps({"income": "-5"}))
    main(["run", str(path), str(submission), "--today", "2026-05-01", "--explain", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["fees"]["items"] == []
    assert data["explain"]["lines"][0]["outcome"] == "no amount"
    assert data["explain"]["lines"][0]["lookups"] == [
        {"function": "rate", "table": "rate", "args": ["-5"], "rows": [], "value": None}
    ]
    main(["run", str(path), str(submission), "--today", "2026-05-01", "--format", "json"])
    assert "explain" not in json.loads(capsys.readouterr().out)
