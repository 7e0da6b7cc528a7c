"""The type checker: resolves names and infers a type for every node of an expression.

`check_expression` parses and checks one expression against an `Env` (the
names in scope) and reports every problem it finds with the column inside the
expression. The result, a `Typed` tree, also records for each node the runtime
operation it resolves to (`Typed.op`), so the interpreter and the emitters do
not repeat the type dispatch.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from ..diagnostics import Diagnostic, did_you_mean
from ..frozen import Frozen, set_attribute
from ..span import Snippet, Span
from . import nodes as n
from .parser import parse
from .types import (
    BOOL,
    DATE,
    DATETIME,
    DECIMAL,
    INT,
    NULL,
    TEXT,
    TIME,
    Group,
    ListOf,
    Money,
    Text,
    Type,
    assignable,
    describe,
    is_number,
    is_ordered,
    is_scalar,
    join,
)

ExtraFunction = Callable[[Sequence[Type]], Type | None]
"""A function the caller adds (decision-table lookups): given the argument types, the result type or None if they do not fit."""


_NO_FUNCTIONS: Mapping[str, ExtraFunction] = MappingProxyType({})


class Env(Frozen):
    """What an expression may refer to."""

    __slots__ = ("functions_extra", "item", "root", "today_allowed")
    _compared = ("root", "item", "today_allowed", "functions_extra")

    root: Group
    """Top-level names (fields and computed values) and their types."""
    item: Type | None
    """Type of `item` in a list context (a fee item with `for_each`, a list rule); None outside lists."""
    today_allowed: bool
    """Whether `today()` and `age()` may be used (not in values that must not depend on the day)."""
    functions_extra: Mapping[str, ExtraFunction]
    """Additional functions by name, called in generated code as `_fn_<name>(...)`."""

    def __init__(
        self,
        root: Group,
        item: Type | None = None,
        today_allowed: bool = True,
        functions_extra: Mapping[str, ExtraFunction] = _NO_FUNCTIONS,
    ) -> None:
        set_attribute(self, "root", root)
        set_attribute(self, "item", item)
        set_attribute(self, "today_allowed", today_allowed)
        set_attribute(self, "functions_extra", functions_extra)


class Typed(Frozen):
    """A checked node: its inferred `type`, its checked sub-expressions and the operation it resolves to."""

    __slots__ = ("args", "node", "op", "type")
    _compared = ("node", "type", "args", "op")

    node: n.Node
    type: Type
    args: tuple[Typed, ...]
    """The checked children, in the order of `nodes.children(node)`."""
    op: str
    """The runtime operation (a function name shared by both runtimes) for operators and calls; '' for others."""

    def __init__(self, node: n.Node, type: Type, args: tuple[Typed, ...] = (), op: str = "") -> None:
        set_attribute(self, "node", node)
        set_attribute(self, "type", type)
        set_attribute(self, "args", args)
        set_attribute(self, "op", op)


FUNCTIONS = (
    "today", "age", "days_between", "years_between", "add_days",
    "count", "sum", "min", "max", "any", "all",
    "len", "lower", "upper", "trim", "matches",
    "round", "abs", "is_set", "coalesce",
)  # fmt: skip
MAX_ROUND_PLACES = 12


def parse_expression(snippet: Snippet) -> tuple[n.Node | None, list[Diagnostic]]:
    """The syntax tree of an expression, or None and the diagnostic of its first syntax error."""
    return parse(snippet)


def check_expression(
    snippet: Snippet,
    env: Env,
    expected: Type | tuple[Type, ...] | None,
    *,
    pattern_checker: Callable[[Snippet], list[Diagnostic]] | None = None,
) -> tuple[Typed | None, list[Diagnostic]]:
    """Parse and type-check an expression; the typed tree is None when there is any error (warnings allowed)."""
    tree, diagnostics = parse(snippet)
    if tree is None:
        return None, diagnostics
    checker = _Checker(snippet, pattern_checker)
    typed = checker.check(tree, env)
    diagnostics = checker.diagnostics
    if typed is not None and expected is not None:
        wanted = expected if isinstance(expected, tuple) else (expected,)
        if not any(assignable(typed.type, t) for t in wanted):
            names = " or ".join(describe(t) for t in wanted)
            hint = "compare it, for example with == or is_set(…)" if BOOL in wanted else None
            diagnostics.append(
                Diagnostic("E0421", tree.span, f"expected {names}, but the expression is {describe(typed.type)}", hint)
            )
    if any(d.code.startswith("E") for d in diagnostics):
        return None, diagnostics
    return typed, diagnostics


def references(typed: Typed) -> set[tuple[str, ...]]:
    """The root field paths an expression reads (including those inside predicates)."""
    found: set[tuple[str, ...]] = set()
    stack = [typed]
    while stack:
        t = stack.pop()
        if isinstance(t.node, n.FieldPath):
            found.add(t.node.path)
        stack.extend(t.args)
    return found


class _Checker:
    def __init__(self, snippet: Snippet, pattern_checker: Callable[[Snippet], list[Diagnostic]] | None) -> None:
        self.snippet = snippet
        self.pattern_checker = pattern_checker
        self.diagnostics: list[Diagnostic] = []

    def report(self, code: str, span: Span, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, span, message, hint))

    def check(self, node: n.Node, env: Env) -> Typed | None:
        match node:
            case n.IntegerLiteral():
                return Typed(node, INT)
            case n.DecimalLiteral():
                return Typed(node, DECIMAL)
            case n.TextLiteral():
                return Typed(node, TEXT)
            case n.BooleanLiteral():
                return Typed(node, BOOL)
            case n.NullLiteral():
                return Typed(node, NULL)
            case n.DateLiteral():
                return Typed(node, DATE)
            case n.DateTimeLiteral():
                return Typed(node, DATETIME)
            case n.TimeLiteral():
                return Typed(node, TIME)
            case n.ListLiteral():
                self.report("E0410", node.span, "a list literal may only follow 'in' or 'not in'")
                return None
            case n.FieldPath():
                return self.field_path(node, env)
            case n.ItemPath():
                return self.item_path(node, env)
            case n.Index():
                if env.item is None:
                    self.report(
                        "E0412",
                        node.span,
                        "'index' is only defined inside a list",
                        "use it in a fee item with for_each, or in the predicate of any/all/count/sum",
                    )
                    return None
                return Typed(node, INT)
            case n.Negate():
                return self.negate(node, env)
            case n.Not():
                operand = self.check(node.operand, env)
                if operand is None or not self.boolean(operand, "'not'"):
                    return None
                return Typed(node, BOOL, (operand,), "not_")
            case n.Arithmetic():
                return self.arithmetic(node, env)
            case n.Comparison():
                return self.comparison(node, env)
            case n.Logical():
                left, right = self.check(node.left, env), self.check(node.right, env)
                if left is None or right is None:
                    return None
                ok = self.boolean(left, f"'{node.op}'") & self.boolean(right, f"'{node.op}'")
                return Typed(node, BOOL, (left, right), node.op + "_") if ok else None
            case n.Membership():
                return self.membership(node, env)
            case n.Conditional():
                return self.conditional(node, env)
            case n.Call():
                return self.call(node, env)
        raise TypeError(f"checker has no case for {type(node).__name__}")

    # -- names ---------------------------------------------------------------------------
    def field_path(self, node: n.FieldPath, env: Env) -> Typed | None:
        head = node.path[0]
        if head not in env.root.fields:
            hint = did_you_mean(head, [*env.root.fields, *(["item", "index"] if env.item is not None else [])])
            hint = hint or _nested_hint(head, env.root)
            self.report("E0411", node.segment_spans[0], f"unknown name '{head}'", hint)
            return None
        found = self.walk(env.root.fields[head], node.path, node.segment_spans, 1, head)
        return None if found is None else Typed(node, found)

    def item_path(self, node: n.ItemPath, env: Env) -> Typed | None:
        if env.item is None:
            self.report(
                "E0412",
                node.span,
                "'item' is only defined inside a list",
                "use it in a fee item with for_each, or in the predicate of any/all/count/sum",
            )
            return None
        found = self.walk(env.item, ("item", *node.path), (node.span, *node.segment_spans), 1, "item")
        return None if found is None else Typed(node, found)

    def walk(
        self, current: Type, path: tuple[str, ...], spans: tuple[Span, ...], start: int, shown: str
    ) -> Type | None:
        for i in range(start, len(path)):
            name = path[i]
            if isinstance(current, ListOf):
                inner = f"item.{'.'.join(path[i:])}"
                self.report(
                    "E0413",
                    spans[i],
                    f"'{shown}' is a list; '.{name}' cannot reach into all its elements",
                    f"use a list function: any({shown}, {inner} == …), count({shown}, …), sum({shown}, {inner}), "
                    f"min({shown}, {inner}) or max({shown}, {inner})",
                )
                return None
            if not isinstance(current, Group):
                self.report("E0414", spans[i], f"'{shown}' is {describe(current)} and has no fields")
                return None
            if name not in current.fields:
                self.report("E0411", spans[i], f"'{shown}' has no field '{name}'", did_you_mean(name, current.fields))
                return None
            current = current.fields[name]
            shown = f"{shown}.{name}"
        return current

    # -- operators -----------------------------------------------------------------------
    def boolean(self, operand: Typed, what: str) -> bool:
        if assignable(operand.type, BOOL):
            return True
        self.report("E0418", operand.node.span, f"{what} needs true or false, but this is {describe(operand.type)}")
        return False

    def negate(self, node: n.Negate, env: Env) -> Typed | None:
        operand = self.check(node.operand, env)
        if operand is None:
            return None
        if not is_number(operand.type):
            self.report("E0418", node.span, f"cannot negate {describe(operand.type)}")
            return None
        return Typed(node, operand.type, (operand,), "neg")

    def arithmetic(self, node: n.Arithmetic, env: Env) -> Typed | None:
        left, right = self.check(node.left, env), self.check(node.right, env)
        if left is None or right is None:
            return None
        a, b, op = left.type, right.type, node.op
        if op == "/" and isinstance(node.right, n.IntegerLiteral | n.DecimalLiteral) and node.right.value == 0:
            self.report("W0401", node.right.span, "division by zero always gives null")
        if op == "+" and isinstance(a, Text) and isinstance(b, Text):
            return Typed(node, TEXT, (left, right), "concat")
        result = self.number_result(node, a, b)
        if result is None:
            return None
        return Typed(node, result, (left, right), _ARITHMETIC[op])

    def number_result(self, node: n.Arithmetic, a: Type, b: Type) -> Type | None:
        op = node.op
        if a == NULL or b == NULL:
            self.report("E0418", node.span, f"'{op}' with null always gives null", "use coalesce(x, 0) for a default")
            return None
        if not (is_number(a) and is_number(b)):
            self.report(
                "E0418", node.span, f"cannot use '{op}' on {describe(a)} and {describe(b)}", _arith_hint(op, a, b)
            )
            return None
        if isinstance(a, Money) and isinstance(b, Money):
            if a.currency != b.currency:
                self.report("E0425", node.span, f"cannot combine {describe(a)} and {describe(b)}")
                return None
            if op == "*":
                self.report("E0418", node.span, "cannot multiply money by money")
                return None
            return DECIMAL if op == "/" else a
        if isinstance(a, Money):
            return a
        if isinstance(b, Money):
            if op == "/":
                self.report("E0418", node.span, f"cannot divide {describe(a)} by money")
                return None
            return b
        if op == "/":
            return DECIMAL
        return INT if a == INT and b == INT else DECIMAL

    def comparison(self, node: n.Comparison, env: Env) -> Typed | None:
        left, right = self.check(node.left, env), self.check(node.right, env)
        if left is None or right is None:
            return None
        equality = node.op in ("==", "!=")
        if not self.comparable(node.span, node.op, left, right, ordered=not equality):
            return None
        self.option_codes(left, right)
        return Typed(node, BOOL, (left, right), _COMPARISON[node.op])

    def comparable(self, span: Span, op: str, left: Typed, right: Typed, *, ordered: bool) -> bool:
        a, b = left.type, right.type
        if a == NULL or b == NULL:
            self.report("E0422", span, f"'{op}' with null always gives null", "test presence with is_set(x)")
            return False
        if isinstance(a, Money) and isinstance(b, Money) and a.currency != b.currency:
            self.report("E0425", span, f"cannot compare {describe(a)} with {describe(b)}")
            return False
        common = join(a, b)
        if common is None or not is_scalar(common):
            hint = (
                "compare list sizes with count(…), or elements with any(…)"
                if not (is_scalar(a) and is_scalar(b))
                else None
            )
            self.report("E0419", span, f"cannot compare {describe(a)} with {describe(b)}", hint)
            return False
        if ordered and not is_ordered(common):
            hint = (
                "text has no order that Python and JavaScript agree on; compare with == or use len(…)"
                if isinstance(common, Text)
                else None
            )
            self.report("E0419", span, f"'{op}' does not apply to {describe(common)}", hint)
            return False
        return True

    def option_codes(self, left: Typed, right: Typed) -> None:
        """A text literal compared with a choice must be one of its option codes."""
        for value, other in ((left, right), (right, left)):
            options = value.type.options if isinstance(value.type, Text) else None
            if options is None:
                continue
            literals = [t.node for t in (other.args if isinstance(other.node, n.ListLiteral) else (other,))]
            for literal in literals:
                if isinstance(literal, n.TextLiteral) and literal.value not in options:
                    self.report(
                        "E0420",
                        literal.span,
                        f"'{literal.value}' is not an option here",
                        did_you_mean(literal.value, options) or f"the options are {', '.join(sorted(options))}",
                    )

    def membership(self, node: n.Membership, env: Env) -> Typed | None:
        value = self.check(node.value, env)
        container: Typed | None
        if isinstance(node.container, n.ListLiteral):
            container = self.list_literal(node.container, env)
        else:
            container = self.check(node.container, env)
        if value is None or container is None:
            return None
        op = "not in" if node.negated else "in"
        if not isinstance(container.type, ListOf):
            self.report(
                "E0418",
                node.container.span,
                f"'{op}' needs a list on its right, but this is {describe(container.type)}",
                "write x in ['a', 'b'], or compare text with ==",
            )
            return None
        elem = container.type.elem
        if elem != NULL and not self.comparable(node.span, op, value, Typed(node.container, elem), ordered=False):
            return None
        if value.type == NULL:
            self.report("E0422", node.span, f"'{op}' with null always gives null", "test presence with is_set(x)")
            return None
        if isinstance(node.container, n.ListLiteral):
            self.option_codes(value, container)
        elif isinstance(elem, Text) and isinstance(node.value, n.TextLiteral):
            self.option_codes(Typed(node.container, elem), value)
        return Typed(node, BOOL, (value, container), "not_in" if node.negated else "in_")

    def list_literal(self, node: n.ListLiteral, env: Env) -> Typed | None:
        items = [self.check(item, env) for item in node.items]
        if any(i is None for i in items):
            return None
        checked = tuple(i for i in items if i is not None)
        elem: Type = NULL
        for item in checked:
            common = join(elem, item.type)
            if common is None or not is_scalar(item.type):
                self.report(
                    "E0419",
                    item.node.span,
                    f"list elements must have one type; this is {describe(item.type)}, the others are {describe(elem)}",
                )
                return None
            elem = common
        return Typed(node, ListOf(elem), checked)

    def conditional(self, node: n.Conditional, env: Env) -> Typed | None:
        test, then, otherwise = (self.check(x, env) for x in (node.test, node.then, node.otherwise))
        if test is None or then is None or otherwise is None:
            return None
        if not assignable(test.type, BOOL):
            self.report(
                "E0421",
                node.test.span,
                f"the condition after 'if' must be true or false, but this is {describe(test.type)}",
            )
            return None
        result = join(then.type, otherwise.type)
        if result is None:
            self.report(
                "E0426",
                node.span,
                f"the branches have different types: {describe(then.type)} and {describe(otherwise.type)}",
            )
            return None
        return Typed(node, result, (test, then, otherwise))

    # -- calls ---------------------------------------------------------------------------
    def call(self, node: n.Call, env: Env) -> Typed | None:
        name = node.name
        if name in env.functions_extra:
            args = [self.check(a, env) for a in node.args]
            if any(a is None for a in args):
                return None
            checked = tuple(a for a in args if a is not None)
            result = env.functions_extra[name]([a.type for a in checked])
            if result is None:
                types = ", ".join(describe(a.type) for a in checked)
                self.report("E0417", node.span, f"{name}() does not take ({types})")
                return None
            return Typed(node, result, checked, "extra")
        if name not in FUNCTIONS:
            hint = did_you_mean(name, [*FUNCTIONS, *env.functions_extra]) or "see docs/expressions.md for the functions"
            self.report("E0415", node.name_span, f"unknown function '{name}'", hint)
            return None
        if name in ("any", "all") or (name in ("count", "sum") and len(node.args) == 2):
            return self.list_function(node, env, None)
        if name in ("min", "max") and len(node.args) == 2:
            first = self.check(node.args[0], env)
            if first is not None and isinstance(first.type, ListOf):
                return self.list_function(node, env, first)
            args = [first, self.check(node.args[1], env)]
        else:
            args = [self.check(a, env) for a in node.args]
        if any(a is None for a in args):
            return None
        return _SIGNATURES[name](self, node, env, tuple(a for a in args if a is not None))

    def arity(self, node: n.Call, low: int, high: int | None = None) -> bool:
        count = len(node.args)
        high = low if high is None else high
        if low <= count <= high:
            return True
        wanted = f"{low}" if low == high else (f"at least {low}" if high > 99 else f"{low} to {high}")
        span = node.args[high].span if count > high else node.span
        self.report(
            "E0416",
            span,
            f"{node.name}() takes {wanted} argument{'s' if wanted != '1' else ''}, not {count}",
            _USAGE.get(node.name),
        )
        return False

    def argument(self, arg: Typed, node: n.Call, accepted: Callable[[Type], bool], what: str) -> bool:
        if accepted(arg.type):
            return True
        self.report(
            "E0417",
            arg.node.span,
            f"{node.name}() needs {what}, but this is {describe(arg.type)}",
            _USAGE.get(node.name),
        )
        return False

    def list_function(self, node: n.Call, env: Env, source: Typed | None) -> Typed | None:
        """`any`, `all`, `count`, `sum`, `min`, `max` with an expression evaluated for each `item` of a list."""
        if not self.arity(node, 2):
            return None
        source = source or self.check(node.args[0], env)
        if source is None or not self.argument(source, node, _is_list, "a list as first argument"):
            return None
        assert isinstance(source.type, ListOf)
        inner = Env(env.root, source.type.elem, env.today_allowed, env.functions_extra)
        body = self.check(node.args[1], inner)
        if body is None:
            return None
        if node.name == "sum":
            if not self.argument(body, node, is_number, "a number for each item"):
                return None
            return Typed(node, body.type, (source, body), "total_over")
        if node.name in ("min", "max"):
            if not self.argument(body, node, is_ordered, "a number, date or time for each item"):
                return None
            return Typed(node, body.type, (source, body), "smallest_over" if node.name == "min" else "largest_over")
        if not self.argument(body, node, lambda t: assignable(t, BOOL), "a condition (true or false) for each item"):
            return None
        result = INT if node.name == "count" else BOOL
        return Typed(node, result, (source, body), {"any": "some", "all": "every", "count": "count_where"}[node.name])

    def pattern(self, node: n.Call, literal: n.Node) -> bool:
        if not isinstance(literal, n.TextLiteral):
            self.report("E0424", literal.span, "the pattern of matches() must be a text literal")
            return False
        if self.pattern_checker is not None:
            inner = _literal_snippet(self.snippet, literal)
            found = self.pattern_checker(inner)
            self.diagnostics.extend(found)
            return not any(d.code.startswith("E") for d in found)
        try:
            re.compile(literal.value)
        except re.error as e:
            self.report("E0303", literal.span, f"invalid pattern: {e}")
            return False
        return True


def _literal_snippet(snippet: Snippet, literal: n.TextLiteral) -> Snippet:
    """The value of a text literal as a snippet whose positions map through the expression into the file.

    Columns are exact when the expression's own escapes are the only ones
    inside the literal (the usual case); YAML escapes inside it shift them.
    """
    return Snippet(literal.value, literal.span, literal.raw or '"' + literal.value + '"', '"')


def _is_list(t: Type) -> bool:
    return isinstance(t, ListOf)


def _arith_hint(op: str, a: Type, b: Type) -> str | None:
    if DATE in (a, b):
        return "use add_days(d, n) to move a date, days_between(a, b) for the distance"
    if isinstance(a, Text) or isinstance(b, Text):
        return "'+' joins two texts; numbers and text do not mix"
    return None


def _nested_hint(name: str, root: Group) -> str | None:
    for group_name, t in root.fields.items():
        if isinstance(t, Group) and name in t.fields:
            return f"did you mean '{group_name}.{name}'?"
    return None


_Signature = Callable[[_Checker, n.Call, Env, tuple[Typed, ...]], Typed | None]


def _today(c: _Checker, node: n.Call, env: Env, args: tuple[Typed, ...]) -> Typed | None:
    if not c.arity(node, 0) or not _today_allowed(c, node, env):
        return None
    return Typed(node, DATE, args, "today")


def _today_allowed(c: _Checker, node: n.Call, env: Env) -> bool:
    if not env.today_allowed:
        c.report("E0423", node.span, f"{node.name}() depends on the current date and is not allowed here")
    return env.today_allowed


def _age(c: _Checker, node: n.Call, env: Env, args: tuple[Typed, ...]) -> Typed | None:
    if not c.arity(node, 1) or not c.argument(args[0], node, _is(DATE), "a date") or not _today_allowed(c, node, env):
        return None
    return Typed(node, INT, args, "age")


def _between(c: _Checker, node: n.Call, env: Env, args: tuple[Typed, ...]) -> Typed | None:
    if not c.arity(node, 2):
        return None
    if not (c.argument(args[0], node, _is(DATE), "two dates") & c.argument(args[1], node, _is(DATE), "two dates")):
        return None
    return Typed(node, INT, args, node.name)


def _add_days(c: _Checker, node: n.Call, env: Env, args: tuple[Typed, ...]) -> Typed | None:
    if not c.arity(node, 2):
        return None
    if not (
        c.argument(args[0], node, _is(DATE), "a date first")
        & c.argument(args[1], node, _is(INT), "an integer number of days")
    ):
        return None
    return Typed(node, DATE, args, "add_days")


def _count(c: _Checker, node: n.Call, env: Env, args: tuple[Typed, ...]) -> Typed | None:
    if not c.arity(node, 1, 2) or not c.argument(args[0], node, _is_list, "a list"):
        return None
    return Typed(node, INT, args, "count")


def _sum(c: _Checker, node: n.Call, env: Env, args: tuple[Typed, ...]) -> Typed | None:
    if not c.arity(node, 1, 2) or not c.argument(args[0], node, _list_of(is_number), "a list of numbers"):
        return None
    elem = args[0].type.elem  # type: ignore[attr-defined]
    return Typed(node, INT if elem == NULL else elem, args, "total")


def _extreme(c: _Checker, node: n.Call, env: Env, args: tuple[Typed, ...]) -> Typed | None:
    if len(args) == 1:
        if not c.argument(
            args[0], node, _list_of(is_ordered), "a list of numbers, dates or times (or two or more values)"
        ):
            return None
        return Typed(node, args[0].type.elem, args, "smallest" if node.name == "min" else "largest")  # type: ignore[attr-defined]
    if not c.arity(node, 1, 999):
        return None
    result: Type = NULL
    for arg in args:
        if not c.argument(arg, node, is_ordered, "numbers, dates or times"):
            return None
        common = join(result, arg.type)
        if common is None:
            c.report(
                "E0417",
                arg.node.span,
                f"{node.name}() needs values of one type; this is {describe(arg.type)}, "
                f"the others are {describe(result)}",
            )
            return None
        result = common
    return Typed(node, result, args, "least" if node.name == "min" else "greatest")


def _text(c: _Checker, node: n.Call, env: Env, args: tuple[Typed, ...]) -> Typed | None:
    if not c.arity(node, 1) or not c.argument(args[0], node, _is_text, "text"):
        return None
    if node.name == "len":
        return Typed(node, INT, args, "length")
    return Typed(node, TEXT, args, node.name)


def _matches(c: _Checker, node: n.Call, env: Env, args: tuple[Typed, ...]) -> Typed | None:
    if not c.arity(node, 2) or not c.argument(args[0], node, _is_text, "text first"):
        return None
    if not c.pattern(node, node.args[1]):
        return None
    return Typed(node, BOOL, args, "matches")


def _round(c: _Checker, node: n.Call, env: Env, args: tuple[Typed, ...]) -> Typed | None:
    if not c.arity(node, 2) or not c.argument(args[0], node, is_number, "a number first"):
        return None
    places = node.args[1]
    if not isinstance(places, n.IntegerLiteral) or places.value > MAX_ROUND_PLACES:
        c.report("E0424", places.span, f"the places of round() must be an integer literal from 0 to {MAX_ROUND_PLACES}")
        return None
    result = args[0].type if isinstance(args[0].type, Money) else DECIMAL
    return Typed(node, result, args, "round_to")


def _abs(c: _Checker, node: n.Call, env: Env, args: tuple[Typed, ...]) -> Typed | None:
    if not c.arity(node, 1) or not c.argument(args[0], node, is_number, "a number"):
        return None
    return Typed(node, args[0].type, args, "absolute")


def _is_set(c: _Checker, node: n.Call, env: Env, args: tuple[Typed, ...]) -> Typed | None:
    if not c.arity(node, 1):
        return None
    return Typed(node, BOOL, args, "is_set")


def _coalesce(c: _Checker, node: n.Call, env: Env, args: tuple[Typed, ...]) -> Typed | None:
    if not c.arity(node, 2, 999):
        return None
    result: Type = NULL
    for arg in args:
        common = join(result, arg.type)
        if common is None:
            c.report(
                "E0417",
                arg.node.span,
                f"coalesce() needs values of one type; this is {describe(arg.type)}, the others are {describe(result)}",
            )
            return None
        result = common
    return Typed(node, result, args, "coalesce")


def _is(expected: Type) -> Callable[[Type], bool]:
    return lambda t: assignable(t, expected) and t != NULL


def _is_text(t: Type) -> bool:
    return isinstance(t, Text)


def _list_of(accepted: Callable[[Type], bool]) -> Callable[[Type], bool]:
    return lambda t: isinstance(t, ListOf) and accepted(t.elem)


_SIGNATURES: dict[str, _Signature] = {
    "today": _today,
    "age": _age,
    "days_between": _between,
    "years_between": _between,
    "add_days": _add_days,
    "count": _count,
    "sum": _sum,
    "min": _extreme,
    "max": _extreme,
    "len": _text,
    "lower": _text,
    "upper": _text,
    "trim": _text,
    "matches": _matches,
    "round": _round,
    "abs": _abs,
    "is_set": _is_set,
    "coalesce": _coalesce,
}
assert set(_SIGNATURES) | {"any", "all"} == set(FUNCTIONS)

_ARITHMETIC = {"+": "add", "-": "sub", "*": "mul", "/": "div"}
_COMPARISON = {"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
_USAGE = {
    "today": "today()",
    "age": "age(birth_date)",
    "days_between": "days_between(from_date, to_date)",
    "years_between": "years_between(from_date, to_date)",
    "add_days": "add_days(date, days)",
    "count": "count(list) or count(list, condition on item)",
    "sum": "sum(list) or sum(list, amount of item)",
    "min": "min(list), min(list, value of item) or min(a, b, …)",
    "max": "max(list), max(list, value of item) or max(a, b, …)",
    "any": "any(list, condition on item)",
    "all": "all(list, condition on item)",
    "len": "len(text)",
    "lower": "lower(text)",
    "upper": "upper(text)",
    "trim": "trim(text)",
    "matches": "matches(text, 'pattern')",
    "round": "round(number, places)",
    "abs": "abs(number)",
    "is_set": "is_set(value)",
    "coalesce": "coalesce(value, default, …)",
}
