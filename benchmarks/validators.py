"""Validator speed: generated Python and JavaScript against the JSON Schema validators portal teams would use.

For each example spec, and for the flat 34-property form `benchmarks/specs/holiday-pass.yaml` (the
shape of the hand-written validator that issue 5 set its targets by; not an example service), it
takes the spec's own embedded test submissions — the valid ones and the invalid ones (which include
cross-field rule failures that JSON Schema cannot see) — and measures documents per second:

- Python: the generated `validate` (every error, messages, rules) against
  `jsonschema` (a pre-built `Draft202012Validator`, `iter_errors`),
  `fastjsonschema` (compiled; it stops at the first error) and
  `jsonschema-rs` (`iter_errors`), all three on the generated `schema.json`;
- JavaScript, in one `node` process per spec: the generated `validate`
  against ajv (`Ajv2020`, `allErrors`, ajv-formats, the `x-svcdef-*`
  annotations declared as keywords so that strict mode accepts the schema);
- on the valid documents of kita-fees, dog-registration and resident-parking, the two validators of
  `handwritten/` for each (written by hand for that form: one with every check of the generated `validate`,
  one with exactly the checks of `schema.json`), so that the generated code is seen against the ceiling of pure Python on example specs,
  not only against the anchors;
- the generated `validate` of both targets on the valid documents without `today` ("no today": the
  date comes from the clock in the service's time zone, as a portal that passes none gets it);
- the cold import time of each generated Python package (fresh interpreter), alone and with its first
  validation (which imports `re` and compiles the patterns).

Each JavaScript validator runs for a second before it is timed, so that V8 has optimised it; without that,
timings of the same code differed up to tenfold between runs on a busy machine. Even so, the code V8 makes
differs from process to process (ajv on the Kita documents ran at 92,000/s in one process and 310,000/s in
another), so each spec runs in `--js-runs` Node processes and every rate is the median over them.

Ratios are taken within one run, on one machine. `jsonschema-rs` is read
from `benchmarks/.venv-anchors` (`benchmarks/.venv-anchors/bin/pip install
jsonschema-rs`) and skipped with a note when it is not there; ajv comes from
`tests/node` (`npm ci` there). fastjsonschema rewrites every `$` of a pattern
into `\\Z`, also inside a character class (the e-mail pattern has `[!#$%…]`),
which Python's `re` rejects; it gets a copy of the schema with such a `$`
written `\\x24`, which means the same.

    python benchmarks/validators.py [--seconds 0.3] [--js-runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handwritten import FORMS  # noqa: E402

from generators.js.engine import write as write_js  # noqa: E402
from generators.python.engine import load  # noqa: E402
from generators.python.module import package_name  # noqa: E402
from svcdef.check import check_paths  # noqa: E402
from svcdef.service import Service  # noqa: E402
from svcdef.testing import day_of, submission_of  # noqa: E402

ANCHORS = ROOT / "benchmarks" / ".venv-anchors" / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
NODE_MODULES = ROOT / "tests" / "node" / "node_modules"


def anchor(name: str) -> Any:
    """A module from the anchors' virtual environment (or this interpreter), or None."""
    try:
        return importlib.import_module(name)
    except ImportError:
        site = ANCHORS / "site-packages"
        if site.is_dir() and str(site) not in sys.path:
            sys.path.append(str(site))
        try:
            return importlib.import_module(name)
        except ImportError:
            return None


def schema_of(service: Service) -> dict[str, Any] | None:
    try:
        from generators import generator

        files = generator("schema")(service)
    except (KeyError, ImportError):
        try:
            from generators.schema import generate  # type: ignore[import-not-found,unused-ignore]

            files = generate(service)
        except ImportError:
            return None
    return json.loads(files["schema.json"])  # type: ignore[no-any-return]


_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")


def for_fastjsonschema(schema: Any) -> Any:
    """The schema with every `$` inside a pattern's character class written `\\x24` (fastjsonschema's `$` rewrite)."""
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key == "pattern" and isinstance(value, str):
                value = _CLASS.sub(lambda m: m.group(0).replace("$", "\\x24"), value)
            out[key] = for_fastjsonschema(value)
        return out
    if isinstance(schema, list):
        return [for_fastjsonschema(v) for v in schema]
    return schema


def rates(runs: dict[str, Callable[[], object]], docs: int, seconds: float) -> dict[str, float]:
    """Documents per second of each of `runs` (each validates `docs` documents): the best of nine timings.

    The rounds alternate between the validators, so that a slow spell of a busy machine cannot fall on one
    side of a ratio only (timed one after the other, single ratios moved up to twofold between runs).
    """
    loops = {}
    for name, run in runs.items():
        n = 1
        while True:
            start = time.perf_counter()
            for _ in range(n):
                run()
            if time.perf_counter() - start >= seconds / 5:
                break
            n *= 2
        loops[name] = n
    best = dict.fromkeys(runs, 0.0)
    for _ in range(9):
        for name, run in runs.items():
            start = time.perf_counter()
            for _ in range(loops[name]):
                run()
            best[name] = max(best[name], docs * loops[name] / (time.perf_counter() - start))
    return best


OWN = frozenset({"python", "python, no today", "js", "js, no today"})
"""The rows of the generated validators (the others are anchors, shown with generated / anchor)."""
HAND = ("hand: svcdef's", "hand: schema's")
"""The rows of the two hand-written validators of a spec in `handwritten.FORMS`: the ceiling of pure Python there."""

STDLIB = "decimal,datetime"
"""What every generated package imports from the standard library (`re` is imported by the first validation)."""


def import_time(package: Path | None, first_validation: bool = False) -> float:
    """Median cold import time of a generated package (None: of its standard library modules alone), in ms.

    Each import runs in a fresh interpreter (`-S`: no site packages) with the bytecode cache written by a first
    import, as a deployed package has it. With `first_validation`, the time includes validating `{}` once
    (which compiles the patterns and imports `re`).
    """
    first = "; m.validate({}, today=__import__('datetime').date(2026, 5, 1))" if first_validation else ""
    code = (
        "import sys, time, importlib; sys.path.insert(0, sys.argv[1]); t = time.perf_counter(); "
        "m = [importlib.import_module(n) for n in sys.argv[2].split(',')][-1]" + first + "; "
        "print(time.perf_counter() - t)"
    )
    folder, names = (str(package.parent), package.name) if package is not None else ("", STDLIB)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # deployed code has its .pyc
    times = []
    for run in range(8):
        done = subprocess.run(
            [sys.executable, "-S", "-c", code, folder, names],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        if run == 0:
            continue  # the first import writes the bytecode cache
        times.append(float(done.stdout) * 1000)
    return statistics.median(times)


JS_BENCH = r"""
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
const [moduleFile, nodeModules, casesFile, seconds] = process.argv.slice(2);
const require = createRequire(nodeModules + "/");
const { valid, invalid, schema } = JSON.parse(readFileSync(casesFile, "utf8"));
const mod = await import(pathToFileURL(moduleFile).href);
const out = {};
const runs = {};
const gen = (set) => () => { for (const [doc, today] of set) mod.validate(doc, { today }); };
runs.generated_valid = [gen(valid), valid.length];
runs.clock_valid = [() => { for (const [doc] of valid) mod.validate(doc); }, valid.length];
runs.generated_invalid = [gen(invalid), invalid.length];
if (schema !== null) {
  try {
    const Ajv2020 = require("ajv/dist/2020").default;
    const addFormats = require("ajv-formats").default;
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const keywords = new Set();
    JSON.stringify(schema, (k, v) => { if (k.startsWith("x-")) keywords.add(k); return v; });
    for (const k of keywords) ajv.addKeyword(k);
    const check = ajv.compile(schema);
    const run = (set) => () => { for (const [doc] of set) { check(doc); } };
    runs.ajv_valid = [run(valid), valid.length];
    runs.ajv_invalid = [run(invalid), invalid.length];
  } catch (e) {
    out.ajv_error = String(e.message || e);
  }
}
const elapsed = (t) => Number(process.hrtime.bigint() - t) / 1e9;
/** Runs f for about `s` seconds first, so that V8 has optimised it before it is timed. */
function warm(f, s) { const t = process.hrtime.bigint(); while (elapsed(t) < s) f(); }
const loops = {};
for (const [name, [f]] of Object.entries(runs)) {
  warm(f, 1);
  let n = 1;
  for (;;) { const t = process.hrtime.bigint(); for (let i = 0; i < n; i++) f(); if (elapsed(t) >= seconds / 5) break; n *= 2; }
  loops[name] = n;
}
// Rounds alternate between the validators, each keeping its best time, so that a slow spell of a busy machine
// cannot fall on one side of a ratio only.
const best = {};
for (let round = 0; round < 9; round++) {
  for (const [name, [f, docs]] of Object.entries(runs)) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < loops[name]; i++) f();
    const rate = (docs * loops[name]) / elapsed(t);
    best[name] = Math.max(best[name] ?? 0, rate);
  }
}
Object.assign(out, best);
process.stdout.write(JSON.stringify(out));
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=0.3, help="time per measurement (default 0.3 s)")
    parser.add_argument(
        "--js-runs", type=int, default=3, help="Node processes per spec, the median of each rate taken (default 3)"
    )
    args = parser.parse_args()
    jsonschema = anchor("jsonschema")
    fastjsonschema = anchor("fastjsonschema")
    jsonschema_rs = anchor("jsonschema_rs")
    notes = []
    if jsonschema_rs is None:
        notes.append("jsonschema-rs not installed (benchmarks/.venv-anchors/bin/pip install jsonschema-rs): skipped")
    paths = [*sorted((ROOT / "specs").glob("*.yaml")), *sorted((ROOT / "benchmarks" / "specs").glob("*.yaml"))]
    services, _ = check_paths([str(p) for p in paths])
    rows: list[tuple[str, str, str, float, float]] = []
    imports: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        for service in services:
            base = Path(folder) / service.id
            module = load(service, base / "py")
            package = base / "py" / "python" / package_name(service)
            imports.append((service.id, import_time(package), import_time(package, first_validation=True)))
            index = write_js(service, base / "js")
            sets: dict[str, list[tuple[Any, dt.date]]] = {"valid": [], "invalid": []}
            for test in service.spec.tests:
                if test.expect.valid is None:
                    continue
                sets["valid" if test.expect.valid else "invalid"].append((submission_of(test), day_of(service, test)))
            schema = schema_of(service)
            for kind, docs in sets.items():
                if not docs:
                    continue

                def generated(docs: list[tuple[Any, dt.date]] = docs, module: Any = module) -> None:
                    for doc, today in docs:
                        module.validate(doc, today=today)

                anchors: dict[str, Callable[[], object]] = {}
                if schema is not None and jsonschema is not None:
                    v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
                    anchors["jsonschema"] = lambda v=v, docs=docs: [list(v.iter_errors(d)) for d, _ in docs]
                if schema is not None and fastjsonschema is not None:
                    f = fastjsonschema.compile(for_fastjsonschema(schema))

                    def fast(f: Any = f, docs: list[tuple[Any, dt.date]] = docs) -> None:
                        for d, _ in docs:
                            try:  # noqa: SIM105 - contextlib.suppress would cost more than the validator
                                f(d)
                            except fastjsonschema.JsonSchemaValueException:
                                pass

                    anchors["fastjsonschema"] = fast
                if schema is not None and jsonschema_rs is not None:
                    r = jsonschema_rs.validator_for(schema)
                    anchors["jsonschema-rs"] = lambda r=r, docs=docs: [list(r.iter_errors(d)) for d, _ in docs]
                form = FORMS.get(service.id)
                if form is not None and kind == "valid":
                    anchors[HAND[0]] = lambda f=form.svcdef_checks, docs=docs: [f(d, today) for d, today in docs]
                    anchors[HAND[1]] = lambda f=form.schema_checks, docs=docs: [f(d) for d, _ in docs]
                clock: dict[str, Callable[[], object]] = {}
                if kind == "valid":
                    clock["python, no today"] = lambda docs=docs, module=module: [module.validate(d) for d, _ in docs]
                measured = rates({"python": generated, **clock, **anchors}, len(docs), args.seconds)
                own = measured["python"]
                rows.append((service.id, kind, "python", own, 1.0))
                rows += [(service.id, kind, name, measured[name], 1.0) for name in clock]
                for name in anchors:
                    rows.append((service.id, kind, name, measured[name], own / measured[name]))
            cases = {kind: [[doc, today.isoformat()] for doc, today in docs] for kind, docs in sets.items()} | {
                "schema": schema
            }
            script = base / "bench.mjs"
            script.write_text(JS_BENCH, encoding="utf-8")
            data = base / "cases.json"
            data.write_text(json.dumps(cases), encoding="utf-8")
            measured_js: list[dict[str, Any]] = []
            for _ in range(args.js_runs):
                done = subprocess.run(
                    ["node", str(script), str(index), str(NODE_MODULES), str(data), str(args.seconds)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if done.returncode != 0:
                    notes.append(f"{service.id}: node failed: {done.stderr[-500:]}")
                    break
                measured_js.append(json.loads(done.stdout))
            if len(measured_js) < args.js_runs:
                continue
            if "ajv_error" in measured_js[0]:
                notes.append(f"{service.id}: ajv: {measured_js[0].pop('ajv_error')}")
            js = {k: statistics.median(run[k] for run in measured_js) for k in measured_js[0]}
            for kind in ("valid", "invalid"):
                if f"generated_{kind}" in js:
                    rows.append((service.id, kind, "js", js[f"generated_{kind}"], 1.0))
                if f"clock_{kind}" in js:
                    rows.append((service.id, kind, "js, no today", js[f"clock_{kind}"], 1.0))
                if f"ajv_{kind}" in js:
                    rows.append(
                        (service.id, kind, "ajv", js[f"ajv_{kind}"], js[f"generated_{kind}"] / js[f"ajv_{kind}"])
                    )
    if not any(r[2] == "jsonschema" for r in rows):
        notes.append("no schema.json generator registered: the JSON Schema anchors were not measured")
    print(f"{'service':<20} {'documents':<9} {'validator':<16} {'docs/s':>10}  generated / anchor")
    for service_id, kind, name, per_second, ratio in rows:
        shown = "" if name in OWN else f"{ratio:6.2f}x"
        print(f"{service_id:<20} {kind:<9} {name:<16} {per_second:>10,.0f}  {shown}")
    speed = {(r[0], r[1], r[2]): r[3] for r in rows}
    for service_id in FORMS:
        rs = speed.get((service_id, "valid", "jsonschema-rs"))
        if rs is not None and (service_id, "valid", HAND[0]) in speed:
            print(
                f"{service_id} valid, by hand against jsonschema-rs: "
                + ", ".join(f"{name[6:]} checks {speed[(service_id, 'valid', name)] / rs:.2f}x" for name in HAND)
            )
    print()
    baseline = import_time(None)
    print(f"import of {STDLIB} alone: {baseline:.1f} ms (cold, median of 7)")
    for service_id, ms, first in imports:
        print(
            f"import of the generated package {service_id}: {ms:.1f} ms, {ms - baseline:.1f} ms of it its own; "
            f"with the first validation {first:.1f} ms"
        )
    for note in notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
