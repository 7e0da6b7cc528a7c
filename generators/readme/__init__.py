"""The `readme` target: `README.md`, the service documented for everyone who works with it.

The page shows the service header, every field (with its path in the
submission, type, requiredness, visibility and constraints), the
validations, computed values, fees, the target system with its mapping, and
an example submission taken from the spec's first valid test. Designer texts
are shown in the service's default language; the structure is in English.
The text is rendered from `README.md.j2` through the shared environment's
Markdown filters, so no designer text can break a table or become markup.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from typing import Any, NamedTuple

from generators.templating import render
from svcdef import __version__
from svcdef import model as m
from svcdef.service import Service
from svcdef.span import Snippet

TEMPLATE = "readme/README.md.j2"


class Constraint(NamedTuple):
    """One constraint of a field: `max length` 100, or `pattern` with its source text (`code`)."""

    name: str
    value: str
    code: bool = False


class FieldRow(NamedTuple):
    """One row of the fields table."""

    path: str
    type: str
    named_type: str | None
    label: str
    required: str
    required_if: str | None
    visible_if: str | None
    constraints: tuple[Constraint, ...]
    option_list: str | None
    options: tuple[tuple[str, str], ...]


def generate(service: Service) -> dict[str, str]:
    """`README.md` for `service`."""
    spec = service.spec
    info = spec.service
    lang = service.languages[0]

    def text(value: m.Text | None) -> str:
        return value.best(lang, service.languages) if value is not None else ""

    example = next((t for t in spec.tests if t.expect.valid is True), None)
    page = render(
        TEMPLATE,
        version=__version__,
        spec_file=os.path.basename(service.path),
        service=info,
        title=text(info.title),
        authority=text(info.authority),
        description=text(info.description),
        default_language=lang,
        other_languages=service.languages[1:],
        currency=service.currency,
        fields=[_row(info.field, "/" + "/".join(info.path), service, text) for info in service.infos],
        validations=[
            {
                "id": v.id,
                "rule": v.rule.text,
                "when": _source(v.when),
                "for_each": _source(v.for_each),
                "at": _source(v.at),
                "message": text(v.message),
            }
            for v in spec.validations
        ],
        computed=[
            {"name": c.name, "type": c.type, "value": c.value.text, "label": text(c.label)} for c in spec.computed
        ],
        fees=_fees(spec.fees, text),
        target=_target(spec.target),
        example=None
        if example is None
        else {"name": example.name, "today": example.today, "json": _json(example.input)},
    )
    return {"README.md": page}


def _row(f: m.Field, path: str, service: Service, text: Any) -> FieldRow:
    options: tuple[tuple[str, str], ...] = ()
    option_list = None
    if isinstance(f, m.ChoiceField | m.MultiChoiceField) and isinstance(f.options, tuple):
        options = tuple((o.name, text(o.label)) for o in f.options)
        option_list = f.option_list
    return FieldRow(
        path=path,
        type=_type_name(f),
        named_type=f.named_type if isinstance(f, m.GroupField) else None,
        label=text(f.label),
        required="yes" if f.required is True else "no",
        required_if=f.required.text if isinstance(f.required, Snippet) else None,
        visible_if=f.visible_if.text if isinstance(f.visible_if, Snippet) else _visible_constant(f.visible_if),
        constraints=tuple(_constraints(f, service)),
        option_list=option_list,
        options=options,
    )


def _source(snippet: Snippet | None) -> str | None:
    return snippet.text if snippet is not None else None


def _visible_constant(value: bool | None) -> str | None:
    return "false" if value is False else None


def _type_name(f: m.Field) -> str:
    if isinstance(f, m.ListField):
        if f.fields is not None:
            return "list of groups"
        return f"list of {f.item.type}" if f.item is not None else "list"
    return f.type


def _number(value: Decimal | int) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _constraints(f: m.Field, service: Service) -> list[Constraint]:
    out: list[Constraint] = []

    def add(name: str, value: object, code: bool = False) -> None:
        if value is not None:
            out.append(Constraint(name, _number(value) if isinstance(value, Decimal | int) else str(value), code))

    if isinstance(f, m.TextField):
        add("min length", f.min_length)
        add("max length", f.max_length)
        if f.pattern is not None:
            add("pattern", f.pattern.text, code=True)
        if f.multiline:
            add("multiline", "")
    elif isinstance(f, m.EmailField):
        add("max length", f.max_length)
    elif isinstance(f, m.DecimalField):
        add("scale", f.scale)
    elif isinstance(f, m.MoneyField):
        add("currency", f.currency or service.currency)
    elif isinstance(f, m.IbanField) and f.countries:
        add("countries", ", ".join(f.countries))
    elif isinstance(f, m.PostalCodeField):
        add("country", f.country)
    elif isinstance(f, m.FileField):
        add("media types", ", ".join(f.media_types))
        add("max size", f"{f.max_size} bytes")
    elif isinstance(f, m.MultiChoiceField | m.ListField):
        add("min items", f.min_items)
        add("max items", f.max_items)
    if isinstance(f, m.IntegerField | m.DecimalField | m.MoneyField | m.DateField | m.DateTimeField | m.TimeField):
        add("min", f.min)
        add("max", f.max)
    default = getattr(f, "default", None)
    if default is not None:
        if isinstance(default, bool):
            default = "true" if default else "false"
        elif isinstance(default, tuple):
            default = ", ".join(default)
        add("default", default, code=isinstance(f, m.ChoiceField | m.MultiChoiceField))
    return out


def _fees(fees: m.Fees | None, text: Any) -> dict[str, Any] | None:
    if fees is None:
        return None
    rounding = fees.rounding
    items = []
    for item in fees.items:
        limits = []
        if item.min is not None:
            limits.append(f"at least {_number(item.min)}")
        if item.max is not None:
            limits.append(f"at most {_number(item.max)}")
        if item.valid_from is not None:
            limits.append(f"from {item.valid_from}")
        if item.valid_until is not None:
            limits.append(f"until {item.valid_until}")
        items.append(
            {
                "id": item.id,
                "label": text(item.label),
                "amount": item.amount.text,
                "when": _source(item.when),
                "for_each": _source(item.for_each),
                "limits": ", ".join(limits),
            }
        )
    return {
        "currency": fees.currency,
        "rounding": None
        if rounding is None
        else {
            "step": _number(rounding.step),
            "mode": rounding.mode,
            "apply": {"item": "each item", "total": "the total", "both": "each item and the total"}[rounding.apply],
            "legal_reference": rounding.legal_reference,
        },
        "date": _source(fees.date),
        "items": items,
        "limits": any(i["limits"] for i in items),
        "tables": [_table(t, text) for t in fees.tables],
    }


def _table(table: m.DecisionTable, text: Any) -> dict[str, Any]:
    columns = [*table.inputs, *table.outputs]
    rows = []
    for row in table.rows:
        cells = {name: value for name, value, _ in row.cells}
        rows.append([_cell(cells.get(c.name)) for c in columns])
    return {
        "name": table.name,
        "hit_policy": table.hit_policy,
        "valid_from": table.valid_from,
        "valid_until": table.valid_until,
        "columns": [
            {"name": c.name, "type": c.type, "label": text(c.label), "output": i >= len(table.inputs)}
            for i, c in enumerate(columns)
        ],
        "rows": rows,
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_cell(v) for v in value) + "]"
    if isinstance(value, Decimal | int):
        return _number(value)
    return str(value)


def _target(target: m.Target | None) -> dict[str, Any] | None:
    if target is None:
        return None
    return {"target": target, "transport": target.transport, "mapping": list(_mapping(target.mapping, ""))}


def _mapping(entries: tuple[m.MappingEntry, ...], prefix: str) -> Any:
    for entry in entries:
        path = f"{prefix}{entry.name}"
        if entry.value is not None:
            yield {"path": path, "value": entry.value.text, "list": None}
        else:
            yield {"path": path, "value": None, "list": _source(entry.source_list) or ""}
            yield from _mapping(entry.entries, f"{path}.")


def _json(value: Any, level: int = 0) -> str:
    """JSON text of plain spec data, numbers exactly as written (decimals are not turned into floats)."""
    pad = "  " * level
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = ",\n".join(
            f"{pad}  {json.dumps(str(k), ensure_ascii=False)}: {_json(v, level + 1)}" for k, v in value.items()
        )
        return "{\n" + inner + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(f"{pad}  {_json(v, level + 1)}" for v in value) + "\n" + pad + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int):
        return _number(value)
    return json.dumps(str(value), ensure_ascii=False)
