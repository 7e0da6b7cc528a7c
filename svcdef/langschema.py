"""The JSON Schema of the spec language, derived from the model's annotations, for editor completion and validation.

It is generated from the same annotations `svcdef.parse` reads with, so
editors accept exactly what the compiler accepts (the compiler's own checks,
such as cross references and translations, go further). The committed copy
is `schema/svcdef-spec.schema.json`; a test keeps it fresh.
"""

from __future__ import annotations

import json
import types
import typing
from decimal import Decimal
from typing import Any, Literal, Union, get_args, get_origin

from . import model as m
from .parse import record_keys
from .record import is_record
from .span import Snippet

SCHEMA_ID = "https://svcdef.example/schema/svcdef-spec.schema.json"
DECIMAL_PATTERN = r"^[-+]?[0-9]+(\.[0-9]+)?$"


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}
            self.defs[name] = self._define(cls)
        return {"$ref": f"#/$defs/{name}"}

    def _define(self, cls: type) -> dict[str, Any]:
        special = _SPECIAL_SCHEMAS.get(cls)
        if special is not None:
            return special(self)
        properties = {}
        required = []
        for yaml_key, info in record_keys(cls).items():
            prop = self.annotation(info.annotation, named=info.named)
            prop["description"] = info.doc
            properties[yaml_key] = prop
            if info.required:
                required.append(yaml_key)
        schema: dict[str, Any] = {
            "type": "object",
            "description": (cls.__doc__ or "").strip().split("\n")[0],
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            schema["required"] = required
        return schema

    def annotation(self, annotation: Any, *, named: bool = False) -> dict[str, Any]:
        origin = get_origin(annotation)
        if origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            options = [self.annotation(a, named=named) for a in members]
            if type(None) in get_args(annotation):
                options.append({"type": "null"})
            return options[0] if len(options) == 1 else {"anyOf": options}
        if origin is tuple:
            element = get_args(annotation)[0]
            if named:
                return {"type": "object", "additionalProperties": self.annotation(element)}
            return {"type": "array", "items": self.annotation(element)}
        if origin is Literal:
            return {"enum": list(get_args(annotation))}
        if annotation is m.AnyField:
            return {"$ref": "#/$defs/Field"}
        if annotation is Any:
            return {}
        if annotation is Snippet:
            return {"type": ["string", "number"]}
        if annotation is str:
            return {"type": ["string", "number"]}
        if annotation is int:
            return {"type": "integer"}
        if annotation is Decimal:
            return {"type": ["number", "string"], "pattern": DECIMAL_PATTERN}
        if annotation is bool:
            return {"type": "boolean"}
        if is_record(annotation):
            return self.ref(annotation)
        raise TypeError(f"no schema for {annotation!r}")  # pragma: no cover - the model uses only the kinds above

    def fields(self) -> dict[str, Any]:
        """Field definitions dispatch on `type`: each built-in type has its keys; other names are named types."""
        branches = []
        for type_name, cls in m.FIELD_CLASSES.items():
            branches.append(
                {"if": {"properties": {"type": {"const": type_name}}, "required": ["type"]}, "then": self.ref(cls)}
            )
        branches.append(
            {
                "if": {"properties": {"type": {"not": {"enum": list(m.FIELD_TYPES)}}}, "required": ["type"]},
                "then": self.ref(m.TypeRefField),
            }
        )
        return {
            "type": "object",
            "description": "A field: `type` selects a built-in type or a named type.",
            "required": ["type", "label"],
            "properties": {"type": {"type": "string", "description": record_keys(m.Field)["type"].doc}},
            "allOf": branches,
        }


def _text_schema(builder: _Builder) -> dict[str, Any]:
    return {
        "description": "Text per language (`{de: ..., fr: ...}`); a plain string for one-language services.",
        "anyOf": [
            {"type": "string"},
            {"type": "object", "propertyNames": {"pattern": "^[a-z]{2}$"}, "additionalProperties": {"type": "string"}},
        ],
    }


def _option_schema(builder: _Builder) -> dict[str, Any]:
    return {
        "description": "An option's label, or `{label: ...}`.",
        "anyOf": [
            builder.ref(m.Text),
            {
                "type": "object",
                "properties": {"label": builder.ref(m.Text)},
                "required": ["label"],
                "additionalProperties": False,
            },
        ],
    }


def _option_list_schema(builder: _Builder) -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Option code to label, in display order.",
        "minProperties": 1,
        "additionalProperties": builder.ref(m.Option),
    }


def _row_schema(builder: _Builder) -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Column to condition or value.",
        "additionalProperties": {"type": ["string", "number", "boolean", "array", "null"]},
    }


def _mapping_entry_schema(builder: _Builder) -> dict[str, Any]:
    repeated = {
        "type": "object",
        "properties": {
            "from": {"type": "string"},
            "map": {"type": "object", "additionalProperties": {"$ref": "#/$defs/MappingEntry"}},
        },
        "required": ["from", "map"],
        "additionalProperties": False,
    }
    return {
        "description": "An expression, or `{from: list, map: {...}}`.",
        "anyOf": [{"type": ["string", "number", "boolean"]}, repeated],
    }


def _import_schema(builder: _Builder) -> dict[str, Any]:
    return {"type": "string", "description": "Path of a library file, relative to this file."}


_SPECIAL_SCHEMAS: dict[type, typing.Callable[[_Builder], dict[str, Any]]] = {
    m.Text: _text_schema,
    m.Option: _option_schema,
    m.OptionList: _option_list_schema,
    m.TableRow: _row_schema,
    m.MappingEntry: _mapping_entry_schema,
    m.Import: _import_schema,
}


def spec_language_schema() -> dict[str, Any]:
    builder = _Builder()
    builder.defs["Field"] = builder.fields()
    spec, library = builder.ref(m.Spec), builder.ref(m.Library)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "svcdef spec language 1",
        "description": "A service spec (with `service:`) or a library of shared types and option lists (with `library:`).",
        "anyOf": [spec, library],
        "$defs": dict(sorted(builder.defs.items())),
    }


def spec_language_schema_text() -> str:
    return json.dumps(spec_language_schema(), indent=2, ensure_ascii=False) + "\n"
