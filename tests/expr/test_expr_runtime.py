"""The shipped runtimes and emitters: no exceptions on any input, safe literals, conversions, the public API."""

from __future__ import annotations

import datetime
import inspect
import itertools
import json
import random
import re
import subprocess
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
from expr_targets import NODE, all_targets, js_ref, py_ref

import svcdef.expr
import svcdef.expr.runtime.svcdef_runtime as runtime
from svcdef import formats
from svcdef.expr import (
    BOOL,
    JS_RUNTIME,
    PYTHON_RUNTIME,
    TEXT,
    Env,
    Group,
    check_expression,
    emit_js,
    emit_python,
    references,
)
from svcdef.formats import parse_date, parse_datetime, parse_time
from svcdef.span import Snippet, Span

ODD_VALUES = [None, 0, -3, Decimal("1.5"), "x", "", True, [], [None, 1], {}, {"a": 1}, 1.5, object()]


def test_python_runtime_never_raises() -> None:
    def predicate(item: object, index: object) -> object:
        return item

    for name in runtime.__all__:
        function = getattr(runtime, name)
        if not callable(function) or inspect.isclass(function):
            continue
        arity = len(inspect.signature(function).parameters)
        if name in ("some", "every", "count_where", "total_over", "smallest_over", "largest_over"):
            for values in ODD_VALUES:
                function(values, predicate)
            continue
        if name == "round_to":
            for value in ODD_VALUES:
                function(value, 2)
            continue
        if name == "unknown_keys":  # its known names are the generator's, never a submission's
            for value in ODD_VALUES:
                function(value, ("a",))
                function({value: 1} if value.__hash__ else {}, frozenset({"a"}))
            continue
        if name == "matches":
            for value in ODD_VALUES:
                function(value, "[")
                function(value, "a+")
            continue
        for args in itertools.product(ODD_VALUES, repeat=min(arity, 2)):
            function(*args)


def test_python_runtime_ignores_the_threads_decimal_context() -> None:
    big = Decimal("123456789012345678901234567890.123456789")
    with localcontext() as ctx:
        ctx.prec = 3
        assert runtime.add(big, big) == Decimal("246913578024691357802469135780.246913578")
        assert runtime.mul(big, 2) == Decimal("246913578024691357802469135780.246913578")
        assert runtime.div(1, 3) == Decimal("0.333333333333")
        assert runtime.round_to(big, 2) == Decimal("123456789012345678901234567890.12")


def test_python_runtime_converts_inputs() -> None:
    assert runtime.dec("1e2") == 100
    assert str(runtime.dec("-0.00")) == "0.00"
    assert runtime.dec(0.1) == Decimal("0.1")
    assert runtime.dec("1e99999") is None
    assert runtime.dec(True) is None
    assert runtime.dec(float("nan")) is None


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_javascript_runtime_never_throws_and_converts(tmp_path: Path) -> None:
    script = tmp_path / "odd.mjs"
    script.write_text(
        f"""
import * as _rt from {json.dumps(JS_RUNTIME.as_uri())};
const odd = [null, undefined, 0, 1.5, -3n, "x", "", true, [], [null, 1], {{}}, {{a: 1}}, _rt.dec("1.5"), NaN];
let calls = 0;
for (const [name, f] of Object.entries(_rt)) {{
  if (typeof f !== "function" || name === "Dec") continue;
  for (const a of odd) for (const b of [...odd, (item, index) => item]) {{ f(a, b); calls++; }}
}}
const out = {{
  calls,
  conversions: [_rt.dec("1e2"), _rt.dec(0.1), _rt.dec(2n ** 70n), _rt.dec("-0.00"), _rt.dec(12), _rt.dec(1e21)].map(String),
  invalid: [_rt.dec("1e9999"), _rt.dec(NaN), _rt.dec("abc"), _rt.dec(true), _rt.date("2023-02-29"), _rt.time("24:00")],
  canonical: [_rt.date("2024-02-29"), _rt.datetime("2026-01-31T10:00"), _rt.time("10:00:00.5")],
  own: [_rt.field({{}}, "constructor"), _rt.field({{}}, "__proto__"), _rt.field(Object.create({{x: 1}}), "x")],
}};
process.stdout.write(JSON.stringify(out));
""",
        encoding="utf-8",
    )
    done = subprocess.run([NODE or "node", str(script)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["calls"] > 1000
    assert out["conversions"] == ["100", "0.1", str(2**70), "0.00", "12", "1" + "0" * 21]
    assert out["invalid"] == [None] * 6
    assert out["canonical"] == ["2024-02-29", "2026-01-31T10:00:00", "10:00:00.500000"]
    assert out["own"] == [None, None, None]


HOSTILE_TEXT = "</script><script>alert(1)</script>\u2028\u2029'\"\\${x}`\x00"
ENV = Env(Group({"t": TEXT, "b": BOOL}))


def typed_of(text: str) -> svcdef.expr.Typed:
    typed, diagnostics = check_expression(Snippet(text, Span("t.yaml", 1, 1, 1, 1)), ENV, None)
    assert typed is not None, diagnostics
    return typed


def test_text_literals_cannot_break_out_of_generated_code() -> None:
    literal = "'" + HOSTILE_TEXT.replace("\\", "\\\\").replace("'", "\\'").replace("\x00", "\\u0000") + "'"
    typed = typed_of(f"t == {literal}")
    js = emit_js(typed, js_ref)
    python = emit_python(typed, py_ref)
    assert "<" not in js and "\u2028" not in js and "\u2029" not in js
    assert "\u2028" not in python and "\x00" not in python
    assert compile(python, "<expr>", "eval")


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_hostile_text_round_trips_through_every_target(tmp_path: Path) -> None:
    literal = "'" + HOSTILE_TEXT.replace("\\", "\\\\").replace("'", "\\'").replace("\x00", "\\u0000") + "'"
    typed = typed_of(f"{literal} + t")
    [results] = all_targets([(typed, {"root": {"t": "!"}, "today": datetime.date(2026, 1, 1)})], tmp_path)
    assert results == (f"s:{HOSTILE_TEXT}!",) * 3


def test_references_lists_root_paths_read_anywhere() -> None:
    env = Env(Group({"a": Group({"x": TEXT}), "dogs": svcdef.expr.ListOf(Group({"n": TEXT})), "b": BOOL}))
    typed, _ = check_expression(Snippet("any(dogs, item.n == a.x) or b", Span("t", 1, 1, 1, 1)), env, BOOL)
    assert typed is not None
    assert references(typed) == {("dogs",), ("a", "x"), ("b",)}


def test_extra_functions_are_checked_and_emitted_by_name() -> None:
    env = Env(Group({"t": TEXT}), functions_extra={"lookup_fee": lambda args: BOOL if args == [TEXT] else None})
    typed, _ = check_expression(Snippet("lookup_fee(t)", Span("t", 1, 1, 1, 1)), env, BOOL)
    assert typed is not None
    assert emit_python(typed, py_ref) == "_fn_lookup_fee((_get(root, ('t',))))"
    _, diagnostics = check_expression(Snippet("lookup_fee(1)", Span("t", 1, 1, 1, 1)), env, BOOL)
    assert [d.code for d in diagnostics] == ["E0417"]


def test_public_api() -> None:
    for name in svcdef.expr.__all__:
        assert getattr(svcdef.expr, name) is not None
    assert PYTHON_RUNTIME.is_file() and JS_RUNTIME.is_file()
    source = PYTHON_RUNTIME.read_text(encoding="utf-8")
    imports = {line.split()[1] for line in source.splitlines() if line.startswith(("import ", "from "))}
    assert imports <= {"__future__", "datetime", "decimal", "re", "typing"}
    assert "import " not in JS_RUNTIME.read_text(encoding="utf-8")


def test_no_eval_or_exec_in_the_compiler() -> None:
    package = Path(svcdef.expr.__file__).parent
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "eval(" not in text.replace("evaluate(", "").replace("_evaluate(", ""), path
        assert "exec(" not in text, path


def _python_number(text: str) -> str | None:
    """What the JavaScript runtime's `dec` must read from text: the grammar of its docstring, exactly."""
    found = re.fullmatch(r"([+-]?)(?:([0-9]+)(?:\.([0-9]*))?|\.([0-9]+))(?:[eE]([+-]?[0-9]{1,3}))?", text)
    if found is None or len(text) > 100:
        return None
    sign, whole, fraction, only, exponent = found.groups()
    digits = (whole or "") + (fraction or "") if only is None else only
    scale = len(fraction or "" if only is None else only) - int(exponent or 0)
    value = int(digits or "0") * 10 ** max(0, -scale)
    return f"{-value if sign == '-' else value}e{max(0, scale)}"


def test_decimal_of_takes_what_the_decimal_pattern_takes(tmp_path: Path) -> None:
    """`decimalOf` (the typed view of a decimal field) and `decimalNumber` (its range checks) scan the text
    themselves: the same texts as the field's pattern, read to the same coefficient and scale, or to the
    nearest double, for every number of places a field can have."""
    rng = random.Random(11)
    texts = ["".join(rng.choice("0123456789.-") for _ in range(rng.randint(0, 8))) for _ in range(3000)]
    for digits in (1, 2, 14, 15, 16, 17, 18, 19):
        for fraction in (0, 1, 2, 3, 4):
            whole = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(digits - 1))
            tail = "." + "".join(rng.choice("0123456789") for _ in range(fraction)) if fraction else ""
            texts += [whole + tail, "-" + whole + tail, "0" + tail, "-0" + tail, whole + ".", "0" + whole]
    texts += ["", "-", ".5", "-.5", "1.", "+1", "1e3", " 1", "1 ", "\u0661", "00", "-00.1", "9" * 18, "9" * 19]
    texts += ["9007199254740993", "-90071992547409.93", "9999999999999999", "999999999999999"]  # 2**53 + 1
    texts += ["0.1", "0.3", "2.675", "-1.005", "123456789012.345", "99999999999999.9"]  # no exact double
    cases = [(text, places) for text in texts for places in (0, 1, 2, 3)]
    script = tmp_path / "decimals.mjs"
    script.write_text(
        f"""
import * as _rt from {json.dumps(JS_RUNTIME.as_uri())};
const cases = {json.dumps(cases)};
const out = cases.map(([t, p]) => {{ const d = _rt.decimalOf(t, p); return d === null ? null : `${{d.m}}e${{d.s}}`; }});
const near = cases.map(([t, p]) => {{ const x = _rt.decimalNumber(t, p); return Number.isNaN(x) ? null : x; }});
process.stdout.write(JSON.stringify([out, near, _rt.decimalOf(12, 2), _rt.decimalOf(null, 2)]));
""",
        encoding="utf-8",
    )
    done = subprocess.run([NODE or "node", str(script)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    out, near, number, absent = json.loads(done.stdout)
    expected = []
    for text, places in cases:
        if re.fullmatch(formats.decimal_pattern(places), text) is None:
            expected.append(None)
            continue
        whole, _, fraction = text.partition(".")
        expected.append(f"{int(whole + fraction)}e{len(fraction)}")
    assert out == expected
    # `decimalNumber`, for the range checks: the nearest double, as `Number(text)` and Python's `float` give
    doubles = [None if x is None else float(x) for x in near]  # JSON gives whole doubles back as Python ints
    assert doubles == [None if e is None else float(text) for e, (text, _) in zip(expected, cases, strict=True)]
    assert number is None and absent is None


def test_javascript_runtime_reads_numbers_and_dates_as_python_does(tmp_path: Path) -> None:
    """`dec` has a pattern-free path for plain decimals and `date` reads digits itself; both against Python."""
    rng = random.Random(7)
    texts = ["".join(rng.choice("0123456789.-+e") for _ in range(rng.randint(1, 17))) for _ in range(4000)]
    texts += [str(rng.randint(-(10**16), 10**16)) for _ in range(500)] + ["-0", "-0.0", "007", "1.", ".5", "-"]
    days = [f"{rng.randint(0, 9999):04d}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}" for _ in range(3000)]
    days += ["2024-02-29", "2023-02-29", "0000-01-01", "2024-1-011", "２０２４-01-01", "2024/01/01"]
    clocks = ["".join(rng.choice("0123456789:") for _ in range(rng.choice((5, 8)))) for _ in range(3000)]
    clocks += [
        f"{rng.randint(0, 25):02d}:{rng.randint(0, 61):02d}" + rng.choice(("", f":{rng.randint(0, 61):02d}"))
        for _ in range(2000)
    ]
    moments = [rng.choice(days) + rng.choice("T T") + rng.choice(clocks) for _ in range(3000)]
    script = tmp_path / "numbers.mjs"
    script.write_text(
        f"""
import * as _rt from {json.dumps(JS_RUNTIME.as_uri())};
const [texts, days, clocks, moments] = {json.dumps([texts, days, clocks, moments])};
const numbers = texts.map((t) => {{ const d = _rt.dec(t); return d === null ? null : `${{d.m}}e${{d.s}}`; }});
const dates = days.map((t) => _rt.date(t));
// the runtime keeps the days it read; more than it keeps, then the same days again, give the same answers
for (let i = 0; i < 5000; i++) _rt.date(`${{String(1000 + i).padStart(4, "0")}}-01-01`);
const again = days.map((t) => _rt.date(t));
const spans = days.map((t) => {{ const n = _rt.days_between("2000-01-01", t); return n === null ? null : String(n); }});
// a field's view: the lengths of `HH:MM[:SS]` (and a date before it), then the runtime's reading
const times = clocks.map((t) => (t.length === 5 || t.length === 8 ? _rt.time(t) : null));
const datetimes = moments.map((t) => (t.length === 16 || t.length === 19 ? _rt.datetime(t) : null));
process.stdout.write(JSON.stringify({{ numbers, dates, again, spans, times, datetimes }}));
""",
        encoding="utf-8",
    )
    done = subprocess.run([NODE or "node", str(script)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["numbers"] == [_python_number(t) for t in texts]
    texts.append("\u0663")  # an Arabic-Indic 3: no number in either runtime (Python's `\\d` would have read it)
    expected = [None if (x := _python_number(t)) is None else Decimal(x.replace("e", "E-")) for t in texts]
    assert [runtime.dec(t) for t in texts] == expected
    assert out["dates"] == [d.isoformat() if (d := parse_date(t)) else None for t in days]
    assert out["again"] == out["dates"]
    # a text that is no day of the calendar is no date to count from, as in Python, where it cannot be one
    assert out["spans"] == [str((d - datetime.date(2000, 1, 1)).days) if (d := parse_date(t)) else None for t in days]
    assert out["times"] == [t.isoformat() if (t := parse_time(c)) else None for c in clocks]
    assert out["datetimes"] == [t.isoformat() if (t := parse_datetime(c)) else None for c in moments]
