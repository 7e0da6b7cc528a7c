"""The `js` target: an ES module per service that validates submissions and computes fees, with its types.

`js/index.js` (no dependencies; Node 20 and browsers without a bundler),
`js/index.d.ts` and `js/svcdef_runtime.js` (the expression runtime, shipped
verbatim). Same API and results as the `python` target and the reference
interpreter; see `generators/js/module.py` for how the code is laid out.
"""

from __future__ import annotations

from svcdef.expr import JS_RUNTIME
from svcdef.service import Service

from .module import declarations, index_module


def generate(service: Service) -> dict[str, str]:
    """The files of the JavaScript module of `service`, by path relative to the service's output folder."""
    return {
        "js/index.js": index_module(service),
        "js/index.d.ts": declarations(service),
        "js/svcdef_runtime.js": JS_RUNTIME.read_text(encoding="utf-8"),
    }
