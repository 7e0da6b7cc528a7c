"""svcdef: compile one declarative YAML spec per public service into forms, validators, fee calculators and adapters.

The Python API is the four functions below; everything else is internal and
may change. They import the compiler's parts only when called, so that
`import svcdef` (and the command line's start) stays cheap.

    import datetime, svcdef
    service = svcdef.load("specs/dog-registration.yaml")
    result = svcdef.evaluate(service, submission, today=datetime.date(2026, 5, 1), lang="fr")
    result.valid, result.errors, result.computed, result.fees
"""

from __future__ import annotations

import datetime as _dt
import sys as _sys
import types as _types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .evaluate import Result
    from .service import Service
    from .writer import Difference, Summary

__version__ = "0.1.0"
__all__ = ["SpecError", "__version__", "build", "check", "evaluate", "load"]


class SpecError(Exception):
    """A spec has errors; `diagnostics` lists every problem found, with positions."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.code.startswith("E")]
        first = errors[0] if errors else None
        where = f": {first.span.file}:{first.span.line}:{first.span.col}: {first.message}" if first else ""
        super().__init__(f"{len(errors)} error{'s' if len(errors) != 1 else ''} in the spec{where}")


def check(paths: list[str]) -> tuple[list[Service], list[Diagnostic]]:
    """Check the specs under `paths` (files or folders): the services that checked cleanly and every diagnostic."""
    from .check import check_paths

    return check_paths(list(paths))


def load(path: str) -> Service:
    """Load and check one service spec; raises `SpecError` if it has errors (warnings are allowed)."""
    from .check import check_file
    from .diagnostics import has_errors

    service, diagnostics = check_file(path)
    if service is None or has_errors(diagnostics):
        raise SpecError(diagnostics or [])
    return service


def build(paths: list[str], out: str, *, only: str | None = None, check: bool = False) -> Summary | list[Difference]:
    """Check the specs under `paths` and write their outputs atomically into `out` (what `svcdef build` does).

    Raises `SpecError` when a spec has errors (nothing is written) and
    `ValueError` for unknown targets in `only` (comma-separated) or two specs
    with one service id. With
    `check=True` nothing is written and the stale, missing and extra files
    are returned (an empty list when `out` is up to date).
    """
    from . import writer
    from .check import Workspace, check_paths
    from .diagnostics import has_errors

    workspace = Workspace()
    targets = writer.select_targets(only)
    services, diagnostics = check_paths(list(paths), workspace)
    if has_errors(diagnostics):
        raise SpecError(diagnostics)
    clashes = writer.duplicate_ids(services)
    if clashes:
        raise ValueError("; ".join(clashes))
    builds = writer.plan_all(services, targets, out, list(paths), workspace)
    return writer.compare(builds, out) if check else writer.write(builds, out)


def evaluate(service: Service, submission: Any, *, today: _dt.date, lang: str | None = None) -> Result:
    """Validate a submission (parsed JSON) as of `today`: verdict, errors, computed values and fees.

    `today` must be a `datetime.date`: a `datetime` would make the rules on the day fail (its day depends on
    a time zone, so the caller picks it with `.date()`).
    """
    if not isinstance(today, _dt.date) or isinstance(today, _dt.datetime):
        raise TypeError(f"today must be a datetime.date, not {today!r:.40}")
    from .evaluate import evaluate as run

    return run(service, submission, today=today, lang=lang)


class _Package(_types.ModuleType):
    """The `svcdef` package, whose API functions `check` and `evaluate` share their names with modules.

    Importing a submodule makes Python set it as an attribute of the package,
    which would replace the function of the same name; this class keeps the
    functions in place (the modules stay importable as `svcdef.check` etc.).
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in __all__ and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package
