"""Decision tables: cells read by column type, lookups typed for the expression checker, static analysis, matching.

A table is a function of its input columns. Each row holds a condition per
input (`any`, a value, a range with explicit bounds such as `[0, 40000)`, a
comparison such as `>= 130000`, or a YAML list of these) and a value per
output. Tables that share a `lookup` name are dated versions of one function;
the version in force on the fee date answers. docs/fees.md is the contract.

`compile_tables` reads a spec's tables into `Lookup`s and reports malformed
cells; `TableFunctions` gives the expression checker one function per output;
`analyse` then proves, over each input column's whole domain, that no input
is left without a row, that rows of a `unique` table never overlap and that
every row of a `first` table can be reached. `look_up` is the reference
matching that every target implements.
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from . import model as m
from .diagnostics import Diagnostic, did_you_mean
from .expr import BOOL, DATE, DATETIME, DECIMAL, INT, TEXT, TIME, Money, Text, Type, describe
from .expr.checker import FUNCTIONS
from .expr.parser import LITERAL_FUNCTIONS
from .expr.types import assignable
from .formats import MONEY_SCALE, TEMPORAL, parse_date
from .names import IDENTIFIER, reserved_in
from .span import Snippet, Span

MAX_CELLS = 200_000
"""Tables whose inputs split into more combinations than this are not analysed (warning W0501)."""
_MAX_REPORTS = 10
"""At most this many gaps, overlaps or unused rows are reported per table and kind."""
_EXACT = decimal.Context(prec=200)


# -- columns and conditions ----------------------------------------------------------------


class Column(NamedTuple):
    """A column of a table, with the kind of value its cells hold."""

    name: str
    type: str
    """The `type:` written: boolean, integer, decimal, money, text, date, datetime or time."""
    expr_type: Type
    """The column's type in expressions (money in the fee currency)."""
    low: Decimal | None
    """`min` of a number input column: the domain the rows must cover starts here."""
    high: Decimal | None
    span: Span

    @property
    def ordered(self) -> bool:
        return self.type not in ("boolean", "text")


class Interval(NamedTuple):
    """A range of an ordered column; a bound of None is unbounded. `[a, a]` is the value a."""

    low: Any
    low_closed: bool
    high: Any
    high_closed: bool

    def contains(self, value: Any) -> bool:
        if self.low is not None and (value < self.low or (value == self.low and not self.low_closed)):
            return False
        return not (self.high is not None and (value > self.high or (value == self.high and not self.high_closed)))


class Condition(NamedTuple):
    """An input cell: `any` (both None), a union of intervals (ordered columns) or a set of values (text, boolean)."""

    intervals: tuple[Interval, ...] | None = None
    values: frozenset[Any] | None = None

    @property
    def is_any(self) -> bool:
        return self.intervals is None and self.values is None

    def matches(self, value: Any) -> bool:
        """Whether the input `value` meets the condition; an absent value (None) meets only `any`."""
        if self.is_any:
            return True
        if value is None or isinstance(value, _Other):
            return False
        if self.values is not None:
            return any(type(v) is type(value) and v == value for v in self.values)
        assert self.intervals is not None
        try:
            return any(i.contains(value) for i in self.intervals)
        except TypeError:  # a value of another kind never matches
            return False


ANY = Condition()


class Row(NamedTuple):
    """One row: its 1-based number, a condition per input, a value per output (None: no value)."""

    number: int
    conditions: tuple[Condition, ...]
    outputs: tuple[Any, ...]
    span: Span
    cell_spans: tuple[Span, ...]
    """The span of each input cell, in column order."""


class TableVersion(NamedTuple):
    """One table of the spec: a version of its lookup, in force from `valid_from` to `valid_until` (inclusive)."""

    table: m.DecisionTable
    valid_from: dt.date | None
    valid_until: dt.date | None
    inputs: tuple[Column, ...]
    outputs: tuple[Column, ...]
    rows: tuple[Row, ...]
    complete: bool
    """Whether every cell was read (only complete tables are analysed)."""

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def hit_policy(self) -> str:
        return self.table.hit_policy

    def in_force(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class Lookup(NamedTuple):
    """The tables sharing one lookup name, ordered by the day they start; at most one is in force on any day."""

    name: str
    versions: tuple[TableVersion, ...]

    @property
    def inputs(self) -> tuple[Column, ...]:
        return self.versions[0].inputs

    @property
    def outputs(self) -> tuple[Column, ...]:
        return self.versions[0].outputs

    def functions(self) -> dict[str, int]:
        """The function names expressions call, each with the index of the output it gives."""
        if len(self.outputs) == 1:
            return {self.name: 0}
        return {f"{self.name}_{c.name}": i for i, c in enumerate(self.outputs)}

    def version_on(self, day: dt.date) -> TableVersion | None:
        return next((v for v in self.versions if v.in_force(day)), None)


class Match(NamedTuple):
    """What a lookup found: the value, the version that answered (None: none in force) and the rows that counted."""

    value: Any
    version: TableVersion | None
    rows: tuple[Row, ...]


def look_up(lookup: Lookup, output: int, day: dt.date, args: Sequence[Any]) -> Match:
    """Look `args` up in the version of `lookup` in force on `day` and give output number `output`.

    `unique` and `first` give the first matching row's value (the checker
    proves that rows of a `unique` table never overlap); `collect_sum` adds the
    values of every matching row, skipping empty ones. No matching row, or no
    version in force, gives None.
    """
    version = lookup.version_on(day)
    if version is None:
        return Match(None, None, ())
    rows = tuple(r for r in version.rows if all(c.matches(a) for c, a in zip(r.conditions, args, strict=False)))
    if not rows:
        return Match(None, version, ())
    if version.hit_policy != "collect_sum":
        return Match(rows[0].outputs[output], version, rows[:1])
    total: Any = 0 if version.outputs[output].type == "integer" else Decimal(0)
    for r in rows:
        value = r.outputs[output]
        if value is not None:
            total = total + value if isinstance(total, int) else _EXACT.add(total, value)
    return Match(total, version, rows)


# -- reading tables ---------------------------------------------------------------------------------


_KIND_TYPES: dict[str, Type] = {
    "boolean": BOOL,
    "integer": INT,
    "decimal": DECIMAL,
    "text": TEXT,
    "date": DATE,
    "datetime": DATETIME,
    "time": TIME,
}
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_COMPARISON = re.compile(r"(>=|<=|>|<)\s*")
_ANY = ("any", "-")


class _CellError(Exception):
    """A cell (or part of one) that cannot be read: code, offset range inside the cell text, message, hint."""

    def __init__(self, code: str, start: int, end: int, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.start, self.end, self.message, self.hint = code, start, end, message, hint


def column_type(type_name: str, currency: str) -> Type:
    """The expression type named by a `type:` of a table column or computed value (`money` in `currency`)."""
    return Money(currency) if type_name == "money" else _KIND_TYPES[type_name]


def read_value(column: Column, text: str, start: int = 0) -> Any:
    """The value `text` stands for in `column` (an output value, a bound, an element of a set); raises _CellError."""
    end = start + len(text)
    kind = column.type
    if kind in ("integer", "decimal", "money"):
        if not _NUMBER.fullmatch(text):
            raise _CellError("E0502", start, end, f"'{text}' is not a number ({column.name} is {kind})")
        number = Decimal(text)
        places = -int(number.as_tuple().exponent)
        if kind == "integer" and places > 0:
            raise _CellError("E0502", start, end, f"'{text}' is not a whole number ({column.name} is integer)")
        if kind == "money" and places > MONEY_SCALE:
            currency = column.expr_type.currency if isinstance(column.expr_type, Money) else ""
            raise _CellError(
                "E0502",
                start,
                end,
                f"'{text}' has more than {MONEY_SCALE} decimal places: amounts in {currency} are whole cents",
                "use a decimal column for finer rates and compute the amount in the expression",
            )
        if kind == "money" and places < MONEY_SCALE:
            number = number.quantize(Decimal(1).scaleb(-MONEY_SCALE))
        return int(number) if kind == "integer" else number
    if kind == "boolean":
        if text in ("true", "false"):
            return text == "true"
        raise _CellError("E0502", start, end, f"'{text}' is not true or false ({column.name} is boolean)")
    if kind == "text":
        if len(text) >= 2 and text[0] == text[-1] == "'":
            return text[1:-1]
        if text[:1] in "[(<>=":
            raise _CellError(
                "E0501",
                start,
                end,
                f"'{text}' is not a value: text columns have no ranges ({column.name} is text)",
                f"write '{text}' in single quotes inside the cell if it is meant as text",
            )
        return text
    value = TEMPORAL[kind](text)
    if value is None:
        formats = {"date": "YYYY-MM-DD", "datetime": "YYYY-MM-DDTHH:MM:SS", "time": "HH:MM or HH:MM:SS"}
        raise _CellError("E0502", start, end, f"'{text}' is not a {kind} ({column.name}): write {formats[kind]}")
    return value


def read_condition(column: Column, text: str, start: int = 0, *, in_list: bool = False) -> Condition:
    """The condition an input cell's text writes; raises _CellError."""
    stripped = text.strip()
    start += len(text) - len(text.lstrip())
    end = start + len(stripped)
    if not stripped:
        raise _CellError("E0501", start, end, f"empty cell for {column.name}", "write any to match every value")
    if stripped in _ANY and not in_list:
        return ANY
    if not column.ordered:
        return Condition(values=frozenset([read_value(column, stripped, start)]))
    comparison = _COMPARISON.match(stripped)
    if comparison:
        op = comparison.group(1)
        offset = comparison.end()
        if offset == len(stripped):
            raise _CellError("E0501", start, end, f"'{stripped}' needs a value after '{op}'", f"write {op} 40000")
        value = read_value(column, stripped[offset:], start + offset)
        bound = Interval(value, op == ">=", None, False) if op[0] == ">" else Interval(None, False, value, op == "<=")
        return Condition(intervals=(bound,))
    if stripped[0] in "[(":
        return Condition(intervals=(_read_range(column, stripped, start),))
    if stripped[-1] in "])":
        raise _CellError(
            "E0501", start, end, f"'{stripped}' is not a range: it needs an opening '[' or '('", "write [0, 40000)"
        )
    value = read_value(column, stripped, start)
    return Condition(intervals=(Interval(value, True, value, True),))


def _read_range(column: Column, text: str, start: int) -> Interval:
    end = start + len(text)
    if text[-1] not in "])":
        raise _CellError(
            "E0501",
            end - 1,
            end,
            f"range '{text}' is not closed: end it with ']' (bound included) or ')' (bound excluded)",
            "write [0, 40000) or [0, 40000]",
        )
    inner = text[1:-1]
    parts = inner.split(",")
    if len(parts) != 2:
        raise _CellError(
            "E0501",
            start,
            end,
            f"range '{text}' needs two bounds separated by one comma",
            "write [low, high): numbers without thousands separators; '>= 40000' for a range without end",
        )
    bounds = []
    offset = start + 1
    for part in parts:
        lead = len(part) - len(part.lstrip())
        word = part.strip()
        if not word:
            raise _CellError(
                "E0501",
                start,
                end,
                f"range '{text}' is missing a bound",
                "write '>= 40000' or '< 40000' for a range open on one side",
            )
        bounds.append(read_value(column, word, offset + lead))
        offset += len(part) + 1
    low, high = bounds
    interval = Interval(low, text[0] == "[", high, text[-1] == "]")
    if low > high or (low == high and not (interval.low_closed and interval.high_closed)):
        raise _CellError("E0501", start, end, f"range '{text}' is empty: no value lies in it", "check the bounds")
    return interval


def _span(snippet: Snippet, error: _CellError) -> Span:
    if error.start == 0 and error.end >= len(snippet.text):
        return snippet.span
    return snippet.span_at(error.start, error.end)


class _Reader:
    """Reads the tables of one fee schedule, collecting diagnostics."""

    def __init__(self, currency: str) -> None:
        self.currency = currency
        self.diagnostics: list[Diagnostic] = []

    def error(self, code: str, span: Span, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, span, message, hint))

    def name(self, name: str, span: Span, kind: str) -> bool:
        if not IDENTIFIER.fullmatch(name):
            self.error(
                "E0201",
                span,
                f"{kind} name '{name}' is not valid: use lower-case letters, digits and _",
                "start with a letter; use a-z, 0-9 and _",
            )
            return False
        language = reserved_in(name)
        if language:
            self.error("E0202", span, f"{kind} name '{name}' is reserved in {language}", f"for example '{name}_value'")
            return False
        return True

    def columns(self, table: m.DecisionTable, key: str, columns: tuple[m.TableColumn, ...]) -> tuple[Column, ...]:
        out = []
        if not columns and table.given(key):
            self.error("E0503", table.span_of(key), f"table '{table.name}' needs at least one {key[:-1]} column")
        for c in columns:
            self.name(c.name, c.span, "column")
            numeric = c.type in ("integer", "decimal", "money")
            for bound in ("min", "max"):
                if c.given(bound) and (key == "outputs" or not numeric):
                    self.error(
                        "E0503",
                        c.span_of(bound),
                        f"'{bound}' applies only to input columns of numbers, not to {key[:-1]} '{c.name}' ({c.type})",
                    )
            if c.min is not None and c.max is not None and c.min > c.max:
                self.error("E0301", c.span_of("min"), f"'min' {c.min} of column '{c.name}' is above its 'max' {c.max}")
            low = c.min if numeric and key == "inputs" else None
            high = c.max if numeric and key == "inputs" else None
            out.append(Column(c.name, c.type, column_type(c.type, self.currency), low, high, c.span))
        return tuple(out)

    def table(self, table: m.DecisionTable) -> TableVersion:
        inputs = self.columns(table, "inputs", table.inputs)
        outputs = self.columns(table, "outputs", table.outputs)
        for c in outputs:
            if any(i.name == c.name for i in inputs):
                self.error("E0503", c.span, f"column '{c.name}' is both an input and an output of '{table.name}'")
        if table.hit_policy == "collect_sum":
            for c in outputs:
                if c.type not in ("integer", "decimal", "money"):
                    self.error(
                        "E0511",
                        c.span,
                        f"output '{c.name}' of '{table.name}' is {c.type}, but collect_sum adds the outputs of "
                        "every matching row",
                        "give the column a number type (integer, decimal, money) or use hit_policy: first",
                    )
        start, end = self.period(table, f"table '{table.name}'")
        rows: list[Row] = []
        complete = True
        for number, row in enumerate(table.rows, start=1):
            read = self.row(table, number, row, inputs, outputs)
            if read is None:
                complete = False
            else:
                rows.append(read)
        return TableVersion(table, start, end, inputs, outputs, tuple(rows), complete)

    def period(self, record: m.DecisionTable | m.FeeItem, what: str) -> tuple[dt.date | None, dt.date | None]:
        days: list[dt.date | None] = []
        for key in ("valid_from", "valid_until"):
            text = getattr(record, key)
            day = parse_date(text) if text is not None else None
            if text is not None and day is None:
                self.error("E0306", record.span_of(key), f"'{text}' is not a valid date", "write YYYY-MM-DD")
            days.append(day)
        start, end = days
        if start is not None and end is not None and start > end:
            self.error(
                "E0301",
                record.span_of("valid_until"),
                f"{what} ends on {end}, before it starts on {start}",
                "valid_from is the first and valid_until the last day in force",
            )
        return start, end

    def row(
        self,
        table: m.DecisionTable,
        number: int,
        row: m.TableRow,
        inputs: tuple[Column, ...],
        outputs: tuple[Column, ...],
    ) -> Row | None:
        by_name = {c.name: c for c in (*inputs, *outputs)}
        given: dict[str, tuple[Any, Span, Snippet | tuple[Snippet, ...]]] = {}
        ok = True
        for (name, value, span), source in zip(row.cells, row.sources, strict=True):
            if name not in by_name:
                self.error(
                    "E0503",
                    span,
                    f"row {number} of '{table.name}' has a cell for '{name}', which is not a column",
                    did_you_mean(name, by_name) or f"the columns are: {', '.join(by_name)}",
                )
                ok = False
                continue
            given[name] = (value, span, source)
        conditions: list[Condition] = []
        spans: list[Span] = []
        for c in inputs:
            if c.name not in given:
                self.error(
                    "E0503",
                    row.span,
                    f"row {number} of '{table.name}' has no cell for input '{c.name}'",
                    f"write {c.name}: any to match every value",
                )
                ok = False
                continue
            value, span, source = given[c.name]
            condition = self.input_cell(c, value, span, source)
            ok = ok and condition is not None
            conditions.append(condition or ANY)
            spans.append(span)
        values: list[Any] = []
        for c in outputs:
            if c.name not in given:
                self.error(
                    "E0503",
                    row.span,
                    f"row {number} of '{table.name}' has no value for output '{c.name}'",
                    f"write {c.name}: <value>, or {c.name}: null for none",
                )
                ok = False
                continue
            value, span, source = given[c.name]
            if not isinstance(source, Snippet):
                self.error("E0502", span, f"output '{c.name}' takes one value, not a list")
                ok = False
                continue
            if value is None and source.style == "":
                values.append(None)
                continue
            try:
                if source.text.strip() in _ANY:
                    raise _CellError("E0502", 0, len(source.text), f"output '{c.name}' needs a value, not a condition")
                values.append(read_value(c, source.text))
            except _CellError as e:
                self.error(e.code, _span(source, e), e.message, e.hint)
                ok = False
        if not ok:
            return None
        return Row(number, tuple(conditions), tuple(values), row.span, tuple(spans))

    def input_cell(
        self, column: Column, value: Any, span: Span, source: Snippet | tuple[Snippet, ...]
    ) -> Condition | None:
        if not isinstance(source, Snippet):
            if not source:
                self.error("E0501", span, f"empty list for {column.name}: no value would match", "write any")
                return None
            parts = []
            for element in source:
                try:
                    parts.append(read_condition(column, element.text, in_list=True))
                except _CellError as e:
                    self.error(e.code, _span(element, e), e.message, e.hint)
                    return None
            if column.ordered:
                return Condition(intervals=tuple(i for p in parts for i in p.intervals or ()))
            return Condition(values=frozenset(v for p in parts for v in p.values or ()))
        if value is None and source.style == "":
            self.error("E0501", span, f"empty cell for {column.name}", "write any to match every value")
            return None
        try:
            return read_condition(column, source.text)
        except _CellError as e:
            self.error(e.code, _span(source, e), e.message, e.hint)
            return None


class Period(NamedTuple):
    """When a dated table or item is in force (both days inclusive; None: unbounded), and where it is written."""

    name: str
    start: dt.date | None
    end: dt.date | None
    span: Span


def check_periods(kind: str, shared: str, periods: list[Period]) -> list[Diagnostic]:
    """Versions of one table or item (sharing the name `shared`) must not overlap and must leave no day uncovered."""
    found: list[Diagnostic] = []
    ordered = sorted(periods, key=lambda p: (p.start or dt.date.min, p.span.line))
    for before, after in itertools.pairwise(ordered):
        start = after.start or dt.date.min
        if before.end is None or start <= before.end:
            end = min(before.end or dt.date.max, after.end or dt.date.max)
            found.append(
                Diagnostic(
                    "E0507",
                    after.span,
                    f"{kind}s '{before.name}' and '{after.name}' (both '{shared}') are in force at the same time: "
                    f"{_days(after.start, end if end != dt.date.max else None)}",
                    f"end '{before.name}' with valid_until: {_day_before(after.start)}"
                    if after.start is not None
                    else f"give '{after.name}' a valid_from",
                )
            )
        elif start > before.end + dt.timedelta(days=1):
            gap_start = before.end + dt.timedelta(days=1)
            found.append(
                Diagnostic(
                    "E0508",
                    after.span,
                    f"no version of {kind} '{shared}' is in force {_days(gap_start, start - dt.timedelta(days=1))}",
                    f"let '{after.name}' start on {gap_start} or '{before.name}' end on {start - dt.timedelta(days=1)}",
                )
            )
    return found


def _day_before(day: dt.date | None) -> str:
    return str(day - dt.timedelta(days=1)) if day is not None and day > dt.date.min else "?"


def _days(start: dt.date | None, end: dt.date | None) -> str:
    if start is None and end is None:
        return "on every day"
    if start is None:
        return f"until {end}"
    if end is None:
        return f"from {start} on"
    return f"on {start}" if start == end else f"from {start} to {end}"


def compile_tables(fees: m.Fees, currency: str) -> tuple[tuple[Lookup, ...], list[Diagnostic]]:
    """Read the tables of a fee schedule, group dated versions by lookup name and check names and periods."""
    reader = _Reader(currency)
    groups: dict[str, list[TableVersion]] = {}
    for table in fees.tables:
        name = table.lookup or table.name
        if table.lookup is not None:
            reader.name(table.lookup, table.span_of("lookup"), "lookup")
        groups.setdefault(name, []).append(reader.table(table))
    lookups = []
    for name, versions in groups.items():
        first = versions[0]
        for other in versions[1:]:
            for key, mine, theirs in (
                ("inputs", first.inputs, other.inputs),
                ("outputs", first.outputs, other.outputs),
            ):
                if [(c.name, c.type) for c in mine] != [(c.name, c.type) for c in theirs]:
                    shown = ", ".join(f"{c.name} ({c.type})" for c in mine)
                    reader.error(
                        "E0509",
                        other.table.span_of(key),
                        f"table '{other.name}' is a version of '{name}', but its {key} differ from those of "
                        f"'{first.name}': {shown}",
                        "versions of one lookup have the same columns, in the same order, with the same types",
                    )
        if len(versions) > 1:
            periods = [
                Period(
                    v.name,
                    v.valid_from,
                    v.valid_until,
                    v.table.span_of("valid_from") if v.table.given("valid_from") else v.table.span,
                )
                for v in versions
            ]
            reader.diagnostics += check_periods("table", name, periods)
        lookups.append(Lookup(name, tuple(sorted(versions, key=lambda v: v.valid_from or dt.date.min))))
    taken: dict[str, Lookup] = {}
    for lookup in lookups:
        for function in lookup.functions():
            span = lookup.versions[0].table.span
            if function in FUNCTIONS or function in LITERAL_FUNCTIONS:
                reader.error(
                    "E0510",
                    span,
                    f"table function '{function}' has the name of a built-in function",
                    f"rename the table or set lookup: {function}_table",
                )
            elif function in taken:
                reader.error(
                    "E0510",
                    span,
                    f"table function '{function}' is defined twice: by '{taken[function].name}' and by '{lookup.name}'",
                    "a table with several outputs is looked up as <lookup>_<output>; rename one",
                )
            else:
                taken[function] = lookup
    return tuple(lookups), reader.diagnostics


def item_periods(items: Iterable[m.FeeItem]) -> list[Diagnostic]:
    """Read the validity of fee items and check that dated versions of one line do not overlap or leave gaps."""
    reader = _Reader("")
    groups: dict[str, list[Period]] = {}
    for item in items:
        if item.line_id is not None:
            reader.name(item.line_id, item.span_of("line_id"), "line id")
        start, end = reader.period(item, f"item '{item.id}'")
        span = item.span_of("valid_from") if item.given("valid_from") else item.span_of("id")
        groups.setdefault(item.line_id or item.id, []).append(Period(item.id, start, end, span))
    for shared, periods in groups.items():
        if len(periods) > 1:
            reader.diagnostics += check_periods("item", shared, periods)
    return reader.diagnostics


# -- functions for the expression checker --------------------------------------------------------------


class CallProblem(NamedTuple):
    """Why a table function did not take its arguments: the function, the lookup and the argument types given."""

    function: str
    lookup: Lookup
    args: tuple[Type, ...]


class TableFunctions:
    """The table functions of one spec for `Env.functions_extra`, recording what the checker passes them.

    The checker only learns "these arguments do not fit"; the recorded
    problems let the binder say which argument and why. The recorded option
    sets of choice arguments give the analysis the domain of text columns.
    """

    def __init__(self, lookups: tuple[Lookup, ...]) -> None:
        self.lookups = lookups
        self.by_function: dict[str, tuple[Lookup, int]] = {
            f: (lookup, i) for lookup in lookups for f, i in lookup.functions().items()
        }
        self.problems: list[CallProblem] = []
        self.options: dict[tuple[str, int], set[str] | None] = {}
        """(lookup, input index) to the option codes the arguments can have; None once a free text is passed."""

    def signatures(self) -> dict[str, Callable[[Sequence[Type]], Type | None]]:
        return {f: self._signature(f, lookup, i) for f, (lookup, i) in self.by_function.items()}

    def _signature(self, function: str, lookup: Lookup, output: int) -> Callable[[Sequence[Type]], Type | None]:
        def result(args: Sequence[Type]) -> Type | None:
            inputs = lookup.inputs
            if len(args) != len(inputs) or not all(
                assignable(a, c.expr_type) for a, c in zip(args, inputs, strict=False)
            ):
                self.problems.append(CallProblem(function, lookup, tuple(args)))
                return None
            for i, (a, c) in enumerate(zip(args, inputs, strict=True)):
                if c.type == "text" and isinstance(a, Text):
                    key = (lookup.name, i)
                    known = self.options.get(key, set())
                    self.options[key] = None if a.options is None or known is None else known | a.options
            return lookup.outputs[output].expr_type

        return result


def describe_call_problem(problem: CallProblem) -> tuple[str, str, int | None, str]:
    """(code, message, index of the argument at fault or None for the whole call, hint) for a rejected call."""
    inputs = problem.lookup.inputs
    names = ", ".join(c.name for c in inputs)
    usage = f"write {problem.function}({names})"
    if len(problem.args) != len(inputs):
        count = len(inputs)
        at = count if len(problem.args) > count else None
        return (
            "E0416",
            f"{problem.function}() takes {count} argument{'s' if count != 1 else ''} ({names}), not {len(problem.args)}",
            at,
            usage,
        )
    for i, (a, c) in enumerate(zip(problem.args, inputs, strict=True)):
        if not assignable(a, c.expr_type):
            return (
                "E0417",
                f"argument {i + 1} of {problem.function}() is the column '{c.name}' of type {describe(c.expr_type)}, "
                f"not {describe(a)}",
                i,
                usage,
            )
    raise AssertionError("a rejected call has a wrong argument")  # pragma: no cover


# -- static analysis -------------------------------------------------------------------------------------


class _Other:
    """Stands for every text that no cell of a text column names."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "OTHER"


_OTHER = _Other()
_WHOLE = object()
"""The only segment of an input column whose cells are all `any`."""


class _Segment(NamedTuple):
    """A piece of an input column's domain inside which every row's condition holds everywhere or nowhere."""

    interval: Interval | None
    """For ordered columns; None for a value of a text or boolean column (or the whole domain)."""
    value: Any
    """A value inside the piece, tested against the conditions."""


_NATURAL: dict[str, tuple[Any, Any]] = {
    "date": (dt.date.min, dt.date.max),
    "datetime": (dt.datetime.min, dt.datetime.max.replace(microsecond=0)),
    "time": (dt.time.min, dt.time.max.replace(microsecond=0)),
}


def _step(kind: str, value: Any, by: int) -> Any:
    """The next (`by` = 1) or previous (-1) value of a discrete kind; None past the end of the domain."""
    try:
        if kind == "integer":
            return value + by
        if kind == "date":
            return value + dt.timedelta(days=by)
        if kind == "datetime":
            return value + dt.timedelta(seconds=by)
        moment = dt.datetime.combine(dt.date(2000, 1, 1), value) + dt.timedelta(seconds=by)
        return moment.time() if moment.date() == dt.date(2000, 1, 1) else None
    except OverflowError:
        return None


def _discrete(kind: str) -> bool:
    return kind in ("integer", "date", "datetime", "time")


def _middle(low: Any, high: Any) -> Any:
    return _EXACT.divide(_EXACT.add(low, high), 2)


def _segments(column: Column, conditions: list[Condition], texts: set[str] | None) -> list[_Segment]:
    """The pieces of the column's domain that the rows' conditions split it into."""
    if all(c.is_any for c in conditions):
        return [_Segment(None, _WHOLE)]
    if column.type == "boolean":
        return [_Segment(None, True), _Segment(None, False)]
    if column.type == "text":
        named = {v for c in conditions for v in c.values or ()}
        if texts is None:
            return [*(_Segment(None, v) for v in sorted(named)), _Segment(None, _OTHER)]
        return [_Segment(None, v) for v in sorted(texts)]
    kind = column.type
    low, high = _NATURAL.get(kind, (column.low, column.high))
    if column.low is not None:
        low = column.low
    if column.high is not None:
        high = column.high
    points: set[Any] = {b for c in conditions for i in c.intervals or () for b in (i.low, i.high) if b is not None}
    points |= {b for b in (low, high) if b is not None}
    ordered = sorted(points)
    pieces: list[Interval] = []
    if _discrete(kind):
        before = _step(kind, ordered[0], -1)
        if low is None and before is not None:
            pieces.append(Interval(None, False, before, True))
        for a, b in itertools.pairwise(ordered):
            pieces.append(Interval(a, True, a, True))
            after_a, before_b = _step(kind, a, 1), _step(kind, b, -1)
            if after_a is not None and before_b is not None and after_a <= before_b:
                pieces.append(Interval(after_a, True, before_b, True))
        pieces.append(Interval(ordered[-1], True, ordered[-1], True))
        after = _step(kind, ordered[-1], 1)
        if high is None and after is not None:
            pieces.append(Interval(after, True, None, False))
    else:
        if low is None:
            pieces.append(Interval(None, False, ordered[0], False))
        for a, b in itertools.pairwise(ordered):
            pieces += [Interval(a, True, a, True), Interval(a, False, b, False)]
        pieces.append(Interval(ordered[-1], True, ordered[-1], True))
        if high is None:
            pieces.append(Interval(ordered[-1], False, None, False))
    out = []
    for piece in pieces:
        value = _representative(kind, piece)
        if (low is None or value >= low) and (high is None or value <= high):
            out.append(_Segment(piece, value))
    return out


def _representative(kind: str, piece: Interval) -> Any:
    if piece.low_closed:
        return piece.low
    if piece.high_closed:
        return piece.high
    if piece.low is None:
        return piece.high - 1
    if piece.high is None:
        return piece.low + 1
    return _middle(piece.low, piece.high)


class _Region(NamedTuple):
    """Adjacent cells of the input space with the same matching rows: one coordinate range per input column."""

    pieces: tuple[tuple[int, int], ...]
    """Per column, the first and last segment index."""
    rows: tuple[int, ...]


def _regions(cells: list[tuple[tuple[int, ...], tuple[int, ...]]], merge: int | None) -> list[_Region]:
    """Cells (in enumeration order) merged along column `merge` where they are neighbours with equal rows."""
    out: list[_Region] = []
    for index, rows in cells:
        if out and merge is not None:
            last = out[-1]
            same = all(last.pieces[d] == (index[d], index[d]) for d in range(len(index)) if d != merge)
            if same and last.rows == rows and last.pieces[merge][1] + 1 == index[merge]:
                pieces = list(last.pieces)
                pieces[merge] = (last.pieces[merge][0], index[merge])
                out[-1] = _Region(tuple(pieces), rows)
                continue
        out.append(_Region(tuple((i, i) for i in index), rows))
    return out


def _format(column: Column, value: Any) -> str:
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        if column.type == "money" and -int(Decimal(value).as_tuple().exponent) < MONEY_SCALE:
            value = Decimal(value).quantize(Decimal(1).scaleb(-MONEY_SCALE))
        return format(value, ",")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _describe_range(column: Column, first: Interval, last: Interval) -> str:
    natural = _NATURAL.get(column.type)
    low = None if natural and first.low == natural[0] else first.low
    high = None if natural and last.high == natural[1] else last.high
    name = column.name
    if low is None and high is None:
        return f"any {name}"
    if low is None:
        return f"{name} {'up to' if last.high_closed else 'below'} {_format(column, high)}"
    if high is None:
        return f"{name} {'from' if first.low_closed else 'above'} {_format(column, low)}"
    a, b = _format(column, low), _format(column, high)
    if low == high:
        return f"{name} {a}"
    if first.low_closed and last.high_closed:
        return f"{name} {a} to {b}"
    if not first.low_closed and not last.high_closed:
        return f"{name} {a} to {b} (both excluded)"
    return f"{name} {a} to {b} ({a if not first.low_closed else b} excluded)"


def _describe_value(column: Column, value: Any, named: list[str]) -> str:
    if value is _OTHER:
        shown = ", ".join(f"'{v}'" for v in named[:5]) + (", …" if len(named) > 5 else "")
        return f"{column.name} other than {shown}" if named else f"any {column.name}"
    if isinstance(value, bool):
        return f"{column.name} {'true' if value else 'false'}"
    return f"{column.name} '{value}'"


class _Analysis:
    def __init__(self, version: TableVersion, texts: dict[int, set[str] | None]) -> None:
        self.version = version
        self.columns = version.inputs
        self.rows = version.rows
        self.segments = [
            _segments(c, [r.conditions[d] for r in self.rows], texts.get(d) if c.type == "text" else None)
            for d, c in enumerate(self.columns)
        ]
        self.named = [
            sorted({str(v) for r in self.rows for v in r.conditions[d].values or ()}) for d in range(len(self.columns))
        ]
        ordered = [d for d, c in enumerate(self.columns) if c.ordered and len(self.segments[d]) > 1]
        self.merge = ordered[-1] if ordered else None

    def describe(self, region: _Region) -> str:
        parts = []
        for d, (first, last) in enumerate(region.pieces):
            segments = self.segments[d]
            if len(segments) == 1 and segments[0].value is _WHOLE:
                continue
            column = self.columns[d]
            a, b = segments[first], segments[last]
            if a.interval is not None and b.interval is not None:
                parts.append(_describe_range(column, a.interval, b.interval))
            else:
                parts.append(_describe_value(column, a.value, self.named[d]))
        return ", ".join(parts)

    def gap_span(self, region: _Region) -> Span:
        """A cell next to the gap: of the row covering the piece just before it (or just after it) in the merge column."""
        table = self.version.table
        if self.merge is None:
            return table.span_of("rows")
        first, last = region.pieces[self.merge]
        for neighbour in (first - 1, last + 1):
            if 0 <= neighbour < len(self.segments[self.merge]):
                values = [
                    self.segments[d][neighbour if d == self.merge else region.pieces[d][0]].value
                    for d in range(len(self.columns))
                ]
                for r in self.rows:
                    if all(c.matches(v) or v is _WHOLE for c, v in zip(r.conditions, values, strict=True)):
                        return r.cell_spans[self.merge]
        return table.span_of("rows")

    def run(self) -> list[Diagnostic]:
        version = self.version
        table = version.table
        total = 1
        for s in self.segments:
            total *= len(s)
        if total > MAX_CELLS:
            return [
                Diagnostic(
                    "W0501",
                    table.span,
                    f"table '{table.name}' splits its inputs into {total:,} combinations; it is not checked for gaps, "
                    "overlaps and unused rows",
                    "split it into smaller tables",
                )
            ]
        masks = [
            [
                sum(1 << k for k, r in enumerate(self.rows) if s.value is _WHOLE or r.conditions[d].matches(s.value))
                for s in segs
            ]
            for d, segs in enumerate(self.segments)
        ]
        everyone = (1 << len(self.rows)) - 1
        gaps: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
        overlaps: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
        first_hits = 0
        hit = 0
        shadows: dict[int, int] = {}
        count = len(self.columns)
        order = [d for d in range(count) if d != self.merge] + ([self.merge] if self.merge is not None else [])
        for permuted in itertools.product(*(range(len(self.segments[d])) for d in order)):
            position = dict(zip(order, permuted, strict=True))
            index = tuple(position[d] for d in range(count))
            mask = everyone
            for d, i in enumerate(index):
                mask &= masks[d][i]
            if not mask:
                gaps.append((index, ()))
                continue
            lowest = mask & -mask
            first_hits |= lowest
            hit |= mask
            rest = mask ^ lowest
            if rest and version.hit_policy == "unique":
                overlaps.append((index, tuple(k for k in range(len(self.rows)) if mask >> k & 1)))
            while rest:
                bit = rest & -rest
                shadows[bit] = shadows.get(bit, 0) | lowest
                rest ^= bit
        found: list[Diagnostic] = []
        if not self.rows:
            found.append(Diagnostic("E0504", table.span_of("rows"), f"table '{table.name}' has no rows", "add a row"))
            return found
        for region in _regions(gaps, self.merge)[:_MAX_REPORTS]:
            described = self.describe(region) or "every input"
            found.append(
                Diagnostic(
                    "E0504",
                    self.gap_span(region),
                    f"{described} is covered by no row of '{table.name}'",
                    "add a row for it; half-open ranges such as [a, b) and [b, c) meet without a gap or an overlap",
                )
            )
        for region in _regions(overlaps, self.merge)[:_MAX_REPORTS]:
            numbers = [self.rows[k].number for k in region.rows]
            shown = ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
            where = self.describe(region)
            found.append(
                Diagnostic(
                    "E0505",
                    self.rows[region.rows[-1]].span,
                    f"rows {shown} of '{table.name}' overlap for {where or 'every input'}",
                    "with hit_policy unique at most one row may match; make the conditions disjoint "
                    "(a range that ends with ')' excludes its bound) or use hit_policy: first",
                )
            )
        unused = 0
        for k, r in enumerate(self.rows):
            bit = 1 << k
            if first_hits & bit or unused >= _MAX_REPORTS:
                continue
            if not hit & bit:
                unused += 1
                found.append(
                    Diagnostic(
                        "E0506",
                        r.span,
                        f"row {r.number} of '{table.name}' matches no input"
                        + (
                            " within the columns' min and max"
                            if any(c.low is not None or c.high is not None for c in self.columns)
                            else ""
                        ),
                        "remove the row or correct its conditions",
                    )
                )
            elif version.hit_policy == "first":
                unused += 1
                before = [self.rows[j].number for j in range(len(self.rows)) if shadows.get(bit, 0) >> j & 1]
                shown = ", ".join(str(n) for n in before[:-1]) + (" and " if len(before) > 1 else "") + str(before[-1])
                found.append(
                    Diagnostic(
                        "E0506",
                        r.span,
                        f"row {r.number} of '{table.name}' is never used: "
                        + (f"rows {shown} before it match" if len(before) > 1 else f"row {shown} before it matches")
                        + " every input it matches",
                        "remove the row, or move it above the rows that hide it",
                    )
                )
        return found


def analyse(lookups: tuple[Lookup, ...], functions: TableFunctions | None = None) -> list[Diagnostic]:
    """Gaps, overlaps and unused rows of every complete table, and text cells that name no option of the argument.

    A text column whose every lookup passes a choice has those option codes as
    its domain; otherwise its domain is every text, and only `any` covers the
    texts no cell names.
    """
    found: list[Diagnostic] = []
    options = functions.options if functions is not None else {}
    for lookup in lookups:
        texts = {i: options.get((lookup.name, i)) for i, c in enumerate(lookup.inputs) if c.type == "text"}
        for version in lookup.versions:
            if not version.complete:
                continue
            for i, codes in texts.items():
                if codes is None:
                    continue
                for r in version.rows:
                    unknown = sorted((r.conditions[i].values or frozenset()) - codes)
                    for value in unknown:
                        found.append(
                            Diagnostic(
                                "E0213",
                                r.cell_spans[i],
                                f"'{value}' is not an option of the choices looked up in column '{version.inputs[i].name}'",
                                did_you_mean(str(value), codes) or f"the options are: {', '.join(sorted(codes))}",
                            )
                        )
            if any(d.code == "E0213" for d in found):
                continue
            found += _Analysis(version, texts).run()
    return found
