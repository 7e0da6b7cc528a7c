"""Name rules shared by the checker and every code generator: what a valid identifier is, and which words are taken.

A name from a spec becomes a Python identifier, a JavaScript identifier, a
JSON property and an expression name, so it must be valid and unreserved in
all of them at once.
"""

from __future__ import annotations

import functools
import keyword
import re

IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")
SERVICE_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
OPTION_CODE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.\-]{0,62}[A-Za-z0-9])?")
LANGUAGE = re.compile(r"[a-z]{2}")
CURRENCY = re.compile(r"[A-Z]{3}")
SEMVER = re.compile(
    r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
)

DEFAULT_TIME_ZONE = "Europe/Zurich"


@functools.cache
def time_zones() -> frozenset[str]:
    """The IANA time zone names a service may use: `zoneinfo`'s (the system's database, else `tzdata`).

    Less the database's files that name no zone (`localtime`, `Factory`, `posixrules`: JavaScript's `Intl`
    knows none of them); read once, and only for a spec that names a zone other than the default.
    """
    from zoneinfo import available_timezones

    return frozenset(available_timezones() - {"localtime", "Factory", "posixrules"})


PYTHON_RESERVED = frozenset(keyword.kwlist)  # soft keywords (match, case, type) stay usable as names
JS_RESERVED = frozenset(
    [
        "await",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "debugger",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "false",
        "finally",
        "for",
        "function",
        "if",
        "implements",
        "import",
        "in",
        "instanceof",
        "interface",
        "let",
        "new",
        "null",
        "package",
        "private",
        "protected",
        "public",
        "return",
        "static",
        "super",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "typeof",
        "var",
        "void",
        "while",
        "with",
        "yield",
        "arguments",
        "eval",
        "undefined",
    ]
)
EXPRESSION_RESERVED = frozenset(
    ["and", "or", "not", "in", "if", "then", "else", "true", "false", "null", "item", "index", "today"]
)
RESERVED = PYTHON_RESERVED | JS_RESERVED | EXPRESSION_RESERVED


def reserved_in(name: str) -> str | None:
    """Which language reserves `name` ('Python', 'JavaScript', 'svcdef expressions'), or None."""
    if name in PYTHON_RESERVED:
        return "Python"
    if name in JS_RESERVED:
        return "JavaScript"
    if name in EXPRESSION_RESERVED:
        return "svcdef expressions"
    return None
