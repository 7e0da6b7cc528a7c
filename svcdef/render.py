"""Renderers for diagnostics: text for people (with source excerpt and caret), JSON for scripts, SARIF 2.1.0 for code-scanning tools."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import __version__
from .diagnostics import CODES, Diagnostic, Severity

SourceLines = Callable[[str], list[str] | None]

_COLOURS = {
    "error": "\x1b[1;31m",
    "warning": "\x1b[1;33m",
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
    "hint": "\x1b[36m",
    "reset": "\x1b[0m",
}


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    noun = "file" if files == 1 else "files"
    if not diagnostics:
        return f"checked {files} {noun}: no problems"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"checked {files} {noun}: {', '.join(parts)}"


def render_text(diagnostics: list[Diagnostic], lines_of: SourceLines, *, colour: bool = False, files: int = 0) -> str:
    """`file:line:col: error[E0101]: message`, the source line with a caret under the span, and the hint."""

    def c(name: str, text: str) -> str:
        return f"{_COLOURS[name]}{text}{_COLOURS['reset']}" if colour else text

    out: list[str] = []
    for d in diagnostics:
        level = d.severity.value
        out.append(f"{c('bold', str(d.span))}: {c(level, f'{level}[{d.code}]')}: {d.message}")
        lines = lines_of(d.span.file)
        if lines is not None and 1 <= d.span.line <= len(lines):
            source = sanitize(lines[d.span.line - 1].rstrip("\r\n"))
            number = str(d.span.line)
            width = 1
            if d.span.end_line == d.span.line:
                width = max(1, d.span.end_col - d.span.col)
            width = max(1, min(width, len(source) - d.span.col + 1))
            gutter = " " * len(number)
            out.append(c("dim", f"{gutter} |"))
            out.append(c("dim", f"{number} | ") + source)
            out.append(c("dim", f"{gutter} | ") + " " * (d.span.col - 1) + c(level, "^" * width))
        if d.hint:
            out.append(c("hint", f"  = hint: {d.hint}"))
    out.append(summary(diagnostics, files))
    return "\n".join(out) + "\n"


def sanitize(line: str) -> str:
    """The line with control characters shown as U+FFFD, one for one, so that the caret stays aligned."""
    return "".join(ch if ch.isprintable() or ch == " " else "\ufffd" for ch in line)


def _location(d: Diagnostic) -> dict[str, Any]:
    s = d.span
    return {"file": s.file, "line": s.line, "col": s.col, "end_line": s.end_line, "end_col": s.end_col}


def render_json(diagnostics: list[Diagnostic], *, files: int = 0) -> str:
    """A JSON document: `{"diagnostics": [...], "summary": {...}}`, stable for scripts."""
    import json  # here rather than at the top: text output, the common case, does without it

    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    doc = {
        "tool": {"name": "svcdef", "version": __version__},
        "diagnostics": [
            {"code": d.code, "severity": d.severity.value, "message": d.message, "hint": d.hint, **_location(d)}
            for d in diagnostics
        ],
        "summary": {"files": files, "errors": errors, "warnings": len(diagnostics) - errors},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def render_sarif(diagnostics: list[Diagnostic]) -> str:
    """A SARIF 2.1.0 log with one run; columns count Unicode code points, as our spans do."""
    import json

    used = sorted({d.code for d in diagnostics})
    rules = [
        {
            "id": code,
            "name": "".join(w.capitalize() for w in CODES[code].title.replace("-", " ").split()),
            "shortDescription": {"text": CODES[code].title},
            "fullDescription": {"text": CODES[code].doc},
            "helpUri": f"docs/diagnostics.md#{code.lower()}",
            "defaultConfiguration": {"level": CODES[code].severity.value},
        }
        for code in used
    ]
    results = []
    for d in diagnostics:
        text = d.message + (f" (hint: {d.hint})" if d.hint else "")
        results.append(
            {
                "ruleId": d.code,
                "ruleIndex": used.index(d.code),
                "level": d.severity.value,
                "message": {"text": text},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": d.span.file.replace("\\", "/")},
                            "region": {
                                "startLine": d.span.line,
                                "startColumn": d.span.col,
                                "endLine": d.span.end_line,
                                "endColumn": d.span.end_col,
                            },
                        }
                    }
                ],
            }
        )
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {"name": "svcdef", "version": __version__, "semanticVersion": __version__, "rules": rules}
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
