"""The form outputs as portal teams use them: schema.json in ajv and Python jsonschema, the UI schemas in rjsf and JSON Forms.

The Node side runs from tests/node (package.json + lockfile, installed on
first use by `node_env.ensure_packages`): ajv 8 with ajv-formats in strict
mode, and server-side rendering with React 18 in react-jsonschema-form 5 and
JSON Forms 3, each configured with an Ajv2020 instance as docs/outputs.md
tells portal teams to.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import HEADER, SpecFolder
from form_submissions import MUTANTS, TODAY, WRONG_TYPES, submissions
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from node_env import NODE_DIR, NodeScript, ensure_packages

from generators import schema as schema_target
from generators import ui as ui_target
from generators.schema import ANNOTATIONS, schema_of
from generators.schema.conditions import Translator, field_table, well_formed
from svcdef import formats
from svcdef import model as m
from svcdef.check import Workspace, check_file, check_paths
from svcdef.expr import Context, evaluate
from svcdef.service import Service

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS_PER_SPEC = 500
FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER


@pytest.fixture(scope="session")
def node() -> Path:
    return ensure_packages()


@pytest.fixture(scope="session")
def services() -> dict[str, Service]:
    found, diagnostics = check_paths([str(ROOT / "specs")])
    assert not [d for d in diagnostics if d.code.startswith("E")], diagnostics
    return {s.id: s for s in found}


SPEC_IDS = sorted(p.stem for p in (ROOT / "specs").glob("*.yaml"))


def outputs(service: Service) -> dict[str, Any]:
    files = {**schema_target.generate(service), **ui_target.generate(service)}
    return {path: json.loads(text) for path, text in files.items()}


def python_validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=FORMAT_CHECKER)


# -- schema.json: meta-schema, ajv strict mode, the annotations ---------------------------------


def test_every_schema_passes_the_2020_12_meta_schema(services: dict[str, Service]) -> None:
    for service in services.values():
        schema = schema_of(service)
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"urn:svcdef:{service.id}:{service.spec.service.version}"
        assert schema["title"] == service.spec.service.title.best(service.languages[0], service.languages)


def test_ajv_strict_mode_compiles_every_schema(node: Path, services: dict[str, Service], tmp_path: Path) -> None:
    files = []
    for service in services.values():
        path = tmp_path / f"{service.id}.json"
        path.write_text(schema_target.generate(service)["schema.json"], encoding="utf-8")
        files.append(str(path))
    with NodeScript("validate.mjs", *files) as ajv:
        compiled = ajv.read()["compiled"]
    assert dict(zip(files, compiled, strict=True)) == dict.fromkeys(files)


def test_the_registered_keywords_are_the_annotations_used(node: Path, services: dict[str, Service]) -> None:
    script = (NODE_DIR / "svcdef-ajv.mjs").read_text(encoding="utf-8")
    registered = re.findall(r'"(x-svcdef-[a-z-]+)"', script)
    assert registered == list(ANNOTATIONS)
    docs = (ROOT / "docs" / "outputs.md").read_text(encoding="utf-8")
    assert all(f"`{keyword}`" in docs for keyword in ANNOTATIONS)
    used: set[str] = set()
    for service in services.values():
        used |= set(re.findall(r'"(x-[a-z0-9-]+)":', schema_target.generate(service)["schema.json"]))
    assert used <= set(ANNOTATIONS)


def test_outputs_are_deterministic_json_with_a_final_newline(services: dict[str, Service]) -> None:
    for service in services.values():
        first = {**schema_target.generate(service), **ui_target.generate(service)}
        again = {**schema_target.generate(service), **ui_target.generate(service)}
        assert first == again
        assert sorted(first) == ["schema.json", "ui/jsonforms.json", "ui/rjsf.json"]
        for text in first.values():
            assert text.endswith("}\n") and json.loads(text)


# -- ajv and Python jsonschema give the same verdict ----------------------------------------------


def assert_same_verdicts(service: Service, tmp_path: Path, count: int) -> None:
    """Python jsonschema and ajv agree on `count` or more hypothesis-generated submissions, valid and mutated."""
    schema = schema_of(service)
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    python = python_validator(schema)
    verdicts: Counter[bool] = Counter()

    with NodeScript("validate.mjs", str(path)) as ajv:
        assert ajv.read() == {"compiled": [None]}

        @settings(
            max_examples=count // (1 + MUTANTS) + 10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
        )
        @given(submissions(service))
        def same_verdict(cases: list[tuple[Any, bool]]) -> None:
            batch = [json.loads(json.dumps(data)) for data, _ in cases]
            answers = ajv.ask({"schema": 0, "data": batch})
            for (_, base), data, answer in zip(cases, batch, answers, strict=True):
                expected = python.is_valid(data)
                if base:  # built from the model: the schema must accept it
                    assert expected, [f"{e.json_path}: {e.message}" for e in python.iter_errors(data)]
                assert answer["valid"] == expected, {
                    "submission": data,
                    "ajv": answer["errors"],
                    "jsonschema": [f"{e.json_path}: {e.message}" for e in python.iter_errors(data)],
                }
                verdicts[expected] += 1

        same_verdict()
    assert verdicts[True] + verdicts[False] >= count
    assert min(verdicts[True], verdicts[False]) >= count // 10, verdicts


@pytest.mark.parametrize("spec_id", SPEC_IDS)
def test_ajv_and_python_jsonschema_agree(
    spec_id: str, node: Path, services: dict[str, Service], tmp_path: Path
) -> None:
    assert_same_verdicts(services[spec_id], tmp_path, SUBMISSIONS_PER_SPEC)


def test_mutations_leave_the_shared_wrong_values_alone(services: dict[str, Service]) -> None:
    """Regression: the `type` mutation put values of `WRONG_TYPES` in without a copy, so a later mutation of
    the same submission changed `WRONG_TYPES` itself; it grew into a cycle (a `RecursionError` in `paths`)
    and made hypothesis report inconsistent data generation."""
    before = copy.deepcopy(WRONG_TYPES)

    @settings(max_examples=400, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(sorted(services)).flatmap(lambda spec_id: submissions(services[spec_id])))
    def draw_submissions(cases: list[tuple[Any, bool]]) -> None:
        json.dumps([data for data, _ in cases])

    draw_submissions()
    assert before == WRONG_TYPES


def test_the_embedded_tests_get_the_schema_verdict_they_can(services: dict[str, Service]) -> None:
    """Valid examples pass the schema; the schema rejects every example failing on what it can check."""
    schema_checks = {"required", "hidden", "unknown", "type", "format", "min_length", "max_length", "pattern"}
    schema_checks |= {"option", "unique", "min_items", "max_items", "media_types", "max_size", "countries"}
    for service in services.values():
        python = python_validator(schema_of(service))
        for case in service.spec.tests:
            data = json.loads(json.dumps(case.input))
            if case.expect.valid:
                assert python.is_valid(data), (service.id, case.name, [e.message for e in python.iter_errors(data)])
            expected = {e.rule for e in case.expect.errors or ()}
            if expected & schema_checks:
                assert not python.is_valid(data), (service.id, case.name)


# -- decimals, money and formats -----------------------------------------------------------------


def test_decimal_strings_accept_realistic_amounts(node: Path, tmp_path: Path) -> None:
    amounts = ["19.99", "19.01", "33.33", "0.10", "120", "-12.5", "1234567.89"]
    wrong = ["19.999", "1.", ".5", "+1", "01.5", "1e3", "19,99", "19.99\n", "١٩.٩٩"]
    money = {"type": "string", "pattern": schema_target.pattern(formats.decimal_pattern(formats.MONEY_SCALE))}
    python = python_validator(money)
    assert all(python.is_valid(a) for a in amounts)
    assert not any(python.is_valid(w) for w in wrong)
    path = tmp_path / "money.json"
    path.write_text(json.dumps(money), encoding="utf-8")
    with NodeScript("validate.mjs", str(path)) as ajv:
        ajv.read()
        answers = ajv.ask({"schema": 0, "data": amounts + wrong})
        assert [a["valid"] for a in answers] == [True] * len(amounts) + [False] * len(wrong)
    # why not numbers: multipleOf is checked with binary floats in Python
    assert not python_validator({"type": "number", "multipleOf": 0.01}).is_valid(19.99)


def test_formats_svcdef_leaves_out_disagree_with_its_submissions(node: Path, tmp_path: Path) -> None:
    """`format` only where both validators agree with docs/submissions.md: date and e-mail, not date-time or time."""
    cases = [
        ({"type": "string", "format": "date-time"}, "2026-08-22T11:00"),  # local time, as submissions write it
        ({"type": "string", "format": "time"}, "10:00"),
    ]
    files = []
    for i, (schema, _) in enumerate(cases):
        path = tmp_path / f"{i}.json"
        path.write_text(json.dumps(schema), encoding="utf-8")
        files.append(str(path))
    with NodeScript("validate.mjs", *files) as ajv:
        ajv.read()
        for i, (schema, value) in enumerate(cases):
            assert ajv.ask({"schema": i, "data": [value]})[0]["valid"] is False
            assert python_validator(schema).is_valid(value) is False
    # Python's `email` format accepts nearly anything with an @, ajv-formats does not: the pattern decides
    assert python_validator({"format": "email"}).is_valid("not@")
    email = python_validator(
        {"type": "string", "format": "email", "pattern": schema_target.pattern(formats.PATTERNS["email"])}
    )
    assert not email.is_valid("not@")


# -- server-side rendering in rjsf and JSON Forms -------------------------------------------------


class _Controls(HTMLParser):
    """The form controls of rendered HTML: (tag, attributes), and whether JSON Forms found no renderer."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("input", "select", "textarea"):
            self.controls.append({"tag": tag, **dict(attrs)})


def controls(html: str) -> list[dict[str, str | None]]:
    parser = _Controls()
    parser.feed(html)
    return parser.controls


def leaves(schema: dict[str, Any], data: Any, path: tuple[str | int, ...], library: str) -> list[tuple[str | int, ...]]:
    """The value slots a form shows inputs for: scalars, each entry of a list, a multichoice as one group in rjsf."""
    kind = schema.get("type")
    if kind == "object":
        found = []
        for name, sub in schema["properties"].items():
            found += leaves(sub, data.get(name) if isinstance(data, dict) else None, (*path, name), library)
        return found
    if kind == "array":
        entries = data if isinstance(data, list) else []
        if library == "rjsf":  # rjsf fills lists up to minItems with empty entries
            entries = entries + [{}] * (schema.get("minItems", 0) - len(entries))
        items = schema["items"]
        if items.get("type") == "object":
            return [leaf for i, e in enumerate(entries) for leaf in leaves(items, e, (*path, i), library)]
        if library == "rjsf" and schema.get("uniqueItems"):
            return [path]
        return [(*path, i) for i in range(len(entries))]
    return [path]


def rjsf_keys(html: str) -> Counter[str]:
    keys: Counter[str] = Counter()
    groups: set[str] = set()
    for control in controls(html):
        if control.get("type") in ("radio", "checkbox"):
            name = control["name"] or ""
            if name not in groups:
                groups.add(name)
                keys[name] += 1
        else:
            keys[control["id"] or ""] += 1
    return keys


def jsonforms_keys(html: str) -> tuple[Counter[str], int]:
    """Controls with an id (the scope), and the number of all controls (radio groups once)."""
    keys: Counter[str] = Counter()
    groups: set[str] = set()
    total = 0
    for control in controls(html):
        if control.get("type") == "radio":
            name = control["name"] or ""
            if name in groups:
                continue
            groups.add(name)
            keys[name] += 1
        elif control.get("id"):
            keys[(control["id"] or "").removesuffix("-input")] += 1
        total += 1
    return keys, total


def scope_of(path: tuple[str | int, ...]) -> str:
    """The JSON Forms scope a leaf's control carries: relative to its list entry, if any."""
    last = max((i for i, step in enumerate(path) if isinstance(step, int)), default=-1)
    return "#" + "".join(f"/properties/{step}" for step in path[last + 1 :])


def full_submission(schema: dict[str, Any]) -> Any:
    """A value for every property (two entries per list), to render every input once."""
    kind = schema.get("type")
    if kind == "object":
        return {name: full_submission(sub) for name, sub in schema["properties"].items()}
    if kind == "array":
        items = schema["items"]
        if "oneOf" in items:
            return [o["const"] for o in items["oneOf"][:2]]
        return [full_submission(items), full_submission(items)]
    if "oneOf" in schema:
        return schema["oneOf"][-1]["const"]
    if "enum" in schema:
        return schema["enum"][0]
    return {"string": "12", "integer": 1, "boolean": True}[kind]


RENDERED_TESTS = 2
"""Embedded tests per spec whose input is rendered, besides the empty and the full form; all are validated."""


def assert_renders(renderer: NodeScript, service: Service) -> None:
    """The form renders in rjsf and JSON Forms without a console message, with one input per value slot."""
    files = outputs(service)
    schema = files["schema.json"]
    inputs = [json.loads(json.dumps(t.input)) for t in service.spec.tests]
    cases = [{}, full_submission(schema), *inputs[:RENDERED_TESTS]]
    form = {"schema": schema, "rjsf": files["ui/rjsf.json"], "jsonforms": files["ui/jsonforms.json"]}
    answer = renderer.ask({**form, "render": cases, "validate": cases + inputs})
    python = python_validator(schema)
    verdicts = [python.is_valid(data) for data in cases + inputs]
    assert answer["valid"] == [{"rjsf": v, "jsonforms": v} for v in verdicts], service.id
    for data, rendered in zip(cases, answer["rendered"], strict=True):
        where = (service.id, data)
        assert rendered["console"] == [], where
        assert rendered["rjsf"].startswith("<form") and rendered["jsonforms"], where
        assert "No applicable renderer" not in rendered["jsonforms"], where

        expected = leaves(schema, data, (), "rjsf")
        assert rjsf_keys(rendered["rjsf"]) == Counter(
            "root" + "".join(f"_{step}" for step in leaf) for leaf in expected
        ), where

        expected = leaves(schema, data, (), "jsonforms")
        keys, total = jsonforms_keys(rendered["jsonforms"])
        assert total == len(expected), where
        in_entries = {scope_of(leaf) for leaf in expected if any(isinstance(s, int) for s in leaf)}
        at_top = Counter(scope_of(leaf) for leaf in expected if not any(isinstance(s, int) for s in leaf))
        # inside list entries JSON Forms numbers the repeated ids: #/properties/name, #/properties/name2, ...
        unexpected = [k for k in keys if k not in at_top and re.sub(r"\d+$", "", k) not in in_entries]
        assert unexpected == [], where
        assert Counter({k: n for k, n in keys.items() if k in at_top}) == at_top, where


def test_every_form_renders_in_rjsf_and_json_forms(node: Path, services: dict[str, Service]) -> None:
    with NodeScript("render.mjs") as renderer:
        for service in services.values():
            assert_renders(renderer, service)


def _scopes(element: dict[str, Any], schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every (scope, schema it resolves against) of a JSON Forms UI schema element, detail layouts included."""
    found = []
    if "scope" in element:
        found.append((element["scope"], schema))
        detail = element.get("options", {}).get("detail")
        if detail is not None:
            found += _scopes(detail, resolve(schema, element["scope"])["items"])
    for child in element.get("elements", []):
        found += _scopes(child, schema)
    return found


def resolve(schema: dict[str, Any], scope: str) -> dict[str, Any]:
    assert scope.startswith("#/"), scope
    node = schema
    for step in scope[2:].split("/"):
        node = node[step]
    return node


def test_every_json_forms_scope_points_at_a_schema_property(services: dict[str, Service]) -> None:
    for service in services.values():
        files = outputs(service)
        scopes = _scopes(files["ui/jsonforms.json"], files["schema.json"])
        assert scopes
        for scope, schema in scopes:
            assert re.fullmatch(r"#(/properties/[a-z0-9_]+)+", scope), scope
            resolve(schema, scope)


def test_json_forms_rules_show_fields_when_their_condition_holds(services: dict[str, Service]) -> None:
    service = services["change-of-address"]
    layout = outputs(service)["ui/jsonforms.json"]
    rules = {e["scope"] if "scope" in e else e["label"]: e["rule"] for e in _elements(layout) if "rule" in e}
    landlord = python_validator(rules["Vermieterin / Verwaltung"]["condition"]["schema"])
    assert rules["Vermieterin / Verwaltung"]["effect"] == "SHOW"
    assert landlord.is_valid({"dwelling_status": "tenant"})
    assert not landlord.is_valid({"dwelling_status": "owner"})
    assert not landlord.is_valid({})
    other = python_validator(rules["#/properties/nationality_other"]["condition"]["schema"])
    assert other.is_valid({"nationality": "other"}) and not other.is_valid({"nationality": "CH"})


def _elements(element: dict[str, Any]) -> list[dict[str, Any]]:
    found = [element]
    for child in element.get("elements", []):
        found += _elements(child)
    detail = element.get("options", {}).get("detail")
    if detail is not None:
        found += _elements(detail)
    return found


def _orders(ui: dict[str, Any], schema: dict[str, Any], where: str) -> list[tuple[str, list[str], list[str]]]:
    """(where, ui:order, the schema's properties) for every object."""
    found = []
    if schema.get("type") == "object":
        found.append((where, ui.get("ui:order", []), list(schema["properties"])))
        for name, sub in schema["properties"].items():
            found += _orders(ui.get(name, {}), sub, f"{where}/{name}")
    elif schema.get("type") == "array":
        found += _orders(ui.get("items", {}), schema["items"], f"{where}/items")
    return found


def test_rjsf_order_lists_exactly_the_schema_properties(services: dict[str, Service]) -> None:
    for service in services.values():
        files = outputs(service)
        for where, order, properties in _orders(files["ui/rjsf.json"], files["schema.json"], service.id):
            assert order == properties, where


def test_rjsf_widgets_follow_the_spec(services: dict[str, Service]) -> None:
    ui = outputs(services["event-permit"])["ui/rjsf.json"]
    assert ui["organiser"]["organiser_type"]["ui:widget"] == "radio"
    assert ui["event"]["description"]["ui:widget"] == "textarea"
    assert ui["event"]["start"]["ui:options"] == {"inputType": "datetime-local"}
    assert ui["sound_permits"]["ui:widget"] == "checkboxes"
    assert ui["organiser"]["uid"]["ui:placeholder"] == "CHE-123.456.788"
    assert ui["organiser"]["birth_date"]["ui:widget"] == "date"
    coa = outputs(services["change-of-address"])["ui/rjsf.json"]
    assert coa["persons"]["items"]["nationality"]["ui:widget"] == "select"  # widget: select in the spec
    assert coa["key_handover_time"]["ui:options"] == {"inputType": "time"}


# -- conditions: what becomes if/then, what stays an annotation -----------------------------------

L = "label: {de: X, fr: X}"
CONDITIONS = f"""\
options:
  kinds: {{a: {{de: A, fr: A}}, b: {{de: B, fr: B}}, c: {{de: C, fr: C}}}}
fields:
  flag: {{type: boolean, {L}}}
  kind: {{type: choice, options: kinds, {L}}}
  count: {{type: integer, {L}}}
  name: {{type: text, {L}}}
  mail: {{type: email, {L}}}
  amount: {{type: money, {L}}}
  day: {{type: date, {L}}}
  moment: {{type: datetime, {L}}}
  tags: {{type: multichoice, options: kinds, {L}}}
  grp:
    type: group
    {L}
    fields:
      inner: {{type: choice, options: kinds, {L}}}
      deep: {{type: text, visible_if: "grp.inner == 'a'", {L}}}
  kids:
    type: list
    {L}
    fields:
      born: {{type: date, {L}}}
      age: {{type: integer, {L}}}
      school: {{type: text, required: "item.age >= 6", visible_if: "is_set(item.born)", {L}}}
      mixed: {{type: text, visible_if: "is_set(item.born) and flag", {L}}}
      by_root: {{type: text, required: "kind == 'b'", {L}}}
"""

EXPRESSIBLE = [
    "flag",
    "not flag",
    "flag == true",
    "false == flag",
    "kind == 'a'",
    "'a' != kind",
    "kind in ['a', 'b']",
    "kind not in ['c']",
    "count >= 3",
    "3 < count",
    "count <= -2",
    "count == 7",
    "count != 0",
    "is_set(name)",
    "not is_set(day)",
    "name == 'abc'",
    "mail == 'a@b.ch'",
    "mail != 'not-an-address'",
    "'a' in tags",
    "'b' not in tags",
    "flag and kind == 'a'",
    "flag or not is_set(mail)",
    "not (flag and (count > 1 or kind != 'c'))",
    "grp.inner == 'b'",
    "is_set(grp)",
    "true",
]
NOT_EXPRESSIBLE = [
    "amount > 10",
    "day > date('2026-01-01')",
    "len(name) > 3",
    "count + 1 > 3",
    "count(tags) > 1",
    "is_set(moment)",
    "flag and amount == 5",
    "kind == 'a' or day == today()",
]


def _service(specs: SpecFolder, body: str) -> Service:
    path = specs.write("spec.yaml", HEADER + body)
    found, diagnostics = check_file(str(path), Workspace())
    assert found is not None, diagnostics
    return found


def _with_condition(condition: str) -> str:
    return CONDITIONS + f'  target: {{type: text, visible_if: "{condition}", required: true, {L}}}\n'


@pytest.mark.parametrize("condition", EXPRESSIBLE)
def test_expressible_conditions_become_if_then_else(specs: SpecFolder, condition: str) -> None:
    schema = schema_of(_service(specs, _with_condition(condition)))
    assert "x-svcdef-visible-if" not in schema["properties"]["target"]
    entry = schema["allOf"][-1]
    assert entry["then"] == {"properties": {"target": {}}, "required": ["target"]}
    assert entry["else"] == {"not": {"properties": {"target": {}}, "required": ["target"]}}
    assert "target" not in schema.get("required", [])


@pytest.mark.parametrize("condition", NOT_EXPRESSIBLE)
def test_other_conditions_become_annotations(specs: SpecFolder, condition: str) -> None:
    schema = schema_of(_service(specs, _with_condition(condition)))
    assert schema["properties"]["target"]["x-svcdef-visible-if"] == condition
    assert all("target" not in json.dumps(entry) for entry in schema.get("allOf", []))
    assert "target" not in schema.get("required", [])


def test_conditions_sit_at_the_object_holding_the_field_and_what_it_reads(specs: SpecFolder) -> None:
    schema = schema_of(_service(specs, CONDITIONS))
    grp = schema["properties"]["grp"]
    assert [e["else"] for e in grp["allOf"]] == [{"not": {"properties": {"deep": {}}, "required": ["deep"]}}]
    kids = schema["properties"]["kids"]["items"]
    school, required_school = kids["allOf"][0], kids["allOf"][1]
    assert school["if"]["required"] == ["born"] and "then" not in school
    assert required_school["if"]["allOf"][1]["properties"]["age"]["minimum"] == 6
    assert kids["properties"]["mixed"]["x-svcdef-visible-if"] == "is_set(item.born) and flag"
    # a root condition on a list entry's field: at the root, reaching down through the list
    by_root = schema["allOf"][0]
    assert by_root["if"] == {"type": "object", "properties": {"kind": {"const": "b"}}, "required": ["kind"]}
    assert by_root["then"] == {
        "type": "object",
        "properties": {
            "kids": {
                "type": "array",
                "items": {"type": "object", "properties": {"by_root": {}}, "required": ["by_root"]},
            }
        },
    }


def test_a_required_condition_of_a_visible_field_is_an_if_then(specs: SpecFolder) -> None:
    body = CONDITIONS + f'  target: {{type: text, required: "count > 2", {L}}}\n'
    entry = schema_of(_service(specs, body))["allOf"][-1]
    assert entry["if"]["properties"]["count"]["exclusiveMinimum"] == 2
    assert entry["then"] == {"properties": {"target": {}}, "required": ["target"]}
    assert "else" not in entry
    body = CONDITIONS + f'  target: {{type: text, required: "amount > 2", {L}}}\n'
    assert schema_of(_service(specs, body))["properties"]["target"]["x-svcdef-required-if"] == "amount > 2"


# The translation agrees with the interpreter on data as sent, malformed values included.

_KINDS = ["a", "b", "c"]
_VALUES = {
    "flag": st.sampled_from([True, False, None, "true", 1]),
    "kind": st.sampled_from(["a", "b", "c", "d", "", 1, None]),
    "count": st.sampled_from([-3, -2, 0, 1, 2, 3, 7, 3.0, 2.5, True, "3", 2**53, None]),
    "name": st.sampled_from(["", "abc", "x", 1, None]),
    "mail": st.sampled_from(["a@b.ch", "not@", "not-an-address", 5]),
    "day": st.sampled_from(["2026-01-01", "2026-02-30", "x", 3]),
    "tags": st.sampled_from([[], ["a"], ["b", "a"], ["d"], ["a", 1], "a", None]),
    "grp": st.sampled_from([{}, {"inner": "a"}, {"inner": "b"}, {"inner": 2}, "x"]),
}


def _view(data: dict[str, Any], service: Service) -> dict[str, Any]:
    """docs/submissions.md's typed view of the fields used above (malformed values are absent)."""
    out: dict[str, Any] = {}
    for name, raw in data.items():
        f = service.info((name,)).field
        value: Any = None
        if isinstance(f, m.BooleanField):
            value = raw if isinstance(raw, bool) else None
        elif isinstance(f, m.ChoiceField):
            value = raw if raw in _KINDS else None
        elif isinstance(f, m.IntegerField):
            ok = isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer()
            value = int(raw) if ok and abs(raw) <= formats.MAX_SAFE_INTEGER else None
        elif isinstance(f, m.EmailField):
            value = raw if isinstance(raw, str) and formats.matches(formats.PATTERNS["email"], raw) else None
        elif isinstance(f, m.TextField):
            value = raw if isinstance(raw, str) else None
        elif isinstance(f, m.DateField):
            value = formats.parse_date(raw) if isinstance(raw, str) else None
        elif isinstance(f, m.MultiChoiceField):
            value = [e if e in _KINDS else None for e in raw] if isinstance(raw, list) else None
        elif isinstance(f, m.GroupField) and isinstance(raw, dict):
            value = {"inner": raw["inner"]} if raw.get("inner") in _KINDS else {}
        if value is not None:
            out[name] = value
    return out


def test_translated_conditions_agree_with_the_interpreter(specs: SpecFolder) -> None:
    service = _service(
        specs,
        CONDITIONS + "".join(f'  c{i}: {{type: text, visible_if: "{c}", {L}}}\n' for i, c in enumerate(EXPRESSIBLE)),
    )
    translator = Translator(field_table(service.infos))
    cases = []
    for i in range(len(EXPRESSIBLE)):
        condition = service.info((f"c{i}",)).visible
        assert not isinstance(condition, bool)
        truth = translator.truth(condition, (), None)
        assert truth is not None
        cases.append((condition, python_validator(truth.true), python_validator(truth.false)))

    @settings(max_examples=300, deadline=None)
    @given(st.fixed_dictionaries({}, optional=_VALUES))
    def agree(data: dict[str, Any]) -> None:
        root = _view(data, service)
        for condition, true, false in cases:
            value = evaluate(condition, Context(root, TODAY))
            assert true.is_valid(data) == (value is True), (EXPRESSIBLE[cases.index((condition, true, false))], data)
            assert false.is_valid(data) == (value is False), (EXPRESSIBLE[cases.index((condition, true, false))], data)

    agree()


def test_well_formed_values_follow_the_submission_contract() -> None:
    date = python_validator(well_formed(m.DateField(name="d", type="date", label=m.Text())) or {})
    assert date.is_valid("2024-02-29") and not date.is_valid("2023-02-29") and not date.is_valid("0000-01-01")
    integer = python_validator(well_formed(m.IntegerField(name="i", type="integer", label=m.Text())) or {})
    assert integer.is_valid(3.0) and not integer.is_valid(True) and not integer.is_valid(2**53)
    assert well_formed(m.DateTimeField(name="t", type="datetime", label=m.Text())) is None


# -- every field type, beyond the example specs ---------------------------------------------------

EVERY_TYPE = f"""\
types:
  place:
    fields:
      postal_code: {{type: postal_code, country: LI, required: true, {L}}}
      town: {{type: text, required: true, max_length: 20, {L}}}
options:
  kinds: {{a: {{de: A, fr: A}}, b: {{de: B, fr: B}}, c: {{de: C, fr: C}}, d: {{de: D, fr: D}}, e: {{de: E, fr: E}}, f: {{de: F, fr: F}}}}
fields:
  code: {{type: text, pattern: "[A-Z]{{2}}-[0-9]{{3,5}}", min_length: 6, required: true, {L}}}
  note: {{type: text, multiline: true, min_length: 0, max_length: 5, {L}}}
  count: {{type: integer, min: -5, max: 5, default: 0, {L}}}
  ratio: {{type: decimal, scale: 3, min: -1, max: 1, {L}}}
  whole: {{type: decimal, scale: 0, {L}}}
  price: {{type: money, currency: EUR, min: 0.05, {L}}}
  moment: {{type: datetime, min: "2026-01-01T00:00", {L}}}
  hour: {{type: time, max: "12:00", {L}}}
  born: {{type: date, max: "2026-05-01", {L}}}
  kind: {{type: choice, options: kinds, widget: radio, required: true, {L}}}
  kinds: {{type: multichoice, options: kinds, min_items: 1, max_items: 3, {L}}}
  mail: {{type: email, max_length: 40, required: "kind == 'a'", {L}}}
  phone: {{type: phone, visible_if: "kind in ['a', 'b']", {L}}}
  iban: {{type: iban, countries: [CH, LI], visible_if: "count >= 2 or not is_set(count)", {L}}}
  ahv: {{type: ahv_number, required: "is_set(iban)", visible_if: "price > 10", {L}}}
  uid: {{type: uid, visible_if: "'c' in kinds", {L}}}
  home: {{type: place, required: true, {L}}}
  scan: {{type: file, media_types: [image/*, application/pdf], max_size: 1000, {L}}}
  days: {{type: list, max_items: 3, item: {{type: date, {L}}}, {L}}}
  places: {{type: list, min_items: 1, max_items: 2, item: {{type: place, {L}}}, {L}}}
  people:
    type: list
    max_items: 2
    {L}
    fields:
      name: {{type: text, required: true, {L}}}
      kind: {{type: choice, options: kinds, {L}}}
      why: {{type: text, visible_if: "item.kind == 'f'", required: "item.kind == 'f'", {L}}}
      pets:
        type: list
        {L}
        fields:
          pet: {{type: text, required: true, {L}}}
          chip: {{type: text, pattern: "[0-9]{{15}}", required: "kind == 'b'", {L}}}
"""


def test_every_field_type_passes_ajv_python_rjsf_and_json_forms(node: Path, specs: SpecFolder, tmp_path: Path) -> None:
    service = _service(specs, EVERY_TYPE)
    files = outputs(service)
    Draft202012Validator.check_schema(files["schema.json"])
    properties = files["schema.json"]["properties"]
    assert properties["ahv"]["x-svcdef-visible-if"] == "price > 10"
    assert properties["ahv"]["x-svcdef-required-if"] == "is_set(iban)"
    assert (
        properties["scan"]["properties"]["media_type"]["pattern"] == r"^(?:image\/[\s\S]*|application\/pdf)(?![\s\S])"
    )
    assert properties["places"]["items"]["required"] == ["postal_code", "town"]
    assert_same_verdicts(service, tmp_path, 200)
    with NodeScript("render.mjs") as renderer:
        assert_renders(renderer, service)
    assert _scopes(files["ui/jsonforms.json"], files["schema.json"])
    for where, order, names in _orders(files["ui/rjsf.json"], files["schema.json"], service.id):
        assert order == names, where
