"""The generated Python and JavaScript as code: lint- and type-clean, importable, with the documented API.

The example specs' packages must pass `ruff check` (the project's rules) and
`mypy --strict`, and the JavaScript `node --check`; a field named
`constructor` and submitted keys such as `__proto__` or `toString` behave
like any other name in JavaScript (field names are lower-case, so
`constructor` is the one `Object.prototype` property a spec can use).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generators.js.engine import write as write_js
from generators.js.node import NODE, evaluate_batch
from generators.python.engine import load, write
from svcdef.check import Workspace, check_file, check_paths
from svcdef.evaluate import evaluate
from svcdef.formats import parse_date
from svcdef.names import time_zones
from svcdef.testing import submission_of

ROOT = Path(__file__).resolve().parent.parent
SERVICES, _ = check_paths(sorted(str(p) for p in (ROOT / "specs").glob("*.yaml")))
TODAY = dt.date(2026, 5, 1)


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    for service in SERVICES:
        write(service, folder)
    return folder / "python"


def test_generated_python_passes_ruff(packages: Path) -> None:
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    done = subprocess.run(
        [ruff, "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"), str(packages)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_generated_python_passes_mypy_strict(packages: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version", "3.11", "."],
        cwd=packages,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_generated_javascript_passes_node_check(tmp_path: Path) -> None:
    for service in SERVICES:
        index = write_js(service, tmp_path / service.id)
        for path in (index, index.parent / "svcdef_runtime.js"):
            done = subprocess.run([NODE or "node", "--check", str(path)], capture_output=True, text=True, check=False)
            assert done.returncode == 0, done.stderr


def test_generated_javascript_uses_every_module_constant(tmp_path: Path) -> None:
    """A constant (a compiled pattern, a set of codes, a number) that no check reads would still be built when
    the module loads; the JavaScript linter that would flag it is not run on generated code, so this is."""
    import re

    for service in SERVICES:
        source = write_js(service, tmp_path / service.id).read_text(encoding="utf-8")
        for name in re.findall(r"^const (K\d+) = ", source, re.MULTILINE):
            assert len(re.findall(rf"\b{name}\b", source)) > 1, (service.id, name)


def test_generated_javascript_check_functions_loop_only_over_list_entries(tmp_path: Path) -> None:
    """The object checks count an object's keys in `keyCount`, not in a loop of their own.

    A loop over the keys of a large form made V8 (Node 20), after the deoptimisation that invalid submissions
    following valid ones cause, compile the whole check function for on-stack replacement and go on calling its
    unoptimised code: the holiday-pass form validated at 0.5-0.6 M/s instead of 2.7 M/s in 7 of 20 processes.
    """
    import re

    for service in SERVICES:
        source = write_js(service, tmp_path / service.id).read_text(encoding="utf-8")
        checks = re.findall(r"^function check\d+\(.*?^\}$", source, re.MULTILINE | re.DOTALL)
        assert checks and all("keyCount(d) !== n" in body for body in checks), service.id
        for body in checks:
            loops = re.findall(r"\bfor \((.*?)\)", body)
            assert all(re.fullmatch(r"let (\w+) = 0; \1 < \w+\.length; \1\+\+", loop) for loop in loops), loops


def test_python_api(tmp_path: Path) -> None:
    service = next(s for s in SERVICES if s.id == "dog-registration")
    module = load(service, tmp_path)
    test = next(t for t in service.spec.tests if t.expect.valid)
    data = json.loads(json.dumps(test.input, default=str))
    assert module.__all__ and set(module.__all__) <= set(dir(module))
    assert module.SERVICE_ID == "dog-registration"
    assert module.validate(data, today=TODAY) == []
    assert module.is_valid(data, today=TODAY)
    assert not module.is_valid({}, today=TODAY)
    assert module.computed(data, today=TODAY) == {"dog_count": 1, "listed_dogs": 0}
    fees = module.fees(data, date=TODAY, lang="fr")
    assert fees == evaluate(service, data, today=TODAY, lang="fr").as_dict()["fees"]
    assert fees["items"][0]["label"] == "Impôt sur les chiens"
    errors = module.validate([], today=TODAY, lang="en")
    assert [tuple(e) for e in errors] == [("type", "type", "", "These details are missing or have the wrong form.")]
    zone = ZoneInfo(module.TIME_ZONE)
    before = dt.datetime.now(zone).date()
    first, second = module.service_today(), module.service_today()  # the second from the minute's cache
    assert first == second and first in (before, dt.datetime.now(zone).date())
    assert isinstance(module.validate(data), list)  # today defaults to the date in the service time zone


def test_python_days_are_taken_as_the_javascript_takes_them(tmp_path: Path) -> None:
    """`today` as a `datetime` or as text (regression: both were handed on as they came, and every rule on the
    day then held silently); the same instants as `test_javascript_days_come_from_the_service_time_zone`."""
    service = next(s for s in SERVICES if s.id == "resident-parking")
    module = load(service, tmp_path)
    doc = dict(submission_of(next(t for t in service.spec.tests if t.expect.valid)), start_date="2026-05-01")

    def rules(today: Any) -> list[str]:
        return [e.rule for e in module.validate(doc, today=today) if e.code == "rule"]

    utc = dt.UTC
    assert rules(dt.date(2026, 5, 1)) == rules(dt.datetime(2026, 5, 1, 21, 30, tzinfo=utc)) == []
    late = ["start_not_in_past"]  # 00:30 on 2 May in Zurich
    assert rules(dt.datetime(2026, 5, 1, 22, 30, tzinfo=utc)) == rules("2026-05-02") == late
    assert rules(dt.datetime(2026, 5, 2, 0, 30)) == rules(dt.date(2026, 5, 2)) == late  # naive: its own date
    past_9999 = dt.datetime(9999, 12, 31, 23, 30, tzinfo=utc)  # 1 January 10000 in Zurich
    for wrong in ["", "2026-13-01", "2026-5-1", "20260502", "2026-W18-6", 20260502, 1.5, past_9999]:
        with pytest.raises(
            TypeError, match=r"^today must be a datetime\.date, a datetime or a date \"YYYY-MM-DD\", not "
        ):
            module.validate(doc, today=wrong)
    with pytest.raises(TypeError, match=r"^date must be"):
        module.fees(doc, date="2.5.2026")
    assert module.fees(doc, date="2026-05-02") == module.fees(doc, date=dt.date(2026, 5, 2))


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_a_language_tag_picks_its_primary_language(tmp_path: Path) -> None:
    """`lang` as a browser or an `Accept-Language` header gives it (regression: `fr-CH` got the first language)."""
    service = next(s for s in SERVICES if s.id == "dog-registration")
    module = load(service, tmp_path / "py")
    index = write_js(service, tmp_path / "js")
    data = {"payment": "card", "zz": 1}
    tags = ["fr", "fr-CH", "FR", "fr_CH", "Fr-Latn-CH", "de-CH", "xx-FR", ""]
    batch = [{"module": str(index), "data": json.dumps(data), "today": TODAY.isoformat(), "lang": t} for t in tags]
    in_js = evaluate_batch(batch)
    found = []
    for tag, js in zip(tags, in_js, strict=True):
        reference = evaluate(service, data, today=TODAY, lang=tag).as_dict()
        assert module.evaluate(data, today=TODAY, lang=tag) == js == reference, tag
        found.append([e["message"] for e in reference["errors"]])
    french, german = found[0], found[5]
    assert french != german and found[:5] == [french] * 5 and found[5:] == [german] * 3


SPEC = """\
svcdef: "1"
service:
  id: prototype-names
  version: 1.0.0
  languages: [de, fr]
  title: {de: T, fr: T}
  authority: {de: A, fr: A}
fields:
  constructor: {type: text, required: true, label: {de: C, fr: C}}
  count: {type: integer, label: {de: P, fr: P}}
  flag: {type: boolean, required: "is_set(constructor) and is_set(count)", label: {de: H, fr: H}}
  group:
    type: group
    label: {de: V, fr: V}
    fields:
      constructor: {type: text, required: true, label: {de: I, fr: I}}
  entries:
    type: list
    label: {de: L, fr: L}
    fields:
      constructor: {type: integer, label: {de: E, fr: E}}
      valueof: {type: boolean, label: {de: W, fr: W}}
computed:
  counted:
    type: integer
    value: "count(entries, item.constructor > 1)"
    label: {de: Z, fr: Z}
validations:
  - id: entry_rule
    for_each: entries
    rule: "item.constructor != 7"
    at: item.constructor
    message: {de: Nicht 7, fr: Pas 7}
"""


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_fields_named_like_object_prototype_properties(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC, encoding="utf-8")
    service, diagnostics = check_file(str(path))
    assert service is not None, [d.message for d in diagnostics]
    module = load(service, tmp_path / "py")
    index = write_js(service, tmp_path / "js")
    texts = [
        "{}",
        '{"constructor": "x", "count": 3, "flag": true, "group": {}}',
        '{"constructor": 1, "__proto__": {"constructor": "y"}, "group": {"constructor": "z", "__proto__": 1}}',
        '{"__proto__": 3, "count": 1, "group": [], "toString": 1}',
        '{"group": {"hasOwnProperty": "x", "valueOf": null}}',
        '{"constructor": "x", "group": {"constructor": "z"}, "entries": [{"constructor": 2}, {}, {"constructor": 7}]}',
        '{"constructor": "x", "group": {"constructor": "z"}, "entries": [{"toString": 2}, {"valueof": 1}, null, 3]}',
    ]
    expected = []
    for text in texts:
        reference = evaluate(service, json.loads(text), today=TODAY).as_dict()
        got = module.evaluate(json.loads(text), today=TODAY)
        assert got["errors"] == reference["errors"]
        expected.append(reference)
    assert [e["pointer"] for e in expected[0]["errors"]] == ["/constructor"]
    batch = [{"module": str(index), "data": text, "today": TODAY.isoformat(), "lang": None} for text in texts]
    assert evaluate_batch(batch) == expected


DATE_LIKE = st.one_of(
    st.text(alphabet="0123456789-+ T:W٣²\u0660.Z", min_size=8, max_size=12),
    st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat),
    st.tuples(st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"
    ),
)


@pytest.fixture(scope="module")
def generated_validator(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The generated `validator` module of the Kita service (which reads dates)."""
    service = next(s for s in SERVICES if s.id == "kita-fees")
    package = load(service, tmp_path_factory.mktemp("dates"))
    return sys.modules[package.__name__ + ".validator"]


@settings(max_examples=800, deadline=None)
@given(DATE_LIKE)
def test_generated_date_parser_reads_dates_as_the_reference(generated_validator: Any, text: str) -> None:
    """`_date` in generated code has no pattern; it must accept exactly the texts `formats.parse_date` accepts."""
    assert generated_validator._date(text) == parse_date(text)


@pytest.mark.parametrize("service_id", ["class", "case", "match", "import"])
def test_a_service_id_that_is_a_python_keyword_gets_a_trailing_underscore(tmp_path: Path, service_id: str) -> None:
    """Regression: such ids made the Python target fail with an internal error."""
    spec = ROOT / "specs" / "dog-registration.yaml"
    copy = tmp_path / "spec.yaml"
    copy.write_text(spec.read_text(encoding="utf-8").replace("id: dog-registration", f"id: {service_id}", 1), "utf-8")
    shutil.copytree(ROOT / "specs" / "lib", tmp_path / "lib")
    service, diagnostics = check_file(str(copy), Workspace())
    assert service is not None and not diagnostics, diagnostics
    package = load(service, tmp_path / "out")
    assert (tmp_path / "out" / "python" / (service_id + "_") / "__init__.py").is_file()
    assert service_id == package.SERVICE_ID


DAY_SCRIPT = """
import { validate, serviceToday } from %s;
const doc = JSON.parse(process.argv[2]);
const rules = (today) => validate(doc, { today }).filter((e) => e.code === "rule").map((e) => e.rule);
// first, before any day is kept: a text that is no date is refused, and so is a Date without a day of 1 to 9999
const refused = [
  "", "2026-13-01", "2026-5-1",
  new Date(NaN), new Date("0000-06-01T12:00:00Z"), new Date("9999-12-31T23:30:00Z"),
].map((today) => {
  try { validate(doc, { today }); return null; } catch (error) { return error.constructor.name; }
});
console.log(JSON.stringify({
  refused,
  first: serviceToday(),
  second: serviceToday(),
  beforeMidnight: rules(new Date(Date.UTC(2026, 4, 1, 21, 30))),
  afterMidnight: rules(new Date(Date.UTC(2026, 4, 1, 22, 30))),
  byText: rules("2026-05-02"),
  earlyYear: rules(new Date("0999-06-01T12:00:00Z")).join() === rules("0999-06-01").join(),
  fromClock: rules(undefined).length === rules(serviceToday()).length,
}));
"""


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_every_time_zone_the_checker_takes_is_one_javascript_knows() -> None:
    """The generated JavaScript reads days with `Intl.DateTimeFormat`, which throws for a zone it does not know."""
    script = (
        "const bad = JSON.parse(process.argv[1]).filter((zone) => {"
        " try { new Intl.DateTimeFormat('en-CA', { timeZone: zone }); return false; } catch { return true; } });"
        " console.log(JSON.stringify(bad));"
    )
    zones = sorted(time_zones())
    assert len(zones) > 400 and "Europe/Zurich" in zones
    done = subprocess.run([NODE, "-e", script, json.dumps(zones)], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_javascript_days_come_from_the_service_time_zone(tmp_path: Path) -> None:
    """A `Date` (or no `today`) is read as a day in the service's time zone, with one formatter made once
    (regression: a formatter per call made a validation without `today` 40 times slower)."""
    service = next(s for s in SERVICES if s.id == "resident-parking")
    test = next(t for t in service.spec.tests if t.expect.valid)
    doc = dict(submission_of(test), start_date="2026-05-01")
    index = write_js(service, tmp_path / "js")
    script = tmp_path / "days.mjs"
    script.write_text(DAY_SCRIPT % json.dumps(index.resolve().as_uri()), encoding="utf-8")
    before = dt.datetime.now(ZoneInfo(service.spec.service.timezone)).date().isoformat()
    done = subprocess.run([NODE, str(script), json.dumps(doc)], capture_output=True, text=True, check=True)
    after = dt.datetime.now(ZoneInfo(service.spec.service.timezone)).date().isoformat()
    got = json.loads(done.stdout)
    assert got["first"] == got["second"] and got["first"] in (before, after)
    assert got["beforeMidnight"] == []  # 23:30 in Zurich: still 1 May
    assert got["afterMidnight"] == got["byText"] == ["start_not_in_past"]  # 00:30 in Zurich: 2 May
    assert got["fromClock"] is True
    # regression: the kept last day started as "", so `today: ""` was taken as a day instead of refused
    assert got["refused"] == ["TypeError"] * 6
    assert got["earlyYear"] is True  # a year below 1000 is read with its four digits
