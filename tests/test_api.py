"""The public Python API: exactly the exported names, and each works as documented."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HEADER, SpecFolder

import svcdef

ROOT = Path(__file__).resolve().parent.parent


def test_exported_names() -> None:
    assert sorted(svcdef.__all__) == ["SpecError", "__version__", "build", "check", "evaluate", "load"]
    assert all(hasattr(svcdef, name) for name in svcdef.__all__)


def test_load_and_evaluate_an_example() -> None:
    service = svcdef.load(str(ROOT / "specs" / "dog-registration.yaml"))
    result = svcdef.evaluate(service, {"payment": "cash"}, today=dt.date(2026, 5, 1), lang="fr")
    assert not result.valid
    assert [e.pointer for e in result.errors] == ["/holder", "/dogs", "/payment"]
    assert result.errors[2].message == "Veuillez choisir l'une des options proposées."


def test_evaluate_takes_only_a_date_as_today() -> None:
    service = svcdef.load(str(ROOT / "specs" / "change-of-address.yaml"))
    for wrong in [dt.datetime(2026, 5, 1, 10), "2026-05-01", None]:
        with pytest.raises(TypeError, match=r"^today must be a datetime\.date, not "):
            svcdef.evaluate(service, {}, today=wrong)  # type: ignore[arg-type]


def test_load_raises_with_every_diagnostic(specs: SpecFolder) -> None:
    path = specs.write("bad.yaml", HEADER + "fields:\n  a: {type: txt, label: {de: X, fr: X}}\n")
    with pytest.raises(svcdef.SpecError) as caught:
        svcdef.load(str(path))
    assert [d.code for d in caught.value.diagnostics] == ["E0106"]
    assert str(caught.value) == f"1 error in the spec: {path}:10:13: unknown field type 'txt'"


def test_check_returns_services_and_diagnostics() -> None:
    services, diagnostics = svcdef.check([str(ROOT / "specs")])
    assert sorted(s.id for s in services) == [
        "change-of-address",
        "dog-registration",
        "event-permit",
        "kita-fees",
        "resident-parking",
    ]
    assert diagnostics == []


def test_build_writes_then_reports_fresh_outputs(tmp_path: Path) -> None:
    spec = str(ROOT / "specs" / "dog-registration.yaml")
    summary = svcdef.build([spec], str(tmp_path / "out"), only="readme")
    assert summary.updated == ("dog-registration",)  # type: ignore[union-attr]
    assert svcdef.build([spec], str(tmp_path / "out"), only="readme", check=True) == []
    (tmp_path / "out" / "dog-registration" / "README.md").write_text("edited", encoding="utf-8")
    stale = svcdef.build([spec], str(tmp_path / "out"), only="readme", check=True)
    assert [d.describe() for d in stale] == [  # type: ignore[union-attr]
        f"{tmp_path / 'out'}/dog-registration/README.md: stale (differs from what the specs generate)"
    ]


def test_expression_package_imports_its_parts_on_first_use() -> None:
    """`svcdef.expr` resolves every exported name lazily; a check does not import the interpreter or emitters."""
    code = (
        "import sys, svcdef.check, svcdef.bind\n"
        "assert 'svcdef.expr.interpreter' not in sys.modules and 'svcdef.expr.emit_js' not in sys.modules\n"
        "import svcdef.expr, svcdef.expr.emit_js\n"
        "assert callable(svcdef.expr.emit_js) and callable(svcdef.expr.emit_python)\n"
        "assert all(hasattr(svcdef.expr, name) for name in svcdef.expr.__all__)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
