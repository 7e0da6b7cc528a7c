"""The `ui` target: `ui/jsonforms.json` and `ui/rjsf.json`, the form layout for JSON Forms 3 and react-jsonschema-form 5.

Both go with `schema.json` (generators/schema), whose titles and option
titles already carry the labels in the default language:

- JSON Forms: a `VerticalLayout` of one `Control` per field, a `Group` per
  group field (and per file attachment, whose four parts are inputs of their
  own), a `Control` over the array for each list with the entry's layout in
  `options.detail`, and a `rule` with the `SHOW` effect for each `visible_if`
  that a schema condition can express within the control's data (the whole
  submission, or the list entry inside `options.detail`);
- rjsf: per object, `ui:order` with exactly the schema's properties, and per
  field `ui:title`, `ui:placeholder` and the widget (`textarea`, `radio` or
  `select`, `checkboxes`, `date`, and `inputType` for local date-times and
  times, which rjsf's own date-time widget would turn into UTC). Help texts
  are the schema's `description`s, which rjsf shows below the label; a
  `ui:help` with the same text would show it a second time.

rjsf's uiSchema cannot show or hide fields by data; rjsf users get the rules
through the schema's `if`/`then`/`else` (docs/outputs.md).
"""

from __future__ import annotations

import json
from typing import Any

from svcdef import model as m
from svcdef.expr import Typed
from svcdef.service import EACH, FieldPath, Service

from ..schema.conditions import Translator, field_table, references

Schema = dict[str, Any]

RADIO_LIMIT = 5
"""A choice without `widget` is shown as radio buttons up to this many options, else as a select."""


def generate(service: Service) -> dict[str, str]:
    """`ui/jsonforms.json` and `ui/rjsf.json` of `service`."""
    return {
        "ui/jsonforms.json": _dump(jsonforms(service)),
        "ui/rjsf.json": _dump(rjsf(service)),
    }


def _dump(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def choice_widget(f: m.ChoiceField) -> str:
    """`radio` or `select`: the field's `widget`, else radio buttons for a few options."""
    if f.widget is not None:
        return f.widget
    return "radio" if len(f.options) <= RADIO_LIMIT else "select"


# -- JSON Forms ----------------------------------------------------------------------------------


def jsonforms(service: Service) -> Schema:
    """The JSON Forms UI schema of `service`."""
    return _JsonForms(service).layout(service.fields, (), ())


class _JsonForms:
    def __init__(self, service: Service) -> None:
        self.service = service
        self.lang = service.languages[0]
        self.infos = {info.path: info for info in service.infos}
        self.translator = Translator(field_table(service.infos))

    def layout(self, fields: tuple[m.Field, ...], path: FieldPath, context: FieldPath) -> Schema:
        """A VerticalLayout of `fields`; `context` is the data the scopes start from (root or list entry)."""
        return {"type": "VerticalLayout", "elements": [self.element(f, (*path, f.name), context) for f in fields]}

    def element(self, f: m.Field, path: FieldPath, context: FieldPath) -> Schema:
        scope = _scope(path[len(context) :])
        element: Schema
        if isinstance(f, m.GroupField):
            element = {"type": "Group", "label": f.label.best(self.lang, self.service.languages)}
            element["elements"] = [self.element(c, (*path, c.name), context) for c in f.fields]
        elif isinstance(f, m.FileField):
            element = {"type": "Group", "label": f.label.best(self.lang, self.service.languages)}
            element["elements"] = [
                {"type": "Control", "scope": f"{scope}/properties/{part}"}
                for part in ("name", "media_type", "size", "ref")
            ]
        else:
            element = {"type": "Control", "scope": scope}
            options = self.options(f, path)
            if options:
                element["options"] = options
        rule = self.rule(path, context)
        if rule is not None:
            element["rule"] = rule
        return element

    def options(self, f: m.Field, path: FieldPath) -> Schema:
        if isinstance(f, m.TextField) and f.multiline:
            return {"multi": True}
        if isinstance(f, m.ChoiceField) and choice_widget(f) == "radio":
            return {"format": "radio"}
        if isinstance(f, m.TimeField):
            return {"format": "time"}
        if isinstance(f, m.ListField):
            entry_fields = f.fields if f.item is None else f.item.fields if isinstance(f.item, m.GroupField) else None
            if entry_fields is not None:
                entry = (*path, EACH)
                return {"detail": self.layout(entry_fields, entry, entry)}
        return {}

    def rule(self, path: FieldPath, context: FieldPath) -> Schema | None:
        """`SHOW` when the field's `visible_if` holds, if a schema over the control's data can say so."""
        info = self.infos[path]
        visible = info.visible
        if isinstance(visible, bool):
            return None if visible else {"effect": "HIDE", "condition": {"scope": "#", "schema": {}}}
        truth = self.truth(visible, info.scope, context)
        if truth is None:
            return None
        return {"effect": "SHOW", "condition": {"scope": "#", "schema": truth}}

    def truth(self, condition: Typed, scope: FieldPath | None, context: FieldPath) -> Schema | None:
        reads = references(condition, scope)
        if reads is None or any(p[: len(context)] != context or EACH in p[len(context) :] for p in reads):
            return None
        found = self.translator.truth(condition, context, scope)
        return None if found is None else found.true


def _scope(relative: FieldPath) -> str:
    return "#" + "".join(f"/properties/{name}" for name in relative)


# -- react-jsonschema-form -----------------------------------------------------------------------


def rjsf(service: Service) -> Schema:
    """The rjsf uiSchema of `service`."""
    return _Rjsf(service).object(service.fields)


class _Rjsf:
    def __init__(self, service: Service) -> None:
        self.service = service
        self.lang = service.languages[0]

    def text(self, text: m.Text | None) -> str | None:
        return None if text is None else text.best(self.lang, self.service.languages)

    def object(self, fields: tuple[m.Field, ...]) -> Schema:
        ui: Schema = {"ui:order": [f.name for f in fields]}
        for f in fields:
            ui[f.name] = self.field(f)
        return ui

    def field(self, f: m.Field) -> Schema:
        ui: Schema = {"ui:title": self.text(f.label)}
        placeholder = self.text(getattr(f, "placeholder", None))
        if placeholder is not None:
            ui["ui:placeholder"] = placeholder
        if isinstance(f, m.GroupField):
            ui.update(self.object(f.fields))
        elif isinstance(f, m.FileField):
            ui["ui:order"] = ["name", "media_type", "size", "ref"]
        elif isinstance(f, m.ListField):
            if f.item is not None:
                ui["items"] = self.field(f.item)
            else:
                items = self.object(f.fields or ())
                if f.item_label is not None:
                    items = {"ui:title": self.text(f.item_label), **items}
                ui["items"] = items
        else:
            ui.update(self.widget(f))
        return ui

    @staticmethod
    def widget(f: m.Field) -> Schema:
        if isinstance(f, m.TextField) and f.multiline:
            return {"ui:widget": "textarea"}
        if isinstance(f, m.ChoiceField):
            return {"ui:widget": choice_widget(f)}
        if isinstance(f, m.MultiChoiceField):
            return {"ui:widget": "checkboxes"}
        if isinstance(f, m.DateField):
            return {"ui:widget": "date"}
        if isinstance(f, m.DateTimeField):
            return {"ui:options": {"inputType": "datetime-local"}}
        if isinstance(f, m.TimeField):
            return {"ui:options": {"inputType": "time"}}
        return {}
