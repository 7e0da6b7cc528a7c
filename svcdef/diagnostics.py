"""Every diagnostic code svcdef can report, with its documentation, and the `Diagnostic` record.

Codes are stable: tests, CI scripts and editors match on them, never on the
English text. `E…` codes are errors (the spec cannot be built), `W…` codes are
warnings (the spec builds, but probably not as meant). `docs/diagnostics.md`
is generated from `CODES` (`python -m svcdef.docs`), and a test keeps it fresh.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from .span import Span


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Code:
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
    Code("E0001", "file cannot be read", "The file does not exist or cannot be opened. Check the path and permissions."),
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
    Code("E0010", "more than one YAML document", "A spec file holds exactly one YAML document. Remove the `---` separator."),
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
    Code("E0013", "empty file", "The file contains no YAML document. A spec starts with `svcdef: \"1\"`."),
    Code("E0014", "top level is not a mapping", "A spec file must be a mapping of keys such as `svcdef`, `service`, `fields`."),
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
    Code("E0101", "unknown key", "The key is not part of the spec language here. Check the spelling; the hint names the nearest key."),
    Code("E0102", "missing key", "A key that this section needs is missing. Add it."),
    Code(
        "E0103",
        "wrong kind of value",
        "The value has the wrong shape: for example a list where a mapping is expected, or text where a number is.",
    ),
    Code("E0104", "value not allowed", "The value is not one of the values allowed here. The message lists them."),
    Code("E0105", "unsupported spec language version", "This compiler reads `svcdef: \"1\"` specs. Set `svcdef: \"1\"`."),
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
    Code("E0206", "import cannot be read", "An imported library file is missing or has errors of its own (reported too)."),
    Code("E0207", "cyclic import", "Library files import each other in a cycle. Move the shared part into a third file."),
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
    Code("E0210", "invalid language code", "Languages are two-letter ISO 639-1 codes in lower case, such as `de`, `fr`, `it`, `en`."),
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
    Code("E0302", "default not allowed", "The `default` value has the wrong type or violates the field's own constraints."),
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
    Code("E0306", "invalid date or time", "Dates are ISO 8601 `YYYY-MM-DD`, times `HH:MM` or `HH:MM:SS`, date-times `YYYY-MM-DDTHH:MM:SS`."),
    Code("E0307", "invalid number", "The value is not a number of the required kind (integer, or decimal with the allowed digits)."),
    Code("E0308", "value out of range", "The value must not be negative or zero here (lengths, sizes, counts, scales)."),
    Code("E0309", "invalid media type", "Media types are written `type/subtype`, such as `application/pdf` or `image/*`."),
    Code("E0310", "empty option list", "An option list needs at least one option."),
    # -- W0xxx: warnings -----------------------------------------------------------------
    Code(
        "W0201",
        "translation for an undeclared language",
        "A text has a translation for a language that `service.languages` does not list. Add the language or remove the text.",
    ),
    Code("W0202", "unused option list", "An option list is defined but no field uses it. Remove it or use it."),
    Code("W0203", "unused type", "A named type is defined but no field uses it. Remove it or use it."),
)


@dataclass(frozen=True, slots=True)
class Diagnostic:
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
