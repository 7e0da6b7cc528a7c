"""Times `svcdef check` cold (whole process) and in-process per spec, beside the anchors of issue 2, in one run.

Anchors (installed into benchmarks/.venv-anchors by `--install`, kept out of the project's environment):
LinkML `gen-json-schema` on a 40-slot schema (cold, and in-process per compile), datamodel-code-generator
(cold, JSON Schema to pydantic), pyxform `xls2xform` (cold, a 40-question XLSForm).

    python benchmarks/check_speed.py [--install] [--runs N]

Prints medians in milliseconds and the ratios anchor / svcdef. Targets (not test assertions): one spec
cold under 150 ms, a 30-field spec in-process under 5 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANCHORS = ROOT / "benchmarks" / ".venv-anchors"
ANCHOR_BIN = ANCHORS / "bin"


def cold(command: list[str], runs: int, cwd: Path = ROOT) -> float:
    """Median wall time of a whole process, in ms (after one warm-up run for the file cache)."""
    subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def in_process(path: Path, repeat: int = 200) -> float:
    from svcdef.check import Workspace, check_file

    check_file(str(path), Workspace())
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        check_file(str(path), Workspace())
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def synthetic_spec(fields: int) -> str:
    lines = [
        'svcdef: "1"',
        "service: {id: synthetic, version: 1.0.0, languages: [de, fr], currency: CHF,",
        "  title: {de: Test, fr: Test}, authority: {de: Amt, fr: Office}}",
        "options:",
        "  colour: {red: {de: Rot, fr: Rouge}, blue: {de: Blau, fr: Bleu}}",
        "fields:",
    ]
    kinds = [
        "{type: text, required: true, max_length: 100, pattern: '[A-Za-z ]+'}",
        "{type: integer, min: 0, max: 99}",
        "{type: date, min: '1900-01-01'}",
        "{type: choice, options: colour}",
        "{type: money, min: 0}",
        "{type: email}",
    ]
    for i in range(fields):
        kind = kinds[i % len(kinds)][:-1]
        lines.append(f"  field_{i}: {kind}, label: {{de: Feld {i}, fr: Champ {i}}}, help: {{de: Hilfe, fr: Aide}}}}")
    return "\n".join(lines) + "\n"


def linkml_schema(slots: int) -> str:
    attributes = "\n".join(
        f"      slot_{i}:\n        range: string\n        required: {str(i % 2 == 0).lower()}" for i in range(slots)
    )
    return (
        textwrap.dedent("""\
        id: https://example.org/bench
        name: bench
        prefixes:
          linkml: https://w3id.org/linkml/
        imports:
          - linkml:types
        default_range: string
        classes:
          Form:
            attributes:
        """)
        + attributes
        + "\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--install", action="store_true", help="install the anchors into benchmarks/.venv-anchors first"
    )
    args = parser.parse_args()
    if args.install and not ANCHOR_BIN.exists():
        subprocess.run([sys.executable, "-m", "venv", str(ANCHORS)], check=True)
        subprocess.run(
            [str(ANCHOR_BIN / "pip"), "install", "-q", "linkml", "datamodel-code-generator", "pyxform"], check=True
        )

    work = Path(tempfile.mkdtemp(prefix="svcdef-bench-"))
    spec30 = work / "synthetic30.yaml"
    spec30.write_text(synthetic_spec(30), encoding="utf-8")

    print(f"python -c pass (cold):                {cold([sys.executable, '-c', 'pass'], args.runs):8.1f} ms")
    svcdef_cold = cold([sys.executable, "-m", "svcdef", "check", str(spec30)], args.runs)
    print(f"svcdef check, 30-field spec (cold):   {svcdef_cold:8.1f} ms")
    for spec in sorted((ROOT / "specs").glob("*.yaml")):
        print(
            f"svcdef check {spec.name:28} cold {cold([sys.executable, '-m', 'svcdef', 'check', str(spec)], args.runs):7.1f} ms, in-process {in_process(spec):6.2f} ms"
        )
    svcdef_in = in_process(spec30)
    print(f"svcdef check, 30-field spec (in-process): {svcdef_in:6.2f} ms")

    if not ANCHOR_BIN.exists():
        print("anchors not installed: run with --install")
        return 0
    linkml = work / "bench.yaml"
    linkml.write_text(linkml_schema(40), encoding="utf-8")
    linkml_cold = cold([str(ANCHOR_BIN / "gen-json-schema"), str(linkml)], args.runs)
    code = (
        "import time,statistics,sys\nfrom linkml.generators.jsonschemagen import JsonSchemaGenerator\n"
        f"p={str(linkml)!r}\nJsonSchemaGenerator(p).serialize()\nts=[]\n"
        "for _ in range(20):\n s=time.perf_counter(); JsonSchemaGenerator(p).serialize(); ts.append((time.perf_counter()-s)*1000)\n"
        "print(statistics.median(ts))\n"
    )
    linkml_in = float(
        subprocess.run([str(ANCHOR_BIN / "python"), "-c", code], capture_output=True, text=True, check=True).stdout
    )
    schema = work / "schema.json"
    schema.write_text(
        '{"type": "object", "properties": {' + ", ".join(f'"f{i}": {{"type": "string"}}' for i in range(40)) + "}}",
        encoding="utf-8",
    )
    dmcg_cold = cold(
        [str(ANCHOR_BIN / "datamodel-codegen"), "--input", str(schema), "--input-file-type", "jsonschema"], args.runs
    )
    xlsx = work / "form.xlsx"
    subprocess.run(
        [
            str(ANCHOR_BIN / "python"),
            "-c",
            "import openpyxl,sys\nwb=openpyxl.Workbook();ws=wb.active;ws.title='survey'\nws.append(['type','name','label'])\n"
            "[ws.append(['text',f'q{i}',f'Question {i}']) for i in range(40)]\nwb.save(sys.argv[1])",
            str(xlsx),
        ],
        check=True,
    )
    pyxform_cold = cold([str(ANCHOR_BIN / "xls2xform"), str(xlsx), str(work / "form.xml")], args.runs)
    print(
        f"LinkML gen-json-schema, 40 slots (cold):       {linkml_cold:8.1f} ms   ratio {linkml_cold / svcdef_cold:5.1f}x svcdef cold"
    )
    print(
        f"LinkML JsonSchemaGenerator (in-process):       {linkml_in:8.2f} ms   ratio {linkml_in / svcdef_in:5.1f}x svcdef in-process"
    )
    print(
        f"datamodel-codegen, 40 properties (cold):       {dmcg_cold:8.1f} ms   ratio {dmcg_cold / svcdef_cold:5.1f}x svcdef cold"
    )
    print(
        f"pyxform xls2xform, 40 questions (cold):        {pyxform_cold:8.1f} ms   ratio {pyxform_cold / svcdef_cold:5.1f}x svcdef cold"
    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "0")
    raise SystemExit(main())
