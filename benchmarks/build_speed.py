"""Times `svcdef build` of the example specs: a cold full build as a whole process, and in-process per spec.

    python benchmarks/build_speed.py [--runs N] [--repeat N]

Cold: `python -m svcdef build specs -o <fresh folder>` (every file written; median of N runs, after one
warm-up run for the file cache). In-process, per spec: check + every target's generator + the atomic
write into a fresh folder, and the generators alone, medians of `--repeat` runs after one warm-up (so
templates are compiled once, as in a long-running process). Prints milliseconds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cold_build(runs: int, work: Path) -> float:
    """Median wall time in ms of a whole `svcdef build specs -o <fresh folder>` process."""
    times = []
    for i in range(runs + 1):
        out = work / f"cold-{i}"
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "svcdef", "build", "specs", "-o", str(out)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        if i:  # the first run warms the file cache
            times.append((time.perf_counter() - start) * 1000)
        shutil.rmtree(out)
    return statistics.median(times)


def in_process(spec: Path, repeat: int, work: Path) -> tuple[float, float]:
    """Median ms of (check + generate + write into a fresh folder, generate only) for one spec."""
    from generators import TARGETS, generator
    from svcdef import writer
    from svcdef.check import Workspace, check_file

    def whole(i: int) -> None:
        workspace = Workspace()
        service, _ = check_file(str(spec), workspace)
        assert service is not None
        builds = writer.plan_all([service], TARGETS, str(work / f"in-{i}"), [str(spec.parent)], workspace)
        writer.write(builds, str(work / f"in-{i}"))

    service, _ = check_file(str(spec), Workspace())
    assert service is not None
    whole(0)
    totals, generation = [], []
    for i in range(1, repeat + 1):
        start = time.perf_counter()
        whole(i)
        totals.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        for target in TARGETS:
            generator(target)(service)
        generation.append((time.perf_counter() - start) * 1000)
    for i in range(repeat + 1):
        shutil.rmtree(work / f"in-{i}", ignore_errors=True)
    return statistics.median(totals), statistics.median(generation)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="whole-process builds (default 10)")
    parser.add_argument("--repeat", type=int, default=50, help="in-process builds per spec (default 50)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix="svcdef-build-bench-"))
    try:
        baseline = statistics.median(_timed([sys.executable, "-c", "pass"]) for _ in range(args.runs))
        print(f"python -c pass (cold):                        {baseline:8.1f} ms")
        specs = sorted((ROOT / "specs").glob("*.yaml"))
        print(f"svcdef build specs ({len(specs)} specs, cold, whole process): {cold_build(args.runs, work):8.1f} ms")
        for spec in specs:
            total, generation = in_process(spec, args.repeat, work)
            print(f"  {spec.name:28} in-process build {total:7.2f} ms (generators alone {generation:6.2f} ms)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    raise SystemExit(main())
