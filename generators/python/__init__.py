"""The `python` target: a standalone, typed Python package per service that validates submissions and computes fees.

`python/<service_id_with_underscores>/` holds `__init__.py` (the public
API), `validator.py` (the generated code), `svcdef_runtime.py` (the
expression runtime, shipped verbatim) and `py.typed`. The package imports
only the standard library. Its results equal the reference interpreter's
(`svcdef.evaluate`) on every submission; tests/test_generated_differential.py
shows it. See `generators/python/module.py` for how the code is laid out.
"""

from __future__ import annotations

from svcdef.expr import PYTHON_RUNTIME
from svcdef.service import Service

from .api import api_module
from .module import package_name, validator_module


def generate(service: Service) -> dict[str, str]:
    """The files of the Python package of `service`, by path relative to the service's output folder."""
    folder = f"python/{package_name(service)}"
    return {
        f"{folder}/__init__.py": api_module(service),
        f"{folder}/validator.py": validator_module(service),
        f"{folder}/svcdef_runtime.py": PYTHON_RUNTIME.read_text(encoding="utf-8"),
        f"{folder}/py.typed": "",
    }
