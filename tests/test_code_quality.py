"""The compiler's own code: lint-clean, formatted and `mypy --strict` clean, as its generated code must be.

A regression here once went unseen for a session (a loop variable shadowing
another type in `svcdef.fees`), because only the generated packages were
checked.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["svcdef", "generators", "tests", "benchmarks"]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=600)


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_ruff_check_and_format() -> None:
    ruff = shutil.which("ruff") or "ruff"
    checked = _run(ruff, "check", "--no-cache", *SOURCES)
    assert checked.returncode == 0, checked.stdout[-3000:]
    formatted = _run(ruff, "format", "--check", "--no-cache", *SOURCES)
    assert formatted.returncode == 0, formatted.stdout[-3000:]


def test_mypy_strict() -> None:
    done = _run(sys.executable, "-m", "mypy", "--no-incremental")
    assert done.returncode == 0, done.stdout[-3000:]
