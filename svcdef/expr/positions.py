"""Spans of expression parts, worked out for all offsets of a snippet in one pass.

`Snippet.span_at` aligns the scalar's text with its raw source on every call,
which is quadratic for a long quoted expression with thousands of nodes.
`SpanMap` keeps the table of `svcdef.span.position_table` and answers every
span from it.
"""

from __future__ import annotations

from ..span import Snippet, Span, position_table


class SpanMap:
    """`span(start, end)` equals `snippet.span_at(start, end)`, in constant time after a linear set-up."""

    def __init__(self, snippet: Snippet) -> None:
        self.snippet = snippet
        self.direct = snippet.raw == snippet.text or (snippet.style == "" and not snippet.raw)
        self.table: list[tuple[int, int]] = [] if self.direct else position_table(snippet)

    def span(self, start: int, end: int | None = None) -> Span:
        if self.direct:
            return self.snippet.span_at(start, end)
        size = len(self.snippet.text)
        start = max(0, min(start, size))
        end = start + 1 if end is None else max(start + 1, min(end, size))
        line, col = self.table[start]
        end_line, end_col = self.table[end - 1] if end - 1 >= start else (line, col)
        return Span(self.snippet.span.file, line, col, end_line, end_col + 1)
