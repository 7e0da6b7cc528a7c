"""`svcdef run` and `svcdef test`: output, exit codes and refusal of bad input, in-process through `main`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import HEADER, SpecFolder

from svcdef.check import check_paths
from svcdef.cli import main
from svcdef.evaluate import evaluate as reference
from svcdef.testing import run_tests

L = "label: {de: X, fr: X}"
SPEC = (
    HEADER
    + f"""\
fields:
  name: {{type: text, required: true, max_length: 5, {L}}}
  amount: {{type: money, {L}}}
computed:
  double: {{type: money, value: "coalesce(amount, 0) * 2"}}
fees:
  items:
    - {{id: base, label: {{de: Grundgebühr, fr: Taxe de base}}, amount: "20"}}
tests:
  - name: short name passes
    today: "2026-05-01"
    input: {{name: Anna, amount: "1.50"}}
    expect: {{valid: true, computed: {{double: "3"}}, fees: {{total: "20"}}}}
  - name: long name fails on purpose
    today: "2026-05-01"
    input: {{name: Annabel}}
    expect: {{valid: true}}
"""
)


@pytest.fixture
def spec(specs: SpecFolder) -> Path:
    return specs.write("spec.yaml", SPEC)


def submit(tmp_path: Path, data: object) -> str:
    path = tmp_path / "submission.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_run_valid_submission(spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", str(spec), submit(tmp_path, {"name": "Anna", "amount": "2.25"}), "--today", "2026-05-01"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines() == [
        "valid",
        "computed:",
        "  double  4.50",
        "fees (CHF):",
        "  base  Grundgebühr  20.00",
        "  total              20.00",
    ]


def test_run_invalid_submission_in_french(spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", str(spec), submit(tmp_path, {"name": "Annabel", "x\x1b[2J": 1}), "--lang", "fr"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[:3] == [
        "invalid: 2 errors",
        "  /name   max_length: Veuillez saisir au plus 5 caractères.",
        "  /x\ufffd[2J  unknown: Ce champ n'existe pas dans le formulaire.",
    ]


def test_run_json_format(spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(spec), submit(tmp_path, {}), "--format", "json", "--today", "2026-05-01"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is False
    assert data["errors"] == [
        {"code": "required", "rule": "required", "pointer": "/name", "message": "Bitte füllen Sie dieses Feld aus."}
    ]
    assert data["fees"] == {
        "currency": "CHF",
        "items": [{"id": "base", "label": "Grundgebühr", "amount": "20.00", "for": None}],
        "total": "20.00",
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"name": ', "submission.json:1:10: not valid JSON: Expecting value"),
        ('{"name": NaN}', "submission.json: not valid JSON: NaN is not JSON"),
        (
            '{"n": -' + "9" * 4301 + "}",
            "submission.json: not valid JSON: a number of 4301 digits is longer than svcdef reads (4300)",
        ),
        ("[" * 100_000 + "]" * 100_000, "submission.json: not valid JSON: nested too deeply to read"),
        ('\ufeff{"name": }', "submission.json:1:10: not valid JSON: Expecting value"),  # position after the BOM
        ('{"name": "\udc80"}', "submission.json: not UTF-8 text (byte 0xed at offset 10)"),
    ],
)
def test_run_refuses_bad_json(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "submission.json"
    path.write_bytes(content.encode("utf-8", "surrogatepass"))
    assert main(["run", str(spec), str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("svcdef: error: ") and err.rstrip().endswith(message)


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_run_and_test_take_the_day_in_the_services_time_zone(
    specs: SpecFolder, tmp_path: Path, capsys: pytest.CaptureFixture[str], zone: str
) -> None:
    """Without `--today` (or a test's `today`) the day is the service's, as in the generated code.

    Regression: it was the machine's. The two zones are 25 hours apart, so the machine's day differs from at
    least one of theirs at any time.
    """
    header = HEADER.replace("  currency: CHF\n", f"  currency: CHF\n  timezone: {zone}\n")
    body = f"fields:\n  name: {{type: text, {L}}}\ncomputed:\n  day: {{type: date, value: 'today()'}}\n"
    path = specs.write("zoned.yaml", header + body + "tests:\n  - name: t\n    input: {}\n    expect: {valid: true}\n")
    before = dt.datetime.now(ZoneInfo(zone)).date()
    assert main(["run", str(path), submit(tmp_path, {}), "--format", "json"]) == 0
    ran = json.loads(capsys.readouterr().out)["computed"]["day"]
    [service], _ = check_paths([str(path)])
    days: list[dt.date] = []
    [outcome] = run_tests(service, lambda s, data, today, lang: days.append(today) or reference(s, data, today=today))
    after = dt.datetime.now(ZoneInfo(zone)).date()
    assert outcome.passed and ran in (before.isoformat(), after.isoformat()) and days[0] in (before, after)


def test_run_reads_a_submission_with_a_byte_order_mark(spec: Path, tmp_path: Path) -> None:
    path = tmp_path / "submission.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"name": "Anna"}).encode())
    assert main(["run", str(spec), str(path), "--today", "2026-05-01"]) == 0


def test_run_reads_numbers_up_to_pythons_limit_of_digits(spec: Path, tmp_path: Path) -> None:
    path = tmp_path / "submission.json"
    path.write_text('{"name": "Anna", "amount": -' + "9" * 4300 + "}", encoding="utf-8")
    assert main(["run", str(spec), str(path), "--today", "2026-05-01"]) == 1  # read, and refused as no money


def test_run_refuses_bad_options(spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(spec), submit(tmp_path, {}), "--today", "2026-13-01"]) == 2
    assert capsys.readouterr().err == "svcdef: error: --today '2026-13-01' is not a date: write YYYY-MM-DD\n"
    assert main(["run", str(spec), submit(tmp_path, {}), "--lang", "it"]) == 2
    assert capsys.readouterr().err == "svcdef: error: --lang must be one of: de, fr\n"
    assert main(["run", str(spec), str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_run_on_a_broken_spec_reports_diagnostics(
    specs: SpecFolder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = specs.write("bad.yaml", HEADER + f'fields:\n  a: {{type: text, visible_if: "nme", {L}}}\n')
    assert main(["run", str(spec), submit(tmp_path, {})]) == 1
    assert "error[E0411]: unknown name 'nme'" in capsys.readouterr().err


def test_test_command_reports_each_test(spec: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(spec)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"PASS {spec}:18: short name passes"
    assert lines[1] == f"FAIL {spec}:22: long name fails on purpose"
    assert lines[2:] == [
        "     valid: expected valid, got invalid",
        "       error: {rule=max_length, at='/name', code=max_length} Bitte geben Sie höchstens 5 Zeichen ein.",
        "1 passed, 1 failed",
    ]


def test_test_command_json(spec: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(spec), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [(t["name"], t["passed"], t["line"]) for t in data] == [
        ("short name passes", True, 18),
        ("long name fails on purpose", False, 22),
    ]


def test_test_command_compares_fees_items_and_computed(specs: SpecFolder, capsys: pytest.CaptureFixture[str]) -> None:
    spec = specs.write(
        "spec.yaml",
        SPEC.replace(
            'computed: {{double: "3"}}'.replace("{{", "{").replace("}}", "}"), 'computed: {double: "4", nope: 1}'
        ).replace('fees: {total: "20"}', 'fees: {total: "21", items: {base: ["20", "1"]}}'),
    )
    assert main(["test", str(spec)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:5] == [
        "     fees.total: expected 21, got 20.00",
        "     fees.items.base: expected ['20', '1'], got ['20.00']",
        "     computed.double: expected 4, got 3.00",
        "     computed.nope: the service has no computed value 'nope'",
    ]


@pytest.mark.parametrize("folder", ["specs", "benchmarks/specs"])
def test_example_and_benchmark_specs_pass_their_tests(folder: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parent.parent
    assert main(["test", str(root / folder)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith(" passed, 0 failed")
