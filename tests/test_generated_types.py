"""The TypeScript declarations of the generated JavaScript (`index.d.ts`) hold what the module takes and gives.

A portal team writing TypeScript imports the module with its declarations.
For every example spec, a TypeScript file types each valid embedded test's
submission as `Submission` and each result the module returned for it in
Node as `Result` (object literals: a missing, extra or wrongly typed member
is an error), calls every exported function as the declarations promise,
and expects an error where the types must refuse (an empty submission, a
number for a text). `tsc --strict` checks it with `nodenext` module
resolution, which also holds the imports to their real file names.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from examples import SERVICES
from node_env import ensure_packages

from generators.js.engine import write as write_js
from generators.js.node import NODE, evaluate_batch
from svcdef.service import Service
from svcdef.testing import submission_of

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def typescript(service: Service, index: Path) -> str:
    """The TypeScript file that uses the module at `index` as its declarations say."""
    valid = [t for t in service.spec.tests if t.expect.valid]
    submissions = [submission_of(t) for t in valid]
    results = evaluate_batch(
        [
            {"module": str(index), "data": json.dumps(s), "today": t.today or "2026-05-01", "lang": t.lang}
            for s, t in zip(submissions, valid, strict=True)
        ]
    )
    assert all(r.get("valid") is True for r in results), results
    data = json.dumps(submissions, ensure_ascii=False, indent=1)
    text = next(k for k, v in submissions[0].items() if isinstance(v, str))  # a text, date or choice
    return f"""\
import {{ computed, evaluate, fees, isValid, serviceToday, validate }} from "./js/index.js";
import type {{ Computed, FeeResult, Options, Result, Submission, ValidationError }} from "./js/index.js";

const submissions: Submission[] = {data};
export const results: Result[] = {json.dumps(results, ensure_ascii=False, indent=1)};

const options: Options = {{ today: "2026-05-01", lang: "de" }};
const errors: ValidationError[] = validate(submissions[0], options);
export const where: string[] = errors.map((e) => `${{e.pointer}} ${{e.code}} ${{e.rule}} ${{e.message}}`);
export const ok: boolean = isValid(submissions[0], {{ today: new Date() }});
export const values: Computed = computed(submissions[0]);
const fee: FeeResult | null = fees(submissions[0], {{ date: "2026-05-01" }});
export const total: string | undefined = fee?.total;
export const lines: (string | null)[] = fee === null ? [] : fee.items.map((line) => line.for);
export const result: Result = evaluate(submissions[0], {{ lang: "fr" }});
export const day: string = serviceToday();

// @ts-expect-error a submission needs its required fields
export const empty: Submission = {{}};
// @ts-expect-error a field whose value is text takes no number
export const number: Submission = {{ ...submissions[0], {json.dumps(text)}: 12 }};
"""


def tsc(files: list[str]) -> subprocess.CompletedProcess[str]:
    """`tsc --strict` on `files`, emitting nothing."""
    command = [str(ensure_packages() / "node_modules" / ".bin" / "tsc"), "--strict", "--noEmit"]
    command += ["--module", "nodenext", "--target", "es2022", *files]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def test_the_declarations_type_real_submissions_and_results(tmp_path: Path) -> None:
    files = []
    for service in SERVICES:
        folder = tmp_path / service.id
        index = write_js(service, folder)
        check = folder / "check.mts"
        check.write_text(typescript(service, index), encoding="utf-8")
        files.append(str(check))
    done = tsc(files)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_check_fails_on_declarations_that_do_not_fit(tmp_path: Path) -> None:
    """The check can fail: with a member's type changed in `index.d.ts`, tsc reports the real values."""
    service = next(s for s in SERVICES if s.id == "kita-fees")
    index = write_js(service, tmp_path)
    declarations = index.with_suffix(".d.ts")
    text = declarations.read_text(encoding="utf-8")
    assert '"household_income": string | null;' in text
    declarations.write_text(text.replace('"household_income": string | null;', '"household_income": number | null;'))
    check = tmp_path / "check.mts"
    check.write_text(typescript(service, index), encoding="utf-8")
    done = tsc([str(check)])
    assert done.returncode != 0
    assert "error TS2322: Type 'string' is not assignable to type 'number'." in done.stdout


def test_the_js_folder_installs_as_an_npm_package_imported_by_its_name(tmp_path: Path) -> None:
    """`js/package.json` makes the folder a package a portal project installs and imports by the service id.

    Node reads it as an ES module without guessing from the syntax (`--no-experimental-detect-module`: Node 20
    before 20.19 guesses nothing), and TypeScript finds the declarations through the package's `exports`.
    """
    service = next(s for s in SERVICES if s.id == "dog-registration")
    index = write_js(service, tmp_path / "service")
    project = tmp_path / "portal"
    project.mkdir()
    manifest = {
        "name": "portal",
        "private": True,
        "type": "module",
        "dependencies": {service.id: f"file:{index.parent}"},
    }
    (project / "package.json").write_text(json.dumps(manifest), encoding="utf-8")
    npm = ["npm", "install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"]
    installed = subprocess.run(npm, cwd=project, capture_output=True, text=True, timeout=300, check=False)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    test = next(t for t in service.spec.tests if t.expect.valid)
    script = f"import {{ validate }} from {json.dumps(service.id)};\n"
    script += f"console.log(JSON.stringify(validate({json.dumps(submission_of(test))}, {{ today: {json.dumps(test.today)} }})));\n"
    (project / "main.mjs").write_text(script, encoding="utf-8")
    ran = subprocess.run(
        [NODE, "--no-experimental-detect-module", "main.mjs"], cwd=project, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0 and json.loads(ran.stdout) == [], ran.stderr
    typed = "import { validate, type Submission } from " + json.dumps(service.id) + ";\n"
    typed += "export const check = (s: Submission): number => validate(s).length;\n"
    (project / "main.mts").write_text(typed, encoding="utf-8")
    done = tsc([str(project / "main.mts")])
    assert done.returncode == 0, done.stdout + done.stderr
