"""The `i18n` target: `i18n/<lang>.json` per service language, every text a portal shows, under dotted keys.

Each bundle is one flat JSON object, keys sorted:

- `service.title`, `service.authority`, `service.description`;
- `fields.<path>.label|help|placeholder|item_label|pattern_message`, where the
  path names the field by its field names (`fields.holder.first_name.label`);
  fields of list entries leave the list index out (`fields.children.first_name.label`),
  and the entry field of a list of single values is `item` (`fields.food_stands.item.label`);
- `options.<field path>.<code>` for every option of every choice and multichoice field;
- `validations.<id>`, `computed.<name>`, `fees.<id>`, `tables.<table>.<column>`;
- `messages.<key>`: the built-in messages of `svcdef/messages.py` (with their
  `{placeholder}` parameters), in the language `message_language` chooses.

A text without a translation into the bundle's language falls back to the
service's default language (`Text.best`). Key collisions cannot happen for a
checked spec (field names are identifiers, `item` is reserved); the generator
refuses to overwrite one all the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from svcdef import model as m
from svcdef.messages import MESSAGES, message_language
from svcdef.service import EACH, Service

_Put = Callable[[str, m.Text | None], None]

FIELD_TEXTS = ("label", "help", "placeholder", "item_label", "pattern_message")


def generate(service: Service) -> dict[str, str]:
    """`i18n/<lang>.json` for each language of `service`."""
    return {f"i18n/{lang}.json": _dump(bundle(service, lang)) for lang in service.languages}


def bundle(service: Service, lang: str) -> dict[str, str]:
    """Every text of `service` in `lang`, by dotted key."""
    out: dict[str, str] = {}

    def put(key: str, text: m.Text | None) -> None:
        if text is None:
            return
        if key in out:
            raise ValueError(f"i18n key '{key}' would be written twice")
        out[key] = text.best(lang, service.languages)

    spec = service.spec
    put("service.title", spec.service.title)
    put("service.authority", spec.service.authority)
    put("service.description", spec.service.description)
    for info in service.infos:
        _field(info.field, info.path, put)
    for v in spec.validations:
        put(f"validations.{v.id}", v.message)
    for c in spec.computed:
        put(f"computed.{c.name}", c.label)
    if spec.fees is not None:
        for item in spec.fees.items:
            put(f"fees.{item.id}", item.label)
        for table in spec.fees.tables:
            for column in (*table.inputs, *table.outputs):
                put(f"tables.{table.name}.{column.name}", column.label)
    messages = message_language(lang, service.languages)
    for key, translations in MESSAGES.items():
        out[f"messages.{key}"] = translations[messages]
    return out


def _key(path: tuple[str, ...]) -> str:
    """`children.first_name` for `children/*/first_name`; the entry of a list of single values is `item`."""
    names = [name for name in path[:-1] if name != EACH]
    return ".".join([*names, "item" if path[-1] == EACH else path[-1]])


def _field(f: m.Field, path: tuple[str, ...], put: _Put) -> None:
    key = _key(path)
    for name in FIELD_TEXTS:
        value = getattr(f, name, None)
        if isinstance(value, m.Text):
            put(f"fields.{key}.{name}", value)
    if isinstance(f, m.ChoiceField | m.MultiChoiceField) and isinstance(f.options, tuple):
        for option in f.options:
            put(f"options.{key}.{option.name}", option.label)


def _dump(data: dict[str, str]) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
