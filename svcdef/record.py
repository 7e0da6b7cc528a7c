"""Frozen, slotted record classes for the spec model, declared with `key(...)` and built without code generation.

Why not `dataclasses`: the decorator generates and `exec`s several methods per
class, which costs about 1.5 ms per class; for the model's forty classes that
is most of a cold `svcdef check`. A metaclass that collects the declared keys
into `__slots__` gives the same frozen, typed, slotted records at class
creation cost close to zero, and one generic reader (`svcdef.parse`), schema
builder (`svcdef.langschema`) and doc generator (`svcdef.docs`) walk them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Self, TypeVar


class Key:
    """A declared attribute of a record: documentation, default, YAML name, shape, and whether specs write it."""

    __slots__ = ("default", "doc", "example", "internal", "name", "named", "required", "yaml")

    def __init__(
        self, doc: str, default: Any, *, yaml: str | None, named: bool, internal: bool, example: str | None
    ) -> None:
        self.doc = doc
        self.required = default is REQUIRED
        self.default = None if self.required else default
        self.yaml = yaml
        self.named = named
        self.internal = internal
        self.example = example
        self.name = ""

    @property
    def yaml_key(self) -> str:
        return self.yaml or self.name


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()
"""Marks a key without a default: the spec must give it."""


def key(
    doc: str, default: Any = None, *, name: str | None = None, named: bool = False, example: str | None = None
) -> Any:
    """A spec key: its documentation, default, YAML name (when not the attribute name) and shape.

    `named=True` marks a YAML mapping of `name: body` entries that the model
    keeps as a tuple of records whose `name` attribute holds the key.
    """
    if isinstance(default, list | dict | set):
        raise TypeError("mutable default")
    return Key(doc, default, yaml=name, named=named, internal=False, example=example)


def internal(default: Any = None) -> Any:
    """An attribute the compiler fills in (a name taken from a mapping key, a resolved reference); not a spec key."""
    return Key("", default, yaml=None, named=False, internal=True, example=None)


class _RecordMeta(type):
    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> _RecordMeta:
        own = [(k, v) for k, v in namespace.items() if isinstance(v, Key)]
        for attr, declared in own:
            declared.name = attr
            del namespace[attr]
        namespace["__slots__"] = tuple(attr for attr, _ in own)
        cls = super().__new__(mcls, name, bases, namespace)
        inherited: tuple[Key, ...] = getattr(cls, "_keys", ())
        cls._keys = inherited + tuple(v for _, v in own)  # type: ignore[attr-defined]
        slot = {k.name: getattr(cls, k.name).__set__ for k in cls._keys}  # type: ignore[attr-defined]
        cls._optional = tuple((k.name, k.default, slot[k.name]) for k in cls._keys if not k.required)  # type: ignore[attr-defined]
        cls._required = tuple((k.name, slot[k.name]) for k in cls._keys if k.required)  # type: ignore[attr-defined]
        cls._slots = tuple(slot.items())  # type: ignore[attr-defined]
        return cls


class Record(metaclass=_RecordMeta):
    """Base of the model's records: keyword construction, immutable attributes, value equality."""

    __slots__ = ()
    _keys: ClassVar[tuple[Key, ...]]
    _optional: ClassVar[tuple[tuple[str, Any, Callable[[Any, Any], None]], ...]]
    """The attributes that have a default, with it and the setter of its slot; read by `_fill`, a record's hot
    path (setting through the slot skips the attribute lookup of `object.__setattr__`)."""
    _required: ClassVar[tuple[tuple[str, Callable[[Any, Any], None]], ...]]
    """The attributes without a default, with the setters of their slots."""
    _slots: ClassVar[tuple[tuple[str, Callable[[Any, Any], None]], ...]]
    """Every attribute with the setter of its slot, for `replace`."""

    def __init__(self, *args: Any, **values: Any) -> None:
        if len(args) > len(self._keys):
            raise TypeError(f"{type(self).__name__} takes at most {len(self._keys)} positional arguments")
        for declared, value in zip(self._keys, args, strict=False):
            values[declared.name] = value
        self._fill(values)

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> Self:
        """A record from a dict of attribute values, which it uses up: the spec reader's way, without the
        copy that a call with `**values` makes."""
        record = object.__new__(cls)
        record._fill(values)
        return record

    def _fill(self, values: dict[str, Any]) -> None:
        pop = values.pop
        for attr, default, put in self._optional:
            put(self, pop(attr, default))
        for attr, put in self._required:
            if attr not in values:
                raise TypeError(f"{type(self).__name__} needs '{attr}'")
            put(self, pop(attr))
        if values:
            raise TypeError(f"{type(self).__name__} has no key(s) {', '.join(sorted(values))}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, k.name) for k in self._keys)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{k.name}={getattr(self, k.name)!r}" for k in self._keys if k.name not in ("span", "spans"))
        return f"{type(self).__name__}({shown})"


def fields(record: Record | type[Record]) -> tuple[Key, ...]:
    """The declared keys of a record class or instance, inherited ones first."""
    return record._keys


def is_record(value: Any) -> bool:
    """Whether `value` is a record class (not an instance)."""
    return isinstance(value, type) and issubclass(value, Record)


R = TypeVar("R", bound=Record)


def replace(record: R, **changes: Any) -> R:
    """A copy of `record` with some attributes changed (slot by slot: the checker makes many)."""
    copy = object.__new__(type(record))
    for attr, put in record._slots:
        put(copy, changes.pop(attr) if attr in changes else getattr(record, attr))
    if changes:
        raise TypeError(f"{type(record).__name__} has no key(s) {', '.join(sorted(changes))}")
    return copy
