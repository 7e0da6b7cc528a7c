"""Spans of expression parts, worked out for all offsets of a snippet in one pass.

`Snippet.span_at` aligns the scalar's text with its raw source from the start
on every call, which is quadratic for a long quoted expression with thousands
of nodes. `SpanMap` gives exactly the same spans (a test compares them with
`span_at` on generated snippets) but walks the raw source once.
"""

from __future__ import annotations

from ..span import Snippet, Span, _escape_length


class SpanMap:
    """`span(start, end)` equals `snippet.span_at(start, end)`, in constant time after a linear set-up."""

    def __init__(self, snippet: Snippet) -> None:
        self.snippet = snippet
        self.direct = snippet.raw == snippet.text or (snippet.style == "" and not snippet.raw)
        self.table: list[tuple[int, int]] = [] if self.direct else _positions(snippet)

    def span(self, start: int, end: int | None = None) -> Span:
        if self.direct:
            return self.snippet.span_at(start, end)
        size = len(self.snippet.text)
        start = max(0, min(start, size))
        end = start + 1 if end is None else max(start + 1, min(end, size))
        line, col = self.table[start]
        end_line, end_col = self.table[end - 1] if end - 1 >= start else (line, col)
        return Span(self.snippet.span.file, line, col, end_line, end_col + 1)


def _positions(snippet: Snippet) -> list[tuple[int, int]]:
    """(line, col) of every offset 0..len(text), as `Snippet._position` computes them one at a time."""
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
    for offset in range(len(text) + 1):
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
