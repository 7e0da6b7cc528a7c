"""The portable regular-expression subset: its parser, its backtracking check and its translations.

Spec authors write `pattern:` constraints and `matches(text, 'pattern')` in expressions. The same
pattern runs in Python `re` (generated Python validators, the `jsonschema` package) and in ECMA-262
with the `u` flag (generated JavaScript validators, ajv). The two engines disagree on `\\d`, `\\w`,
`\\s`, `.`, `$`, `\\b`, escapes and much more, so svcdef accepts only a small subset with one meaning,
rejects patterns that could backtrack catastrophically, and writes every pattern out again in a
canonical spelling per engine. `docs/patterns.md` describes the subset, the rules and the translations.

This module is self-contained (standard library only) so that it can be used and tested on its own.
"""

from __future__ import annotations

from typing import NoReturn, TypeAlias, assert_never

from .frozen import Frozen, set_attribute

__all__ = [
    "MAX_PATTERN_LENGTH",
    "MAX_POSITIONS",
    "MAX_REPEAT",
    "Alternation",
    "CharClass",
    "Concat",
    "Group",
    "Literal",
    "Node",
    "PatternProblem",
    "Regex",
    "Repeat",
    "parse_pattern",
    "to_ecma",
    "to_json_schema",
    "to_python",
]

MAX_PATTERN_LENGTH = 1000
"""Longest pattern text accepted, in characters (E0304 beyond)."""

MAX_REPEAT = 1000
"""Largest bound allowed in `{n}`, `{n,}` and `{n,m}` (E0304 beyond)."""

MAX_POSITIONS = 10_000
"""Most character positions a pattern may have once its repeats are written out (E0304 beyond)."""

MAX_CODE_POINT = 0x10FFFF

Ranges: TypeAlias = tuple[tuple[int, int], ...]
"""A set of code points: sorted, disjoint, non-adjacent inclusive ranges."""

PARSE_ERROR = "E0303"
NOT_PORTABLE = "E0304"
BACKTRACKING = "E0305"


class PatternProblem(Frozen):
    """One thing wrong with a pattern; `offset` and `end` are character offsets into the pattern text."""

    __slots__ = ("code", "end", "hint", "message", "offset")
    _compared = ("offset", "end", "code", "message", "hint")

    offset: int
    end: int
    code: str
    message: str
    hint: str

    def __init__(self, offset: int, end: int, code: str, message: str, hint: str) -> None:
        set_attribute(self, "offset", offset)
        set_attribute(self, "end", end)
        set_attribute(self, "code", code)
        set_attribute(self, "message", message)
        set_attribute(self, "hint", hint)


# -- the syntax tree ---------------------------------------------------------------------------
# Every node carries `start` and `end`, character offsets into the pattern text.


class Literal(Frozen):
    """One character that matches itself: `a`, `\\.`, `\\n`, `\\u00E9`, `\\x41`."""

    __slots__ = ("code_point", "end", "start")
    _compared = ("code_point", "start", "end")

    code_point: int
    start: int
    end: int

    def __init__(self, code_point: int, start: int, end: int) -> None:
        set_attribute(self, "code_point", code_point)
        set_attribute(self, "start", start)
        set_attribute(self, "end", end)


class CharClass(Frozen):
    """One character out of a set: `[...]`, `[^...]`, `.`, `\\d \\D \\w \\W \\s \\S`.

    `ranges` is the set written inside the brackets, with class escapes already resolved to their
    ASCII definitions; `negated` says the class matches every character *not* in `ranges`.
    """

    __slots__ = ("end", "negated", "ranges", "start")
    _compared = ("ranges", "negated", "start", "end")

    ranges: Ranges
    negated: bool
    start: int
    end: int

    def __init__(self, ranges: Ranges, negated: bool, start: int, end: int) -> None:
        set_attribute(self, "ranges", ranges)
        set_attribute(self, "negated", negated)
        set_attribute(self, "start", start)
        set_attribute(self, "end", end)


class Group(Frozen):
    """`( ... )` or `(?: ... )`; `capturing` records which was written (both translate to `(?: )`)."""

    __slots__ = ("body", "capturing", "end", "start")
    _compared = ("body", "capturing", "start", "end")

    body: Node
    capturing: bool
    start: int
    end: int

    def __init__(self, body: Node, capturing: bool, start: int, end: int) -> None:
        set_attribute(self, "body", body)
        set_attribute(self, "capturing", capturing)
        set_attribute(self, "start", start)
        set_attribute(self, "end", end)


class Concat(Frozen):
    """Its items one after the other; no items means the empty string."""

    __slots__ = ("end", "items", "start")
    _compared = ("items", "start", "end")

    items: tuple[Node, ...]
    start: int
    end: int

    def __init__(self, items: tuple[Node, ...], start: int, end: int) -> None:
        set_attribute(self, "items", items)
        set_attribute(self, "start", start)
        set_attribute(self, "end", end)


class Alternation(Frozen):
    """`a|b|c`: any one of its branches (at least two)."""

    __slots__ = ("branches", "end", "start")
    _compared = ("branches", "start", "end")

    branches: tuple[Node, ...]
    start: int
    end: int

    def __init__(self, branches: tuple[Node, ...], start: int, end: int) -> None:
        set_attribute(self, "branches", branches)
        set_attribute(self, "start", start)
        set_attribute(self, "end", end)


class Repeat(Frozen):
    """`body*`, `body+`, `body?`, `body{n}`, `body{n,}`, `body{n,m}`; greedy. `max` is None when unbounded."""

    __slots__ = ("body", "end", "max", "min", "start")
    _compared = ("body", "min", "max", "start", "end")

    body: Node
    min: int
    max: int | None
    start: int
    end: int

    def __init__(self, body: Node, min: int, max: int | None, start: int, end: int) -> None:
        set_attribute(self, "body", body)
        set_attribute(self, "min", min)
        set_attribute(self, "max", max)
        set_attribute(self, "start", start)
        set_attribute(self, "end", end)


Node: TypeAlias = Literal | CharClass | Group | Concat | Alternation | Repeat


class Regex(Frozen):
    """A pattern accepted by `parse_pattern`: its tree and the text it was read from.

    The tree never contains the anchors `^` and `$`: every pattern matches the whole value.
    """

    __slots__ = ("body", "source")
    _compared = ("body", "source")

    body: Node
    source: str

    def __init__(self, body: Node, source: str) -> None:
        set_attribute(self, "body", body)
        set_attribute(self, "source", source)


# -- code point sets ----------------------------------------------------------------------------

_DIGIT: Ranges = ((0x30, 0x39),)
_WORD: Ranges = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
_SPACE: Ranges = ((0x09, 0x0D), (0x20, 0x20))
_LINE_TERMINATORS: Ranges = ((0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029))


def _normalize(ranges: list[tuple[int, int]]) -> Ranges:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return tuple(merged)


def _complement(ranges: Ranges) -> Ranges:
    result: list[tuple[int, int]] = []
    next_lo = 0
    for lo, hi in ranges:
        if lo > next_lo:
            result.append((next_lo, lo - 1))
        next_lo = hi + 1
    if next_lo <= MAX_CODE_POINT:
        result.append((next_lo, MAX_CODE_POINT))
    return tuple(result)


def _common(a: Ranges, b: Ranges) -> int | None:
    """The smallest code point in both sets, or None if they are disjoint."""
    i = j = 0
    while i < len(a) and j < len(b):
        lo = max(a[i][0], b[j][0])
        if lo <= min(a[i][1], b[j][1]):
            return lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return None


def _is_surrogate(code_point: int) -> bool:
    return 0xD800 <= code_point <= 0xDFFF


def _matched_set(node: Literal | CharClass) -> Ranges:
    if isinstance(node, Literal):
        return ((node.code_point, node.code_point),)
    return _complement(node.ranges) if node.negated else node.ranges


# -- the parser --------------------------------------------------------------------------------

_METACHARACTERS = frozenset(".-\\/()[]{}*+?|^$")
_CONTROL_ESCAPES = {"n": 0x0A, "r": 0x0D, "t": 0x09, "f": 0x0C, "v": 0x0B}
_CLASS_ESCAPES: dict[str, tuple[Ranges, bool]] = {
    "d": (_DIGIT, False),
    "D": (_DIGIT, True),
    "w": (_WORD, False),
    "W": (_WORD, True),
    "s": (_SPACE, False),
    "S": (_SPACE, True),
}
_HEX = frozenset("0123456789abcdefABCDEF")
_INLINE_FLAGS = frozenset("aiLmsux-")
_POSIX_CLASSES = {
    "alpha": "A-Za-z",
    "digit": "0-9",
    "alnum": "A-Za-z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "space": "\\s",
    "xdigit": "0-9A-Fa-f",
    "word": "\\w",
    "blank": " \\t",
    "punct": "!-\\/:-@\\[-`{-~",
}
_WHOLE_VALUE = "drop it: a pattern always matches the whole value"


_Escaped: TypeAlias = int | tuple[Ranges, bool] | None
"""What an escape reads as: a code point, a class set with its negation, or None after a reported problem."""


class _Stop(Exception):
    """Parsing cannot go on; the reason has been recorded as a problem."""


class _Parser:
    """A recursive-descent parser that records problems and, where it safely can, reads on past them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0
        self.problems: list[PatternProblem] = []

    # -- bookkeeping

    def _report(self, code: str, start: int, end: int, message: str, hint: str) -> None:
        self.problems.append(PatternProblem(start, max(end, start + 1), code, message, hint))

    def _fail(self, start: int, end: int, message: str, hint: str) -> NoReturn:
        self._report(PARSE_ERROR, start, end, message, hint)
        raise _Stop

    def _peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def _skip_past(self, closing: str, start: int, what: str) -> None:
        """Move past the next `closing`, after a construct already reported as not portable."""
        index = self.text.find(closing, self.pos)
        if index < 0:
            self._fail(start, len(self.text), f"{what} is not closed by `{closing}`", f"add the missing `{closing}`")
        self.pos = index + len(closing)

    # -- structure

    def parse(self) -> Node:
        if self.text.startswith("^"):
            self.pos = 1
        body = self._alternation()
        if self.pos < len(self.text):
            self._fail(self.pos, self.pos + 1, "unmatched `)`", "remove it, or add the `(` it was meant to close")
        return body

    def _alternation(self) -> Node:
        start = self.pos
        branches = [self._concat()]
        while self._peek() == "|":
            self.pos += 1
            branches.append(self._concat())
        if len(branches) == 1:
            return branches[0]
        return Alternation(tuple(branches), start, self.pos)

    def _concat(self) -> Node:
        start = self.pos
        items: list[Node] = []
        while self.pos < len(self.text) and self.text[self.pos] not in "|)":
            piece = self._piece()
            if piece is not None:
                items.append(piece)
        if len(items) == 1:
            return items[0]
        return Concat(tuple(items), start, self.pos)

    def _piece(self) -> Node | None:
        start = self.pos
        char = self.text[start]
        if char in "*+?":
            self._fail(start, start + 1, f"`{char}` has nothing to repeat", f"write `\\{char}` for a literal `{char}`")
        if char == "{":
            if self._quantifier_syntax(start) is not None:
                self._fail(start, start + 1, "`{` has nothing to repeat", "write `\\{` for a literal `{`")
            self._report(
                NOT_PORTABLE,
                start,
                start + 1,
                "`{` that does not start a quantifier (JavaScript rejects it, Python reads it as a literal)",
                "write `\\{` for a literal `{`",
            )
            self.pos += 1
            return None
        atom = self._atom()
        quantifier = self._quantifier()
        if quantifier is None:
            return atom
        low, high = quantifier
        repeated = None if atom is None else Repeat(atom, low, high, start, self.pos)
        following = self._peek()
        if following in ("?", "+"):
            if following == "?":
                message = "lazy quantifiers are outside the portable subset"
                hint = "remove the `?`: a pattern always matches the whole value, so lazy and greedy accept the same values"
            else:
                message = "possessive quantifiers are not supported by JavaScript"
                hint = "remove the second `+` and make the pattern unambiguous instead"
            self._report(NOT_PORTABLE, self.pos, self.pos + 1, message, hint)
            self.pos += 1
        following = self._peek()
        if following in ("*", "+", "?") or (following == "{" and self._quantifier_syntax(self.pos) is not None):
            self._fail(
                self.pos,
                self.pos + 1,
                "a quantifier cannot follow another quantifier",
                "put the repeated part in a group: `(?:a{2})*`, or merge the quantifiers",
            )
        return repeated

    def _quantifier_syntax(self, start: int) -> tuple[str, str | None, int] | None:
        """Read `{digits}`, `{digits,}`, `{digits,digits}` or `{,digits}` at `start`: (low, high, end) or None."""
        text = self.text
        index = start + 1
        while index < len(text) and text[index].isascii() and text[index].isdigit():
            index += 1
        low = text[start + 1 : index]
        high: str | None = None
        if index < len(text) and text[index] == ",":
            index += 1
            high_start = index
            while index < len(text) and text[index].isascii() and text[index].isdigit():
                index += 1
            high = text[high_start:index]
        if index >= len(text) or text[index] != "}" or (not low and not high):
            return None
        return low, high, index + 1

    def _quantifier(self) -> tuple[int, int | None] | None:
        start = self.pos
        char = self._peek()
        if char in ("*", "+", "?"):
            self.pos += 1
            return {"*": (0, None), "+": (1, None), "?": (0, 1)}[char]
        if char != "{":
            return None
        syntax = self._quantifier_syntax(start)
        if syntax is None:
            return None
        low_text, high_text, end = syntax
        self.pos = end
        if not low_text:
            self._report(
                NOT_PORTABLE,
                start,
                end,
                "`{,n}` means 0 to n in Python but is an error in JavaScript",
                f"write `{{0,{high_text}}}`",
            )
            low_text = "0"
        low = int(low_text)
        high = low if high_text is None else (None if high_text == "" else int(high_text))
        if low > MAX_REPEAT or (high is not None and high > MAX_REPEAT):
            self._report(
                NOT_PORTABLE,
                start,
                end,
                f"repeat bounds may be at most {MAX_REPEAT}",
                "use a smaller bound, or limit the length with `max_length` and repeat with `*`",
            )
            low = min(low, MAX_REPEAT)
            high = None if high is None else min(high, MAX_REPEAT)
        if high is not None and low > high:
            self._fail(
                start,
                end,
                f"the repeat `{self.text[start:end]}` has its bounds out of order",
                "write the smaller bound first",
            )
        return low, high

    def _atom(self) -> Node | None:
        start = self.pos
        char = self.text[start]
        if char == "(":
            return self._group()
        if char == "[":
            return self._class()
        if char == ".":
            self.pos += 1
            return CharClass(_LINE_TERMINATORS, True, start, self.pos)
        if char == "\\":
            value = self._escape(in_class=False)
            if value is None:
                return None
            if isinstance(value, int):
                return Literal(value, start, self.pos)
            return CharClass(value[0], value[1], start, self.pos)
        self.pos += 1
        if char == "^":
            self._report(
                NOT_PORTABLE, start, start + 1, "`^` is allowed only at the very start of the pattern", _WHOLE_VALUE
            )
            return None
        if char == "$":
            if start == len(self.text) - 1 and self.depth == 0:
                return None
            self._report(
                NOT_PORTABLE, start, start + 1, "`$` is allowed only at the very end of the pattern", _WHOLE_VALUE
            )
            return None
        if char in "]}":
            self._report(
                NOT_PORTABLE,
                start,
                start + 1,
                f"an unescaped `{char}` is a literal in Python but an error in JavaScript",
                f"write `\\{char}`",
            )
            return None
        if _is_surrogate(ord(char)):
            self._report(NOT_PORTABLE, start, start + 1, "lone surrogate code point", "write the whole character")
            return None
        return Literal(ord(char), start, self.pos)

    def _group(self) -> Node | None:
        start = self.pos
        text = self.text
        capturing = True
        keep = True
        if text.startswith("(?", start):
            capturing = False
            keep = self._group_prefix(start)
        else:
            self.pos += 1
        self.depth += 1
        body = self._alternation()
        self.depth -= 1
        if self._peek() != ")":
            self._fail(start, start + 1, "`(` is never closed", "add the missing `)`, or write `\\(` for a literal `(`")
        self.pos += 1
        return Group(body, capturing, start, self.pos) if keep else None

    def _group_prefix(self, start: int) -> bool:
        """Read what follows `(?`; report it unless it is `(?:`. Return whether the group is kept."""
        text = self.text
        rest = text[start + 2 : start + 4]
        if rest.startswith(":"):
            self.pos = start + 3
            return True
        if rest[:1] in ("=", "!") or rest in ("<=", "<!"):
            length = 3 if rest[:1] in ("=", "!") else 4
            kind = "lookahead" if length == 3 else "lookbehind"
            self._report(
                NOT_PORTABLE,
                start,
                start + length,
                f"{kind} `{text[start : start + length]}` is outside the portable subset",
                "spell out the allowed characters with classes instead: a pattern always matches the whole value",
            )
            self.pos = start + length
            return False
        if rest.startswith("P<") or rest.startswith("<") or rest.startswith("'"):
            self.pos = start + 2
            closing = "'" if rest.startswith("'") else ">"
            self._skip_past(closing, start, "the group name")
            self._report(
                NOT_PORTABLE,
                start,
                self.pos,
                "named groups are written differently in Python and JavaScript",
                "use a plain group `( )` or `(?: )`",
            )
            return False
        if rest.startswith("P=") or rest.startswith("P>") or rest[:1] in ("R", "&") or rest[:1].isdigit():
            self.pos = start + 2
            self._skip_past(")", start, "the group")
            self._report(
                NOT_PORTABLE,
                start,
                self.pos,
                "backreferences and recursion are outside the portable subset",
                "repeat the sub-pattern itself instead of referring to it",
            )
            self.pos -= 1
            return False
        if rest.startswith("#"):
            self.pos = start + 2
            self._skip_past(")", start, "the comment")
            self._report(
                NOT_PORTABLE,
                start,
                self.pos,
                "comments `(?#...)` are not supported by JavaScript",
                "remove the comment",
            )
            self.pos -= 1
            return False
        if rest.startswith(">") or rest.startswith("|"):
            name = "atomic groups" if rest.startswith(">") else "branch-reset groups"
            self._report(NOT_PORTABLE, start, start + 3, f"{name} are outside the portable subset", "use `(?: )`")
            self.pos = start + 3
            return False
        index = start + 2
        while index < len(text) and text[index] in _INLINE_FLAGS:
            index += 1
        if index > start + 2 and index < len(text) and text[index] in ":)":
            self._report(
                NOT_PORTABLE,
                start,
                index + 1,
                "inline flags are outside the portable subset",
                "spell out both cases where needed, e.g. `[Aa]` or `[A-Za-z]`",
            )
            self.pos = index if text[index] == ")" else index + 1
            return False
        if start + 2 >= len(text):
            self._fail(start, len(text), "the pattern ends inside `(?`", "finish the group, e.g. `(?: ... )`")
        self._report(
            NOT_PORTABLE,
            start,
            start + 3,
            f"`{text[start : start + 3]}` is outside the portable subset",
            "use `( )` or `(?: )`",
        )
        raise _Stop

    def _class(self) -> CharClass | None:
        start = self.pos
        text = self.text
        self.pos += 1
        negated = self._peek() == "^"
        if negated:
            self.pos += 1
        if self._peek() == "]":
            self.pos += 1
            self._report(
                NOT_PORTABLE,
                start,
                self.pos,
                f"the empty class `{text[start : self.pos]}` means different things in Python and JavaScript",
                "for any character write `[\\s\\S]`; for a literal `]` write `\\]`",
            )
            return None
        items: list[tuple[int, int]] = []
        problems_before = len(self.problems)
        first = True
        while True:
            if self.pos >= len(text):
                self._fail(
                    start, start + 1, "`[` is never closed", "add the missing `]`, or write `\\[` for a literal `[`"
                )
            if text[self.pos] == "]":
                self.pos += 1
                break
            if self._set_operation():
                first = False
                continue
            item_start = self.pos
            low = self._class_atom()
            if self._peek() == "-" and self._peek(1) not in ("]", ""):
                if self._set_operation():
                    first = False
                    continue
                self.pos += 1
                high = self._class_atom()
                if isinstance(low, int) and isinstance(high, int):
                    if low > high:
                        self._fail(
                            item_start,
                            self.pos,
                            f"the range `{text[item_start : self.pos]}` is out of order",
                            "write the smaller character first",
                        )
                    items.append((low, high))
                elif low is not None and high is not None:
                    self._fail(
                        item_start,
                        self.pos,
                        f"`{text[item_start : self.pos]}` is not a range: a class escape cannot be a range end",
                        "write `\\-` for a literal `-`",
                    )
            elif isinstance(low, int):
                if text[item_start] == "-" and not first and self._peek() != "]":
                    self._report(
                        NOT_PORTABLE,
                        item_start,
                        item_start + 1,
                        "a `-` in the middle of a class, outside a range, is ambiguous",
                        "write `\\-`, or move the `-` to the start or end of the class",
                    )
                items.append((low, low))
            elif low is not None:
                ranges, low_negated = low
                items.extend(_complement(ranges) if low_negated else ranges)
            first = False
        ranges = _normalize(items)
        if len(self.problems) > problems_before:
            return None
        if (ranges == ((0, MAX_CODE_POINT),) and negated) or (not ranges and not negated):
            self._report(
                NOT_PORTABLE, start, self.pos, "this class matches no character at all", "remove it or fix its contents"
            )
            return None
        return CharClass(ranges, negated, start, self.pos)

    def _set_operation(self) -> bool:
        pair = self.text[self.pos : self.pos + 2]
        if pair not in ("&&", "--", "~~", "||"):
            return False
        self._report(
            NOT_PORTABLE,
            self.pos,
            self.pos + 2,
            f"`{pair}` inside a class is a set operation in some engines (and a warning in Python)",
            "escape the characters (`\\-`) or list them once",
        )
        self.pos += 2
        return True

    def _class_atom(self) -> _Escaped:
        start = self.pos
        char = self.text[start]
        if char == "\\":
            return self._escape(in_class=True)
        if char == "[":
            kind = self._peek(1)
            if kind in (":", ".", "="):
                end = self.text.find(kind + "]", start + 2)
                end = start + 2 if end < 0 else end + 2
                name = self.text[start + 2 : end - 2]
                replacement = _POSIX_CLASSES.get(name)
                hint = f"write `{replacement}` inside the class" if replacement else "list the characters or ranges"
                self._report(
                    NOT_PORTABLE,
                    start,
                    end,
                    f"POSIX class `{self.text[start:end]}` is not supported by JavaScript",
                    hint,
                )
                self.pos = end
                return None
            self._report(
                NOT_PORTABLE,
                start,
                start + 1,
                "an unescaped `[` inside a class starts a nested set in some engines (and warns in Python)",
                "write `\\[`",
            )
            self.pos += 1
            return None
        self.pos += 1
        if _is_surrogate(ord(char)):
            self._report(NOT_PORTABLE, start, start + 1, "lone surrogate code point", "write the whole character")
            return None
        return ord(char)

    def _escape(self, in_class: bool) -> _Escaped:
        """Read an escape at `self.pos`: a code point, a class set, or None after reporting a problem."""
        start = self.pos
        text = self.text
        if start + 1 >= len(text):
            self._fail(start, start + 1, "the pattern ends with a lone `\\`", "write `\\\\` for a literal backslash")
        char = text[start + 1]
        self.pos = start + 2
        if char in _CLASS_ESCAPES:
            return _CLASS_ESCAPES[char]
        if char in _CONTROL_ESCAPES:
            return _CONTROL_ESCAPES[char]
        if char in _METACHARACTERS:
            return ord(char)
        if char in ("u", "x"):
            return self._hex_escape(start, char)
        if char == "b" and in_class:
            return self._not_portable(start, "`\\b` inside a class (backspace) is easily misread", "write `\\u0008`")
        if char in "bB":
            return self._not_portable(
                start,
                f"word boundary `\\{char}` differs between Python and JavaScript for non-ASCII letters",
                "spell out the allowed characters, e.g. `[A-Za-z]+`: a pattern always matches the whole value",
            )
        if char in "AZzG":
            return self._not_portable(start, f"anchor `\\{char}` is outside the portable subset", _WHOLE_VALUE)
        if char in "pP":
            if self._peek() == "{":
                self._skip_past("}", start, "the property name")
            return self._not_portable(
                start,
                "Unicode property escapes are not supported by Python `re`",
                "list the characters, e.g. `[A-Za-zÀ-ÖØ-öø-ÿ]` for Latin letters",
            )
        if char == "k":
            if self._peek() == "<":
                self._skip_past(">", start, "the group name")
            return self._not_portable(
                start, "backreferences are outside the portable subset", "repeat the sub-pattern itself"
            )
        if char in "123456789":
            while self._peek().isascii() and self._peek().isdigit():
                self.pos += 1
            return self._not_portable(
                start, "backreferences are outside the portable subset", "repeat the sub-pattern itself"
            )
        if char == "0":
            while self._peek() in tuple("01234567"):
                self.pos += 1
            return self._not_portable(
                start, "`\\0` and octal escapes differ between Python and JavaScript", "write `\\u0000` (or `\\uXXXX`)"
            )
        if char in "cNU":
            if char == "c" and self._peek().isascii() and self._peek().isalpha():
                self.pos += 1
            if char == "N" and self._peek() == "{":
                self._skip_past("}", start, "the character name")
            return self._not_portable(
                start,
                f"`\\{char}` escapes are not understood by both engines",
                "write the character itself, or `\\uXXXX` for a character in the Basic Multilingual Plane",
            )
        if char.isascii() and char.isalpha() and char in "aeghHKlLoQERVX":
            return self._not_portable(
                start,
                f"`\\{char}` is not understood by both engines",
                "write the character itself or `\\uXXXX`, or list the characters in a class",
            )
        if char.isascii() and char.isalnum():
            self._fail(
                start,
                self.pos,
                f"unknown escape `\\{char}`",
                "remove the backslash, or see docs/patterns.md for the escapes",
            )
        return self._not_portable(
            start,
            f"`\\{char}` is an error in JavaScript `u` mode, which allows a backslash only before metacharacters",
            f"write `{char}` without the backslash",
        )

    def _hex_escape(self, start: int, kind: str) -> _Escaped:
        text = self.text
        if self._peek() == "{":
            self._skip_past("}", start, "the escape")
            return self._not_portable(
                start,
                f"`\\{kind}{{...}}` is not understood by Python `re`",
                "write the character itself, or `\\uXXXX` for a character in the Basic Multilingual Plane",
            )
        digits = 4 if kind == "u" else 2
        value = text[self.pos : self.pos + digits]
        if len(value) != digits or not set(value) <= _HEX:
            self._fail(
                start,
                self.pos,
                f"`\\{kind}` must be followed by exactly {digits} hexadecimal digits",
                "write `\\u00E9` or `\\xE9`",
            )
        self.pos += digits
        code_point = int(value, 16)
        if _is_surrogate(code_point):
            return self._not_portable(
                start,
                "surrogate escapes pair up in JavaScript `u` mode but not in Python",
                "write the character itself",
            )
        return code_point

    def _not_portable(self, start: int, message: str, hint: str) -> _Escaped:
        self._report(NOT_PORTABLE, start, self.pos, message, hint)
        return None


# -- the backtracking check --------------------------------------------------------------------


def _position_count(node: Node) -> int:
    match node:
        case Literal() | CharClass():
            return 1
        case Group():
            return _position_count(node.body)
        case Concat():
            return sum(_position_count(item) for item in node.items)
        case Alternation():
            return sum(_position_count(branch) for branch in node.branches)
        case Repeat():
            copies = node.max if node.max is not None else max(node.min, 1)
            return copies * _position_count(node.body)
        case _:
            assert_never(node)


class _Position:
    """One character-consuming place in the pattern with its repeats written out."""

    __slots__ = ("atom", "chars", "follow", "follow_chars")

    def __init__(self, atom: Literal | CharClass, chars: Ranges) -> None:
        self.atom = atom
        self.chars = chars
        self.follow: list[_Entry] = []
        self.follow_chars: Ranges = ()


class _Entry:
    """Positions a match can go on to at one point, with the union of the characters they accept."""

    __slots__ = ("chars", "positions")

    def __init__(self, positions: tuple[_Position, ...], chars: Ranges) -> None:
        self.positions = positions
        self.chars = chars


class _Fragment:
    """A sub-pattern as the Glushkov construction sees it.

    `first` are the positions that can match its first character, `last` those that can match its
    last one, `empty` whether it can match the empty string. Every way through the fragment is counted:
    a position listed twice, or two ways to match the empty string, is an ambiguity.
    """

    __slots__ = ("empty", "first", "last")

    def __init__(self, first: _Entry, last: list[_Position], empty: bool) -> None:
        self.first = first
        self.last = last
        self.empty = empty


_NO_ENTRY = _Entry((), ())


class _Ambiguous(Exception):
    def __init__(self, problem: PatternProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _Determinism:
    """Check that the pattern is deterministic: at every point, the next character decides how it is matched.

    A backtracking engine (Python `re`, V8's irregexp) then never has two ways to consume a character,
    so every alternative it tries fails before the next character, and matching takes time linear in
    the length of the value. The check builds the Glushkov position automaton with every repeat written
    out, counting ways rather than collapsing them, so that `(a+)+` (one position, two ways to repeat
    it) is caught along with `(a|ab)*` and `a?a`.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def fragment(self, node: Node) -> _Fragment:
        match node:
            case Literal() | CharClass():
                position = _Position(node, _matched_set(node))
                return _Fragment(_Entry((position,), position.chars), [position], False)
            case Group():
                if isinstance(node.body, Alternation):
                    return self.alternation(node.body, node)
                return self.fragment(node.body)
            case Concat():
                result = _Fragment(_NO_ENTRY, [], True)
                for item in node.items:
                    result = self.then(result, self.fragment(item), node)
                return result
            case Alternation():
                return self.alternation(node, node)
            case Repeat():
                return self.repeat(node)
            case _:
                assert_never(node)

    def alternation(self, node: Alternation, shown: Node) -> _Fragment:
        """The fragment of `node`; problems show `shown`, the enclosing group if there is one."""
        fragments = [self.fragment(branch) for branch in node.branches]
        empty = [fragment for fragment in fragments if fragment.empty]
        if len(empty) > 1:
            raise self.empty_twice(shown)
        first = _NO_ENTRY
        for fragment in fragments:
            first = self.merge(first, fragment.first, shown)
        return _Fragment(first, [p for fragment in fragments for p in fragment.last], bool(empty))

    def repeat(self, node: Repeat) -> _Fragment:
        if node.max == 0:
            return _Fragment(_NO_ENTRY, [], True)
        copies = [self.fragment(node.body) for _ in range(node.min)]
        if node.max is None:
            loop = copies.pop() if copies else self.fragment(node.body)
            if loop.empty:
                raise _Ambiguous(
                    PatternProblem(
                        node.start,
                        node.end,
                        BACKTRACKING,
                        f"`{self.source(node.body)}` can match the empty text, so its repetition can go round without consuming anything",
                        "make the repeated part match at least one character: `(a*)*` → `a*`, `(a?b?)*` → `(a|b)*`",
                    )
                )
            for position in loop.last:
                self.follow(position, loop.first, node)
            copies.append(_Fragment(loop.first, loop.last, node.min == 0))
        else:
            optional: _Fragment | None = None
            for _ in range(node.max - node.min):
                inner = self.fragment(node.body)
                if optional is not None:
                    inner = self.then(inner, optional, node)
                if inner.empty:
                    raise self.empty_twice(node)
                optional = _Fragment(inner.first, inner.last, True)
            if optional is not None:
                copies.append(optional)
        result = _Fragment(_NO_ENTRY, [], True)
        for copy in copies:
            result = self.then(result, copy, node)
        return result

    def then(self, left: _Fragment, right: _Fragment, context: Node) -> _Fragment:
        for position in left.last:
            self.follow(position, right.first, context)
        first = self.merge(left.first, right.first, context) if left.empty else left.first
        last = right.last + left.last if right.empty else right.last
        return _Fragment(first, last, left.empty and right.empty)

    def merge(self, a: _Entry, b: _Entry, context: Node) -> _Entry:
        if not a.positions:
            return b
        if not b.positions:
            return a
        if _common(a.chars, b.chars) is not None:
            raise self.overlap(a.positions, b.positions, context)
        return _Entry(a.positions + b.positions, _normalize([*a.chars, *b.chars]))

    def follow(self, position: _Position, entry: _Entry, context: Node) -> None:
        if not entry.positions:
            return
        if position.follow and _common(position.follow_chars, entry.chars) is not None:
            existing = tuple(p for e in position.follow for p in e.positions)
            raise self.overlap(existing, entry.positions, context)
        position.follow.append(entry)
        position.follow_chars = (
            _normalize([*position.follow_chars, *entry.chars]) if position.follow_chars else entry.chars
        )

    # -- reports

    def source(self, node: Node) -> str:
        return self.text[node.start : node.end]

    def overlap(self, a: tuple[_Position, ...], b: tuple[_Position, ...], context: Node) -> _Ambiguous:
        for p in a:
            for q in b:
                shared = _common(p.chars, q.chars)
                if shared is None:
                    continue
                what = _describe(shared)
                if p.atom is q.atom:
                    span = (context.start, context.end)
                    message = (
                        f"`{self.source(p.atom)}` can match {what} in two different ways in `{self.source(context)}`"
                    )
                else:
                    first, second = sorted((p.atom, q.atom), key=lambda atom: (atom.start, atom.end))
                    span = (first.start, max(first.end, second.end))
                    message = (
                        f"`{self.source(first)}` and `{self.source(second)}` can both match {what} at the same point"
                    )
                return _Ambiguous(
                    PatternProblem(
                        span[0],
                        span[1],
                        BACKTRACKING,
                        message,
                        "rewrite it so the next character decides which part matches it: "
                        "`(a+)+` → `a+`, `(a|ab)*` → `(ab?)*`, `\\d+\\d` → `\\d{2,}`, `(\\d+\\s?)*` → `(\\d\\s?)*`",
                    )
                )
        raise AssertionError("overlapping entries without overlapping positions")

    def empty_twice(self, node: Node) -> _Ambiguous:
        return _Ambiguous(
            PatternProblem(
                node.start,
                node.end,
                BACKTRACKING,
                f"`{self.source(node)}` can match the empty text in more than one way",
                "keep one way to match nothing: `(a?)?` → `a?`, `(a|)?` → `a?`, `(a?){1,2}` → `a{0,2}`",
            )
        )


def _describe(code_point: int) -> str:
    char = chr(code_point)
    if char.isprintable() and not char.isspace():
        return f"'{char}'"
    return f"U+{code_point:04X}"


# -- the public entry point --------------------------------------------------------------------


def parse_pattern(text: str) -> tuple[Regex | None, list[PatternProblem]]:
    """Parse `text` as a portable pattern; return its tree, or None and every problem found, sorted by offset.

    E0303 means the text does not parse, E0304 that it uses something outside the portable subset,
    E0305 that it could backtrack catastrophically (checked only once the first two are clean).
    """
    if len(text) > MAX_PATTERN_LENGTH:
        problem = PatternProblem(
            MAX_PATTERN_LENGTH,
            len(text),
            NOT_PORTABLE,
            f"the pattern is {len(text)} characters long; at most {MAX_PATTERN_LENGTH} are allowed",
            "shorten it, e.g. by using classes and repeats, or check the value with a decision table",
        )
        return None, [problem]
    parser = _Parser(text)
    try:
        body = parser.parse()
    except _Stop:
        body = None
    problems = sorted(parser.problems, key=lambda p: (p.offset, p.end))
    if problems or body is None:
        return None, problems
    positions = _position_count(body)
    if positions > MAX_POSITIONS:
        problem = PatternProblem(
            0,
            len(text),
            NOT_PORTABLE,
            f"written out, the repeats give {positions} character positions; at most {MAX_POSITIONS} are allowed",
            "use smaller repeat counts, or `*` together with a `max_length` constraint",
        )
        return None, [problem]
    try:
        _Determinism(text).fragment(body)
    except _Ambiguous as ambiguous:
        return None, [ambiguous.problem]
    return Regex(body, text), []


# -- the translations --------------------------------------------------------------------------


class _Dialect:
    """How one target engine spells a character outside the Basic Multilingual Plane."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def astral(self, code_point: int) -> str:
        if self.name == "python":
            return f"\\U{code_point:08X}"
        if self.name == "ecma":
            return f"\\u{{{code_point:X}}}"
        # Valid in both engines: a literal astral character is one code point in Python and with `u`.
        return chr(code_point)


_PYTHON = _Dialect("python")
_ECMA = _Dialect("ecma")
_JSON_SCHEMA = _Dialect("json-schema")

_NAMED_CONTROLS = {0x09: "\\t", 0x0A: "\\n", 0x0B: "\\v", 0x0C: "\\f", 0x0D: "\\r"}
_ESCAPED_OUTSIDE = frozenset("\\^$.|?*+()[]{}/")
_ESCAPED_INSIDE = frozenset("\\]^[-|/")
_HEX_INSIDE = frozenset("&~")
_LISTED_RANGE = 5


def _spell(code_point: int, in_class: bool, dialect: _Dialect) -> str:
    if code_point in _NAMED_CONTROLS:
        return _NAMED_CONTROLS[code_point]
    if 0x20 <= code_point < 0x7F:
        char = chr(code_point)
        if in_class and char in _HEX_INSIDE:
            return f"\\u{code_point:04X}"
        if char in (_ESCAPED_INSIDE if in_class else _ESCAPED_OUTSIDE):
            return "\\" + char
        return char
    if code_point <= 0xFFFF:
        return f"\\u{code_point:04X}"
    return dialect.astral(code_point)


def _spell_class(node: CharClass, dialect: _Dialect) -> str:
    ranges, negated = node.ranges, node.negated
    if ranges == ((0, MAX_CODE_POINT),) and not negated:
        return "[\\s\\S]"
    if ranges and ranges[0][0] == 0 and ranges[-1][1] == MAX_CODE_POINT:
        flipped = _complement(ranges)
        if not any(_is_surrogate(end) for pair in flipped for end in pair):
            ranges, negated = flipped, not negated
    parts: list[str] = []
    for lo, hi in ranges:
        if hi - lo < _LISTED_RANGE:
            parts.extend(_spell(c, True, dialect) for c in range(lo, hi + 1))
        else:
            parts.append(f"{_spell(lo, True, dialect)}-{_spell(hi, True, dialect)}")
    return "[" + ("^" if negated else "") + "".join(parts) + "]"


def _spell_quantifier(low: int, high: int | None) -> str:
    if high is None:
        return {0: "*", 1: "+"}.get(low, f"{{{low},}}")
    if (low, high) == (0, 1):
        return "?"
    return f"{{{low}}}" if low == high else f"{{{low},{high}}}"


def _emit(node: Node, dialect: _Dialect) -> str:
    match node:
        case Literal():
            return _spell(node.code_point, False, dialect)
        case CharClass():
            return _spell_class(node, dialect)
        case Group():
            return f"(?:{_emit(node.body, dialect)})"
        case Concat():
            return "".join(
                f"(?:{_emit(item, dialect)})" if isinstance(item, Alternation) else _emit(item, dialect)
                for item in node.items
            )
        case Alternation():
            return "|".join(_emit(branch, dialect) for branch in node.branches)
        case Repeat():
            body = _emit(node.body, dialect)
            if not isinstance(node.body, Literal | CharClass | Group):
                body = f"(?:{body})"
            return body + _spell_quantifier(node.min, node.max)
        case _:
            assert_never(node)


def to_python(regex: Regex) -> str:
    """The pattern for Python `re`, anchored as `\\A(?:...)\\Z` so `re.search`, `re.match` and `re.fullmatch` all agree."""
    return f"\\A(?:{_emit(regex.body, _PYTHON)})\\Z"


def to_ecma(regex: Regex) -> str:
    """The pattern for `new RegExp(pattern, "u")`, anchored as `^(?:...)$` (no `m` flag: `$` is the end of input)."""
    return f"^(?:{_emit(regex.body, _ECMA)})$"


def to_json_schema(regex: Regex) -> str:
    """A JSON Schema `pattern` that gives the full-match verdict under Python `re.search` and ECMA `u` `test`.

    `$` will not do: in Python it also matches before a final newline. `(?![\\s\\S])` ("no character
    follows") means the end of input in both engines. Astral characters are written literally, the only
    spelling both engines read as one code point.
    """
    return f"^(?:{_emit(regex.body, _JSON_SCHEMA)})(?![\\s\\S])"
