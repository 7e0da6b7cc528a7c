"""Node for the tests that run generated forms as portal teams do: the packages of tests/node, and line-based scripts.

`tests/node/package.json` and its lockfile pin ajv, ajv-formats, React and the
form libraries; `ensure_packages` runs `npm ci` there when `node_modules` is
missing or older than the lockfile, so the test command works on a fresh
clone. A failing `npm ci` fails the test with npm's output: nothing is skipped.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

NODE_DIR = Path(__file__).resolve().parent / "node"


def ensure_packages() -> Path:
    """Install tests/node's packages from its lockfile unless they are there and up to date; the folder."""
    lockfile = NODE_DIR / "package-lock.json"
    installed = NODE_DIR / "node_modules" / ".package-lock.json"  # npm writes it on every install
    if installed.exists() and installed.stat().st_mtime >= lockfile.stat().st_mtime:
        return NODE_DIR
    try:
        done = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            cwd=NODE_DIR,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        pytest.fail(f"npm ci in {NODE_DIR} did not run: {error}")
    if done.returncode != 0:
        pytest.fail(f"npm ci in {NODE_DIR} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return NODE_DIR


class NodeScript:
    """A Node script of tests/node that answers one JSON line on stdout per JSON line on stdin."""

    def __init__(self, script: str, *args: str) -> None:
        self.command = ["node", str(NODE_DIR / script), *args]
        self.process = subprocess.Popen(
            self.command,
            cwd=NODE_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def read(self) -> Any:
        """The next line the script writes, parsed."""
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.fail("stopped")
        return json.loads(line)

    def ask(self, request: Any) -> Any:
        """Send one request and return the script's answer."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            self.fail("closed its input")
        return self.read()

    def fail(self, what: str) -> None:
        self.process.kill()
        _, stderr = self.process.communicate()
        pytest.fail(f"{' '.join(self.command)} {what}:\n{stderr}")

    def close(self) -> None:
        """End the script and fail if it wrote anything to stderr or exited with an error."""
        _, stderr = self.process.communicate(timeout=60)
        if self.process.returncode != 0 or stderr:
            pytest.fail(f"{' '.join(self.command)} exited with {self.process.returncode}:\n{stderr}")

    def __enter__(self) -> NodeScript:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None and exc[0] is not None:
            self.process.kill()
            self.process.communicate()
            return
        self.close()
