"""The checked service: the resolved field tree with every expression type-checked, ready for targets.

`svcdef.check` builds a `Service` for each spec that checked cleanly; the
reference interpreter and every generator read only this, never the raw
model's unresolved names, so nothing downstream looks anything up again.
Field paths are tuples of names from the root, with `EACH` standing for
"every entry of the list before it": `("children", "*", "birth_date")`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from . import model as m

if TYPE_CHECKING:  # the expression language is imported only when a spec needs it
    from .expr import Group, Type, Typed
    from .tables import Lookup

EACH = "*"
"""Path segment for the entries of a list."""

FieldPath = tuple[str, ...]


class FieldInfo(NamedTuple):
    """One field of the resolved tree, with its conditions checked in its scope."""

    path: FieldPath
    field: m.Field
    visible: Typed | bool
    """The field's own `visible_if` (True when it has none); ancestors' visibility is theirs."""
    required: Typed | bool
    """`required`: a constant or a condition."""
    scope: FieldPath | None
    """The innermost list whose entries are `item` in the field's conditions, or None at the top."""
    type: Type
    """The field's type in expressions."""


class Rule(NamedTuple):
    """A validation with its expressions checked."""

    validation: m.Validation
    rule: Typed
    when: Typed | None
    for_each: FieldPath | None
    """The list whose entries the rule is checked for, or None."""
    at: FieldPath | None
    """Where errors are reported: a root path, or a path below `for_each + (EACH,)`; None for the default."""


class ComputedValue(NamedTuple):
    """A computed value, checked; `Service.computed` lists them in an order where each follows what it reads."""

    computed: m.Computed
    value: Typed
    type: Type

    @property
    def name(self) -> str:
        return self.computed.name


class FeeLine(NamedTuple):
    """A fee item with its expressions checked."""

    item: m.FeeItem
    amount: Typed
    when: Typed | None
    for_each: FieldPath | None


class FeePlan(NamedTuple):
    """The fee schedule, checked."""

    fees: m.Fees
    currency: str
    lines: tuple[FeeLine, ...]
    date: Typed | None
    """Expression over the fields giving the fee date (selects items and tables in force); None: today."""
    tables: tuple[Lookup, ...] = ()
    """The decision tables by lookup name, each with its dated versions (`svcdef.tables`)."""


class Mapped(NamedTuple):
    """One entry of the target mapping: a value expression, or a repeated part built from a list."""

    entry: m.MappingEntry
    value: Typed | None
    source: FieldPath | None
    entries: tuple[Mapped, ...]


def text_sha256(text: str) -> str:
    """The sha256 of a spec or library file's text (UTF-8), in hex."""
    import hashlib  # here rather than at the top: `svcdef check` needs no hash, and importing OpenSSL takes ms

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Service(NamedTuple):
    """A checked service: the spec, its resolved field tree and everything generators need."""

    spec: m.Spec
    path: str
    text: str
    """The spec file's text as read; its `sha256` goes into build manifests and generated headers."""
    fields: tuple[m.Field, ...]
    """The field tree with named types expanded to groups and option lists inlined."""
    options: dict[str, m.OptionList]
    infos: tuple[FieldInfo, ...]
    """Every field, depth first in spec order (list entry fields under `EACH`)."""
    root: Group
    """The types of the top-level names expressions see: fields, then computed values."""
    computed: tuple[ComputedValue, ...]
    rules: tuple[Rule, ...]
    fees: FeePlan | None
    mapping: tuple[Mapped, ...]

    @property
    def id(self) -> str:
        return self.spec.service.id

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)

    def today(self) -> dt.date:
        """The current date in the service's time zone: what `today()` is when no day is given (DESIGN §4).

        The generated code's default too; the machine's own date would differ for hours a day on a server
        in another zone.
        """
        from zoneinfo import ZoneInfo  # only `run` and `test` without a day need it

        return dt.datetime.now(ZoneInfo(self.spec.service.timezone)).date()

    @property
    def languages(self) -> tuple[str, ...]:
        return self.spec.service.languages

    @property
    def currency(self) -> str | None:
        return self.spec.service.currency or (self.spec.fees.currency if self.spec.fees else None)

    def info(self, path: FieldPath) -> FieldInfo:
        """The field at `path`."""
        for found in self.infos:
            if found.path == path:
                return found
        raise KeyError(path)
