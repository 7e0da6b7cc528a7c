"""Differential test: the reference interpreter, the generated Python and the generated JavaScript agree exactly.

For every example spec, hypothesis draws submissions: a base that is valid
by construction from the model (`Service.infos`: every field a value that
meets its type, format and constraints, optional fields left out at random,
then hidden fields removed and conditionally required ones added until the
validator is content), then up to three mutations (a key removed, a value
replaced by a hostile one — null, nested arrays, huge numbers, NaN-like
strings, a 1 MB string —, a bound crossed, a hidden field set, unknown keys,
list entries added, removed or broken, the whole submission replaced). Each
submission travels as JSON text, as a portal would send it. The three
targets must return the same verdict, the same errors (code, rule, pointer,
message), the same computed values and the same fees; all JavaScript of a
spec runs in one `node` process. Python `jsonschema` on the generated
`schema.json` accepts every submission the reference finds valid and
rejects every one with a structural error (wrong type, unknown key, option,
lengths, pattern, list sizes).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generators import TARGETS, generator
from generators.js.engine import write as write_js
from generators.js.node import NODE, evaluate_batch
from generators.python import plan
from generators.python.engine import load
from svcdef import formats
from svcdef import model as m
from svcdef.check import check_paths
from svcdef.evaluate import evaluate
from svcdef.expr.runtime import svcdef_runtime
from svcdef.patterns import Alternation, CharClass, Concat, Group, Literal, Repeat
from svcdef.service import EACH, Service
from svcdef.testing import submission_of

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted(str(p) for p in (ROOT / "specs").glob("*.yaml"))
EXAMPLES = 1000
"""Submissions per spec: a quarter drawn valid by construction, each with three mutants."""
MEGABYTE = "x" * 1_000_000

TODAYS = [dt.date(2026, 5, 1), dt.date(2026, 12, 31), dt.date(2027, 1, 1), dt.date(2024, 2, 29), dt.date(2026, 3, 1)]
HOSTILE: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1.5,
    -0.0,
    3.0,
    2**53 - 1,
    2**53,
    -(2**53 - 1),
    2**64,
    10**30,
    1e300,
    "",
    " ",
    "NaN",
    "Infinity",
    "-Infinity",
    "-0",
    "0",
    "00",
    "1e2",
    "１２",
    "٣",
    "12.",
    ".5",
    "12.345",
    "-12.50",
    "999999999999999999.99",
    "1000000000000000000",
    "2024-02-29",
    "2023-02-29",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "2026-13-01",
    "2026-1-1",
    "2026-05-01T10:00",
    "2026-05-01T24:00",
    "10:00",
    "23:59:59",
    "24:00",
    "10:00:00.5",
    [],
    [[1]],
    [None],
    {},
    {"a": 1},
    "ä",
    "😀",
    "a\u2028b",
    "\ud800",
    "x" * 1000,
    "CH93 0076 2011 6238 5295 7",
    "CH93 0076 2011 6238 5295 8",
    "756.1234.5678.97",
    "CHE-123.456.788",
    "+41 44 123 45 67",
    "a@b.ch",
    "3011",
]
UNKNOWN_KEYS = [
    "zzz",
    "constructor",
    "__proto__",
    "toString",
    "hasOwnProperty",
    "a/b",
    "~x",
    "É",
    "😀",
    "",
    "Z",
    "\ud800",
]


# -- valid submissions from the model ----------------------------------------------------------


def sample_pattern(node: Any, rng: random.Random) -> str:
    """A random string the portable pattern tree `node` matches."""
    if isinstance(node, Literal):
        return chr(node.code_point)
    if isinstance(node, CharClass):
        if node.negated:
            allowed = [c for c in "aZ09 -é" if not any(lo <= ord(c) <= hi for lo, hi in node.ranges)]
            return rng.choice(allowed or ["\u2603"])
        low, high = rng.choice(node.ranges)
        return chr(rng.randint(low, min(high, low + 200)))
    if isinstance(node, Group):
        return sample_pattern(node.body, rng)
    if isinstance(node, Concat):
        return "".join(sample_pattern(item, rng) for item in node.items)
    if isinstance(node, Alternation):
        return sample_pattern(rng.choice(node.branches), rng)
    assert isinstance(node, Repeat)
    count = rng.randint(node.min, node.max if node.max is not None else node.min + 3)
    return "".join(sample_pattern(node.body, rng) for _ in range(count))


def _check_digit(prefix: str, ok: Any, fill: str) -> str:
    for d in "0123456789":
        if ok(prefix + d + fill):
            return prefix + d + fill
    return prefix + "0" + fill


class Maker:
    """Makes well-formed values for the fields of a service."""

    def __init__(self, service: Service, rng: random.Random, today: dt.date) -> None:
        self.service = service
        self.rng = rng
        self.today = today
        self.children = plan.children(service)
        self.pools = POOLS.setdefault(service.id, _pools(service))

    def value(self, info_path: tuple[str, ...], f: m.Field) -> Any:
        rng = self.rng
        pool = self.pools.get(info_path)
        if pool and rng.random() < 0.5:
            return copy.deepcopy(rng.choice(pool))
        if isinstance(f, m.GroupField):
            return self.group(info_path, drop=0.3)
        if isinstance(f, m.ListField):
            low = f.min_items or 0
            high = min(f.max_items if f.max_items is not None else 3, low + 3)
            count = rng.randint(low, max(low, high))
            entry = (*info_path, EACH)
            if f.item is not None:
                return [self.value(entry, f.item) for _ in range(count)]
            return [self.group(entry, drop=0.3) for _ in range(count)]
        if isinstance(f, m.MultiChoiceField):
            codes = plan.codes(f)
            low = f.min_items or 0
            high = min(f.max_items if f.max_items is not None else len(codes), len(codes))
            return rng.sample(codes, rng.randint(min(low, high), high)) if codes else []
        if isinstance(f, m.ChoiceField):
            return rng.choice(plan.codes(f))
        if isinstance(f, m.BooleanField):
            return rng.random() < 0.5
        if isinstance(f, m.IntegerField):
            low = f.min if f.min is not None else -5
            high = f.max if f.max is not None else max(low, 0) + 40
            return rng.choice([low, high, rng.randint(low, high), rng.randint(low, high)])
        if isinstance(f, m.DecimalField | m.MoneyField):
            return self.decimal(f)
        if isinstance(f, m.FileField):
            kind = rng.choice(f.media_types).replace("*", "png")
            return {"name": "scan.pdf", "media_type": kind, "size": rng.randint(0, f.max_size), "ref": "upload-1"}
        if isinstance(f, m.DateField | m.DateTimeField | m.TimeField):
            return self.moment(f)
        if isinstance(f, m.TextField):
            return self.text(f)
        return self.formatted(f)

    def decimal(self, f: m.DecimalField | m.MoneyField) -> str:
        scale = plan.decimal_scale(f)
        low = f.min if f.min is not None else Decimal(-20 if isinstance(f, m.DecimalField) else 0)
        high = f.max if f.max is not None else low + 250000
        step = Decimal(1).scaleb(-scale)
        steps = int((high - low) / step)
        pick = self.rng.choice([0, steps, self.rng.randint(0, max(steps, 0)), self.rng.randint(0, max(steps, 0))])
        value = low + step * pick
        text = format(value.quantize(step), "f") if scale else str(int(value))
        if self.rng.random() < 0.3 and "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text

    def moment(self, f: m.Field) -> str:
        kind = m.TEMPORAL_FIELDS[type(f)]
        low = plan.temporal_bound(f, getattr(f, "min", None))
        high = plan.temporal_bound(f, getattr(f, "max", None))
        rng = self.rng
        if kind == "time":
            low_t = low or dt.time(0, 0)
            high_t = high or dt.time(23, 59, 59)
            a = low_t.hour * 3600 + low_t.minute * 60 + low_t.second
            b = high_t.hour * 3600 + high_t.minute * 60 + high_t.second
            s = rng.choice([a, b, rng.randint(a, b)])
            text = f"{s // 3600:02d}:{s // 60 % 60:02d}"
            return text + (f":{s % 60:02d}" if s % 60 or rng.random() < 0.3 else "")
        first = low.date() if isinstance(low, dt.datetime) else low
        last = high.date() if isinstance(high, dt.datetime) else high
        first = first or self.today - dt.timedelta(days=365 * 40)
        last = last or self.today + dt.timedelta(days=400)
        if last < first:
            last = first
        span = (last - first).days
        anniversaries = [self.today.replace(year=self.today.year - 18) if self.today.month != 2 else self.today]
        near = [self.today + dt.timedelta(days=rng.randint(-d, d)) for d in (30, 90, 400, 2000)]
        day = rng.choice([first, last, first + dt.timedelta(days=rng.randint(0, span)), *anniversaries, *near])
        day = min(max(day, first), last)
        if kind == "date":
            return day.isoformat()
        return day.isoformat() + rng.choice(["T10:30", "T00:00:00", "T23:59:59"])

    def text(self, f: m.TextField) -> str:
        rng = self.rng
        low = f.min_length if f.min_length is not None else 1
        high = f.max_length if f.max_length is not None else max(low, 30)
        for _ in range(20):
            if f.pattern is not None:
                text = sample_pattern(plan.parsed(f.pattern.text).body, rng)
            else:
                n = rng.choice([low, high, rng.randint(low, min(high, low + 20))])
                text = "".join(rng.choices("abcdefghij ÄéßZ😀-", k=n))
            if low <= len(text) <= high:
                return text
        return text

    def formatted(self, f: m.Field) -> str:
        rng = self.rng
        if isinstance(f, m.EmailField):
            return rng.choice(["anna.muster@example.ch", "a+b@sub.example.org", "x@y.li"])
        if isinstance(f, m.PhoneField):
            return rng.choice(["+41 44 123 45 67", "+41791234567", "+4930123456"])
        if isinstance(f, m.IbanField):
            ibans = ["CH93 0076 2011 6238 5295 7", "CH9300762011623852957", "LI21 0881 0000 2324 013A A"]
            if not f.countries:
                ibans.append("DE89370400440532013000")
            return rng.choice(ibans)
        if isinstance(f, m.PostalCodeField):
            source = formats.PATTERNS[formats.format_name("postal_code", f.country)]
            return sample_pattern(plan.parsed(source).body, rng)
        if isinstance(f, m.AhvNumberField):
            digits = "".join(rng.choice("0123456789") for _ in range(9))
            body = f"756.{digits[:4]}.{digits[4:8]}.{digits[8]}"
            return _check_digit(body, svcdef_runtime.ahv_number_ok, "")
        assert isinstance(f, m.UidField)
        while True:
            digits = "".join(rng.choice("0123456789") for _ in range(8))
            text = _check_digit(f"CHE-{digits[:3]}.{digits[3:6]}.{digits[6:8]}", svcdef_runtime.uid_ok, "")
            if svcdef_runtime.uid_ok(text):
                return text

    def group(self, path: tuple[str, ...], drop: float) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for info in self.children.get(path, []):
            f = info.field
            if info.required is not True and self.rng.random() < drop:
                continue
            out[f.name] = self.value(info.path, f)
        return out


POOLS: dict[str, dict[tuple[str, ...], list[Any]]] = {}


def _pools(service: Service) -> dict[tuple[str, ...], list[Any]]:
    """The values the spec's own valid examples give each leaf field (postal codes of the city, realistic dates)."""
    pools: dict[tuple[str, ...], list[Any]] = {}

    def walk(value: Any, path: tuple[str, ...]) -> None:
        try:
            f = service.info(path).field if path else None
        except KeyError:
            return
        if f is None or isinstance(f, m.GroupField):
            if isinstance(value, dict):
                for k, v in value.items():
                    walk(v, (*path, k))
        elif isinstance(f, m.ListField):
            for v in value if isinstance(value, list) else []:
                walk(v, (*path, EACH))
        else:
            pools.setdefault(path, []).append(value)

    for test in service.spec.tests:
        if test.expect.valid:
            walk(submission_of(test), ())
    return pools


def _field_at(service: Service, tokens: list[str]) -> tuple[tuple[str, ...], m.Field] | None:
    """The field a JSON Pointer's tokens name (list indices skipped), with its info path."""
    path: tuple[str, ...] = ()
    found = None
    for token in tokens:
        candidate = (*path, token)
        try:
            info = service.info(candidate)
        except KeyError:
            if token.isdigit():
                candidate = (*path, EACH)
                try:
                    info = service.info(candidate)
                except KeyError:
                    path = candidate
                    continue
            else:
                return None
        path, found = candidate, info.field
    return (path, found) if found is not None else None


def _container(data: Any, tokens: list[Any]) -> Any:
    for token in tokens:
        if isinstance(data, dict):
            data = data.get(str(token))
        elif isinstance(data, list):
            i = token if isinstance(token, int) else int(token) if token.isdigit() else -1
            data = data[i] if 0 <= i < len(data) else None
        else:
            return None
    return data


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


RULE_TRIES = 12
"""Values drawn for a field that breaks a rule before the fields beside it are drawn anew."""
CONTAINERS = (m.GroupField, m.ListField)


def repaired(service: Service, module: Any, maker: Maker, data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """`data` with hidden fields removed, required ones added and rules mended, until the validator is content.

    A rule between fields (a start at least 91 days after a birth date) is
    mended by drawing the field it reports on until it holds; when no value
    of that field can (the birth date lies ahead), the fields beside it are
    drawn anew and the next round tries again.
    """
    for _ in range(8):
        errors = module.validate(data, today=today)
        changed = False
        for e in errors:
            tokens = _tokens(e.pointer)
            parent = _container(data, tokens[:-1])
            if not isinstance(parent, dict) or not tokens:
                continue
            if e.code == "hidden" and tokens[-1] in parent:
                del parent[tokens[-1]]
                changed = True
            elif e.code == "required" and tokens[-1] not in parent:
                found = _field_at(service, tokens)
                if found is not None:
                    parent[tokens[-1]] = maker.value(*found)
                    changed = True
            elif e.code == "rule":
                found = _field_at(service, tokens)
                if found is None:
                    continue
                changed = True
                for _ in range(RULE_TRIES):
                    parent[tokens[-1]] = maker.value(*found)
                    if not any(e.pointer == later.pointer for later in module.validate(data, today=today)):
                        break
                else:
                    for key in parent:
                        other = _field_at(service, [*tokens[:-1], key])
                        if key != tokens[-1] and other is not None and not isinstance(other[1], CONTAINERS):
                            parent[key] = maker.value(*other)
        if not changed:
            break
    return data


# -- mutations ------------------------------------------------------------------------------------


def _locations(data: Any, at: list[Any]) -> list[list[Any]]:
    """Every path (keys and indices) to a value inside `data`."""
    found: list[list[Any]] = []
    if isinstance(data, dict):
        for k, v in data.items():
            found.append([*at, k])
            found += _locations(v, [*at, k])
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found.append([*at, i])
            found += _locations(v, [*at, i])
    return found


def _parent(data: Any, path: list[Any]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


def mutate(service: Service, maker: Maker, data: Any, op: tuple[str, int, int]) -> Any:
    kind, a, b = op
    rng = random.Random(a * 7919 + b)
    if kind == "root":
        return [None, [], "x", 1, [data]][b % 5]
    places = _locations(data, [])
    containers = [[]] + [p for p in places if isinstance(_parent(data, [*p, 0]), dict | list)]
    if kind in ("delete", "replace", "boundary") and places:
        path = places[a % len(places)]
        parent = _parent(data, path)
        if kind == "delete":
            del parent[path[-1]]
        elif kind == "replace":
            value = MEGABYTE if b % 97 == 0 else HOSTILE[b % len(HOSTILE)]
            parent[path[-1]] = copy.deepcopy(value)
        else:
            found = _field_at(service, [str(p) for p in path])
            if found is not None:
                parent[path[-1]] = boundary(found[1], b, maker.today)
        return data
    if kind == "add_field":
        infos = [i for i in service.infos if EACH not in i.path]
        info = infos[a % len(infos)]
        parent = _container(data, list(info.path[:-1]))
        if isinstance(parent, dict):
            parent[info.path[-1]] = maker.value(info.path, info.field)
        return data
    if kind == "unknown":
        target = _container(data, containers[a % len(containers)])
        if isinstance(target, dict):
            target[UNKNOWN_KEYS[b % len(UNKNOWN_KEYS)]] = rng.choice(HOSTILE[:20])
        return data
    if kind == "list":
        lists = [p for p in [[], *places] if isinstance(_container(data, p), list)]
        if lists:
            target = _container(data, lists[a % len(lists)])
            action = b % 4
            if action == 0 and target:
                target.append(copy.deepcopy(target[b % len(target)]))
            elif action == 1 and target:
                target.pop(b % len(target))
            elif action == 2:
                # a copy: HOSTILE is shared, and a later mutation must not change it (or make a cycle)
                target.insert(0, copy.deepcopy(HOSTILE[b % len(HOSTILE)]))
            elif target:
                target[b % len(target)] = {}
    return data


def boundary(f: m.Field, b: int, today: dt.date) -> Any:
    """A value on, just below or just above a bound of `f`."""
    if isinstance(f, m.IntegerField):
        bounds = [x for x in (f.min, f.max) if x is not None] or [0]
        return bounds[b % len(bounds)] + [-1, 0, 1][b % 3]
    if isinstance(f, m.DecimalField | m.MoneyField):
        scale = plan.decimal_scale(f)
        bounds = [x for x in (f.min, f.max) if x is not None] or [Decimal(0)]
        step = Decimal(1).scaleb(-(scale + b % 2))
        value = bounds[b % len(bounds)] + [-step, 0, step][b % 3]
        return format(value, "f")
    if isinstance(f, m.DateField | m.DateTimeField | m.TimeField):
        texts = [t for t in (getattr(f, "min", None), getattr(f, "max", None)) if t]
        if isinstance(f, m.DateField):
            days = [today, today.replace(year=today.year - 18) if (today.month, today.day) != (2, 29) else today]
            days += [d for t in texts if (d := formats.parse_date(t)) is not None]
            day = days[b % len(days)] + dt.timedelta(days=[-1, 0, 1][b % 3])
            return day.isoformat()
        return texts[b % len(texts)] if texts else "00:00"
    if isinstance(f, m.TextField):
        n = (f.max_length or 10) + [0, 1][b % 2]
        return "é" * n if b % 3 else "😀" * n
    if isinstance(f, m.ChoiceField):
        return plan.codes(f)[b % len(plan.codes(f))] if plan.codes(f) else "x"
    return HOSTILE[b % len(HOSTILE)]


STRUCTURAL = {"type", "unknown", "option", "unique", "min_items", "max_items", "min_length", "max_length", "pattern"}
"""Errors that `schema.json` expresses wherever they occur (bounds of decimals and dates, check digits, rules
and conditions JSON Schema cannot state are annotations there, see docs/outputs.md)."""

KINDS = ["delete", "replace", "replace", "boundary", "boundary", "add_field", "add_field", "unknown", "list", "root"]


SERVICES, _ = check_paths(SPECS)
GENERATED: dict[str, Any] = {}
"""The loaded Python module of each service, by id (strategies take the id, so that failures print short)."""


@st.composite
def cases(draw: st.DrawFn, service_id: str) -> list[dict[str, Any]]:
    """A base submission valid by construction, and three mutants of it (one, two and three mutations)."""
    service = next(s for s in SERVICES if s.id == service_id)
    module = GENERATED[service_id]
    today = draw(st.sampled_from(TODAYS))
    lang = draw(st.sampled_from([None, *service.languages, "it", "en", "xx"]))
    seed = draw(st.integers(0, 2**32))
    ops = draw(
        st.lists(
            st.tuples(st.sampled_from(KINDS), st.integers(0, 10**6), st.integers(0, 10**6)), min_size=6, max_size=6
        )
    )
    rng = random.Random(f"{seed} {ops}")  # hypothesis repeats a seed while it varies the rest: every draw counts
    maker = Maker(service, rng, today)
    base = repaired(service, module, maker, maker.group((), drop=0.25), today)
    found = [{"text": json.dumps(base), "today": today, "lang": lang}]
    for count, first in ((1, 0), (2, 1), (3, 3)):
        data: Any = copy.deepcopy(base)
        for op in ops[first : first + count]:
            if op[0] == "root" and op[2] % 10:
                continue  # replacing the whole submission is rare
            data = mutate(service, maker, data, op)
        found.append({"text": json.dumps(data), "today": today, "lang": lang})
    return found


def _canonical(result: Any) -> str:
    return json.dumps(result, sort_keys=True, ensure_ascii=False)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.id)
def test_reference_python_and_javascript_agree(service: Service, tmp_path: Path) -> None:
    module = GENERATED[service.id] = load(service, tmp_path / "py")
    index = write_js(service, tmp_path / "js")
    schema = None
    if "schema" in TARGETS:
        document = json.loads(generator("schema")(service)["schema.json"])
        schema = jsonschema.Draft202012Validator(document, format_checker=jsonschema.FormatChecker())
    kept: list[dict[str, Any]] = []
    stats = {"valid": 0}

    @settings(
        max_examples=EXAMPLES // 4,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(cases(service.id))
    def python_agrees(group: list[dict[str, Any]]) -> None:
        for case in group:
            data = json.loads(case["text"])
            expected = evaluate(service, data, today=case["today"], lang=case["lang"]).as_dict()
            got = module.evaluate(json.loads(case["text"]), today=case["today"], lang=case["lang"])
            got = {**got, "errors": [e._asdict() for e in got["errors"]]}
            assert _canonical(got) == _canonical(expected), case["text"][:2000]
            if schema is not None:  # schema.json: accepts every valid submission, rejects every structural error
                accepted = schema.is_valid(data)
                assert accepted or not expected["valid"], case["text"][:2000]
                assert not accepted or not {e["code"] for e in expected["errors"]} & STRUCTURAL, case["text"][:2000]
            stats["valid"] += expected["valid"]
            kept.append({**case, "expected": _canonical(expected)})

    python_agrees()
    assert len(kept) >= EXAMPLES
    assert stats["valid"] >= EXAMPLES // 10, stats  # most base submissions are valid by construction
    batch = [
        {"module": str(index), "data": c["text"], "today": c["today"].isoformat(), "lang": c["lang"]} for c in kept
    ]
    for c, got in zip(kept, evaluate_batch(batch), strict=True):
        assert _canonical(got) == c["expected"], c["text"][:2000]
