"""svcdef expression runtime for Python: the functions generated validators and fee calculators call.

Shipped verbatim next to generated code; it imports only the standard library.
The semantics are those of docs/expressions.md in the svcdef repository: null
(None) propagates through operators and functions, `and`/`or`/`not` are
three-valued, numbers are exact (int or decimal.Decimal, computed in this
module's own context, never the thread's global one), division rounds to 12
fractional digits half-even and gives None for a zero divisor. No function
raises, whatever it is given.
"""

from __future__ import annotations

import datetime as _dt
import decimal as _decimal

MYPY = False
if MYPY:  # for type checkers only: `typing` and `re` cost more to import than this module (`re` loads when needed)
    import re as _re
    from collections.abc import Container
    from typing import Any

__all__ = [
    "CHECK_DIGITS",
    "D",
    "absolute",
    "add",
    "add_days",
    "age",
    "ahv_number_ok",
    "and_",
    "coalesce",
    "concat",
    "count",
    "count_where",
    "date",
    "datetime",
    "days_between",
    "dec",
    "div",
    "eq",
    "every",
    "field",
    "ge",
    "greatest",
    "gt",
    "iban_ok",
    "in_",
    "is_set",
    "largest",
    "largest_over",
    "le",
    "least",
    "length",
    "lower",
    "lt",
    "matches",
    "mul",
    "ne",
    "neg",
    "not_",
    "not_in",
    "or_",
    "primary_language",
    "round_to",
    "smallest",
    "smallest_over",
    "some",
    "sub",
    "time",
    "total",
    "total_over",
    "trim",
    "uid_ok",
    "unknown_keys",
    "upper",
    "years_between",
]

D = _decimal.Decimal
date = _dt.date
datetime = _dt.datetime
time = _dt.time

_CTX = _decimal.Context(prec=_decimal.MAX_PREC, Emax=_decimal.MAX_EMAX, Emin=_decimal.MIN_EMIN, traps=[])
_DIVISION_PLACES = 12
_SCALE = 10**_DIVISION_PLACES
_ASCII_SPACE = " \t\n\r\x0b\x0c"
_EXPONENTS = [D(1).scaleb(-p) for p in range(13)]
_PATTERNS: dict[str, _re.Pattern[str]] = {}
_NUMBER: list[_re.Pattern[str]] = []
"""The grammar of numeric text (ASCII digits, as JavaScript's `\\d`), compiled on first use."""


def _number(text: str) -> bool:
    if not _NUMBER:
        import re

        _NUMBER.append(re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?"))
    return _NUMBER[0].fullmatch(text) is not None


def _fix(r: Any) -> Any:
    """Decimal results lose the sign of zero, so that -0 never appears (JavaScript has none)."""
    return r if r else r.copy_abs()


def dec(x: Any) -> Any:
    """A number from input: int stays int; Decimal, float and numeric text become Decimal; anything else None."""
    c = x.__class__
    if c is int or c is D:
        return x
    if c is float:
        return dec(repr(x)) if x == x and x not in (float("inf"), float("-inf")) else None
    if c is str and len(x) <= 100 and _number(x):
        r = D(x)
        exponent = r.as_tuple().exponent
        return _fix(r.quantize(_EXPONENTS[0], context=_CTX) if isinstance(exponent, int) and exponent > 0 else r)
    return None


_ADD, _SUBTRACT, _MULTIPLY = _CTX.add, _CTX.subtract, _CTX.multiply
"""Bound once, and `_fix` written out in the three: the method lookup and the call each cost about a third of
the operation, and a computed value is mostly sums and products."""


def add(a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if a.__class__ is int and b.__class__ is int:
        return a + b
    try:
        r = _ADD(a, b)
    except Exception:
        return None
    return r if r else r.copy_abs()  # `_fix` written out


def sub(a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if a.__class__ is int and b.__class__ is int:
        return a - b
    try:
        r = _SUBTRACT(a, b)
    except Exception:
        return None
    return r if r else r.copy_abs()  # `_fix` written out


def mul(a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if a.__class__ is int and b.__class__ is int:
        return a * b
    try:
        r = _MULTIPLY(a, b)
    except Exception:
        return None
    return r if r else r.copy_abs()  # `_fix` written out


def div(a: Any, b: Any) -> Any:
    """a / b rounded half-even to 12 fractional digits, trailing fractional zeros removed; None if b is 0."""
    if a is None or b is None:
        return None
    try:
        an, ad = a.as_integer_ratio()
        bn, bd = b.as_integer_ratio()
    except Exception:
        return None
    if bn == 0:
        return None
    num, den = an * bd * _SCALE, ad * bn
    if den < 0:
        num, den = -num, -den
    q, r = divmod(num, den)
    twice = 2 * r
    if twice > den or (twice == den and q % 2 == 1):
        q += 1
    places = _DIVISION_PLACES
    while places and q % 10 == 0:
        q //= 10
        places -= 1
    return _fix(D(q).scaleb(-places, _CTX))


def neg(a: Any) -> Any:
    if a is None:
        return None
    if a.__class__ is int:
        return -a
    try:
        return _fix(_CTX.minus(a))
    except Exception:
        return None


def absolute(a: Any) -> Any:
    if a is None:
        return None
    if a.__class__ is int:
        return -a if a < 0 else a
    try:
        return _fix(_CTX.abs(a))
    except Exception:
        return None


def round_to(a: Any, places: int) -> Any:
    """a rounded half away from zero to exactly `places` fractional digits."""
    if a is None:
        return None
    try:
        return _fix(D(a).quantize(_EXPONENTS[places], _decimal.ROUND_HALF_UP, _CTX))
    except Exception:
        return None


def concat(a: Any, b: Any) -> Any:
    if a.__class__ is str and b.__class__ is str:
        return a + b
    return None


def eq(a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    return a == b


def ne(a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    return a != b


def lt(a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    try:
        return a < b
    except Exception:
        return None


def le(a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    try:
        return a <= b
    except Exception:
        return None


def gt(a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    try:
        return a > b
    except Exception:
        return None


def ge(a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    try:
        return a >= b
    except Exception:
        return None


def and_(a: Any, b: Any) -> Any:
    if a is False or b is False:
        return False
    if a is True and b is True:
        return True
    return None


def or_(a: Any, b: Any) -> Any:
    if a is True or b is True:
        return True
    if a is False and b is False:
        return False
    return None


def not_(a: Any) -> Any:
    if a is True:
        return False
    if a is False:
        return True
    return None


def in_(x: Any, values: Any) -> Any:
    if x is None:
        return None
    if values.__class__ is not list and values.__class__ is not tuple:
        return False
    for v in values:  # noqa: SIM110 - a loop is faster than any() over a generator
        if v is not None and v == x:
            return True
    return False


def not_in(x: Any, values: Any) -> Any:
    r = in_(x, values)
    return None if r is None else not r


def field(group: Any, name: str) -> Any:
    """group[name], or None when group is not a dict."""
    if group.__class__ is not dict:
        return None
    try:
        return group.get(name)
    except TypeError:
        return None


def is_set(x: Any) -> bool:
    return x is not None


def coalesce(*values: Any) -> Any:
    for v in values:
        if v is not None:
            return v
    return None


def years_between(a: Any, b: Any) -> Any:
    """Full years from a to b (a 29 February counts as passed on 1 March in other years)."""
    if a is None or b is None:
        return None
    try:
        return b.year - a.year - (b.month * 32 + b.day < a.month * 32 + a.day)  # (no two tuples to compare)
    except Exception:
        return None


age = years_between
"""`age(birth, today)`: the full years from birth to today (the same function: no second call per use)."""


def days_between(a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    try:
        return (b - a).days
    except Exception:
        return None


def add_days(d: Any, days: Any) -> Any:
    if d is None or days is None:
        return None
    try:
        return d + _dt.timedelta(days=days)
    except Exception:
        return None


def count(values: Any) -> int:
    if values.__class__ is not list:
        return 0
    n = 0
    for v in values:
        if v is not None:
            n += 1
    return n


# The functions over lists with a predicate count the index by hand: `enumerate` costs twice as much on short
# lists, and a generator in `any()` or `all()` more still.


def count_where(values: Any, predicate: Any) -> int:
    if values.__class__ is not list or not callable(predicate):
        return 0
    n = 0
    i = -1
    for v in values:
        i += 1
        if v is not None and predicate(v, i) is True:
            n += 1
    return n


def some(values: Any, predicate: Any) -> bool:
    if values.__class__ is not list or not callable(predicate):
        return False
    i = -1
    for v in values:
        i += 1
        if v is not None and predicate(v, i) is True:
            return True
    return False


def every(values: Any, predicate: Any) -> bool:
    if values.__class__ is not list or not callable(predicate):
        return True
    i = -1
    for v in values:
        i += 1
        if v is not None and predicate(v, i) is not True:
            return False
    return True


def total(values: Any) -> Any:
    result: Any = 0
    if values.__class__ is list:
        for v in values:
            if v is not None:
                result = add(result, v)
    return result


def total_over(values: Any, amount: Any) -> Any:
    result: Any = 0
    if values.__class__ is list and callable(amount):
        for i, v in enumerate(values):
            if v is not None:
                x = amount(v, i)
                if x is not None:
                    result = add(result, x)
    return result


def _extreme(values: Any, smaller: bool) -> Any:
    best = None
    try:
        for v in values:
            if v is not None and (best is None or (v < best if smaller else v > best)):
                best = v
    except Exception:
        return None
    return best


def _extreme_over(values: Any, amount: Any, smaller: bool) -> Any:
    best = None
    if values.__class__ is not list or not callable(amount):
        return None
    try:
        for i, v in enumerate(values):
            if v is not None:
                x = amount(v, i)
                if x is not None and (best is None or (x < best if smaller else x > best)):
                    best = x
    except Exception:
        return None
    return best


def smallest_over(values: Any, amount: Any) -> Any:
    return _extreme_over(values, amount, True)


def largest_over(values: Any, amount: Any) -> Any:
    return _extreme_over(values, amount, False)


def smallest(values: Any) -> Any:
    return _extreme(values, True) if values.__class__ is list else None


def largest(values: Any) -> Any:
    return _extreme(values, False) if values.__class__ is list else None


def least(*values: Any) -> Any:
    return None if None in values else _extreme(values, True)


def greatest(*values: Any) -> Any:
    return None if None in values else _extreme(values, False)


def length(s: Any) -> Any:
    return len(s) if s.__class__ is str else None


def lower(s: Any) -> Any:
    return s.lower() if s.__class__ is str else None


def upper(s: Any) -> Any:
    return s.upper() if s.__class__ is str else None


def trim(s: Any) -> Any:
    """s without leading and trailing ASCII whitespace (tab, line feed, vertical tab, form feed, carriage return, space)."""
    return s.strip(_ASCII_SPACE) if s.__class__ is str else None


def _form(source: str) -> _re.Pattern[str]:
    """`source` compiled (ASCII classes, `.` matches every character) and kept in `_PATTERNS`, on first use.

    `re` is imported here, so that importing the runtime stays cheap. Callers look in `_PATTERNS` first: a call
    costs as much as the lookup again.
    """
    import re

    form = _PATTERNS[source] = re.compile(source, re.ASCII | re.DOTALL)
    return form


def matches(s: Any, pattern: str) -> Any:
    """Whether the whole of s matches pattern (ASCII classes, `.` matches every character)."""
    if s.__class__ is not str:
        return None
    compiled = _PATTERNS.get(pattern)
    if compiled is None:
        try:
            compiled = _form(pattern)
        except Exception:
            return None
    return compiled.fullmatch(s) is not None


# -- check digits (the reference interpreter uses these same functions) ---------------------


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_BASE36 = {ord(c): str(int(c, 36)) for c in _LETTERS}
"""Letters as their base-36 values, for the IBAN check (`str.translate` keeps it one pass in C)."""
_COUNTRY = {c: str(int(c, 36)) for c in _LETTERS}
"""The same values by letter, for the two letters of a country code (no `ord` per lookup)."""


def _ascii_digits(s: str) -> bool:
    return s.isascii() and s.isdigit()


def iban_ok(v: Any) -> bool:
    """ISO 13616 check digits (mod 97 == 1) of an IBAN; spaces are ignored; False for anything else."""
    if v.__class__ is not str:
        return False
    compact = v.replace(" ", "")
    account, check = compact[4:], compact[2:4]
    if _ascii_digits(account) and _ascii_digits(check):  # most countries: letters only in the country code
        first, second = _COUNTRY.get(compact[0]), _COUNTRY.get(compact[1])
        if first is not None and second is not None:
            return int(account + first + second + check) % 97 == 1
    number = (account + compact[:4]).translate(_BASE36)
    if _ascii_digits(number):
        return int(number) % 97 == 1
    try:  # other Unicode digits, as `int(c, 36)` reads them
        return int("".join(str(int(c, 36)) for c in compact[4:] + compact[:4])) % 97 == 1
    except ValueError:
        return False


_IBAN_COMPACT = "([A-Z]{2})([0-9]{2})(?:([0-9]{11,30})|[A-Z0-9]{11,30})"
"""The IBAN form without its spaces: country, check digits and, if it has only digits (most countries), account."""
_COUNTRY_NUMBERS = {a + b: _COUNTRY[a] + _COUNTRY[b] for a in _LETTERS[:26] for b in _LETTERS[:26]}
"""Each country code as the digits the check puts after the account (`CH`: `1217`)."""


def _iban_form(v: str) -> _re.Match[str] | None:
    """The match of `_IBAN_COMPACT` on text `v` with its spaces taken out, if `v` has the IBAN form.

    The form is `[A-Z]{2}[0-9]{2}( ?[A-Z0-9]){11,30}`; `re` spends most of its time on that repeated group,
    which this leaves out: a single space may stand before any character after the check digits, so with the
    spaces taken out the rest is one run of characters, and the spaces must not stand in the first four, at the
    end or two in a row. The same verdict as the pattern, in about half its instructions.
    """
    compact = v.replace(" ", "")
    if len(compact) != len(v) and (" " in v[:4] or v[-1] == " " or "  " in v):
        return None
    return (_PATTERNS.get(_IBAN_COMPACT) or _form(_IBAN_COMPACT)).fullmatch(compact)


def iban_form(v: str) -> bool:
    """Whether text `v` has the IBAN form (see `_iban_form`): the pattern's verdict, for a value `iban_valid` refused."""
    return _iban_form(v) is not None


def iban_valid(v: str) -> bool:
    """Whether text `v` has the IBAN form and right check digits: the verdict of the pattern and `iban_ok`."""
    found = _iban_form(v)
    if found is None:
        return False
    country, check, account = found.groups()
    if account is not None:
        return int(account + _COUNTRY_NUMBERS[country] + check) % 97 == 1
    compact = found.string
    return int((compact[4:] + compact[:4]).translate(_BASE36)) % 97 == 1


def _digits(v: Any, separators: str) -> str | None:
    """The ASCII digits of text `v`; without the scan when only `separators` lie between them."""
    if v.__class__ is not str:
        return None
    plain = v
    for c in separators:
        plain = plain.replace(c, "")
    return plain if _ascii_digits(plain) else "".join(c for c in v if "0" <= c <= "9")


def ahv_number_ok(v: Any) -> bool:
    """EAN-13 check digit of a Swiss social security number `756.dddd.dddd.dd`; False for anything else.

    The digits are summed as the bytes of their ASCII text (each digit is its byte less 48): slicing and
    `sum` run in C, where `int()` per digit took four times as long.
    """
    d = _digits(v, ".")
    if d is None or len(d) != 13:
        return False
    b = d.encode()
    total = sum(b[0:12:2]) + 3 * sum(b[1:12:2]) - 48 * 24
    return (10 - total % 10) % 10 == b[12] - 48


_AHV_PAIRS = r"756\.([0-9]{2})([0-9]{2})\.([0-9]{2})([0-9]{2})\.([0-9]{2})"
"""The form of an AHV number, its ten digits after `756` in five groups of two."""
_PAIR_SUMS = {f"{i:02d}": 3 * (i // 10) + i % 10 for i in range(100)}
"""Two digits weighted 3 and 1: the EAN-13 weights of each pair of an AHV number after `756`."""


def ahv_number_valid(v: str) -> bool:
    """Whether text `v` has the form `756.dddd.dddd.dd` and the right check digit: the pattern and `ahv_number_ok`.

    7, 5 and 6 weigh 28 together, and with the check digit weighed 1 the weighted sum of a valid number is a
    multiple of ten. The pattern's groups are the other digits in pairs, whose sums are looked up: about half the
    instructions of the pattern and `ahv_number_ok` (which sums the digits of any text).
    """
    found = (_PATTERNS.get(_AHV_PAIRS) or _form(_AHV_PAIRS)).fullmatch(v)
    if found is None:
        return False
    a, b, c, d, e = found.groups()
    return (28 + _PAIR_SUMS[a] + _PAIR_SUMS[b] + _PAIR_SUMS[c] + _PAIR_SUMS[d] + _PAIR_SUMS[e]) % 10 == 0


_UID_PARTS = r"CHE-([0-9]{2})([0-9])\.([0-9])([0-9]{2})\.([0-9]{2})([0-9])"
"""The form of a UID, its digits in groups of like weight: 5 4, 3, 2, 7 6, 5 4 and the check digit."""
_DIGIT = {str(i): i for i in range(10)}
_PAIRS_54 = {f"{i:02d}": 5 * (i // 10) + 4 * (i % 10) for i in range(100)}
_PAIRS_76 = {f"{i:02d}": 7 * (i // 10) + 6 * (i % 10) for i in range(100)}
"""A digit's value, and two digits weighted 5 and 4 or 7 and 6, for `uid_valid`."""


def uid_valid(v: str) -> bool:
    """Whether text `v` has the form `CHE-ddd.ddd.ddd` and the right check digit: the pattern and `uid_ok`.

    The check digit is 11 less the weighted sum mod 11 (11 as 0, and 10 is no number), so with it weighed 1 the
    sum of a valid number is a multiple of 11, and a sum 1 above one has no check digit. The groups' weighted
    sums are looked up, as in `ahv_number_valid`.
    """
    found = (_PATTERNS.get(_UID_PARTS) or _form(_UID_PARTS)).fullmatch(v)
    if found is None:
        return False
    a, b, c, d, e, f = found.groups()
    return (_PAIRS_54[a] + 3 * _DIGIT[b] + 2 * _DIGIT[c] + _PAIRS_76[d] + _PAIRS_54[e] + _DIGIT[f]) % 11 == 0


def uid_ok(v: Any) -> bool:
    """Mod-11 check digit of a Swiss enterprise number `CHE-ddd.ddd.ddd` (eCH-0097); False for anything else."""
    d = _digits(v, "CHE-.")
    if d is None or len(d) != 9:
        return False
    b = d.encode()  # digits as bytes, as in `ahv_number_ok`; the weights sum to 36
    total = 5 * b[0] + 4 * b[1] + 3 * b[2] + 2 * b[3] + 7 * b[4] + 6 * b[5] + 5 * b[6] + 4 * b[7] - 48 * 36
    check = 11 - total % 11
    return check != 10 and (0 if check == 11 else check) == b[8] - 48


CHECK_DIGITS = {"iban": iban_ok, "ahv_number": ahv_number_ok, "uid": uid_ok}
"""The check of each format with a check digit, by format name (`svcdef.formats.CHECK_DIGITS`)."""


def unknown_keys(d: Any, known: Container[str]) -> list[str]:
    """The keys of object `d` not in `known`, as JSON Pointer reference tokens in UTF-16 code unit order.

    That is the order JavaScript's default sort gives, so both targets list unknown keys alike. A key that is not
    text (only a Python caller can pass one) is named as `json.dumps` writes it (`1`, `null`, `true`), so the
    same submission sent as JSON gets the same errors from the JavaScript; keys JSON has no text for, by `str`.
    """
    if not isinstance(d, dict):
        return []
    names = [k if isinstance(k, str) else _key_text(k) for k in d if k not in known]
    names.sort(key=lambda k: k.encode("utf-16-be", "surrogatepass"))
    return [k.replace("~", "~0").replace("/", "~1") for k in names]


def _key_text(k: Any) -> str:
    """A dict key that is not text, as `json.dumps` writes it, else by `str`; never raises."""
    try:
        if k is None or k is True or k is False:
            return "null" if k is None else "true" if k else "false"
        if isinstance(k, float):
            return float.__repr__(k) if k - k == 0 else "NaN" if k != k else "Infinity" if k > 0 else "-Infinity"
        if isinstance(k, int):
            return int.__repr__(k)
        return str(k)
    except Exception:  # an int past `sys.get_int_max_str_digits`, a `__str__` that raises
        return "<" + type(k).__name__ + ">"


def primary_language(tag: Any) -> str:
    """The primary subtag of language tag `tag` (RFC 5646), lower-cased when ASCII: `fr-CH`, `FR`, `fr_CH` are `fr`.

    What a browser or an `Accept-Language` header gives; `_` is how POSIX locales write the `-`. Empty for
    anything that is not text.
    """
    if not isinstance(tag, str):
        return ""
    primary = tag.replace("_", "-").split("-", 1)[0]
    return primary.lower() if primary.isascii() else primary
