"""Shared helpers: write inline specs to a temporary folder, check them, and find positions by needle; the browser."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from node_env import Browser

from svcdef.check import Workspace, check_file
from svcdef.diagnostics import Diagnostic

HEADER = """\
svcdef: "1"
service:
  id: test-service
  version: 1.0.0
  languages: [de, fr]
  currency: CHF
  title: {de: Test, fr: Test}
  authority: {de: Amt, fr: Office}
"""


class SpecFolder:
    """A temporary folder of spec files for one test."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def check(self, text: str, name: str = "spec.yaml", *, header: bool = True) -> list[Diagnostic]:
        body = textwrap.dedent(text)
        path = self.write(name, (HEADER + body) if header else body)
        _, diagnostics = check_file(str(path), Workspace())
        return diagnostics

    def codes(self, text: str, **kwargs: object) -> list[tuple[str, int, int]]:
        return [(d.code, d.span.line, d.span.col) for d in self.check(text, **kwargs)]  # type: ignore[arg-type]


@pytest.fixture
def specs(tmp_path: Path) -> SpecFolder:
    return SpecFolder(tmp_path)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run (starting one takes about a second)."""
    with Browser() as running:
        yield running


def position(text: str, needle: str, *, header: bool = True, occurrence: int = 1) -> tuple[int, int]:
    """The 1-based (line, col) of the `occurrence`-th `needle` in the spec as written (header included)."""
    full = (HEADER if header else "") + textwrap.dedent(text)
    index = -1
    for _ in range(occurrence):
        index = full.index(needle, index + 1)
    line = full.count("\n", 0, index) + 1
    col = index - (full.rfind("\n", 0, index) + 1) + 1
    return line, col
