"""Node and Chromium for the tests that run generated code as portal teams do: tests/node's packages and scripts.

`tests/node/package.json` and its lockfile pin ajv, ajv-formats, React, the
form libraries and playwright-core; `ensure_packages` runs `npm ci` there when
`node_modules` is missing or older than the lockfile, so the test command works
on a fresh clone. A failing `npm ci` fails the test with npm's output: nothing
is skipped.

The browser is Debian's `chromium` package (playwright-core drives it and
downloads no browser of its own). `ensure_chromium` installs it with
`apt-get` when it is missing and the tests run as root, as they do in CI; on
a machine where that is impossible the browser tests are skipped with the
command to run, except in CI (`CI` set), where that fails them.
"""

from __future__ import annotations

import json
import os
import shutil
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


def ensure_chromium() -> str:
    """The path of Debian's Chromium, installed with apt-get first if it is missing (root only)."""
    found = shutil.which("chromium")
    if found is not None:
        return found
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        why = "Chromium is not installed, and only root can install it here: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
    ):
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False, env=env)
        except (OSError, subprocess.TimeoutExpired) as error:
            pytest.fail(f"{' '.join(command)} did not run: {error}")
        if done.returncode != 0:
            pytest.fail(
                f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
            )
    found = shutil.which("chromium")
    if found is None:
        pytest.fail("apt-get installed chromium, but there is no chromium command")
    return found


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


class Browser(NodeScript):
    """`browser.mjs`: generated ES modules run in headless Chromium, loaded over HTTP by the page's module loader."""

    def __init__(self) -> None:
        ensure_packages()
        super().__init__("browser.mjs", ensure_chromium())
        self.user_agent: str = self.read()["ready"]

    def mount(self, folder: Path) -> str:
        """Serve `folder`; the URL path its files are under (`/m0/`)."""
        prefix: str = self.ask({"mount": str(folder)})["prefix"]
        return prefix

    def clock(self, instant: str) -> str:
        """Stop the page's clock at the ISO instant `instant`; the page's local date then."""
        local: str = self.ask({"clock": instant})["local"]
        return local

    def evaluate(self, cases: list[dict[str, Any]]) -> list[Any]:
        """The module's `evaluate` for each case (as for `generators.js.node.evaluate_batch`, `module` a URL path).

        Fails on any error the page logged (a module that did not load, an uncaught exception).
        """
        answer = self.ask({"cases": cases})
        if answer["problems"]:
            pytest.fail(f"the page reported: {list(dict.fromkeys(answer['problems']))[:5]}")
        results: list[Any] = answer["results"]
        return results
