"""Times `svcdef check` cold (whole process) and in-process per spec, beside the anchors of issue 2, in one run.

Anchors (installed into benchmarks/.venv-anchors by `--install`, kept out of the project's environment):
LinkML `gen-json-schema` on a 40-slot schema (cold, and in-process per compile), datamodel-code-generator
(cold, JSON Schema to pydantic), pyxform `xls2xform` (cold, a 40-question XLSForm).

    python benchmarks/check_speed.py [--install] [--runs N] [--against DIR]

Prints medians in milliseconds and the ratios anchor / svcdef; the in-process ratio against LinkML also as
the median of rounds that run one process of each back to back. Targets (not test assertions): one spec
cold under 150 ms, a 30-field spec in-process under 5 ms. Cold figures are also given minus the cold
`python -c pass` of the same run. The runs of all commands alternate, round after round, so that the
load of a shared machine weighs on each alike; `--against DIR` times another checkout (say
`git archive <commit> | tar -x -C DIR`) in the same rounds, for before/after figures. The commands
inherit the environment: to time with cached bytecode, run the script under
`env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=/tmp/svcdef-pycache`.
"""

from __future__ import annotations

import argparse
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
    return cold_rounds({"": (command, cwd)}, runs)[""]


def cold_rounds(commands: dict[str, tuple[list[str], Path]], runs: int) -> dict[str, float]:
    """Median wall time in ms of each named command, run in alternation `runs` times after one warm-up round."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, (command, cwd) in commands.items():
            start = time.perf_counter()
            subprocess.run(command, cwd=cwd, capture_output=True, check=False)
            if round_:
                times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(found) for name, found in times.items()}


IN_PROCESS = """
import statistics, sys, time
from svcdef.check import Workspace, check_file
for path in sys.argv[1:]:
    check_file(path, Workspace())
    times = []
    for _ in range(100):
        start = time.perf_counter()
        check_file(path, Workspace())
        times.append((time.perf_counter() - start) * 1000)
    print(statistics.median(times))
"""


def in_process(trees: list[Path], paths: list[Path], rounds: int = 3) -> list[list[float]]:
    """Per tree, the median ms of `check_file(path, Workspace())` per path (a relative path is taken in the tree).

    Each round runs one process per tree, which imports that tree's svcdef and
    checks each path 100 times; the figure is the median over the rounds.
    """
    found: list[list[list[float]]] = [[[] for _ in paths] for _ in trees]
    for _ in range(rounds):
        for tree, per_path in zip(trees, found, strict=True):
            result = subprocess.run(
                [sys.executable, "-c", IN_PROCESS, *(str(tree / path) for path in paths)],
                cwd=tree,
                capture_output=True,
                text=True,
                check=True,
            )
            for times, line in zip(per_path, result.stdout.split(), strict=True):
                times.append(float(line))
    return [[statistics.median(times) for times in per_path] for per_path in found]


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
    parser.add_argument("--against", type=Path, help="another checkout of svcdef to time in the same rounds")
    args = parser.parse_args()
    if args.install and not ANCHOR_BIN.exists():
        subprocess.run([sys.executable, "-m", "venv", str(ANCHORS)], check=True)
        subprocess.run(
            [str(ANCHOR_BIN / "pip"), "install", "-q", "linkml", "datamodel-code-generator", "pyxform"], check=True
        )

    work = Path(tempfile.mkdtemp(prefix="svcdef-bench-"))
    spec30 = work / "synthetic30.yaml"
    spec30.write_text(synthetic_spec(30), encoding="utf-8")

    trees = {"": ROOT} if args.against is None else {"this tree: ": ROOT, f"{args.against}: ": args.against.resolve()}
    specs = [Path("specs") / spec.name for spec in sorted((ROOT / "specs").glob("*.yaml"))]
    commands: dict[str, tuple[list[str], Path]] = {"python -c pass": ([sys.executable, "-c", "pass"], ROOT)}
    for label, tree in trees.items():
        for spec in [spec30, *specs]:
            commands[f"{label}{spec.name}"] = ([sys.executable, "-m", "svcdef", "check", str(spec)], tree)
    colds = cold_rounds(commands, args.runs)
    baseline = colds.pop("python -c pass")
    print(f"python -c pass (cold): {baseline:.1f} ms")
    warm = in_process(list(trees.values()), [spec30, *specs])
    for label, per_spec in zip(trees, warm, strict=True):
        for spec, in_ms in zip([spec30, *specs], per_spec, strict=True):
            name = "30-field spec" if spec == spec30 else spec.name
            cold_ms = colds[f"{label}{spec.name}"]
            print(
                f"{label}svcdef check {name:28} cold {cold_ms:6.1f} ms ({cold_ms - baseline:6.1f} ms over python -c pass),"
                f" in-process {in_ms:6.2f} ms"
            )
    svcdef_cold = colds[f"{next(iter(trees))}{spec30.name}"]
    svcdef_in = warm[0][0]

    if not (ANCHOR_BIN / "gen-json-schema").exists():  # the folder alone may be the validator benchmark's
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
    # In-process figures of two processes minutes apart can differ 2x on a shared machine: the ratio is taken
    # per round, from one svcdef process and one LinkML process run back to back, and its median reported.
    pairs = []
    for _ in range(args.runs):
        ours = in_process([ROOT], [spec30], rounds=1)[0][0]
        done = subprocess.run([str(ANCHOR_BIN / "python"), "-c", code], capture_output=True, text=True, check=True)
        pairs.append((ours, float(done.stdout)))
    linkml_in = statistics.median(theirs for _, theirs in pairs)
    paired = sorted(theirs / ours for ours, theirs in pairs)
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
        f"  paired rounds, LinkML / svcdef in-process:   median {statistics.median(paired):.1f}x"
        f" (rounds {paired[0]:.1f}x to {paired[-1]:.1f}x; svcdef median {statistics.median(o for o, _ in pairs):.2f} ms)"
    )
    print(
        f"datamodel-codegen, 40 properties (cold):       {dmcg_cold:8.1f} ms   ratio {dmcg_cold / svcdef_cold:5.1f}x svcdef cold"
    )
    print(
        f"pyxform xls2xform, 40 questions (cold):        {pyxform_cold:8.1f} ms   ratio {pyxform_cold / svcdef_cold:5.1f}x svcdef cold"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
