"""Spans of expression parts, worked out for all offsets of a snippet in one pass.

`Snippet.span_at` aligns the scalar's text with its raw source on every call,
which is quadratic for a long quoted expression with thousands of nodes.
`SpanMap` keeps the table of `svcdef.span.position_table` and answers every
span from it.
"""

from __future__ import annotations

from ..span import Snippet, Span, column_shift, position_table


class SpanMap:
    """`span(start, end)` equals `snippet.span_at(start, end)`, in constant time after a linear set-up.

    Most expressions are plain or simply quoted scalars on one line, whose
    positions are a constant shift from the scalar's start (`column_shift`);
    only the others need the table.
    """

    def __init__(self, snippet: Snippet) -> None:
        self.snippet = snippet
        self.shift = column_shift(snippet)
        self.table: list[tuple[int, int]] = [] if self.shift is not None else position_table(snippet)

    def span(self, start: int, end: int | None = None) -> Span:
        size = len(self.snippet.text)
        start = max(0, min(start, size))
        end = start + 1 if end is None else max(start + 1, min(end, size))
        at = self.snippet.span
        if self.shift is not None:
            col = at.col + self.shift
            return Span(at.file, at.line, col + start, at.line, col + end)
        line, col = self.table[start]
        end_line, end_col = self.table[end - 1] if end - 1 >= start else (line, col)
        return Span(at.file, line, col, end_line, end_col + 1)
