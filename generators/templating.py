"""The one jinja2 Environment of all generator templates, and its escaping filters per output language.

Templates live beside their generator (`generators/<target>/*.j2`) and are
named from this folder (`readme/README.md.j2`). Values from a spec reach a
template's output only through a filter of the output's language, so that
designer text cannot change the structure of a generated file: the Markdown
filters below keep a label with `|`, `*` or a newline inside its table cell.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import jinja2

_HERE = Path(__file__).resolve().parent


@cache
def environment() -> jinja2.Environment:
    """The shared Environment: strict about undefined names, autoescape for HTML templates only."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_HERE)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False),
    )
    env.filters.update(md_text=md_text, md_line=md_line, md_cell=md_cell, md_code=md_code, md_fence=md_fence)
    return env


def render(template: str, **context: object) -> str:
    """Render `template` (a path under `generators/`) with `context`."""
    return environment().get_template(template).render(**context)


# -- Markdown (CommonMark with GitHub tables) -------------------------------------------------

_INLINE_SPECIAL = re.compile(r"[\\`*_\[\]<>|~#]|&(?=[A-Za-z#])")
_BLOCK_START = re.compile(r"^([-+=]|[0-9]+(?=[.)]))")


def _lines(text: object) -> list[str]:
    return str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _inline(line: str) -> str:
    return _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(0), line.strip())


def _paragraph_line(line: str) -> str:
    """An escaped line that also cannot open a list, a heading underline or a numbered item."""
    escaped = _inline(line)
    start = _BLOCK_START.match(escaped)
    if start is None:
        return escaped
    if start.group(0)[0].isdigit():
        return escaped[: start.end()] + "\\" + escaped[start.end() :]
    return "\\" + escaped


def md_text(text: object) -> str:
    """Designer text as Markdown paragraphs: lines kept, blank lines separate paragraphs, nothing is markup."""
    out: list[str] = []
    for line in _lines(text):
        if line.strip():
            out.append(_paragraph_line(line))
        elif out and out[-1]:
            out.append("")
    return "\n".join(out).strip("\n")


def md_line(text: object) -> str:
    """Designer text on one Markdown line (a heading, a list item): newlines become spaces."""
    return _inline(" ".join(part.strip() for part in _lines(text) if part.strip()))


def md_cell(text: object) -> str:
    """Designer text in a table cell: `|` escaped, line breaks as `<br>`, so the row stays one row."""
    return "<br>".join(_inline(part) for part in _lines(text) if part.strip())


def md_code(text: object, cell: bool = False) -> str:
    """Source text (an expression, a pattern) as a code span; `cell=True` escapes `|` for a table cell."""
    code = " ".join(_lines(text))
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * (longest + 1)
    if code.startswith(("`", " ")) or code.endswith(("`", " ")):
        code = f" {code} "
    if cell:
        code = code.replace("|", "\\|")
    return f"{fence}{code}{fence}"


def md_fence(text: object, info: str = "") -> str:
    """A fenced code block around `text`, with a fence longer than any backtick run inside."""
    body = "\n".join(_lines(text)).rstrip("\n")
    longest = max((len(run) for run in re.findall(r"`{3,}", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{body}\n{fence}"
