"""The dog registration form (`specs/dog-registration.yaml`) by hand: the holder with the Swiss address, a list of
dogs (chip number, decimal weight), an IBAN shown for direct debit, an insurance file required when a dog is of
a listed breed, and two rules (the holder's age against today, each dog's birth date against today).
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
    MEDIA_TYPES,
    MOST_BYTES,
    PHONE,
    Error,
    choice,
    date,
    day,
    decimal,
    file_reference,
    given,
    iban,
    pattern,
    schema_address,
    schema_file,
    svcdef_address,
    text,
    unknown,
)

_CHIP = re.compile(r"[0-9]{15}", re.ASCII).fullmatch
_WEIGHT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1})?", re.ASCII).fullmatch
SEXES = frozenset({"female", "male"})
PAYMENTS = frozenset({"invoice", "debit"})
HOLDER = frozenset({"first_name", "last_name", "birth_date", "email", "phone", "address"})
DOG = frozenset({"name", "chip_number", "sex", "birth_date", "weight_kg", "listed_breed"})
TOP = frozenset({"holder", "dogs", "payment", "iban", "liability_insurance"})
BORN_FROM = dt.date(1900, 1, 1)
LIGHTEST, HEAVIEST = Decimal("0.5"), Decimal(120)
_iban_valid = rt.iban_valid


# JSON Schema's checks -------------------------------------------------------------------------------------------


def _schema_holder(h: dict[str, Any], e: list[Error]) -> None:
    g = h.get
    before = len(e)  # a failed check of a required field may be its absence: then the key count says nothing
    v = g("first_name")
    if not (v.__class__ is str and 0 < len(v) <= 100):
        e.append(("string", "/holder/first_name"))
    v = g("last_name")
    if not (v.__class__ is str and 0 < len(v) <= 100):
        e.append(("string", "/holder/last_name"))
    v = g("birth_date")
    if not (v.__class__ is str and DATE(v)):
        e.append(("pattern", "/holder/birth_date"))
    n = 4
    v = g("email", ABSENT)
    if v is not ABSENT:
        n += 1
        if not (v.__class__ is str and len(v) <= 254 and EMAIL(v)):
            e.append(("pattern", "/holder/email"))
    v = g("phone", ABSENT)
    if v is not ABSENT:
        n += 1
        if not (v.__class__ is str and PHONE(v)):
            e.append(("pattern", "/holder/phone"))
    v = g("address")
    if v.__class__ is dict:
        schema_address(v, "/holder/address", e)
    else:
        e.append(("object", "/holder/address"))
    if len(h) != n or len(e) != before:
        e += [("additionalProperties", "/holder/" + str(k)) for k in h if k not in HOLDER]


def schema_checks(d: Any) -> list[Error]:
    """The failed checks of `schema.json` (keyword, pointer); empty exactly when `jsonschema` accepts `d`."""
    if d.__class__ is not dict:
        return [("type", "")]
    e: list[Error] = []
    g = d.get
    n = 3  # the required keys; the optional ones given are added (if one is absent, `e` is not empty)
    v = g("holder")
    if v.__class__ is dict:
        _schema_holder(v, e)
    else:
        e.append(("object", "/holder"))
    v = g("dogs")
    if v.__class__ is list and 1 <= len(v) <= 5:
        i = 0
        for dog in v:
            if dog.__class__ is not dict:
                e.append(("object", f"/dogs/{i}"))
                i += 1
                continue
            h = dog.get
            before = len(e)
            m = 4
            x = h("name")
            if not (x.__class__ is str and 0 < len(x) <= 50):
                e.append(("string", f"/dogs/{i}/name"))
            x = h("chip_number")
            if not (x.__class__ is str and _CHIP(x)):
                e.append(("pattern", f"/dogs/{i}/chip_number"))
            x = h("sex")
            if not (x.__class__ is str and x in SEXES):
                e.append(("oneOf", f"/dogs/{i}/sex"))
            x = h("birth_date")
            if not (x.__class__ is str and DATE(x)):
                e.append(("pattern", f"/dogs/{i}/birth_date"))
            x = h("weight_kg", ABSENT)
            if x is not ABSENT:
                m += 1
                if not (x.__class__ is str and _WEIGHT(x)):
                    e.append(("pattern", f"/dogs/{i}/weight_kg"))
            x = h("listed_breed", ABSENT)
            if x is not ABSENT:
                m += 1
                if not (x is True or x is False):
                    e.append(("boolean", f"/dogs/{i}/listed_breed"))
            if len(dog) != m or len(e) != before:
                e += [("additionalProperties", f"/dogs/{i}/{k}") for k in dog if k not in DOG]
            i += 1
    else:
        e.append(("array", "/dogs"))
    payment = g("payment")
    if not (payment.__class__ is str and payment in PAYMENTS):
        e.append(("oneOf", "/payment"))
    v = g("iban", ABSENT)
    if v is not ABSENT:
        n += 1
        if payment != "debit":
            e.append(("not", "/iban"))
        if not (v.__class__ is str and IBAN(v)):
            e.append(("pattern", "/iban"))
    elif payment == "debit":
        e.append(("required", "/iban"))
    v = g("liability_insurance", ABSENT)
    if v is not ABSENT:
        n += 1
        if not (v.__class__ is dict and len(v) == 4 and schema_file(v)):
            e.append(("file", "/liability_insurance"))
    if len(d) != n or e:
        e += [("additionalProperties", "/" + str(k)) for k in d if k not in TOP]
    return e


# svcdef's checks ------------------------------------------------------------------------------------------------


def _holder(h: dict[str, Any], e: list[Error]) -> dt.date | None:
    """Checks the holder; their birth date (read whether valid or not, as svcdef reads it for the rule)."""
    g = h.get
    before = len(e)  # as in `_schema_holder`
    v = g("first_name")
    if not (v.__class__ is str and 0 < len(v) <= 100):
        text(given(h, "first_name", v), "/holder/first_name", 1, 100, e)
    v = g("last_name")
    if not (v.__class__ is str and 0 < len(v) <= 100):
        text(given(h, "last_name", v), "/holder/last_name", 1, 100, e)
    v = g("birth_date")
    born = date(v)
    if not (born is not None and born >= BORN_FROM):
        day(given(h, "birth_date", v), "/holder/birth_date", BORN_FROM, e)
    n = 4
    v = g("email", ABSENT)
    if v is not ABSENT:
        n += 1
        if not (v.__class__ is str and EMAIL(v) and len(v) <= 254):
            if isinstance(v, str) and EMAIL(v):
                e.append(("max_length", "max_length", "/holder/email"))
            else:
                pattern(v, "/holder/email", EMAIL, e)
    v = g("phone", ABSENT)
    if v is not ABSENT:
        n += 1
        if not (v.__class__ is str and PHONE(v)):
            pattern(v, "/holder/phone", PHONE, e)
    v = g("address")
    if v.__class__ is dict:
        svcdef_address(v, "/holder/address", e)
    elif given(h, "address", v) is ABSENT:
        e.append(("required", "required", "/holder/address"))
    else:
        e.append(("type", "type", "/holder/address"))
    if len(h) != n or len(e) != before:
        unknown(h, HOLDER, "/holder", e)
    return born


def svcdef_checks(d: Any, today: dt.date) -> list[Error]:
    """The errors of the generated `validate` for `d` on `today`, in its order, as (code, rule, pointer)."""
    if not isinstance(d, dict):
        return [("type", "type", "")]
    e: list[Error] = []
    g = d.get
    n = 3  # the required keys; the optional ones given are added (if one is absent, `e` is not empty)
    v = g("holder")
    born = None
    if v.__class__ is dict:
        born = _holder(v, e)
    elif given(d, "holder", v) is ABSENT:
        e.append(("required", "required", "/holder"))
    else:
        e.append(("type", "type", "/holder"))
    dogs = g("dogs")
    unborn: list[int] = []  # dogs failing the rule, reported after the fields
    listed = False
    if dogs.__class__ is list:
        if not 1 <= len(dogs) <= 5:
            e.append(("min_items", "min_items", "/dogs") if not dogs else ("max_items", "max_items", "/dogs"))
        i = 0
        for dog in dogs:
            if dog.__class__ is not dict:
                e.append(("type", "type", f"/dogs/{i}"))
                i += 1
                continue
            h = dog.get
            before = len(e)
            m = 4
            x = h("name")
            if not (x.__class__ is str and 0 < len(x) <= 50):
                text(given(dog, "name", x), f"/dogs/{i}/name", 1, 50, e)
            x = h("chip_number")
            if not (x.__class__ is str and len(x) == 15 and x.isascii() and x.isdigit()):
                x = given(dog, "chip_number", x)
                if x is ABSENT:
                    e.append(("required", "required", f"/dogs/{i}/chip_number"))
                elif not isinstance(x, str):
                    e.append(("type", "type", f"/dogs/{i}/chip_number"))
                else:
                    if not x:
                        e.append(("min_length", "min_length", f"/dogs/{i}/chip_number"))
                    if not _CHIP(x):
                        e.append(("pattern", "pattern", f"/dogs/{i}/chip_number"))
            x = h("sex")
            if not (x.__class__ is str and x in SEXES):
                choice(given(dog, "sex", x), f"/dogs/{i}/sex", SEXES, e)
            x = h("birth_date")
            dog_born = date(x)
            if dog_born is None:
                day(given(dog, "birth_date", x), f"/dogs/{i}/birth_date", None, e)
            elif dog_born > today:
                unborn.append(i)
            x = h("weight_kg", ABSENT)
            if x is not ABSENT:
                m += 1
                if not (x.__class__ is str and _WEIGHT(x) and 0.5 < float(x) < 120.0):
                    decimal(x, f"/dogs/{i}/weight_kg", _WEIGHT, LIGHTEST, HEAVIEST, e)
            x = h("listed_breed", ABSENT)
            if x is not ABSENT:
                m += 1
                if x is True:
                    listed = True
                elif x is not False:
                    e.append(("type", "type", f"/dogs/{i}/listed_breed"))
            if len(dog) != m or len(e) != before:
                unknown(dog, DOG, f"/dogs/{i}", e)
            i += 1
    elif given(d, "dogs", dogs) is ABSENT:
        e.append(("required", "required", "/dogs"))
    else:
        e.append(("type", "type", "/dogs"))
    payment = g("payment")
    if not (payment.__class__ is str and payment in PAYMENTS):
        choice(given(d, "payment", payment), "/payment", PAYMENTS, e)
    v = g("iban", ABSENT)
    if v is not ABSENT:
        n += 1
        if payment != "debit":
            e.append(("hidden", "hidden", "/iban"))
        elif not (v.__class__ is str and v[:2] in COUNTRIES and _iban_valid(v)):
            iban(v, "/iban", e)
    elif payment == "debit":
        e.append(("required", "required", "/iban"))
    v = g("liability_insurance", ABSENT)
    if v is not ABSENT:
        n += 1
        if v.__class__ is not dict:
            e.append(("type", "type", "/liability_insurance"))
        else:
            name, media_type, size, ref = v.get("name"), v.get("media_type"), v.get("size"), v.get("ref")
            if not (
                len(v) == 4
                and name.__class__ is str
                and name != ""
                and media_type.__class__ is str
                and media_type in MEDIA_TYPES
                and size.__class__ is int
                and 0 <= size <= MOST_BYTES
                and ref.__class__ is str
                and ref != ""
            ):
                file_reference(v, "/liability_insurance", e)
    elif listed:
        e.append(("required", "required", "/liability_insurance"))
    if len(d) != n or e:
        unknown(d, TOP, "", e)
    if born is not None and today.year - born.year - (today.month * 32 + today.day < born.month * 32 + born.day) < 18:
        e.append(("rule", "holder_adult", "/holder/birth_date"))
    if unborn:
        e += [("rule", "dog_born", f"/dogs/{i}/birth_date") for i in unborn]
    return e
