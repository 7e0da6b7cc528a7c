"""The Kita form (`specs/kita-fees.yaml`) by hand: two parents of one type, the Swiss address, a list of children,
visibility on `income_declared` and `has_second_parent`, money values and four rules (two over the children).

The rules over the children are judged in the child loop, from the dates its checks read, and reported after the
fields in rule order, as svcdef reports them.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from svcdef.expr.runtime import svcdef_runtime as rt

from .common import (
    ABSENT,
    COUNTRIES,
    DATE,
    EMAIL,
    IBAN,
    PHONE,
    Error,
    bounded,
    choice,
    date,
    day,
    given,
    iban,
    integer,
    schema_address,
    svcdef_address,
    text,
    unknown,
    whole,
)

_AHV = re.compile(r"756\.[0-9]{4}\.[0-9]{4}\.[0-9]{2}", re.ASCII).fullmatch
_MONEY = re.compile(r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,2})?", re.ASCII).fullmatch
EMPLOYMENT = frozenset({"employed", "self_employed", "in_training", "job_seeking", "not_employed"})
FACILITIES = frozenset({"kita_altstadt", "kita_bahnhof", "kita_seefeld", "kita_waldhof", "other_subsidised"})
PARENT = frozenset(
    {"first_name", "last_name", "birth_date", "ahv_number", "employment", "workload_percent"}
    | {"expected_income", "assessed_income"}
)
CHILD = frozenset({"first_name", "last_name", "birth_date", "facility", "care_days_per_week", "start_date"})
TOP = frozenset(
    {"parent1", "email", "phone", "address", "has_second_parent", "parent2", "children", "siblings_count"}
    | {"income_declared", "income_change_reason", "refund_iban", "consent"}
)


# JSON Schema's checks -------------------------------------------------------------------------------------------


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
    if not (v.__class__ is str and DATE(v)):
        e.append(("pattern", at + "/birth_date"))
    v = g("ahv_number")
    if not (v.__class__ is str and _AHV(v)):
        e.append(("pattern", at + "/ahv_number"))
    v = g("employment")
    if not (v.__class__ is str and v in EMPLOYMENT):
        e.append(("oneOf", at + "/employment"))
    n = 5
    v = g("workload_percent", ABSENT)
    if v is not ABSENT:
        n += 1
        if declared is not True:
            e.append(("not", at + "/workload_percent"))
        if not ((v.__class__ is int and 0 <= v <= 100) or integer(v, 0, 100)):
            e.append(("integer", at + "/workload_percent"))
    elif declared is True:
        e.append(("required", at + "/workload_percent"))
    v = g("expected_income", ABSENT)
    if v is not ABSENT:
        n += 1
        if declared is not True:
            e.append(("not", at + "/expected_income"))
        if not (v.__class__ is str and _MONEY(v)):
            e.append(("pattern", at + "/expected_income"))
    elif declared is True:
        e.append(("required", at + "/expected_income"))
    v = g("assessed_income", ABSENT)
    if v is not ABSENT:
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
    if not (v.__class__ is str and len(v) <= 254 and EMAIL(v)):
        e.append(("pattern", "/email"))
    v = g("phone", ABSENT)
    if v is not ABSENT:
        n += 1
        if not (v.__class__ is str and PHONE(v)):
            e.append(("pattern", "/phone"))
    v = g("address")
    if v.__class__ is dict:
        schema_address(v, "/address", e)
    else:
        e.append(("object", "/address"))
    second = g("has_second_parent")
    if not (second is True or second is False):
        e.append(("boolean", "/has_second_parent"))
    v = g("parent2", ABSENT)
    if v is not ABSENT:
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
            if not (x.__class__ is str and DATE(x)):
                e.append(("pattern", f"/children/{i}/birth_date"))
            x = h("facility")
            if not (x.__class__ is str and x in FACILITIES):
                e.append(("oneOf", f"/children/{i}/facility"))
            x = h("care_days_per_week")
            if not ((x.__class__ is int and 1 <= x <= 5) or integer(x, 1, 5)):
                e.append(("integer", f"/children/{i}/care_days_per_week"))
            x = h("start_date")
            if not (x.__class__ is str and DATE(x)):
                e.append(("pattern", f"/children/{i}/start_date"))
            if len(c) != 6 or len(e) != before:
                e += [("additionalProperties", f"/children/{i}/{k}") for k in c if k not in CHILD]
            i += 1
    else:
        e.append(("array", "/children"))
    v = g("siblings_count")
    if not ((v.__class__ is int and 0 <= v <= 12) or integer(v, 0, 12)):
        e.append(("integer", "/siblings_count"))
    if not (declared is True or declared is False):
        e.append(("boolean", "/income_declared"))
    v = g("income_change_reason", ABSENT)
    if v is not ABSENT:
        n += 1
        if declared is not True:
            e.append(("not", "/income_change_reason"))
        if not (v.__class__ is str and 0 < len(v) <= 2000):
            e.append(("string", "/income_change_reason"))
    v = g("refund_iban", ABSENT)
    if v is not ABSENT:
        n += 1
        if not (v.__class__ is str and IBAN(v)):
            e.append(("pattern", "/refund_iban"))
    v = g("consent")
    if not (v is True or v is False):
        e.append(("boolean", "/consent"))
    if len(d) != n or e:
        e += [("additionalProperties", "/" + str(k)) for k in d if k not in TOP]
    return e


# svcdef's checks ------------------------------------------------------------------------------------------------

_add, _mul = rt._CTX.add, rt._CTX.multiply
_ahv, _iban = rt.ahv_number_valid, rt.iban_valid
ADULT_FROM, CHILD_FROM = dt.date(1920, 1, 1), dt.date(2018, 1, 1)
ZERO, MOST, SHARE = Decimal(0), Decimal(10_000_000), Decimal("0.8")


def _money(v: Any) -> Decimal | None:
    return Decimal(v) if isinstance(v, str) and _MONEY(v) else None


def _income(v: Any, amount: Decimal | None, at: str, e: list[Error]) -> None:
    if not isinstance(v, str):
        e.append(("type", "type", at))
    elif amount is None:
        e.append(("format", "format", at))
    else:
        bounded(amount, ZERO, MOST, at, e)


def _parent(p: dict[str, Any], at: str, declared: bool, e: list[Error]) -> tuple[Any, Any]:
    """Checks a parent; its expected and assessed incomes (parsed whether shown or not, as svcdef reads them)."""
    g = p.get
    before = len(e)  # a failed check of a required field may be its absence: then the key count says nothing
    v = g("first_name")
    if not (v.__class__ is str and 0 < len(v) <= 100):
        text(given(p, "first_name", v), at + "/first_name", 1, 100, e)
    v = g("last_name")
    if not (v.__class__ is str and 0 < len(v) <= 100):
        text(given(p, "last_name", v), at + "/last_name", 1, 100, e)
    v = g("birth_date")
    if not ((born := date(v)) is not None and born >= ADULT_FROM):
        day(given(p, "birth_date", v), at + "/birth_date", ADULT_FROM, e)
    v = g("ahv_number")
    if not (v.__class__ is str and _ahv(v)):
        if given(p, "ahv_number", v) is ABSENT:
            e.append(("required", "required", at + "/ahv_number"))
        elif not isinstance(v, str):
            e.append(("type", "type", at + "/ahv_number"))
        elif not _AHV(v):
            e.append(("format", "format", at + "/ahv_number"))
        else:
            e.append(("checksum", "checksum", at + "/ahv_number"))
    v = g("employment")
    if not (v.__class__ is str and v in EMPLOYMENT):
        choice(given(p, "employment", v), at + "/employment", EMPLOYMENT, e)
    n = 5
    v = g("workload_percent", ABSENT)
    if v is not ABSENT:
        n += 1
        if not declared:
            e.append(("hidden", "hidden", at + "/workload_percent"))
        elif not (v.__class__ is int and 0 <= v <= 100):
            whole(v, at + "/workload_percent", 0, 100, e)
    elif declared:
        e.append(("required", "required", at + "/workload_percent"))
    v = g("expected_income", ABSENT)
    expected = Decimal(v) if v.__class__ is str and _MONEY(v) else None
    if v is not ABSENT:
        n += 1
        if not declared:
            e.append(("hidden", "hidden", at + "/expected_income"))
        elif not (expected is not None and v.__class__ is str and ZERO <= expected <= MOST):
            _income(v, expected, at + "/expected_income", e)
    elif declared:
        e.append(("required", "required", at + "/expected_income"))
    v = g("assessed_income", ABSENT)
    assessed = Decimal(v) if v.__class__ is str and _MONEY(v) else None
    if v is not ABSENT:
        n += 1
        if not declared:
            e.append(("hidden", "hidden", at + "/assessed_income"))
        elif not (assessed is not None and v.__class__ is str and ZERO <= assessed <= MOST):
            _income(v, assessed, at + "/assessed_income", e)
    if len(p) != n or len(e) != before:
        unknown(p, PARENT, at, e)
    return expected, assessed


def svcdef_checks(d: Any, today: dt.date) -> list[Error]:
    """The errors of the generated `validate` for `d`, in its order, as (code, rule, pointer) (no rule reads today)."""
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
    elif given(d, "parent1", v) is ABSENT:
        e.append(("required", "required", "/parent1"))
    else:
        e.append(("type", "type", "/parent1"))
    v = g("email")
    if not (v.__class__ is str and EMAIL(v) and len(v) <= 254):
        if given(d, "email", v) is ABSENT:
            e.append(("required", "required", "/email"))
        elif not isinstance(v, str):
            e.append(("type", "type", "/email"))
        elif not EMAIL(v):
            e.append(("format", "format", "/email"))
        else:
            e.append(("max_length", "max_length", "/email"))
    v = g("phone", ABSENT)
    if v is not ABSENT:
        n += 1
        if not (v.__class__ is str and PHONE(v)):
            e.append(("type", "type", "/phone") if not isinstance(v, str) else ("format", "format", "/phone"))
    v = g("address")
    if v.__class__ is dict:
        svcdef_address(v, "/address", e)
    elif given(d, "address", v) is ABSENT:
        e.append(("required", "required", "/address"))
    else:
        e.append(("type", "type", "/address"))
    second = g("has_second_parent")
    if not (second is True or second is False):
        if given(d, "has_second_parent", second) is ABSENT:
            e.append(("required", "required", "/has_second_parent"))
        else:
            e.append(("type", "type", "/has_second_parent"))
    v = g("parent2", ABSENT)
    if v is not ABSENT:
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
                text(given(c, "first_name", x), f"/children/{i}/first_name", 1, 100, e)
            x = h("last_name")
            if not (x.__class__ is str and 0 < len(x) <= 100):
                text(given(c, "last_name", x), f"/children/{i}/last_name", 1, 100, e)
            x = h("birth_date")
            born = date(x)
            if not (born is not None and born >= CHILD_FROM):
                day(given(c, "birth_date", x), f"/children/{i}/birth_date", CHILD_FROM, e)
            x = h("facility")
            if not (x.__class__ is str and x in FACILITIES):
                choice(given(c, "facility", x), f"/children/{i}/facility", FACILITIES, e)
            x = h("care_days_per_week")
            if not (x.__class__ is int and 1 <= x <= 5):
                whole(given(c, "care_days_per_week", x), f"/children/{i}/care_days_per_week", 1, 5, e)
            x = h("start_date")
            start = date(x)
            if start is None:
                day(given(c, "start_date", x), f"/children/{i}/start_date", None, e)
            if len(c) != 6 or len(e) != before:
                unknown(c, CHILD, f"/children/{i}", e)
            if born is not None and start is not None:
                if (start - born).days < 91:
                    too_young.append(i)
                if start.year - born.year - (start.month * 32 + start.day < born.month * 32 + born.day) >= 5:
                    too_old.append(i)
            i += 1
    elif given(d, "children", children) is ABSENT:
        e.append(("required", "required", "/children"))
    else:
        e.append(("type", "type", "/children"))
    v = g("siblings_count")
    if not (v.__class__ is int and 0 <= v <= 12):
        whole(given(d, "siblings_count", v), "/siblings_count", 0, 12, e)
    v = g("income_declared")
    if not (v is True or v is False):
        absent = given(d, "income_declared", v) is ABSENT
        e.append(("required", "required", "/income_declared") if absent else ("type", "type", "/income_declared"))
    reason = g("income_change_reason", ABSENT)
    if reason is not ABSENT:
        n += 1
        if not declared:
            e.append(("hidden", "hidden", "/income_change_reason"))
        elif not (reason.__class__ is str and 0 < len(reason) <= 2000):
            text(reason, "/income_change_reason", 1, 2000, e)
    v = g("refund_iban", ABSENT)
    if v is not ABSENT:
        n += 1
        if not (v.__class__ is str and v[:2] in COUNTRIES and _iban(v)):
            iban(v, "/refund_iban", e)
    consent = g("consent")
    if not (consent is True or consent is False):
        absent = given(d, "consent", consent) is ABSENT
        e.append(("required", "required", "/consent") if absent else ("type", "type", "/consent"))
    if len(d) != n or e:
        unknown(d, TOP, "", e)
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
