"""Instructions per unit of work (valgrind's callgrind), for the comparisons where both sides are Python.

On a shared machine a timing moves up to twofold from one minute to the next, and so do ratios of
timings taken minutes apart. The number of instructions a piece of work executes does not move: run
twice, the check figures agree to a few instructions and the validator figures to about 1%, so they
settle a before/after question that timings on this machine cannot (`--tree`). As ratios they are a
guide only. LinkML against `svcdef check` was 6.4x in instructions and 6.0-6.8x in time for one version
of svcdef, but fastjsonschema against the generated validator is lower in instructions than in time
(dog registration, valid: 3.2x against 3.7x), since the two spend different shares of their time in C.
The targets stay with the timings of `check_speed.py` and `validators.py`; jsonschema-rs and ajv
(compiled code) are not counted here.

    python benchmarks/instructions.py [--repeat N] [--only check|validators] [--tree DIR]

- `check`: `check_file` of the 30-field spec of `check_speed.py` in-process, and LinkML's
  `JsonSchemaGenerator` on its 40-slot schema (from `benchmarks/.venv-anchors`, as in `check_speed.py`).
- `validators`: the generated Python `validate` and fastjsonschema on each example spec's embedded
  test submissions, valid and invalid ones apart (as in `validators.py`), per document.

Each figure is (instructions of a process that sets up and then repeats the work N times) minus (the
same process with N = 0), divided by N; `PYTHONHASHSEED=0` keeps dictionaries alike between the two,
and the objects of the setup are frozen out of the garbage collector (`gc.freeze`) before the work
starts, so that a full collection over the imported modules, which falls in one of the two processes
and not the other, does not land in the difference.
`--tree DIR` measures another checkout (say `git archive <commit> | tar -x -C DIR`) for before/after.
Needs valgrind (`apt-get install valgrind`); each figure takes two runs under it, a few seconds each.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from check_speed import ANCHOR_BIN, linkml_schema, synthetic_spec  # noqa: E402
from validators import ANCHORS as ANCHOR_LIB  # noqa: E402

ANCHOR_SITE = ANCHOR_LIB / "site-packages"

CHECK = """
import gc, sys
sys.path.insert(0, sys.argv[1])
from svcdef.check import Workspace, check_file
check_file(sys.argv[2], Workspace())
gc.collect()
gc.freeze()
for _ in range(int(sys.argv[3])):
    check_file(sys.argv[2], Workspace())
"""

LINKML = """
import gc, sys
from linkml.generators.jsonschemagen import JsonSchemaGenerator
JsonSchemaGenerator(sys.argv[1]).serialize()
gc.collect()
gc.freeze()
for _ in range(int(sys.argv[2])):
    JsonSchemaGenerator(sys.argv[1]).serialize()
"""

VALIDATE = """
import datetime as dt, gc, sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[1] + "/benchmarks")
import validators as v
from generators.python.engine import load
from svcdef.check import check_paths
from svcdef.formats import parse_date
spec, kind, side, repeat = sys.argv[2], sys.argv[3] == "valid", sys.argv[4], int(sys.argv[6])
sys.path.append(sys.argv[5])  # the anchors' site packages of this checkout, also for another --tree
service = check_paths([spec])[0][0]
docs = [
    (v.submission_of(t), parse_date(t.today) if t.today else dt.date(2026, 5, 1))
    for t in service.spec.tests
    if t.expect.valid is not None and t.expect.valid == kind
]
module = load(service, Path(tempfile.gettempdir()) / "svcdef-instructions" / service.id)  # one path every run
fast = v.anchor("fastjsonschema")
check = fast.compile(v.for_fastjsonschema(v.schema_of(service)))
def generated():
    for doc, today in docs:
        module.validate(doc, today=today)
def anchor():
    for doc, _ in docs:
        try:
            check(doc)
        except fast.JsonSchemaValueException:
            pass
run = generated if side == "generated" else anchor
run()
gc.collect()
gc.freeze()
for _ in range(repeat):
    run()
print(len(docs))
"""


def instructions(command: list[str]) -> tuple[int, str]:
    """Instructions a process executes under callgrind, and what it printed."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    found = re.search(r"refs:\s+([0-9,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count from valgrind: {done.stderr[-500:]}")
    return int(found.group(1).replace(",", "")), done.stdout


def per_repeat(command: list[str], repeat: int) -> tuple[float, str]:
    """Instructions of one repetition of the work a command does `repeat` times (its last argument)."""
    base, _ = instructions([*command, "0"])
    total, printed = instructions([*command, str(repeat)])
    return (total - base) / repeat, printed


def real_python(python: str) -> str:
    """The interpreter binary itself: valgrind must not run a shim script (pyenv) in its place."""
    done = subprocess.run([python, "-c", "import sys; print(sys.executable)"], capture_output=True, text=True)
    return done.stdout.strip() or python


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--repeat",
        type=int,
        default=100,
        help="repetitions per validation figure (a fifth per check, a 25th for LinkML)",
    )
    parser.add_argument("--only", choices=("check", "validators"))
    parser.add_argument("--tree", type=Path, default=ROOT, help="the svcdef checkout to measure")
    args = parser.parse_args()
    python = real_python(sys.executable)
    tree = str(args.tree.resolve())
    with tempfile.TemporaryDirectory() as folder:
        if args.only in (None, "check"):
            spec = Path(folder) / "spec30.yaml"
            spec.write_text(synthetic_spec(30), encoding="utf-8")
            ours, _ = per_repeat([python, "-c", CHECK, tree, str(spec)], max(args.repeat // 5, 2))
            print(f"svcdef check, 30-field spec, in-process: {ours / 1e6:8.2f} M instructions")
            if (ANCHOR_BIN / "gen-json-schema").exists():
                schema = Path(folder) / "bench.yaml"
                schema.write_text(linkml_schema(40), encoding="utf-8")
                linkml, _ = per_repeat(
                    [real_python(str(ANCHOR_BIN / "python")), "-c", LINKML, str(schema)], max(args.repeat // 25, 2)
                )
                print(
                    f"LinkML JsonSchemaGenerator, 40 slots:      {linkml / 1e6:8.2f} M instructions"
                    f"   ratio {linkml / ours:4.1f}x (target 8.8x: 44 ms / 5 ms)"
                )
            else:
                print("LinkML not installed: python benchmarks/check_speed.py --install")
        if args.only in (None, "validators"):
            for spec in sorted((args.tree / "specs").glob("*.yaml")):
                for kind in ("valid", "invalid"):
                    figures = {}
                    for side in ("generated", "fastjsonschema"):
                        command = [python, "-c", VALIDATE, tree, str(spec), kind, side, str(ANCHOR_SITE)]
                        total, printed = per_repeat(command, args.repeat)
                        figures[side] = total / max(int(printed.split()[-1]), 1)
                    print(
                        f"{spec.stem:18} {kind:8} generated {figures['generated']:9.0f}, fastjsonschema"
                        f" {figures['fastjsonschema']:9.0f} instructions per document"
                        f"   ratio {figures['fastjsonschema'] / figures['generated']:4.1f}x"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
