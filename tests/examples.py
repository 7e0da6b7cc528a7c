"""The services whose generated code the browser and type tests run: the example specs and the benchmark's form.

`benchmarks/specs/holiday-pass.yaml` is no example service, but it is the flat
form shape the validator benchmark is measured on, so its code is held to the
same checks.
"""

from __future__ import annotations

from pathlib import Path

from svcdef.check import check_paths

ROOT = Path(__file__).resolve().parent.parent
SPECS = [str(p) for folder in ("specs", "benchmarks/specs") for p in sorted((ROOT / folder).glob("*.yaml"))]
SERVICES, _ = check_paths(SPECS)
