"""The printer: a syntax tree back to canonical expression text.

The text parses back to an equal tree (`parse(to_source(t)) == t`); the printer
adds parentheses only where precedence needs them, and writes text literals
with single quotes and the language's own escapes.
"""

from __future__ import annotations

from . import nodes as n

_ATOM = 8
_POWER = {"or": 1, "and": 2, "+": 5, "-": 5, "*": 6, "/": 6}
_NOT, _COMPARE, _UNARY = 3, 4, 7


def to_source(node: n.Node) -> str:
    """The canonical source text of `node`."""
    return _print(node, 0)


def _print(node: n.Node, minimum: int) -> str:
    text, power = _shape(node)
    return f"({text})" if power < minimum else text


def _shape(node: n.Node) -> tuple[str, int]:
    """The text of `node` and the binding power of its outermost operator."""
    match node:
        case n.IntegerLiteral(value=value):
            return str(value), _ATOM
        case n.DecimalLiteral(value=value):
            return format(value, "f"), _ATOM
        case n.TextLiteral(value=value):
            return text_literal(value), _ATOM
        case n.BooleanLiteral(value=value):
            return ("true" if value else "false"), _ATOM
        case n.NullLiteral():
            return "null", _ATOM
        case n.DateLiteral(value=value):
            return f'date("{value.isoformat()}")', _ATOM
        case n.DateTimeLiteral(value=value):
            return f'datetime("{value.isoformat()}")', _ATOM
        case n.TimeLiteral(value=value):
            return f'time("{value.isoformat()}")', _ATOM
        case n.ListLiteral(items=items):
            return "[" + ", ".join(_print(i, 0) for i in items) + "]", _ATOM
        case n.FieldPath(path=path):
            return ".".join(path), _ATOM
        case n.ItemPath(path=path):
            return ".".join(("item", *path)), _ATOM
        case n.Index():
            return "index", _ATOM
        case n.Negate(operand=operand):
            return "-" + _print(operand, _UNARY), _UNARY
        case n.Not(operand=operand):
            return "not " + _print(operand, _NOT), _NOT
        case n.Arithmetic(op=op, left=left, right=right) | n.Logical(op=op, left=left, right=right):
            p = _POWER[op]
            return f"{_print(left, p)} {op} {_print(right, p + 1)}", p
        case n.Comparison(op=op, left=left, right=right):
            return f"{_print(left, _COMPARE + 1)} {op} {_print(right, _COMPARE + 1)}", _COMPARE
        case n.Membership(value=value, container=container, negated=negated):
            op = "not in" if negated else "in"
            return f"{_print(value, _COMPARE + 1)} {op} {_print(container, _COMPARE + 1)}", _COMPARE
        case n.Conditional(test=test, then=then, otherwise=otherwise):
            return f"if {_print(test, 0)} then {_print(then, 0)} else {_print(otherwise, 0)}", 0
        case n.Call(name=name, args=args):
            return f"{name}(" + ", ".join(_print(a, 0) for a in args) + ")", _ATOM
    raise TypeError(f"printer has no case for {type(node).__name__}")


def text_literal(value: str) -> str:
    """`value` as a single-quoted text literal of the expression language."""
    out = ["'"]
    for ch in value:
        if ch in "\\'":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch < " " or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append("'")
    return "".join(out)
