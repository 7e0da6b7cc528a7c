"""Runs the generated JavaScript module of a service in Node: an engine for `svcdef test`.

`JsEngine` generates a service's module once and, on the first submission of
a service, runs every embedded test of the service in one `node` process;
later calls answer from those results. Results come back as the reference's
`Result`, so `svcdef.testing` compares them like the reference's own.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

from generators.python.engine import to_result
from svcdef.evaluate import Result
from svcdef.service import Service
from svcdef.testing import day_of, submission_of

from . import generate
from .node import evaluate_batch


def write(service: Service, folder: Path) -> Path:
    """Write the generated module of `service` below `folder`; the path of its `index.js`."""
    for relative, text in generate(service).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder / "js" / "index.js"


def _key(submission: Any, today: dt.date, lang: str | None) -> str:
    return json.dumps([submission, today.isoformat(), lang], sort_keys=True, ensure_ascii=False)


class JsEngine:
    """An engine for `svcdef.testing.run_tests`: one node process per service."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="svcdef-js-")
        self._results: dict[int, dict[str, Any]] = {}

    def __call__(self, service: Service, submission: Any, today: dt.date, lang: str | None) -> Result:
        results = self._results.get(id(service))
        if results is None:
            results = self._results[id(service)] = self._run_all(service)
        found = results.get(_key(submission, today, lang))
        if found is None:  # a submission that is not one of the spec's tests: run it alone
            found = self._run(service, [(submission, today, lang)])[0]
        if "thrown" in found:
            raise RuntimeError(found["thrown"].splitlines()[0])
        return to_result(found)

    def _run_all(self, service: Service) -> dict[str, Any]:
        cases = [(submission_of(test), day_of(service, test), test.lang) for test in service.spec.tests]
        return {_key(*c): r for c, r in zip(cases, self._run(service, cases), strict=True)}

    def _run(self, service: Service, cases: list[tuple[Any, dt.date, str | None]]) -> list[Any]:
        index = write(service, Path(self._folder.name) / str(len(self._results)))
        batch = [
            {"module": str(index), "data": json.dumps(s), "today": t.isoformat(), "lang": lang} for s, t, lang in cases
        ]
        return evaluate_batch(batch)

    def close(self) -> None:
        self._folder.cleanup()
