"""The `schema` target: `schema.json`, the JSON Schema 2020-12 of a service's submissions, for portal teams.

The schema follows docs/submissions.md and keeps to the keywords that ajv 8
(`Ajv2020`, strict mode, with ajv-formats), Python `jsonschema`
(`Draft202012Validator` with format checking), JSON Forms 3 and
react-jsonschema-form 5 all handle alike; docs/outputs.md lists them and
says why. In short:

- decimals and money are strings matching `svcdef.formats.decimal_pattern`,
  never numbers with `multipleOf` (binary floats);
- every format is checked by a pattern from `svcdef.formats`; `format` is
  added only where ajv-formats and `jsonschema` agree exactly on the values
  the pattern lets through (`date`, `email`);
- choices are `oneOf` of `{const, title}`; lists, groups and files have
  `additionalProperties: false`;
- conditional visibility and requirement become `if`/`then`/`else` at the
  innermost object that holds the field and everything its condition reads
  (`generators.schema.conditions`); what JSON Schema cannot express is kept
  as an `x-svcdef-*` annotation (`ANNOTATIONS`), which validators ignore once
  the keywords are registered.

Texts (titles, descriptions, option titles) are in the service's default
language; `i18n/<lang>.json` holds the others.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from svcdef import formats
from svcdef import model as m
from svcdef.expr import Typed
from svcdef.service import EACH, FieldInfo, FieldPath, Service

from .conditions import Schema, Translator, anchor_of, field_table, pattern, references

DIALECT = "https://json-schema.org/draft/2020-12/schema"

ANNOTATIONS = (
    "x-svcdef-type",
    "x-svcdef-minimum",
    "x-svcdef-maximum",
    "x-svcdef-currency",
    "x-svcdef-check-digit",
    "x-svcdef-visible-if",
    "x-svcdef-required-if",
    "x-svcdef-rules",
    "x-svcdef-computed",
    "x-svcdef-fees",
)
"""Every annotation keyword `schema.json` may hold; portal teams register them with `ajv.addKeyword` (docs/outputs.md)."""

FILE_PARTS: dict[str, dict[str, str]] = {
    "name": {"de": "Dateiname", "fr": "Nom du fichier", "it": "Nome del file", "en": "File name"},
    "media_type": {"de": "Dateityp", "fr": "Type de fichier", "it": "Tipo di file", "en": "File type"},
    "size": {"de": "Grösse in Bytes", "fr": "Taille en octets", "it": "Dimensione in byte", "en": "Size in bytes"},
    "ref": {"de": "Referenz", "fr": "Référence", "it": "Riferimento", "en": "Reference"},
}
"""Titles of the four parts of a file attachment (`{name, media_type, size, ref}`), by language."""


def generate(service: Service) -> dict[str, str]:
    """`schema.json` of `service`."""
    return {"schema.json": dump(schema_of(service))}


def dump(data: Any) -> str:
    """JSON as every svcdef output writes it: two-space indent, UTF-8 text, a final newline.

    Keys keep the order they were built in: the order of `properties` is the
    order of the form, and libraries without a UI schema show it so.
    """
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def schema_of(service: Service) -> Schema:
    """The JSON Schema of `service`'s submissions, as data."""
    return _Builder(service).root()


def schema_id(service: Service) -> str:
    """The stable `$id` of a service's schema: `urn:svcdef:<service id>:<version>`."""
    return f"urn:svcdef:{service.id}:{service.spec.service.version}"


def file_part_title(part: str, lang: str) -> str:
    titles = FILE_PARTS[part]
    return titles.get(lang, titles["en"])


class _Builder:
    def __init__(self, service: Service) -> None:
        self.service = service
        self.lang = service.languages[0]
        self.infos = {info.path: info for info in service.infos}
        fields = field_table(service.infos)
        self.is_list = {path: isinstance(f, m.ListField) for path, f in fields.items()}
        self.translator = Translator(fields)
        self.conditionals: dict[FieldPath, list[Schema]] = {}
        """`allOf` entries of each object (by data path), in field order."""
        self.notes: dict[FieldPath, Schema] = {}
        """Annotations of conditions JSON Schema cannot express, by field path."""
        for info in service.infos:
            if info.path[-1] != EACH:
                self.condition(info)

    def text(self, text: m.Text | None) -> str | None:
        return None if text is None else text.best(self.lang, self.service.languages)

    # -- the document ------------------------------------------------------------------------

    def root(self) -> Schema:
        spec = self.service.spec
        schema: Schema = {"$schema": DIALECT, "$id": schema_id(self.service), "title": self.text(spec.service.title)}
        description = self.text(spec.service.description)
        if description is not None:
            schema["description"] = description
        schema.update(self.object(self.service.fields, ()))
        if self.service.rules:
            schema["x-svcdef-rules"] = [self.rule(r.validation) for r in self.service.rules]
        if self.service.computed:
            schema["x-svcdef-computed"] = {c.name: self.computed(c.computed) for c in self.service.computed}
        if spec.fees is not None:
            schema["x-svcdef-fees"] = self.fees(spec.fees)
        return schema

    def object(self, fields: tuple[m.Field, ...], path: FieldPath) -> Schema:
        """`type`, `properties`, `required`, `additionalProperties` and conditionals of a group or list entry."""
        required = []
        for f in fields:
            info = self.infos[(*path, f.name)]
            if info.visible is True and info.required is True:
                required.append(f.name)
        schema: Schema = {
            "type": "object",
            "properties": {f.name: self.field(f, (*path, f.name)) for f in fields},
        }
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        if path in self.conditionals:
            schema["allOf"] = self.conditionals[path]
        return schema

    def field(self, f: m.Field, path: FieldPath) -> Schema:
        schema: Schema = {"title": self.text(f.label)}
        help_text = self.text(f.help)
        if help_text is not None:
            schema["description"] = help_text
        schema.update(self.value(f, path))
        default = getattr(f, "default", None)
        if default is not None:
            schema["default"] = _json(default)
        schema["x-svcdef-type"] = f.type if f.type in m.FIELD_TYPES else "group"
        schema.update(self.notes.get(path, {}))
        return schema

    def value(self, f: m.Field, path: FieldPath) -> Schema:
        """The keywords that check a value of `f`."""
        if isinstance(f, m.GroupField):
            return self.object(f.fields, path)
        if isinstance(f, m.ListField):
            return self.list(f, path)
        if isinstance(f, m.TextField):
            schema: Schema = {"type": "string", "minLength": f.min_length if f.min_length is not None else 1}
            if f.max_length is not None:
                schema["maxLength"] = f.max_length
            if f.pattern is not None:
                schema["pattern"] = pattern(f.pattern.text)
            return schema
        if isinstance(f, m.IntegerField):
            low = -formats.MAX_SAFE_INTEGER if f.min is None else max(f.min, -formats.MAX_SAFE_INTEGER)
            high = formats.MAX_SAFE_INTEGER if f.max is None else min(f.max, formats.MAX_SAFE_INTEGER)
            return {"type": "integer", "minimum": low, "maximum": high}
        if isinstance(f, m.DecimalField | m.MoneyField):
            scale = f.scale if isinstance(f, m.DecimalField) else formats.MONEY_SCALE
            schema = {"type": "string", "pattern": pattern(formats.decimal_pattern(scale))}
            schema.update(_bounds(f.min, f.max))
            if isinstance(f, m.MoneyField):
                schema["x-svcdef-currency"] = f.currency or self.service.currency or "XXX"
            return schema
        if isinstance(f, m.BooleanField):
            return {"type": "boolean"}
        if isinstance(f, m.DateField):
            schema = {"type": "string", "format": "date", "pattern": pattern(formats.PATTERNS["date"])}
            return schema | _bounds(f.min, f.max)
        if isinstance(f, m.DateTimeField | m.TimeField):
            kind = "datetime" if isinstance(f, m.DateTimeField) else "time"
            return {"type": "string", "pattern": pattern(formats.PATTERNS[kind])} | _bounds(f.min, f.max)
        if isinstance(f, m.ChoiceField):
            return {"type": "string", "oneOf": self.options(f)}
        if isinstance(f, m.MultiChoiceField):
            schema = {"type": "array", "items": {"type": "string", "oneOf": self.options(f)}, "uniqueItems": True}
            return schema | _counts(f.min_items, f.max_items)
        if isinstance(f, m.EmailField):
            return {
                "type": "string",
                "format": "email",
                "pattern": pattern(formats.PATTERNS["email"]),
                "maxLength": f.max_length,
            }
        if isinstance(f, m.FileField):
            return self.file(f)
        if isinstance(f, m.IbanField):
            return {"type": "string", "pattern": pattern(iban_source(f.countries)), "x-svcdef-check-digit": "iban"}
        if isinstance(f, m.PostalCodeField):
            return {
                "type": "string",
                "pattern": pattern(formats.PATTERNS[formats.format_name("postal_code", f.country)]),
            }
        if isinstance(f, m.PhoneField | m.AhvNumberField | m.UidField):
            schema = {"type": "string", "pattern": pattern(formats.PATTERNS[f.type])}
            if f.type in formats.CHECK_DIGITS:
                schema["x-svcdef-check-digit"] = f.type
            return schema
        raise TypeError(f"no schema for {type(f).__name__}")

    def options(self, f: m.ChoiceField | m.MultiChoiceField) -> list[Schema]:
        return [{"const": o.name, "title": self.text(o.label)} for o in f.options if isinstance(o, m.Option)]

    def list(self, f: m.ListField, path: FieldPath) -> Schema:
        entry = (*path, EACH)
        if f.item is not None:
            items = self.field(f.item, entry)
        else:
            items = {}
            if f.item_label is not None:
                items["title"] = self.text(f.item_label)
            items.update(self.object(f.fields or (), entry))
        return {"type": "array", "items": items} | _counts(f.min_items, f.max_items)

    def file(self, f: m.FileField) -> Schema:
        exact = [t for t in f.media_types if not t.endswith("/*")]
        media_type: Schema = {"title": file_part_title("media_type", self.lang), "type": "string"}
        if len(exact) == len(f.media_types):
            media_type["enum"] = list(f.media_types)
        else:
            media_type["pattern"] = media_type_pattern(f.media_types)
        return {
            "type": "object",
            "properties": {
                "name": {"title": file_part_title("name", self.lang), "type": "string", "minLength": 1},
                "media_type": media_type,
                "size": {
                    "title": file_part_title("size", self.lang),
                    "type": "integer",
                    "minimum": 0,
                    "maximum": min(f.max_size, formats.MAX_SAFE_INTEGER),
                },
                "ref": {"title": file_part_title("ref", self.lang), "type": "string", "minLength": 1},
            },
            "required": ["name", "media_type", "size", "ref"],
            "additionalProperties": False,
        }

    # -- conditions --------------------------------------------------------------------------

    def condition(self, info: FieldInfo) -> None:
        """Record the `if`/`then`/`else` (or the annotations) of one field's `visible_if` and `required`."""
        visible, required = info.visible, info.required
        if visible is False:
            self.add(info.path[:-1], _forbid(info.path, info.path[:-1]))
            return
        if visible is True:
            if not isinstance(required, bool):
                self.required_if(info, required, None)
            return
        anchor = self.anchor(info, visible)
        truth = None if anchor is None else self.translator.truth(visible, anchor, info.scope)
        if anchor is None or truth is None:
            self.note(info, "x-svcdef-visible-if", info.field.visible_if)
            if not isinstance(required, bool):
                self.note(info, "x-svcdef-required-if", info.field.required)
            return
        entry: Schema = {"if": truth.true}
        if required is True or required == visible:
            entry["then"] = _require(info.path, anchor)
        entry["else"] = _forbid(info.path, anchor)
        self.add(anchor, entry)
        if not isinstance(required, bool) and required != visible:
            self.required_if(info, required, visible)

    def required_if(self, info: FieldInfo, required: Typed, visible: Typed | None) -> None:
        anchor = self.anchor(info, required, *([visible] if visible is not None else []))
        conditions = [c for c in (visible, required) if c is not None]
        truths = [self.translator.truth(c, anchor, info.scope) for c in conditions] if anchor is not None else [None]
        if anchor is None or any(t is None for t in truths):
            self.note(info, "x-svcdef-required-if", info.field.required)
            return
        parts = [t.true for t in truths if t is not None]
        self.add(anchor, {"if": parts[0] if len(parts) == 1 else {"allOf": parts}, "then": _require(info.path, anchor)})

    def anchor(self, info: FieldInfo, *conditions: Typed) -> FieldPath | None:
        reads: set[FieldPath] = set()
        for c in conditions:
            found = references(c, info.scope)
            if found is None:
                return None
            reads |= found
        return anchor_of(info.path, reads, self.is_list)

    def add(self, anchor: FieldPath, entry: Schema) -> None:
        self.conditionals.setdefault(anchor, []).append(entry)

    def note(self, info: FieldInfo, keyword: str, condition: m.Condition | None) -> None:
        assert condition is not None and not isinstance(condition, bool)
        self.notes.setdefault(info.path, {})[keyword] = condition.text

    # -- annotations of what JSON Schema cannot check ----------------------------------------

    def rule(self, v: m.Validation) -> Schema:
        entry: Schema = {"id": v.id, "rule": v.rule.text}
        for key in ("when", "for_each", "at"):
            snippet = getattr(v, key)
            if snippet is not None:
                entry[key] = snippet.text
        entry["message"] = self.text(v.message)
        return entry

    def computed(self, c: m.Computed) -> Schema:
        entry: Schema = {}
        if c.label is not None:
            entry["title"] = self.text(c.label)
        if c.type is not None:
            entry["type"] = c.type
        entry["value"] = c.value.text
        return entry

    def fees(self, fees: m.Fees) -> Schema:
        plan = self.service.fees
        entry: Schema = {"currency": plan.currency if plan is not None else fees.currency or self.service.currency}
        rounding = fees.rounding or m.Rounding()
        entry["rounding"] = {"step": _json(rounding.step), "mode": rounding.mode, "apply": rounding.apply}
        if fees.date is not None:
            entry["date"] = fees.date.text
        items = []
        for item in fees.items:
            line: Schema = {"id": item.id, "title": self.text(item.label), "amount": item.amount.text}
            for key in ("when", "for_each"):
                snippet = getattr(item, key)
                if snippet is not None:
                    line[key] = snippet.text
            for key in ("min", "max", "valid_from", "valid_until"):
                value = getattr(item, key)
                if value is not None:
                    line[key] = _json(value)
            items.append(line)
        entry["items"] = items
        if fees.tables:
            entry["tables"] = [t.name for t in fees.tables]
        return entry


def iban_source(countries: tuple[str, ...] | None) -> str:
    """The IBAN pattern of `svcdef.formats`, its country code narrowed to `countries` when given."""
    source = formats.PATTERNS["iban"]
    if countries:
        any_country = "[A-Z]{2}"
        assert source.startswith(any_country), source
        source = "(" + "|".join(countries) + ")" + source[len(any_country) :]
    return source


def media_type_pattern(media_types: tuple[str, ...]) -> str:
    """A pattern for media types where `image/*` stands for every `image/...` type (as the interpreter reads it)."""
    from svcdef.patterns import Alternation, CharClass, Concat, Literal, Regex, Repeat, to_json_schema

    branches: list[Concat] = []
    for media_type in media_types:
        wildcard = media_type.endswith("/*")
        stem = media_type[:-1] if wildcard else media_type
        items: list[Any] = [Literal(ord(c), 0, 0) for c in stem]
        if wildcard:
            items.append(Repeat(CharClass(((0, 0x10FFFF),), False, 0, 0), 0, None, 0, 0))
        branches.append(Concat(tuple(items), 0, 0))
    body = branches[0] if len(branches) == 1 else Alternation(tuple(branches), 0, 0)
    return to_json_schema(Regex(body, "|".join(media_types)))


def _require(target: FieldPath, anchor: FieldPath) -> Schema:
    """Seen from `anchor`: the field at `target` is present (wherever its parent object is)."""
    name = target[-1]
    return _down(target[len(anchor) : -1], {"properties": {name: {}}, "required": [name]})


def _forbid(target: FieldPath, anchor: FieldPath) -> Schema:
    """Seen from `anchor`: the field at `target` is absent."""
    name = target[-1]
    return _down(target[len(anchor) : -1], {"not": {"properties": {name: {}}, "required": [name]}})


def _down(relative: FieldPath, inner: Schema) -> Schema:
    """`inner` applied to the object at `relative` below the anchor (through groups and every list entry).

    The empty `properties` entries keep ajv's strictRequired content (a `required` name must be defined beside
    it) without changing the field's schema when a form library merges a `then` into it.
    """
    if not relative:
        return inner
    schema: Schema = {"type": "object", **inner}
    for name in reversed(relative):
        schema = (
            {"type": "array", "items": schema} if name == EACH else {"type": "object", "properties": {name: schema}}
        )
    return schema


def _bounds(low: Any, high: Any) -> Schema:
    """Bounds that JSON Schema cannot compare (decimal strings, dates, times) as annotations."""
    out: Schema = {}
    if low is not None:
        out["x-svcdef-minimum"] = _json(low)
    if high is not None:
        out["x-svcdef-maximum"] = _json(high)
    return out


def _counts(low: int | None, high: int | None) -> Schema:
    out: Schema = {}
    if low is not None:
        out["minItems"] = low
    if high is not None:
        out["maxItems"] = high
    return out


def _json(value: Any) -> Any:
    """A spec value as JSON: decimals as decimal strings, tuples as lists."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    return value
