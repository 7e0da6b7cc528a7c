"""`PathRef`: how an emitter asks its caller to spell a field access in generated code."""

from __future__ import annotations

from typing import Literal

from ..frozen import Frozen, set_attribute


class PathRef(Frozen):
    """A value the generated code must read: a root path, the current list item (and a path in it), or its index.

    Emitters hand a `PathRef` to the caller's `ref` function, which returns a
    source expression reading that value (None/null when absent). Only list
    contexts the caller sets up (a fee item's `for_each`) reach `ref` as
    `item`/`index`; inside `any`/`all`/`count`/`sum` predicates the emitter
    spells the element and index itself.
    """

    __slots__ = ("kind", "path")
    _compared = ("kind", "path")

    kind: Literal["root", "item", "index"]
    path: tuple[str, ...]

    def __init__(self, kind: Literal["root", "item", "index"], path: tuple[str, ...] = ()) -> None:
        set_attribute(self, "kind", kind)
        set_attribute(self, "path", path)
