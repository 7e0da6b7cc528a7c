"""Turns loaded YAML nodes into spec model records, reporting every structural problem with its position.

The conversion is driven by the model's annotations (see `svcdef.model`):
one generic routine handles records, optional values, lists, named
collections, literals and unions, so a key added to the model is at once
read, checked and documented. The few shapes that are not records (option
lists, decision-table rows, target mappings) have their own small readers.
"""

from __future__ import annotations

import sys
import types
import typing
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from . import model as m
from .diagnostics import Diagnostic, did_you_mean
from .record import fields, is_record, replace
from .span import NOWHERE, Snippet, Span
from .yamltree import Mapping, Node, Scalar, Sequence, plain_data

R = TypeVar("R")

_BOOLISH = frozenset({"yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF"})


class KeyInfo(typing.NamedTuple):
    """What the model says about one key of a record class."""

    attr: str
    annotation: Any
    required: bool
    named: bool
    doc: str


@cache
def record_keys(cls: type) -> dict[str, KeyInfo]:
    """The YAML keys of a model record class, in declaration order."""
    keys: dict[str, KeyInfo] = {}
    for f in fields(cls):
        if not f.internal:
            keys[f.yaml_key] = KeyInfo(f.name, _annotation(cls, f.name), f.required, f.named, f.doc)
    return keys


@cache
def _required_keys(cls: type) -> tuple[tuple[str, KeyInfo], ...]:
    """The keys a record of `cls` must have: the reader looks for them in every record it reads."""
    return tuple((name, info) for name, info in record_keys(cls).items() if info.required)


def _annotation(cls: type, attr: str) -> Any:
    """The type annotation of `attr` on `cls` or the nearest base that declares it, evaluated.

    The model's annotations are strings (`from __future__ import annotations`).
    `typing.get_type_hints` would evaluate every annotation of every base class
    again for each class, which made it about 25 ms of a cold `svcdef check`;
    the model has fewer than sixty distinct annotations, each evaluated once.
    """
    for owner in cls.__mro__:
        declared = vars(owner).get("__annotations__", {})
        if attr in declared:
            written = declared[attr]
            return _evaluate(owner.__module__, written) if isinstance(written, str) else written
    raise KeyError(attr)


@cache
def _evaluate(module: str, annotation: str) -> Any:
    return eval(annotation, vars(sys.modules[module]))


@cache
def _all_field_keys() -> dict[str, tuple[str, ...]]:
    """Each field key and the field types that accept it, for 'does not apply to this type' hints."""
    accepted: dict[str, list[str]] = {}
    for type_name, cls in m.FIELD_CLASSES.items():
        for k in record_keys(cls):
            accepted.setdefault(k, []).append(type_name)
    return {k: tuple(v) for k, v in accepted.items()}


def _placeholder(annotation: Any) -> Any:
    """A stand-in for a required value that is missing or broken, so that checking can go on."""
    if annotation is m.Text:
        return m.Text(())
    if annotation is Snippet:
        return Snippet("", NOWHERE)
    origin = get_origin(annotation)
    if origin is tuple:
        return ()
    if origin is Literal:
        return get_args(annotation)[0]
    if origin in (Union, types.UnionType):
        return _placeholder(get_args(annotation)[0])
    if annotation is str:
        return ""
    if annotation in (int, Decimal):
        return annotation(0)
    return None


def _describe(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    value = node.value
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | Decimal):
        return "a number"
    return "text"


class Reader:
    """Reads one file's nodes into records; collects diagnostics instead of raising."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def error(self, code: str, span: Span, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, span, message, hint))

    # -- records ---------------------------------------------------------------------------

    def record(
        self,
        cls: type[R],
        node: Node,
        what: str,
        *,
        name: str | None = None,
        at: Span | None = None,
        generic: bool = False,
    ) -> R | None:
        """Read `node` as a record of `cls`; `what` names it in messages, `at` is where a missing key is reported.

        Classes with a shape of their own are read by their entry in `_SPECIAL`
        unless `generic` asks for the plain record shape.
        """
        special = None if generic else _SPECIAL.get(cls)
        if special is not None:
            return typing.cast(R, special(self, node, what, name, at))
        if not isinstance(node, Mapping):
            self.error("E0103", node.span, f"{what} must be a mapping, not {_describe(node)}")
            return None
        keys = record_keys(typing.cast(type, cls))
        values: dict[str, Any] = {}
        spans: list[tuple[str, Span]] = []
        for k, v in node.items:
            key_name = str(k.value)
            info = keys.get(key_name)
            if info is None:
                self._unknown_key(cls, k, keys, what)
                continue
            spans.append((key_name, v.span))
            value = self.value(info.annotation, v, f"'{key_name}' of {what}", named=info.named)
            if value is not _INVALID:
                values[info.attr] = value
        for key_name, info in _required_keys(typing.cast(type, cls)):
            if info.attr not in values:
                if not any(str(k.value) == key_name for k, _ in node.items):
                    where = at or Span.point(node.span.file, node.span.line, node.span.col)
                    self.error("E0102", where, f"{what} needs the key '{key_name}'", f"add '{key_name}:' ({info.doc})")
                values[info.attr] = _placeholder(info.annotation)
                if values[info.attr] is None:
                    return None  # a required record is missing: this record cannot be checked further
        if name is not None:
            values["name"] = name
        values["span"] = at or node.span
        values["spans"] = tuple(spans)
        try:
            return typing.cast(R, typing.cast(Any, cls).from_values(values))
        except TypeError:
            return None

    def _unknown_key(self, cls: type, key: Scalar, keys: dict[str, KeyInfo], what: str) -> None:
        key_name = str(key.value)
        if issubclass(cls, m.Field):
            accepted_by = _all_field_keys().get(key_name)
            if accepted_by:
                field_type = next((t for t, c in m.FIELD_CLASSES.items() if c is cls), "this type")
                self.error(
                    "E0107",
                    key.span,
                    f"'{key_name}' does not apply to a field of type {field_type}",
                    f"'{key_name}' applies to: {', '.join(accepted_by)}",
                )
                return
        self.error("E0101", key.span, f"unknown key '{key_name}' in {what}", did_you_mean(key_name, keys))

    # -- values ----------------------------------------------------------------------------

    def value(self, annotation: Any, node: Node, what: str, *, named: bool = False) -> Any:
        """Convert `node` to a value of `annotation`, or return `_INVALID` after a diagnostic."""
        origin, args = _shape(annotation)
        if origin in (Union, types.UnionType):
            return self._union(args, node, what, named)
        if annotation is Any:
            return plain_data(node)
        if origin is tuple:
            return self._tuple(args[0], node, what, named)
        if origin is Literal:
            return self._literal(args, node, what)
        if annotation is m.AnyField:
            return self.field(node, what)
        if is_record(annotation):
            result = self.record(annotation, node, what)
            return _INVALID if result is None else result
        if not isinstance(node, Scalar):
            self.error(
                "E0103", node.span, f"{what} must be {_KIND_NAMES.get(annotation, 'a value')}, not {_describe(node)}"
            )
            return _INVALID
        return self._scalar(annotation, node, what)

    def _union(self, members: tuple[Any, ...], node: Node, what: str, named: bool) -> Any:
        if isinstance(node, Scalar) and node.value is None and type(None) in members:
            return None
        choices, any_field = _choices(members)
        if any_field:  # `AnyField | None` arrives flattened
            return self.field(node, what)
        if len(choices) == 1:
            return self.value(choices[0], node, what, named=named)
        for a in choices:
            if self._fits(a, node):
                return self.value(a, node, what, named=named)
        return self.value(choices[0], node, what, named=named)

    @staticmethod
    def _fits(annotation: Any, node: Node) -> bool:
        origin = _shape(annotation)[0]
        if isinstance(node, Sequence):
            return origin is tuple
        if isinstance(node, Mapping):
            return origin is tuple or is_record(annotation) or annotation is m.AnyField
        if isinstance(node.value, bool):
            return annotation is bool
        return annotation in (str, Snippet, int, Decimal, m.Text)

    def _tuple(self, element: Any, node: Node, what: str, named: bool) -> Any:
        if named:
            if not isinstance(node, Mapping):
                self.error("E0103", node.span, f"{what} must be a mapping of names to entries, not {_describe(node)}")
                return _INVALID
            out = []
            for k, v in node.items:
                item = self.named_entry(element, k, v, f"'{k.value}'")
                if item is not None and item is not _INVALID:
                    out.append(item)
            return tuple(out)
        if not isinstance(node, Sequence):
            hint = f"write a list: [{node.text}]" if isinstance(node, Scalar) and node.value is not None else None
            self.error("E0103", node.span, f"{what} must be a list, not {_describe(node)}", hint)
            return _INVALID
        items = [self.value(element, n, f"an entry of {what}") for n in node.items]
        return tuple(i for i in items if i is not _INVALID)

    def named_entry(self, element: Any, key: Scalar, node: Node, what: str) -> Any:
        name = str(key.value)
        if element is m.AnyField:
            return self.field(node, f"field {what}", name=name, at=key.span)
        return self.record(element, node, what, name=name, at=key.span)

    def _literal(self, allowed: tuple[Any, ...], node: Node, what: str) -> Any:
        text = node.text if isinstance(node, Scalar) else None
        if text in allowed:
            return text
        shown = ", ".join(str(a) for a in allowed)
        hint = did_you_mean(text, [str(a) for a in allowed]) if text else None
        self.error("E0104", node.span, f"{what} must be one of: {shown}", hint)
        return _INVALID

    def _scalar(self, annotation: Any, node: Scalar, what: str) -> Any:
        value = node.value
        if annotation is bool:
            if isinstance(value, bool):
                return value
            hint = "write true or false" if node.text in _BOOLISH else None
            self.error("E0103", node.span, f"{what} must be true or false, not {_describe(node)}", hint)
            return _INVALID
        if value is None:
            self.error(
                "E0103", node.span, f"{what} must be {_KIND_NAMES.get(annotation, 'a value')}, not nothing (null)"
            )
            return _INVALID
        if annotation is Snippet:
            if isinstance(value, bool) or node.text in _BOOLISH:
                self.error(
                    "E0103",
                    node.span,
                    f"{what} must be true, false or a condition, not '{node.text}'",
                    "write true or false",
                )
                return _INVALID
            return node.snippet()
        if annotation is m.Text:
            if isinstance(value, bool):
                self.error("E0103", node.span, f"{what} must be text, not a boolean", "quote it")
                return _INVALID
            return m.Text.from_values({"translations": (("*", node.text),), "span": node.span})
        if annotation is str:
            if isinstance(value, bool):
                self.error("E0103", node.span, f"{what} must be text, not a boolean", f"quote it: '{node.text}'")
                return _INVALID
            return node.text
        if annotation is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            self.error("E0307", node.span, f"{what} must be a whole number, not {_describe(node)}")
            return _INVALID
        if annotation is Decimal:
            if isinstance(value, bool):
                self.error("E0307", node.span, f"{what} must be a number, not a boolean")
                return _INVALID
            try:
                number = Decimal(str(value).strip())
            except InvalidOperation:
                self.error("E0307", node.span, f"{what} must be a number, not {_describe(node)}")
                return _INVALID
            if not number.is_finite() or len(number.as_tuple().digits) > 30:
                self.error("E0307", node.span, f"{what} must be a finite number with at most 30 digits")
                return _INVALID
            return number
        raise TypeError(f"no reader for {annotation!r}")  # pragma: no cover - the model uses only the kinds above

    # -- fields ----------------------------------------------------------------------------

    def field(self, node: Node, what: str, *, name: str = "", at: Span | None = None) -> Any:
        if not isinstance(node, Mapping):
            self.error("E0103", node.span, f"{what} must be a mapping with a 'type', not {_describe(node)}")
            return _INVALID
        type_node = node.get("type")
        if type_node is None:
            self.error(
                "E0102",
                at or node.span,
                f"{what} needs the key 'type'",
                "add 'type:' (text, integer, date, choice, group, list, ...)",
            )
            return _INVALID
        if not isinstance(type_node, Scalar) or not isinstance(type_node.value, str):
            self.error("E0103", type_node.span, f"'type' of {what} must be a type name")
            return _INVALID
        cls = m.FIELD_CLASSES.get(type_node.value, m.TypeRefField)
        result = self.record(cls, node, what, name=name, at=at)
        return _INVALID if result is None else result

    def text(self, node: Node, what: str) -> m.Text | None:
        """A translated text: a mapping of language to string, or one string for one-language services."""
        if isinstance(node, Scalar):
            value = self._scalar(m.Text, node, what)
            return None if value is _INVALID else value
        if not isinstance(node, Mapping):
            self.error(
                "E0103", node.span, f"{what} must be a text or a mapping of language to text, not {_describe(node)}"
            )
            return None
        pairs = []
        for k, v in node.items:
            if not isinstance(v, Scalar) or v.value is None or isinstance(v.value, bool):
                self.error("E0103", v.span, f"the '{k.value}' text of {what} must be text, not {_describe(v)}")
                continue
            pairs.append((str(k.value), v.text))
        return m.Text.from_values({"translations": tuple(pairs), "span": node.span})


_INVALID: Any = object()


@cache
def _shape(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """`get_origin` and `get_args` of an annotation, worked out once: the reader asks for every value it reads."""
    return get_origin(annotation), get_args(annotation)


@cache
def _choices(members: tuple[Any, ...]) -> tuple[tuple[Any, ...], bool]:
    """The members of a union other than None, and whether they are the field classes of `AnyField`."""
    choices = tuple(a for a in members if a is not type(None))
    return choices, set(choices) == set(get_args(m.AnyField))


_KIND_NAMES: dict[Any, str] = {
    str: "text",
    int: "a whole number",
    Decimal: "a number",
    bool: "true or false",
    Snippet: "an expression",
    m.Text: "a text",
}


def _read_text(reader: Reader, node: Node, what: str, name: str | None, at: Span | None = None) -> m.Text | None:
    return reader.text(node, what)


def _read_option(reader: Reader, node: Node, what: str, name: str | None, at: Span | None = None) -> m.Option | None:
    """An option is written as its label (`debit: {de: Lastschrift}`) or as a record with `label:`."""
    if isinstance(node, Mapping) and node.get("label") is not None:
        return reader.record(m.Option, node, what, name=name, generic=True)
    label = reader.text(node, f"the label of option {what}")
    if label is None:
        return None
    return m.Option(name=name or "", label=label, span=node.span)


def _read_option_list(
    reader: Reader, node: Node, what: str, name: str | None, at: Span | None = None
) -> m.OptionList | None:
    """An option list is the mapping of its options itself: `payment: {invoice: {...}, debit: {...}}`."""
    if not isinstance(node, Mapping):
        reader.error(
            "E0103", node.span, f"option list {what} must be a mapping of option codes to labels, not {_describe(node)}"
        )
        return None
    options = []
    for k, v in node.items:
        option = _read_option(reader, v, f"'{k.value}'", str(k.value))
        if option is not None:
            options.append(replace(option, span=k.span))
    return m.OptionList(name=name or "", options=tuple(options), span=at or node.span)


def _read_row(reader: Reader, node: Node, what: str, name: str | None, at: Span | None = None) -> m.TableRow | None:
    """A row maps each column to a cell: a scalar (a value or condition) or a YAML list of them (a set)."""
    if not isinstance(node, Mapping):
        reader.error(
            "E0103", node.span, f"{what} must be a mapping of column to condition or value, not {_describe(node)}"
        )
        return None
    cells: list[tuple[str, Any, Span]] = []
    sources: list[Snippet | tuple[Snippet, ...]] = []
    for k, v in node.items:
        if isinstance(v, Scalar):
            cells.append((str(k.value), v.value, v.span))
            sources.append(v.snippet())
            continue
        nested = next((e for e in v.items if not isinstance(e, Scalar)), None) if isinstance(v, Sequence) else v
        if nested is not None:
            reader.error(
                "E0103",
                nested.span,
                f"cell '{k.value}' of {what} must be a value, a range or a list of them, not {_describe(nested)}",
            )
            continue
        assert isinstance(v, Sequence)
        cells.append((str(k.value), plain_data(v), v.span))
        sources.append(tuple(e.snippet() for e in v.items if isinstance(e, Scalar)))
    return m.TableRow(cells=tuple(cells), sources=tuple(sources), span=node.span)


def _read_mapping_entry(
    reader: Reader, node: Node, what: str, name: str | None, at: Span | None = None
) -> m.MappingEntry | None:
    """A target path maps to an expression, or to `{from: list, map: {...}}` for a repeated part."""
    target = name or ""
    if isinstance(node, Scalar) and node.value is not None:
        return m.MappingEntry(name=target, value=node.snippet(), span=node.span)
    if not isinstance(node, Mapping):
        reader.error("E0103", node.span, f"mapping entry {what} must be an expression or {{from: ..., map: ...}}")
        return None
    for k, _ in node.items:
        if k.value not in ("from", "map"):
            reader.error(
                "E0101",
                k.span,
                f"unknown key '{k.value}' in mapping entry {what}",
                did_you_mean(str(k.value), ["from", "map"]),
            )
    source, inner = node.get("from"), node.get("map")
    if source is None or inner is None:
        reader.error(
            "E0102",
            node.span,
            f"repeated mapping entry {what} needs 'from' and 'map'",
            "write {from: list_field, map: {...}}",
        )
        return None
    entries = reader.value(tuple[m.MappingEntry, ...], inner, f"'map' of {what}", named=True)
    return m.MappingEntry(
        name=target,
        source_list=source.snippet() if isinstance(source, Scalar) else Snippet("", source.span, "", ""),
        entries=() if entries is _INVALID else entries,
        span=node.span,
        spans=(("from", source.span),),
    )


def _read_import(reader: Reader, node: Node, what: str, name: str | None, at: Span | None = None) -> m.Import | None:
    if not isinstance(node, Scalar) or not isinstance(node.value, str) or not node.text:
        reader.error("E0103", node.span, f"{what} must be the path of a library file, not {_describe(node)}")
        return None
    return m.Import(path=node.text, span=node.span)


_SPECIAL: dict[type, Any] = {
    m.Import: _read_import,
    m.Text: _read_text,
    m.Option: _read_option,
    m.OptionList: _read_option_list,
    m.TableRow: _read_row,
    m.MappingEntry: _read_mapping_entry,
}


def read_document(root: Mapping, *, library: bool = False) -> tuple[m.Spec | m.Library | None, list[Diagnostic]]:
    """Read a loaded document as a service spec or, with `library=True`, as a library file."""
    reader = Reader()
    cls: type[m.Spec] | type[m.Library] = m.Library if library else m.Spec
    version = root.get("svcdef")
    if version is not None and (not isinstance(version, Scalar) or version.text != "1"):
        reader.error(
            "E0105",
            version.span,
            f"spec language version {getattr(version, 'text', '?')!r} is not supported",
            'write svcdef: "1"',
        )
        return None, reader.diagnostics
    result = reader.record(cls, root, "the spec" if not library else "the library")
    return result, reader.diagnostics
