"""The `svcdef` command line: check, schema and the other subcommands, with stable exit codes.

Exit codes: 0 clean (warnings allowed), 1 problems in the specs (or stale
outputs, failing tests), 2 usage or internal error. Subcommands import what
they need when they run, so that `svcdef check` starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from . import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with the command line or its input files (not the specs): exit 2 with a one-line message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"svcdef: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


def _parser() -> _Parser:
    parser = _Parser(
        prog="svcdef", description="Compile service specs into forms, validators, fee calculators and adapters."
    )
    parser.add_argument("--version", action="version", version=f"svcdef {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="check specs and report every problem")
    check.add_argument("paths", nargs="+", metavar="PATH", help="spec files or folders (searched recursively)")
    _add_format(check)

    build = commands.add_parser(
        "build",
        help="check specs and generate every target into an outputs folder (atomic, deterministic)",
        description="Check the specs; if none has an error, generate each service's outputs into DIR/<service-id>/.",
    )
    build.add_argument("paths", nargs="+", metavar="PATH", help="spec files or folders (searched recursively)")
    build.add_argument("-o", "--output", required=True, metavar="DIR", help="the outputs folder")
    build.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 listing every stale, missing or extra file of the services' folders",
    )
    build.add_argument(
        "--only",
        metavar="TARGETS",
        help="comma-separated targets to build; the other targets' files are kept as the manifest lists them",
    )
    _add_format(build)

    commands.add_parser("schema", help="print the JSON Schema of the spec language (for editors)")

    run = commands.add_parser("run", help="validate one submission and show its errors, computed values and fees")
    run.add_argument("spec", metavar="SPEC", help="the service spec")
    run.add_argument("submission", metavar="SUBMISSION.json", help="the submission as JSON ('-' reads stdin)")
    run.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="the date rules and fees are evaluated at (default: the current date in the service's time zone)",
    )
    run.add_argument("--lang", metavar="LANG", help="language of messages and labels (default: the spec's first)")
    run.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    run.add_argument("--explain", action="store_true", help="also show how each fee line was derived")

    test = commands.add_parser("test", help="run the example submissions embedded in specs (tests:)")
    test.add_argument("paths", nargs="+", metavar="PATH", help="spec files or folders (searched recursively)")
    test.add_argument(
        "--target",
        default=",".join(TEST_TARGETS),
        metavar="TARGETS",
        help="comma-separated targets to run the tests in: reference (the interpreter), python and js (the generated "
        "code; js needs node); default: all three",
    )
    test.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    return parser


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json", "sarif"), default="text", help="diagnostics format (default: text)"
    )


def _lines_of(path: str) -> list[str] | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read(2_000_000).split("\n")
    except OSError:
        return None


def report(diagnostics: list, files: int, fmt: str, stream: object = None) -> None:  # type: ignore[type-arg]
    """Print diagnostics in the chosen format; text goes to stderr, machine formats to stdout."""
    from .render import render_json, render_sarif, render_text

    if fmt == "json":
        sys.stdout.write(render_json(diagnostics, files=files))
    elif fmt == "sarif":
        sys.stdout.write(render_sarif(diagnostics))
    else:
        colour = sys.stderr.isatty() and "NO_COLOR" not in os.environ
        sys.stderr.write(render_text(diagnostics, _lines_of, colour=colour, files=files))


def _spec_files(paths: list[str]) -> list[str]:
    """The spec files under `paths`; a path that does not exist, or no spec at all, is a usage error."""
    from .check import discover

    files, missing = discover(paths)
    if missing:
        raise UsageError("\nsvcdef: error: ".join(f"no such file or folder: {p}" for p in missing))
    if not files:
        raise UsageError("no .yaml spec files found in the given paths")
    return files


def _cmd_check(args: argparse.Namespace) -> int:
    from .check import check_paths
    from .diagnostics import has_errors

    files = _spec_files(args.paths)
    _, diagnostics = check_paths(files)
    report(diagnostics, len(files), args.format)
    return EXIT_PROBLEMS if has_errors(diagnostics) else EXIT_OK


def _cmd_build(args: argparse.Namespace) -> int:
    from . import writer
    from .check import Workspace, check_paths
    from .diagnostics import has_errors

    files = _spec_files(args.paths)
    try:
        targets = writer.select_targets(args.only)
    except ValueError as exc:
        sys.stderr.write(f"svcdef: error: {exc}\n")
        return EXIT_USAGE
    workspace = Workspace()
    services, diagnostics = check_paths(args.paths, workspace)
    if diagnostics or args.format != "text":
        report(diagnostics, len(files), args.format)
    if has_errors(diagnostics):
        what = "outputs were not compared" if args.check else "nothing was written"
        sys.stderr.write(f"svcdef: {what}: the specs have errors\n")
        return EXIT_PROBLEMS
    clashes = writer.duplicate_ids(services)
    if clashes:
        sys.stderr.write("".join(f"svcdef: error: {line}\n" for line in clashes))
        return EXIT_PROBLEMS
    out = args.output
    try:
        builds = writer.plan_all(services, targets, out, args.paths, workspace)
        if args.check:
            found = writer.compare(builds, out)
            sys.stderr.write("".join(d.describe() + "\n" for d in found))
            if found:
                sys.stderr.write(
                    f"svcdef: {_count(len(found), 'output file')} out of date; run svcdef build without --check\n"
                )
                return EXIT_PROBLEMS
            sys.stderr.write(f"outputs up to date: {_count(len(builds), 'service')} in {out}\n")
            return EXIT_OK
        summary = writer.write(builds, out)
    except writer.BuildError as exc:
        sys.stderr.write(f"svcdef: error: {exc}\n")
        return EXIT_USAGE
    sys.stderr.write(
        f"built {_count(len(builds), 'service')} into {out} ({', '.join(targets)}): "
        f"{len(summary.updated)} updated, {len(summary.unchanged)} unchanged\n"
    )
    return EXIT_OK


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _cmd_schema(args: argparse.Namespace) -> int:
    from .langschema import spec_language_schema_text

    sys.stdout.write(spec_language_schema_text())
    return EXIT_OK


def _checked(paths: list[str], fmt: str) -> tuple[list[Any], int | None]:
    """Check specs for `run` and `test`: the services, or an exit code when there is nothing to run."""
    from .check import check_paths
    from .diagnostics import has_errors

    files = _spec_files(paths)
    services, diagnostics = check_paths(files)
    if has_errors(diagnostics):
        report(diagnostics, len(files), "json" if fmt == "json" else "text")
        return [], EXIT_PROBLEMS
    return services, None


def _cmd_run(args: argparse.Namespace) -> int:
    from .report import show_result

    today = _parse_day(args.today)
    submission = _read_submission(args.submission)
    services, failed = _checked([args.spec], args.format)
    if failed is not None:
        return failed
    if len(services) != 1:
        sys.stderr.write(f"svcdef: error: {args.spec} is not a service spec\n")
        return EXIT_USAGE
    (service,) = services
    if args.lang is not None and args.lang not in service.languages:
        sys.stderr.write(f"svcdef: error: --lang must be one of: {', '.join(service.languages)}\n")
        return EXIT_USAGE
    from .evaluate import evaluate

    result = evaluate(service, submission, today=today or service.today(), lang=args.lang)
    sys.stdout.write(show_result(service, result, args.format, colour=_colour(sys.stdout), explain=args.explain))
    return EXIT_OK if result.valid else EXIT_PROBLEMS


TEST_TARGETS = ("reference", "python", "js")
"""Where `svcdef test` runs the embedded tests: the reference interpreter and the generated code."""


def _cmd_test(args: argparse.Namespace) -> int:
    import json
    import shutil

    from .report import show_outcomes
    from .testing import reference_engine, run_tests

    targets = [t.strip() for t in args.target.split(",") if t.strip()]
    unknown = [t for t in targets if t not in TEST_TARGETS]
    if unknown or not targets:
        raise UsageError(
            f"--target: unknown target {', '.join(unknown) or '(none)'}; choose from {', '.join(TEST_TARGETS)}"
        )
    if "js" in targets and shutil.which("node") is None:
        if args.target != ",".join(TEST_TARGETS):
            raise UsageError("--target js needs node (Node.js 20 or later) on the PATH")
        sys.stderr.write("svcdef: node is not installed: the generated JavaScript is not tested\n")
        targets.remove("js")
    services, failed = _checked(args.paths, args.format)
    if failed is not None:
        return failed
    by_target: dict[str, list[Any]] = {}
    for target in dict.fromkeys(targets):
        engine = _test_engine(target) if target != "reference" else reference_engine
        try:
            by_target[target] = [list(run_tests(service, engine)) for service in services]
        finally:
            close = getattr(engine, "close", None)
            if close is not None:
                close()
    merged = [(service, _merge_outcomes(by_target, k)) for k, service in enumerate(services)]
    shown = show_outcomes(merged, args.format, colour=_colour(sys.stdout))
    if args.format == "json":
        records = json.loads(shown)
        flat = {t: [o for found in outcomes for o in found] for t, outcomes in by_target.items()}
        for i, record in enumerate(records):
            record["targets"] = {t: {"passed": f[i].passed, "problems": f[i].problems} for t, f in flat.items()}
        shown = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.write(shown)
    for target, outcomes in by_target.items():
        found = [o for per_service in outcomes for o in per_service]
        ok = sum(o.passed for o in found)
        sys.stderr.write(f"svcdef test: {target}: {ok} passed, {len(found) - ok} failed\n")
    return EXIT_OK if all(o.passed for _, found in merged for o in found) else EXIT_PROBLEMS


def _merge_outcomes(by_target: dict[str, list[Any]], k: int) -> list[Any]:
    """One outcome per test of service `k`: passed in every target, else what differs, per target when they disagree."""
    merged = []
    per_target = {t: outcomes[k] for t, outcomes in by_target.items()}
    first = next(iter(per_target.values()))
    for i, outcome in enumerate(first):
        results = {t: found[i] for t, found in per_target.items()}
        failing = {t: o.problems for t, o in results.items() if not o.passed}
        if not failing:
            problems: list[str] = []
        elif len(failing) == len(results) and len({tuple(p) for p in failing.values()}) == 1:
            problems = next(iter(failing.values()))
        else:
            problems = [f"[{t}] {line}" for t, lines in failing.items() for line in lines]
        merged.append(outcome._replace(problems=problems))
    return merged


def _test_engine(target: str) -> Any:
    """The engine running the generated code of `target` (imported only when asked for)."""
    if target == "python":
        from generators.python.engine import PythonEngine

        return PythonEngine()
    from generators.js.engine import JsEngine

    return JsEngine()


def _parse_day(text: str | None) -> Any:
    """The day `--today` names; None without one (then the service's own, `Service.today`)."""
    from .formats import parse_date

    if text is None:
        return None
    day = parse_date(text)
    if day is None:
        raise UsageError(f"--today {text!r} is not a date: write YYYY-MM-DD")
    return day


def _read_submission(path: str) -> Any:
    """The submission JSON: strict (no NaN or Infinity), UTF-8 from a file or stdin; a byte order mark is skipped.

    Editors on Windows write one, and RFC 8259 lets a reader ignore it.
    """
    import json

    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as f:
                data = f.read()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    def integer(text: str) -> int:
        if (digits := len(text.lstrip("-"))) > _MAX_DIGITS:  # Python's own limit for turning text into an int
            raise ValueError(f"a number of {digits} digits is longer than svcdef reads ({_MAX_DIGITS})")
        return int(text)

    try:
        return json.loads(text, parse_constant=refuse, parse_int=integer)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise UsageError(f"{path}: not valid JSON: nested too deeply to read") from None
    except ValueError as exc:
        raise UsageError(f"{path}: not valid JSON: {exc}") from None


_MAX_DIGITS = 4300
"""The longest integer `_read_submission` reads: `sys.get_int_max_str_digits()`'s default."""


def _colour(stream: Any) -> bool:
    return bool(stream.isatty()) and "NO_COLOR" not in os.environ


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": _cmd_check,
    "build": _cmd_build,
    "schema": _cmd_schema,
    "run": _cmd_run,
    "test": _cmd_test,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return EXIT_USAGE
    except UsageError as exc:
        sys.stderr.write(f"svcdef: error: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: never a traceback for users
        if os.environ.get("SVCDEF_DEBUG"):
            raise
        sys.stderr.write(
            f"svcdef: internal error: {type(exc).__name__}: {exc}\n(set SVCDEF_DEBUG=1 for a traceback; please report this)\n"
        )
        return EXIT_USAGE
