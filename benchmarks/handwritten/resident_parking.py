"""The resident parking permit (`specs/resident-parking.yaml`) by hand: the applicant, the Swiss address, a vehicle
with its plate, weight and registration document, an employer shown for company vehicles (with its UID), and
four rules (the applicant's age, the postal code of the city, the start between today and 60 days from it).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from svcdef.expr.runtime import svcdef_runtime as rt

from .common import (
    ABSENT,
    DATE,
    EMAIL,
    MEDIA_TYPES,
    MOST_BYTES,
    PHONE,
    POSTAL,
    Error,
    choice,
    date,
    day,
    decimal,
    file_reference,
    given,
    pattern,
    schema_address,
    schema_file,
    svcdef_address,
    text,
    unknown,
)

_PLATE = re.compile(r"[A-Z]{2} ?[0-9]{1,6}", re.ASCII).fullmatch
_WEIGHT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,2})?", re.ASCII).fullmatch
_UID = re.compile(r"CHE-[0-9]{3}\.[0-9]{3}\.[0-9]{3}", re.ASCII).fullmatch
_uid_valid = rt.uid_valid
ZONES = frozenset({"A", "B", "C", "D", "E"})
CLASSES = frozenset({"passenger_car", "delivery_van", "motorcycle"})
DURATIONS = frozenset({"month", "half_year", "year"})
CITY = frozenset({"2500", "2502", "2503", "2504", "2505"})
APPLICANT = frozenset({"first_name", "last_name", "birth_date", "email", "phone"})
VEHICLE = frozenset({"licence_plate", "vehicle_class", "total_weight", "electric", "registration_document"})
TOP = frozenset(
    {"applicant", "address", "zone", "vehicle", "company_vehicle", "employer_name", "employer_uid", "duration"}
    | {"start_date"}
)
BORN_FROM = dt.date(1900, 1, 1)
LIGHTEST, HEAVIEST = Decimal("0.1"), Decimal("3.5")


# JSON Schema's checks -------------------------------------------------------------------------------------------


def _schema_applicant(a: dict[str, Any], e: list[Error]) -> None:
    g = a.get
    before = len(e)  # a failed check of a required field may be its absence: then the key count says nothing
    v = g("first_name")
    if not (v.__class__ is str and 0 < len(v) <= 100):
        e.append(("string", "/applicant/first_name"))
    v = g("last_name")
    if not (v.__class__ is str and 0 < len(v) <= 100):
        e.append(("string", "/applicant/last_name"))
    v = g("birth_date")
    if not (v.__class__ is str and DATE(v)):
        e.append(("pattern", "/applicant/birth_date"))
    v = g("email")
    if not (v.__class__ is str and len(v) <= 254 and EMAIL(v)):
        e.append(("pattern", "/applicant/email"))
    n = 4
    v = g("phone", ABSENT)
    if v is not ABSENT:
        n += 1
        if not (v.__class__ is str and PHONE(v)):
            e.append(("pattern", "/applicant/phone"))
    if len(a) != n or len(e) != before:
        e += [("additionalProperties", "/applicant/" + str(k)) for k in a if k not in APPLICANT]


def _schema_vehicle(c: dict[str, Any], e: list[Error]) -> None:
    g = c.get
    before = len(e)
    v = g("licence_plate")
    if not (v.__class__ is str and 0 < len(v) <= 9 and _PLATE(v)):
        e.append(("pattern", "/vehicle/licence_plate"))
    v = g("vehicle_class")
    if not (v.__class__ is str and v in CLASSES):
        e.append(("oneOf", "/vehicle/vehicle_class"))
    v = g("total_weight")
    if not (v.__class__ is str and _WEIGHT(v)):
        e.append(("pattern", "/vehicle/total_weight"))
    n = 4
    v = g("electric", ABSENT)
    if v is not ABSENT:
        n += 1
        if not (v is True or v is False):
            e.append(("boolean", "/vehicle/electric"))
    v = g("registration_document")
    if not (v.__class__ is dict and len(v) == 4 and schema_file(v)):
        e.append(("file", "/vehicle/registration_document"))
    if len(c) != n or len(e) != before:
        e += [("additionalProperties", "/vehicle/" + str(k)) for k in c if k not in VEHICLE]


def schema_checks(d: Any) -> list[Error]:
    """The failed checks of `schema.json` (keyword, pointer); empty exactly when `jsonschema` accepts `d`."""
    if d.__class__ is not dict:
        return [("type", "")]
    e: list[Error] = []
    g = d.get
    n = 7  # the required keys; the optional ones given are added (if one is absent, `e` is not empty)
    v = g("applicant")
    if v.__class__ is dict:
        _schema_applicant(v, e)
    else:
        e.append(("object", "/applicant"))
    v = g("address")
    if v.__class__ is dict:
        schema_address(v, "/address", e)
    else:
        e.append(("object", "/address"))
    v = g("zone")
    if not (v.__class__ is str and v in ZONES):
        e.append(("oneOf", "/zone"))
    v = g("vehicle")
    if v.__class__ is dict:
        _schema_vehicle(v, e)
    else:
        e.append(("object", "/vehicle"))
    company = g("company_vehicle")
    if not (company is True or company is False):
        e.append(("boolean", "/company_vehicle"))
    v = g("employer_name", ABSENT)
    if v is not ABSENT:
        n += 1
        if company is not True:
            e.append(("not", "/employer_name"))
        if not (v.__class__ is str and 0 < len(v) <= 100):
            e.append(("string", "/employer_name"))
    elif company is True:
        e.append(("required", "/employer_name"))
    v = g("employer_uid", ABSENT)
    if v is not ABSENT:
        n += 1
        if company is not True:
            e.append(("not", "/employer_uid"))
        if not (v.__class__ is str and _UID(v)):
            e.append(("pattern", "/employer_uid"))
    elif company is True:
        e.append(("required", "/employer_uid"))
    v = g("duration")
    if not (v.__class__ is str and v in DURATIONS):
        e.append(("oneOf", "/duration"))
    v = g("start_date")
    if not (v.__class__ is str and DATE(v)):
        e.append(("pattern", "/start_date"))
    if len(d) != n or e:
        e += [("additionalProperties", "/" + str(k)) for k in d if k not in TOP]
    return e


# svcdef's checks ------------------------------------------------------------------------------------------------


def _applicant(a: dict[str, Any], e: list[Error]) -> dt.date | None:
    """Checks the applicant; their birth date (read whether valid or not, as svcdef reads it for the rule)."""
    g = a.get
    before = len(e)  # as in `_schema_applicant`
    v = g("first_name")
    if not (v.__class__ is str and 0 < len(v) <= 100):
        text(given(a, "first_name", v), "/applicant/first_name", 1, 100, e)
    v = g("last_name")
    if not (v.__class__ is str and 0 < len(v) <= 100):
        text(given(a, "last_name", v), "/applicant/last_name", 1, 100, e)
    v = g("birth_date")
    born = date(v)
    if not (born is not None and born >= BORN_FROM):
        day(given(a, "birth_date", v), "/applicant/birth_date", BORN_FROM, e)
    v = g("email")
    if not (v.__class__ is str and EMAIL(v) and len(v) <= 254):
        if isinstance(v, str) and EMAIL(v):
            e.append(("max_length", "max_length", "/applicant/email"))
        else:
            pattern(given(a, "email", v), "/applicant/email", EMAIL, e)
    n = 4
    v = g("phone", ABSENT)
    if v is not ABSENT:
        n += 1
        if not (v.__class__ is str and PHONE(v)):
            pattern(v, "/applicant/phone", PHONE, e)
    if len(a) != n or len(e) != before:
        unknown(a, APPLICANT, "/applicant", e)
    return born


def _vehicle(c: dict[str, Any], e: list[Error]) -> None:
    g = c.get
    before = len(e)
    v = g("licence_plate")
    if not (v.__class__ is str and 0 < len(v) <= 9 and _PLATE(v)):
        v = given(c, "licence_plate", v)
        text(v, "/vehicle/licence_plate", 1, 9, e)
        if isinstance(v, str) and not _PLATE(v):
            e.append(("pattern", "pattern", "/vehicle/licence_plate"))
    v = g("vehicle_class")
    if not (v.__class__ is str and v in CLASSES):
        choice(given(c, "vehicle_class", v), "/vehicle/vehicle_class", CLASSES, e)
    v = g("total_weight")
    if not (v.__class__ is str and _WEIGHT(v) and 0.1 < float(v) < 3.5):
        v = given(c, "total_weight", v)
        if v is ABSENT:
            e.append(("required", "required", "/vehicle/total_weight"))
        else:
            decimal(v, "/vehicle/total_weight", _WEIGHT, LIGHTEST, HEAVIEST, e)
    n = 4
    v = g("electric", ABSENT)
    if v is not ABSENT:
        n += 1
        if not (v is True or v is False):
            e.append(("type", "type", "/vehicle/electric"))
    v = g("registration_document")
    if v.__class__ is not dict:
        if given(c, "registration_document", v) is ABSENT:
            e.append(("required", "required", "/vehicle/registration_document"))
        else:
            e.append(("type", "type", "/vehicle/registration_document"))
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
            file_reference(v, "/vehicle/registration_document", e)
    if len(c) != n or len(e) != before:
        unknown(c, VEHICLE, "/vehicle", e)


def svcdef_checks(d: Any, today: dt.date) -> list[Error]:
    """The errors of the generated `validate` for `d` on `today`, in its order, as (code, rule, pointer)."""
    if not isinstance(d, dict):
        return [("type", "type", "")]
    e: list[Error] = []
    g = d.get
    n = 7  # the required keys; the optional ones given are added (if one is absent, `e` is not empty)
    v = g("applicant")
    born = None
    if v.__class__ is dict:
        born = _applicant(v, e)
    elif given(d, "applicant", v) is ABSENT:
        e.append(("required", "required", "/applicant"))
    else:
        e.append(("type", "type", "/applicant"))
    v = g("address")
    postal = None
    if v.__class__ is dict:
        svcdef_address(v, "/address", e)
        postal = v.get("postal_code")
        if not (postal.__class__ is str and POSTAL(postal)):
            postal = None
    elif given(d, "address", v) is ABSENT:
        e.append(("required", "required", "/address"))
    else:
        e.append(("type", "type", "/address"))
    v = g("zone")
    if not (v.__class__ is str and v in ZONES):
        choice(given(d, "zone", v), "/zone", ZONES, e)
    v = g("vehicle")
    if v.__class__ is dict:
        _vehicle(v, e)
    elif given(d, "vehicle", v) is ABSENT:
        e.append(("required", "required", "/vehicle"))
    else:
        e.append(("type", "type", "/vehicle"))
    company = g("company_vehicle")
    if not (company is True or company is False):
        absent = given(d, "company_vehicle", company) is ABSENT
        e.append(("required", "required", "/company_vehicle") if absent else ("type", "type", "/company_vehicle"))
    v = g("employer_name", ABSENT)
    if v is not ABSENT:
        n += 1
        if company is not True:
            e.append(("hidden", "hidden", "/employer_name"))
        elif not (v.__class__ is str and 0 < len(v) <= 100):
            text(v, "/employer_name", 1, 100, e)
    elif company is True:
        e.append(("required", "required", "/employer_name"))
    v = g("employer_uid", ABSENT)
    if v is not ABSENT:
        n += 1
        if company is not True:
            e.append(("hidden", "hidden", "/employer_uid"))
        elif not (v.__class__ is str and _uid_valid(v)):
            if not isinstance(v, str):
                e.append(("type", "type", "/employer_uid"))
            elif not _UID(v):
                e.append(("format", "format", "/employer_uid"))
            else:
                e.append(("checksum", "checksum", "/employer_uid"))
    elif company is True:
        e.append(("required", "required", "/employer_uid"))
    v = g("duration")
    if not (v.__class__ is str and v in DURATIONS):
        choice(given(d, "duration", v), "/duration", DURATIONS, e)
    v = g("start_date")
    start = date(v)
    if start is None:
        day(given(d, "start_date", v), "/start_date", None, e)
    if len(d) != n or e:
        unknown(d, TOP, "", e)
    if born is not None and today.year - born.year - (today.month * 32 + today.day < born.month * 32 + born.day) < 18:
        e.append(("rule", "applicant_adult", "/applicant/birth_date"))
    if postal is not None and postal not in CITY:
        e.append(("rule", "resident_of_city", "/address/postal_code"))
    if start is not None:
        if start < today:
            e.append(("rule", "start_not_in_past", "/start_date"))
        if (start - today).days > 60:
            e.append(("rule", "start_within_60_days", "/start_date"))
    return e
