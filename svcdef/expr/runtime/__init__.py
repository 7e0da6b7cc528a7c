"""The runtimes shipped verbatim next to generated code: `svcdef_runtime.py` and `svcdef_runtime.js`."""

from __future__ import annotations

from pathlib import Path

RUNTIME_DIR = Path(__file__).parent
PYTHON_RUNTIME = RUNTIME_DIR / "svcdef_runtime.py"
JS_RUNTIME = RUNTIME_DIR / "svcdef_runtime.js"
