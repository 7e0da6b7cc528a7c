"""Runs the generated Python package of a service in this process: an engine for `svcdef test` and the tests.

`load(service, folder)` writes the package into `folder` and imports it
under a private module name, so that packages of several services (or of
several versions of one) never meet in `sys.modules`. `PythonEngine` turns
its results into the reference's `Result`, so that `svcdef.testing` compares
them with the spec's expectations exactly as it does the reference's.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

from svcdef.evaluate import Result, ValidationError
from svcdef.fees import FeeLine, FeeResult
from svcdef.service import Service

from . import generate
from .module import package_name

_COUNTER = itertools.count()


def write(service: Service, folder: Path) -> Path:
    """Write the generated package of `service` below `folder`; its directory."""
    for relative, text in generate(service).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder / "python" / package_name(service)


def load(service: Service, folder: Path) -> ModuleType:
    """Generate the package of `service` into `folder` and import it under a name of its own."""
    package = write(service, folder)
    name = f"_svcdef_generated_{next(_COUNTER)}_{package.name}"
    spec = importlib.util.spec_from_file_location(
        name, package / "__init__.py", submodule_search_locations=[str(package)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def to_result(found: dict[str, Any]) -> Result:
    """A generated `evaluate` result as the reference's `Result`."""
    errors = [ValidationError(e["code"], e["rule"], e["pointer"], e["message"]) for e in found["errors"]]
    fees = found["fees"]
    fee_result = None
    if fees is not None:
        lines = [FeeLine(i["id"], i["label"], Decimal(i["amount"]), i["for"]) for i in fees["items"]]
        fee_result = FeeResult(fees["currency"], lines, Decimal(fees["total"]))
    return Result(bool(found["valid"]), errors, dict(found["computed"]), fee_result)


class PythonEngine:
    """An engine for `svcdef.testing.run_tests`: the generated package, generated and imported once per service."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="svcdef-python-")
        self._modules: dict[int, ModuleType] = {}

    def __call__(self, service: Service, submission: Any, today: dt.date, lang: str | None) -> Result:
        module = self._modules.get(id(service))
        if module is None:
            module = self._modules[id(service)] = load(service, Path(self._folder.name) / str(len(self._modules)))
        return to_result(module.evaluate(submission, today=today, lang=lang))

    def close(self) -> None:
        self._folder.cleanup()
