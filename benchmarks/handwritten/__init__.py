"""Pure-Python validators of example forms, written by hand for speed: the ceiling the generated code is seen against.

Issue 5 set its targets by a hand-written validator ("level with jsonschema-rs on valid documents", on a flat
34-property form). These answer what such a validator reaches on the example specs, with their nested groups,
lists and rules, so that the generated code is measured against what Python allows rather than guessed. Each
module has two:

- `schema_checks` makes exactly the checks of the generated `schema.json` (types, required, lengths, patterns,
  options, bounds of integers, list sizes, unknown keys, the visibility conditions): its verdict is the verdict of
  `jsonschema` on that schema;
- `svcdef_checks` makes every check of the generated `validate` (check digits, decimal values and their bounds,
  calendar dates and their bounds, hidden and conditionally required fields, the rules) and returns the same
  errors, in the same order, as (code, rule, pointer), without the messages.

`tests/test_handwritten.py` holds both to their references on drawn submissions; `benchmarks/validators.py`
times them on each spec's valid test documents beside the generated code and jsonschema-rs.

They are written as one would by hand for one form: one pass, the fast test of each value first and the reasons
only when it fails (`common`), no typed views or second walk, rules judged from the values the checks have read,
plain locals throughout. The fields are written out one by one, alike as many are: a loop over names or a call
per field would cost what is being measured. They take parsed JSON (the fast tests ask for exact `dict` and
`str`, as the generated code's do).
"""

from . import dog_registration, kita_fees, resident_parking

FORMS = {"kita-fees": kita_fees, "dog-registration": dog_registration, "resident-parking": resident_parking}
"""The hand-written validators by service id."""
