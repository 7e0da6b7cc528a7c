"""The expression language of svcdef specs: parse, type-check, interpret and emit Python and JavaScript.

The language, its types and its run-time semantics are documented in
docs/expressions.md; this package implements them in one place for the
checker, the reference interpreter and both code generators.
"""

from __future__ import annotations

from .checker import Env, ExtraFunction, Typed, check_expression, parse_expression, references
from .emit_js import emit_js, js_string
from .emit_python import emit_python
from .interpreter import Context, evaluate
from .nodes import Node
from .pathref import PathRef
from .printer import to_source
from .runtime import JS_RUNTIME, PYTHON_RUNTIME
from .types import (
    BOOL,
    DATE,
    DATETIME,
    DECIMAL,
    INT,
    MONEY,
    NULL,
    TEXT,
    TIME,
    Group,
    ListOf,
    Money,
    Text,
    Type,
    describe,
)

__all__ = [
    "BOOL",
    "DATE",
    "DATETIME",
    "DECIMAL",
    "INT",
    "JS_RUNTIME",
    "MONEY",
    "NULL",
    "PYTHON_RUNTIME",
    "TEXT",
    "TIME",
    "Context",
    "Env",
    "ExtraFunction",
    "Group",
    "ListOf",
    "Money",
    "Node",
    "PathRef",
    "Text",
    "Type",
    "Typed",
    "check_expression",
    "describe",
    "emit_js",
    "emit_python",
    "evaluate",
    "js_string",
    "parse_expression",
    "references",
    "to_source",
]
