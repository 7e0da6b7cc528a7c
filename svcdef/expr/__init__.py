"""The expression language of svcdef specs: parse, type-check, interpret and emit Python and JavaScript.

The language, its types and its run-time semantics are documented in
docs/expressions.md; this package implements them in one place for the
checker, the reference interpreter and both code generators.

The names below are imported from their modules on first use (PEP 562):
`svcdef check` needs only the parser and the checker, and importing the
interpreter and the emitters (with `fractions` and `json`) as well cost a
cold check about 7 ms.
"""

from __future__ import annotations

import importlib
import sys
import types as _types  # `types` is also the name of this package's module of expression types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .checker import Env, ExtraFunction, Typed, check_expression, parse_expression, references
    from .emit_js import emit_js, js_string
    from .emit_python import emit_python, python_field
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

_MODULE_OF = {
    **dict.fromkeys(("Env", "ExtraFunction", "Typed", "check_expression", "parse_expression", "references"), "checker"),
    **dict.fromkeys(("emit_js", "js_string"), "emit_js"),
    **dict.fromkeys(("emit_python", "python_field"), "emit_python"),
    **dict.fromkeys(("Context", "evaluate"), "interpreter"),
    "Node": "nodes",
    "PathRef": "pathref",
    "to_source": "printer",
    **dict.fromkeys(("JS_RUNTIME", "PYTHON_RUNTIME"), "runtime"),
    **dict.fromkeys(
        (
            "BOOL",
            "DATE",
            "DATETIME",
            "DECIMAL",
            "INT",
            "MONEY",
            "NULL",
            "TEXT",
            "TIME",
            "Group",
            "ListOf",
            "Money",
            "Text",
            "Type",
            "describe",
        ),
        "types",
    ),
}
"""Each exported name and the module (in this package) that defines it."""

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
    "python_field",
    "references",
    "to_source",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


class _Package(_types.ModuleType):
    """This package, whose functions `emit_js` and `emit_python` share their names with modules.

    Importing a submodule makes Python set it as an attribute of the package,
    which would hide the function of the same name; this class keeps the
    attribute for the function (the modules stay importable by their full names).
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _MODULE_OF and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
