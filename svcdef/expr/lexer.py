"""The lexer: splits expression text into tokens, each with its character offsets.

Errors stop the lexer at the first problem (`ExpressionError` carrying one
diagnostic); the parser reports it with the column inside the expression.
"""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic
from ..frozen import Frozen, set_attribute
from ..span import Snippet

MAX_TEXT = 10_000
MAX_NUMBER_DIGITS = 30
MAX_STRING = 1_000

KEYWORDS = frozenset({"true", "false", "null", "and", "or", "not", "in", "if", "then", "else", "item", "index"})
OPERATORS = ("==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "(", ")", "[", "]", ",", ".")
WHITESPACE = " \t\n\r"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TWO_CHARACTER_OPERATORS = frozenset(o for o in OPERATORS if len(o) == 2)
_ONE_CHARACTER_OPERATORS = frozenset(o for o in OPERATORS if len(o) == 1)
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t"}
_MISTAKES = {
    "=": ("'=' is not an operator", "compare with '=='"),
    "!": ("'!' is not an operator", "write 'not' or '!='"),
    "&": ("'&' is not an operator", "write 'and'"),
    "|": ("'|' is not an operator", "write 'or'"),
    "%": ("'%' is not an operator", "there is no remainder operator; use round() or a decision table"),
}


class ExpressionError(Exception):
    """Stops lexing or parsing at the first problem; carries its diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class Token(Frozen):
    """One token: `kind` is `int`, `decimal`, `text`, `name`, `end`, or the keyword/operator itself."""

    __slots__ = ("end", "kind", "start", "text", "value")
    _compared = ("kind", "text", "start", "end", "value")

    kind: str
    text: str
    start: int
    end: int
    value: str
    """For `text` tokens the unescaped text; for numbers the digits as written."""

    def __init__(self, kind: str, text: str, start: int, end: int, value: str = "") -> None:
        set_attribute(self, "kind", kind)
        set_attribute(self, "text", text)
        set_attribute(self, "start", start)
        set_attribute(self, "end", end)
        set_attribute(self, "value", value)


def error(snippet: Snippet, code: str, start: int, end: int, message: str, hint: str | None = None) -> ExpressionError:
    return ExpressionError(Diagnostic(code, snippet.span_at(start, end), message, hint))


def tokenize(snippet: Snippet) -> list[Token]:
    """All tokens of `snippet.text`, ending with an `end` token; raises ExpressionError on the first problem."""
    text = snippet.text
    if len(text) > MAX_TEXT:
        raise error(
            snippet,
            "E0401",
            0,
            1,
            f"expression is {len(text):,} characters long; at most {MAX_TEXT:,} are allowed",
            "split it into computed values",
        )
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in WHITESPACE:
            i += 1
        elif ch.isascii() and ch.isdigit():
            tokens.append(_number(snippet, i))
            i = tokens[-1].end
        elif ch == "_" or (ch.isascii() and ch.isalpha()):
            name = _NAME.match(text, i)
            assert name is not None
            j = name.end()
            word = text[i:j]
            tokens.append(Token(word if word in KEYWORDS else "name", word, i, j))
            i = j
        elif ch in "'\"":
            tokens.append(_string(snippet, i))
            i = tokens[-1].end
        else:
            op = text[i : i + 2]
            if op not in _TWO_CHARACTER_OPERATORS:
                op = ch
                if op not in _ONE_CHARACTER_OPERATORS:
                    message, hint = _MISTAKES.get(ch, (f"unexpected character {ch!r}", None))
                    raise error(snippet, "E0402", i, i + 1, message, hint)
            tokens.append(Token(op, op, i, i + len(op)))
            i += len(op)
    tokens.append(Token("end", "", n, n))
    return tokens


def _number(snippet: Snippet, start: int) -> Token:
    text, n = snippet.text, len(snippet.text)
    j = start
    while j < n and text[j].isascii() and text[j].isdigit():
        j += 1
    kind = "int"
    if j < n and text[j] == ".":
        k = j + 1
        while k < n and text[k].isascii() and text[k].isdigit():
            k += 1
        if k == j + 1:
            raise error(
                snippet, "E0402", j, j + 1, "a digit must follow the decimal point", f"write '{text[start:j]}.0'"
            )
        kind, j = "decimal", k
    if j < n and (text[j] == "_" or text[j].isalnum()):
        raise error(
            snippet,
            "E0402",
            j,
            j + 1,
            f"unexpected character {text[j]!r} after a number",
            "numbers are written like 12 or 12.50, without exponents or units",
        )
    digits = sum(c.isdigit() for c in text[start:j])
    if digits > MAX_NUMBER_DIGITS:
        raise error(snippet, "E0405", start, j, f"number has {digits} digits; at most {MAX_NUMBER_DIGITS} are allowed")
    return Token(kind, text[start:j], start, j, text[start:j])


def _string(snippet: Snippet, start: int) -> Token:
    text, n = snippet.text, len(snippet.text)
    quote = text[start]
    parts: list[str] = []
    length = 0
    j = start + 1
    while True:
        if j >= n:
            raise error(snippet, "E0403", start, n, "text literal is not closed", f"end it with {quote}")
        ch = text[j]
        if ch == quote:
            break
        if ch == "\\":
            esc = text[j + 1 : j + 2]
            if esc in _ESCAPES:
                parts.append(_ESCAPES[esc])
                j += 2
            elif esc == "u":
                digits = text[j + 2 : j + 6]
                if len(digits) != 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
                    raise error(snippet, "E0404", j, min(j + 6, n), "'\\u' must be followed by four hexadecimal digits")
                code = int(digits, 16)
                if 0xD800 <= code <= 0xDFFF:
                    raise error(
                        snippet,
                        "E0404",
                        j,
                        j + 6,
                        "'\\u' escapes of surrogates are not allowed",
                        "write the character itself",
                    )
                parts.append(chr(code))
                j += 6
            else:
                raise error(
                    snippet,
                    "E0404",
                    j,
                    j + 2,
                    f"unknown escape '\\{esc}' in text literal",
                    "the escapes are \\\\ \\' \\\" \\n \\t and \\uXXXX; write a backslash as \\\\",
                )
        elif ch < " " and ch != "\t":
            raise error(
                snippet,
                "E0404",
                j,
                j + 1,
                "line breaks and control characters are not allowed in text literals",
                "write \\n for a line break",
            )
        else:
            parts.append(ch)
            j += 1
        length += 1
        if length > MAX_STRING:
            raise error(snippet, "E0406", start, start + 1, f"text literal is longer than {MAX_STRING:,} characters")
    return Token("text", text[start : j + 1], start, j + 1, "".join(parts))
