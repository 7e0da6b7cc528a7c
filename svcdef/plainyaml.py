"""A fast reader for the plain part of YAML that service specs are written in.

Reading through libyaml costs most of `svcdef check`: ruamel makes a Python
object with three `__init__` calls per parser event, and the loader then
turns each event into a node. Specs use a small part of YAML: block mappings
and sequences, flow mappings and sequences, plain and quoted scalars on one
line, literal and folded block scalars, comments. This module reads that part
line by line, with a few regular expressions, into the same nodes with the
same spans as the event path, in half the instructions for a spec in flow
style and three quarters for one in block style.

It gives up (returns None) at the first thing outside that part, and also at
anything the event path would report: a duplicate key, a number we refuse, a
tab, a control character, an anchor, a tag, a directive. The loader then reads
the file through libyaml, which finds and reports every problem. So this
reader needs no diagnostics of its own, and its one promise is simple to test:
for any text, it returns the event path's tree or nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate
from typing import Any

from .span import Span
from .yamltree import RESOLVED_STARTS, WORDS, Mapping, Node, NumberProblem, Scalar, Sequence, resolve_plain

MAX_TEXT = 100_000
"""Longer texts go through the event path, so that no scalar and no count of nodes here can pass its limits."""

MAX_DEPTH = 50
"""Deeper documents go through the event path, which checks the loader's limit."""

MAX_KEY = 1000
"""libyaml refuses a key longer than 1024 characters; longer keys go through the event path."""

_MARKERS = ("---", "...", "%")
"""Document markers and directives, at the start of a line."""

_PLAIN_FIRST = r"""(?:[^\s\-?:,\[\]{}#&*!|>'"%@`]|-(?=[0-9.]))"""
_PLAIN_VALUE = _PLAIN_FIRST + r"(?:[^\s:#]|:(?=\S)|#| +(?=[^\s#]))*"
"""A plain scalar of a block collection on one line: no `: `, no ` #`, no `:` at the end."""

_KEY = re.compile(
    r"(?:("
    + _PLAIN_FIRST
    + r"""(?:[^:#]*[^\s:#])?)|'((?:[^'\n]|'')*)'|"([^"\\]*)"):(?: +(?:("""
    + _PLAIN_VALUE
    + r")(?: +#.*| *)$)?|$)"
)
"""A key of a block mapping (groups 1-3: plain, single or double quoted; plain keys contain no `:` and no `#`),
the `:` after it, and a plain value on the same line (group 4) when there is one."""

_SCALAR = r"(?:(" + _PLAIN_FIRST + r"""[^\s:,\[\]{}#?]*(?: +[^\s:,\[\]{}#?]+)*)|'((?:[^']|'')*)'|"([^"\\]*)")"""
"""A scalar inside a flow collection, on one line: plain (without `:`, `#`, `?` or a flow indicator: libyaml ends
a plain scalar of a flow collection at `?`), single or double quoted."""

_PAIR = re.compile(r" *" + _SCALAR + r": +(?:" + _SCALAR + r" *(?:(,)|([\]}]))?|([\[{]))")
"""An entry of a flow mapping: key (groups 1-3), then a scalar value (4-6) with the `,` (7) or close (8) after
it, or the opening of a collection (9)."""

_ITEM = re.compile(r" *(?:" + _SCALAR + r" *(?:(,)|([\]}]))?|([\[{]))")
"""An entry of a flow sequence: a scalar (groups 1-3) with the `,` (4) or close (5) after it, or an opening (6)."""

_AFTER = re.compile(r" *(?:(,)|([\]}])|(?<![^ ])#.*$|$)")
"""What may follow an entry: `,` (group 1), a close (2), or the end of the line."""

_REST = re.compile(r" *(?:(?<![^ ])#.*)?$")
_DOUBLE = re.compile(r'"([^"\\]*)"(?: +#.*| *)$')
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +#.*| *)$")
_BLOCK = re.compile(r"([|>])(-?)(?: +#.*| *)$")
_TAIL = re.compile(r"(?: +#.*| *)$")
_NOT_PLAIN_FIRST = frozenset("?:,[]{}#&*!|>'\"%@`")


def _is_entry(line: str, col: int) -> bool:
    """Whether a block sequence entry (`-` then a space or the end of the line) starts at column `col`."""
    return line.startswith("-", col) and line[col + 1 : col + 2] in ("", " ")


class _Outside(Exception):
    """The text leaves the part of YAML this reader knows: the event path reads it."""


def read(text: str, name: str) -> Mapping | None:
    """The root mapping of `text` as the event path would build it, or None when the event path must read it."""
    if len(text) > MAX_TEXT:
        return None
    try:
        return _Reader(text, name).document()
    except (_Outside, NumberProblem):
        return None


class _Reader:
    """The text as lines, and the content lines (neither blank nor only a comment) with their indentation.

    A block collection's entries are the content lines at its indentation; it
    ends at the first content line indented less, and its span ends where that
    line's first token starts (where libyaml puts the end of a block), or, after
    the last row, where `end_of_block` says. A final row at indentation -1 stands
    for the end of the text.
    """

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.lines = lines = text.split("\n")
        # Printable (`str.isprintable`) is a subset of what YAML allows, without tabs, carriage returns, the
        # line breaks of YAML 1.1 (NEL, LS, PS), byte order marks or no-break spaces: where these are, the
        # event path is the better judge.
        if not all(map(str.isprintable, lines)):
            raise _Outside
        stripped = [line.lstrip(" ") for line in lines]
        self.rows = rows = [number for number, rest in enumerate(stripped) if rest and rest[0] != "#"]
        self.indents = indents = [len(lines[number]) - len(stripped[number]) for number in rows]
        if any(lines[number].startswith(_MARKERS) for number, indent in zip(rows, indents, strict=True) if not indent):
            raise _Outside
        rows.append(len(lines))
        indents.append(-1)
        self.starts: list[int] = []

    def document(self) -> Mapping:
        """The root: a block mapping at the left margin (anything else is for the event path to report)."""
        if self.indents[0] != 0:
            raise _Outside
        return self.mapping(0, 0, 1)[0]

    def span(self, line: int, col: int, end_line: int, end_col: int) -> Span:
        return tuple.__new__(Span, (self.name, line + 1, col + 1, end_line + 1, end_col + 1))

    def end_of_block(self, k: int, col: int) -> tuple[int, int]:
        """Where the block at column `col` ends that row `k` closes (libyaml's block end token).

        At the end of the text, blocks to the right of where the text stops end there; the others end at
        the start of the line after it.
        """
        indent = self.indents[k]
        if indent >= 0:
            return self.rows[k], indent
        last = len(self.lines) - 1
        stop = len(self.lines[last])
        return (last, stop) if col > stop else (last + 1 if stop else last, 0)

    def block(self, k: int, col: int, depth: int) -> tuple[Node, int]:
        """The block collection whose first entry starts at column `col` of row `k`."""
        line = self.lines[self.rows[k]]
        if _is_entry(line, col):
            return self.sequence(k, col, depth, False)
        return self.mapping(k, col, depth)

    def mapping(self, k: int, col: int, depth: int) -> tuple[Mapping, int]:
        """The block mapping whose first key starts at column `col` of row `k`, and the row after it."""
        if depth > MAX_DEPTH:
            raise _Outside
        lines, rows, indents, name = self.lines, self.rows, self.indents, self.name
        new = tuple.__new__
        first = rows[k]
        items: list[tuple[Scalar, Node]] = []
        seen: set[str] = set()
        while True:
            number = rows[k]
            line = lines[number]
            match = _KEY.match(line, col)
            if match is None:
                raise _Outside
            plain, single, double, text = match.groups()
            if plain is not None:
                if (plain[:1] in RESOLVED_STARTS or plain in WORDS) and type(resolve_plain(plain)) is not str:
                    raise _Outside
                colon = col + len(plain)
                key = new(
                    Scalar, (plain, plain, "", new(Span, (name, number + 1, col + 1, number + 1, colon + 1)), plain)
                )
            else:
                colon = match.end(2 if double is None else 3) + 1
                quoted = single.replace("''", "'") if double is None else double
                style = "'" if double is None else '"'
                span = new(Span, (name, number + 1, col + 1, number + 1, colon + 1))
                key = new(Scalar, (quoted, quoted, style, span, line[col:colon]))
            if key.text in seen or len(key.text) > MAX_KEY:
                raise _Outside
            seen.add(key.text)
            value: Node
            if text is not None:
                at = match.start(4)
                span = new(Span, (name, number + 1, at + 1, number + 1, at + len(text) + 1))
                resolved = text if text[:1] not in RESOLVED_STARTS and text not in WORDS else resolve_plain(text)
                value = new(Scalar, (resolved, text, "", span, text))
                k += 1
            elif (at := match.end()) == len(line) or line[at] == "#":
                value, k = self.below(k, col, number, colon + 1, depth, True)
            else:
                value, k = self.value(k, number, at, col, depth)
            items.append((key, value))
            indent = indents[k]
            if indent != col:
                if indent > col:
                    raise _Outside
                end, end_col = self.end_of_block(k, col)
                return new(Mapping, (tuple(items), self.span(first, col, end, end_col))), k

    def sequence(self, k: int, col: int, depth: int, indentless: bool) -> tuple[Sequence, int]:
        """A block sequence; `indentless` when it stands at the indentation of the mapping it is a value of."""
        if depth > MAX_DEPTH:
            raise _Outside
        lines, rows, indents = self.lines, self.rows, self.indents
        first = rows[k]
        items: list[Node] = []
        while True:
            number = rows[k]
            line = lines[number]
            if not line.startswith("-", col):
                if indentless:
                    break
                raise _Outside
            after = col + 1
            rest = line[after:].lstrip(" ")
            if after < len(line) and line[after] != " ":
                raise _Outside
            at = len(line) - len(rest)
            node: Node
            if not rest or rest[0] == "#":
                node, k = self.below(k, col, number, after, depth, False)
            elif _is_entry(line, at):
                node, k = self.sequence(k, at, depth + 1, False)
            elif _KEY.match(line, at) is not None:
                node, k = self.mapping(k, at, depth + 1)
            else:
                node, k = self.value(k, number, at, col, depth)
            items.append(node)
            indent = indents[k]
            if indent != col:
                if indent > col:
                    raise _Outside
                break
        end, end_col = self.end_of_block(k, col)
        return tuple.__new__(Sequence, (tuple(items), self.span(first, col, end, end_col))), k

    def below(self, k: int, col: int, number: int, mark: int, depth: int, in_mapping: bool) -> tuple[Node, int]:
        """The value of a key or entry whose line ends after its indicator: a block below it, or null."""
        k += 1
        indent = self.indents[k]
        if indent > col:
            return self.block(k, indent, depth + 1)
        if in_mapping and indent == col:
            line = self.lines[self.rows[k]]
            if _is_entry(line, col):
                return self.sequence(k, col, depth + 1, True)
        if not in_mapping:
            raise _Outside
        return tuple.__new__(Scalar, (None, "", "", self.span(number, mark, number, mark), "")), k

    def value(self, k: int, number: int, at: int, col: int, depth: int) -> tuple[Node, int]:
        """The value that starts at column `at` of row `k`, inside a block collection at column `col`."""
        line = self.lines[number]
        first = line[at]
        new = tuple.__new__
        if first == '"' or first == "'":
            match = (_DOUBLE if first == '"' else _SINGLE).match(line, at)
            if match is None:
                raise _Outside
            end = match.end(1) + 1
            text = match.group(1) if first == '"' else match.group(1).replace("''", "'")
            return new(Scalar, (text, text, first, self.span(number, at, number, end), line[at:end])), k + 1
        if first == "{" or first == "[":
            node, end_number, end = self.flow(number, at, col, depth + 1)
            if _TAIL.match(self.lines[end_number], end) is None:
                raise _Outside
            return node, bisect_left(self.rows, end_number + 1, k)
        if first == "|" or first == ">":
            return self.block_scalar(k, number, at, col)
        if first in _NOT_PLAIN_FIRST or _is_entry(line, at):
            raise _Outside
        cut = line.find(" #", at)
        text = (line[at:] if cut < 0 else line[at:cut]).rstrip(" ")
        if ": " in text or text[-1] == ":":
            raise _Outside
        value = text if text[:1] not in RESOLVED_STARTS and text not in WORDS else resolve_plain(text)
        return new(Scalar, (value, text, "", self.span(number, at, number, at + len(text)), text)), k + 1

    def flow(self, number: int, at: int, col: int, depth: int) -> tuple[Node, int, int]:
        """The flow collection that opens at column `at` of line `number`, and the line and column after it.

        One regular expression reads a whole entry (a key, its value and the `,` or close after it);
        `entry` says whether an entry may come next (after an opening or a `,`) or only a `,` or close.
        """
        lines, name = self.lines, self.name
        new = tuple.__new__
        line = lines[number]
        stack: list[tuple[bool, int, int, list[Any], set[str]]] = []
        is_map = line[at] == "{"
        read_entry = _PAIR.match if is_map else _ITEM.match
        items: list[Any] = []
        keys: set[str] = set()
        start_line, start_col, row = number, at, number + 1
        pos = at + 1
        entry = True
        while True:
            node: Node
            if entry:
                match = read_entry(line, pos)
                if match is None:
                    if _REST.match(line, pos) is not None:  # the collection goes on on the next line
                        number, line, pos = self.next_flow_line(number, col)
                        row = number + 1
                        continue
                    if not items and line.startswith("]" if not is_map else "}", pos):
                        entry = False  # an empty collection: its close is read below
                        continue
                    raise _Outside
                pos = match.end()
                groups = match.groups()
                if is_map:
                    text = groups[0]
                    if text is not None and text[:1] not in RESOLVED_STARTS and text not in WORDS:
                        begin = match.start(1)
                        key = new(
                            Scalar,
                            (text, text, "", new(Span, (name, row, begin + 1, row, begin + len(text) + 1)), text),
                        )
                    else:
                        key = self.flow_scalar(match, 1, groups, number)
                        text = key.text
                        if type(key.value) is not str:
                            raise _Outside
                    if text in keys or len(text) > MAX_KEY:
                        raise _Outside
                    keys.add(text)
                    first, comma, close, opening = 4, groups[6], groups[7], groups[8]
                else:
                    first, comma, close, opening = 1, groups[3], groups[4], groups[5]
                if opening is not None:
                    if len(stack) + depth >= MAX_DEPTH:
                        raise _Outside
                    stack.append((is_map, start_line, start_col, items, keys))
                    if is_map:
                        items.append(key)  # the value follows when the inner collection closes
                    is_map = opening == "{"
                    read_entry = _PAIR.match if is_map else _ITEM.match
                    start_line, start_col, items, keys = number, pos - 1, [], set()
                    continue
                text = groups[first - 1]
                if text is not None and text[:1] not in RESOLVED_STARTS and text not in WORDS:
                    begin = match.start(first)
                    value = new(
                        Scalar, (text, text, "", new(Span, (name, row, begin + 1, row, begin + len(text) + 1)), text)
                    )
                else:
                    value = self.flow_scalar(match, first, groups, number)
                items.append((key, value) if is_map else value)
                if comma is not None:
                    continue
                if close is None:
                    entry = False
                    continue
                match = None
            else:
                match = _AFTER.match(line, pos)
                if match is None:
                    raise _Outside
                comma, close = match.groups()
                if comma is not None:
                    pos = match.end()
                    entry = True
                    continue
                if close is None:
                    number, line, pos = self.next_flow_line(number, col)
                    row = number + 1
                    continue
                pos = match.end()
            if (line[pos - 1] == "}") != is_map:
                raise _Outside
            span = new(Span, (name, start_line + 1, start_col + 1, number + 1, pos + 1))
            node = new(Mapping, (tuple(items), span)) if is_map else new(Sequence, (tuple(items), span))
            if not stack:
                return node, number, pos
            is_map, start_line, start_col, items, keys = stack.pop()
            read_entry = _PAIR.match if is_map else _ITEM.match
            items.append((items.pop(), node) if is_map else node)
            entry = False

    def next_flow_line(self, number: int, col: int) -> tuple[int, str, int]:
        """The next line of a flow collection that goes on over lines, and where its content starts."""
        number += 1
        if number == len(self.lines):
            raise _Outside  # the text ends inside the collection
        line = self.lines[number]
        pos = len(line) - len(line.lstrip(" "))
        if pos <= col and pos < len(line) and line[pos] != "#":
            raise _Outside  # continuation lines stand to the right of the block the collection is in
        return number, line, pos

    def flow_scalar(self, match: re.Match[str], group: int, groups: tuple[str | None, ...], number: int) -> Scalar:
        """The scalar of a flow entry that `_SCALAR`'s three groups from `group` on have read."""
        new = tuple.__new__
        plain = groups[group - 1]
        if plain is not None:
            begin = match.start(group)
            value = plain if plain[:1] not in RESOLVED_STARTS and plain not in WORDS else resolve_plain(plain)
            span = new(Span, (self.name, number + 1, begin + 1, number + 1, begin + len(plain) + 1))
            return new(Scalar, (value, plain, "", span, plain))
        single = groups[group]
        style = "'" if single is not None else '"'
        at = group + 1 if single is not None else group + 2
        begin, end = match.start(at) - 1, match.end(at) + 1
        text = single.replace("''", "'") if single is not None else groups[group + 1]
        assert text is not None
        span = new(Span, (self.name, number + 1, begin + 1, number + 1, end + 1))
        return new(Scalar, (text, text, style, span, self.lines[number][begin:end]))

    def block_scalar(self, k: int, number: int, at: int, col: int) -> tuple[Scalar, int]:
        """A literal (`|`) or folded (`>`) scalar, clipped or stripped (`-`), indented under its key."""
        lines = self.lines
        header = _BLOCK.match(lines[number], at)
        if header is None:
            raise _Outside
        style, strip = header.group(1), header.group(2) == "-"
        if number + 1 == len(lines):
            raise _Outside  # an empty block scalar at the end of the text
        first = lines[number + 1]
        indent = len(first) - len(first.lstrip(" "))
        if indent <= col or indent == len(first):
            raise _Outside
        parts: list[str] = []
        end = number + 1
        last = len(lines) - 1
        while True:
            if end > last:
                raise _Outside  # content up to the end of a text without a final line break
            line = lines[end]
            stripped = line.lstrip(" ")
            if not stripped:
                if len(line) > indent:
                    raise _Outside
                if end == last:
                    break
                parts.append("")
                end += 1
                continue
            if len(line) - len(stripped) < indent:
                break
            if style == ">" and len(line) - len(stripped) > indent:
                raise _Outside
            parts.append(line[indent:])
            end += 1
        while parts and parts[-1] == "":
            parts.pop()
        if style == "|":
            text = "\n".join(parts)
        else:  # folded: a line break between two lines becomes a space, and n empty lines n breaks
            text, empty = parts[0], 0
            for part in parts[1:]:
                if part:
                    text += ("\n" * empty if empty else " ") + part
                    empty = 0
                else:
                    empty += 1
        if not strip:
            text += "\n"
        if not self.starts:
            self.starts = [0, *accumulate(len(line) + 1 for line in lines)]
        raw = self.text[self.starts[number] + at : self.starts[end]]
        span = self.span(number, at, end, 0)  # libyaml ends a block scalar at the start of the line after it
        return tuple.__new__(Scalar, (text, text, style, span, raw)), bisect_left(self.rows, end, k)
