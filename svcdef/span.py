"""Source positions: where in which file a key, value or expression part stands.

Every model node and every expression node carries a `Span`, so that every
diagnostic can name `file:line:col` and underline the exact text. Lines and
columns are 1-based and count Unicode code points, as editors show them.
"""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    """A half-open range of source text: from (line, col) up to (end_line, end_col).

    A named tuple rather than a dataclass: the loader makes one per YAML node,
    and tuples are built several times faster than frozen dataclasses.
    """

    file: str
    line: int
    col: int
    end_line: int
    end_col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"

    @staticmethod
    def point(file: str, line: int, col: int) -> Span:
        """A span of one character, for problems that have a place but no extent."""
        return Span(file, line, col, line, col + 1)


NOWHERE = Span("<none>", 1, 1, 1, 1)
"""The span of things that have no source, such as built-in defaults."""


class Snippet(NamedTuple):
    """A string scalar from the spec whose inner positions matter (expressions, patterns).

    `text` is the scalar's value after YAML unquoting and folding; `raw` is the
    scalar exactly as written in the file (with quotes, escapes, block
    indicators and indentation) starting at `span`; `style` is the YAML scalar
    style (`""` plain, `'`, `"`, `|`, `>`). Inner positions are worked out only
    when a diagnostic needs one, by aligning `text` with `raw`, so that an
    error inside an expression points at the right column even in quoted,
    escaped or folded scalars.
    """

    text: str
    span: Span
    raw: str = ""
    style: str = ""

    def span_at(self, start: int, end: int | None = None) -> Span:
        """The span of `text[start:end]` in the source file."""
        start = max(0, min(start, len(self.text)))
        end = start + 1 if end is None else max(start + 1, min(end, len(self.text)))
        line, col = self._position(start)
        end_line, end_col = self._position(end - 1) if end - 1 >= start else (line, col)
        return Span(self.span.file, line, col, end_line, end_col + 1)

    def _position(self, offset: int) -> tuple[int, int]:
        """The (line, col) of `text[offset]`; offsets past the end map just after the last character."""
        shift = column_shift(self)
        if shift == 0:
            return self.span.line, self.span.col + offset
        if shift is not None:
            return self.span.line, self.span.col + shift + min(offset, len(self.text))
        return position_table(self, min(offset, len(self.text)))[-1]


def column_shift(snippet: Snippet) -> int | None:
    """How many columns right of the scalar's start `text[0]` stands, when the text is written out as is on one line.

    0 for a plain scalar (or one without a source), 1 for a quoted one whose
    source is its text between the quotes (then it has no escapes and no line
    breaks, as in most expressions); None when positions need `position_table`.
    """
    raw, text, style = snippet.raw, snippet.text, snippet.style
    if raw == text or (style == "" and not raw):
        return 0
    if style in ("'", '"') and len(raw) == len(text) + 2 and raw == style + text + style:
        return 1
    return None


def position_table(snippet: Snippet, last: int | None = None) -> list[tuple[int, int]]:
    """The (line, col) of every offset 0..`last` (default: len(text)) of a snippet, in one pass over its raw source."""
    raw, text, style = snippet.raw, snippet.text, snippet.style
    line, col = snippet.span.line, snippet.span.col
    i = j = 0

    def advance(count: int) -> None:
        nonlocal i, line, col
        for _ in range(count):
            if i < len(raw) and raw[i] == "\n":
                line, col = line + 1, 1
            else:
                col += 1
            i += 1

    if style in ("'", '"'):
        advance(1)
    elif style in ("|", ">"):
        newline = raw.find("\n")
        advance(len(raw) if newline < 0 else newline + 1)
    table: list[tuple[int, int]] = []
    for offset in range((len(text) if last is None else last) + 1):
        while i < len(raw) and j < offset:
            ch = raw[i]
            if ch == text[j]:
                advance(1)
                j += 1
            elif style == '"' and ch == "\\":
                advance(_escape_length(raw, i))
                j += 1
            elif style == "'" and raw.startswith("''", i):
                advance(2)
                j += 1
            elif ch == "\n" and text[j] in " \n":
                advance(1)
                while i < len(raw) and raw[i] in " \t":
                    advance(1)
                j += 1
            else:
                advance(1)
        k, k_line, k_col = i, line, col
        while (
            k < len(raw) and style in ("|", ">", '"', "'") and raw[k] in " \t\n" and j < len(text) and raw[k] != text[j]
        ):
            if raw[k] == "\n":
                k_line, k_col = k_line + 1, 1
            else:
                k_col += 1
            k += 1
        table.append((k_line, k_col))
    return table


def _escape_length(raw: str, i: int) -> int:
    """How many source characters the double-quoted escape at `raw[i]` spans."""
    kind = raw[i + 1 : i + 2]
    return {"x": 4, "u": 6, "U": 10}.get(kind, 2)
