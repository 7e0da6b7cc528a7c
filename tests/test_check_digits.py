"""The check-digit functions of the shipped runtime against their plain definitions.

The runtime's functions take a fast path for the usual spelling (ASCII digits
between known separators) and scan character by character otherwise; both
must give what the definitions below give, for every text.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generators.js.engine import write as write_js
from generators.js.node import NODE, evaluate_batch
from svcdef.check import check_file
from svcdef.expr.runtime.svcdef_runtime import (
    ahv_number_ok,
    ahv_number_valid,
    iban_form,
    iban_ok,
    iban_valid,
    uid_ok,
    uid_valid,
)
from svcdef.formats import PATTERNS


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


@st.composite
def near_ibans(draw: st.DrawFn) -> str:
    """IBAN-like texts: right or wrong check digits, letters or digits in the account, spaces anywhere."""
    country = draw(st.sampled_from(["CH", "DE", "GB", "LI", "ZZ", "ch", "C1"]))
    bban = draw(
        st.one_of(
            st.text(alphabet="0123456789", min_size=10, max_size=31),
            st.text(alphabet="0123456789ABCXYZ", min_size=11, max_size=30),
            st.text(alphabet="0123456789ABCXYZa٣", min_size=9, max_size=32),
        )
    )
    right = with_iban_check_digits(country.upper(), bban).replace(" ", "")
    compact = draw(st.sampled_from([right, right, right, country + "93" + bban]))
    if not compact[:2].isalnum():
        compact = country + compact[2:]
    chars = list(compact)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.one_of(st.just(len(chars)), st.integers(0, 5), st.integers(0, len(chars))))
        chars.insert(at, draw(st.sampled_from([" "] * 4 + ["  "] * 3 + ["\t"])))
    return "".join(chars)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(near_ibans(), SPELLINGS))
def test_iban_valid_is_the_pattern_and_the_check_digits(v: str) -> None:
    """The generated Python validator's one-call IBAN tests must give the verdicts of the pattern and `iban_ok`."""
    import re

    form = re.compile(PATTERNS["iban"], re.ASCII | re.DOTALL)
    assert iban_valid(v) == (form.fullmatch(v) is not None and iban_ok(v))
    assert iban_form(v) == (form.fullmatch(v) is not None)


def test_iban_valid_accepts_the_spellings_the_pattern_accepts() -> None:
    good = with_iban_check_digits("CH", "00762011623852957")
    assert good == "CH93 0076 2011 6238 5295 7"
    for v in (good, good.replace(" ", ""), "CH93 00762011623852957", "GB82 WEST 1234 5698 7654 32"):
        assert iban_valid(v), v
    for v in (" " + good, good + " ", good.replace(" ", "  ", 1), "CH 93" + good[4:], good.lower(), "CH93 0076"):
        assert not iban_valid(v), v


@st.composite
def near_misses(draw: st.DrawFn, form: str, changes: list[str]) -> str:
    """Texts of the pattern `form` with any check digit, now and then a character replaced, dropped or added."""
    chars = list(draw(st.from_regex(form, fullmatch=True)))
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(chars)))
        chars[at : at + draw(st.integers(0, 1))] = [draw(st.sampled_from(changes))]
    return "".join(chars)


ONE_CALL: dict[str, tuple[Any, Any, list[str]]] = {
    "ahv_number": (ahv_number_valid, ahv_number_ok, ["", "1", ".", " ", "٣", "²", "a", "756"]),
    "uid": (uid_valid, uid_ok, ["", "1", ".", "-", " ", "٣", "e", "CHE"]),
}
"""The one-call tests of the generated Python validator, the check-digit function each stands for, and the
characters the near-miss texts get."""


@pytest.mark.parametrize("fmt", sorted(ONE_CALL))
def test_one_call_test_is_the_pattern_and_the_check_digit(fmt: str) -> None:
    """`ahv_number_valid` and `uid_valid` must give the verdict of the pattern and the check-digit function."""
    import re

    valid, ok, changes = ONE_CALL[fmt]
    form = re.compile(PATTERNS[fmt], re.ASCII | re.DOTALL)

    @settings(max_examples=1500, deadline=None)
    @given(st.one_of(near_misses(PATTERNS[fmt], changes), SPELLINGS))
    def agrees(v: str) -> None:
        assert valid(v) == (form.fullmatch(v) is not None and ok(v)), v

    agrees()


def test_ahv_number_valid_known_numbers() -> None:
    right = "756.9217.0769.85"
    assert ahv_number_valid(right) and ahv_number_valid("756.0000.0000.02")
    wrong = [right[:-1] + d for d in "012346789"] + [right + " ", "756.92170769.85", "757.9217.0769.85"]
    for v in [*wrong, "756.9217.0769.8٥", "7569217076985", ""]:
        assert not ahv_number_valid(v), v


def test_uid_valid_known_numbers() -> None:
    assert uid_valid("CHE-116.281.710") and uid_valid("CHE-109.345.121")
    assert [d for d in "0123456789" if uid_valid("CHE-116.281.71" + d)] == ["0"]
    stems = [f"CHE-{n:03d}.000.00" for n in range(100)]
    without = [s for s in stems if not any(uid_ok(s + d) for d in "0123456789")]
    assert without and all(not uid_valid(s + d) for s in without for d in "0123456789")
    for v in ("CHE-116.281.71٠", "CHE116.281.710", "CHE-116.281.710 ", "che-116.281.710"):
        assert not uid_valid(v), v


def well_formed_values(rng: random.Random) -> list[dict[str, str]]:
    """Submissions with one well-formed IBAN, AHV number or UID each: about half of each kind with correct
    check digits (IBANs computed, AHV and UID numbers by trying the last digit), the others random."""
    digits = "0123456789"
    cases = []
    for _ in range(150):
        bban = "".join(rng.choices(digits + "ABCXYZ", k=rng.randint(11, 30)))
        cases.append({"iban": with_iban_check_digits(rng.choice(["CH", "LI", "DE", "GB", "ZZ"]), bban)})
        cases.append({"iban": rng.choice(["CH", "LI", "DE"]) + "".join(rng.choices(digits, k=2)) + bban})
        ahv = "756." + "".join(rng.choices(digits, k=4)) + "." + "".join(rng.choices(digits, k=4)) + "."
        ahv += rng.choice(digits)
        good = next((ahv + d for d in digits if ahv_definition(ahv + d)), None)
        cases += [{"ahv": ahv + rng.choice(digits)}] + ([{"ahv": good}] if good else [])
        uid = "CHE-" + "".join(rng.choices(digits, k=3)) + "." + "".join(rng.choices(digits, k=3)) + "."
        uid += "".join(rng.choices(digits, k=2))
        good = next((uid + d for d in digits if uid_definition(uid + d)), None)
        cases += [{"uid": uid + rng.choice(digits)}] + ([{"uid": good}] if good else [])
    return cases


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_generated_javascript_check_digits_agree_with_the_definitions(tmp_path: Path) -> None:
    """The generated JavaScript has its own check-digit functions (read by character code); every well-formed
    value, valid check digits or not, must get a `checksum` error exactly when the definition says so."""
    path = tmp_path / "spec.yaml"
    path.write_text(CHECK_SPEC, encoding="utf-8")
    service, diagnostics = check_file(str(path))
    assert service is not None, [d.message for d in diagnostics]
    index = write_js(service, tmp_path / "js")
    cases = well_formed_values(random.Random(13616))
    batch = [{"module": str(index), "data": json.dumps(c), "today": "2026-05-01", "lang": None} for c in cases]
    definitions = {"iban": iban_definition, "ahv": ahv_definition, "uid": uid_definition}
    checked: dict[tuple[str, bool], int] = {}
    for case, result in zip(cases, evaluate_batch(batch), strict=True):
        [(key, value)] = case.items()
        codes = [e["code"] for e in result["errors"]]
        assert "format" not in codes, (case, codes)
        ok = definitions[key](value)
        checked[key, ok] = checked.get((key, ok), 0) + 1
        assert ("checksum" in codes) == (not ok), (case, codes)
    assert len(checked) == 6 and min(checked.values()) >= 50, checked


def near_iban_texts(rng: random.Random, count: int) -> list[str]:
    """Seeded IBAN-like texts, as `near_ibans` draws them: right or wrong check digits, letters or other
    characters in the account, spaces, double spaces and tabs anywhere, lengths either side of the bounds."""
    texts = []
    for _ in range(count):
        country = rng.choice(["CH", "DE", "GB", "LI", "ZZ"] * 3 + ["ch", "C1"])
        alphabet, low, high = rng.choice([("0123456789", 10, 31), ("0123456789ABCXYZ", 11, 30), ("0123ABCa٣", 9, 32)])
        bban = "".join(rng.choices(alphabet, k=rng.randint(low, high)))
        right = with_iban_check_digits(country.upper(), bban).replace(" ", "")
        chars = list(rng.choice([right, right, right, country + "93" + bban]))
        for _ in range(rng.choice([0, 0, 0, 1, 2, 4])):
            at = rng.choice([len(chars), rng.randint(0, 5), rng.randint(0, len(chars))])
            chars.insert(at, rng.choice([" "] * 4 + ["  "] * 3 + ["\t"]))
        texts.append("".join(chars))
    return texts


FORMATS = {"iban": "iban", "ahv": "ahv_number", "uid": "uid"}
"""The format of each field of `CHECK_SPEC`."""


def near_numbers(rng: random.Random, template: str, count: int) -> list[str]:
    """Seeded texts near the form `template` (`#` a digit): the form itself with random digits, and with one
    character changed, doubled or left out, or a non-ASCII digit put in."""
    texts = []
    for _ in range(count):
        chars = [rng.choice("0123456789") if c == "#" else c for c in template]
        change = rng.choice(["none", "none", "none", "swap", "double", "drop", "foreign"])
        at = rng.randrange(len(chars))
        if change == "swap":
            chars[at] = rng.choice("0123456789.-CHE /:")
        elif change == "double":
            chars.insert(at, chars[at])
        elif change == "drop":
            del chars[at]
        elif change == "foreign":
            chars[at] = rng.choice("٣²０")
        texts.append("".join(chars))
    return texts


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_generated_javascript_reads_form_and_check_digits_in_one_pass(tmp_path: Path) -> None:
    """The generated JavaScript reads an IBAN's, AHV number's or UID's form and check digits in one pass
    (`ibanRead` and the like): a `format` error exactly when the pattern refuses the text, else a `checksum`
    error exactly when the check digits are wrong."""
    import re

    rng = random.Random(13616)
    good = with_iban_check_digits("CH", "00762011623852957")
    cases = [("iban", t) for t in near_iban_texts(rng, 4000)]
    cases += [("iban", t) for t in (good, " " + good, good + " ", good.replace(" ", "  ", 1), "CH 93" + good[4:])]
    cases += [("ahv", t) for t in near_numbers(rng, "756.####.####.##", 3000)]
    cases += [("uid", t) for t in near_numbers(rng, "CHE-###.###.###", 3000)]
    forms = {key: re.compile(PATTERNS[fmt], re.ASCII | re.DOTALL) for key, fmt in FORMATS.items()}
    definitions = {"iban": iban_definition, "ahv": ahv_definition, "uid": uid_definition}
    path = tmp_path / "spec.yaml"
    path.write_text(CHECK_SPEC, encoding="utf-8")
    service, diagnostics = check_file(str(path))
    assert service is not None, [d.message for d in diagnostics]
    index = write_js(service, tmp_path / "js")
    batch = [{"module": str(index), "data": json.dumps({k: t}), "today": None, "lang": None} for k, t in cases]
    verdicts: dict[tuple[str, str], int] = {}
    for (key, text), result in zip(cases, evaluate_batch(batch), strict=True):
        codes = [e["code"] for e in result["errors"] if e["pointer"] == "/" + key]
        verdict = "format" if forms[key].fullmatch(text) is None else "" if definitions[key](text) else "checksum"
        assert codes == ([verdict] if verdict else []), (key, text, codes)
        verdicts[key, verdict] = verdicts.get((key, verdict), 0) + 1
    assert len(verdicts) == 9 and min(verdicts.values()) >= 100, verdicts
