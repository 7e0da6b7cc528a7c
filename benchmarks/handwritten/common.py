"""What the hand-written validators share: the patterns and the address type of both forms, and the slow paths.

The slow paths (`text`, `day`, …) run only once a value has failed its fast test, to say why; they return the
errors of the generated `validate` for that value, as (code, rule, pointer).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from svcdef.expr.runtime import svcdef_runtime as rt

Error = tuple[Any, ...]
ABSENT: Any = object()
"""An absent key (a key given `null` is present)."""

DATE = re.compile(
    r"(?:(?:0(?:0(?:0[1-9]|[1-9][0-9])|[1-9][0-9]{2})|[1-9][0-9]{3})-(?:0[1-9]|1[012])-(?:0[1-9]|[12][0-9]|3[01]))",
    re.ASCII,
).fullmatch
EMAIL = re.compile(
    r"[!#$%&'*+\-/-9=?A-Z^-~]+(?:\.[!#$%&'*+\-/-9=?A-Z^-~]+)*@[0-9A-Za-z]+(?:-+[0-9A-Za-z]+)*"
    r"(?:\.[0-9A-Za-z]+(?:-+[0-9A-Za-z]+)*)+",
    re.ASCII,
).fullmatch
PHONE = re.compile(r"\+[1-9](?: ?[0-9]){6,14}", re.ASCII).fullmatch
HOUSE = re.compile(r"[0-9]{1,5}[A-Za-z]?", re.ASCII).fullmatch
POSTAL = re.compile(r"[1-9][0-9]{3}", re.ASCII).fullmatch
IBAN = re.compile(r"(?:CH|LI)[0-9]{2}(?: ?[0-9A-Z]){11,30}", re.ASCII).fullmatch
ADDRESS = frozenset({"street", "house_number", "address_line", "postal_code", "town"})
FILE = frozenset({"name", "media_type", "size", "ref"})
MEDIA_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
MOST_BYTES = 5_000_000
"""The file references of both forms: their parts, the media types and the size they allow."""
COUNTRIES = frozenset({"CH", "LI"})
_SAFE = 2**53 - 1
_iso = dt.date.fromisoformat


def integer(v: Any, low: int, high: int) -> bool:
    """Whether `v` is a JSON integer (1.0 is one) within bounds; not called for an exact int."""
    return v.__class__ is float and v.is_integer() and low <= v <= high


def date(v: Any) -> dt.date | None:
    """An ISO calendar date that exists, as svcdef reads one."""
    if v.__class__ is not str:
        return None
    try:
        return _iso(v) if v[7] == "-" else None
    except (ValueError, IndexError):
        return None


def whole_number(v: Any) -> int | None:
    """A JSON number without fraction within +-(2**53 - 1), as svcdef reads an integer."""
    if v.__class__ is float and v == v and v not in (float("inf"), float("-inf")) and v.is_integer():
        v = int(v)
    return v if v.__class__ is int and -_SAFE <= v <= _SAFE else None


def given(d: dict[str, Any], key: str, v: Any) -> Any:
    """`v` read by `d.get(key)`, or `ABSENT` if `d` has no such key (read without a default on the fast path)."""
    return ABSENT if v is None and key not in d else v


def text(v: Any, at: str, low: int, high: int, e: list[Error]) -> None:
    if v is ABSENT:
        e.append(("required", "required", at))
    elif not isinstance(v, str):
        e.append(("type", "type", at))
    else:
        if len(v) < low:
            e.append(("min_length", "min_length", at))
        if len(v) > high:
            e.append(("max_length", "max_length", at))


def day(v: Any, at: str, low: dt.date | None, e: list[Error]) -> None:
    if v is ABSENT:
        e.append(("required", "required", at))
    elif not isinstance(v, str):
        e.append(("type", "type", at))
    elif (found := date(v)) is None:
        e.append(("format", "format", at))
    elif low is not None and found < low:
        e.append(("min", "min", at))


def whole(v: Any, at: str, low: int, high: int, e: list[Error]) -> None:
    if v is ABSENT:
        e.append(("required", "required", at))
    elif (n := whole_number(v)) is None:
        e.append(("type", "type", at))
    else:
        bounded(n, low, high, at, e)


def bounded(n: Any, low: Any, high: Any, at: str, e: list[Error]) -> None:
    """A number read from a value: below its least, above its most."""
    if n < low:
        e.append(("min", "min", at))
    if n > high:
        e.append(("max", "max", at))


def choice(v: Any, at: str, options: frozenset[str], e: list[Error]) -> None:
    if v is ABSENT:
        e.append(("required", "required", at))
    elif not isinstance(v, str):
        e.append(("type", "type", at))
    elif v not in options:
        e.append(("option", "option", at))


def pattern(v: Any, at: str, matches: Any, e: list[Error]) -> None:
    """A value with a format (e-mail, phone, postal code) that failed it: required, type or format."""
    if v is ABSENT:
        e.append(("required", "required", at))
    elif not isinstance(v, str):
        e.append(("type", "type", at))
    elif not matches(v):
        e.append(("format", "format", at))


def iban(v: Any, at: str, e: list[Error]) -> None:
    """An IBAN restricted to CH and LI that failed its fast test."""
    if not isinstance(v, str):
        e.append(("type", "type", at))
    elif not rt.iban_form(v):
        e.append(("format", "format", at))
    else:
        if not rt.iban_ok(v):
            e.append(("checksum", "checksum", at))
        if v[:2] not in COUNTRIES:
            e.append(("countries", "countries", at))


def decimal(v: Any, at: str, matches: Any, low: Decimal, high: Decimal, e: list[Error]) -> None:
    """A decimal value (text) that failed its fast test: type, format, then its bounds."""
    if not isinstance(v, str):
        e.append(("type", "type", at))
    elif not matches(v):
        e.append(("format", "format", at))
    else:
        bounded(Decimal(v), low, high, at, e)


def file_reference(v: dict[str, Any], at: str, e: list[Error]) -> None:
    """A file reference that failed its fast test: media type, size, then each of its four parts, then others."""
    media_type, size = v.get("media_type"), whole_number(v.get("size"))
    if isinstance(media_type, str) and media_type not in MEDIA_TYPES:
        e.append(("media_types", "media_types", at))
    if size is not None and size > MOST_BYTES:
        e.append(("max_size", "max_size", at))
    for key in ("name", "media_type", "size", "ref"):
        if key not in v:
            e.append(("required", "required", at + "/" + key))
        elif key == "size":
            if whole_number(v[key]) is None:
                e.append(("type", "type", at + "/size"))
            elif v[key] < 0:
                e.append(("min", "min", at + "/size"))
        elif not isinstance(v[key], str):
            e.append(("type", "type", at + "/" + key))
        elif key != "media_type" and v[key] == "":
            e.append(("min_length", "min_length", at + "/" + key))
    unknown(v, FILE, at, e)


def schema_file(v: dict[str, Any]) -> bool:
    """The four parts of a file reference, as the schema checks them (the caller has counted four keys)."""
    g = v.get
    name, media_type, size, ref = g("name"), g("media_type"), g("size"), g("ref")
    return (
        name.__class__ is str
        and name != ""
        and media_type.__class__ is str
        and media_type in MEDIA_TYPES
        and ((size.__class__ is int and 0 <= size <= MOST_BYTES) or integer(size, 0, MOST_BYTES))
        and ref.__class__ is str
        and ref != ""
    )


def unknown(d: dict[Any, Any], known: frozenset[str], at: str, e: list[Error]) -> None:
    e += [("unknown", "unknown", at + "/" + k) for k in rt.unknown_keys(d, known)]


def schema_address(v: dict[str, Any], at: str, e: list[Error]) -> None:
    """The Swiss address type (`specs/lib/address-ch.yaml`), checked as `schema.json` checks it."""
    a = v.get
    m = 3
    before = len(e)  # a failed check of a required field may be its absence: then the key count says nothing
    x = a("street")
    if not (x.__class__ is str and 0 < len(x) <= 60):
        e.append(("string", at + "/street"))
    x = a("house_number", ABSENT)
    if x is not ABSENT:
        m += 1
        if not (x.__class__ is str and 0 < len(x) <= 12 and HOUSE(x)):
            e.append(("pattern", at + "/house_number"))
    x = a("address_line", ABSENT)
    if x is not ABSENT:
        m += 1
        if not (x.__class__ is str and 0 < len(x) <= 60):
            e.append(("string", at + "/address_line"))
    x = a("postal_code")
    if not (x.__class__ is str and POSTAL(x)):
        e.append(("pattern", at + "/postal_code"))
    x = a("town")
    if not (x.__class__ is str and 0 < len(x) <= 40):
        e.append(("string", at + "/town"))
    if len(v) != m or len(e) != before:
        e += [("additionalProperties", at + "/" + str(k)) for k in v if k not in ADDRESS]


def svcdef_address(v: dict[str, Any], at: str, e: list[Error]) -> None:
    """The Swiss address type, checked as the generated `validate` checks it."""
    a = v.get
    m = 3
    before = len(e)  # as in `schema_address`
    x = a("street")
    if not (x.__class__ is str and 0 < len(x) <= 60):
        text(given(v, "street", x), at + "/street", 1, 60, e)
    x = a("house_number", ABSENT)
    if x is not ABSENT:
        m += 1
        if not (x.__class__ is str and 0 < len(x) <= 12 and HOUSE(x)):
            text(x, at + "/house_number", 1, 12, e)
            if isinstance(x, str) and not HOUSE(x):
                e.append(("pattern", "pattern", at + "/house_number"))
    x = a("address_line", ABSENT)
    if x is not ABSENT:
        m += 1
        if not (x.__class__ is str and 0 < len(x) <= 60):
            text(x, at + "/address_line", 1, 60, e)
    x = a("postal_code")
    if not (x.__class__ is str and POSTAL(x)):
        pattern(given(v, "postal_code", x), at + "/postal_code", POSTAL, e)
    x = a("town")
    if not (x.__class__ is str and 0 < len(x) <= 40):
        text(given(v, "town", x), at + "/town", 1, 40, e)
    if len(v) != m or len(e) != before:
        unknown(v, ADDRESS, at, e)
