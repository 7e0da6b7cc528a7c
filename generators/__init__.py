"""The output targets of `svcdef build`: one sub-package per target, each a pure function of the checked service.

A target module `generators/<name>/__init__.py` defines
`generate(service: svcdef.check.Service) -> dict[str, str]`, mapping paths
relative to the service's output folder to file contents. It reads no files,
no clock and no environment, so that a build is byte-identical everywhere.
Targets are imported only when a build runs them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svcdef.service import Service

Generator = Callable[["Service"], dict[str, str]]

TARGETS: tuple[str, ...] = (
    "readme",
    "i18n",
    "python",
    "js",
    "schema",
    "ui",
)
"""Registered target names, in build order; each names a sub-package of `generators`."""


def generator(target: str) -> Generator:
    """The `generate` function of a registered target."""
    if target not in TARGETS:
        raise KeyError(target)
    module = importlib.import_module(f"generators.{target}")
    function: Generator = module.generate
    return function
