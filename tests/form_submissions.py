"""Hypothesis strategies for submissions of a checked service: valid ones built from the model, then mutated.

A valid submission is drawn field by field from the constraints of the spec
(patterns, lengths, bounds, options, list sizes) and then made to respect its
conditions: the reference expression interpreter decides, on the submission
as sent, which fields are visible and which are required, and hidden fields
are removed and missing required ones added until nothing changes. Mutations
then break it the ways portals and people do: wrong JSON types, missing and
unknown keys, values out of range, malformed dates, e-mail addresses and
decimals, look-alike digits and trailing newlines, values for hidden fields.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import re
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from generators.schema import iban_source
from svcdef import formats
from svcdef import model as m
from svcdef import patterns as p
from svcdef.expr import Context, Typed, evaluate
from svcdef.patterns import to_python
from svcdef.service import EACH, FieldInfo, FieldPath, Service

TODAY = dt.date(2026, 5, 1)
MAX = formats.MAX_SAFE_INTEGER
MAX_ENTRIES = 3
"""Most entries drawn for a list without a smaller `max_items` (keeps examples small)."""

Path = tuple[str | int, ...]


def python_regex(source: str) -> re.Pattern[str]:
    return re.compile(to_python(formats.pattern_for(source)), re.ASCII | re.DOTALL)


def _matching(source: str) -> st.SearchStrategy[str]:
    """Strings matching a portable pattern, built from its syntax tree with one draw.

    `st.from_regex` draws every character on its own, which makes a submission with a dozen formatted
    values cost a tenth of a second; the pattern values need no shrinking to be useful here.
    """
    body = formats.pattern_for(source).body
    return st.integers(0, 2**64 - 1).map(lambda seed: _sample(body, random.Random(seed)))


def _sample(node: Any, rng: random.Random) -> str:
    if isinstance(node, p.Literal):
        return chr(node.code_point)
    if isinstance(node, p.CharClass):
        low, high = rng.choice(_complement(node.ranges) if node.negated else node.ranges)
        return chr(rng.randint(low, high))
    if isinstance(node, p.Group):
        return _sample(node.body, rng)
    if isinstance(node, p.Concat):
        return "".join(_sample(item, rng) for item in node.items)
    if isinstance(node, p.Alternation):
        return _sample(rng.choice(node.branches), rng)
    if isinstance(node, p.Repeat):
        count = rng.randint(node.min, node.max if node.max is not None else node.min + 4)
        return "".join(_sample(node.body, rng) for _ in range(count))
    raise TypeError(node)


_SAMPLE_CHARACTERS = (
    "aZ09 -.'/,äöüÉçñßø€@_"  # what people type
    "\n\t\r\x00\u00a0\u2028\u200b\ufeff"  # line breaks, spaces and invisibles
    "\u0301\u0663\uff11\u05d0\u0627\u4e2d"  # a combining accent, look-alike digits, RTL and CJK letters
    "\U0001f600\U0001d7d8\U00020000"  # astral characters: one code point, two UTF-16 units
)


def _free_text(low: int, high: int) -> st.SearchStrategy[str]:
    """Free text of `low`..`high` code points from characters validators tend to count or match differently."""

    def build(seed: int) -> str:
        rng = random.Random(seed)
        size = rng.randint(low, high)
        return "".join(
            rng.choice(_SAMPLE_CHARACTERS) if rng.random() < 0.8 else chr(rng.choice(_NON_SURROGATES))
            for _ in range(size)
        )

    return st.integers(0, 2**64 - 1).map(build)


_NON_SURROGATES = [*range(0x20, 0x7F), *range(0xA0, 0xD800), *range(0xE000, 0x10000, 7), *range(0x10000, 0x110000, 997)]


def _complement(ranges: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """The code points (no surrogates) outside `ranges`."""
    out, start = [], 0
    for lo, hi in sorted((*ranges, (0xD800, 0xDFFF))):
        if lo > start:
            out.append((start, lo - 1))
        start = max(start, hi + 1)
    if start <= 0x10FFFF:
        out.append((start, 0x10FFFF))
    return out


def _text_source(f: m.Field) -> str | None:
    """The portable pattern a text-like field's values match, if any."""
    if isinstance(f, m.TextField):
        return f.pattern.text if f.pattern is not None else None
    if isinstance(f, m.IbanField):
        return iban_source(f.countries)
    if isinstance(f, m.PostalCodeField):
        return formats.PATTERNS[formats.format_name("postal_code", f.country)]
    if isinstance(f, m.EmailField | m.PhoneField | m.AhvNumberField | m.UidField):
        return formats.PATTERNS[f.type]
    return None


def _decimal_text(value: Decimal, scale: int, style: int) -> str:
    value = value.quantize(Decimal(1).scaleb(-scale))
    if style == 1:
        value = value.normalize()
    return format(value, "f")


def _codes(f: m.ChoiceField | m.MultiChoiceField) -> list[str]:
    return [o.name for o in f.options if isinstance(o, m.Option)]


_MEMO: dict[int, tuple[object, st.SearchStrategy[Any]]] = {}


def value_of(f: m.Field) -> st.SearchStrategy[Any]:
    """Well-formed values of `f` that keep its constraints (conditions of nested fields not yet applied).

    Strategies are built once per field: Hypothesis works out the properties of each new strategy object,
    which costs more than drawing from it.
    """
    found = _MEMO.get(id(f))
    if found is None or found[0] is not f:
        found = (f, _value_of(f))
        _MEMO[id(f)] = found
    return found[1]


def _value_of(f: m.Field) -> st.SearchStrategy[Any]:
    if isinstance(f, m.GroupField):
        return group_of(f.fields)
    if isinstance(f, m.ListField):
        entry = value_of(f.item) if f.item is not None else group_of(f.fields or ())
        low = f.min_items or 0
        return st.lists(entry, min_size=low, max_size=max(low, min(f.max_items or MAX_ENTRIES, MAX_ENTRIES)))
    if isinstance(f, m.IntegerField):
        return st.integers(f.min if f.min is not None else -MAX, f.max if f.max is not None else MAX)
    if isinstance(f, m.DecimalField | m.MoneyField):
        scale = f.scale if isinstance(f, m.DecimalField) else formats.MONEY_SCALE
        low = f.min if f.min is not None else Decimal(-(10**6))
        high = f.max if f.max is not None else Decimal(10**6)
        return st.builds(_decimal_text, st.decimals(low, high, places=scale), st.just(scale), st.integers(0, 1))
    if isinstance(f, m.BooleanField):
        return st.booleans()
    if isinstance(f, m.DateField):
        low = dt.date.fromisoformat(f.min) if f.min else dt.date(1, 1, 1)
        high = dt.date.fromisoformat(f.max) if f.max else dt.date(9999, 12, 31)
        return st.dates(low, high).map(dt.date.isoformat)
    if isinstance(f, m.DateTimeField):
        low_dt = dt.datetime.fromisoformat(f.min) if f.min else dt.datetime(1, 1, 1)
        high_dt = dt.datetime.fromisoformat(f.max) if f.max else dt.datetime(9999, 12, 31, 23, 59, 59)
        return st.builds(
            lambda d, spec: d.replace(microsecond=0).isoformat(timespec=spec),
            st.datetimes(low_dt, high_dt),
            st.sampled_from(["seconds", "minutes"]),
        ).filter(lambda s: (not f.min or s >= f.min) and (not f.max or s <= f.max))
    if isinstance(f, m.TimeField):
        low_t = dt.time.fromisoformat(f.min) if f.min else dt.time(0, 0)
        high_t = dt.time.fromisoformat(f.max) if f.max else dt.time(23, 59, 59)
        return st.builds(
            lambda t, spec: t.replace(microsecond=0).isoformat(timespec=spec),
            st.times(low_t, high_t),
            st.sampled_from(["seconds", "minutes"]),
        )
    if isinstance(f, m.ChoiceField):
        return st.sampled_from(_codes(f))
    if isinstance(f, m.MultiChoiceField):
        codes = _codes(f)
        low = f.min_items or 0
        return st.lists(st.sampled_from(codes), unique=True, min_size=low, max_size=f.max_items or len(codes))
    if isinstance(f, m.FileField):
        exact = [t for t in f.media_types if not t.endswith("/*")]
        wild = [t[:-1] + "png" for t in f.media_types if t.endswith("/*")]
        return st.fixed_dictionaries(
            {
                "name": _free_text(1, 12),
                "media_type": st.sampled_from(exact + wild),
                "size": st.integers(0, min(f.max_size, MAX)),
                "ref": _free_text(1, 12),
            }
        )
    source = _text_source(f)
    low = getattr(f, "min_length", None)
    low = (low if low is not None else 1) if isinstance(f, m.TextField) else 0
    high = getattr(f, "max_length", None)
    if source is None:
        base = _free_text(low, max(low, min(high if high is not None else 12, 12)))
    else:
        base = _matching(source).filter(python_regex(source).fullmatch)
    return base.filter(lambda s: low <= len(s) and (high is None or len(s) <= high))


def group_of(fields: tuple[m.Field, ...]) -> st.SearchStrategy[dict[str, Any]]:
    """An object with every `required: true` field and any of the others."""
    found = _MEMO.get(id(fields))
    if found is None or found[0] is not fields:
        found = (fields, _group_of(fields))
        _MEMO[id(fields)] = found
    return found[1]


def _group_of(fields: tuple[m.Field, ...]) -> st.SearchStrategy[dict[str, Any]]:
    always = {f.name: value_of(f) for f in fields if f.required is True}
    maybe = {f.name: value_of(f) for f in fields if f.required is not True}
    return st.fixed_dictionaries(always, optional=maybe)


# -- conditions ---------------------------------------------------------------------------------


def view(fields: tuple[m.Field, ...], data: Any) -> Any:
    """The typed view of well-formed data (docs/submissions.md); malformed parts are left absent."""
    if not isinstance(data, dict):
        return None
    out: dict[str, Any] = {}
    for f in fields:
        if f.name in data:
            seen = _seen(f, data[f.name])
            if seen is not None:
                out[f.name] = seen
    return out


def _seen(f: m.Field, raw: Any) -> Any:
    if isinstance(f, m.GroupField):
        return view(f.fields, raw)
    if isinstance(f, m.ListField):
        if not isinstance(raw, list):
            return None
        if f.item is not None:
            return [_seen(f.item, e) for e in raw]
        return [view(f.fields or (), e) for e in raw]
    if isinstance(f, m.DecimalField | m.MoneyField):
        return Decimal(raw) if isinstance(raw, str) else None
    if isinstance(f, m.DateField):
        return dt.date.fromisoformat(raw) if isinstance(raw, str) else None
    if isinstance(f, m.DateTimeField):
        return dt.datetime.fromisoformat(raw) if isinstance(raw, str) else None
    if isinstance(f, m.TimeField):
        return dt.time.fromisoformat(raw) if isinstance(raw, str) else None
    return raw


def holds(condition: Typed | bool, root: Any, item: Any, index: int | None) -> bool:
    if isinstance(condition, bool):
        return condition
    return evaluate(condition, Context(root, TODAY, item, index)) is True


class Form:
    """A service's field tree, for building and mutating submissions."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.children: dict[FieldPath, list[FieldInfo]] = {}
        for info in service.infos:
            self.children.setdefault(info.path[:-1], []).append(info)

    def field(self, path: Path) -> m.Field | None:
        """The field a data path (with list indices) holds a value of."""
        fields = self.service.fields
        found: m.Field | None = None
        for step in path:
            if isinstance(step, int):
                if not isinstance(found, m.ListField):
                    return None
                if found.item is not None:
                    found = found.item
                    fields = found.fields if isinstance(found, m.GroupField) else ()
                else:
                    fields = found.fields or ()
                continue
            found = next((f for f in fields if f.name == step), None)
            if found is None:
                return None
            fields = found.fields if isinstance(found, m.GroupField) else ()
        return found

    def settle(self, data: dict[str, Any], draw: Any) -> list[Path]:
        """Make `data` respect its conditions; returns the paths of the fields left hidden (absent)."""
        hidden: list[Path] = []
        for _ in range(8):
            hidden = []
            root = view(self.service.fields, data)
            if not self._settle(data, (), (), root, None, None, draw, hidden):
                return hidden
        return hidden

    def _settle(
        self,
        data: dict[str, Any],
        path: Path,
        model_path: FieldPath,
        root: Any,
        item: Any,
        index: int | None,
        draw: Any,
        hidden: list[Path],
    ) -> bool:
        changed = False
        for info in self.children.get(model_path, []):
            name = info.field.name
            here = (*path, name)
            if not holds(info.visible, root, item, index):
                hidden.append(here)
                if name in data:
                    del data[name]
                    changed = True
                continue
            if name not in data and holds(info.required, root, item, index):
                data[name] = draw(value_of(info.field))
                changed = True
            if name not in data:
                continue
            value = data[name]
            f = info.field
            if isinstance(f, m.GroupField) and isinstance(value, dict):
                changed |= self._settle(value, here, info.path, root, item, index, draw, hidden)
            elif isinstance(f, m.ListField) and isinstance(value, list):
                entry_path = (*info.path, EACH)
                seen = _seen(f, value) or []
                has_fields = f.item is None or isinstance(f.item, m.GroupField)
                for i, entry in enumerate(value):
                    if has_fields and isinstance(entry, dict):
                        changed |= self._settle(entry, (*here, i), entry_path, root, seen[i], i, draw, hidden)
        return changed


# -- mutations ----------------------------------------------------------------------------------

WRONG_TYPES: list[Any] = [None, True, False, 0, -1, 1.5, "", "x", "1", [], [1], {}, {"a": 1}]
UNKNOWN_KEYS = ["zzz", "__proto__", "constructor", "toString", "", "a b", "ü", "$ref"]
LOOKALIKE_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def bad_values(f: m.Field | None) -> list[Any]:
    """Values that are wrong for `f` in the ways validators are likely to disagree on."""
    if isinstance(f, m.IntegerField):
        low = f.min if f.min is not None else -MAX
        high = f.max if f.max is not None else MAX
        return [low - 1, high + 1, MAX + 1, -MAX - 1, 2**63, 3.5, 3.0, float(high), 1e300, -0.0, True, "3"]
    if isinstance(f, m.DecimalField | m.MoneyField):
        return [
            "19.99", "19.01", "33.33", "0.5", "1.234", "19.999", "01.5", "1.", ".5", "+1", "1e3", "1,5", "-0",
            "12.50\n", "١٢", "123456789012345678", "1234567890123456789", "-", "", 12.5, 19.99, 0,
        ]  # fmt: skip
    if isinstance(f, m.DateField | m.DateTimeField):
        dates = [
            "2026-02-30", "2026-13-01", "0000-01-01", "0001-01-01", "2026-1-01", "2026-01-01\n", "２０２６-01-01",
            "٢٠٢٦-01-01", "2024-02-29", "2023-02-29", "1900-01-01", "1899-12-31", "9999-12-31", "2026-01-01T00:00",
            "20260101", "2026-W01-1", "", "2026-01", "2026W01-01", "2026-01-1", "2026-01-011", "+026-01-01",
        ]  # fmt: skip
        if isinstance(f, m.DateTimeField):
            return [d + "T10:00" for d in dates[:6]] + [
                "2026-01-01T10:00Z", "2026-01-01 10:00", "2026-01-01T24:00", "2026-01-01T10:00:00.5",
                "2026-01-01T10:00:00+01:00", "2026-01-01",
            ]  # fmt: skip
        return dates
    if isinstance(f, m.TimeField):
        return ["24:00", "7:00", "07:00:60", "06:59", "18:01", "07:00:00", "18:00", "10:00Z", "10:00\n", "١٠:٠٠"]
    if isinstance(f, m.EmailField):
        return [
            "not@", "a@b", "a..b@c.ch", "a@b.ch\n", "ä@b.ch", " a@b.ch", "a@-b.ch", "a@b-.ch", "a@b.ch.", "A@B.CH",
            "a@b_c.ch", "\"a\"@b.ch", "a@[127.0.0.1]", "x" * 250 + "@b.ch", "a@" + "b" * 64 + ".ch",
        ]  # fmt: skip
    if isinstance(f, m.ChoiceField):
        return ["", "x-unknown", _codes(f)[0].upper() + "_", 1, [_codes(f)[0]]]
    if isinstance(f, m.MultiChoiceField):
        codes = _codes(f)
        return [[codes[0], codes[0]], ["x-unknown"], [1], codes + codes[:1], codes[0]]
    if isinstance(f, m.BooleanField):
        return ["true", 1, 0, None]
    if isinstance(f, m.FileField):
        ok = {"name": "a.pdf", "media_type": f.media_types[0].replace("*", "png"), "size": 1, "ref": "r"}
        return [
            {**ok, "size": -1},
            {**ok, "size": f.max_size + 1},
            {**ok, "size": 1.5},
            {**ok, "media_type": "text/html"},
            {**ok, "name": ""},
            {k: v for k, v in ok.items() if k != "ref"},
            {**ok, "extra": 1},
        ]
    if isinstance(f, m.ListField):
        return [[], [{}], [None], "x"]
    if isinstance(f, m.GroupField):
        return [{}, [], "x"]
    if f is None:
        return ["x"]
    return [
        "",
        "\n",
        " ",
        "x" * 300,
        "𝟘𝟙",
        "١٢٣٤٥",
        "8400\n",
        "08400",
        "CH93 0076 2011 6238 5295 7",
        "756.1234.5678.97",
    ]


def string_mutants(value: str) -> list[str]:
    """A well-formed string broken the ways Python `re` and ECMA-262 read differently."""
    return [value + "\n", value.translate(LOOKALIKE_DIGITS), value.upper(), value.lower(), value[:-1], " " + value]


def paths(data: Any, prefix: Path = ()) -> list[Path]:
    """Every path in a JSON value (not the root)."""
    found: list[Path] = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append((*prefix, key))
            found.extend(paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found.append((*prefix, i))
            found.extend(paths(value, (*prefix, i)))
    return found


def get(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


def put(data: Any, path: Path, value: Any) -> None:
    get(data, path[:-1])[path[-1]] = value


def remove(data: Any, path: Path) -> None:
    parent = get(data, path[:-1])
    if isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent.pop(path[-1])


MUTANTS = 3
"""Mutants drawn from each valid base submission (building the base costs most of the time)."""


@st.composite
def submissions(draw: Any, service: Service) -> list[tuple[Any, bool]]:
    """A valid base submission and `MUTANTS` mutants of it, each with whether it is the base."""
    form = Form(service)
    data = draw(group_of(service.fields))
    hidden = form.settle(data, draw)
    found = [(data, True)]
    for _ in range(MUTANTS):
        mutant = copy.deepcopy(data)
        for _ in range(draw(st.integers(1, 3))):
            mutate(draw, form, mutant, hidden)
        found.append((mutant, False))
    return found


def mutate(draw: Any, form: Form, data: dict[str, Any], hidden: list[Path]) -> None:
    places = paths(data)
    kind = draw(st.sampled_from(["type", "delete", "unknown", "bad", "string", "hidden", "redraw"]))
    if kind == "type" and places:  # a copy: a later mutation of this submission must not change WRONG_TYPES
        put(data, draw(st.sampled_from(places)), copy.deepcopy(draw(st.sampled_from(WRONG_TYPES))))
    elif kind == "delete" and places:
        remove(data, draw(st.sampled_from(places)))
    elif kind == "unknown":
        objects = [()] + [p for p in places if isinstance(get(data, p), dict)]
        target = get(data, draw(st.sampled_from(objects)))
        target[draw(st.sampled_from(UNKNOWN_KEYS))] = draw(st.sampled_from(["x", 1, None, {}]))
    elif kind == "bad" and places:
        place = draw(st.sampled_from(places))
        put(data, place, draw(st.sampled_from(bad_values(form.field(place)))))
    elif kind == "string":
        strings = [p for p in places if isinstance(get(data, p), str) and get(data, p)]
        if strings:
            place = draw(st.sampled_from(strings))
            put(data, place, draw(st.sampled_from(string_mutants(get(data, place)))))
    elif kind == "hidden" and hidden:
        place = draw(st.sampled_from(hidden))
        f = form.field(place)
        parent = _parent(data, place)
        if f is not None and parent is not None:
            parent[place[-1]] = draw(value_of(f))
    elif kind == "redraw" and places:
        place = draw(st.sampled_from(places))
        f = form.field(place)
        if f is not None:
            put(data, place, draw(value_of(f)))


def _parent(data: Any, path: Path) -> dict[str, Any] | None:
    try:
        parent = get(data, path[:-1])
    except (KeyError, IndexError, TypeError):
        return None
    return parent if isinstance(parent, dict) else None
