"""The check-digit functions of the shipped runtime against their plain definitions.

The runtime's functions take a fast path for the usual spelling (ASCII digits
between known separators) and scan character by character otherwise; both
must give what the definitions below give, for every text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generators.js.engine import write as write_js
from generators.js.node import NODE, evaluate_batch
from svcdef.check import check_file
from svcdef.expr.runtime.svcdef_runtime import ahv_number_ok, iban_ok, uid_ok


def plain_digits(v: str) -> list[int]:
    return [int(c) for c in v if "0" <= c <= "9"]


def ahv_definition(v: Any) -> bool:
    """EAN-13: weights 1, 3, 1, 3, ... over the first twelve digits."""
    digits = plain_digits(v) if isinstance(v, str) else []
    if len(digits) != 13:
        return False
    total = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == digits[12]


def uid_definition(v: Any) -> bool:
    """eCH-0097 mod 11 with weights 5, 4, 3, 2, 7, 6, 5, 4; remainder 10 is no valid number."""
    digits = plain_digits(v) if isinstance(v, str) else []
    if len(digits) != 9:
        return False
    check = 11 - sum(d * w for d, w in zip(digits, (5, 4, 3, 2, 7, 6, 5, 4), strict=False)) % 11
    return check != 10 and (0 if check == 11 else check) == digits[8]


def iban_definition(v: Any) -> bool:
    """ISO 13616: the first four characters moved to the end, letters as 10..35, mod 97 == 1."""
    if not isinstance(v, str):
        return False
    compact = v.replace(" ", "")
    try:
        return int("".join(str(int(c, 36)) for c in compact[4:] + compact[:4])) % 97 == 1
    except ValueError:
        return False


def test_known_numbers() -> None:
    assert ahv_number_ok("756.9217.0769.85")
    assert not ahv_number_ok("756.9217.0769.86")
    assert uid_ok("CHE-116.281.710")
    assert not uid_ok("CHE-116.281.711")
    assert iban_ok("CH93 0076 2011 6238 5295 7")
    assert iban_ok("ch9300762011623852957")
    assert not iban_ok("CH94 0076 2011 6238 5295 7")
    assert not ahv_number_ok(7561234567897) and not uid_ok(None) and not iban_ok(["CH93"])


SPELLINGS = st.one_of(
    st.text(alphabet="0123456789.- CHEabcZ٣²\u0660", max_size=20),
    st.from_regex(r"756\.[0-9]{4}\.[0-9]{4}\.[0-9]{2}", fullmatch=True),
    st.from_regex(r"CHE-[0-9]{3}\.[0-9]{3}\.[0-9]{3}", fullmatch=True),
    st.from_regex(r"[A-Z]{2}[0-9]{2}( ?[0-9A-Za-z]){11,30}", fullmatch=True),
    st.text(max_size=30),
)


@settings(max_examples=500, deadline=None)
@given(SPELLINGS)
def test_fast_paths_agree_with_the_definitions(v: str) -> None:
    assert ahv_number_ok(v) == ahv_definition(v)
    assert uid_ok(v) == uid_definition(v)
    assert iban_ok(v) == iban_definition(v)


CHECK_SPEC = """\
svcdef: "1"
service:
  id: check-digits
  version: 1.0.0
  languages: [de]
  title: {de: T}
  authority: {de: A}
fields:
  iban: {type: iban, label: {de: I}}
  ahv: {type: ahv_number, label: {de: A}}
  uid: {type: uid, label: {de: U}}
"""


def with_iban_check_digits(country: str, bban: str) -> str:
    """The IBAN of `bban` in `country` with correct check digits, in groups of four as printed."""
    rest = 98 - int("".join(str(int(c, 36)) for c in bban + country + "00")) % 97
    compact = f"{country}{rest:02d}{bban}"
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


FORMATTED = st.one_of(
    st.builds(
        with_iban_check_digits,
        st.sampled_from(["CH", "LI", "DE", "GB", "ZZ"]),
        st.text(alphabet="0123456789ABCXYZ", min_size=11, max_size=30),
    ),
    st.from_regex(r"[A-Z]{2}[0-9]{2}( ?[0-9A-Z]){11,30}", fullmatch=True),
    st.from_regex(r"756\.[0-9]{4}\.[0-9]{4}\.[0-9]{2}", fullmatch=True),
    st.from_regex(r"CHE-[0-9]{3}\.[0-9]{3}\.[0-9]{3}", fullmatch=True),
)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_generated_javascript_check_digits_agree_with_the_definitions(tmp_path: Path) -> None:
    """The generated JavaScript has its own check-digit functions (read by character code); every well-formed
    value, valid check digits or not, must get a `checksum` error exactly when the definition says so."""
    path = tmp_path / "spec.yaml"
    path.write_text(CHECK_SPEC, encoding="utf-8")
    service, diagnostics = check_file(str(path))
    assert service is not None, [d.message for d in diagnostics]
    index = write_js(service, tmp_path / "js")
    values = find_values(FORMATTED, 600)
    cases = [{"iban": v} if v[2].isdigit() else {"ahv": v} if v[0] == "7" else {"uid": v} for v in values]
    batch = [{"module": str(index), "data": json.dumps(c), "today": "2026-05-01", "lang": None} for c in cases]
    definitions = {"iban": iban_definition, "ahv": ahv_definition, "uid": uid_definition}
    checked = {True: 0, False: 0}
    for case, result in zip(cases, evaluate_batch(batch), strict=True):
        [(key, value)] = case.items()
        codes = [e["code"] for e in result["errors"]]
        if "format" in codes:
            continue
        checked[definitions[key](value)] += 1
        assert ("checksum" in codes) == (not definitions[key](value)), (case, codes)
    assert min(checked.values()) >= 50, checked


def find_values(strategy: st.SearchStrategy[str], count: int) -> list[str]:
    """`count` examples of `strategy`, drawn once (the batch runs in one Node process)."""
    found: list[str] = []

    @settings(max_examples=count, deadline=None, database=None)
    @given(strategy)
    def collect(value: str) -> None:
        found.append(value)

    collect()
    return found
