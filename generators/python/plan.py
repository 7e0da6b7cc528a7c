"""What both generated validators (Python and JavaScript) need from a service: texts, field shapes, names.

The generated code must return exactly the reference interpreter's results
(`svcdef.evaluate`), so both generators take their facts from here: the
message table (every text a validator can return, per language, resolved
the way `svcdef.messages` and `Text.best` resolve it), the patterns of each
field in the portable subset, pointer pieces, and the one checked way a
spec name becomes part of a generated identifier.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import partial
from typing import Any, NamedTuple

from svcdef import formats
from svcdef import model as m
from svcdef.expr import Typed
from svcdef.expr import nodes as n
from svcdef.messages import LANGUAGES, message, message_language
from svcdef.patterns import CharClass, Concat, Literal, Regex, Repeat, parse_pattern
from svcdef.service import EACH, FieldInfo, FieldPath, Service

FILE_KEYS = ("name", "media_type", "size", "ref")

_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_PYTHON_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | {"print", "exec"}
_JS_RESERVED = frozenset(
    {
        *("await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete"),
        *("do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "implements"),
        *("import", "in", "instanceof", "interface", "let", "new", "null", "package", "private", "protected"),
        *("public", "return", "static", "super", "switch", "this", "throw", "true", "try", "typeof", "var"),
        *("void", "while", "with", "yield", "arguments", "eval", "undefined", "NaN", "Infinity", "globalThis"),
        *("Object", "Array", "Number", "String", "Symbol", "BigInt", "Math", "JSON", "Map", "Set", "RegExp"),
        "Error",
    }
)


def ident(name: str, language: str) -> str:
    """`name` as an identifier of generated code in `language` ("python" or "js"); raises on anything else.

    Generated code names its own things (`_check_3`, `_p0`); a spec name is
    used only for readable public type names, and must then be a plain ASCII
    name that is no reserved word of the language.
    """
    reserved = _PYTHON_RESERVED if language == "python" else _JS_RESERVED
    if not _PLAIN_NAME.match(name) or name in reserved:
        raise ValueError(f"{name!r} cannot be a {language} identifier")
    return name


def is_identifier(name: str, language: str) -> bool:
    """Whether `name` may be used as it is as an identifier (a key in class syntax, a property name)."""
    try:
        ident(name, language)
    except ValueError:
        return False
    return True


def type_name(path: FieldPath, language: str) -> str:
    """A CamelCase type name for the object at `path` (`("holder", "address")` -> `HolderAddress`)."""
    words: list[str] = []
    for name in path:
        if name == EACH:
            words.append("Entry")
            continue
        words += [w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", name) if w]
    text = "".join(words) or "Root"
    if not text[0].isalpha():
        text = "T" + text
    return ident(text, language)


def escape_pointer(name: str) -> str:
    """A name as an RFC 6901 reference token."""
    return name.replace("~", "~0").replace("/", "~1")


def parsed(source: str) -> Regex:
    """A portable pattern, parsed (the checker accepted it, so it parses)."""
    regex, problems = parse_pattern(source)
    if regex is None:
        raise ValueError(f"pattern {source!r} does not parse: {problems}")
    return regex


def digit_positions(source: str) -> tuple[tuple[int, int], ...] | None:
    """For a pattern that matches only ASCII digit strings of one length, each position's range of digits.

    `[1-9][0-9]{3}` gives four positions, the first `(0x31, 0x39)`. Such a value is checked with `len`,
    `isascii` and `isdigit` (and a comparison per narrower position), in about half the time `re` takes;
    None for every other pattern (or a position whose digits are not one range).
    """
    body = parsed(source).body
    positions: list[tuple[int, int]] = []
    for item in body.items if isinstance(body, Concat) else (body,):
        atom, count = item, 1
        if isinstance(item, Repeat):
            if item.min != item.max:
                return None
            atom, count = item.body, item.min
        if isinstance(atom, Literal):
            low = high = atom.code_point
        elif isinstance(atom, CharClass) and not atom.negated and len(atom.ranges) == 1:
            low, high = atom.ranges[0]
        else:
            return None
        if low < 0x30 or high > 0x39 or low > high:
            return None
        positions += [(low, high)] * count
    return tuple(positions) if positions else None


class DigitTest(NamedTuple):
    """How a target tests a digit pattern without its regular-expression engine: the length, all ASCII
    digits, and a range for each position that takes fewer than all ten."""

    length: int
    narrower: tuple[tuple[int, int, int], ...]
    """(position, lowest, highest) code point of each narrower position."""


def digit_test(source: str) -> DigitTest | None:
    """The `DigitTest` of a pattern that `digit_positions` reads, unless more than three positions are narrower
    (the tests would cost what the regular expression does); else None."""
    digits = digit_positions(source)
    if digits is None:
        return None
    narrower = tuple((i, low, high) for i, (low, high) in enumerate(digits) if (low, high) != (0x30, 0x39))
    return DigitTest(len(digits), narrower) if len(narrower) <= 3 else None


def format_source(f: m.Field) -> str | None:
    """The shared format pattern of a text-like field, or None."""
    fmt = m.FORMAT_FIELDS.get(type(f))
    if fmt is None:
        return None
    country = f.country if isinstance(f, m.PostalCodeField) else None
    return formats.PATTERNS[formats.format_name(fmt, country)]


def media_types(f: m.FileField) -> tuple[list[str], list[str]]:
    """A file field's media types as (exact types, prefixes of the `type/*` wildcards, with the slash)."""
    exact = [t for t in f.media_types if not t.endswith("/*")]
    return exact, [t[:-1] for t in f.media_types if t.endswith("/*")]


def codes(f: m.ChoiceField | m.MultiChoiceField) -> list[str]:
    """The option codes of a choice field, in spec order."""
    return [o.name for o in f.options if isinstance(o, m.Option)]


def temporal_bound(f: m.Field, text: str | None) -> Any:
    """A date/time field's `min`/`max` parsed as the reference parses it (None when absent or invalid)."""
    if text is None:
        return None
    return formats.TEMPORAL[m.TEMPORAL_FIELDS[type(f)]](text)


def children(service: Service) -> dict[FieldPath, list[FieldInfo]]:
    """The fields of each group and list entry, by the path of their parent."""
    found: dict[FieldPath, list[FieldInfo]] = {}
    for info in service.infos:
        found.setdefault(info.path[:-1], []).append(info)
    return found


def in_nested_list(path: FieldPath) -> bool:
    """Whether a list at `path` lies inside another list's entries."""
    return EACH in path


def nested_view_path(path: FieldPath) -> tuple[FieldPath, FieldPath]:
    """For a list inside another list's entries: (the enclosing list's path, the path from its entry to the list).

    The typed view of such a list hangs off the view of the enclosing entry
    (`item` there), which is where the reference reads it as well.
    """
    last = len(path) - 1 - path[::-1].index(EACH)
    return path[:last], path[last + 1 :]


# -- what the context of generated code computes ------------------------------------------------

EntryRead = tuple[FieldPath, str | None]
"""An entry field of a list that generated code reads: (the list's path, the field's name; None for all)."""


class Piece(NamedTuple):
    """One statement group of a generated context function: it defines `name` from what it `uses`.

    The pieces are the fee day, each decision-table function and each
    computed value, in an order where each follows what it reads. Validation
    needs only some of them (a fee-only table lookup is wasted work there),
    so a context function is emitted for a set of needed names with
    `closure`.
    """

    name: str
    lines: list[str]
    uses: frozenset[str]
    reads: frozenset[EntryRead]


class PieceWriter:
    """What both targets' module writers share: the context pieces, each with what it reads.

    A writer names its fee-day local (`FEE_DAY`) and writes the statements of
    each piece in its language (`fee_day`, `table_line`, `computed_value`, with
    a fresh function body from `new_fn`); `pieces` collects them in order.
    `fees_and_pieces` also writes the fee function (`fees`, `table_definitions`).
    """

    FEE_DAY: str
    service: Service
    computed: dict[str, str]
    reads: dict[FieldPath, str]
    table_functions: dict[str, tuple[Any, int]]
    entry_reads: set[EntryRead]

    def new_fn(self) -> Any:
        raise NotImplementedError

    def fee_day(self, fn: Any) -> None:
        raise NotImplementedError

    def table_line(self, name: str, lookup: Any, output: int) -> str:
        raise NotImplementedError

    def computed_value(self, c: Any, fn: Any) -> None:
        raise NotImplementedError

    def fees(self, fn: Any) -> None:
        raise NotImplementedError

    def table_definitions(self, fn: Any) -> list[str]:
        raise NotImplementedError

    def fees_and_pieces(self) -> tuple[Any, set[EntryRead], list[Piece]]:
        """The fee function (None for a service without fees), the entry fields it reads, and the context
        pieces: written before the checks, so that those know every typed view the context reads."""
        fees = None
        if self.service.fees is not None:
            fees = self.new_fn()
            self.fees(fees)
            fees.code.lines[:0] = self.table_definitions(fees)
        fee_reads = self.entry_reads
        pieces = self.pieces()
        self.entry_reads = set()
        return fees, fee_reads, pieces

    def pieces(self) -> list[Piece]:
        """The fee day, the table functions and the computed values, each with what it reads, in order."""
        out: list[Piece] = []

        def piece(name: str, write: Callable[[Any], None]) -> None:
            fn = self.new_fn()
            self.entry_reads = set()
            write(fn)
            out.append(Piece(name, fn.code.lines, frozenset(fn.uses), frozenset(self.entry_reads)))

        if self.service.fees is not None:
            piece(self.FEE_DAY, self.fee_day)
        for name, (lookup, output) in self.table_functions.items():
            line = self.table_line(name, lookup, output)
            out.append(Piece(f"_fn_{name}", [line], frozenset({self.FEE_DAY}), frozenset()))
        for c in self.service.computed:
            piece(self.computed[c.name], partial(self.computed_value, c))
        return out

    def enclosing_view(self, fn: Any, path: FieldPath, dialect: Dialect) -> str:
        """Source of the typed view of the list at `path`, which lies in another list's entries: read from `_item`."""
        outer, rest = nested_view_path(path)
        self.entry_reads.add((outer, rest[0]))
        fn.uses.add("_item")
        chain = "_item"
        for name in rest:
            chain = dialect.field(chain, name)
        return chain

    def slots(self) -> list[str]:
        """Every context name, in the order of a context tuple (Python) or array (JavaScript)."""
        fee_day = [self.FEE_DAY] if self.service.fees is not None else []
        return [*self.reads.values(), *self.computed.values(), *fee_day]


def closure(pieces: list[Piece], names: set[str], reads: set[EntryRead]) -> tuple[set[str], set[EntryRead]]:
    """Every context name and entry read that computing `names` (and reading `reads`) needs."""
    need, entries = set(names), set(reads)
    for piece in reversed(pieces):
        if piece.name in need:
            need |= piece.uses
            entries |= piece.reads
    return need, entries


LIST_OPS = frozenset({"some", "every", "count_where", "total_over", "smallest_over", "largest_over"})


class Dialect(NamedTuple):
    """How a target language spells the steps of reading the typed view (for `write_reads`)."""

    get: Callable[[str, str, str], str]
    """Statement: the variable (first) set to the member named (second) of the object in the third, or null."""
    is_object: Callable[[str], str]
    """Block header: the variable holds an object."""
    field: Callable[[str, str], str]
    """Expression: a member of a typed view, or null."""
    assign: Callable[[str, str], str]
    """Statement: a context name set to a value."""


ViewOf = Callable[[m.Field, FieldPath, str, frozenset[str] | None], str]


def write_reads(
    code: Any,
    reads: list[tuple[FieldPath, str]],
    fields: tuple[m.Field, ...],
    view: ViewOf,
    dialect: Dialect,
    entries: set[EntryRead],
    raw: str = "data",
    depth: int = 0,
) -> None:
    """Statements setting each context name of `reads` to the typed view of its path below the object `raw`.

    Reads below one group share its lookup (`r<depth>`); a path through a file or
    other non-group ends in member reads of that field's view; lists of groups
    are viewed with the entry fields `entries` names.
    """
    grouped: dict[str, list[tuple[FieldPath, str]]] = {}
    for path, name in reads:
        grouped.setdefault(path[depth], []).append((path, name))
    for key, group in grouped.items():
        f = next(c for c in fields if c.name == key)
        var = f"r{depth}"
        code(dialect.get(var, key, raw))
        deeper = []
        for path, name in group:
            if len(path) > depth + 1 and isinstance(f, m.GroupField):
                deeper.append((path, name))
                continue
            value = view(f, path[: depth + 1], var, entry_fields(entries, path[: depth + 1]))
            for rest in path[depth + 1 :]:
                value = dialect.field(value, rest)
            code(dialect.assign(name, value))
        if deeper and isinstance(f, m.GroupField):
            with code.block(dialect.is_object(var)):
                write_reads(code, deeper, f.fields, view, dialect, entries, var, depth + 1)


def list_paths(service: Service) -> set[FieldPath]:
    """The paths of the service's lists (for `whole_list_reads`)."""
    return {info.path for info in service.infos if isinstance(info.field, m.ListField)}


def whole_list_reads(typed: Typed, lists: set[FieldPath]) -> set[EntryRead]:
    """The entry fields an expression reads from root lists it uses as a whole.

    A list operation reads the fields its predicate names of `item`, `count`
    reads none (only whether entries are there), anything else reads all.
    """
    found: set[EntryRead] = set()

    def item_reads(t: Typed, path: FieldPath) -> None:
        """`item` fields read in a predicate over the list at `path` (not those of nested predicates)."""
        if isinstance(t.node, n.ItemPath):
            found.add((path, t.node.path[0] if t.node.path else None))
        for k, arg in enumerate(t.args):
            if not (k == 1 and t.op in LIST_OPS):
                item_reads(arg, path)

    def visit(t: Typed) -> None:
        head = t.args[0].node if t.args else None
        if isinstance(head, n.FieldPath) and head.path in lists and (t.op in LIST_OPS or t.op == "count"):
            found.add((head.path, ""))  # the entries are read, whatever fields the predicate reads
            if t.op in LIST_OPS:
                item_reads(t.args[1], head.path)
            for arg in t.args[1:]:
                visit(arg)
            return
        if isinstance(t.node, n.FieldPath) and t.node.path in lists:
            found.add((t.node.path, None))
        for arg in t.args:
            visit(arg)

    visit(typed)
    return found


def entry_fields(reads: set[EntryRead], path: FieldPath) -> frozenset[str] | None:
    """The entry fields of the list at `path` that `reads` names; None when the whole entry is read."""
    names = {name for at, name in reads if at == path}
    return None if None in names else frozenset(name for name in names if name)


# -- texts --------------------------------------------------------------------------------------


class Texts:
    """The message table of a service: every text a validator may return, by index, for each language.

    `builtin` registers a built-in message with its parameters filled in,
    `text` a spec text (a validation message, a `pattern_message`, a fee
    label). `tables` resolves every entry per language as the reference does:
    built-in messages through `message_language`, spec texts by `Text.best`.
    A language that is in none of the tables behaves as the default (the
    service's first language), which is what the reference does with it.
    """

    def __init__(self, service: Service) -> None:
        self.service = service
        self.entries: list[tuple[str, Any]] = []
        self._index: dict[Any, int] = {}

    def builtin(self, key: str, **params: object) -> int:
        entry = ("builtin", (key, tuple(sorted((k, str(v)) for k, v in params.items()))))
        return self._add(entry)

    def text(self, text: m.Text) -> int:
        return self._add(("text", text.translations))

    def _add(self, entry: tuple[str, Any]) -> int:
        found = self._index.get(entry)
        if found is None:
            found = self._index[entry] = len(self.entries)
            self.entries.append(entry)
        return found

    def resolve(self, lang: str) -> tuple[str, ...]:
        languages = self.service.languages
        builtin_lang = message_language(lang, languages)
        out: list[str] = []
        for kind, value in self.entries:
            if kind == "builtin":
                key, params = value
                out.append(message(key, builtin_lang, **dict(params)))
            else:
                out.append(m.Text(translations=value).best(lang, languages))
        return tuple(out)

    def languages(self) -> list[str]:
        """Every language a caller may ask for that can change a text, default first."""
        found = list(dict.fromkeys([*self.service.languages, *LANGUAGES]))
        for kind, value in self.entries:
            if kind == "text":
                found += [lang for lang, _ in value if lang not in found]
        return found

    def tables(self) -> tuple[tuple[str, ...], dict[str, int], list[tuple[str, ...]]]:
        """(default table, language -> index into the distinct tables, the distinct tables)."""
        default = self.resolve(self.service.languages[0])
        distinct: list[tuple[str, ...]] = [default]
        by_lang: dict[str, int] = {}
        for lang in self.languages():
            table = self.resolve(lang)
            if table not in distinct:
                distinct.append(table)
            by_lang[lang] = distinct.index(table)
        return default, by_lang, distinct


def bound_text(value: Any) -> str:
    """A number bound as the reference's messages show it (`str` of the model's int or Decimal)."""
    return str(value)


def decimal_scale(f: m.Field) -> int:
    return f.scale if isinstance(f, m.DecimalField) else formats.MONEY_SCALE


def walk_texts(service: Service) -> Iterator[m.Text]:
    """Every spec text a validator can return (validation messages, pattern messages, fee labels)."""
    for info in service.infos:
        if isinstance(info.field, m.TextField) and info.field.pattern_message is not None:
            yield info.field.pattern_message
    for rule in service.rules:
        yield rule.validation.message
    if service.fees is not None:
        for line in service.fees.lines:
            yield line.item.label


def is_decimal_zero(value: Decimal) -> bool:
    return value == 0
