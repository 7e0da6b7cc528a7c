"""Decision tables in the checker: cells read by column type, table calls typed, gaps, overlaps, unused rows, periods.

Every diagnostic is asserted with its code, line and column (found in the
inline spec by a needle) and its message text.
"""

from __future__ import annotations

from conftest import SpecFolder, position

from svcdef.diagnostics import Diagnostic

L = "label: {de: X, fr: X}"
FIELDS = f"""\
fields:
  income: {{type: money, {L}}}
  kind: {{type: choice, options: {{car: {{de: A, fr: A}}, van: {{de: L, fr: L}}, bike: {{de: M, fr: M}}}}, {L}}}
  n: {{type: integer, {L}}}
  note: {{type: text, {L}}}
  day: {{type: date, {L}}}
"""


def spec(tables: str, items: str = '    - {id: a, label: {de: A, fr: A}, amount: "rate(income)"}\n') -> str:
    return FIELDS + "fees:\n  tables:\n" + tables + "  items:\n" + items


RATE = """\
    rate:
      inputs: {income: {type: money, min: 0}}
      outputs: {rate: {type: money}}
      rows:
        - {income: "[0, 40000)", rate: 20}
        - {income: "[40000, 60000)", rate: 40}
        - {income: ">= 60000", rate: 60}
"""


def found(specs: SpecFolder, body: str) -> list[Diagnostic]:
    return specs.check(body)


def where(d: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return [(x.code, x.span.line, x.span.col) for x in d]


def test_a_complete_table_checks_cleanly(specs: SpecFolder) -> None:
    assert found(specs, spec(RATE)) == []


# -- cells ---------------------------------------------------------------------------------------------


def test_range_not_closed(specs: SpecFolder) -> None:
    body = spec(RATE.replace('"[40000, 60000)"', '"[40000, 60000"'))
    d = found(specs, body)
    line, col = position(body, "[40000, 60000")
    assert where(d) == [("E0501", line, col + len("[40000, 6000"))]
    assert d[0].message == (
        "range '[40000, 60000' is not closed: end it with ']' (bound included) or ')' (bound excluded)"
    )


def test_range_needs_two_bounds(specs: SpecFolder) -> None:
    body = spec(RATE.replace('"[40000, 60000)"', '"[40000 60000)"'))
    d = found(specs, body)
    assert where(d) == [("E0501", *position(body, '"[40000 60000)"'))]
    assert d[0].message == "range '[40000 60000)' needs two bounds separated by one comma"


def test_empty_range(specs: SpecFolder) -> None:
    body = spec(RATE.replace('"[40000, 60000)"', '"[40000, 40000)"'))
    d = found(specs, body)
    assert ("E0501", *position(body, '"[40000, 40000)"')) in where(d)
    assert "range '[40000, 40000)' is empty: no value lies in it" in [x.message for x in d]


def test_comparison_without_value(specs: SpecFolder) -> None:
    body = spec(RATE.replace('">= 60000"', '">="'))
    d = found(specs, body)
    assert where(d) == [("E0501", *position(body, '">="'))]
    assert d[0].message == "'>=' needs a value after '>='"


def test_empty_input_cell(specs: SpecFolder) -> None:
    body = spec(RATE.replace('{income: ">= 60000", rate: 60}', "{income: null, rate: 60}"))
    d = found(specs, body)
    assert where(d) == [("E0501", *position(body, "null"))]
    assert d[0].message == "empty cell for income"
    assert d[0].hint == "write any to match every value"


def test_text_column_has_no_ranges(specs: SpecFolder) -> None:
    body = spec(
        """\
    rate:
      inputs: {note: {type: text}}
      outputs: {rate: {type: money}}
      rows:
        - {note: "[a, b)", rate: 1}
        - {note: any, rate: 2}
""",
        '    - {id: a, label: {de: A, fr: A}, amount: "rate(note)"}\n',
    )
    d = found(specs, body)
    assert ("E0501", *position(body, '"[a, b)"')) in where(d)
    assert d[0].message == "'[a, b)' is not a value: text columns have no ranges (note is text)"


def test_bound_of_the_wrong_type_is_pointed_at(specs: SpecFolder) -> None:
    body = spec(RATE.replace('"[40000, 60000)"', '"[40000, 6OOOO)"'))
    d = found(specs, body)
    assert where(d) == [("E0502", *position(body, "6OOOO"))]
    assert d[0].message == "'6OOOO' is not a number (income is money)"


def test_money_output_with_more_than_cents(specs: SpecFolder) -> None:
    body = spec(RATE.replace("rate: 40}", "rate: 40.125}"))
    d = found(specs, body)
    assert where(d) == [("E0502", *position(body, "40.125"))]
    assert d[0].message == "'40.125' has more than 2 decimal places: amounts in CHF are whole cents"


def test_integer_and_boolean_and_date_cells(specs: SpecFolder) -> None:
    body = spec(
        """\
    t:
      inputs: {n: {type: integer}, ok: {type: boolean}, day: {type: date}}
      outputs: {rate: {type: money}}
      rows:
        - {n: 2.5, ok: yes, day: "2026-02-30", rate: 1}
""",
        '    - {id: a, label: {de: A, fr: A}, amount: "t(n, true, day)"}\n',
    )
    d = found(specs, body)
    assert where(d) == [
        ("E0502", *position(body, "2.5")),
        ("E0502", *position(body, "yes")),
        ("E0502", *position(body, '"2026-02-30"')),
    ]
    assert [x.message for x in d] == [
        "'2.5' is not a whole number (n is integer)",
        "'yes' is not true or false (ok is boolean)",
        "'2026-02-30' is not a date (day): write YYYY-MM-DD",
    ]


def test_output_needs_a_value(specs: SpecFolder) -> None:
    body = spec(RATE.replace("rate: 40}", "rate: any}").replace("rate: 60}", "rate: [1, 2]}"))
    d = found(specs, body)
    assert where(d) == [("E0502", *position(body, "any}")), ("E0502", *position(body, "[1, 2]"))]
    assert [x.message for x in d] == [
        "output 'rate' needs a value, not a condition",
        "output 'rate' takes one value, not a list",
    ]


def test_list_cell_with_a_mapping_inside(specs: SpecFolder) -> None:
    body = spec(RATE.replace('"[0, 40000)"', "[{a: 1}]"))
    d = found(specs, body)
    assert ("E0103", *position(body, "{a: 1}")) in where(d)


# -- rows and columns -----------------------------------------------------------------------------------


def test_unknown_and_missing_cells(specs: SpecFolder) -> None:
    body = spec(RATE.replace('{income: "[40000, 60000)", rate: 40}', '{incom: "[40000, 60000)", rate: 40}'))
    d = found(specs, body)
    assert where(d) == [
        ("E0503", *position(body, '{incom: "[40000')),
        ("E0503", *position(body, '"[40000, 60000)"')),
    ]
    assert [x.message for x in d] == [
        "row 2 of 'rate' has no cell for input 'income'",
        "row 2 of 'rate' has a cell for 'incom', which is not a column",
    ]
    assert d[1].hint == "did you mean 'income'?"


def test_missing_output_and_min_on_a_text_column(specs: SpecFolder) -> None:
    body = spec(
        """\
    rate:
      inputs: {note: {type: text, min: 1}}
      outputs: {rate: {type: money}}
      rows:
        - {note: any}
""",
        '    - {id: a, label: {de: A, fr: A}, amount: "rate(note)"}\n',
    )
    d = found(specs, body)
    assert where(d) == [("E0503", *position(body, "1}}")), ("E0503", *position(body, "{note: any}"))]
    assert [x.message for x in d] == [
        "'min' applies only to input columns of numbers, not to input 'note' (text)",
        "row 1 of 'rate' has no value for output 'rate'",
    ]


def test_column_bounds_and_item_caps_in_order(specs: SpecFolder) -> None:
    body = spec(
        RATE.replace("min: 0}", "min: 10, max: 5}"),
        '    - {id: a, label: {de: A, fr: A}, amount: "rate(income)", min: 9, max: 2.005}\n',
    )
    d = found(specs, body)
    assert [x.code for x in d] == ["E0301", "E0506", "E0506", "E0506", "E0301", "E0307"]
    assert d[0].message == "'min' 10 of column 'income' is above its 'max' 5"
    assert (d[4].span.line, d[4].span.col) == position(body, "9, max")
    assert d[4].message == "'min' 9 of item 'a' is above its 'max' 2.005"
    assert d[5].message == "'max' of item 'a' must be an amount in CHF with at most 2 decimal places, not 2.005"


def test_rounding_step_must_be_positive(specs: SpecFolder) -> None:
    body = spec(RATE).replace("fees:\n", 'fees:\n  rounding: {step: "0", mode: half_up}\n')
    d = found(specs, body)
    assert where(d) == [("E0308", *position(body, '"0"'))]
    assert d[0].message == "rounding step must be above zero, not 0"


def test_lookup_name_must_be_a_name(specs: SpecFolder) -> None:
    body = spec(RATE.replace("    rate:\n", "    rate:\n      lookup: Rate-Table\n"))
    d = found(specs, body)
    assert ("E0201", *position(body, "Rate-Table")) in where(d)


# -- table calls ----------------------------------------------------------------------------------------


def test_wrong_argument_type_points_at_the_argument(specs: SpecFolder) -> None:
    body = spec(RATE, '    - {id: a, label: {de: A, fr: A}, amount: "rate(day) * 2"}\n')
    d = found(specs, body)
    assert where(d) == [("E0417", *position(body, 'day) * 2"'))]
    assert d[0].message == "argument 1 of rate() is the column 'income' of type money (CHF), not date"
    assert d[0].hint == "write rate(income)"


def test_wrong_number_of_arguments(specs: SpecFolder) -> None:
    body = spec(RATE, '    - {id: a, label: {de: A, fr: A}, amount: "rate(income, n)"}\n')
    d = found(specs, body)
    assert where(d) == [("E0416", *position(body, 'n)"'))]
    assert d[0].message == "rate() takes 1 argument (income), not 2"


def test_result_has_the_output_type(specs: SpecFolder) -> None:
    body = spec(RATE, '    - {id: a, label: {de: A, fr: A}, amount: "1", when: "rate(income)"}\n')
    d = found(specs, body)
    assert where(d) == [("E0421", *position(body, 'rate(income)"}'))]
    assert d[0].message == "expected boolean, but the expression is money (CHF)"


def test_tables_are_not_looked_up_in_rules(specs: SpecFolder) -> None:
    body = spec(RATE) + 'validations:\n  - {id: r, rule: "rate(income) > 0", message: {de: X, fr: X}}\n'
    d = found(specs, body)
    assert where(d) == [("E0512", *position(body, 'rate(income) > 0"'))]
    assert d[0].message == (
        "table function 'rate' cannot be looked up here: tables are looked up in computed values and fee items"
    )


def test_computed_values_look_tables_up(specs: SpecFolder) -> None:
    body = spec(RATE) + 'computed:\n  r: {value: "rate(income)", type: money}\n'
    assert found(specs, body) == []


def test_cell_that_is_no_option_of_the_choice_looked_up(specs: SpecFolder) -> None:
    body = spec(
        """\
    price:
      inputs: {kind: {type: text}}
      outputs: {price: {type: money}}
      rows:
        - {kind: [car, vna], price: 40}
        - {kind: bike, price: 20}
""",
        '    - {id: a, label: {de: A, fr: A}, amount: "price(kind)"}\n',
    )
    d = found(specs, body)
    assert where(d) == [("E0213", *position(body, "[car, vna]"))]
    assert d[0].message == "'vna' is not an option of the choices looked up in column 'kind'"
    assert d[0].hint == "did you mean 'van'?"


def test_table_function_named_like_a_built_in(specs: SpecFolder) -> None:
    body = spec(RATE.replace("    rate:\n", "    sum:\n"), '    - {id: a, label: {de: A, fr: A}, amount: "1"}\n')
    d = found(specs, body)
    assert where(d) == [("E0510", *position(body, "sum:"))]
    assert d[0].message == "table function 'sum' has the name of a built-in function"


def test_table_functions_defined_twice(specs: SpecFolder) -> None:
    body = spec(
        RATE.replace("outputs: {rate: {type: money}}", "outputs: {fee: {type: money}, deposit: {type: money}}")
        .replace("rate: 20}", "fee: 20, deposit: 0}")
        .replace("rate: 40}", "fee: 40, deposit: 0}")
        .replace("rate: 60}", "fee: 60, deposit: 0}")
        + RATE.replace("    rate:\n", "    rate_fee:\n"),
        '    - {id: a, label: {de: A, fr: A}, amount: "rate_fee(income) + rate_deposit(income)"}\n',
    )
    d = found(specs, body)
    assert where(d) == [("E0510", *position(body, "rate_fee:"))]
    assert d[0].message == "table function 'rate_fee' is defined twice: by 'rate' and by 'rate_fee'"


def test_collect_sum_needs_number_outputs(specs: SpecFolder) -> None:
    body = spec(
        """\
    t:
      hit_policy: collect_sum
      inputs: {n: {type: integer}}
      outputs: {code: {type: text}}
      rows:
        - {n: any, code: x}
""",
        '    - {id: a, label: {de: A, fr: A}, amount: "1", when: "t(n) == \'x\'"}\n',
    )
    d = found(specs, body)
    assert where(d) == [("E0511", *position(body, "code: {type: text}"))]
    assert d[0].message == ("output 'code' of 't' is text, but collect_sum adds the outputs of every matching row")


# -- analysis -------------------------------------------------------------------------------------------


def test_gap_between_brackets_points_at_the_row_below(specs: SpecFolder) -> None:
    body = spec(RATE.replace('"[0, 40000)"', '"[0, 39999.99]"'))
    d = found(specs, body)
    assert where(d) == [("E0504", *position(body, '"[0, 39999.99]"'))]
    assert d[0].message == "income 39,999.99 to 40,000.00 (both excluded) is covered by no row of 'rate'"


def test_gap_of_whole_cents(specs: SpecFolder) -> None:
    body = spec(RATE.replace('"[40000, 60000)"', '"[40000, 60000)"').replace('">= 60000"', '"> 60000.01"'))
    d = found(specs, body)
    assert where(d) == [("E0504", *position(body, '"[40000, 60000)"'))]
    assert d[0].message == "income 60,000.00 to 60,000.01 is covered by no row of 'rate'"


def test_gap_at_the_ends_of_the_domain(specs: SpecFolder) -> None:
    body = spec(RATE.replace("min: 0", "max: 100000").replace('">= 60000"', '"[60000, 90000]"'))
    d = found(specs, body)
    assert where(d) == [
        ("E0504", *position(body, '"[0, 40000)"')),
        ("E0504", *position(body, '"[60000, 90000]"')),
    ]
    assert [x.message for x in d] == [
        "income below 0.00 is covered by no row of 'rate'",
        "income 90,000.00 to 100,000.00 (90,000.00 excluded) is covered by no row of 'rate'",
    ]


def test_gap_over_two_inputs(specs: SpecFolder) -> None:
    body = spec(
        """\
    price:
      inputs: {kind: {type: text}, n: {type: integer, min: 1}}
      outputs: {price: {type: money}}
      rows:
        - {kind: [car, van], n: any, price: 40}
        - {kind: bike, n: "[1, 3]", price: 20}
""",
        '    - {id: a, label: {de: A, fr: A}, amount: "price(kind, n)"}\n',
    )
    d = found(specs, body)
    assert where(d) == [("E0504", *position(body, '"[1, 3]"'))]
    assert d[0].message == "kind 'bike', n from 4 is covered by no row of 'price'"


def test_free_text_needs_a_row_for_other_texts(specs: SpecFolder) -> None:
    body = spec(
        """\
    price:
      inputs: {note: {type: text}}
      outputs: {price: {type: money}}
      rows:
        - {note: a, price: 40}
        - {note: "'any'", price: 20}
""",
        '    - {id: a, label: {de: A, fr: A}, amount: "price(note)"}\n',
    )
    d = found(specs, body)
    assert where(d) == [("E0504", *position(body, "- {note: a"))]
    assert d[0].message == "note other than 'a', 'any' is covered by no row of 'price'"


def test_table_without_rows(specs: SpecFolder) -> None:
    body = spec(RATE.split("      rows:")[0] + "      rows: []\n")
    d = found(specs, body)
    assert where(d) == [("E0504", *position(body, "[]"))]
    assert d[0].message == "table 'rate' has no rows"


def test_overlap_under_unique(specs: SpecFolder) -> None:
    body = spec(RATE.replace('"[0, 40000)"', '"[0, 45000]"').replace('"[40000, 60000)"', '"[45000, 60000)"'))
    d = found(specs, body)
    assert where(d) == [("E0505", *position(body, '{income: "[45000'))]
    assert d[0].message == "rows 1 and 2 of 'rate' overlap for income 45,000.00"


def test_overlap_of_ranges(specs: SpecFolder) -> None:
    body = spec(RATE.replace('"[40000, 60000)"', '"[30000, 60000)"'))
    d = found(specs, body)
    assert where(d) == [("E0505", *position(body, '{income: "[30000'))]
    assert d[0].message == "rows 1 and 2 of 'rate' overlap for income 30,000.00 to 40,000.00 (40,000.00 excluded)"


def test_first_allows_overlaps_but_reports_hidden_rows(specs: SpecFolder) -> None:
    body = spec(
        RATE.replace("    rate:\n", "    rate:\n      hit_policy: first\n").replace(
            '        - {income: ">= 60000", rate: 60}\n',
            '        - {income: ">= 30000", rate: 60}\n        - {income: "[55000, 65000]", rate: 50}\n',
        )
    )
    d = found(specs, body)
    assert where(d) == [("E0506", *position(body, '{income: "[55000'))]
    assert d[0].message == "row 4 of 'rate' is never used: rows 2 and 3 before it match every input it matches"


def test_row_outside_the_domain(specs: SpecFolder) -> None:
    body = spec(
        RATE.replace(
            '        - {income: "[0, 40000)", rate: 20}\n',
            '        - {income: "[0, 40000)", rate: 20}\n        - {income: "< 0", rate: 0}\n',
        )
    )
    d = found(specs, body)
    assert where(d) == [("E0506", *position(body, '{income: "< 0"'))]
    assert d[0].message == "row 2 of 'rate' matches no input within the columns' min and max"


def test_too_large_to_analyse(specs: SpecFolder) -> None:
    rows = "".join(
        f'        - {{a: "[{i * 10}, {i * 10 + 5}]", b: "[{i * 10}, {i * 10 + 5}]", c: "[{i * 10}, {i * 10 + 5}]", r: 1}}\n'
        for i in range(60)
    )
    table = "    big:\n      hit_policy: first\n      inputs: {a: {type: integer}, b: {type: integer}, c: {type: integer}}\n"
    table += "      outputs: {r: {type: integer}}\n      rows:\n" + rows
    body = spec(table, '    - {id: a, label: {de: A, fr: A}, amount: "big(n, n, n)"}\n')
    d = found(specs, body)
    assert where(d) == [("W0501", *position(body, "big:"))]
    assert d[0].message == (
        "table 'big' splits its inputs into 13,997,521 combinations; it is not checked for gaps, overlaps and unused rows"
    )


# -- dated versions -------------------------------------------------------------------------------------


VERSIONS = RATE.replace(
    "    rate:\n", '    rate_2026:\n      lookup: rate\n      valid_until: "2026-12-31"\n'
) + RATE.replace("    rate:\n", '    rate_2027:\n      lookup: rate\n      valid_from: "2027-01-01"\n')


def test_versions_that_meet_check_cleanly(specs: SpecFolder) -> None:
    assert found(specs, spec(VERSIONS)) == []


def test_versions_that_overlap(specs: SpecFolder) -> None:
    body = spec(VERSIONS.replace('valid_from: "2027-01-01"', 'valid_from: "2026-12-01"'))
    d = found(specs, body)
    assert where(d) == [("E0507", *position(body, '"2026-12-01"'))]
    assert d[0].message == (
        "tables 'rate_2026' and 'rate_2027' (both 'rate') are in force at the same time: from 2026-12-01 to 2026-12-31"
    )
    assert d[0].hint == "end 'rate_2026' with valid_until: 2026-11-30"


def test_versions_that_leave_a_gap(specs: SpecFolder) -> None:
    body = spec(VERSIONS.replace('valid_from: "2027-01-01"', 'valid_from: "2027-01-03"'))
    d = found(specs, body)
    assert where(d) == [("E0508", *position(body, '"2027-01-03"'))]
    assert d[0].message == "no version of table 'rate' is in force from 2027-01-01 to 2027-01-02"


def test_versions_with_different_columns(specs: SpecFolder) -> None:
    second = RATE.replace("    rate:\n", '    rate_2027:\n      lookup: rate\n      valid_from: "2027-01-01"\n')
    body = spec(
        RATE.replace("    rate:\n", '    rate_2026:\n      lookup: rate\n      valid_until: "2026-12-31"\n')
        + second.replace("income: {type: money, min: 0}", "income: {type: decimal, min: 0}")
    )
    d = found(specs, body)
    assert where(d) == [("E0509", *position(body, "{income: {type: decimal, min: 0}}"))]
    assert d[0].message == (
        "table 'rate_2027' is a version of 'rate', but its inputs differ from those of 'rate_2026': income (money)"
    )


def test_invalid_and_reversed_periods(specs: SpecFolder) -> None:
    body = spec(
        RATE.replace("    rate:\n", '    rate:\n      valid_from: "2026-13-01"\n'),
        '    - {id: a, label: {de: A, fr: A}, amount: "rate(income)", valid_from: "2026-06-01", valid_until: "2026-05-31"}\n',
    )
    d = found(specs, body)
    assert where(d) == [("E0306", *position(body, '"2026-13-01"')), ("E0301", *position(body, '"2026-05-31"'))]
    assert d[1].message == "item 'a' ends on 2026-05-31, before it starts on 2026-06-01"


def test_item_versions_share_a_line_id(specs: SpecFolder) -> None:
    items = (
        '    - {id: a_2026, line_id: a, label: {de: A, fr: A}, amount: "1", valid_until: "2026-12-31"}\n'
        '    - {id: a_2027, line_id: a, label: {de: A, fr: A}, amount: "2", valid_from: "2027-01-01"}\n'
        '    - {id: b_2026, line_id: b, label: {de: A, fr: A}, amount: "1", valid_until: "2026-12-31"}\n'
        '    - {id: b_2027, line_id: b, label: {de: A, fr: A}, amount: "2", valid_from: "2026-06-01"}\n'
        '    - {id: c, label: {de: A, fr: A}, amount: "2"}\n'
        '    - {id: c_late, line_id: c, label: {de: A, fr: A}, amount: "2", valid_from: "2026-06-01"}\n'
    )
    body = spec(RATE, items)
    d = found(specs, body)
    assert where(d) == [
        ("E0507", *position(body, '"2026-06-01"')),
        ("E0507", *position(body, '"2026-06-01"}', occurrence=2)),
    ]
    assert [x.message for x in d] == [
        "items 'b_2026' and 'b_2027' (both 'b') are in force at the same time: from 2026-06-01 to 2026-12-31",
        "items 'c' and 'c_late' (both 'c') are in force at the same time: from 2026-06-01 on",
    ]
