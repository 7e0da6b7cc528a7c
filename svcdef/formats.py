"""How each field type is written in a submission: one pattern and one check per format, shared by every target.

The reference interpreter, the JSON Schema generator and the generated
validators all take their patterns and check-digit rules from here, so that
a value is well-formed in one target exactly when it is in the others. Every
pattern belongs to the portable subset of `svcdef.patterns` (same meaning in
Python `re` and ECMA-262, no catastrophic backtracking) and matches the whole
value; `pattern_for` returns the parsed pattern ready for translation.

Design choices, documented for users in docs/submissions.md:
- decimal and money values are JSON strings (`"120.50"`): JSON numbers are
  binary doubles in JavaScript, and JSON Schema's `multipleOf` compares them
  with binary floats in Python `jsonschema`;
- integers are JSON numbers within ±(2**53 - 1), the range both Python and
  JavaScript read exactly;
- dates, date-times and times are ISO 8601 strings without time zone; the
  year 0000 is excluded because Python cannot represent it;
- e-mail addresses follow a dot-atom pattern that is a subset of what
  ajv-formats accepts, so that every validator agrees.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .patterns import Regex

MAX_SAFE_INTEGER = 2**53 - 1
"""Largest integer magnitude accepted in a submission (JavaScript's `Number.MAX_SAFE_INTEGER`)."""

MONEY_SCALE = 2
"""Digits after the point of money amounts."""

MAX_INTEGER_DIGITS = 18
"""Most digits before the point in a decimal or money string."""

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9]+(-+[A-Za-z0-9]+)*"
_YEAR = r"(0(0(0[1-9]|[1-9][0-9])|[1-9][0-9]{2})|[1-9][0-9]{3})"
_DATE = _YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?"

PATTERNS: dict[str, str] = {
    "email": rf"{_ATOM}(\.{_ATOM})*@{_LABEL}(\.{_LABEL})+",
    "phone": r"\+[1-9]( ?[0-9]){6,14}",
    "iban": r"[A-Z]{2}[0-9]{2}( ?[A-Z0-9]){11,30}",
    "ahv_number": r"756\.[0-9]{4}\.[0-9]{4}\.[0-9]{2}",
    "uid": r"CHE-[0-9]{3}\.[0-9]{3}\.[0-9]{3}",
    "date": _DATE,
    "datetime": rf"{_DATE}T{_TIME}",
    "time": _TIME,
    "postal_code.CH": r"[1-9][0-9]{3}",
    "postal_code.LI": r"94[89][0-9]",
    "postal_code.AT": r"[1-9][0-9]{3}",
    "postal_code.DE": r"[0-9]{5}",
    "postal_code.FR": r"[0-9]{5}",
    "postal_code.IT": r"[0-9]{5}",
}
"""Pattern of each format, by format name (`postal_code.<country>` for postal codes)."""

CHECK_DIGITS = ("iban", "ahv_number", "uid")
"""Formats with a check digit that a pattern cannot express (reported as `checksum`).

The checks themselves live in the shipped Python runtime (`svcdef_runtime.CHECK_DIGITS`), so that the
reference interpreter and the generated Python run the very same code; the JavaScript runtime has its own.
"""


def decimal_pattern(scale: int) -> str:
    """A decimal string with at most `scale` digits after the point: `-12.5`, `0.75`, `120`; no `+`, no `.5`."""
    whole = rf"-?(0|[1-9][0-9]{{0,{MAX_INTEGER_DIGITS - 1}}})"
    return whole if scale == 0 else rf"{whole}(\.[0-9]{{1,{scale}}})?"


def format_name(field_type: str, country: str | None = None) -> str:
    """The key into `PATTERNS` for a field type (postal codes per country)."""
    return f"postal_code.{country}" if field_type == "postal_code" else field_type


@cache
def pattern_for(source: str) -> Regex:
    """The parsed form of one of this module's patterns (they are known to be valid)."""
    from .patterns import parse_pattern  # imported on use: `svcdef check` starts faster without it

    regex, problems = parse_pattern(source)
    assert regex is not None, problems
    return regex


@cache
def _python(source: str) -> re.Pattern[str]:
    from .patterns import to_python

    return re.compile(to_python(pattern_for(source)), re.ASCII | re.DOTALL)


def matches(source: str, value: str) -> bool:
    """Whether `value` matches the whole of the portable pattern `source`."""
    return _python(source).fullmatch(value) is not None


# -- dates and times ----------------------------------------------------------------------


def parse_date(text: str) -> dt.date | None:
    """An ISO 8601 calendar date `YYYY-MM-DD` that exists, or None (stricter than `date.fromisoformat`)."""
    if not matches(PATTERNS["date"], text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_datetime(text: str) -> dt.datetime | None:
    """A local date-time `YYYY-MM-DDTHH:MM[:SS]` that exists, or None."""
    if not matches(PATTERNS["datetime"], text):
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_time(text: str) -> dt.time | None:
    """A time of day `HH:MM[:SS]`, or None."""
    if not matches(PATTERNS["time"], text):
        return None
    return dt.time.fromisoformat(text)


TEMPORAL = {"date": parse_date, "datetime": parse_datetime, "time": parse_time}
