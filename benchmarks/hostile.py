"""Feeds hostile files to the whole `svcdef check` process and prints wall time, peak memory and the diagnostic.

    python benchmarks/hostile.py

Target (issue 2, not a test assertion): each file gets a diagnostic naming it in under 2 s and under 300 MB.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOSTILE = {
    "billion-laughs.yaml": (
        "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    ).encode(),
    "30mb-string.yaml": b"a: '" + b"x" * 30_000_000 + b"'\n",
    "deep-flow.yaml": b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "deep-block.yaml": "".join("  " * i + f"k{i}:\n" for i in range(5000)).encode(),
    "binary.yaml": bytes(range(256)) * 4096,
    "python-tag.yaml": b"a: !!python/object/apply:os.system ['touch /tmp/svcdef-pwned']\n",
    "huge-int.yaml": b"a: " + b"9" * 5000 + b"\n",
}


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="svcdef-hostile-"))
    print(f"{'file':22} {'exit':>4} {'wall ms':>8} {'peak MB':>8}  first diagnostic")
    for name, data in HOSTILE.items():
        path = folder / name
        path.write_bytes(data)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "svcdef", "check", str(path)], capture_output=True, text=True)
        wall = (time.perf_counter() - start) * 1000
        peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
        first = result.stderr.splitlines()[0] if result.stderr else "(none)"
        print(f"{name:22} {result.returncode:>4} {wall:8.0f} {peak:8.0f}  {first.replace(str(folder) + '/', '')[:90]}")
    print("note: peak MB is the largest child so far (ru_maxrss of children), so it never decreases down the list")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
