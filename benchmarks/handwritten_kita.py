"""Two pure-Python validators of the Kita form (`specs/kita-fees.yaml`) written by hand for speed: the ceiling.

Issue 5 set its targets by a hand-written validator ("level with jsonschema-rs on valid documents", on a flat
34-property form). These two answer what such a validator reaches on an example spec, nested groups, a list
and rules included, so that the generated code is measured against what Python allows rather than guessed:

- `schema_checks` makes exactly the checks of the generated `schema.json` (types, required, lengths, patterns,
  options, bounds of integers, list sizes, unknown keys, the visibility conditions): its verdict is the verdict of
  `jsonschema` on that schema (`tests/test_handwritten.py` compares them on drawn submissions);
- `svcdef_checks` makes every check of the generated `validate` (check digits, money and its bounds, calendar
  dates and their bounds, hidden and conditionally required fields, the four rules) and returns the same errors,
  in the same order, as (code, rule, pointer), without the messages (tested the same way).

Both are written as one would by hand for this form only: one pass, the fast test of each value first and the
reasons only when it fails, no views or second walk, the rules in the child loop's locals, plain locals
throughout. The fields are written out one by one, alike as many are (a loop over names or a call per field
would cost what is being measured). They take parsed JSON (the fast tests ask for exact `dict` and `str`, as the generated code's do).
`benchmarks/validators.py` times them on the spec's valid test documents beside the generated code.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from svcdef.expr.runtime import svcdef_runtime as rt

Error = tuple[Any, ...]

_DATE = re.compile(
    r"(?:(?:0(?:0(?:0[1-9]|[1-9][0-9])|[1-9][0-9]{2})|[1-9][0-9]{3})-(?:0[1-9]|1[012])-(?:0[1-9]|[12][0-9]|3[01]))",
    re.ASCII,
).fullmatch
_AHV = re.compile(r"756\.[0-9]{4}\.[0-9]{4}\.[0-9]{2}", re.ASCII).fullmatch
_MONEY = re.compile(r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,2})?", re.ASCII).fullmatch
_EMAIL = re.compile(
    r"[!#$%&'*+\-/-9=?A-Z^-~]+(?:\.[!#$%&'*+\-/-9=?A-Z^-~]+)*@[0-9A-Za-z]+(?:-+[0-9A-Za-z]+)*"
    r"(?:\.[0-9A-Za-z]+(?:-+[0-9A-Za-z]+)*)+",
    re.ASCII,
).fullmatch
_PHONE = re.compile(r"\+[1-9](?: ?[0-9]){6,14}", re.ASCII).fullmatch
_HOUSE = re.compile(r"[0-9]{1,5}[A-Za-z]?", re.ASCII).fullmatch
_POSTAL = re.compile(r"[1-9][0-9]{3}", re.ASCII).fullmatch
_IBAN = re.compile(r"(?:CH|LI)[0-9]{2}(?: ?[0-9A-Z]){11,30}", re.ASCII).fullmatch
EMPLOYMENT = frozenset({"employed", "self_employed", "in_training", "job_seeking", "not_employed"})
FACILITIES = frozenset({"kita_altstadt", "kita_bahnhof", "kita_seefeld", "kita_waldhof", "other_subsidised"})
PARENT = frozenset(
    {"first_name", "last_name", "birth_date", "ahv_number", "employment", "workload_percent"}
    | {"expected_income", "assessed_income"}
)
ADDRESS = frozenset({"street", "house_number", "address_line", "postal_code", "town"})
CHILD = frozenset({"first_name", "last_name", "birth_date", "facility", "care_days_per_week", "start_date"})
TOP = frozenset(
    {"parent1", "email", "phone", "address", "has_second_parent", "parent2", "children", "siblings_count"}
    | {"income_declared", "income_change_reason", "refund_iban", "consent"}
)
_NO: Any = object()
"""An absent key (a key given `null` is present)."""


# JSON Schema's checks -------------------------------------------------------------------------------------------


def _integer(v: Any, low: int, high: int) -> bool:
    """Whether `v` is a JSON integer (1.0 is one) within bounds; not called for an exact int."""
    return v.__class__ is float and v.is_integer() and low <= v <= high


def _schema_parent(p: dict[str, Any], at: str, declared: Any, e: list[Error]) -> None:
    g = p.get
    before = len(e)  # a failed check of a required field may be its absence: then the key count says nothing
    v = g("first_name")
    if not (v.__class__ is str and 0 < len(v) <= 100):
        e.append(("string", at + "/first_name"))
    v = g("last_name")
    if not (v.__class__ is str and 0 < len(v) <= 100):
        e.append(("string", at + "/last_name"))
    v = g("birth_date")
    if not (v.__class__ is str and _DATE(v)):
        e.append(("pattern", at + "/birth_date"))
    v = g("ahv_number")
    if not (v.__class__ is str and _AHV(v)):
        e.append(("pattern", at + "/ahv_number"))
    v = g("employment")
    if not (v.__class__ is str and v in EMPLOYMENT):
        e.append(("oneOf", at + "/employment"))
    n = 5
    v = g("workload_percent", _NO)
    if v is not _NO:
        n += 1
        if declared is not True:
            e.append(("not", at + "/workload_percent"))
        if not ((v.__class__ is int and 0 <= v <= 100) or _integer(v, 0, 100)):
            e.append(("integer", at + "/workload_percent"))
    elif declared is True:
        e.append(("required", at + "/workload_percent"))
    v = g("expected_income", _NO)
    if v is not _NO:
        n += 1
        if declared is not True:
            e.append(("not", at + "/expected_income"))
        if not (v.__class__ is str and _MONEY(v)):
            e.append(("pattern", at + "/expected_income"))
    elif declared is True:
        e.append(("required", at + "/expected_income"))
    v = g("assessed_income", _NO)
    if v is not _NO:
        n += 1
        if declared is not True:
            e.append(("not", at + "/assessed_income"))
        if not (v.__class__ is str and _MONEY(v)):
            e.append(("pattern", at + "/assessed_income"))
    if len(p) != n or len(e) != before:
        e += [("additionalProperties", at + "/" + str(k)) for k in p if k not in PARENT]


def schema_checks(d: Any) -> list[Error]:
    """The failed checks of `schema.json` (keyword, pointer); empty exactly when `jsonschema` accepts `d`."""
    if d.__class__ is not dict:
        return [("type", "")]
    e: list[Error] = []
    g = d.get
    declared = g("income_declared")
    n = 8  # the required keys; the optional ones given are added (if one is absent, `e` is not empty)
    v = g("parent1")
    if v.__class__ is dict:
        _schema_parent(v, "/parent1", declared, e)
    else:
        e.append(("object", "/parent1"))
    v = g("email")
    if not (v.__class__ is str and len(v) <= 254 and _EMAIL(v)):
        e.append(("pattern", "/email"))
    v = g("phone", _NO)
    if v is not _NO:
        n += 1
        if not (v.__class__ is str and _PHONE(v)):
            e.append(("pattern", "/phone"))
    v = g("address")
    if v.__class__ is dict:
        a = v.get
        m = 3
        before = len(e)  # as in `_schema_parent`
        x = a("street")
        if not (x.__class__ is str and 0 < len(x) <= 60):
            e.append(("string", "/address/street"))
        x = a("house_number", _NO)
        if x is not _NO:
            m += 1
            if not (x.__class__ is str and 0 < len(x) <= 12 and _HOUSE(x)):
                e.append(("pattern", "/address/house_number"))
        x = a("address_line", _NO)
        if x is not _NO:
            m += 1
            if not (x.__class__ is str and 0 < len(x) <= 60):
                e.append(("string", "/address/address_line"))
        x = a("postal_code")
        if not (x.__class__ is str and _POSTAL(x)):
            e.append(("pattern", "/address/postal_code"))
        x = a("town")
        if not (x.__class__ is str and 0 < len(x) <= 40):
            e.append(("string", "/address/town"))
        if len(v) != m or len(e) != before:
            e += [("additionalProperties", "/address/" + str(k)) for k in v if k not in ADDRESS]
    else:
        e.append(("object", "/address"))
    second = g("has_second_parent")
    if not (second is True or second is False):
        e.append(("boolean", "/has_second_parent"))
    v = g("parent2", _NO)
    if v is not _NO:
        n += 1
        if second is not True:
            e.append(("not", "/parent2"))
        if v.__class__ is dict:
            _schema_parent(v, "/parent2", declared, e)
        else:
            e.append(("object", "/parent2"))
    elif second is True:
        e.append(("required", "/parent2"))
    v = g("children")
    if v.__class__ is list and 1 <= len(v) <= 6:
        i = 0
        for c in v:
            if c.__class__ is not dict:
                e.append(("object", f"/children/{i}"))
                i += 1
                continue
            h = c.get
            before = len(e)
            x = h("first_name")
            if not (x.__class__ is str and 0 < len(x) <= 100):
                e.append(("string", f"/children/{i}/first_name"))
            x = h("last_name")
            if not (x.__class__ is str and 0 < len(x) <= 100):
                e.append(("string", f"/children/{i}/last_name"))
            x = h("birth_date")
            if not (x.__class__ is str and _DATE(x)):
                e.append(("pattern", f"/children/{i}/birth_date"))
            x = h("facility")
            if not (x.__class__ is str and x in FACILITIES):
                e.append(("oneOf", f"/children/{i}/facility"))
            x = h("care_days_per_week")
            if not ((x.__class__ is int and 1 <= x <= 5) or _integer(x, 1, 5)):
                e.append(("integer", f"/children/{i}/care_days_per_week"))
            x = h("start_date")
            if not (x.__class__ is str and _DATE(x)):
                e.append(("pattern", f"/children/{i}/start_date"))
            if len(c) != 6 or len(e) != before:
                e += [("additionalProperties", f"/children/{i}/{k}") for k in c if k not in CHILD]
            i += 1
    else:
        e.append(("array", "/children"))
    v = g("siblings_count")
    if not ((v.__class__ is int and 0 <= v <= 12) or _integer(v, 0, 12)):
        e.append(("integer", "/siblings_count"))
    if not (declared is True or declared is False):
        e.append(("boolean", "/income_declared"))
    v = g("income_change_reason", _NO)
    if v is not _NO:
        n += 1
        if declared is not True:
            e.append(("not", "/income_change_reason"))
        if not (v.__class__ is str and 0 < len(v) <= 2000):
            e.append(("string", "/income_change_reason"))
    v = g("refund_iban", _NO)
    if v is not _NO:
        n += 1
        if not (v.__class__ is str and _IBAN(v)):
            e.append(("pattern", "/refund_iban"))
    v = g("consent")
    if not (v is True or v is False):
        e.append(("boolean", "/consent"))
    if len(d) != n or e:
        e += [("additionalProperties", "/" + str(k)) for k in d if k not in TOP]
    return e


# svcdef's checks ------------------------------------------------------------------------------------------------

_iso = dt.date.fromisoformat
_add, _mul = rt._CTX.add, rt._CTX.multiply
_ahv, _iban = rt.ahv_number_valid, rt.iban_valid
ADULT_FROM, CHILD_FROM = dt.date(1920, 1, 1), dt.date(2018, 1, 1)
ZERO, MOST, SHARE = Decimal(0), Decimal(10_000_000), Decimal("0.8")
COUNTRIES = frozenset({"CH", "LI"})
_SAFE = 2**53 - 1


def _date(v: Any) -> dt.date | None:
    if v.__class__ is not str:
        return None
    try:
        return _iso(v) if v[7] == "-" else None
    except (ValueError, IndexError):
        return None


def _int(v: Any) -> int | None:
    """A JSON number without fraction within +-(2**53 - 1), as svcdef reads an integer."""
    if v.__class__ is float and v == v and v not in (float("inf"), float("-inf")) and v.is_integer():
        v = int(v)
    return v if v.__class__ is int and -_SAFE <= v <= _SAFE else None


def _text(v: Any, at: str, low: int, high: int, e: list[Error]) -> None:
    if v is _NO:
        e.append(("required", "required", at))
    elif not isinstance(v, str):
        e.append(("type", "type", at))
    else:
        if len(v) < low:
            e.append(("min_length", "min_length", at))
        if len(v) > high:
            e.append(("max_length", "max_length", at))


def _day(v: Any, at: str, low: dt.date | None, e: list[Error]) -> None:
    if v is _NO:
        e.append(("required", "required", at))
    elif not isinstance(v, str):
        e.append(("type", "type", at))
    elif (day := _date(v)) is None:
        e.append(("format", "format", at))
    elif low is not None and day < low:
        e.append(("min", "min", at))


def _whole(v: Any, at: str, low: int, high: int, e: list[Error]) -> None:
    if v is _NO:
        e.append(("required", "required", at))
    elif (n := _int(v)) is None:
        e.append(("type", "type", at))
    else:
        if n < low:
            e.append(("min", "min", at))
        if n > high:
            e.append(("max", "max", at))


def _choice(v: Any, at: str, options: frozenset[str], e: list[Error]) -> None:
    if v is _NO:
        e.append(("required", "required", at))
    elif not isinstance(v, str):
        e.append(("type", "type", at))
    elif v not in options:
        e.append(("option", "option", at))


def _given(d: dict[str, Any], key: str, v: Any) -> Any:
    """`v` read by `d.get(key)`, or `_NO` if `d` has no such key (read without a default on the fast path)."""
    return _NO if v is None and key not in d else v


def _money(v: Any) -> Decimal | None:
    return Decimal(v) if isinstance(v, str) and _MONEY(v) else None


def _income(v: Any, amount: Decimal | None, at: str, e: list[Error]) -> None:
    if not isinstance(v, str):
        e.append(("type", "type", at))
    elif amount is None:
        e.append(("format", "format", at))
    else:
        if amount < ZERO:
            e.append(("min", "min", at))
        if amount > MOST:
            e.append(("max", "max", at))


def _unknown(d: dict[Any, Any], known: frozenset[str], at: str, e: list[Error]) -> None:
    e += [("unknown", "unknown", at + "/" + k) for k in rt.unknown_keys(d, known)]


def _parent(p: dict[str, Any], at: str, declared: bool, e: list[Error]) -> tuple[Any, Any]:
    """Checks a parent; its expected and assessed incomes (parsed whether shown or not, as svcdef reads them)."""
    g = p.get
    before = len(e)  # a failed check of a required field may be its absence: then the key count says nothing
    v = g("first_name")
    if not (v.__class__ is str and 0 < len(v) <= 100):
        _text(_given(p, "first_name", v), at + "/first_name", 1, 100, e)
    v = g("last_name")
    if not (v.__class__ is str and 0 < len(v) <= 100):
        _text(_given(p, "last_name", v), at + "/last_name", 1, 100, e)
    v = g("birth_date")
    if not ((day := _date(v)) is not None and day >= ADULT_FROM):
        _day(_given(p, "birth_date", v), at + "/birth_date", ADULT_FROM, e)
    v = g("ahv_number")
    if not (v.__class__ is str and _ahv(v)):
        if _given(p, "ahv_number", v) is _NO:
            e.append(("required", "required", at + "/ahv_number"))
        elif not isinstance(v, str):
            e.append(("type", "type", at + "/ahv_number"))
        elif not _AHV(v):
            e.append(("format", "format", at + "/ahv_number"))
        else:
            e.append(("checksum", "checksum", at + "/ahv_number"))
    v = g("employment")
    if not (v.__class__ is str and v in EMPLOYMENT):
        _choice(_given(p, "employment", v), at + "/employment", EMPLOYMENT, e)
    n = 5
    v = g("workload_percent", _NO)
    if v is not _NO:
        n += 1
        if not declared:
            e.append(("hidden", "hidden", at + "/workload_percent"))
        elif not (v.__class__ is int and 0 <= v <= 100):
            _whole(v, at + "/workload_percent", 0, 100, e)
    elif declared:
        e.append(("required", "required", at + "/workload_percent"))
    v = g("expected_income", _NO)
    expected = Decimal(v) if v.__class__ is str and _MONEY(v) else None
    if v is not _NO:
        n += 1
        if not declared:
            e.append(("hidden", "hidden", at + "/expected_income"))
        elif not (expected is not None and v.__class__ is str and ZERO <= expected <= MOST):
            _income(v, expected, at + "/expected_income", e)
    elif declared:
        e.append(("required", "required", at + "/expected_income"))
    v = g("assessed_income", _NO)
    assessed = Decimal(v) if v.__class__ is str and _MONEY(v) else None
    if v is not _NO:
        n += 1
        if not declared:
            e.append(("hidden", "hidden", at + "/assessed_income"))
        elif not (assessed is not None and v.__class__ is str and ZERO <= assessed <= MOST):
            _income(v, assessed, at + "/assessed_income", e)
    if len(p) != n or len(e) != before:
        _unknown(p, PARENT, at, e)
    return expected, assessed


def svcdef_checks(d: Any) -> list[Error]:
    """The errors of the generated `validate` for `d`, in its order, as (code, rule, pointer)."""
    if not isinstance(d, dict):
        return [("type", "type", "")]
    e: list[Error] = []
    g = d.get
    declared = g("income_declared") is True
    n = 8  # the required keys; the optional ones given are added (if one is absent, `e` is not empty)
    v = g("parent1")
    expected1 = assessed1 = expected2 = assessed2 = None
    if v.__class__ is dict:
        expected1, assessed1 = _parent(v, "/parent1", declared, e)
    elif _given(d, "parent1", v) is _NO:
        e.append(("required", "required", "/parent1"))
    else:
        e.append(("type", "type", "/parent1"))
    v = g("email")
    if not (v.__class__ is str and _EMAIL(v) and len(v) <= 254):
        if _given(d, "email", v) is _NO:
            e.append(("required", "required", "/email"))
        elif not isinstance(v, str):
            e.append(("type", "type", "/email"))
        elif not _EMAIL(v):
            e.append(("format", "format", "/email"))
        else:
            e.append(("max_length", "max_length", "/email"))
    v = g("phone", _NO)
    if v is not _NO:
        n += 1
        if not (v.__class__ is str and _PHONE(v)):
            e.append(("type", "type", "/phone") if not isinstance(v, str) else ("format", "format", "/phone"))
    v = g("address")
    if v.__class__ is dict:
        a = v.get
        m = 3
        before = len(e)  # as in `_parent`
        x = a("street")
        if not (x.__class__ is str and 0 < len(x) <= 60):
            _text(_given(v, "street", x), "/address/street", 1, 60, e)
        x = a("house_number", _NO)
        if x is not _NO:
            m += 1
            if not (x.__class__ is str and 0 < len(x) <= 12 and _HOUSE(x)):
                _text(x, "/address/house_number", 1, 12, e)
                if isinstance(x, str) and not _HOUSE(x):
                    e.append(("pattern", "pattern", "/address/house_number"))
        x = a("address_line", _NO)
        if x is not _NO:
            m += 1
            if not (x.__class__ is str and 0 < len(x) <= 60):
                _text(x, "/address/address_line", 1, 60, e)
        x = a("postal_code")
        if not (x.__class__ is str and _POSTAL(x)):
            if _given(v, "postal_code", x) is _NO:
                e.append(("required", "required", "/address/postal_code"))
            elif not isinstance(x, str):
                e.append(("type", "type", "/address/postal_code"))
            else:
                e.append(("format", "format", "/address/postal_code"))
        x = a("town")
        if not (x.__class__ is str and 0 < len(x) <= 40):
            _text(_given(v, "town", x), "/address/town", 1, 40, e)
        if len(v) != m or len(e) != before:
            _unknown(v, ADDRESS, "/address", e)
    elif _given(d, "address", v) is _NO:
        e.append(("required", "required", "/address"))
    else:
        e.append(("type", "type", "/address"))
    second = g("has_second_parent")
    if not (second is True or second is False):
        if _given(d, "has_second_parent", second) is _NO:
            e.append(("required", "required", "/has_second_parent"))
        else:
            e.append(("type", "type", "/has_second_parent"))
    v = g("parent2", _NO)
    if v is not _NO:
        n += 1
        if second is not True:
            e.append(("hidden", "hidden", "/parent2"))
            if v.__class__ is dict:  # svcdef reads the incomes of a hidden group as well
                expected2, assessed2 = _money(v.get("expected_income")), _money(v.get("assessed_income"))
        elif v.__class__ is dict:
            expected2, assessed2 = _parent(v, "/parent2", declared, e)
        else:
            e.append(("type", "type", "/parent2"))
    elif second is True:
        e.append(("required", "required", "/parent2"))
    children = g("children")
    too_young: list[int] = []  # entries failing a rule, reported after the fields
    too_old: list[int] = []
    if children.__class__ is list:
        if not 1 <= len(children) <= 6:
            e.append(
                ("min_items", "min_items", "/children") if not children else ("max_items", "max_items", "/children")
            )
        i = 0
        for c in children:
            if c.__class__ is not dict:
                e.append(("type", "type", f"/children/{i}"))
                i += 1
                continue
            h = c.get
            before = len(e)
            x = h("first_name")
            if not (x.__class__ is str and 0 < len(x) <= 100):
                _text(_given(c, "first_name", x), f"/children/{i}/first_name", 1, 100, e)
            x = h("last_name")
            if not (x.__class__ is str and 0 < len(x) <= 100):
                _text(_given(c, "last_name", x), f"/children/{i}/last_name", 1, 100, e)
            x = h("birth_date")
            born = _date(x)
            if not (born is not None and born >= CHILD_FROM):
                _day(_given(c, "birth_date", x), f"/children/{i}/birth_date", CHILD_FROM, e)
            x = h("facility")
            if not (x.__class__ is str and x in FACILITIES):
                _choice(_given(c, "facility", x), f"/children/{i}/facility", FACILITIES, e)
            x = h("care_days_per_week")
            if not (x.__class__ is int and 1 <= x <= 5):
                _whole(_given(c, "care_days_per_week", x), f"/children/{i}/care_days_per_week", 1, 5, e)
            x = h("start_date")
            start = _date(x)
            if start is None:
                _day(_given(c, "start_date", x), f"/children/{i}/start_date", None, e)
            if len(c) != 6 or len(e) != before:
                _unknown(c, CHILD, f"/children/{i}", e)
            if born is not None and start is not None:
                if (start - born).days < 91:
                    too_young.append(i)
                if start.year - born.year - (start.month * 32 + start.day < born.month * 32 + born.day) >= 5:
                    too_old.append(i)
            i += 1
    elif _given(d, "children", children) is _NO:
        e.append(("required", "required", "/children"))
    else:
        e.append(("type", "type", "/children"))
    v = g("siblings_count")
    if not (v.__class__ is int and 0 <= v <= 12):
        _whole(_given(d, "siblings_count", v), "/siblings_count", 0, 12, e)
    v = g("income_declared")
    if not (v is True or v is False):
        absent = _given(d, "income_declared", v) is _NO
        e.append(("required", "required", "/income_declared") if absent else ("type", "type", "/income_declared"))
    reason = g("income_change_reason", _NO)
    if reason is not _NO:
        n += 1
        if not declared:
            e.append(("hidden", "hidden", "/income_change_reason"))
        elif not (reason.__class__ is str and 0 < len(reason) <= 2000):
            _text(reason, "/income_change_reason", 1, 2000, e)
    v = g("refund_iban", _NO)
    if v is not _NO:
        n += 1
        if not (v.__class__ is str and v[:2] in COUNTRIES and _iban(v)):
            if not isinstance(v, str):
                e.append(("type", "type", "/refund_iban"))
            elif not rt.iban_form(v):
                e.append(("format", "format", "/refund_iban"))
            else:
                if not rt.iban_ok(v):
                    e.append(("checksum", "checksum", "/refund_iban"))
                if v[:2] not in COUNTRIES:
                    e.append(("countries", "countries", "/refund_iban"))
    consent = g("consent")
    if not (consent is True or consent is False):
        absent = _given(d, "consent", consent) is _NO
        e.append(("required", "required", "/consent") if absent else ("type", "type", "/consent"))
    if len(d) != n or e:
        _unknown(d, TOP, "", e)
    if too_young:  # (a comprehension is a call in Python 3.11: not made for nothing)
        e += [("rule", "child_min_age", f"/children/{i}/start_date") for i in too_young]
    if too_old:
        e += [("rule", "child_below_school_age", f"/children/{i}/birth_date") for i in too_old]
    if declared:
        assessed = _add(assessed1 or 0, assessed2 or 0)
        if (
            assessed > 0
            and _add(expected1 or 0, expected2 or 0) < _mul(assessed, SHARE)
            and reason.__class__ is not str
        ):
            e.append(("rule", "income_change_explained", "/income_change_reason"))
    if consent is False:
        e.append(("rule", "consent_given", "/consent"))
    return e
