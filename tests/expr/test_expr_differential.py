"""Differential test: the interpreter, generated Python and generated JavaScript agree on random well-typed expressions.

Hypothesis draws an expression tree and a submission; the tree is printed,
parsed and checked again (so the printer, parser and checker are exercised on
every case), evaluated by the interpreter and by the emitted Python, and the
case is kept. All kept cases then run as emitted JavaScript, a batch per
`node` process, and every result is compared in a canonical JSON encoding
(numbers as exact decimal text with their scale, dates as ISO text).
"""

from __future__ import annotations

import datetime
import json
import random
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from expr_cases import DATES, ITEM, ROOT, TOP_KINDS, Scope, expression, random_value
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import svcdef.expr.runtime.svcdef_runtime as runtime
from svcdef.expr import (
    JS_RUNTIME,
    Context,
    Env,
    PathRef,
    check_expression,
    emit_js,
    emit_python,
    evaluate,
    parse_expression,
    to_source,
)
from svcdef.span import Snippet, Span

CASES = 2400
JS_BATCH = 600
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


@st.composite
def case(draw: st.DrawFn) -> dict[str, Any]:
    in_list = draw(st.integers(0, 4)) == 0
    kind = draw(st.sampled_from(TOP_KINDS))
    tree = draw(expression(kind, Scope("group" if in_list else None)))
    rng = random.Random(draw(st.integers(0, 2**32)))
    return {
        "tree": tree,
        "root": {k: random_value(rng, t) for k, t in ROOT.fields.items()},
        "item": {k: random_value(rng, t) for k, t in ITEM.fields.items()} if in_list else None,
        "index": draw(st.integers(0, 3)) if in_list else None,
        "today": draw(DATES),
    }


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_interpreter_python_and_javascript_agree(tmp_path: Path) -> None:
    kept: list[dict[str, Any]] = []

    @settings(
        max_examples=CASES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
    @given(case())
    def python_agrees(c: dict[str, Any]) -> None:
        source = to_source(c["tree"])
        snippet = Snippet(source, Span("t.yaml", 1, 1, 1, 1 + len(source)))
        reparsed, _ = parse_expression(snippet)
        assert reparsed == c["tree"], source
        env = Env(ROOT, item=ITEM if c["item"] is not None else None)
        typed, diagnostics = check_expression(snippet, env, None)
        assert typed is not None, (source, diagnostics)
        expected = canonical(evaluate(typed, Context(c["root"], c["today"], c["item"], c["index"])))
        python = emit_python(typed, py_ref)
        got = canonical(compile_python(python)(c["root"], c["item"], c["index"], c["today"]))
        assert got == expected, (source, python, c)
        env_json = {
            "root": to_json_input(c["root"]),
            "item": to_json_input(c["item"]),
            "index": to_json_input(c["index"]),
            "today": c["today"].isoformat(),
        }
        kept.append({"source": source, "js": emit_js(typed, js_ref), "env": env_json, "expected": expected, "case": c})

    python_agrees()
    assert len(kept) >= 2000
    for start in range(0, len(kept), JS_BATCH):
        batch = kept[start : start + JS_BATCH]
        for c, got in zip(batch, run_js(batch, tmp_path), strict=True):
            assert got == c["expected"], (c["source"], c["js"], c["case"])
