"""Running a checked expression in all three targets, and the canonical encoding their results are compared in."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import svcdef.expr.runtime.svcdef_runtime as runtime
from svcdef.expr import JS_RUNTIME, Context, PathRef, Typed, emit_js, emit_python, evaluate

NODE = shutil.which("node")


def canonical(value: Any) -> Any:
    """The value in the encoding both targets produce: numbers and texts tagged, dates as ISO text."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return f"n:{value}"
    if isinstance(value, Decimal):
        return f"n:{value:f}"
    if isinstance(value, datetime.date | datetime.time):
        return f"s:{value.isoformat()}"
    if isinstance(value, str):
        return f"s:{value}"
    if isinstance(value, list):
        return [canonical(v) for v in value]
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    raise AssertionError(f"unexpected value {value!r}")


def to_json_input(value: Any) -> Any:
    """A submission value as the JavaScript side receives it (numbers tagged, turned into Dec by the harness)."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | Decimal):
        return {"$n": f"{value:f}" if isinstance(value, Decimal) else str(value)}
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list):
        return [to_json_input(v) for v in value]
    return {k: to_json_input(v) for k, v in value.items()}


def _get(value: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        value = value.get(name) if isinstance(value, dict) else None
    return value


def py_ref(ref: PathRef) -> str:
    return "index" if ref.kind == "index" else f"_get({ref.kind}, {ref.path!r})"


def js_ref(ref: PathRef) -> str:
    return "index" if ref.kind == "index" else f"_get({ref.kind}, {json.dumps(list(ref.path))})"


def compile_python(source: str) -> Any:
    namespace: dict[str, Any] = {"_rt": runtime, "_get": _get}
    exec(f"def _f(root, item, index, _today):\n    return {source}\n", namespace)
    return namespace["_f"]


JS_HARNESS = """
import * as _rt from %(runtime)s;
function _get(value, path) {
  for (const name of path) {
    value = value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, name) ? value[name] : null;
  }
  return value;
}
function _in(v) {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(_in);
  if (Object.hasOwn(v, "$n")) return _rt.dec(v["$n"]);
  const out = {};
  for (const [k, x] of Object.entries(v)) out[k] = _in(x);
  return out;
}
function _out(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean") return v;
  if (_rt.isDec(v)) return "n:" + _rt.str(v);
  if (typeof v === "string") return "s:" + v;
  if (Array.isArray(v)) return v.map(_out);
  return {"$unexpected": String(v)};
}
const cases = [
%(cases)s
];
const results = [];
for (const [f, env] of cases) {
  try {
    results.push(_out(f(_in(env.root), _in(env.item), _in(env.index), env.today)));
  } catch (e) {
    results.push({"$thrown": String(e)});
  }
}
process.stdout.write(JSON.stringify(results));
"""


def run_js(cases: list[dict[str, Any]], folder: Path) -> list[Any]:
    """Results of the emitted JavaScript of all `cases`, from one node process."""
    lines = [f"[(root, item, index, _today) => {c['js']}, {json.dumps(c['env'])}]," for c in cases]
    script = folder / "cases.mjs"
    script.write_text(
        JS_HARNESS % {"runtime": json.dumps(JS_RUNTIME.as_uri()), "cases": "\n".join(lines)}, encoding="utf-8"
    )
    done = subprocess.run([NODE or "node", str(script)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def all_targets(runs: list[tuple[Typed, dict[str, Any]]], folder: Path) -> list[tuple[Any, Any, Any]]:
    """(interpreter, Python, JavaScript) results, canonical, of each checked expression on its case.

    A case holds `root`, `today` and optionally `item` and `index`; all JavaScript runs in one node process.
    """
    local = []
    batch = []
    for typed, c in runs:
        item, index = c.get("item"), c.get("index")
        interpreted = canonical(evaluate(typed, Context(c["root"], c["today"], item, index)))
        generated = canonical(compile_python(emit_python(typed, py_ref))(c["root"], item, index, c["today"]))
        local.append((interpreted, generated))
        batch.append({"js": emit_js(typed, js_ref), "env": js_env(c)})
    return [(a, b, j) for (a, b), j in zip(local, run_js(batch, folder), strict=True)]


def js_env(c: dict[str, Any]) -> dict[str, Any]:
    return {
        "root": to_json_input(c["root"]),
        "item": to_json_input(c.get("item")),
        "index": to_json_input(c.get("index")),
        "today": c["today"].isoformat(),
    }
