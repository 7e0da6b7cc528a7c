"""Injection corpus: spec texts that try to break out of string literals, comments or script elements stay inert.

Each string of the corpus is used as a label, a validation message, an
option title, a `pattern_message` and a fee label; the pattern itself holds
quotes, a backslash, `*/`, `</script>` and `${}`. The generated Python must
parse (`ast.parse`) and the generated JavaScript pass `node --check`, and
the strings must come back unchanged, character for character, in the
messages and fee labels of both targets, the JavaScript run in Node and in
headless Chromium (loaded by a page over HTTP).
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from node_env import Browser

from generators.js import generate as generate_js
from generators.js.node import NODE, evaluate_batch
from generators.python import generate as generate_python
from generators.python.engine import load
from svcdef.check import check_file
from svcdef.evaluate import evaluate

CORPUS = [
    "quote \" and ' apostrophe",
    "back\\slash \\n \\u0041 \\",
    "new\nline\r\nand\ttab",
    "triple \"\"\" and ''' quotes",
    "comment */ /* // # -->",
    "</script><script>alert(1)</script>",
    "${process.exit(1)} `tick` #{x}",
    "{{7*7}} {% raw %} {# %}",
    "line\u2028separator\u2029paragraph",
    "bidi \u202egnirts\u202c \u2066isolate\u2069 \u200f",
    '\\"; import os; os.system("x") #',
    "'); process.exit(1); ('",
]
PATTERN = '(\\*/|"""|</script>|\\$\\{\\}|[a-z\\\\\'])+'


def _spec(de: str, fr: str) -> dict[str, Any]:
    text = {"de": de, "fr": fr}
    return {
        "svcdef": "1",
        "service": {
            "id": "injection",
            "version": "1.0.0",
            "languages": ["de", "fr"],
            "currency": "CHF",
            "title": text,
            "authority": text,
            "description": text,
        },
        "options": {"kind": {"a": text, "b": text}},
        "fields": {
            "name": {
                "type": "text",
                "required": True,
                "label": text,
                "help": text,
                "placeholder": text,
                "pattern": PATTERN,
                "pattern_message": text,
            },
            "kind": {"type": "choice", "options": "kind", "label": text},
            "group": {"type": "group", "label": text, "fields": {"inner": {"type": "integer", "label": text}}},
        },
        "validations": [{"id": "not_x", "rule": "name != 'abc'", "at": "name", "message": text}],
        "computed": {"shown": {"type": "text", "value": "name", "label": text}},
        "fees": {"currency": "CHF", "items": [{"id": "fee", "label": text, "amount": "10"}]},
    }


PAIRS = [(CORPUS[i], CORPUS[(i + 1) % len(CORPUS)]) for i in range(len(CORPUS))]


@pytest.mark.parametrize(("de", "fr"), PAIRS, ids=[f"corpus{i}" for i in range(len(PAIRS))])
def test_spec_texts_stay_inert(de: str, fr: str, tmp_path: Path, browser: Browser) -> None:
    path = tmp_path / "injection.yaml"
    path.write_text(json.dumps(_spec(de, fr), indent=1), encoding="utf-8")  # JSON is YAML
    service, diagnostics = check_file(str(path))
    assert service is not None, [d.message for d in diagnostics]

    for relative, text in generate_python(service).items():
        if relative.endswith(".py"):
            ast.parse(text, relative)
    module = load(service, tmp_path / "py")
    submissions = [{"name": "ABC"}, {"name": "abc"}, {"name": "*/</script>${}"}]
    expected = []
    for data in submissions:
        for lang in ("de", "fr"):
            reference = evaluate(service, data, today=_today(), lang=lang).as_dict()
            got = module.evaluate(data, today=_today(), lang=lang)
            assert got["errors"] == reference["errors"]
            assert got["fees"] == reference["fees"]
            messages = {e["message"] for e in got["errors"]} | {line["label"] for line in got["fees"]["items"]}
            want = de if lang == "de" else fr
            assert messages <= {want}, messages
            assert want in messages
            expected.append(reference)

    if NODE is None:
        pytest.skip("node is not installed")
    files = generate_js(service)
    for relative, text in files.items():
        target = tmp_path / "js" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    index = tmp_path / "js" / "js" / "index.js"
    checked = subprocess.run([NODE, "--check", str(index)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    assert files["js/index.js"].isascii()  # every spec text is escaped, U+2028 and bidi controls included
    assert json.loads(files["js/package.json"])["description"].startswith(de + ": ")
    batch = [
        {"module": str(index), "data": json.dumps(data), "today": _today().isoformat(), "lang": lang}
        for data in submissions
        for lang in ("de", "fr")
    ]
    for reference, got in zip(expected, evaluate_batch(batch), strict=True):
        assert got == reference
    url = browser.mount(tmp_path / "js") + "js/index.js"
    for reference, got in zip(expected, browser.evaluate([{**c, "module": url} for c in batch]), strict=True):
        assert got == reference


def _today() -> dt.date:
    return dt.date(2026, 5, 1)
