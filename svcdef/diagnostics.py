"""Every diagnostic code svcdef can report, with its documentation, and the `Diagnostic` record.

Codes are stable: tests, CI scripts and editors match on them, never on the
English text. `E…` codes are errors (the spec cannot be built), `W…` codes are
warnings (the spec builds, but probably not as meant). `docs/diagnostics.md`
is generated from `CODES` (`python -m svcdef.docs`), and a test keeps it fresh.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple

from .span import Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Code(NamedTuple):
    """One diagnostic code: its id, a short title and a paragraph saying what to do about it."""

    id: str
    title: str
    doc: str

    @property
    def severity(self) -> Severity:
        return Severity.WARNING if self.id.startswith("W") else Severity.ERROR


def _table(*codes: Code) -> dict[str, Code]:
    table = {c.id: c for c in codes}
    assert len(table) == len(codes), "duplicate diagnostic code"
    return table


CODES: dict[str, Code] = _table(
    # -- E00xx: reading the file ---------------------------------------------------------
    Code(
        "E0001", "file cannot be read", "The file does not exist or cannot be opened. Check the path and permissions."
    ),
    Code(
        "E0002",
        "file is not UTF-8",
        "Specs must be UTF-8 text. Save the file as UTF-8 (most editors offer this under 'Save with encoding').",
    ),
    Code(
        "E0003",
        "file too large",
        "A spec file may be at most 1 MiB. Split large services into a spec and imported library files.",
    ),
    Code("E0004", "YAML syntax error", "The file is not well-formed YAML. The message says what the parser expected."),
    Code(
        "E0005",
        "tab character in indentation",
        "YAML indentation must use spaces. Replace the tab with spaces (two per level is usual).",
    ),
    Code(
        "E0006",
        "duplicate key",
        "A key appears twice in the same mapping; YAML would silently keep only the last one. Remove or rename one.",
    ),
    Code(
        "E0007",
        "anchors and aliases are not supported",
        "`&anchor` and `*alias` are refused: they make specs hard to read and allow alias-expansion attacks. "
        "Reuse field groups with named `types:` instead.",
    ),
    Code(
        "E0008",
        "tags are not supported",
        "Explicit tags such as `!!python/object` or `!!str` are refused: svcdef never constructs objects from YAML. "
        "Quote a value to make it text.",
    ),
    Code(
        "E0009",
        "YAML directives are not supported",
        "`%YAML` and `%TAG` directives are refused: specs are always read as YAML 1.2 core. Remove the directive.",
    ),
    Code(
        "E0010",
        "more than one YAML document",
        "A spec file holds exactly one YAML document. Remove the `---` separator.",
    ),
    Code(
        "E0011",
        "nesting too deep",
        "Mappings and lists may be nested at most 64 levels deep. Flatten the structure or use named types.",
    ),
    Code(
        "E0012",
        "key is not text",
        "Mapping keys must be plain text. Quote keys that look like numbers, booleans or null, "
        "and do not use lists or mappings as keys.",
    ),
    Code("E0013", "empty file", 'The file contains no YAML document. A spec starts with `svcdef: "1"`.'),
    Code(
        "E0014",
        "top level is not a mapping",
        "A spec file must be a mapping of keys such as `svcdef`, `service`, `fields`.",
    ),
    Code(
        "E0015",
        "document too large",
        "The document has more than 100,000 nodes or a value longer than 100,000 characters. Split it up.",
    ),
    Code(
        "E0016",
        "number out of range",
        "Numbers may have at most 30 digits; `.inf` and `.nan` are not numbers svcdef accepts. "
        "Quote the value if it is meant as text.",
    ),
    # -- E01xx: structure of the spec ----------------------------------------------------
    Code(
        "E0101",
        "unknown key",
        "The key is not part of the spec language here. Check the spelling; the hint names the nearest key.",
    ),
    Code("E0102", "missing key", "A key that this section needs is missing. Add it."),
    Code(
        "E0103",
        "wrong kind of value",
        "The value has the wrong shape: for example a list where a mapping is expected, or text where a number is.",
    ),
    Code("E0104", "value not allowed", "The value is not one of the values allowed here. The message lists them."),
    Code("E0105", "unsupported spec language version", 'This compiler reads `svcdef: "1"` specs. Set `svcdef: "1"`.'),
    Code(
        "E0106",
        "unknown field type",
        "`type:` must be a built-in field type (text, integer, decimal, money, boolean, date, datetime, time, choice, "
        "multichoice, email, phone, iban, postal_code, ahv_number, uid, file, group, list) or a named type from "
        "`types:` or an imported library.",
    ),
    Code(
        "E0107",
        "key does not apply to this field type",
        "The key exists, but not for this field type (for example `max_length` on an integer). "
        "The hint names the field types that accept it.",
    ),
    # -- E02xx: names, references, languages ---------------------------------------------
    Code(
        "E0201",
        "invalid name",
        "Names of fields, types, option lists, rules and fee items are lower case letters, digits and `_`, "
        "starting with a letter (`birth_date`). Generated code uses them as identifiers.",
    ),
    Code(
        "E0202",
        "reserved name",
        "The name is a reserved word in Python or JavaScript (such as `class`, `from`, `default`) and would break "
        "generated code. Choose another name, for example with a suffix (`class_name`).",
    ),
    Code("E0203", "duplicate name", "Two things in the same scope have the same name. Rename one."),
    Code("E0204", "unknown option list", "`options:` names an option list that is neither defined nor imported."),
    Code("E0205", "cyclic type", "A named type contains itself, directly or through other types. Break the cycle."),
    Code(
        "E0206", "import cannot be read", "An imported library file is missing or has errors of its own (reported too)."
    ),
    Code(
        "E0207", "cyclic import", "Library files import each other in a cycle. Move the shared part into a third file."
    ),
    Code(
        "E0208",
        "not a library file",
        "Imported files must be libraries: `svcdef`, `library`, `imports`, `options` and `types` only.",
    ),
    Code(
        "E0209",
        "missing translation",
        "Every text shown to citizens needs a translation in every language listed in `service.languages`.",
    ),
    Code(
        "E0210",
        "invalid language code",
        "Languages are two-letter ISO 639-1 codes in lower case, such as `de`, `fr`, `it`, `en`.",
    ),
    Code(
        "E0211",
        "invalid version",
        "Versions follow Semantic Versioning 2.0.0 (`MAJOR.MINOR.PATCH`, e.g. `2.1.0`). Quote versions in YAML.",
    ),
    Code(
        "E0212",
        "invalid service id",
        "Service and library ids are lower case words separated by `-` (`dog-registration`); they name output folders and URLs.",
    ),
    Code("E0213", "unknown option", "A value refers to an option code that the option list does not contain."),
    # -- E03xx: constraints --------------------------------------------------------------
    Code(
        "E0301",
        "inconsistent bounds",
        "A lower bound is greater than the upper bound (`min` > `max`, `min_length` > `max_length`, `min_items` > `max_items`).",
    ),
    Code(
        "E0302",
        "default not allowed",
        "The `default` value has the wrong type or violates the field's own constraints.",
    ),
    Code("E0303", "invalid pattern", "The regular expression does not parse."),
    Code(
        "E0304",
        "pattern feature not portable",
        "Patterns may use only what means the same in JavaScript (ECMA-262) and Python `re`: literals, `.`, classes "
        "`[...]`, `\\d \\w \\s`, groups `( )`/`(?: )`, `|`, quantifiers `* + ? {n,m}`, and `^`/`$` at the ends. "
        "Patterns always match the whole value. The message names the feature and a portable replacement.",
    ),
    Code(
        "E0305",
        "pattern may backtrack catastrophically",
        "A quantifier inside a quantified group, or a quantified alternation whose branches overlap, makes matching "
        "time explode on some inputs (ReDoS). Rewrite it so each character can be matched in only one way.",
    ),
    Code(
        "E0306",
        "invalid date or time",
        "Dates are ISO 8601 `YYYY-MM-DD`, times `HH:MM` or `HH:MM:SS`, date-times `YYYY-MM-DDTHH:MM:SS`.",
    ),
    Code(
        "E0307",
        "invalid number",
        "The value is not a number of the required kind (integer, or decimal with the allowed digits).",
    ),
    Code(
        "E0308", "value out of range", "The value must not be negative or zero here (lengths, sizes, counts, scales)."
    ),
    Code(
        "E0309", "invalid media type", "Media types are written `type/subtype`, such as `application/pdf` or `image/*`."
    ),
    Code("E0310", "empty option list", "An option list needs at least one option."),
    # -- E04xx: expressions (svcdef/expr, docs/expressions.md) -------------------------------
    Code(
        "E0401",
        "expression too long",
        "An expression may be at most 10,000 characters long. Split it into computed values.",
    ),
    Code(
        "E0402",
        "unexpected character in expression",
        "The character cannot start a token. Operators are `+ - * / == != < <= > >=`, words `and or not in if then else`; "
        "numbers are written `12` or `12.50` (no exponents), names use ASCII letters, digits and `_`.",
    ),
    Code(
        "E0403", "text literal not closed", "A text literal opened with `'` or `\"` must be closed with the same quote."
    ),
    Code(
        "E0404",
        "invalid escape in text literal",
        "Inside a text literal a backslash starts one of the escapes `\\\\ \\' \\\" \\n \\t \\uXXXX` "
        "(surrogates excluded); line breaks and other control characters must be escaped.",
    ),
    Code("E0405", "number literal too long", "A number literal may have at most 30 digits."),
    Code("E0406", "text literal too long", "A text literal may be at most 1,000 characters long."),
    Code(
        "E0407",
        "expression syntax error",
        "The expression does not follow the grammar in docs/expressions.md; the message says what was expected.",
    ),
    Code(
        "E0408",
        "expression nested too deeply",
        "Expressions may nest at most 64 levels (parentheses, operators, calls; a chain of n operators counts n levels). "
        "Split the expression into computed values.",
    ),
    Code(
        "E0409",
        "invalid date or time literal",
        '`date(…)`, `datetime(…)` and `time(…)` take one text literal: `date("2026-01-31")`, '
        '`datetime("2026-01-31T10:00:00")`, `time("10:00")`, and the value must exist in the calendar.',
    ),
    Code(
        "E0410", "list literal outside 'in'", "A list literal `[a, b]` may only stand on the right of `in` or `not in`."
    ),
    Code(
        "E0411",
        "unknown name",
        "The expression names a field or computed value that is not defined here. The hint names the nearest name.",
    ),
    Code(
        "E0412",
        "'item' or 'index' outside a list",
        "`item` and `index` exist only in a list context: in a fee item or rule with `for_each`, and inside the "
        "condition or amount given to `any`, `all`, `count` or `sum`.",
    ),
    Code(
        "E0413",
        "path through a list",
        "A path cannot continue through a list (`dogs.name`): a list has many elements. Use a list function, "
        "such as `any(dogs, item.name == 'Rex')`, `count(dogs, item.listed_breed)` or `sum(dogs, item.fee)`.",
    ),
    Code(
        "E0414",
        "field of a value that is not a group",
        "Only groups have fields; the path continues after a text, number or date.",
    ),
    Code(
        "E0415",
        "unknown function",
        "The function is not part of the expression language; docs/expressions.md lists them all.",
    ),
    Code(
        "E0416",
        "wrong number of arguments",
        "The function is called with too few or too many arguments; the hint shows how it is called.",
    ),
    Code(
        "E0417",
        "wrong argument type",
        "An argument has a type the function does not accept; the message names what it needs.",
    ),
    Code(
        "E0418",
        "operator does not apply to these types",
        "Arithmetic needs numbers (or money), `+` also joins two texts, `and`/`or`/`not` need true/false, `in` needs a list. "
        "Dates move with `add_days` and are compared with `days_between`.",
    ),
    Code(
        "E0419",
        "values cannot be compared",
        "Both sides of a comparison must have the same kind of type. Text, true/false and choices only support `==`, "
        "`!=` and `in` (text has no order that Python and JavaScript agree on); lists and groups cannot be compared.",
    ),
    Code(
        "E0420",
        "unknown option code",
        "A text literal compared with a choice field is not one of the field's option codes.",
    ),
    Code(
        "E0421",
        "expression has the wrong type",
        "The expression's result does not fit where it is used: conditions (`rule`, `visible_if`, `required`, `when`, "
        "`if`) need true/false, amounts need numbers or money.",
    ),
    Code(
        "E0422",
        "comparison with null",
        "Comparing with `null` always gives null (absent). Test presence with `is_set(x)`.",
    ),
    Code(
        "E0423",
        "today() not allowed here",
        "This value must not depend on the current date, so `today()` and `age()` cannot be used in it.",
    ),
    Code(
        "E0424",
        "argument must be a literal",
        "The pattern of `matches` must be a text literal, and the places of `round` an integer literal from 0 to 12, "
        "so that they can be checked when the spec is built.",
    ),
    Code(
        "E0425",
        "different currencies",
        "Money amounts in different currencies cannot be added, subtracted or compared.",
    ),
    Code(
        "E0426",
        "branches of different types",
        "Both branches of `if … then … else …` (and all values of `coalesce`) must have one type.",
    ),
    Code(
        "E0427",
        "computed values depend on each other in a cycle",
        "A computed value reads itself, directly or through other computed values. Compute one of them from the "
        "fields directly.",
    ),
    Code(
        "E0428",
        "'for_each' or 'from' is not a list",
        "`for_each` (of a validation or fee item) and `from` (of a repeated target mapping part) name a list field "
        "by its path, such as `children` or `household.children`.",
    ),
    Code(
        "E0429",
        "'at' is not a field",
        "The `at` of a validation names the field its error is shown at: a field path such as `holder.birth_date`, "
        "or `item.start_date` in a validation with `for_each`. Computed values and other expressions cannot be shown.",
    ),
    # -- E05xx: fees and decision tables (docs/fees.md) ------------------------------------
    Code(
        "E0501",
        "malformed table cell",
        "An input cell is `any` (or `-`), a value, a range with explicit bounds (`[0, 40000)`: `[`/`]` include the "
        "bound, `(`/`)` exclude it), a comparison (`>= 130000`, `< 20000`) or a YAML list of values and ranges. "
        "Quote ranges and comparisons, since YAML reads an unquoted `[0, 40000]` as a list of two values.",
    ),
    Code(
        "E0502",
        "table cell does not fit its column",
        "Every value in a cell, bound of a range and output has the column's `type`: numbers without thousands "
        "separators (whole numbers in integer columns, at most two decimal places for money), dates `YYYY-MM-DD`, "
        "booleans `true`/`false`. An output cell holds one value (or `null` for none), not a condition.",
    ),
    Code(
        "E0503",
        "row and columns do not fit",
        "Each row has one cell per input column (`any` matches every value) and one per output column, and no cell "
        "for anything else. A table needs at least one input and one output column; `min` and `max` bound input "
        "columns of numbers only.",
    ),
    Code(
        "E0504",
        "input covered by no row",
        "Some inputs match no row, so the lookup would give null. The message names the inputs: add a row, or "
        "correct the bounds (half-open ranges `[a, b)` followed by `[b, c)` leave no gap). Give the column `min`/`max` "
        "when only part of its values can occur.",
    ),
    Code(
        "E0505",
        "rows of a unique table overlap",
        "With `hit_policy: unique` every input must match at most one row. The message names the rows and the inputs "
        "they share; make their conditions disjoint, or use `hit_policy: first` when the order of the rows decides.",
    ),
    Code(
        "E0506",
        "row is never used",
        "Under `hit_policy: first` the row is hidden by rows before it that match every input it matches, or the row "
        "matches no input at all (for example only values outside the column's `min` and `max`). Remove it or move it up.",
    ),
    Code(
        "E0507",
        "validity periods overlap",
        "Dated versions of one table (tables with the same `lookup`) or of one fee item (items with the same "
        "`line_id`) must not be in force on the same day: end the earlier one the day before the later one starts.",
    ),
    Code(
        "E0508",
        "validity periods leave a gap",
        "Between two dated versions of one table or fee item there are days on which neither is in force, so the "
        "lookup or the fee line would be missing. Let the later version start the day after the earlier one ends.",
    ),
    Code(
        "E0509",
        "versions of a table have different columns",
        "Tables that share a `lookup` name are versions of one function: they need the same input and output columns, "
        "in the same order and with the same types.",
    ),
    Code(
        "E0510",
        "table function name taken",
        "A table is looked up by its `lookup` name (or its own name), a table with several outputs as "
        "`<lookup>_<output>`. That name is a built-in function or is defined by another table; rename one.",
    ),
    Code(
        "E0511",
        "collect_sum needs number outputs",
        "`hit_policy: collect_sum` adds the outputs of every matching row, so its output columns must be integer, "
        "decimal or money.",
    ),
    Code(
        "E0512",
        "table looked up outside computed values and fee items",
        "Decision tables are looked up in computed values and in fee items (`amount`, `when`). To use a looked-up value "
        "in a rule, a condition or the target mapping, compute it under `computed:` and use the computed value.",
    ),
    Code(
        "W0401",
        "division by zero",
        "Dividing by the literal 0 always gives null (division by zero is null at run time, never an error).",
    ),
    # -- W0xxx: warnings -----------------------------------------------------------------
    Code(
        "W0201",
        "translation for an undeclared language",
        "A text has a translation for a language that `service.languages` does not list. Add the language or remove the text.",
    ),
    Code("W0202", "unused option list", "An option list is defined but no field uses it. Remove it or use it."),
    Code("W0203", "unused type", "A named type is defined but no field uses it. Remove it or use it."),
    Code(
        "W0501",
        "decision table too large to analyse",
        "The table's inputs split into more than 200,000 combinations, so it was not checked for gaps, overlaps and "
        "unused rows. Split it into smaller tables.",
    ),
)


class Diagnostic(NamedTuple):
    """One problem found in a spec: what (code, message), where (span), and how to fix it (hint)."""

    code: str
    span: Span
    message: str
    hint: str | None = None

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.span.file, self.span.line, self.span.col, self.code, self.message)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics in reporting order (file, line, column), without exact repeats."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest candidate to a misspelt `word`, or None when nothing is close."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None
