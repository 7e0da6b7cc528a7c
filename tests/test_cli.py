"""The command line: exit codes, the three diagnostic formats, `schema`, `--version`, and freshness of generated files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import HEADER, SpecFolder

from svcdef import __version__
from svcdef.cli import main
from svcdef.diagnostics import CODES
from svcdef.docs import generated_docs
from svcdef.langschema import spec_language_schema, spec_language_schema_text
from svcdef.loader import load_file
from svcdef.yamltree import plain_data

ROOT = Path(__file__).resolve().parent.parent
BAD = HEADER + "fields:\n  name: {type: text, requird: true, label: {de: X, fr: X}}\n"
GOOD = HEADER + "fields:\n  name: {type: text, label: {de: X, fr: X}}\n"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svcdef", *args], capture_output=True, text=True, cwd=cwd or ROOT, timeout=60
    )


def test_check_clean_spec_exits_0(specs: SpecFolder) -> None:
    specs.write("ok.yaml", GOOD)
    assert main(["check", str(specs.root)]) == 0


def test_check_text_format_shows_position_source_caret_and_hint(specs: SpecFolder) -> None:
    specs.write("bad.yaml", BAD)
    result = run("check", "bad.yaml", cwd=specs.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "bad.yaml:10:22: error[E0101]: unknown key 'requird' in field 'name'",
        "   |",
        "10 |   name: {type: text, requird: true, label: {de: X, fr: X}}",
        "   |                      ^^^^^^^",
        "  = hint: did you mean 'required'?",
        "checked 1 file: 1 error",
    ]
    assert "\x1b[" not in result.stderr


def test_check_json_format(specs: SpecFolder) -> None:
    specs.write("bad.yaml", BAD)
    result = run("check", "--format", "json", "bad.yaml", cwd=specs.root)
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert doc["summary"] == {"files": 1, "errors": 1, "warnings": 0}
    assert doc["diagnostics"] == [
        {
            "code": "E0101",
            "severity": "error",
            "message": "unknown key 'requird' in field 'name'",
            "hint": "did you mean 'required'?",
            "file": "bad.yaml",
            "line": 10,
            "col": 22,
            "end_line": 10,
            "end_col": 29,
        }
    ]


SARIF_SHAPE = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {"required": ["driver"], "properties": {"driver": {"required": ["name", "rules"]}}},
                    "results": {
                        "type": "array",
                        "items": {
                            "required": ["ruleId", "level", "message", "locations"],
                            "properties": {"level": {"enum": ["error", "warning", "note", "none"]}},
                        },
                    },
                },
            },
        },
    },
}


def test_check_sarif_format(specs: SpecFolder) -> None:
    specs.write("bad.yaml", BAD)
    result = run("check", "--format", "sarif", "bad.yaml", cwd=specs.root)
    assert result.returncode == 1
    log = json.loads(result.stdout)
    jsonschema.validate(log, SARIF_SHAPE)
    [res] = log["runs"][0]["results"]
    assert res["ruleId"] == "E0101"
    assert res["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 10,
        "startColumn": 22,
        "endLine": 10,
        "endColumn": 29,
    }
    assert log["runs"][0]["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == "E0101"


def test_warnings_alone_exit_0(specs: SpecFolder) -> None:
    specs.write("warn.yaml", GOOD.replace("fr: X}}", "fr: X, it: X}}"))
    assert main(["check", str(specs.root / "warn.yaml")]) == 0


def test_usage_errors_exit_2(specs: SpecFolder) -> None:
    assert main(["check", str(specs.root / "missing.yaml")]) == 2
    assert main(["check", str(specs.root)]) == 2  # an empty folder: nothing to check
    with pytest.raises(SystemExit) as exc:
        main(["check", "--format", "xml", "x.yaml"])
    assert exc.value.code == 2
    assert main([]) == 2


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"svcdef {__version__}"


def test_broken_input_never_gives_a_traceback(specs: SpecFolder) -> None:
    specs.root.joinpath("junk.yaml").write_bytes(bytes(range(256)))
    specs.write("tags.yaml", "a: !!python/object/apply:os.system ['echo pwned']\n")
    result = run("check", ".", cwd=specs.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "pwned" not in result.stdout
    assert "junk.yaml:2:118: error[E0002]: byte 0x80 is not valid UTF-8" in result.stderr
    assert "\x0b" not in result.stderr


def test_spec_language_schema_is_committed_fresh() -> None:
    committed = (ROOT / "schema" / "svcdef-spec.schema.json").read_text(encoding="utf-8")
    assert committed == spec_language_schema_text(), "run: python -m svcdef schema > schema/svcdef-spec.schema.json"
    assert run("schema").stdout == committed


def test_spec_language_schema_accepts_the_examples_and_rejects_typos() -> None:
    schema = spec_language_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    specs = sorted((ROOT / "specs").rglob("*.yaml"))
    assert specs
    for path in specs:
        document, _ = load_file(str(path))
        assert document is not None
        data = json.loads(json.dumps(plain_data(document.root), default=str))
        assert list(validator.iter_errors(data)) == [], path
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema="), path
    typo = {"svcdef": "1", "service": {}, "fields": {"a": {"type": "text", "label": "A", "requird": True}}}
    assert list(validator.iter_errors(typo))


def test_docs_are_generated_fresh() -> None:
    for name, text in generated_docs().items():
        assert (ROOT / "docs" / name).read_text(encoding="utf-8") == text, "run: python -m svcdef.docs"


def test_every_diagnostic_code_is_documented_and_tested() -> None:
    tests_text = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.rglob("test_*.py"))
    untested = [code for code in CODES if f'"{code}"' not in tests_text]
    assert untested == []
    docs = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert all(f"## {code}" in docs for code in CODES)


def test_example_specs_check_cleanly() -> None:
    result = run("check", "specs")
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr


def test_colour_only_on_a_terminal(specs: SpecFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    from svcdef.diagnostics import Diagnostic
    from svcdef.render import render_text
    from svcdef.span import Span

    d = Diagnostic("E0101", Span("x.yaml", 1, 1, 1, 2), "m", "h")
    assert "\x1b[1;31m" in render_text([d], lambda _: ["a: 1"], colour=True, files=1)
    assert "\x1b[" not in render_text([d], lambda _: ["a: 1"], colour=False, files=1)
    assert os.environ.get("NO_COLOR") is None or True


def test_run_finds_the_services_day_without_a_system_time_zone_database(tmp_path: Path) -> None:
    """Regression: where the system has no zone files (Windows, slim images), `run` without `--today` stopped
    with an internal error; the `tzdata` dependency gives `zoneinfo` its database there."""
    submission = tmp_path / "empty.json"
    submission.write_text("{}", encoding="utf-8")
    env = {**os.environ, "PYTHONTZPATH": str(tmp_path / "no-zones")}
    done = subprocess.run(
        [sys.executable, "-m", "svcdef", "run", "specs/dog-registration.yaml", str(submission), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1 and json.loads(done.stdout)["valid"] is False, done.stderr
