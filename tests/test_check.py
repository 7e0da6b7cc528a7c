"""Every checker diagnostic, fed an inline spec, reports its code at the exact line and column."""

from __future__ import annotations

from conftest import HEADER, SpecFolder, position

from svcdef.check import Workspace, check_file, check_paths

FIELD = "label: {de: X, fr: X}"


def test_a_clean_spec_has_no_diagnostics(specs: SpecFolder) -> None:
    assert (
        specs.check(f"""\
        fields:
          name: {{type: text, required: true, max_length: 10, {FIELD}}}
        """)
        == []
    )


def test_unknown_key_with_suggestion(specs: SpecFolder) -> None:
    body = f"""\
        fields:
          name: {{type: text, requird: true, {FIELD}}}
        """
    [d] = specs.check(body)
    assert (d.code, d.span.line, d.span.col) == ("E0101", *position(body, "requird"))
    assert d.message == "unknown key 'requird' in field 'name'"
    assert d.hint == "did you mean 'required'?"


def test_key_of_another_field_type(specs: SpecFolder) -> None:
    body = f"""\
        fields:
          age: {{type: integer, max_length: 3, {FIELD}}}
        """
    [d] = specs.check(body)
    assert (d.code, d.span.line, d.span.col) == ("E0107", *position(body, "max_length"))
    assert "integer" in d.message and "text" in (d.hint or "")


def test_missing_key(specs: SpecFolder) -> None:
    body = """\
        fields:
          name: {type: text}
        """
    [d] = specs.check(body)
    assert (d.code, d.span.line, d.span.col) == ("E0102", *position(body, "name"))
    assert d.message == "field 'name' needs the key 'label'"


def test_missing_svcdef_version(specs: SpecFolder) -> None:
    body = HEADER.replace('svcdef: "1"\n', "") + f"fields:\n  a: {{type: text, {FIELD}}}\n"
    assert specs.codes(body, header=False) == [("E0102", 1, 1)]


def test_unsupported_version(specs: SpecFolder) -> None:
    body = HEADER.replace('svcdef: "1"', 'svcdef: "2"') + f"fields:\n  a: {{type: text, {FIELD}}}\n"
    assert specs.codes(body, header=False) == [("E0105", 1, 9)]


def test_wrong_kind_of_value(specs: SpecFolder) -> None:
    body = f"""\
        fields:
          name: {{type: text, required: yes, {FIELD}}}
        """
    [d] = specs.check(body)
    assert (d.code, d.span.line, d.span.col) == ("E0103", *position(body, "yes"))
    assert d.hint == "write true or false"


def test_value_not_allowed(specs: SpecFolder) -> None:
    body = f"""\
        fields:
          zip: {{type: postal_code, country: CHE, {FIELD}}}
        """
    [d] = specs.check(body)
    assert (d.code, d.span.line, d.span.col) == ("E0104", *position(body, "CHE"))
    assert d.hint == "did you mean 'CH'?"


def test_time_zone_must_be_an_iana_name(specs: SpecFolder) -> None:
    """Regression: any text was taken, and the generated code then failed on its first default day."""
    fields = f"fields:\n  a: {{type: text, {FIELD}}}\n"
    for zone, hint in [
        ("Europe/Zurik", "did you mean 'Europe/Zurich'?"),
        ("Mars/Olympus", "write e.g. Europe/Zurich or Europe/Berlin"),
        ("localtime", "write e.g. Europe/Zurich or Europe/Berlin"),
    ]:
        text = HEADER.replace("  currency: CHF\n", f"  currency: CHF\n  timezone: {zone}\n") + fields
        [d] = specs.check(text, header=False)
        assert (d.code, d.span.line, d.span.col) == ("E0104", *position(text, zone, header=False))
        assert (d.message, d.hint) == (f"'{zone}' is not an IANA time zone", hint)
    zoned = HEADER.replace("  currency: CHF\n", "  currency: CHF\n  timezone: America/New_York\n")
    assert specs.check(zoned + fields, header=False) == []


def test_unknown_field_type(specs: SpecFolder) -> None:
    body = f"""\
        fields:
          born: {{type: dat, {FIELD}}}
        """
    [d] = specs.check(body)
    assert (d.code, d.span.line, d.span.col) == ("E0106", *position(body, "dat,"))
    assert d.hint == "did you mean 'date'?"


def test_invalid_and_reserved_names(specs: SpecFolder) -> None:
    body = f"""\
        fields:
          BirthDate: {{type: date, {FIELD}}}
          class: {{type: text, {FIELD}}}
          item: {{type: text, {FIELD}}}
        """
    diagnostics = specs.check(body)
    assert [(d.code, d.span.line, d.span.col) for d in diagnostics] == [
        ("E0201", *position(body, "BirthDate")),
        ("E0202", *position(body, "class")),
        ("E0202", *position(body, "item")),
    ]
    assert diagnostics[0].hint == "for example 'birthdate'"
    assert "Python" in diagnostics[1].message
    assert "expressions" in diagnostics[2].message


def test_duplicate_names(specs: SpecFolder) -> None:
    body = f"""\
        fields:
          a: {{type: text, {FIELD}}}
        validations:
          - {{id: rule_one, rule: "true", message: {{de: X, fr: X}}}}
          - {{id: rule_one, rule: "true", message: {{de: X, fr: X}}}}
        """
    [d] = specs.check(body)
    assert (d.code, d.span.line, d.span.col) == ("E0203", *position(body, "rule_one", occurrence=2))


def test_unknown_option_list(specs: SpecFolder) -> None:
    body = f"""\
        options:
          payment: {{invoice: {{de: Rechnung, fr: Facture}}}}
        fields:
          pay: {{type: choice, options: paymnet, {FIELD}}}
        """
    unused, d = specs.check(body)
    assert (unused.code, d.code, d.span.line, d.span.col) == ("W0202", "E0204", *position(body, "paymnet"))
    assert d.hint == "did you mean 'payment'?"


def test_cyclic_type(specs: SpecFolder) -> None:
    body = f"""\
        types:
          person:
            fields:
              partner: {{type: person, {FIELD}}}
        fields:
          holder: {{type: person, {FIELD}}}
        """
    [d] = specs.check(body)
    assert (d.code, d.span.line, d.span.col) == ("E0205", *position(body, "person,"))
    assert "person -> person" in d.message


def test_missing_import(specs: SpecFolder) -> None:
    body = f"""\
        imports: [lib/nothing.yaml]
        fields:
          a: {{type: text, {FIELD}}}
        """
    [d] = specs.check(body)
    assert (d.code, d.span.line, d.span.col) == ("E0206", *position(body, "lib/nothing.yaml"))


LIBRARY = """\
svcdef: "1"
library: {{id: {id}, version: 1.0.0, languages: [de, fr]}}
imports: [{imports}]
types:
  {type}:
    fields:
      street: {{type: text, label: {{de: Strasse, fr: Rue}}}}
"""


def test_import_cycle(specs: SpecFolder) -> None:
    specs.write("a.yaml", LIBRARY.format(id="lib-a", imports="b.yaml", type="a_type"))
    specs.write("b.yaml", LIBRARY.format(id="lib-b", imports="a.yaml", type="b_type"))
    _, diagnostics = check_file(str(specs.root / "a.yaml"), Workspace())
    assert [(d.code, d.span.line, d.span.col) for d in diagnostics] == [("E0207", 3, 11)]
    assert "a.yaml -> " in diagnostics[0].message


def test_importing_a_service_spec(specs: SpecFolder) -> None:
    specs.write("other.yaml", HEADER + f"fields:\n  a: {{type: text, {FIELD}}}\n")
    body = f"""\
        imports: [other.yaml]
        fields:
          a: {{type: text, {FIELD}}}
        """
    assert specs.codes(body) == [("E0208", *position(body, "other.yaml"))]


def test_imported_library_types_resolve(specs: SpecFolder) -> None:
    specs.write("lib/address.yaml", LIBRARY.format(id="address", imports="", type="address"))
    body = f"""\
        imports: [lib/address.yaml]
        fields:
          home: {{type: address, {FIELD}}}
        """
    assert specs.check(body) == []
    services, diagnostics = check_paths([str(specs.root / "spec.yaml")])
    assert diagnostics == []
    [home] = services[0].fields
    assert home.type == "group" and [f.name for f in home.fields] == ["street"]  # type: ignore[attr-defined]


def test_library_missing_a_language_of_the_service(specs: SpecFolder) -> None:
    specs.write(
        "lib.yaml",
        LIBRARY.format(id="address", imports="", type="address").replace("[de, fr]", "[de]").replace(", fr: Rue", ""),
    )
    body = f"""\
        imports: [lib.yaml]
        fields:
          home: {{type: address, {FIELD}}}
        """
    [d] = specs.check(body)
    assert (d.code, d.span.line, d.span.col) == ("E0209", *position(body, "lib.yaml"))
    assert d.message == "library 'address' has no texts in: fr"


def test_missing_translation_and_undeclared_language(specs: SpecFolder) -> None:
    body = """\
        fields:
          a: {type: text, label: {de: Name}}
          b: {type: text, label: {de: Name, fr: Nom, it: Nome}}
          c: {type: text, label: Name}
        """
    diagnostics = specs.check(body)
    assert [(d.code, d.span.line, d.span.col) for d in diagnostics] == [
        ("E0209", *position(body, "{de: Name}")),
        ("W0201", *position(body, "{de: Name, fr")),
        ("E0209", *position(body, "Name}", occurrence=2)),
    ]
    assert diagnostics[0].message == "missing translation: fr"


def test_invalid_language_code(specs: SpecFolder) -> None:
    body = HEADER.replace("[de, fr]", "[de, french]") + "fields:\n  a: {type: text, label: {de: X, french: X}}\n"
    diagnostics = specs.check(body, header=False)
    assert ("E0210", 5, 14) in [(d.code, d.span.line, d.span.col) for d in diagnostics]


def test_invalid_version_and_service_id(specs: SpecFolder) -> None:
    body = (
        HEADER.replace("1.0.0", "1.0").replace("test-service", "Test_Service")
        + f"fields:\n  a: {{type: text, {FIELD}}}\n"
    )
    assert specs.codes(body, header=False) == [("E0212", 3, 7), ("E0211", 4, 12)]


def test_unknown_option_in_default(specs: SpecFolder) -> None:
    body = f"""\
        fields:
          pay:
            type: choice
            options: {{invoice: {{de: Rechnung, fr: Facture}}}}
            default: invoce
            {FIELD}
        """
    [d] = specs.check(body)
    assert (d.code, d.span.line, d.span.col) == ("E0213", *position(body, "invoce"))
    assert d.hint == "did you mean 'invoice'?"


def test_inconsistent_bounds(specs: SpecFolder) -> None:
    body = f"""\
        fields:
          a: {{type: text, min_length: 5, max_length: 2, {FIELD}}}
          b: {{type: integer, min: 10, max: 1, {FIELD}}}
          c: {{type: date, min: "2026-01-01", max: "2025-01-01", {FIELD}}}
          d: {{type: list, min_items: 3, max_items: 1, fields: {{x: {{type: text, {FIELD}}}}}, {FIELD}}}
        """
    assert specs.codes(body) == [
        ("E0301", *position(body, "2,")),
        ("E0301", *position(body, "1,")),
        ("E0301", *position(body, '"2025-01-01"')),
        ("E0301", *position(body, "1, fields")),
    ]


def test_default_violating_constraints(specs: SpecFolder) -> None:
    body = f"""\
        fields:
          a: {{type: integer, min: 1, max: 5, default: 9, {FIELD}}}
          b: {{type: text, max_length: 2, default: abc, {FIELD}}}
        """
    assert specs.codes(body) == [("E0302", *position(body, "9")), ("E0302", *position(body, "abc"))]


def test_invalid_dates_and_numbers(specs: SpecFolder) -> None:
    body = f"""\
        fields:
          a: {{type: date, min: "2026-02-30", {FIELD}}}
          b: {{type: time, max: "25:00", {FIELD}}}
          c: {{type: decimal, scale: 1, max: 1.25, {FIELD}}}
          d: {{type: integer, max: 1.5, {FIELD}}}
        """
    assert specs.codes(body) == [
        ("E0306", *position(body, '"2026-02-30"')),
        ("E0306", *position(body, '"25:00"')),
        ("E0307", *position(body, "1.25")),
        ("E0307", *position(body, "1.5")),
    ]


def test_values_out_of_range(specs: SpecFolder) -> None:
    body = f"""\
        fields:
          a: {{type: text, max_length: 0, {FIELD}}}
          b: {{type: decimal, scale: 20, {FIELD}}}
          c: {{type: file, media_types: [application/pdf], max_size: -1, {FIELD}}}
        """
    assert specs.codes(body) == [
        ("E0308", *position(body, "0,")),
        ("E0308", *position(body, "20")),
        ("E0308", *position(body, "-1")),
    ]


def test_invalid_media_type(specs: SpecFolder) -> None:
    body = f"""\
        fields:
          a: {{type: file, media_types: [pdf], {FIELD}}}
        """
    assert specs.codes(body) == [("E0309", *position(body, "[pdf]"))]


def test_empty_option_list(specs: SpecFolder) -> None:
    body = f"""\
        options:
          nothing: {{}}
        fields:
          a: {{type: choice, options: nothing, {FIELD}}}
        """
    assert specs.codes(body) == [("E0310", *position(body, "nothing"))]


def test_unused_option_list_and_type_are_warnings(specs: SpecFolder) -> None:
    body = f"""\
        options:
          spare: {{x: {{de: X, fr: X}}}}
        types:
          extra:
            fields: {{a: {{type: text, {FIELD}}}}}
        fields:
          a: {{type: text, {FIELD}}}
        """
    assert specs.codes(body) == [("W0202", *position(body, "spare")), ("W0203", *position(body, "extra"))]


def test_money_needs_a_currency(specs: SpecFolder) -> None:
    body = HEADER.replace("  currency: CHF\n", "") + f"fields:\n  fee: {{type: money, {FIELD}}}\n"
    assert specs.codes(body, header=False) == [("E0102", 9, 3)]


def test_all_problems_of_all_files_in_one_run_sorted(specs: SpecFolder) -> None:
    specs.write("b.yaml", HEADER + "fields:\n  x: {type: txt, label: {de: X, fr: X}}\n")
    specs.write("a.yaml", HEADER + "fields:\n  Y: {type: text, label: {de: X}}\n")
    _, diagnostics = check_paths([str(specs.root)])
    assert [(d.span.file.rsplit("/", 1)[-1], d.code, d.span.line) for d in diagnostics] == [
        ("a.yaml", "E0201", 10),
        ("a.yaml", "E0209", 10),
        ("b.yaml", "E0106", 10),
    ]


def test_pattern_problems_point_inside_the_pattern(specs: SpecFolder) -> None:
    body = f"""\
        fields:
          a: {{type: text, pattern: "[0-9", {FIELD}}}
          b: {{type: text, pattern: 'x(?=y)', {FIELD}}}
          c:
            type: text
            pattern: "^(\\\\d+)+$"
            {FIELD}
        """
    diagnostics = specs.check(body)
    assert [(d.code, d.span.line, d.span.col) for d in diagnostics] == [
        ("E0303", *position(body, "[0-9")),
        ("E0304", *position(body, "(?=")),
        ("E0305", *position(body, "(\\\\d+)+")),
    ]
    assert "lookahead" in diagnostics[1].message


def test_list_item_field_is_read_by_its_type(specs: SpecFolder) -> None:
    """Regression: `item:` (an optional field) was read as the first field class, text, whatever its type."""
    body = f"""\
        fields:
          numbers:
            type: list
            {FIELD}
            item: {{type: integer, min: 0, {FIELD}}}
          bad:
            type: list
            {FIELD}
            item: {{type: integer, min_length: 0, {FIELD}}}
        """
    (d,) = specs.check(body)
    assert (d.code, d.span.line, d.span.col) == ("E0107", *position(body, "min_length"))
    assert d.message == "'min_length' does not apply to a field of type integer"
