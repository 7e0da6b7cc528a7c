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

Fees are driven to the edges of the spec's decision tables and dated
versions: most valid bases are steered (`steer`) so that a lookup argument
lies on, one unit below or one unit above an interval bound of a table row
(a field passed directly, or a computed value such as `income - 5000 *
children`, through the fields it follows), and half of the bases of a spec
with dated tables or items compute their fee on a day before, on or after
the first or last day a version is in force (through `today` or the field
`fees.date` reads). Every such mark (`marks`) must be reached by at least one
submission the reference finds valid, or the test fails.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

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
from svcdef.evaluate import evaluate, view_of
from svcdef.expr import Context
from svcdef.expr import evaluate as evaluate_expression
from svcdef.expr.runtime import svcdef_runtime
from svcdef.fees import FeeExplanation, LookupCall, Lookups, compute_fees
from svcdef.patterns import Alternation, CharClass, Concat, Group, Literal, Repeat
from svcdef.service import EACH, Service
from svcdef.tables import Lookup, Row
from svcdef.testing import submission_of

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted(str(p) for p in (ROOT / "specs").glob("*.yaml"))
EXAMPLES = 1000
"""Submissions per spec: a quarter drawn valid by construction, each with three mutants."""
MEGABYTE = "x" * 1_000_000
CENT = Decimal(1).scaleb(-formats.MONEY_SCALE)

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
    """`data` changed by `op`. Values from `HOSTILE` go in as copies: it is shared by every example, and a
    later mutation of the same submission must change neither it nor, through it, another example (an
    uncopied list from it once grew into a cycle over thousands of examples)."""
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
            target[UNKNOWN_KEYS[b % len(UNKNOWN_KEYS)]] = copy.deepcopy(rng.choice(HOSTILE[:20]))
        return data
    if kind == "list":
        lists = [p for p in [[], *places] if isinstance(_container(data, p), list)]
        if lists:
            target = _container(data, lists[a % len(lists)])
            action, pick = b % 4, b // 4  # apart: with `b` for both, each action met one fixed entry of a 2- or 4-list
            if action == 0 and target:
                target.append(copy.deepcopy(target[pick % len(target)]))
            elif action == 1 and target:
                target.pop(pick % len(target))
            elif action == 2:
                # a copy: HOSTILE is shared, and a later mutation must not change it (or make a cycle)
                target.insert(0, copy.deepcopy(HOSTILE[pick % len(HOSTILE)]))
            elif target:
                target[pick % len(target)] = {}
    return data


def boundary(f: m.Field, b: int, today: dt.date) -> Any:
    """A value on, just below or just above a bound of `f`.

    `b % 3` picks the side and `b // 3` the bound (and the step), so that every bound is met on every side: with
    one index for both, a date field with a minimum got only its minimum plus a day, never the minimum itself.
    """
    side, which = [-1, 0, 1][b % 3], b // 3
    if isinstance(f, m.IntegerField):
        bounds = [x for x in (f.min, f.max) if x is not None] or [0]
        return bounds[which % len(bounds)] + side
    if isinstance(f, m.DecimalField | m.MoneyField):
        scale = plan.decimal_scale(f)
        bounds = [x for x in (f.min, f.max) if x is not None] or [Decimal(0)]
        step = Decimal(1).scaleb(-(scale + which % 2))
        return format(bounds[which // 2 % len(bounds)] + side * step, "f")
    if isinstance(f, m.DateField | m.DateTimeField | m.TimeField):
        texts = [t for t in (getattr(f, "min", None), getattr(f, "max", None)) if t]
        if isinstance(f, m.DateField):
            days = [today, today.replace(year=today.year - 18) if (today.month, today.day) != (2, 29) else today]
            days += [d for t in texts if (d := formats.parse_date(t)) is not None]
            return (days[which % len(days)] + dt.timedelta(days=side)).isoformat()
        return texts[which % len(texts)] if texts else "00:00"
    if isinstance(f, m.TextField):
        n = (f.max_length or 10) + [0, 1][which % 2]
        return "é" * n if b % 3 else "😀" * n
    if isinstance(f, m.ChoiceField):
        return plan.codes(f)[b % len(plan.codes(f))] if plan.codes(f) else "x"
    return copy.deepcopy(HOSTILE[b % len(HOSTILE)])


# -- table bounds and validity days --------------------------------------------------------------


class TableBound(NamedTuple):
    """A lookup argument on, one unit below or one unit above an interval bound of a table version.

    The bound is reached when a lookup answered by `version` passes `value`
    in input `column` while the row's other conditions hold, so that the
    bound decides whether that row matches.
    """

    lookup: Lookup
    version: str
    column: int
    bound: Any
    offset: int
    """-1, 0 or 1 units (one cent for money, 1 for integers, one day for dates) from the bound."""
    rows: tuple[Row, ...]
    """The rows of the version with an interval bounded by `bound` in `column`."""

    @property
    def value(self) -> Any:
        return _step(self.lookup.inputs[self.column].type, self.bound, self.offset)

    def argument(self, call: LookupCall) -> Any:
        """The call's argument in the bound's column if the bound decides a row there, else None."""
        if call.function not in self.lookup.functions() or call.table != self.version:
            return None
        for row in self.rows:
            others = [(row.conditions[d], a) for d, a in enumerate(call.args) if d != self.column]
            if all(c.matches(a) for c, a in others):
                return call.args[self.column]
        return None

    def reached(self, explanation: FeeExplanation | None) -> bool:
        value = self.value
        return any(_same(self.argument(c), value) for c in _calls(explanation))

    def __str__(self) -> str:
        column = self.lookup.inputs[self.column].name
        return f"{self.version}: {column} = {self.bound} {['- 1 unit', '', '+ 1 unit'][self.offset + 1]}".rstrip()


class ValidityDay(NamedTuple):
    """A fee date on or next to the first or last day in force of a dated table version or fee item.

    The day is reached when the fee is computed on it and the table is
    looked up (whichever version is in force) or the item is considered.
    """

    day: dt.date
    kind: str
    """`table` or `item`."""
    name: str
    """The table version's name or the item's id."""
    functions: frozenset[str] = frozenset()
    """For a table: the functions of its lookup."""

    def reached(self, explanation: FeeExplanation | None) -> bool:
        if explanation is None or explanation.date != self.day:
            return False
        if self.kind == "table":
            return any(c.function in self.functions for c in _calls(explanation))
        return any(t.item == self.name for t in explanation.lines)

    def __str__(self) -> str:
        return f"{self.kind} {self.name} on {self.day}"


def _step(kind: str, value: Any, by: int) -> Any:
    """`value` moved by `by` of the smallest steps of a column of type `kind`.

    A cent for money and decimals (or the bound's last digit where it is
    finer), 1 for integers, a day for dates, a second for date-times and times.
    """
    if kind == "money":
        return value + by * CENT
    if kind == "decimal":
        return value + by * Decimal(1).scaleb(min(value.as_tuple().exponent, -formats.MONEY_SCALE))
    if kind == "integer":
        return value + by
    if kind == "date":
        return value + dt.timedelta(days=by)
    if kind == "datetime":
        return value + dt.timedelta(seconds=by)
    moment = dt.datetime.combine(dt.date(2000, 1, 1), value) + dt.timedelta(seconds=by)
    return moment.time()


def _same(a: Any, b: Any) -> bool:
    return a is not None and not isinstance(a, bool | str) and a == b


def marks(service: Service) -> list[TableBound | ValidityDay]:
    """Every table interval bound (on, one unit below, one unit above) and validity boundary day of `service`."""
    if service.fees is None:
        return []
    found: dict[Any, TableBound | ValidityDay] = {}
    for lookup in service.fees.tables:
        for version in lookup.versions:
            for column in range(len(lookup.inputs)):
                bounds: dict[Any, list[Row]] = {}
                for row in version.rows:
                    for interval in row.conditions[column].intervals or ():
                        for bound in (interval.low, interval.high):
                            if bound is not None and row not in bounds.setdefault(bound, []):
                                bounds[bound].append(row)
                for bound, rows in bounds.items():
                    for offset in (-1, 0, 1):
                        found[(version.name, column, bound, offset)] = TableBound(
                            lookup, version.name, column, bound, offset, tuple(rows)
                        )
            for day in _edges(version.valid_from, version.valid_until):
                found[("table", version.name, day)] = ValidityDay(
                    day, "table", version.name, frozenset(lookup.functions())
                )
    for line in service.fees.lines:
        item = line.item
        start = formats.parse_date(item.valid_from) if item.valid_from else None
        end = formats.parse_date(item.valid_until) if item.valid_until else None
        for day in _edges(start, end):
            found[("item", item.id, day)] = ValidityDay(day, "item", item.id)
    return list(found.values())


def _edges(start: dt.date | None, end: dt.date | None) -> list[dt.date]:
    """The days before, on and after the first and the last day of a period."""
    days = [start + dt.timedelta(days=d) for d in (-1, 0)] if start is not None else []
    return days + ([end + dt.timedelta(days=d) for d in (0, 1)] if end is not None else [])


def _calls(explanation: FeeExplanation | None) -> list[LookupCall]:
    """Every table lookup of a fee calculation: those of computed values, then those of each fee line."""
    if explanation is None:
        return []
    return [*explanation.computed_lookups, *(c for t in explanation.lines for c in t.lookups)]


def explained(service: Service, data: Any, today: dt.date) -> FeeExplanation | None:
    """How the reference computes the fee of `data`: the steps of `evaluate` that lead to the fee, without validation.

    Steering measures with it because it is three times cheaper than
    `evaluate`; what counts as reached is read off `evaluate` itself.
    """
    if service.fees is None:
        return None
    view = view_of(service, data)
    root = dict(view)
    lookups = Lookups.of(service, view, today)
    for c in service.computed:
        root[c.name] = evaluate_expression(c.value, Context(root, today, functions=lookups.functions))
    return compute_fees(service, root, today, service.languages[0], lookups).explanation


def _as_number(value: Any) -> Decimal | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return Decimal(value.toordinal())
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Decimal(value)
    return None


def _field_number(f: m.Field, raw: Any) -> Decimal | None:
    """The value of a well-formed number or date field as a number (dates as day numbers)."""
    if isinstance(f, m.IntegerField):
        return Decimal(raw) if isinstance(raw, int) and not isinstance(raw, bool) else None
    if isinstance(raw, str) and isinstance(f, m.DateField):
        day = formats.parse_date(raw)
        return None if day is None else Decimal(day.toordinal())
    if isinstance(raw, str) and formats.matches(formats.decimal_pattern(plan.decimal_scale(f)), raw):
        return Decimal(raw)
    return None


def _field_range(f: m.Field) -> tuple[Decimal | None, Decimal | None]:
    """The `min` and `max` of a number or date field as numbers (dates as day numbers)."""
    if isinstance(f, m.DateField):
        low, high = plan.temporal_bound(f, f.min), plan.temporal_bound(f, f.max)
        return (_as_number(low) or Decimal(1), _as_number(high) or Decimal(dt.date.max.toordinal()))
    assert isinstance(f, m.IntegerField | m.DecimalField | m.MoneyField)
    safe = Decimal(2**53 - 1) if isinstance(f, m.IntegerField) else None  # integers beyond are not exact in JavaScript
    low = Decimal(f.min) if f.min is not None else None if safe is None else -safe
    high = Decimal(f.max) if f.max is not None else safe
    return low, high


def _field_raw(f: m.Field, number: Decimal) -> Any:
    """The JSON value of a number (a day number for dates) in field `f`, or None outside its bounds or steps."""
    low, high = _field_range(f)
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    unit = _unit(f)
    if number != number.quantize(unit):
        return None
    if isinstance(f, m.DateField):
        return dt.date.fromordinal(int(number)).isoformat()
    if isinstance(f, m.IntegerField):
        return int(number)
    return format(number.quantize(unit), "f")


def _unit(f: m.Field) -> Decimal:
    """The smallest step of a number or date field (a day for dates)."""
    if isinstance(f, m.IntegerField | m.DateField):
        return Decimal(1)
    return Decimal(1).scaleb(-plan.decimal_scale(f))


def steer(service: Service, data: dict[str, Any], today: dt.date, measure: Any, goal: Any, rng: random.Random) -> bool:
    """Set number or date fields of `data` so that an entry of `measure(explanation)` becomes `goal`; whether it did.

    `measure` reads values off the reference's fee explanation (lookup
    arguments, the fee date). A value that moves when a field moves by one
    step is taken to follow the field in a straight line (as
    `income - 5000 * children` does): one probe finds the field value that
    lands on `goal`, one more evaluation confirms it. A field that cannot go
    that far goes to its `min` or `max`, and the next field does the rest.
    """
    target = _as_number(goal)
    before = [_as_number(v) for v in measure(explained(service, data, today))]
    if target is None or not any(v is not None for v in before):
        return False
    kinds = (m.DateField,) if isinstance(goal, dt.date) else (m.IntegerField, m.DecimalField, m.MoneyField)
    places = []
    for path in _locations(data, []):
        found = _field_at(service, [str(p) for p in path])
        if found is not None and isinstance(found[1], kinds):
            places.append((path, found[1]))
    rng.shuffle(places)
    for path, f in places:
        parent = _parent(data, path)
        raw = parent[path[-1]]
        x0 = _field_number(f, raw)
        if x0 is None:
            continue
        probe = next((x0 + d for d in (_unit(f), -_unit(f)) if _field_raw(f, x0 + d) is not None), None)
        if probe is None:
            continue
        parent[path[-1]] = _field_raw(f, probe)
        after = [_as_number(v) for v in measure(explained(service, data, today))]
        parent[path[-1]] = raw
        for k, (a0, a1) in enumerate(zip(before, after, strict=False)):
            if a0 is None or a1 is None or a0 == a1:
                continue
            x = x0 + (target - a0) * (probe - x0) / (a1 - a0)
            low, high = _field_range(f)
            if (low is not None and x < low) or (high is not None and x > high):
                edge = _field_raw(f, low if low is not None and x < low else high)
                if edge is not None:
                    parent[path[-1]] = edge
                    before = [_as_number(v) for v in measure(explained(service, data, today))]
                break
            moved = _field_raw(f, x)
            if moved is None:
                continue
            parent[path[-1]] = moved
            landed = [_as_number(v) for v in measure(explained(service, data, today))]
            if k < len(landed) and landed[k] == target:
                return True
            parent[path[-1]] = raw
    return False


def aimed(service: Service, module: Any, maker: Maker, data: dict[str, Any], day: dt.date | None) -> dict[str, Any]:
    """`data` steered to the fee date `day` (if given and a field gives the fee date), then to a table bound.

    The bound is chosen at random among those the submission can reach: where
    a lookup's other arguments already meet the conditions of a row that has
    the bound. One submission in eight keeps its lookups as drawn.
    """
    today = maker.today
    if day is not None and service.fees is not None and service.fees.date is not None:
        steer(service, data, today, _fee_date, day, maker.rng)
        data = repaired(service, module, maker, data, today)
    bounds = [mark for mark in MARKS[service.id] if isinstance(mark, TableBound)]
    if not bounds or maker.rng.random() < 1 / 8:
        return data
    calls = _calls(explained(service, data, today))
    reachable = [mark for mark in bounds if any(mark.argument(c) is not None for c in calls)]
    if not reachable:
        return data
    mark = maker.rng.choice(reachable)
    steer(service, data, today, lambda e: [mark.argument(c) for c in _calls(e)], mark.value, maker.rng)
    return repaired(service, module, maker, data, today)


def _fee_date(explanation: FeeExplanation | None) -> list[Any]:
    return [explanation.date if explanation is not None else None]


MARKS: dict[str, list[TableBound | ValidityDay]] = {}
"""The table bounds and validity days of each service, by id."""


STRUCTURAL = {"type", "unknown", "option", "unique", "min_items", "max_items", "min_length", "max_length", "pattern"}
"""Errors that `schema.json` expresses wherever they occur (bounds of decimals and dates, check digits, rules
and conditions JSON Schema cannot state are annotations there, see docs/outputs.md)."""

LEADS = [0, 1, 30]
"""Days from today to a fee date given by a field (forms accept dates from today on, for some weeks)."""

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
    lang = draw(st.sampled_from([None, *service.languages, "it", "en", "xx", "fr-CH", "DE", "en_GB", "", "x-fr"]))
    seed = draw(st.integers(0, 2**32))
    ops = draw(
        st.lists(
            st.tuples(st.sampled_from(KINDS), st.integers(0, 10**6), st.integers(0, 10**6)), min_size=6, max_size=6
        )
    )
    rng = random.Random(f"{seed} {ops}")  # hypothesis repeats a seed while it varies the rest: every draw counts
    days = [mark.day for mark in MARKS[service_id] if isinstance(mark, ValidityDay)]
    day = rng.choice(days) if days and rng.random() < 0.5 else None
    if day is not None:  # the fee date is today, or a date field some days after today
        today = day - dt.timedelta(days=0 if service.fees is None or service.fees.date is None else rng.choice(LEADS))
    maker = Maker(service, rng, today)
    base = repaired(service, module, maker, maker.group((), drop=0.25), today)
    base = aimed(service, module, maker, base, day)
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
    found = MARKS[service.id] = marks(service)
    reached: set[int] = set()

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
            result = evaluate(service, data, today=case["today"], lang=case["lang"])
            expected = result.as_dict()
            if result.valid and result.fees is not None:
                explanation = result.fees.explanation
                reached.update(i for i, mark in enumerate(found) if i not in reached and mark.reached(explanation))
            got = module.evaluate(json.loads(case["text"]), today=case["today"], lang=case["lang"])
            assert _canonical(got) == _canonical(expected), case["text"][:2000]
            # `validate` runs `check`, its own function (it takes typed values from the checks, `evaluate` reads them
            # first): the same errors
            errors = module.validate(json.loads(case["text"]), today=case["today"], lang=case["lang"])
            assert [e._asdict() for e in errors] == expected["errors"], case["text"][:2000]
            if schema is not None:  # schema.json: accepts every valid submission, rejects every structural error
                accepted = schema.is_valid(data)
                assert accepted or not expected["valid"], case["text"][:2000]
                assert not accepted or not {e["code"] for e in expected["errors"]} & STRUCTURAL, case["text"][:2000]
            stats["valid"] += expected["valid"]
            kept.append({**case, "expected": _canonical(expected)})

    python_agrees()
    assert len(kept) >= EXAMPLES
    assert stats["valid"] >= EXAMPLES // 10, stats  # most base submissions are valid by construction
    missed = [str(mark) for i, mark in enumerate(found) if i not in reached]
    assert not missed, (
        f"no valid submission reached {len(missed)} of {len(found)} table bounds and validity days: {missed}"
    )
    bounds = [i for i, mark in enumerate(found) if isinstance(mark, TableBound)]
    print(  # pytest -rP shows it
        f"{service.id}: {len(kept)} submissions, {stats['valid']} valid; with valid ones reached "
        f"{len(reached.intersection(bounds))}/{len(bounds)} table bounds (on, -1 unit, +1 unit), "
        f"{len(reached) - len(reached.intersection(bounds))}/{len(found) - len(bounds)} validity days"
    )
    batch = [
        {"module": str(index), "data": c["text"], "today": c["today"].isoformat(), "lang": c["lang"]} for c in kept
    ]
    for c, got in zip(kept, evaluate_batch(batch), strict=True):
        assert _canonical(got) == c["expected"], c["text"][:2000]


def _service(service_id: str) -> Service:
    return next(s for s in SERVICES if s.id == service_id)


def test_marks_are_every_table_bound_and_validity_day() -> None:
    kita = marks(_service("kita-fees"))
    assert [str(mark.value) for mark in kita if isinstance(mark, TableBound)] == [
        *("29999.99", "30000.00", "30000.01", "49999.99", "50000.00", "50000.01", "69999.99", "70000.00"),
        *("70000.01", "99999.99", "100000.00", "100000.01", "129999.99", "130000.00", "130000.01"),
    ]
    parking = marks(_service("resident-parking"))
    assert sorted(str(mark) for mark in parking) == [
        "item issuing_fee on 2026-12-31",
        "item issuing_fee on 2027-01-01",
        "item issuing_fee_2027 on 2026-12-31",
        "item issuing_fee_2027 on 2027-01-01",
        "table permit_price_2026 on 2026-12-31",
        "table permit_price_2026 on 2027-01-01",
        "table permit_price_2027 on 2026-12-31",
        "table permit_price_2027 on 2027-01-01",
    ]
    assert marks(_service("dog-registration")) == []


@pytest.mark.parametrize("seed", range(5))
def test_steering_lands_a_computed_lookup_argument_on_a_bound(seed: int) -> None:
    service = _service("kita-fees")
    data = submission_of(service.spec.tests[0])  # relevant income 110000 - 5000 * 2 children
    today = dt.date(2026, 5, 1)
    mark = next(mark for mark in marks(service) if isinstance(mark, TableBound) and str(mark.value) == "49999.99")
    assert steer(service, data, today, lambda e: [mark.argument(c) for c in _calls(e)], mark.value, random.Random(seed))
    result = evaluate(service, data, today=today)
    assert result.computed["relevant_income"] == "49999.99"
    assert mark.reached(result.fees.explanation if result.fees is not None else None)


def test_steering_moves_the_fee_date_through_its_field() -> None:
    service = _service("resident-parking")
    data = submission_of(service.spec.tests[0])
    today = dt.date(2026, 12, 30)
    assert steer(service, data, today, _fee_date, dt.date(2027, 1, 1), random.Random(0))
    assert data["start_date"] == "2027-01-01"


def test_mutations_leave_the_shared_hostile_values_alone() -> None:
    """Regression: `unknown` and `boundary` put values of `HOSTILE` in without a copy, so a later mutation of
    the same submission changed `HOSTILE` itself; with 4,000 examples a spec's list of it grew into a cycle
    and `json.dumps` failed."""
    before = copy.deepcopy(HOSTILE)
    rng = random.Random(7)
    for service in SERVICES:
        maker = Maker(service, rng, TODAYS[0])
        for _ in range(200):
            data: Any = maker.group((), drop=0.25)
            for _ in range(6):
                data = mutate(
                    service, maker, data, (rng.choice(KINDS[:-1]), rng.randrange(10**6), rng.randrange(10**6))
                )
            json.dumps(data)
    assert before == HOSTILE
