"""The subset reader (`svcdef.plainyaml`) returns the event path's tree, spans and source text included, or nothing.

Its promise is checked three ways: on every example spec (which it must read,
or the speed-up would be lost), on documents generated in every style it
knows (block and flow collections, quoting, block scalars, comments, blank
lines, compact and indentless sequences), and on those documents and the
specs with random edits, where it must give up wherever libyaml reads
something else or reports a problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdef import plainyaml
from svcdef.loader import _TreeBuilder, load_text
from svcdef.yamltree import Node

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").rglob("*.yaml"))


def event_path(text: str) -> tuple[Node | None, list[Any]]:
    builder = _TreeBuilder(text, "t.yaml")
    try:
        root = builder.build()
    except Exception:  # a parser error: the loader turns it into a diagnostic
        return None, ["syntax error"]
    return root, builder.diagnostics


def holds_to_event_path(text: str) -> bool:
    """Assert the reader's promise for `text`; True when it read the text itself."""
    fast = plainyaml.read(text, "t.yaml")
    if fast is None:
        return False
    slow, problems = event_path(text)
    assert problems == [], f"the subset reader accepted text the event path reports: {problems}\n{text}"
    assert repr(fast) == repr(slow), f"the readers differ on:\n{text}"
    return True


@pytest.mark.parametrize("path", SPECS, ids=[p.name for p in SPECS])
def test_the_example_specs_are_read_by_the_subset_reader_exactly_as_by_libyaml(path: Path) -> None:
    assert holds_to_event_path(path.read_text(encoding="utf-8"))


KNOWN = [
    "a: 1\nb: -2.50\nc: text with spaces # comment\nd: 'it''s'\ne: \"q\"\nf:\n",
    "a:\n  b:\n    c: [1, 2, {x: y}]\n  d: {}\n# end\n",
    "list:\n- a\n- b: 1\n  c: 2\n-   - x\n    - y\nnext: true\n",
    "list:\n  - one\n  -\n    nested: yes\n",
    "t: |\n  line one\n\n    indented\n  last\n\nu: >-\n  folded\n  text\n\n  para\nv: x\n",
    "flow: {a: 1, b: [x, 'y z', \"w\"],\n  c: {d: e}}\nafter: 1\n",
    "url: https://example.org/a#b\ntime: 08:00\nnot_comment: a#b\n",
    "no_newline_at_end: value",
    "trailing:\n  blank: lines\n\n\n",
]


@pytest.mark.parametrize("text", KNOWN)
def test_texts_in_the_subset_are_read_by_the_subset_reader(text: str) -> None:
    assert holds_to_event_path(text)


OUTSIDE = [
    "a: &x 1\nb: *x\n",  # anchors and aliases
    "a: !!python/object x\n",  # tags
    "%YAML 1.1\n---\na: 1\n",  # directives
    "a: 1\n---\nb: 2\n",  # a second document
    "a: 1\na: 2\n",  # a duplicate key
    "a: {b: 1, c: 2, b: 3}\n",  # a duplicate key in a flow mapping
    "1: a\n",  # a key that is not text
    "a: .inf\n",  # a number we refuse
    "a:\tb\n",  # a tab
    "a: b\r\nc: d\r\n",  # carriage returns
    "a: one\n  two\n",  # a plain scalar over two lines
    'a: "x\\ny"\n',  # an escape
    "a: |+\n  keep\n\n",  # keep chomping
    "a: [x, y,]\n",  # a trailing comma
    "- a\n- b\n",  # a root that is not a mapping
    "",  # no document
    "a: {b: 1\n",  # an unclosed flow mapping
    "a: b: c\n",  # a mapping value where none is allowed
    "a: x\u2028b: y\n",  # a line separator
    "a: |",  # a block scalar header at the end of the text
    "a: [x,",  # the text ends inside a flow collection
    "a: {b: 1,\n",  # the text ends inside a flow collection, after a line break
]


@pytest.mark.parametrize("text", OUTSIDE)
def test_texts_outside_the_subset_go_to_the_event_path(text: str) -> None:
    assert plainyaml.read(text, "t.yaml") is None
    holds_to_event_path(text)


def test_the_loader_reports_problems_the_subset_reader_leaves_to_libyaml() -> None:
    document, diagnostics = load_text("a: 1\na: 2\n", "t.yaml")
    assert document is None or [(d.code, d.span.line, d.span.col) for d in diagnostics] == [("E0006", 2, 1)]


# -- generated documents ---------------------------------------------------------------------

SCALARS = [
    "Hund",
    "Hündin und Rüde",
    "12",
    "-3.50",
    "1e5",
    "0x1F",
    "2024-01-01",
    "1.10",
    "true",
    "False",
    "null",
    "~",
    "",
    "a: b",
    "a #b",
    "a#b",
    "x:y",
    "it's",
    'say "hi"',
    "[x]",
    "{y}",
    "-",
    "- a",
    "-a",
    "?",
    "&a",
    "*a",
    "!t",
    "%",
    "@at",
    "`b`",
    "|",
    ">",
    " lead",
    "trail ",
    "two  spaces",
    "x,y",
    "a\\b",
    "\u00a0nbsp",
    "...",
    "---",
]
KEYS = ["a", "de", "fr", "type", "label", "b_2", "x y", "1", "true", "null", "-k", "k:", "#k", "'q'", "é"]


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A document emitted in random styles; most are valid YAML of the subset, some are not, on purpose."""
    step = draw(st.integers(1, 4))

    def scalar(text: str, flow: bool) -> str:
        style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
        if style == "single":
            return "'" + text.replace("'", "''") + "'"
        if style == "double":
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return text

    def comment() -> str:
        return draw(st.sampled_from(["", "", "", " # note", "  #x", "#glued"]))

    def value(depth: int) -> Any:
        if depth < 3 and draw(st.integers(0, 3)) == 0:
            if draw(st.booleans()):  # a mapping, as pairs: keys may repeat
                keys = draw(st.lists(st.sampled_from(KEYS), min_size=0, max_size=4))
                return tuple((k, value(depth + 1)) for k in keys)
            return [value(depth + 1) for _ in range(draw(st.integers(0, 3)))]
        return draw(st.sampled_from(SCALARS))

    def flow(node: Any) -> str:
        sep = draw(st.sampled_from([", ", ",", " , ", ",\n      "]))
        if isinstance(node, tuple):
            return "{" + sep.join(f"{scalar(k, True)}: {flow(v)}" for k, v in node) + "}"
        if isinstance(node, list):
            return "[" + sep.join(flow(v) for v in node) + "]"
        return scalar(node, True)

    def block_scalar(indent: int) -> list[str]:
        header = draw(st.sampled_from(["|", "|-", ">", ">-", "|+", ">2"]))
        lines = draw(st.lists(st.sampled_from(["word", "two words", "", "  more", "# not a comment"]), min_size=1))
        pad = " " * (indent + step)
        return [header + comment()] + [pad + line if line else "" for line in lines]

    def block(node: Any, indent: int) -> list[str]:
        pad = " " * indent
        out: list[str] = []
        if isinstance(node, tuple):
            for k, v in node:
                head = f"{pad}{scalar(k, False)}:"
                out.extend(entry(head, v, indent, mapping=True))
                if draw(st.integers(0, 5)) == 0:
                    out.append(draw(st.sampled_from(["", pad + "# between", "# left"])))
        else:
            for v in node:
                out.extend(entry(f"{pad}-", v, indent, mapping=False))
        return out

    def entry(head: str, v: Any, indent: int, mapping: bool) -> list[str]:
        if isinstance(v, (tuple, list)) and v and draw(st.booleans()):
            if not mapping and isinstance(v, tuple) and draw(st.booleans()):  # compact: "- key: value"
                inner = block(v, indent + 2)
                return [head + " " + inner[0].lstrip(" "), *inner[1:]]
            deeper = indent if (mapping and isinstance(v, list) and draw(st.booleans())) else indent + step
            return [head + comment(), *block(v, deeper)]
        if isinstance(v, (tuple, list)):
            return [f"{head} {flow(v)}{comment()}"]
        if draw(st.integers(0, 6)) == 0:
            lines = block_scalar(indent)
            return [f"{head} {lines[0]}", *lines[1:]]
        if v == "" and draw(st.booleans()):
            return [head + comment()]
        return [f"{head} {scalar(v, False)}{comment()}"]

    root = tuple((k, value(1)) for k in draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=5)))
    ending = draw(st.sampled_from(["\n", "\n", "", "\n\n", "\n  "]))
    return "\n".join(block(root, 0)) + ending


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_are_read_as_libyaml_reads_them_or_left_to_it(text: str) -> None:
    holds_to_event_path(text)


EDITS = st.text(alphabet=list(" \n-:#'\"{}[],|>&*!%?ab1.\\"), min_size=1, max_size=3)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_edited_texts_are_read_as_libyaml_reads_them_or_left_to_it(data: st.DataObject) -> None:
    text = data.draw(st.one_of(documents(), st.sampled_from([*KNOWN, *(p.read_text("utf-8") for p in SPECS[:2])])))
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 2))
        text = text[:at] + data.draw(EDITS) + text[at + cut :]
    holds_to_event_path(text)


def test_generated_documents_mostly_stay_in_the_subset() -> None:
    """The generated documents exercise the reader itself, not only its way out."""
    read = 0

    @settings(max_examples=300, deadline=None, database=None, derandomize=True)
    @given(documents())
    def count(text: str) -> None:
        nonlocal read
        read += holds_to_event_path(text)

    count()
    assert read >= 60
