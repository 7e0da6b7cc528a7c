"""Conditions as JSON Schema: a typed `visible_if`/`required` condition becomes a schema that holds exactly when it is true.

docs/submissions.md lets conditions read the submission *as sent*: a
well-formed value is seen, a malformed or missing one is absent (`null`), and
a condition holds only when it is `true`. JSON Schema's `if` sees the same
raw data, so a condition over fields of one object (or of objects below it)
can be written as a schema that an `if` evaluates, at the object where all
of its fields can be reached by `properties` alone. That object is the
*anchor*: the innermost group, list entry or root that contains the field
the condition governs and every field the condition reads.

Translated exactly (three-valued logic, absent values included):

- a boolean field, `x == lit`, `x != lit` (text, choice, boolean, integer fields),
  `x < n`, `x <= n`, `x > n`, `x >= n` (integer fields, integer literals),
  `x in [lits]`, `x not in [lits]`, `lit in list`, `lit not in list`, `is_set(x)`,
  `true`, `false`, and `not`, `and`, `or` of these.

Everything else (arithmetic, functions other than `is_set`, decimals, money,
dates and date-times, whose order or equality is not that of their JSON text,
and conditions that mix `item` with top-level fields) is left to the
`x-svcdef-required-if` / `x-svcdef-visible-if` annotations. For each condition
the translation builds two schemas, *true* and *false*: `not x` is true where
`x` is false, and absent where `x` is absent, which `{"not": ...}` of the true
schema would get wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from svcdef import formats
from svcdef import model as m
from svcdef.expr import Typed
from svcdef.expr import nodes as n
from svcdef.patterns import to_json_schema
from svcdef.service import EACH, FieldInfo, FieldPath

Schema = dict[str, Any]


class Truth(NamedTuple):
    """A condition as two schemas over the anchor object: where it is true and where it is false."""

    true: Schema
    false: Schema


def well_formed(field: m.Field) -> Schema | None:
    """The values of `field` that conditions see (docs/submissions.md), or None when JSON Schema cannot say.

    Constraints such as `max_length` or `min` are left out on purpose: a value
    that breaks one is still seen as sent.
    """
    if isinstance(field, m.IntegerField):
        return {"type": "integer", "minimum": -formats.MAX_SAFE_INTEGER, "maximum": formats.MAX_SAFE_INTEGER}
    if isinstance(field, m.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, m.DecimalField | m.MoneyField):
        scale = field.scale if isinstance(field, m.DecimalField) else formats.MONEY_SCALE
        return {"type": "string", "pattern": pattern(formats.decimal_pattern(scale))}
    if isinstance(field, m.ChoiceField):
        return {"enum": option_codes(field)}
    if isinstance(field, m.DateField):
        return {"type": "string", "format": "date", "pattern": pattern(formats.PATTERNS["date"])}
    if isinstance(field, m.TimeField):
        return {"type": "string", "pattern": pattern(formats.PATTERNS["time"])}
    if isinstance(field, m.DateTimeField):
        return None  # the date must exist, and JSON Schema's `date-time` format demands a time zone
    if isinstance(field, m.MultiChoiceField | m.ListField):
        return {"type": "array"}
    if isinstance(field, m.GroupField | m.FileField):
        return {"type": "object"}
    text_format = m.FORMAT_FIELDS.get(type(field))
    if text_format is not None:
        country = field.country if isinstance(field, m.PostalCodeField) else None
        return {"type": "string", "pattern": pattern(formats.PATTERNS[formats.format_name(text_format, country)])}
    if isinstance(field, m.TextField):
        return {"type": "string"}
    raise TypeError(f"no schema for {type(field).__name__}")


def pattern(source: str) -> str:
    """One of the shared portable patterns of `svcdef.formats`, spelled for JSON Schema."""
    return to_json_schema(formats.pattern_for(source))


def option_codes(field: m.ChoiceField | m.MultiChoiceField) -> list[str]:
    return [o.name for o in field.options if isinstance(o, m.Option)]


def references(typed: Typed, scope: FieldPath | None) -> set[FieldPath] | None:
    """The data paths (with `EACH` for the current list entry) a condition reads; None if it reads `index`."""
    found: set[FieldPath] = set()
    stack = [typed]
    while stack:
        t = stack.pop()
        node = t.node
        if isinstance(node, n.FieldPath):
            found.add(node.path)
        elif isinstance(node, n.ItemPath):
            if scope is None:
                return None
            found.add((*scope, EACH, *node.path))
        elif isinstance(node, n.Index):
            return None
        stack.extend(t.args)
    return found


def anchor_of(target: FieldPath, reads: set[FieldPath], is_list: Mapping[FieldPath, bool]) -> FieldPath:
    """The innermost object that contains the field at `target` and every field in `reads`."""
    common = target[:-1]
    for path in reads:
        parent = path[:-1]
        size = 0
        while size < min(len(common), len(parent)) and common[size] == parent[size]:
            size += 1
        common = common[:size]
    while common and common[-1] != EACH and is_list.get(common, False):
        common = common[:-1]
    return common


class Translator:
    """Translates the conditions of one service; `fields` maps each data path to its field."""

    def __init__(self, fields: Mapping[FieldPath, m.Field]) -> None:
        self.fields = fields

    def truth(self, typed: Typed, anchor: FieldPath, scope: FieldPath | None) -> Truth | None:
        """`typed` as true/false schemas over the object at `anchor`, or None where JSON Schema cannot say it."""
        node = typed.node
        if isinstance(node, n.BooleanLiteral):
            yes: Schema = {}
            no: Schema = {"not": {}}
            return Truth(yes, no) if node.value else Truth(no, yes)
        if isinstance(node, n.FieldPath | n.ItemPath):
            return self.compare(typed, "==", True, anchor, scope)
        if isinstance(node, n.Not):
            inner = self.truth(typed.args[0], anchor, scope)
            return None if inner is None else Truth(inner.false, inner.true)
        if isinstance(node, n.Logical):
            left, right = (self.truth(a, anchor, scope) for a in typed.args)
            if left is None or right is None:
                return None
            if node.op == "and":
                return Truth({"allOf": [left.true, right.true]}, {"anyOf": [left.false, right.false]})
            return Truth({"anyOf": [left.true, right.true]}, {"allOf": [left.false, right.false]})
        if isinstance(node, n.Comparison):
            return self.comparison(typed, anchor, scope)
        if isinstance(node, n.Membership):
            return self.membership(typed, anchor, scope)
        if isinstance(node, n.Call) and node.name == "is_set":
            found = self.field_at(typed.args[0], anchor, scope)
            if found is None:
                return None
            relative, field = found
            shape = well_formed(field)
            if shape is None:
                return None
            is_set = self.reach(relative, shape)
            return Truth(is_set, {"not": is_set})
        return None

    # -- the parts ---------------------------------------------------------------------------

    def field_at(self, typed: Typed, anchor: FieldPath, scope: FieldPath | None) -> tuple[FieldPath, m.Field] | None:
        """The path of a field reference relative to `anchor` and its field, if reachable through groups alone."""
        node = typed.node
        if isinstance(node, n.FieldPath):
            path = node.path
        elif isinstance(node, n.ItemPath) and scope is not None:
            path = (*scope, EACH, *node.path)
        else:
            return None
        if path[: len(anchor)] != anchor or EACH in path[len(anchor) :] or path not in self.fields:
            return None
        return path[len(anchor) :], self.fields[path]

    @staticmethod
    def reach(relative: FieldPath, value: Schema) -> Schema:
        """A schema that holds where the field at `relative` is present and its value is valid against `value`."""
        schema = value
        for name in reversed(relative):
            schema = {"type": "object", "properties": {name: schema}, "required": [name]}
        return schema

    def comparison(self, typed: Typed, anchor: FieldPath, scope: FieldPath | None) -> Truth | None:
        node = typed.node
        assert isinstance(node, n.Comparison)
        left, right = typed.args
        op = node.op
        if literal_value(left.node) is not _NOT_LITERAL:
            left, right, op = right, left, _FLIPPED[op]
        value = literal_value(right.node)
        if value is _NOT_LITERAL:
            return None
        return self.compare(left, op, value, anchor, scope)

    def compare(self, subject: Typed, op: str, value: Any, anchor: FieldPath, scope: FieldPath | None) -> Truth | None:
        """`subject op value` for a field `subject` and a literal `value`."""
        found = self.field_at(subject, anchor, scope)
        if found is None:
            return None
        relative, field = found
        shape = well_formed(field)
        if shape is None or not _comparable(field, op, value):
            return None
        if op in ("==", "!="):
            equal = {"const": value} if _evident(field, value) else {**shape, "const": value}
            different = {**shape, "not": {"const": value}}
            true, false = (equal, different) if op == "==" else (different, equal)
        else:
            true = {**shape, _BOUND[op]: value}
            false = {**shape, _BOUND[_NEGATED[op]]: value}
        return Truth(self.reach(relative, true), self.reach(relative, false))

    def membership(self, typed: Typed, anchor: FieldPath, scope: FieldPath | None) -> Truth | None:
        node = typed.node
        assert isinstance(node, n.Membership)
        value, container = typed.args
        if isinstance(container.node, n.ListLiteral):
            values = [literal_value(item) for item in container.node.items]
            found = self.field_at(value, anchor, scope)
            if found is None or any(v is _NOT_LITERAL for v in values):
                return None
            relative, field = found
            shape = well_formed(field)
            if shape is None or not all(_comparable(field, "==", v) for v in values):
                return None
            evident = all(_evident(field, v) for v in values)
            inside = self.reach(relative, {"enum": values} if evident else {**shape, "enum": values})
            outside = self.reach(relative, {**shape, "not": {"enum": values}})
        else:
            literal = literal_value(value.node)
            found = self.field_at(container, anchor, scope)
            if literal is _NOT_LITERAL or found is None:
                return None
            relative, field = found
            element = _element_shape(field, literal)
            if element is None:
                return None
            # `lit in list` is false, never absent, when the list is absent (svcdef_runtime.in_)
            inside = self.reach(relative, {"type": "array", "contains": {**element, "const": literal}})
            outside = {"not": inside}
        return Truth(outside, inside) if node.negated else Truth(inside, outside)


_NOT_LITERAL = object()
_FLIPPED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_BOUND = {"<": "exclusiveMaximum", "<=": "maximum", ">": "exclusiveMinimum", ">=": "minimum"}


def literal_value(node: n.Node) -> Any:
    """The JSON value of a text, boolean or integer literal (`-3` included); `_NOT_LITERAL` for anything else."""
    if isinstance(node, n.TextLiteral | n.BooleanLiteral | n.IntegerLiteral):
        return node.value
    if isinstance(node, n.Negate) and isinstance(node.operand, n.IntegerLiteral):
        return -node.operand.value
    return _NOT_LITERAL


def _comparable(field: m.Field, op: str, value: Any) -> bool:
    """Whether `field op value` compares the JSON value as sent the way the expression compares the typed value."""
    if isinstance(field, m.IntegerField):
        return isinstance(value, int) and not isinstance(value, bool)
    if op not in ("==", "!="):
        return False
    if isinstance(field, m.BooleanField):
        return isinstance(value, bool)
    text_field = isinstance(field, m.TextField | m.ChoiceField) or type(field) in m.FORMAT_FIELDS
    return text_field and isinstance(value, str)


def _evident(field: m.Field, value: Any) -> bool:
    """Whether `value` is itself well-formed for `field`, so that `const` alone says "set and equal"."""
    if isinstance(field, m.ChoiceField):
        return value in option_codes(field)
    if isinstance(field, m.IntegerField):
        return bool(abs(value) <= formats.MAX_SAFE_INTEGER)
    return isinstance(field, m.BooleanField | m.TextField)


def _element_shape(field: m.Field, literal: Any) -> Schema | None:
    """The well-formed elements of a multichoice or a list of single values that `literal` can equal, or None."""
    if isinstance(field, m.MultiChoiceField):
        return {"enum": option_codes(field)} if isinstance(literal, str) else None
    if isinstance(field, m.ListField) and field.item is not None and _comparable(field.item, "==", literal):
        return well_formed(field.item)
    return None


def field_table(infos: tuple[FieldInfo, ...]) -> dict[FieldPath, m.Field]:
    """Every field of a service by data path."""
    return {info.path: info.field for info in infos}
