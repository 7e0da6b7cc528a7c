"""The spec model: frozen, typed records for every part of the spec language, each with its source span.

The classes mirror the YAML one to one: a class's fields are the keys a
service designer may write (field metadata `key` when the YAML key is a
Python keyword), their annotations say which values are allowed, and their
`doc` metadata documents them. `svcdef.parse` turns loaded YAML into these
records generically from the annotations, and `svcdef.langschema` derives the
JSON Schema of the spec language from the same annotations, so the language
is defined in exactly one place.

Why not pydantic models (or dataclasses): a cold `svcdef check` must start in
well under 150 ms; importing pydantic and building some forty models costs
about 240 ms on our machines, and even the dataclass decorator costs about
60 ms for them. `svcdef.record` gives frozen, slotted, typed records at almost
no cost.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from .names import DEFAULT_TIME_ZONE
from .record import REQUIRED, Record, internal, key
from .span import NOWHERE, Snippet, Span


class Node(Record):
    """Base of every model record: where it stands in the source."""

    span: Span = internal(NOWHERE)
    spans: tuple[tuple[str, Span], ...] = internal(())

    def span_of(self, key: str) -> Span:
        """The span of the value given for `key`, or of the whole record when the key was not written."""
        for k, s in self.spans:
            if k == key:
                return s
        return self.span

    def given(self, key: str) -> bool:
        """Whether the spec wrote `key` (rather than leaving it to its default)."""
        return any(k == key for k, _ in self.spans)


class Text(Record):
    """A text shown to people, with one translation per language: `{de: Hund, fr: Chien}`."""

    translations: tuple[tuple[str, str], ...] = internal(())
    span: Span = internal(NOWHERE)

    def get(self, lang: str) -> str | None:
        for k, v in self.translations:
            if k == lang:
                return v
        return None

    def best(self, lang: str, languages: tuple[str, ...]) -> str:
        """The text in `lang`, else in the first of `languages` that has it."""
        for candidate in (lang, *languages):
            found = self.get(candidate)
            if found is not None:
                return found
        return self.translations[0][1] if self.translations else ""

    def as_dict(self) -> dict[str, str]:
        return dict(self.translations)


Condition = bool | Snippet
"""`true`/`false`, or an expression string evaluated against the submission."""


# -- service header -----------------------------------------------------------------------


class Contact(Node):
    """How citizens reach the responsible office."""

    email: str | None = key("E-mail address of the office.")
    phone: str | None = key("Phone number of the office, international format.")
    url: str | None = key("Web page of the office or the service.")


class ServiceInfo(Node):
    """Who offers the service and how it is named."""

    id: str = key(
        "Service id, lower-case words joined by '-' (`dog-registration`); names output folders and URLs.", REQUIRED
    )
    version: str = key("Semantic version of the spec (`2.1.0`). Raise it when the form or payload changes.", REQUIRED)
    languages: tuple[str, ...] = key(
        "Languages the service is offered in, ISO 639-1; the first is the default.", REQUIRED
    )
    title: Text = key("Name of the service as citizens see it.", REQUIRED)
    authority: Text = key("The office responsible for the service.", REQUIRED)
    description: Text | None = key("One or two sentences shown above the form.")
    contact: Contact | None = key("How to reach the office.")
    currency: str | None = key("ISO 4217 currency of money fields and fees (`CHF`, `EUR`).")
    timezone: str = key("Time zone that defines 'today' for date rules (IANA name).", DEFAULT_TIME_ZONE)


class LibraryInfo(Node):
    """Header of a library file: shared option lists and named types imported by specs."""

    id: str = key("Library id, lower-case words joined by '-' (`address-ch`).", REQUIRED)
    version: str = key("Semantic version of the library.", REQUIRED)
    languages: tuple[str, ...] = key("Languages the library's texts are given in.", REQUIRED)
    description: Text | None = key("What the library holds.")


class Import(Node):
    """An imported library file, written as its path relative to the importing file."""

    path: str = internal("")


# -- options and types --------------------------------------------------------------------


class Option(Node):
    """One choice of an option list: its code (what is submitted) and its label."""

    name: str = internal("")
    label: Text = key("What the citizen sees.", REQUIRED)


class OptionList(Node):
    """A named list of choices: `code: {de: Label, fr: Libellé}` entries in display order."""

    name: str = internal("")
    options: tuple[Option, ...] = key("The options, code to label.", REQUIRED, named=True)

    def codes(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.options)


# -- fields -------------------------------------------------------------------------------


FIELD_TYPES = (
    "text",
    "integer",
    "decimal",
    "money",
    "boolean",
    "date",
    "datetime",
    "time",
    "choice",
    "multichoice",
    "email",
    "phone",
    "iban",
    "postal_code",
    "ahv_number",
    "uid",
    "file",
    "group",
    "list",
)


class Field(Node):
    """Keys every field has. The `type` key selects one of the field classes below."""

    name: str = internal("")
    type: str = key("Field type: a built-in type or the name of a named type.", REQUIRED)
    label: Text = key("Label shown to the citizen.", REQUIRED)
    help: Text | None = key("Help text shown below the input.")
    required: Condition = key("Whether the field must be filled: `true`, `false` or a condition expression.", False)
    visible_if: Condition | None = key(
        "Show the field only when the condition holds; hidden fields count as not set, and a value sent for a "
        "hidden field is an error."
    )


class TextField(Field):
    """Free text, one line or several."""

    placeholder: Text | None = key("Example shown in the empty input.")
    min_length: int | None = key("Least number of characters.")
    max_length: int | None = key("Most number of characters.")
    pattern: Snippet | None = key(
        "Regular expression the whole value must match (portable subset, see docs/patterns.md)."
    )
    pattern_message: Text | None = key("Message shown when the pattern does not match.")
    multiline: bool = key("Several lines (a text area) instead of one.", False)
    default: str | None = key("Value filled in at the start.")


class IntegerField(Field):
    """A whole number."""

    placeholder: Text | None = key("Example shown in the empty input.")
    min: int | None = key("Smallest allowed value.")
    max: int | None = key("Largest allowed value.")
    default: int | None = key("Value filled in at the start.")


class DecimalField(Field):
    """A decimal number with a fixed number of digits after the point; exact, never a binary float."""

    placeholder: Text | None = key("Example shown in the empty input.")
    min: Decimal | None = key("Smallest allowed value.")
    max: Decimal | None = key("Largest allowed value.")
    scale: int = key("Most digits after the decimal point.", 2)
    default: Decimal | None = key("Value filled in at the start.")


class MoneyField(Field):
    """An amount of money in the service currency, with at most the currency's minor digits."""

    placeholder: Text | None = key("Example shown in the empty input.")
    min: Decimal | None = key("Smallest allowed amount.")
    max: Decimal | None = key("Largest allowed amount.")
    currency: str | None = key("ISO 4217 currency; defaults to `service.currency`.")
    default: Decimal | None = key("Amount filled in at the start.")


class BooleanField(Field):
    """Yes or no (a checkbox)."""

    default: bool | None = key("Value filled in at the start.")


class DateField(Field):
    """A calendar date, `YYYY-MM-DD`."""

    min: str | None = key("Earliest allowed date, `YYYY-MM-DD`.")
    max: str | None = key("Latest allowed date, `YYYY-MM-DD`.")
    default: str | None = key("Date filled in at the start.")


class DateTimeField(Field):
    """A local date and time, `YYYY-MM-DDTHH:MM:SS` (in the service's time zone)."""

    min: str | None = key("Earliest allowed date-time.")
    max: str | None = key("Latest allowed date-time.")
    default: str | None = key("Value filled in at the start.")


class TimeField(Field):
    """A time of day, `HH:MM` or `HH:MM:SS`."""

    min: str | None = key("Earliest allowed time.")
    max: str | None = key("Latest allowed time.")
    default: str | None = key("Value filled in at the start.")


class ChoiceField(Field):
    """One choice from an option list."""

    options: str | tuple[Option, ...] = key(
        "Name of an option list, or the options inline (`code: label`).", REQUIRED, named=True
    )
    option_list: str | None = internal(None)
    widget: Literal["radio", "select"] | None = key(
        "How the choice is shown; default: radio up to 5 options, else select."
    )
    default: str | None = key("Option code selected at the start.")


class MultiChoiceField(Field):
    """Several choices from an option list (checkboxes)."""

    options: str | tuple[Option, ...] = key(
        "Name of an option list, or the options inline (`code: label`).", REQUIRED, named=True
    )
    option_list: str | None = internal(None)
    min_items: int | None = key("Least number of choices.")
    max_items: int | None = key("Most number of choices.")
    default: tuple[str, ...] | None = key("Option codes selected at the start.")


class EmailField(Field):
    """An e-mail address (checked with one pattern that every target applies alike)."""

    placeholder: Text | None = key("Example shown in the empty input.")
    max_length: int = key("Most number of characters.", 254)


class PhoneField(Field):
    """A phone number in international format (`+41 44 123 45 67`)."""

    placeholder: Text | None = key("Example shown in the empty input.")


class IbanField(Field):
    """An IBAN, checked with its check digits (ISO 13616)."""

    placeholder: Text | None = key("Example shown in the empty input.")
    countries: tuple[str, ...] | None = key("Allowed country codes (`[CH, LI]`); default: any.")


class PostalCodeField(Field):
    """A postal code of one country."""

    placeholder: Text | None = key("Example shown in the empty input.")
    country: Literal["CH", "LI", "DE", "AT", "FR", "IT"] = key("Country whose postal code format applies.", REQUIRED)


class AhvNumberField(Field):
    """A Swiss social security number (AHV/AVS, `756.1234.5678.97`), checked with its EAN-13 check digit."""

    placeholder: Text | None = key("Example shown in the empty input.")


class UidField(Field):
    """A Swiss enterprise identification number (UID, `CHE-123.456.788`), checked with its check digit."""

    placeholder: Text | None = key("Example shown in the empty input.")


class FileField(Field):
    """A file attachment; the submission carries a reference to the uploaded file (see docs/spec-language.md)."""

    media_types: tuple[str, ...] = key("Allowed media types, e.g. `[application/pdf, image/*]`.", REQUIRED)
    max_size: int = key("Largest file in bytes.", 10_000_000)


class GroupField(Field):
    """A group of fields shown together (a fieldset)."""

    fields: tuple[AnyField, ...] = key("The fields of the group.", REQUIRED, named=True)
    named_type: str | None = internal(None)


class ListField(Field):
    """A repeatable list: of groups (`fields:`) or of single values (`item:`)."""

    fields: tuple[AnyField, ...] | None = key("Fields of each entry (a list of groups).", named=True)
    item: AnyField | None = key("The field each entry is, for lists of single values or of a named type.")
    item_label: Text | None = key("Name of one entry, e.g. 'Dog', shown on add/remove buttons.")
    min_items: int | None = key("Least number of entries.")
    max_items: int | None = key("Most number of entries.")


class TypeRefField(Field):
    """A field whose `type` names a type from `types:` or an imported library; it is a group of that type's fields."""


AnyField = (
    TextField
    | IntegerField
    | DecimalField
    | MoneyField
    | BooleanField
    | DateField
    | DateTimeField
    | TimeField
    | ChoiceField
    | MultiChoiceField
    | EmailField
    | PhoneField
    | IbanField
    | PostalCodeField
    | AhvNumberField
    | UidField
    | FileField
    | GroupField
    | ListField
    | TypeRefField
)

FIELD_CLASSES: dict[str, type[Field]] = {
    "text": TextField,
    "integer": IntegerField,
    "decimal": DecimalField,
    "money": MoneyField,
    "boolean": BooleanField,
    "date": DateField,
    "datetime": DateTimeField,
    "time": TimeField,
    "choice": ChoiceField,
    "multichoice": MultiChoiceField,
    "email": EmailField,
    "phone": PhoneField,
    "iban": IbanField,
    "postal_code": PostalCodeField,
    "ahv_number": AhvNumberField,
    "uid": UidField,
    "file": FileField,
    "group": GroupField,
    "list": ListField,
}


class NamedType(Node):
    """A reusable group of fields, used as `type: <name>` (a postal address, a person)."""

    name: str = internal("")
    label: Text | None = key("Default label of fields of this type.")
    help: Text | None = key("Default help text of fields of this type.")
    fields: tuple[AnyField, ...] = key("The fields of the type.", REQUIRED, named=True)


# -- rules and computed values ------------------------------------------------------------


class Validation(Node):
    """A cross-field rule: the submission is invalid where `rule` evaluates to false."""

    id: str = key("Rule id, reported with every error of this rule.", REQUIRED)
    rule: Snippet = key("Condition that must hold, e.g. `age(holder.birth_date) >= 18`.", REQUIRED)
    at: Snippet | None = key(
        "Field path the error is reported at (`holder.birth_date`, `item.start_date`); default: the whole submission, "
        "or the list entry with `for_each`."
    )
    for_each: Snippet | None = key("List field path: check the rule once per entry, with `item` and `index`.")
    when: Snippet | None = key("Check the rule only when this condition holds.")
    message: Text = key("Error message shown to the citizen.", REQUIRED)


ValueType = Literal["boolean", "integer", "decimal", "money", "text", "date", "datetime", "time"]


class Computed(Node):
    """A value derived from the submission (household income, age), usable in rules, fees and the target mapping."""

    name: str = internal("")
    type: ValueType | None = key("Declared result type; checked against the expression.")
    value: Snippet = key("Expression computing the value.", REQUIRED)
    label: Text | None = key("Label for summaries and documentation.")


# -- fees ----------------------------------------------------------------------------------


class Rounding(Node):
    """How amounts are rounded (Swiss 'Rappenrundung' is `step: 0.05`)."""

    step: Decimal = key("Rounding step: `0.05` or `0.01`.", Decimal("0.01"))
    mode: Literal["half_up", "half_even", "down", "up"] = key(
        "Rounding mode: `half_up` (ties away from zero), `half_even` (ties to the even step), `down` (towards zero), "
        "`up` (away from zero); signs are symmetric, so refunds round like charges.",
        "half_up",
    )
    apply: Literal["item", "total", "both"] = key("Round each item, the total, or both.", "both")
    legal_reference: str | None = key("The regulation that prescribes this rounding.")


class TableColumn(Node):
    """An input or output column of a decision table."""

    name: str = internal("")
    type: ValueType = key(
        "Type of the column's values (docs/fees.md says how cells of each type are written).", REQUIRED
    )
    label: Text | None = key("Label for documentation.")
    min: Decimal | None = key(
        "For an input column of numbers: the smallest value the rows must cover (the checker reports gaps from here)."
    )
    max: Decimal | None = key("For an input column of numbers: the largest value the rows must cover.")


class TableRow(Node):
    """One row of a decision table: a condition per input column (`"[0, 40000)"`, `any`, `[a, b]`), a value per output."""

    cells: tuple[tuple[str, Any, Span], ...] = internal(())
    """(column, value as loaded from YAML, span) per cell, in the order written."""
    sources: tuple[Snippet | tuple[Snippet, ...], ...] = internal(())
    """Per cell: the scalar as written, or the scalars of a YAML list, for cell parsing with inner positions."""


class DecisionTable(Node):
    """A decision table, looked up from computed values and fee items as a function of its input columns."""

    name: str = internal("")
    lookup: str | None = key(
        "Name expressions call the table by (`kita_rate(relevant_income)`); dated versions of one table share it. "
        "Default: the table's own name."
    )
    hit_policy: Literal["unique", "first", "collect_sum"] = key(
        "Which matching rows count: `unique` (rows must not overlap), `first` (the first in order), `collect_sum` "
        "(the sum of all).",
        "unique",
    )
    inputs: tuple[TableColumn, ...] = key(
        "Input columns, in the order of the lookup's arguments.", REQUIRED, named=True
    )
    outputs: tuple[TableColumn, ...] = key(
        "Output columns; with several, each is looked up as `<lookup>_<output>(...)`.", REQUIRED, named=True
    )
    rows: tuple[TableRow, ...] = key(
        'The rows, in order; each maps every column to a cell (`{income: "[0, 40000)", rate: 20}`, docs/fees.md).',
        REQUIRED,
    )
    valid_from: str | None = key("First day the table applies, `YYYY-MM-DD`.")
    valid_until: str | None = key("Last day the table applies, `YYYY-MM-DD`.")


class FeeItem(Node):
    """One line of the fee: an amount, possibly per list entry and under a condition."""

    id: str = key("Item id.", REQUIRED)
    line_id: str | None = key(
        "Id of the item's lines in the fee result; dated versions of one item share it (`dog_tax_2027` with "
        "`line_id: dog_tax`). Default: `id`."
    )
    label: Text = key("Label on the invoice.", REQUIRED)
    amount: Snippet = key("Amount expression (money).", REQUIRED)
    when: Snippet | None = key("Charge the item only when this condition holds.")
    for_each: Snippet | None = key("List field path: one line per entry, with `item` and `index`.")
    min: Decimal | None = key("Lower cap of each line's amount (before rounding).")
    max: Decimal | None = key("Upper cap of each line's amount (before rounding).")
    valid_from: str | None = key("First day the item applies, `YYYY-MM-DD`.")
    valid_until: str | None = key("Last day the item applies, `YYYY-MM-DD`.")


class Fees(Node):
    """The fee schedule of the service (docs/fees.md)."""

    currency: str | None = key("ISO 4217 currency; defaults to `service.currency`.")
    rounding: Rounding | None = key("Rounding rules.")
    date: Snippet | None = key(
        "Expression over the fields giving the fee date, which selects the items and tables in force; default: today."
    )
    tables: tuple[DecisionTable, ...] = key("Named decision tables.", (), named=True)
    items: tuple[FeeItem, ...] = key("The fee items, in invoice order.", REQUIRED)


# -- target interface ----------------------------------------------------------------------


class Transport(Node):
    """How payloads reach the specialist application."""

    kind: Literal["http", "file"] = key("`http` (POST/PUT to an endpoint) or `file` (drop into a folder).", REQUIRED)
    method: Literal["POST", "PUT"] = key("HTTP method.", "POST")
    url_env: str | None = key("Environment variable holding the endpoint URL (never the URL itself).")
    directory_env: str | None = key("Environment variable holding the drop folder, for `file`.")
    token_env: str | None = key("Environment variable holding a bearer token.")
    timeout_seconds: int = key("Timeout per attempt.", 10)
    retries: int = key("Retries after a failed attempt, with exponential back-off.", 3)


class MappingEntry(Node):
    """One target path and where its value comes from."""

    name: str = internal("")
    value: Snippet | None = internal(None)
    source_list: Snippet | None = internal(None)
    entries: tuple[MappingEntry, ...] = internal(())


class Target(Node):
    """The specialist application the submission is delivered to."""

    system: str = key("Name of the specialist application.", REQUIRED)
    format: Literal["json", "xml", "csv"] = key("Payload format.", REQUIRED)
    root: str | None = key("Root element name, for XML.")
    namespace: str | None = key("XML namespace URI.")
    transport: Transport = key("Delivery.", REQUIRED)
    mapping: tuple[MappingEntry, ...] = key(
        "Target path to expression (`halter.vorname: holder.first_name`), or `{from: list, map: {...}}` for repeated parts.",
        REQUIRED,
        named=True,
    )


# -- embedded tests ------------------------------------------------------------------------


class ExpectedError(Node):
    """An error a test expects."""

    rule: str | None = key("Validation id or constraint name (`required`, `max_length`, ...).")
    at: str | None = key("JSON Pointer of the error (`/holder/birth_date`).")
    code: str | None = key("Error code.")


class Expectation(Node):
    """What a test expects of the submission."""

    valid: bool | None = key("Whether the submission is valid.")
    errors: tuple[ExpectedError, ...] | None = key("Exactly these errors, in this order.")
    fees: Any = key("Expected fees: `total` and/or `items` (id to amount).")
    computed: Any = key("Expected computed values (name to value).")


class TestCase(Node):
    """An example submission with its expected verdict and fees."""

    __test__ = False  # not a pytest class

    name: str = key("What the test shows.", REQUIRED)
    today: str | None = key(
        "The date the test runs at, `YYYY-MM-DD`; default: the current date in the service's time zone."
    )
    lang: str | None = key("Language of messages.")
    input: Any = key("The submission, as JSON-like YAML.", REQUIRED)
    expect: Expectation = key("Expected result.", REQUIRED)


# -- documents -----------------------------------------------------------------------------


class Spec(Node):
    """A service spec file."""

    svcdef: str = key('Spec language version: `"1"`.', REQUIRED)
    service: ServiceInfo = key("The service.", REQUIRED)
    imports: tuple[Import, ...] = key("Library files to import, relative to this file (`lib/address-ch.yaml`).", ())
    options: tuple[OptionList, ...] = key("Named option lists.", (), named=True)
    types: tuple[NamedType, ...] = key("Named field types.", (), named=True)
    fields: tuple[AnyField, ...] = key("The form's fields, in display order.", REQUIRED, named=True)
    validations: tuple[Validation, ...] = key("Cross-field rules.", ())
    computed: tuple[Computed, ...] = key("Derived values.", (), named=True)
    fees: Fees | None = key("The fee schedule.")
    target: Target | None = key("Delivery to the specialist application.")
    tests: tuple[TestCase, ...] = key("Example submissions with expected results.", ())


class Library(Node):
    """A library file of shared option lists and named types."""

    svcdef: str = key('Spec language version: `"1"`.', REQUIRED)
    library: LibraryInfo = key("The library.", REQUIRED)
    imports: tuple[Import, ...] = key("Other library files to import.", ())
    options: tuple[OptionList, ...] = key("Named option lists.", (), named=True)
    types: tuple[NamedType, ...] = key("Named field types.", (), named=True)


FORMAT_FIELDS: dict[type[Field], str] = {
    EmailField: "email",
    PhoneField: "phone",
    IbanField: "iban",
    PostalCodeField: "postal_code",
    AhvNumberField: "ahv_number",
    UidField: "uid",
}
"""Text field types whose values follow a shared format (`svcdef.formats.PATTERNS`), by format name."""

TEMPORAL_FIELDS: dict[type[Field], str] = {DateField: "date", DateTimeField: "datetime", TimeField: "time"}
"""Field types holding ISO 8601 dates and times, by format name."""
