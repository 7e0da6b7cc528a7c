"""Binds a spec's expressions to its resolved field tree: every condition, rule, computed value, fee and mapping.

The checker resolves named types and option lists first; this module then
gives every field its expression type, orders the computed values so that
each follows the values it reads (reporting cycles), and type-checks every
expression in the scope where it stands: a field inside a list entry sees
that entry as `item`, a rule or fee item with `for_each` sees each entry of
its list. The result is the expression part of `svcdef.service.Service`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from . import model as m
from .diagnostics import Diagnostic
from .expr import (
    BOOL,
    DATE,
    DATETIME,
    DECIMAL,
    INT,
    TEXT,
    TIME,
    Env,
    Group,
    ListOf,
    Money,
    Text,
    Type,
    Typed,
    check_expression,
    describe,
    parse_expression,
)
from .expr import nodes as n
from .formats import MONEY_SCALE
from .service import EACH, ComputedValue, FeeLine, FeePlan, FieldInfo, FieldPath, Mapped, Rule
from .span import Snippet
from .tables import Lookup, TableFunctions, analyse, column_type, compile_tables, describe_call_problem, item_periods

FILE_TYPE = Group({"name": TEXT, "media_type": TEXT, "size": INT, "ref": TEXT})
"""A file attachment in expressions: the reference the submission carries."""

_TEXT_FIELDS = (m.TextField, m.EmailField, m.PhoneField, m.IbanField, m.PostalCodeField, m.AhvNumberField, m.UidField)
_SCALARS: dict[type[m.Field], Type] = {
    m.IntegerField: INT,
    m.DecimalField: DECIMAL,
    m.BooleanField: BOOL,
    m.DateField: DATE,
    m.DateTimeField: DATETIME,
    m.TimeField: TIME,
    m.FileField: FILE_TYPE,
}
PatternChecker = Callable[[Snippet], list[Diagnostic]]


class Bound(NamedTuple):
    """The expression part of a checked service."""

    infos: tuple[FieldInfo, ...]
    root: Group
    computed: tuple[ComputedValue, ...]
    rules: tuple[Rule, ...]
    fees: FeePlan | None
    mapping: tuple[Mapped, ...]


def field_type(f: m.Field, currency: str | None) -> Type:
    """The type a field's value has in expressions."""
    if isinstance(f, _TEXT_FIELDS):
        return TEXT
    if isinstance(f, m.MoneyField):
        return Money(f.currency or currency or "XXX")
    if isinstance(f, (m.ChoiceField, m.MultiChoiceField)):
        codes = Text(frozenset(o.name for o in f.options if isinstance(o, m.Option)))
        return codes if isinstance(f, m.ChoiceField) else ListOf(codes)
    if isinstance(f, m.GroupField):
        return Group({c.name: field_type(c, currency) for c in f.fields})
    if isinstance(f, m.ListField):
        if f.item is not None:
            return ListOf(field_type(f.item, currency))
        return ListOf(Group({c.name: field_type(c, currency) for c in f.fields or ()}))
    return _SCALARS[type(f)]


def bind(
    spec: m.Spec,
    fields: tuple[m.Field, ...],
    currency: str | None,
    pattern_checker: PatternChecker,
    functions: dict[str, Callable[..., Type | None]] | None = None,
) -> tuple[Bound, list[Diagnostic]]:
    """Type-check every expression of `spec` against its resolved `fields`.

    The spec's decision tables join `functions` as one function per table
    output, available in computed values and fee items (docs/fees.md); the
    tables are analysed once every call has told which choices it passes.
    """
    lookups: tuple[Lookup, ...] = ()
    table_diagnostics: list[Diagnostic] = []
    if spec.fees is not None:
        lookups, table_diagnostics = compile_tables(spec.fees, spec.fees.currency or currency or "XXX")
    tables = TableFunctions(lookups)
    binder = _Binder(currency, pattern_checker, dict(functions or {}), {f.name for f in fields}, tables)
    binder.diagnostics += table_diagnostics
    field_types = {f.name: field_type(f, currency) for f in fields}
    computed = binder.computed(spec.computed, field_types)
    root = Group({**field_types, **{c.name: c.type for c in computed}})
    infos = tuple(binder.fields(fields, (), None, None, root))
    rules = tuple(r for v in spec.validations if (r := binder.rule(v, root)) is not None)
    fees = binder.fees(spec.fees, root, Group(field_types), lookups) if spec.fees is not None else None
    mapping: tuple[Mapped, ...] = ()
    if spec.target is not None:
        target_root = root
        if spec.fees is not None and "fees" not in root.fields:
            target_root = Group({**root.fields, "fees": Group({"total": Money(fees.currency if fees else "XXX")})})
        mapping = tuple(e for entry in spec.target.mapping if (e := binder.mapped(entry, target_root, None)))
    binder.diagnostics += analyse(lookups, tables)
    return Bound(infos, root, computed, rules, fees, mapping), binder.diagnostics


class _Binder:
    def __init__(
        self,
        currency: str | None,
        pattern_checker: PatternChecker,
        functions: dict[str, object],
        names: set[str],
        tables: TableFunctions,
    ) -> None:
        self.currency = currency
        self.field_names = names
        self.pattern_checker = pattern_checker
        self.functions = functions
        self.tables = tables
        self.with_tables = {**functions, **tables.signatures()}
        self.diagnostics: list[Diagnostic] = []

    def check(self, snippet: Snippet, env: Env, expected: Type | None) -> Typed | None:
        self.tables.problems.clear()
        typed, found = check_expression(snippet, env, expected, pattern_checker=self.pattern_checker)
        if self.tables.by_function and any(d.code in ("E0415", "E0417") for d in found):
            found = self.table_calls(snippet, env, found)
        self.diagnostics += found
        return typed

    def env(self, root: Group, item: Type | None, *, tables: bool = False) -> Env:
        """The names an expression sees; `tables`: also the decision tables (computed values and fee items)."""
        return Env(root, item, functions_extra=self.with_tables if tables else self.functions)  # type: ignore[arg-type]

    def table_calls(self, snippet: Snippet, env: Env, found: list[Diagnostic]) -> list[Diagnostic]:
        """Say which argument of a table lookup is wrong, and why a table cannot be looked up where it stands."""
        tree, _ = parse_expression(snippet)
        calls: list[n.Call] = []
        stack = [tree] if tree is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, n.Call):
                calls.append(node)
            stack.extend(n.children(node))
        problems = list(self.tables.problems)
        out = []
        for d in found:
            problem = problems[0] if problems else None
            if d.code == "E0417" and problem and d.message.startswith(f"{problem.function}() does not take ("):
                problems.pop(0)
                call = next((c for c in calls if c.name == problem.function and c.span == d.span), None)
                code, message, at, hint = describe_call_problem(problem)
                span = call.args[at].span if call is not None and at is not None else d.span
                out.append(Diagnostic(code, span, message, hint))
                continue
            name = d.message.removeprefix("unknown function '").removesuffix("'")
            if d.code == "E0415" and name in self.tables.by_function and name not in env.functions_extra:
                out.append(
                    Diagnostic(
                        "E0512",
                        d.span,
                        f"table function '{name}' cannot be looked up here: tables are looked up in computed values "
                        "and fee items",
                        "look the value up in a computed value and use that here",
                    )
                )
                continue
            out.append(d)
        return out

    def condition(self, value: m.Condition | None, env: Env, default: bool) -> Typed | bool:
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        typed = self.check(value, env, BOOL)
        return default if typed is None else typed

    # -- fields --------------------------------------------------------------------------

    def fields(
        self, fields: tuple[m.Field, ...], prefix: FieldPath, scope: FieldPath | None, item: Type | None, root: Group
    ) -> Iterator[FieldInfo]:
        env = self.env(root, item)
        for f in fields:
            path = (*prefix, f.name)
            visible = self.condition(f.visible_if, env, True)
            required = self.condition(f.required, env, False)
            own_type = field_type(f, self.currency)
            yield FieldInfo(path, f, visible, required, scope, own_type)
            if isinstance(f, m.GroupField):
                yield from self.fields(f.fields, path, scope, item, root)
            elif isinstance(f, m.ListField):
                assert isinstance(own_type, ListOf)
                entry = (*path, EACH)
                if f.item is not None:
                    yield FieldInfo(entry, f.item, True, True, path, own_type.elem)
                    if isinstance(f.item, m.GroupField):
                        yield from self.fields(f.item.fields, entry, path, own_type.elem, root)
                else:
                    yield from self.fields(f.fields or (), entry, path, own_type.elem, root)

    # -- computed values -----------------------------------------------------------------

    def computed(self, values: tuple[m.Computed, ...], field_types: dict[str, Type]) -> tuple[ComputedValue, ...]:
        by_name: dict[str, m.Computed] = {}
        for c in values:
            if c.name in field_types:
                self.diagnostics.append(
                    Diagnostic(
                        "E0203",
                        c.span,
                        f"computed value '{c.name}' has the name of a field",
                        f"rename it, e.g. '{c.name}_total'",
                    )
                )
            else:
                by_name[c.name] = c
        reads = {name: _names_read(c.value) & by_name.keys() for name, c in by_name.items()}
        order, cyclic = _order(reads)
        for name, cycle in cyclic.items():
            c = by_name[name]
            self.diagnostics.append(
                Diagnostic(
                    "E0427",
                    c.span_of("value"),
                    f"computed value '{name}' depends on itself: {' -> '.join(cycle)}",
                    "compute one of them from the fields directly",
                )
            )
        done: list[ComputedValue] = []
        for name in order:
            c = by_name[name]
            if not reads[name] <= {d.name for d in done}:
                continue  # it reads a value on a cycle (reported) or one with errors
            env = self.env(Group({**field_types, **{d.name: d.type for d in done}}), None, tables=True)
            declared = column_type(c.type, self.currency or "XXX") if c.type else None
            typed = self.check(c.value, env, declared)
            if typed is not None:
                done.append(ComputedValue(c, typed, declared or typed.type))
        return tuple(done)

    # -- validations, fees, mapping ------------------------------------------------------

    def each(self, snippet: Snippet | None, root: Group, what: str) -> tuple[FieldPath | None, Type | None, bool]:
        """Resolve a `for_each`/`from` list path: (path, element type, ok)."""
        if snippet is None:
            return None, None, True
        typed = self.check(snippet, self.env(root, None), None)
        if typed is None:
            return None, None, False
        if not isinstance(typed.node, n.FieldPath) or not isinstance(typed.type, ListOf):
            self.diagnostics.append(
                Diagnostic(
                    "E0428",
                    typed.node.span,
                    f"{what} needs the path of a list field, not {_shown(typed)}",
                    "write the list's path, e.g. 'children' or 'household.children'",
                )
            )
            return None, None, False
        return typed.node.path, typed.type.elem, True

    def rule(self, v: m.Validation, root: Group) -> Rule | None:
        for_each, item, ok = self.each(v.for_each, root, "for_each")
        env = self.env(root, item)
        rule = self.check(v.rule, env, BOOL)
        when = self.check(v.when, env, BOOL) if v.when is not None else None
        at = self.at(v.at, env, for_each) if v.at is not None else None
        if not ok or rule is None or (v.when is not None and when is None) or (v.at is not None and at is None):
            return None
        return Rule(v, rule, when, for_each, at)

    def at(self, snippet: Snippet, env: Env, for_each: FieldPath | None) -> FieldPath | None:
        typed = self.check(snippet, env, None)
        if typed is None:
            return None
        node = typed.node
        if isinstance(node, n.ItemPath) and for_each is not None:
            return (*for_each, EACH, *node.path)
        if isinstance(node, n.FieldPath) and node.path[0] in self.field_names:
            return node.path
        self.diagnostics.append(
            Diagnostic(
                "E0429",
                node.span,
                f"'at' must name the field the error is shown at, not {_shown(typed)}",
                "write a field path such as 'holder.birth_date' (or 'item.start_date' with for_each)",
            )
        )
        return None

    def fees(self, fees: m.Fees, root: Group, fields: Group, tables: tuple[Lookup, ...]) -> FeePlan | None:
        currency = fees.currency or self.currency or "XXX"
        money = Money(currency)
        self.diagnostics += item_periods(fees.items)
        if fees.rounding is not None and fees.rounding.step <= 0:
            self.diagnostics.append(
                Diagnostic(
                    "E0308",
                    fees.rounding.span_of("step"),
                    f"rounding step must be above zero, not {fees.rounding.step}",
                    'write step: "0.05" (Rappenrundung) or step: "0.01"',
                )
            )
        lines: list[FeeLine] = []
        failed = False
        for item in fees.items:
            self.caps(item, currency)
            for_each, element, ok = self.each(item.for_each, root, "for_each")
            env = self.env(root, element, tables=True)
            amount = self.check(item.amount, env, money)
            when = self.check(item.when, env, BOOL) if item.when is not None else None
            if not ok or amount is None or (item.when is not None and when is None):
                failed = True
                continue
            lines.append(FeeLine(item, amount, when, for_each))
        date = self.check(fees.date, self.env(fields, None), DATE) if fees.date is not None else None
        if failed or (fees.date is not None and date is None):
            return None
        return FeePlan(fees, currency, tuple(lines), date, tables)

    def caps(self, item: m.FeeItem, currency: str) -> None:
        """`min` and `max` of a fee item are amounts in the fee currency, the lower one first."""
        for key in ("min", "max"):
            cap = getattr(item, key)
            if cap is not None and -int(cap.as_tuple().exponent) > MONEY_SCALE:
                self.diagnostics.append(
                    Diagnostic(
                        "E0307",
                        item.span_of(key),
                        f"'{key}' of item '{item.id}' must be an amount in {currency} with at most "
                        f"{MONEY_SCALE} decimal places, not {cap}",
                    )
                )
        if item.min is not None and item.max is not None and item.min > item.max:
            self.diagnostics.append(
                Diagnostic(
                    "E0301", item.span_of("min"), f"'min' {item.min} of item '{item.id}' is above its 'max' {item.max}"
                )
            )

    def mapped(self, entry: m.MappingEntry, root: Group, item: Type | None) -> Mapped | None:
        if entry.value is not None:
            typed = self.check(entry.value, self.env(root, item), None)
            return None if typed is None else Mapped(entry, typed, None, ())
        source, element, ok = self.each(entry.source_list, root, "'from'")
        if not ok:
            return None
        inner = tuple(e for sub in entry.entries if (e := self.mapped(sub, root, element)))
        if len(inner) != len(entry.entries):
            return None
        return Mapped(entry, None, source, inner)


def _shown(typed: Typed) -> str:
    if isinstance(typed.node, n.FieldPath):
        return f"'{'.'.join(typed.node.path)}' ({describe(typed.type)})"
    return f"an expression of type {describe(typed.type)}"


def _names_read(snippet: Snippet) -> set[str]:
    """The top-level names an expression mentions (before type checking, to order computed values)."""
    tree, _ = parse_expression(snippet)
    found: set[str] = set()
    stack = [tree] if tree is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, n.FieldPath):
            found.add(node.path[0])
        stack.extend(n.children(node))
    return found


def _order(reads: dict[str, set[str]]) -> tuple[list[str], dict[str, list[str]]]:
    """A dependency order of the names, and for each name on a cycle the cycle through it."""
    order: list[str] = []
    state: dict[str, int] = {}
    cyclic: dict[str, list[str]] = {}

    def visit(name: str, stack: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = [*stack[stack.index(name) :], name]
            cyclic.setdefault(name, cycle)
            return
        state[name] = 1
        for dep in sorted(reads[name]):
            visit(dep, [*stack, name])
        state[name] = 2
        if name not in cyclic:
            order.append(name)

    for name in reads:
        visit(name, [])
    return order, cyclic
