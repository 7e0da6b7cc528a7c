"""Tests for the portable pattern subset: parsing, rejections, the backtracking check and the translations.

The differential test runs each generated pattern through four engines at once (Python `re` with the
Python and JSON Schema translations, Node's `RegExp` with `u` and the ECMA and JSON Schema
translations) and compares them with a reference matcher written straight from the tree.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from svcdef.patterns import (
    MAX_PATTERN_LENGTH,
    MAX_REPEAT,
    Alternation,
    CharClass,
    Concat,
    Group,
    Literal,
    Node,
    Regex,
    Repeat,
    parse_pattern,
    to_ecma,
    to_json_schema,
    to_python,
)

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")

NODE_SCRIPT = """
import { readFileSync } from "node:fs";
const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out = cases.map((c) => {
  try {
    const ecma = new RegExp(c.ecma, "u");
    const schema = new RegExp(c.schema, "u");
    return { results: c.strings.map((s) => [ecma.test(s), schema.test(s)]) };
  } catch (e) {
    return { error: String(e) };
  }
});
process.stdout.write(JSON.stringify(out));
"""


def run_node(cases: list[dict[str, object]]) -> list[dict[str, object]]:
    """Run every case in one `node` process: compile both patterns with `u`, test every string."""
    assert NODE is not None
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp, "run.mjs")
        script.write_text(NODE_SCRIPT, encoding="utf-8")
        data = Path(tmp, "cases.json")
        data.write_text(json.dumps(cases), encoding="utf-8")
        done = subprocess.run([NODE, str(script), str(data)], capture_output=True, text=True, check=True, timeout=60)
    result: list[dict[str, object]] = json.loads(done.stdout)
    return result


def accepted(text: str) -> Regex:
    regex, problems = parse_pattern(text)
    assert problems == [], problems
    assert regex is not None
    return regex


def problem_of(text: str) -> tuple[str, int, int]:
    regex, problems = parse_pattern(text)
    assert regex is None
    assert problems, text
    first = problems[0]
    return first.code, first.offset, first.end


def inner(anchored: str, prefix: str, suffix: str) -> str:
    assert anchored.startswith(prefix) and anchored.endswith(suffix), anchored
    return anchored[len(prefix) : len(anchored) - len(suffix)]


# -- accepted constructs -------------------------------------------------------------------------

# (source, Python body, ECMA body): the translations without their anchoring.
ACCEPTED = [
    ("", "", ""),
    ("abc", "abc", "abc"),
    ("a-b,c:d e", "a-b,c:d e", "a-b,c:d e"),
    ("^[0-9]{15}$", "[0-9]{15}", "[0-9]{15}"),
    ("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", "[A-Z]{2}[0-9]{2}[0-9A-Z]{11,30}", "[A-Z]{2}[0-9]{2}[0-9A-Z]{11,30}"),
    (r"\.\-\\\/\(\)\[\]\{\}\*\+\?\|\^\$", r"\.-\\\/\(\)\[\]\{\}\*\+\?\|\^\$", r"\.-\\\/\(\)\[\]\{\}\*\+\?\|\^\$"),
    (".", r"[^\n\r\u2028\u2029]", r"[^\n\r\u2028\u2029]"),
    (r"\d\D", "[0-9][^0-9]", "[0-9][^0-9]"),
    (r"\w\W", "[0-9A-Z_a-z][^0-9A-Z_a-z]", "[0-9A-Z_a-z][^0-9A-Z_a-z]"),
    (r"\s\S", r"[\t\n\v\f\r ][^\t\n\v\f\r ]", r"[\t\n\v\f\r ][^\t\n\v\f\r ]"),
    (r"\n\t\r\f\v", r"\n\t\r\f\v", r"\n\t\r\f\v"),
    (r"\u00e9\x41", r"\u00E9A", r"\u00E9A"),
    ("é٣", r"\u00E9\u0663", r"\u00E9\u0663"),
    ("😀", r"\U0001F600", r"\u{1F600}"),
    ("\u2028\x00\x7f", r"\u2028\u0000\u007F", r"\u2028\u0000\u007F"),
    ("[abc]", "[abc]", "[abc]"),
    ("[^abc]", "[^abc]", "[^abc]"),
    ("[a-z0-9_]", "[0-9_a-z]", "[0-9_a-z]"),
    (r"[\d.-]", r"[\-.0-9]", r"[\-.0-9]"),
    (r"[-a]", r"[\-a]", r"[\-a]"),
    (r"[^\s]", r"[^\t\n\v\f\r ]", r"[^\t\n\v\f\r ]"),
    (r"[\D]", "[^0-9]", "[^0-9]"),
    (r"[^\D]", "[0-9]", "[0-9]"),
    (r"[\s\S]", r"[\s\S]", r"[\s\S]"),
    (r"[\]\[\\\^|&~$(]", r"[$\u0026(\[\\\]\^\|\u007E]", r"[$\u0026(\[\\\]\^\|\u007E]"),
    (r"[\u00e0-\u00ff]", r"[\u00E0-\u00FF]", r"[\u00E0-\u00FF]"),
    ("[😀-😂]", r"[\U0001F600\U0001F601\U0001F602]", r"[\u{1F600}\u{1F601}\u{1F602}]"),
    ("(ab)", "(?:ab)", "(?:ab)"),
    ("(?:ab)", "(?:ab)", "(?:ab)"),
    ("()", "(?:)", "(?:)"),
    ("a|b|", "a|b|", "a|b|"),
    ("x(a|b)", "x(?:a|b)", "x(?:a|b)"),
    ("a*b+c?", "a*b+c?", "a*b+c?"),
    ("a{3}b{2,}c{1,4}", "a{3}b{2,}c{1,4}", "a{3}b{2,}c{1,4}"),
    ("a{0}", "a{0}", "a{0}"),
    ("a{0,}b{1,}c{0,1}", "a*b+c?", "a*b+c?"),
    ("a{1000}", "a{1000}", "a{1000}"),
    ("([0-9]{3}){2}", "(?:[0-9]{3}){2}", "(?:[0-9]{3}){2}"),
    (r"\d{1,3}(\.\d{1,3}){3}", r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}", r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}"),
    (r"\w+(\.\w+)*", r"[0-9A-Z_a-z]+(?:\.[0-9A-Z_a-z]+)*", r"[0-9A-Z_a-z]+(?:\.[0-9A-Z_a-z]+)*"),
    ("(a+b)*", "(?:a+b)*", "(?:a+b)*"),
    ("(ab?)*", "(?:ab?)*", "(?:ab?)*"),
    (r"\+?[0-9 ]{6,20}", r"\+?[ 0-9]{6,20}", r"\+?[ 0-9]{6,20}"),
    (r"[0-9]{5}(-[0-9]{4})?", r"[0-9]{5}(?:-[0-9]{4})?", r"[0-9]{5}(?:-[0-9]{4})?"),
    ("a$", "a", "a"),
    (r"a\$", r"a\$", r"a\$"),
    (r"a\\$", r"a\\", r"a\\"),
    ("^|a", "|a", "|a"),
]


@pytest.mark.parametrize(("source", "python", "ecma"), ACCEPTED)
def test_accepted_construct_translates(source: str, python: str, ecma: str) -> None:
    regex = accepted(source)
    assert inner(to_python(regex), "\\A(?:", ")\\Z") == python
    assert inner(to_ecma(regex), "^(?:", ")$") == ecma
    assert inner(to_json_schema(regex), "^(?:", ")(?![\\s\\S])") == ecma.replace("\\u{1F600}", "😀").replace(
        "\\u{1F601}", "😁"
    ).replace("\\u{1F602}", "😂")


def test_tree_carries_offsets() -> None:
    body = accepted("ab(c|d)*").body
    assert isinstance(body, Concat) and (body.start, body.end) == (0, 8)
    a, b, repeat = body.items
    assert a == Literal(ord("a"), 0, 1)
    assert b == Literal(ord("b"), 1, 2)
    assert isinstance(repeat, Repeat) and (repeat.min, repeat.max, repeat.start, repeat.end) == (0, None, 2, 8)
    group = repeat.body
    assert isinstance(group, Group) and group.capturing and (group.start, group.end) == (2, 7)
    assert group.body == Alternation((Literal(ord("c"), 3, 4), Literal(ord("d"), 5, 6)), 3, 6)


@pytest.mark.parametrize(
    ("source", "ranges", "negated"),
    [
        (r"\d", ((0x30, 0x39),), False),
        (r"\w", ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)), False),
        (r"\s", ((0x09, 0x0D), (0x20, 0x20)), False),
        (r"\S", ((0x09, 0x0D), (0x20, 0x20)), True),
        (".", ((0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)), True),
        ("[c-ea-b]", ((0x61, 0x65),), False),
    ],
)
def test_class_sets(source: str, ranges: tuple[tuple[int, int], ...], negated: bool) -> None:
    body = accepted(source).body
    assert isinstance(body, CharClass)
    assert (body.ranges, body.negated) == (ranges, negated)


def test_anchors_are_redundant() -> None:
    assert to_python(accepted("^abc$")) == to_python(accepted("abc"))
    assert to_ecma(accepted("^a|b$")) == to_ecma(accepted("a|b")) == "^(?:a|b)$"


def test_json_schema_pattern_rejects_trailing_newline() -> None:
    regex = accepted("[0-9]{3}")
    assert re.search("^(?:[0-9]{3})$", "123\n")  # why `$` cannot be used
    assert re.search(to_json_schema(regex), "123\n") is None
    assert re.search(to_json_schema(regex), "123")
    assert re.fullmatch(to_python(regex), "123\n") is None
    assert re.search(to_python(regex), "123\n") is None


def test_json_schema_pattern_in_jsonschema() -> None:
    schema = {"type": "string", "pattern": to_json_schema(accepted(r"[A-Z]{2}\d{2}"))}
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid("AB12")
    for value in ("AB12\n", "xAB12", "AB123", "AB١٢", "ab12"):
        assert not validator.is_valid(value), value


def test_emitters_group_what_they_must() -> None:
    a, b = Literal(ord("a"), 0, 1), Literal(ord("b"), 1, 2)
    alternation = Alternation((a, b), 0, 3)
    body = Concat(
        (Repeat(Concat((a, b), 0, 2), 0, None, 0, 3), alternation, Repeat(Repeat(a, 1, None, 0, 2), 0, 1, 0, 3)), 0, 9
    )
    assert to_ecma(Regex(body, "")) == "^(?:(?:ab)*(?:a|b)(?:a+)?)$"


def test_emitters_reject_unknown_nodes() -> None:
    with pytest.raises(AssertionError):
        to_python(Regex(object(), ""))  # type: ignore[arg-type]


# -- rejected features -------------------------------------------------------------------------

REJECTED = [
    # E0303: does not parse
    ("(a", "E0303", 0, 1),
    ("a)", "E0303", 1, 2),
    ("[ab", "E0303", 0, 1),
    ("*a", "E0303", 0, 1),
    ("a|+", "E0303", 2, 3),
    ("^*", "E0303", 1, 2),
    ("{2}", "E0303", 0, 1),
    ("a**", "E0303", 2, 3),
    ("a{2}{3}", "E0303", 4, 5),
    ("a{3,2}", "E0303", 1, 6),
    ("[z-a]", "E0303", 1, 4),
    (r"[\d-z]", "E0303", 1, 5),
    ("a\\", "E0303", 1, 2),
    (r"\q", "E0303", 0, 2),
    (r"\u12", "E0303", 0, 2),
    (r"\xg1", "E0303", 0, 2),
    ("(?", "E0303", 0, 2),
    # E0304: outside the portable subset
    ("(?=a)a", "E0304", 0, 3),
    ("(?!a)b", "E0304", 0, 3),
    ("(?<=a)b", "E0304", 0, 4),
    ("(?<!a)b", "E0304", 0, 4),
    ("(a)\\1", "E0304", 3, 5),
    ("(?P<year>a)", "E0304", 0, 9),
    ("(?<year>a)", "E0304", 0, 8),
    ("(?P=year)", "E0304", 0, 9),
    (r"\k<year>", "E0304", 0, 8),
    (r"\bword\b", "E0304", 0, 2),
    (r"a\B", "E0304", 1, 3),
    (r"\Aabc", "E0304", 0, 2),
    (r"abc\Z", "E0304", 3, 5),
    (r"abc\z", "E0304", 3, 5),
    ("(?i)abc", "E0304", 0, 4),
    ("(?i:abc)", "E0304", 0, 4),
    ("(?>abc)", "E0304", 0, 3),
    ("(?#note)a", "E0304", 0, 8),
    ("a++", "E0304", 2, 3),
    ("a*?", "E0304", 2, 3),
    ("a{2,3}?", "E0304", 6, 7),
    ("[[:alpha:]]", "E0304", 1, 10),
    ("[[.a.]]", "E0304", 1, 6),
    ("[a[b]", "E0304", 2, 3),
    (r"\p{L}", "E0304", 0, 5),
    (r"\P{Lu}", "E0304", 0, 6),
    (r"\0", "E0304", 0, 2),
    (r"\012", "E0304", 0, 4),
    (r"\x{41}", "E0304", 0, 6),
    (r"\u{1F600}", "E0304", 0, 9),
    (r"\ud83d\ude00", "E0304", 0, 6),
    (r"\cJ", "E0304", 0, 3),
    (r"\N{BULLET}", "E0304", 0, 10),
    (r"\U0001F600", "E0304", 0, 2),
    (r"\e", "E0304", 0, 2),
    (r"\,", "E0304", 0, 2),
    (r"\é", "E0304", 0, 2),
    ("a^b", "E0304", 1, 2),
    ("a|^b", "E0304", 2, 3),
    ("a$b", "E0304", 1, 2),
    ("(a$)", "E0304", 2, 3),
    ("a{,3}", "E0304", 1, 5),
    ("a{1001}", "E0304", 1, 7),
    ("a{2,1001}", "E0304", 1, 9),
    ("a{", "E0304", 1, 2),
    ("a{x}", "E0304", 1, 2),
    ("a{1, 2}", "E0304", 1, 2),
    ("}", "E0304", 0, 1),
    ("]", "E0304", 0, 1),
    ("[]", "E0304", 0, 2),
    ("[^]", "E0304", 0, 3),
    (r"[^\s\S]", "E0304", 0, 7),
    ("[a&&b]", "E0304", 2, 4),
    ("[a--b]", "E0304", 2, 4),
    ("[a~~b]", "E0304", 2, 4),
    ("[a||b]", "E0304", 2, 4),
    ("[a-c-e]", "E0304", 4, 5),
    (r"[\b]", "E0304", 1, 3),
    ("(a{1000}){1000}", "E0304", 0, 15),
    # E0305: may backtrack catastrophically
    ("(a+)+", "E0305", 0, 5),
    ("(a*)*", "E0305", 0, 5),
    ("(a+)*", "E0305", 0, 5),
    (r"(\d+\s?)*", "E0305", 0, 9),
    ("(a|ab)*", "E0305", 1, 4),
    (r"(\w|\d)+", "E0305", 1, 6),
    ("(a|a)", "E0305", 1, 4),
    ("a?a", "E0305", 0, 3),
    ("a*a", "E0305", 0, 3),
    (r"\d+\d", "E0305", 0, 5),
    (r"[a-z.]+\.[a-z]+", "E0305", 0, 9),
    ("a{2,5}a", "E0305", 0, 7),
    ("(a?){3}", "E0305", 0, 7),
    ("(a?b?)*", "E0305", 0, 7),
    ("()*", "E0305", 0, 3),
    ("(a|)?", "E0305", 0, 5),
    ("(a|)(b|)(|)", "E0305", 8, 11),
    ("(a?){1,2}", "E0305", 0, 9),
]


@pytest.mark.parametrize(("source", "code", "offset", "end"), REJECTED)
def test_rejected_feature(source: str, code: str, offset: int, end: int) -> None:
    assert problem_of(source) == (code, offset, end)


def test_problems_are_collected_and_sorted() -> None:
    regex, problems = parse_pattern(r"\bword\b(?i)x{,2}")
    assert regex is None
    assert [(p.code, p.offset) for p in problems] == [("E0304", 0), ("E0304", 6), ("E0304", 8), ("E0304", 13)]
    assert all(p.message and p.hint for p in problems)


def test_backtracking_is_checked_only_on_clean_patterns() -> None:
    regex, problems = parse_pattern(r"(a+)+\b")
    assert regex is None
    assert [p.code for p in problems] == ["E0304"]


def test_hints_name_a_portable_replacement() -> None:
    hints = {source: parse_pattern(source)[1][0].hint for source in ("a{,3}", "[[:digit:]]", r"\0", r"\,", "(a+)+")}
    assert "`{0,3}`" in hints["a{,3}"]
    assert "`0-9`" in hints["[[:digit:]]"]
    assert "`\\u0000`" in hints[r"\0"]
    assert "`,`" in hints[r"\,"]
    assert "`a+`" in hints["(a+)+"]


def test_length_limit() -> None:
    assert parse_pattern("a" * MAX_PATTERN_LENGTH)[1] == []
    code, offset, end = problem_of("a" * (MAX_PATTERN_LENGTH + 5))
    assert (code, offset, end) == ("E0304", MAX_PATTERN_LENGTH, MAX_PATTERN_LENGTH + 5)
    assert parse_pattern(f"a{{{MAX_REPEAT}}}")[1] == []


EVIL = [
    "(a+)+",
    "(a*)*",
    "(a+)*b",
    "(a|a)*",
    "(a|aa)+",
    "(a|a?)+",
    "(.*a){3}",
    "(.*)*",
    r"(\d+)*$",
    r"(\w+\s?)*",
    r"^(\w+\s?)*$",
    r"([a-zA-Z]+)*",
    r"(x+x+)+y",
    r"^(a+)+$",
    r"(\d|\d\d)+",
    r"[\s\S]*[\s\S]*x",
    r"\d*\d*\d*",
    r"(.|\s)*",
    r"([a-z0-9]+[.-]?)*[a-z0-9]+@",
    r"^([a-zA-Z0-9_.+-])+@(([a-zA-Z0-9-])+\.)+([a-zA-Z0-9]{2,4})+$",
    r"(\s*,\s*)*",
    "a?" * 30 + "a" * 30,
]


@pytest.mark.parametrize("source", EVIL)
def test_known_evil_patterns_are_rejected(source: str) -> None:
    regex, problems = parse_pattern(source)
    assert regex is None
    assert [p.code for p in problems] == ["E0305"]


# -- every accepted pattern compiles in both engines -------------------------------------------

CORPUS = [source for source, _, _ in ACCEPTED] + [
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+",
    r"(\+|00)[1-9][0-9]{6,14}",
    r"[^\n\r\u2028\u2029]{0,1000}",
    r"[\u0000-\uD7FF\uE000-\uFFFF]+",
    r"[^\u0000-\uD7FF]",
    "([^x]{0,999}x){10}",
]


def test_accepted_patterns_compile_in_python() -> None:
    for source in CORPUS:
        regex = accepted(source)
        re.compile(to_python(regex))
        re.compile(to_json_schema(regex))


@needs_node
def test_accepted_patterns_compile_in_node() -> None:
    cases: list[dict[str, object]] = []
    for source in CORPUS:
        regex = accepted(source)
        cases.append({"ecma": to_ecma(regex), "schema": to_json_schema(regex), "strings": [""]})
    for source, result in zip(CORPUS, run_node(cases), strict=True):
        assert "error" not in result, (source, result)


# -- the differential test ---------------------------------------------------------------------


def reference_ends(node: Node, value: str, start: int) -> set[int]:
    """Where a match of `node` starting at `start` can end: the tree's meaning, independent of any engine."""
    match node:
        case Literal():
            return {start + 1} if start < len(value) and ord(value[start]) == node.code_point else set()
        case CharClass():
            if start >= len(value):
                return set()
            inside = any(lo <= ord(value[start]) <= hi for lo, hi in node.ranges)
            return {start + 1} if inside != node.negated else set()
        case Group():
            return reference_ends(node.body, value, start)
        case Concat():
            ends = {start}
            for item in node.items:
                ends = {end for middle in ends for end in reference_ends(item, value, middle)}
            return ends
        case Alternation():
            return {end for branch in node.branches for end in reference_ends(branch, value, start)}
        case Repeat():

            def step(starts: set[int]) -> set[int]:
                return {end for middle in starts for end in reference_ends(node.body, value, middle)}

            ends = {start}
            for _ in range(node.min):
                ends = step(ends)
            result = set(ends)
            if node.max is None:
                while ends:
                    ends = step(ends) - result
                    result |= ends
            else:
                for _ in range(node.max - node.min):
                    ends = step(ends)
                    result |= ends
            return result
    raise AssertionError(node)


def reference_match(regex: Regex, value: str) -> bool:
    return len(value) in reference_ends(regex.body, value, 0)


INTERESTING = [
    *"abcxzAZ09_-./\\[]$^ ",
    "\n",
    "\r",
    "\t",
    "\v",
    "\f",
    "\x1c",
    "\x85",
    "\xa0",
    "\u2028",
    "\u2029",
    "\ufeff",
    "٣",
    "é",
    "É",
    "ſ",
    "K",
    "😀",
    "😁",
    "\U0010ffff",
    "\ud800",
]


def random_member(node: CharClass, rng: random.Random) -> str | None:
    candidates = [c for c in INTERESTING if any(lo <= ord(c) <= hi for lo, hi in node.ranges) != node.negated]
    if not node.negated and node.ranges and (not candidates or rng.random() < 0.5):
        lo, hi = rng.choice(node.ranges)
        code_point = rng.randint(lo, hi)
        if not 0xD800 <= code_point <= 0xDFFF:
            return chr(code_point)
    return rng.choice(candidates) if candidates else None


def sample(node: Node, rng: random.Random, out: list[str]) -> None:
    """Append to `out` the characters of one string the node matches (best effort for classes)."""
    match node:
        case Literal():
            out.append(chr(node.code_point))
        case CharClass():
            member = random_member(node, rng)
            if member is not None:
                out.append(member)
        case Group():
            sample(node.body, rng, out)
        case Concat():
            for item in node.items:
                sample(item, rng, out)
        case Alternation():
            sample(rng.choice(node.branches), rng, out)
        case Repeat():
            top = node.min + 3 if node.max is None else min(node.max, node.min + 3)
            for _ in range(rng.randint(node.min, top)):
                sample(node.body, rng, out)


def near_misses(regex: Regex, rng: random.Random, count: int) -> list[str]:
    """Strings that match, and strings one edit away from matching."""
    strings: list[str] = []
    while len(strings) < count:
        chars: list[str] = []
        sample(regex.body, rng, chars)
        kind = rng.randrange(8)
        if kind == 1:
            chars.append("\n")
        elif kind == 2 and chars:
            del chars[rng.randrange(len(chars))]
        elif kind == 3:
            chars.insert(rng.randint(0, len(chars)), rng.choice(INTERESTING))
        elif kind == 4 and chars:
            chars[rng.randrange(len(chars))] = rng.choice(INTERESTING)
        elif kind == 5 and chars:
            index = rng.randrange(len(chars))
            chars.insert(index, chars[index])
        elif kind == 6:
            chars = [rng.choice(INTERESTING) for _ in range(rng.randint(0, 4))]
        strings.append("".join(chars))
    return strings


LITERALS = [
    *"abc019-_ ",
    "é",
    "٣",
    "😀",
    *(
        [
            r"\.",
            r"\-",
            r"\\",
            r"\/",
            r"\(",
            r"\)",
            r"\[",
            r"\]",
            r"\{",
            r"\}",
            r"\*",
            r"\+",
            r"\?",
            r"\|",
            r"\^",
            r"\$",
            r"\n",
            r"\t",
            r"\r",
            r"\f",
            r"\v",
            r"\u00e9",
            r"\u2028",
            r"\x41",
            r"\u0663",
        ]
    ),
]
CLASS_ESCAPES = [r"\d", r"\D", r"\w", r"\W", r"\s", r"\S", "."]
CLASS_ITEMS = [
    *"abz09é٣😀 .|&~$(*",
    *([r"\]", r"\[", r"\-", r"\\", r"\^", r"\n", r"\r", r"\u2028", r"\d", r"\D", r"\w", r"\W", r"\s", r"\S"]),
    *["a-f", "0-9", "A-Z", "!-/", "😀-😂"],
    r"\u00e0-\u00ff",
    r"\u0660-\u0669",
    r"\t-\r",
]
QUANTIFIERS = ["", "", "", "*", "+", "?", "{0}", "{1}", "{2}", "{0,1}", "{0,2}", "{1,3}", "{2,}", "{0,}", "{1,}"]


def classes() -> st.SearchStrategy[str]:
    def build(negated: bool, items: list[str]) -> str:
        if any(escape in items for escape in (r"\D", r"\W", r"\S")):
            negated = False  # `[^\D0-9]` and the like match nothing, which the parser rejects
        return "[" + ("^" if negated else "") + "".join(items) + "]"

    return st.builds(build, st.booleans(), st.lists(st.sampled_from(CLASS_ITEMS), min_size=1, max_size=4, unique=True))


def pieces(atoms: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    piece = st.builds(str.__add__, atoms, st.sampled_from(QUANTIFIERS))
    concat = st.lists(piece, max_size=4).map("".join)
    return st.lists(concat, min_size=1, max_size=3).map("|".join)


def patterns() -> st.SearchStrategy[str]:
    atoms = st.one_of(st.sampled_from(LITERALS), st.sampled_from(CLASS_ESCAPES), classes())

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        groups = st.builds(str.__add__, st.sampled_from(["(", "(?:"]), inner.map(lambda s: s + ")"))
        return pieces(st.one_of(atoms, groups))

    body = st.recursive(pieces(atoms), extend, max_leaves=6)
    return st.builds(
        lambda start, b, end: start + b + end, st.sampled_from(["", "^"]), body, st.sampled_from(["", "$"])
    )


PAIRS_PER_BATCH = 250


@needs_node
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(sources=st.lists(patterns(), min_size=30, max_size=30), seed=st.integers(0, 2**32 - 1))
def test_translations_agree_across_engines(sources: list[str], seed: int) -> None:
    rng = random.Random(seed)
    batch: list[tuple[str, Regex, list[str]]] = []
    for source in sources:
        regex, problems = parse_pattern(source)
        assert [p.code for p in problems] in ([], ["E0305"]), (source, problems)
        if regex is not None:
            batch.append((source, regex, []))
    per_pattern = -(-PAIRS_PER_BATCH // max(len(batch), 1))
    for _, regex, strings in batch:
        strings.extend(near_misses(regex, rng, min(per_pattern, 60)))
    note(f"{len(batch)} patterns, {sum(len(s) for _, _, s in batch)} pairs")
    cases: list[dict[str, object]] = [
        {"ecma": to_ecma(regex), "schema": to_json_schema(regex), "strings": strings} for _, regex, strings in batch
    ]
    for (source, regex, strings), result in zip(batch, run_node(cases), strict=True):
        assert "error" not in result, (source, result)
        python, schema = re.compile(to_python(regex)), re.compile(to_json_schema(regex))
        as_written = None if "." in source.replace("\\.", "") else re.compile(source, re.ASCII)
        for value, (ecma_verdict, ecma_schema_verdict) in zip(strings, result["results"], strict=True):
            expected = reference_match(regex, value)
            verdicts = {
                "reference": expected,
                "python fullmatch": python.fullmatch(value) is not None,
                "python search json-schema": schema.search(value) is not None,
                "node ecma": ecma_verdict,
                "node json-schema": ecma_schema_verdict,
            }
            if as_written is not None:
                verdicts["python as written, re.ASCII"] = as_written.fullmatch(value) is not None
            assert set(verdicts.values()) == {expected}, (source, value, verdicts)


FUZZ_PIECES = [*"ab0-^$\\.*+?()[]{}|,:=!<>PpukxdDsSwWbBAZz019 é😀&~\n", r"\u00e9", "(?:", "(?", "{1,2}", "{,3}", "[^"]


@needs_node
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.lists(st.sampled_from(FUZZ_PIECES), max_size=14).map("".join), min_size=25, max_size=25))
def test_any_text_gets_a_tree_or_problems(texts: list[str]) -> None:
    """The parser never crashes, reports in-range offsets, and whatever it accepts compiles in both engines."""
    cases: list[dict[str, object]] = []
    for text in texts:
        regex, problems = parse_pattern(text)
        assert (regex is None) == bool(problems), text
        for problem in problems:
            assert problem.code in ("E0303", "E0304", "E0305")
            assert 0 <= problem.offset < problem.end <= len(text) + 1, (text, problem)
        if regex is not None:
            re.compile(to_python(regex))
            re.compile(to_json_schema(regex))
            cases.append({"ecma": to_ecma(regex), "schema": to_json_schema(regex), "strings": [text]})
    for case, result in zip(cases, run_node(cases), strict=True):
        assert "error" not in result, (case, result)
