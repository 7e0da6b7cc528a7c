"""Running generated JavaScript modules in Node: many submissions per process, for `svcdef test` and the tests.

`evaluate_batch` writes the cases as one JSON file, starts one `node`
process that imports each case's module, parses each submission with
`JSON.parse` (as a portal's server would) and calls the module's
`evaluate`, and returns the results. An exception inside the module is
returned as `{"thrown": message}`, never hidden.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

NODE = shutil.which("node")

_RUNNER = r"""
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const modules = new Map();
const out = [];
for (const c of cases) {
  if (!modules.has(c.module)) modules.set(c.module, await import(pathToFileURL(c.module).href));
  const mod = modules.get(c.module);
  try {
    out.push(mod.evaluate(JSON.parse(c.data), { today: c.today, lang: c.lang ?? undefined }));
  } catch (e) {
    out.push({ thrown: String(e && e.stack ? e.stack : e) });
  }
}
process.stdout.write(JSON.stringify(out));
"""


class NodeError(Exception):
    """Node is missing or its process failed."""


def evaluate_batch(cases: list[dict[str, Any]], *, timeout: float = 600) -> list[Any]:
    """Results of `evaluate` for each case `{module: path of index.js, data: JSON text, today, lang}`."""
    if NODE is None:
        raise NodeError("node is not installed")
    with tempfile.TemporaryDirectory(prefix="svcdef-node-") as folder:
        runner = Path(folder) / "runner.mjs"
        runner.write_text(_RUNNER, encoding="utf-8")
        data = Path(folder) / "cases.json"
        data.write_text(json.dumps(cases), encoding="utf-8")
        done = subprocess.run(
            [NODE, "--stack-size=4000", str(runner), str(data)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if done.returncode != 0:
        raise NodeError(done.stderr[-3000:])
    results: list[Any] = json.loads(done.stdout)
    return results
