"""The model's records: the three ways to make one (call, the spec reader's `from_values`, `replace`) agree."""

from __future__ import annotations

import pytest

from svcdef import model as m
from svcdef.record import replace
from svcdef.span import NOWHERE

LABEL = m.Text((("de", "Alter"),))


def test_from_values_fills_defaults_like_a_call_and_uses_up_its_dict() -> None:
    values = {"name": "age", "type": "integer", "label": LABEL, "span": NOWHERE}
    made = m.IntegerField.from_values(values)
    assert made == m.IntegerField(name="age", type="integer", label=LABEL, span=NOWHERE)
    assert made.min is None and made.required is False and values == {}


def test_replace_changes_only_what_it_is_given() -> None:
    field = m.IntegerField(name="age", type="integer", label=LABEL, min=0, span=NOWHERE)
    changed = replace(field, max=120)
    assert (changed.min, changed.max, changed.name) == (0, 120, "age")
    assert (field.max, type(changed)) == (None, m.IntegerField)


@pytest.mark.parametrize(
    "make",
    [
        lambda: m.IntegerField(name="age", type="integer", label=LABEL, colour="red"),
        lambda: m.IntegerField.from_values({"name": "age", "type": "integer", "label": LABEL, "colour": "red"}),
        lambda: replace(m.IntegerField(name="age", type="integer", label=LABEL), colour="red"),
    ],
)
def test_every_way_of_making_a_record_refuses_unknown_attributes(make: object) -> None:
    """`replace` copies slot by slot since session 6; it must still refuse what a call refuses."""
    with pytest.raises(TypeError, match="colour"):
        make()  # type: ignore[operator]


def test_records_stay_immutable() -> None:
    field = m.IntegerField.from_values({"name": "age", "type": "integer", "label": LABEL})
    with pytest.raises(AttributeError):
        field.min = 3  # type: ignore[misc]


def test_from_values_needs_the_required_attributes() -> None:
    with pytest.raises(TypeError, match="label"):
        m.IntegerField.from_values({"name": "age", "type": "integer"})
