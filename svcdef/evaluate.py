"""The reference interpreter: validates a submission against a checked service and computes its values and fees.

It implements docs/submissions.md directly and plainly, walking the field
tree for every submission. It is the oracle the generated Python and
JavaScript validators are tested against, so it favours being obviously
right over being fast. Whatever the submission holds, `evaluate` returns a
result and never raises.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from . import formats
from . import model as m
from .expr import DECIMAL, Context, ListOf, Money, Type, Typed
from .expr import evaluate as evaluate_expression
from .expr.runtime.svcdef_runtime import CHECK_DIGITS, primary_language, unknown_keys
from .fees import FeeResult, Lookups, compute_fees
from .messages import message, message_language
from .service import EACH, FieldInfo, FieldPath, Rule, Service

_TEXT_FORMATS = m.FORMAT_FIELDS
_TEMPORAL = m.TEMPORAL_FIELDS
_FILE_KEYS = ("name", "media_type", "size", "ref")


class ValidationError(NamedTuple):
    """One error of a submission: which check, where (RFC 6901 pointer) and the message for the citizen."""

    code: str
    rule: str
    pointer: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return self._asdict()


class Result(NamedTuple):
    """The verdict on a submission, its errors in reporting order, its computed values and its fees."""

    valid: bool
    errors: list[ValidationError]
    computed: dict[str, Any]
    """Computed values, JSON-ready: decimals as strings, dates as ISO strings, absent as None."""
    fees: FeeResult | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "errors": [e.as_dict() for e in self.errors],
            "computed": self.computed,
            "fees": None if self.fees is None else self.fees.as_dict(),
        }


def evaluate(service: Service, submission: Any, *, today: dt.date, lang: str | None = None) -> Result:
    """Validate `submission` (parsed JSON) and compute its values and fees as of `today`, messages in `lang`."""
    language = primary_language(lang) or service.languages[0]
    view = view_of(service, submission)
    root: dict[str, Any] = dict(view)
    lookups = Lookups.of(service, view, today)  # decision tables in force on the fee date
    for c in service.computed:
        root[c.name] = _exact(evaluate_expression(c.value, Context(root, today, functions=lookups.functions)), c.type)
    walker = _Walker(service, root, today, language)
    if isinstance(submission, dict):
        walker.object(service_fields(service), submission, "", None, None)
    else:
        walker.error("type", "", "type.object")
    for rule in service.rules:
        walker.rule(rule)
    fees = compute_fees(service, root, today, language, lookups) if service.fees is not None else None
    computed = {c.name: to_json(root[c.name], c.type) for c in sorted(service.computed, key=_spec_order(service))}
    return Result(not walker.errors, walker.errors, computed, fees)


def service_fields(service: Service) -> list[FieldInfo]:
    """The top-level fields of a service."""
    return [i for i in service.infos if len(i.path) == 1]


def _spec_order(service: Service) -> Any:
    names = [c.name for c in service.spec.computed]
    return lambda c: names.index(c.name)


# -- the typed view -------------------------------------------------------------------------


def view_of(service: Service, submission: Any) -> dict[str, Any]:
    """The submission as expressions see it: well-formed values typed, everything else absent."""
    if not isinstance(submission, dict):
        return {}
    return _group_view(service.fields, submission, service.currency)


def _group_view(fields: tuple[m.Field, ...], data: dict[str, Any], currency: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        if f.name in data:
            value = _value_view(f, data[f.name], currency)
            if value is not None:
                out[f.name] = value
    return out


def _value_view(f: m.Field, raw: Any, currency: str | None) -> Any:
    """The typed value of a well-formed raw value, else None."""
    if isinstance(f, m.GroupField):
        return _group_view(f.fields, raw, currency) if isinstance(raw, dict) else None
    if isinstance(f, m.ListField):
        if not isinstance(raw, list):
            return None
        if f.item is not None:
            return [_value_view(f.item, entry, currency) for entry in raw]
        return [_group_view(f.fields or (), e, currency) if isinstance(e, dict) else None for e in raw]
    if isinstance(f, m.MultiChoiceField):
        if not isinstance(raw, list):
            return None
        return [e if isinstance(e, str) and e in _codes(f) else None for e in raw]
    if isinstance(f, m.FileField):
        if not isinstance(raw, dict):
            return None
        return {k: v for k, v in raw.items() if k in _FILE_KEYS and _file_part_ok(k, v)}
    problem, value = _scalar(f, raw)
    return None if problem else value


def _codes(f: m.ChoiceField | m.MultiChoiceField) -> list[str]:
    return [o.name for o in f.options if isinstance(o, m.Option)]


def _file_part_ok(key: str, value: Any) -> bool:
    if key == "size":
        return _integer(value) is not None and value >= 0
    return isinstance(value, str) and (key == "media_type" or value != "")


def _integer(raw: Any) -> int | None:
    """A JSON number without fraction within the safe range, as an int; else None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float):
        if not math.isfinite(raw) or not raw.is_integer():
            return None
        raw = int(raw)
    if isinstance(raw, int) and abs(raw) <= formats.MAX_SAFE_INTEGER:
        return raw
    return None


class _Problem(NamedTuple):
    code: str
    """`type`, `format` or `option`."""
    key: str
    """The message key."""


def _scalar(f: m.Field, raw: Any) -> tuple[_Problem | None, Any]:
    """(None, typed value) for a well-formed value; else (the problem, None)."""
    if isinstance(f, m.IntegerField):
        value = _integer(raw)
        return (_Problem("type", "type.integer"), None) if value is None else (None, value)
    if isinstance(f, m.BooleanField):
        return (None, raw) if isinstance(raw, bool) else (_Problem("type", "type.boolean"), None)
    if isinstance(f, m.DecimalField | m.MoneyField):
        if not isinstance(raw, str):
            return _Problem("type", "type.decimal"), None
        scale = f.scale if isinstance(f, m.DecimalField) else formats.MONEY_SCALE
        if not formats.matches(formats.decimal_pattern(scale), raw):
            return _Problem("format", "format.decimal"), None
        return None, Decimal(raw)
    if isinstance(f, m.ChoiceField):
        if not isinstance(raw, str):
            return _Problem("type", "option"), None
        return (None, raw) if raw in _codes(f) else (_Problem("option", "option"), None)
    kind = _TEMPORAL.get(type(f))
    if kind is not None:
        if not isinstance(raw, str):
            return _Problem("type", f"format.{kind}"), None
        moment = formats.TEMPORAL[kind](raw)
        return (_Problem("format", f"format.{kind}"), None) if moment is None else (None, moment)
    if not isinstance(raw, str):
        return _Problem("type", "type.string"), None
    fmt = _TEXT_FORMATS.get(type(f))
    if fmt is not None:
        country = f.country if isinstance(f, m.PostalCodeField) else None
        if not formats.matches(formats.PATTERNS[formats.format_name(fmt, country)], raw):
            return _Problem("format", f"format.{fmt}"), None
    return None, raw


# -- validation -----------------------------------------------------------------------------


class _Walker:
    """Walks the submission along the field tree and collects errors in reporting order."""

    def __init__(self, service: Service, root: dict[str, Any], today: dt.date, lang: str) -> None:
        self.service = service
        self.root = root
        self.today = today
        self.lang = lang
        self.builtin_lang = message_language(lang, service.languages)
        self.by_path = {info.path: info for info in service.infos}
        self.children: dict[FieldPath, list[FieldInfo]] = {}
        for info in service.infos:
            self.children.setdefault(info.path[:-1], []).append(info)
        self.errors: list[ValidationError] = []

    def error(self, code: str, pointer: str, key: str, **params: object) -> None:
        """A built-in check failed: its name is both code and rule."""
        self.errors.append(ValidationError(code, code, pointer, message(key, self.builtin_lang, **params)))

    def holds(self, condition: Typed | bool, item: Any, index: int | None) -> bool:
        if isinstance(condition, bool):
            return condition
        return evaluate_expression(condition, Context(self.root, self.today, item, index)) is True

    def object(self, infos: list[FieldInfo], data: dict[str, Any], pointer: str, item: Any, index: int | None) -> None:
        """The fields of a group or list entry, then its unknown keys."""
        for info in infos:
            name = info.field.name
            at = f"{pointer}/{name}"
            present = name in data
            if not self.holds(info.visible, item, index):
                if present:
                    self.error("hidden", at, "hidden")
                continue
            if not present:
                if self.holds(info.required, item, index):
                    self.error("required", at, "required")
                continue
            self.value(info, data[name], at, item, index)
        for token in unknown_keys(data, {i.field.name for i in infos}):
            self.error("unknown", f"{pointer}/{token}", "unknown")

    def value(self, info: FieldInfo, raw: Any, at: str, item: Any, index: int | None) -> None:
        f = info.field
        if isinstance(f, m.GroupField):
            if not isinstance(raw, dict):
                self.error("type", at, "type.object")
                return
            self.object(self.children[info.path], raw, at, item, index)
        elif isinstance(f, m.ListField):
            self.list(info, f, raw, at, item)
        elif isinstance(f, m.MultiChoiceField):
            self.multichoice(f, raw, at)
        elif isinstance(f, m.FileField):
            self.file(f, raw, at)
        else:
            self.scalar(f, raw, at)

    def list(self, info: FieldInfo, f: m.ListField, raw: Any, at: str, outer: Any) -> None:
        """A list's checks; `outer` is the view of the enclosing list's entry when this list lies in one."""
        if not isinstance(raw, list):
            self.error("type", at, "type.array")
            return
        self.counts(f.min_items, f.max_items, len(raw), at)
        entry_path = (*info.path, EACH)
        if EACH in info.path:  # its entries' `item` views hang off the enclosing entry's view
            last = len(info.path) - 1 - info.path[::-1].index(EACH)
            view = _list_view(outer if isinstance(outer, dict) else {}, info.path[last + 1 :])
        else:
            view = _list_view(self.root, info.path)
        for i, entry in enumerate(raw):
            item = view[i] if i < len(view) else None
            if f.item is not None:
                entry_info = self.by_path[entry_path]
                if isinstance(f.item, m.GroupField):
                    if not isinstance(entry, dict):
                        self.error("type", f"{at}/{i}", "type.object")
                    else:
                        self.object(self.children[entry_path], entry, f"{at}/{i}", item, i)
                else:
                    self.value(entry_info, entry, f"{at}/{i}", item, i)
            elif not isinstance(entry, dict):
                self.error("type", f"{at}/{i}", "type.object")
            else:
                self.object(self.children.get(entry_path, []), entry, f"{at}/{i}", item, i)

    def counts(self, low: int | None, high: int | None, n: int, at: str) -> None:
        if low is not None and n < low:
            self.error("min_items", at, "min_items", min_items=low)
        if high is not None and n > high:
            self.error("max_items", at, "max_items", max_items=high)

    def multichoice(self, f: m.MultiChoiceField, raw: Any, at: str) -> None:
        if not isinstance(raw, list):
            self.error("type", at, "type.array")
            return
        self.counts(f.min_items, f.max_items, len(raw), at)
        codes = _codes(f)
        seen: set[str] = set()
        for i, entry in enumerate(raw):
            if not isinstance(entry, str):
                self.error("type", f"{at}/{i}", "option")
            elif entry not in codes:
                self.error("option", f"{at}/{i}", "option")
            elif entry in seen:
                self.error("unique", f"{at}/{i}", "unique")
            else:
                seen.add(entry)

    def file(self, f: m.FileField, raw: Any, at: str) -> None:
        if not isinstance(raw, dict):
            self.error("type", at, "type.object")
            return
        media_type, size = raw.get("media_type"), _integer(raw.get("size"))
        if isinstance(media_type, str) and not media_type_allowed(media_type, f.media_types):
            self.error("media_types", at, "media_types", media_types=", ".join(f.media_types))
        if size is not None and size > f.max_size:
            self.error("max_size", at, "max_size", max_size=f.max_size)
        for key in _FILE_KEYS:
            if key not in raw:
                self.error("required", f"{at}/{key}", "required")
            elif key == "size":
                value = raw[key]
                if _integer(value) is None:
                    self.error("type", f"{at}/size", "type.integer")
                elif value < 0:
                    self.error("min", f"{at}/size", "min", min=0)
            elif not isinstance(raw[key], str):
                self.error("type", f"{at}/{key}", "type.string")
            elif key != "media_type" and raw[key] == "":
                self.error("min_length", f"{at}/{key}", "min_length", min_length=1)
        for token in unknown_keys(raw, _FILE_KEYS):
            self.error("unknown", f"{at}/{token}", "unknown")

    def scalar(self, f: m.Field, raw: Any, at: str) -> None:
        problem, value = _scalar(f, raw)
        if problem is not None:
            scale = f.scale if isinstance(f, m.DecimalField) else formats.MONEY_SCALE
            self.error(problem.code, at, problem.key, **({"scale": scale} if problem.key == "format.decimal" else {}))
            return
        fmt = _TEXT_FORMATS.get(type(f))
        if fmt in CHECK_DIGITS and not CHECK_DIGITS[fmt](value):
            self.error("checksum", at, "checksum")
        if isinstance(f, m.IbanField) and f.countries and value[:2] not in f.countries:
            self.error("countries", at, "countries", countries=", ".join(f.countries))
        if isinstance(f, m.TextField | m.EmailField):
            self.lengths(f, value, at)
        if isinstance(f, m.TextField) and f.pattern is not None:
            self.pattern(f, value, at)
        if isinstance(f, m.IntegerField | m.DecimalField | m.MoneyField):
            self.bounds(value, f.min, f.max, at)
        elif isinstance(f, m.DateField | m.DateTimeField | m.TimeField):
            parse = formats.TEMPORAL[_TEMPORAL[type(f)]]
            low = parse(f.min) if f.min is not None else None
            high = parse(f.max) if f.max is not None else None
            self.bounds(value, low, high, at, f.min, f.max)

    def lengths(self, f: m.TextField | m.EmailField, value: str, at: str) -> None:
        low = (f.min_length if f.min_length is not None else 1) if isinstance(f, m.TextField) else None
        if low is not None and len(value) < low:
            self.error("min_length", at, "min_length", min_length=low)
        if f.max_length is not None and len(value) > f.max_length:
            self.error("max_length", at, "max_length", max_length=f.max_length)

    def pattern(self, f: m.TextField, value: str, at: str) -> None:
        assert f.pattern is not None
        if not formats.matches(f.pattern.text, value):
            if f.pattern_message is None:
                self.error("pattern", at, "pattern")
            else:
                text = f.pattern_message.best(self.lang, self.service.languages)
                self.errors.append(ValidationError("pattern", "pattern", at, text))

    def bounds(self, value: Any, low: Any, high: Any, at: str, low_text: Any = None, high_text: Any = None) -> None:
        if low is not None and value < low:
            self.error("min", at, "min", min=low_text if low_text is not None else low)
        if high is not None and value > high:
            self.error("max", at, "max", max=high_text if high_text is not None else high)

    # -- validations --------------------------------------------------------------------

    def rule(self, rule: Rule) -> None:
        if rule.for_each is None:
            self.check_rule(rule, None, None)
            return
        for i, entry in enumerate(_list_view(self.root, rule.for_each)):
            self.check_rule(rule, entry, i)

    def check_rule(self, rule: Rule, item: Any, index: int | None) -> None:
        ctx = Context(self.root, self.today, item, index)
        if rule.when is not None and evaluate_expression(rule.when, ctx) is not True:
            return
        if evaluate_expression(rule.rule, ctx) is not False:
            return
        v: m.Validation = rule.validation
        text = v.message.best(self.lang, self.service.languages)
        self.errors.append(ValidationError("rule", v.id, pointer_of(rule.at, rule.for_each, index), text))


def _list_view(root: Mapping[str, Any], path: FieldPath) -> list[Any]:
    value: Any = root
    for name in path:
        value = value.get(name) if isinstance(value, dict) else None
    return value if isinstance(value, list) else []


def pointer_of(at: FieldPath | None, for_each: FieldPath | None, index: int | None) -> str:
    """The RFC 6901 pointer of a rule's error: its `at` with the entry index filled in, or the entry, or the root."""
    if at is None:
        at = (*for_each, EACH) if for_each is not None else ()
    return "".join("/" + (str(index) if name == EACH else escape(name)) for name in at)


def escape(name: str) -> str:
    """A name as a JSON Pointer reference token."""
    return name.replace("~", "~0").replace("/", "~1")


def media_type_allowed(media_type: str, allowed: tuple[str, ...]) -> bool:
    """Whether `media_type` is one of `allowed`, where `image/*` allows every image type."""
    for pattern in allowed:
        if pattern == media_type or (pattern.endswith("/*") and media_type.startswith(pattern[:-1])):
            return True
    return False


# -- values -----------------------------------------------------------------------------------


def _exact(value: Any, t: Type) -> Any:
    """A computed value as its declared type holds it (an integer amount of money becomes a Decimal)."""
    if (isinstance(t, Money) or t == DECIMAL) and type(value) is int:
        return Decimal(value)
    return value


def to_json(value: Any, t: Type | None = None) -> Any:
    """A runtime value as JSON data: decimals as plain decimal strings, dates and times as ISO strings."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal):
        return format(value if value else value.copy_abs(), "f")  # a "-0" read from a field prints as JavaScript's
    if isinstance(value, int):
        return format(Decimal(value), "f") if isinstance(t, Money) else value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        elem = t.elem if isinstance(t, ListOf) else None
        return [to_json(v, elem) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value
