"""`Frozen`: the base of immutable value classes (expression nodes, types, tokens, environments; pattern trees).

Why not `dataclasses`: the decorator generates and `exec`s several methods per
class, and importing `dataclasses` pulls in `inspect`; together that was about
50 ms of every cold `svcdef check`. Each subclass writes its `__slots__` and
typed `__init__` out (setting attributes through `set_attribute`), and names in
`_compared` the attributes that take part in equality, hashing and `repr`, in
constructor order; `Frozen` implements the rest once, as `dataclass(frozen=True)`
would.
"""

from __future__ import annotations

from typing import ClassVar

set_attribute = object.__setattr__
"""Sets an attribute of a `Frozen` instance in its `__init__`, past the `__setattr__` that refuses."""


class Frozen:
    """Immutable; equal to another instance of the same class whose `_compared` attributes are equal."""

    __slots__ = ()
    _compared: ClassVar[tuple[str, ...]] = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _key(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._compared)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._compared)
        return f"{type(self).__qualname__}({shown})"
