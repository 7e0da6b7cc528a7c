"""Differential test: the interpreter, generated Python and generated JavaScript agree on random well-typed expressions.

Hypothesis draws an expression tree and a submission; the tree is printed,
parsed and checked again (so the printer, parser and checker are exercised on
every case), evaluated by the interpreter and by the emitted Python (a boolean
one also in the four condition forms that rules and visibility use), and the
case is kept. All kept cases then run as emitted JavaScript, a batch per
`node` process, and every result is compared in a canonical JSON encoding
(numbers as exact decimal text with their scale, dates as ISO text).
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import Any

import pytest
from expr_cases import DATES, ITEM, ROOT, TOP_KINDS, Scope, expression, random_value
from expr_targets import NODE, canonical, compile_python, js_env, js_ref, py_ref, run_js
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdef.expr import (
    BOOL,
    Context,
    Env,
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
        value = evaluate(typed, Context(c["root"], c["today"], c["item"], c["index"]))
        expected = canonical(value)
        python = emit_python(typed, py_ref)
        got = canonical(compile_python(python)(c["root"], c["item"], c["index"], c["today"]))
        assert got == expected, (source, python, c)
        if typed.type == BOOL:  # the conditions of rules and visibility: `value is want`, or not
            for want, holds in itertools.product((True, False), repeat=2):
                condition = emit_python(typed, py_ref, test=want, holds=holds)
                met = bool(compile_python(condition)(c["root"], c["item"], c["index"], c["today"]))
                assert met == ((value is want) == holds), (source, condition, c)
        kept.append({"source": source, "js": emit_js(typed, js_ref), "env": js_env(c), "expected": expected, "case": c})

    python_agrees()
    assert len(kept) >= 2000
    for start in range(0, len(kept), JS_BATCH):
        batch = kept[start : start + JS_BATCH]
        for c, got in zip(batch, run_js(batch, tmp_path), strict=True):
            assert got == c["expected"], (c["source"], c["js"], c["case"])


@pytest.mark.parametrize(
    ("source", "value"),
    [("is_set(5)", True), ("is_set(null)", False), ("is_set(t) and 1 < 2", False), ("not is_set(t) and 1 < 2", True)],
)
def test_condition_forms_of_literal_operands_compile_cleanly(source: str, value: bool | None) -> None:
    """`5 is not None` is a SyntaxWarning (an error under our warning filter): literals are decided when emitting."""
    snippet = Snippet(source, Span("t.yaml", 1, 1, 1, 1 + len(source)))
    typed, diagnostics = check_expression(snippet, Env(ROOT), None)
    assert typed is not None, diagnostics
    for want, holds in itertools.product((True, False), repeat=2):
        condition = emit_python(typed, py_ref, test=want, holds=holds)
        met = bool(compile_python(condition)({"t": None}, None, None, None))
        assert met == ((value is want) == holds), condition
