"""The YAML loader: spec bytes to a tree of positioned nodes, or diagnostics.

Text in the plain part of YAML that specs are written in is read first by
`plainyaml`, in half to three quarters of the instructions; everything else,
and every file with a problem, by the event path here. The event path reads
the parser's event stream (libyaml through ruamel.yaml.clib, ruamel's pure
parser as a fallback) and builds the same node tree in one iterative pass. It
never composes or constructs YAML objects, so nothing in a file can be
executed, aliases cannot be expanded, and deep nesting cannot exhaust the
Python stack. Limits (size, depth, node count, scalar length, number size)
are checked while streaming, so hostile files are refused early. Plain
scalars are read by the rules of `yamltree`.
"""

from __future__ import annotations

from typing import Any

from . import plainyaml
from .diagnostics import Diagnostic
from .span import Span
from .yamltree import (
    RESOLVED_STARTS,
    WORDS,
    Document,
    Mapping,
    Node,
    NumberProblem,
    Scalar,
    Scalar_,
    Sequence,
    resolve_plain,
)

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000
MAX_SCALAR = 100_000


def load_file(path: str, display: str | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Read and load the file at `path`; `display` is the name diagnostics show (default: `path`)."""
    name = display or path
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [Diagnostic("E0001", Span.point(name, 1, 1), f"cannot read '{name}': {exc.strerror or exc}")]
    return load_bytes(data, name)


def load_bytes(data: bytes, name: str) -> tuple[Document | None, list[Diagnostic]]:
    """Load spec bytes named `name`; every problem becomes a diagnostic, never an exception."""
    if len(data) > MAX_BYTES:
        return None, [
            Diagnostic(
                "E0003",
                Span.point(name, 1, 1),
                f"file is larger than {MAX_BYTES // 1024} KiB",
                "split the service into a spec and imported library files",
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = len(data[data.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        return None, [
            Diagnostic(
                "E0002",
                Span.point(name, line, col),
                f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                "save the file as UTF-8",
            )
        ]
    return load_text(text.removeprefix("\ufeff"), name)


def load_text(text: str, name: str) -> tuple[Document | None, list[Diagnostic]]:
    """Load spec text named `name`."""
    diagnostics = _tab_indentation(text, name)
    if diagnostics:
        return None, diagnostics
    fast = plainyaml.read(text, name)
    if fast is not None:
        return Document(name, text, fast), []
    builder = _TreeBuilder(text, name)
    try:
        root = builder.build()
    except _Stop:
        root = None
    except Exception as exc:  # any parser failure must become a diagnostic, never a traceback
        builder.diagnostics.append(_syntax_error(exc, name))
        root = None
    if root is None:
        return None, builder.diagnostics
    return Document(name, text, root), builder.diagnostics


class _Stop(Exception):
    """Raised inside the builder once a limit is hit: the rest of the file is not read."""


def _tab_indentation(text: str, name: str) -> list[Diagnostic]:
    if "\t" not in text:
        return []
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        tab = line.find("\t", 0, indent)
        if tab >= 0 and line.strip():
            found.append(
                Diagnostic(
                    "E0005",
                    Span.point(name, number, tab + 1),
                    "tab character in indentation",
                    "indent with spaces",
                )
            )
            if len(found) == 20:
                break
    return found


def _syntax_error(exc: Exception, name: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0] or type(exc).__name__
    context = getattr(exc, "context", None)
    message = f"{problem} ({context})" if context else str(problem)
    return Diagnostic("E0004", Span.point(name, line, col), message, _syntax_hint(str(problem)))


def _syntax_hint(problem: str) -> str | None:
    if "mapping values are not allowed" in problem:
        return "quote values that contain ': ', or check the indentation of the line above"
    if "could not find expected ':'" in problem or "expected ':'" in problem:
        return "each key needs a ':' after it; check the indentation"
    if "found character '@'" in problem or "found character '`'" in problem:
        return "quote values that start with '@' or '`'"
    if "did not find expected" in problem:
        return "check indentation and that brackets and quotes are closed"
    return None


def _parser(text: str) -> Any:
    """A YAML event source with `get_event()`: libyaml when available (25x faster than the pure parser)."""
    try:
        from _ruamel_yaml import CParser  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - the clib wheel is a dependency; the pure parser is the fallback
        from ruamel.yaml import YAML

        return _PureEvents(iter(YAML(typ="safe", pure=True).parse(text)))
    return CParser(text)


class _PureEvents:
    def __init__(self, events: Any) -> None:
        self._events = events

    def get_event(self) -> Any:
        return next(self._events, None)


_SCALAR, _MAP_START, _SEQ_START, _MAP_END, _SEQ_END, _ALIAS, _DOC_START, _OTHER = range(8)
_EVENT_KINDS = {
    "ScalarEvent": _SCALAR,
    "MappingStartEvent": _MAP_START,
    "SequenceStartEvent": _SEQ_START,
    "MappingEndEvent": _MAP_END,
    "SequenceEndEvent": _SEQ_END,
    "AliasEvent": _ALIAS,
    "DocumentStartEvent": _DOC_START,
}


class _TreeBuilder:
    """Turns the event stream into Scalar/Mapping/Sequence nodes, checking every limit on the way.

    The loop in `build` is the loader's hot path (a spec with embedded tests has
    thousands of events): the common cases (a plain word or quoted text, a text
    key, a new key, a sequence entry) are handled inline, and spans and nodes are
    made with `tuple.__new__`, which skips the named tuples' Python-level `__new__`.
    Everything rarer goes through the methods below.
    """

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.diagnostics: list[Diagnostic] = []

    def _span(self, start: Any, end: Any) -> Span:
        return Span(self.name, start.line + 1, start.column + 1, end.line + 1, end.column + 1)

    def _error(self, code: str, mark: Any, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, Span.point(self.name, mark.line + 1, mark.column + 1), message, hint))

    def build(self) -> Node | None:
        # The open collection lives in locals (is it a mapping, where it starts, its items, the key waiting
        # for its value, the keys seen); `stack` keeps the enclosing ones as tuples and replaces recursion.
        stack: list[tuple[bool, Any, list[Any], Any, set[Any]]] = []
        items: list[Any] = []
        seen: set[Any] = set()
        is_map, key = False, None
        opened: Any = None  # the open collection's start mark, read only once one is open
        depth = 0
        root: Node | None = None
        documents = 0
        nodes = 0
        kinds: dict[type, int] = {}
        get_event = _parser(self.text).get_event
        name = self.name
        text = self.text
        new = tuple.__new__
        while True:
            event = get_event()
            if event is None:
                break
            cls = type(event)
            kind = kinds.get(cls)
            if kind is None:
                kind = kinds[cls] = _EVENT_KINDS.get(cls.__name__, _OTHER)
            nodes += 1
            if nodes > MAX_NODES:
                self._error("E0015", event.start_mark, f"more than {MAX_NODES:,} YAML nodes")
                raise _Stop
            node: Node
            if kind == _SCALAR:
                if event.anchor is not None or event.ctag is not None:
                    self._check_properties(event)
                value_text: str = event.value
                start, end = event.start_mark, event.end_mark
                if len(value_text) > MAX_SCALAR:
                    self._error("E0015", start, f"value longer than {MAX_SCALAR:,} characters")
                    raise _Stop
                line, end_line = start.line + 1, end.line + 1
                span = new(Span, (name, line, start.column + 1, end_line, end.column + 1))
                style = event.style or ""
                value: Scalar_
                if style:
                    value = value_text
                    raw = text[start.index : end.index]
                else:  # a plain scalar on one line is its source text as written
                    if value_text[:1] not in RESOLVED_STARTS and value_text not in WORDS:
                        value = value_text
                    else:
                        value = self._resolve(value_text, start)
                    raw = value_text if line == end_line else text[start.index : end.index]
                node = new(Scalar, (value, value_text, style, span, raw))
            elif kind in (_MAP_START, _SEQ_START):
                if event.anchor is not None or event.ctag is not None:
                    self._check_properties(event)
                if depth >= MAX_DEPTH:
                    self._error("E0011", event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
                    raise _Stop
                if depth:
                    stack.append((is_map, opened, items, key, seen))
                depth += 1
                is_map, opened, items, key, seen = kind == _MAP_START, event.start_mark, [], None, set()
                continue
            elif kind in (_MAP_END, _SEQ_END):
                start, end = opened, event.end_mark
                span = new(Span, (name, start.line + 1, start.column + 1, end.line + 1, end.column + 1))
                node = new(Mapping, (tuple(items), span)) if is_map else new(Sequence, (tuple(items), span))
                depth -= 1
                if depth:
                    is_map, opened, items, key, seen = stack.pop()
            elif kind == _ALIAS:
                self._error(
                    "E0007",
                    event.start_mark,
                    f"alias '*{event.anchor}' is not supported",
                    "use a named type under 'types:'",
                )
                node = Scalar(None, "", "", self._span(event.start_mark, event.end_mark), "")
            elif kind == _DOC_START:
                documents += 1
                if documents > 1:
                    self._error(
                        "E0010", event.start_mark, "a second YAML document starts here", "remove the '---' line"
                    )
                    raise _Stop
                if getattr(event, "version", None) or getattr(event, "tags", None):
                    self._error(
                        "E0009", event.start_mark, "YAML directives such as '%YAML' or '%TAG' are not supported"
                    )
                continue
            else:
                if cls.__name__ == "StreamEndEvent":
                    break
                continue
            if not depth:
                root = node
            elif not is_map:
                items.append(node)
            elif key is None:
                key = node if type(node) is Scalar and type(node.value) is str else self._key(node)
            else:
                if type(key) is Scalar:
                    if key.value in seen:
                        self._duplicate(key, items)
                    else:
                        seen.add(key.value)
                        items.append((key, node))
                key = None
        return self._check_root(root)

    def _check_root(self, root: Node | None) -> Node | None:
        if root is None or (isinstance(root, Scalar) and root.value is None):
            self.diagnostics.append(
                Diagnostic(
                    "E0013", Span.point(self.name, 1, 1), "the file contains no YAML document", 'start with svcdef: "1"'
                )
            )
            return None
        if not isinstance(root, Mapping):
            self.diagnostics.append(
                Diagnostic(
                    "E0014", Span.point(self.name, root.span.line, root.span.col), "the top level must be a mapping"
                )
            )
            return None
        return root

    def _duplicate(self, key: Scalar, items: list[tuple[Scalar, Node]]) -> None:
        first = next(other for other, _ in items if other.value == key.value)
        self.diagnostics.append(
            Diagnostic("E0006", key.span, f"duplicate key '{key.value}'", f"first defined at line {first.span.line}")
        )

    def _key(self, node: Node) -> Scalar | bool:
        """The key as a text scalar, or False (after a diagnostic) when it cannot be one."""
        if isinstance(node, Scalar) and isinstance(node.value, str):
            return node
        if isinstance(node, Scalar) and node.style == "" and node.text:
            text_key = Scalar(node.text, node.text, node.style, node.span, node.raw)
            self.diagnostics.append(
                Diagnostic(
                    "E0012",
                    node.span,
                    f"key {node.text} is read as {_kind(node.value)}, not text",
                    f"quote it: '{node.text}'",
                )
            )
            return text_key
        self.diagnostics.append(Diagnostic("E0012", node.span, "mapping keys must be text", "use a plain word as key"))
        return False

    def _check_properties(self, event: Any) -> None:
        if event.anchor:
            self._error(
                "E0007",
                event.start_mark,
                f"anchor '&{event.anchor}' is not supported",
                "use a named type under 'types:'",
            )
        tag = event.tag
        if tag is not None:
            short = str(tag).replace("tag:yaml.org,2002:", "!!")
            self._error(
                "E0008",
                event.start_mark,
                f"tag '{short}' is not supported",
                "remove the tag; quote the value if it is text",
            )

    def _resolve(self, text: str, mark: Any) -> Scalar_:
        try:
            return resolve_plain(text)
        except NumberProblem as problem:
            self._error("E0016", mark, problem.message, problem.hint)
            return None


def _kind(value: Scalar_) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"
