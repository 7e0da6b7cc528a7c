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

from . import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


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

    commands.add_parser("schema", help="print the JSON Schema of the spec language (for editors)")
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


def _cmd_check(args: argparse.Namespace) -> int:
    from .check import check_paths, discover
    from .diagnostics import has_errors

    files, missing = discover(args.paths)
    if missing:
        sys.stderr.write("".join(f"svcdef: error: no such file or folder: {p}\n" for p in missing))
        return EXIT_USAGE
    if not files:
        sys.stderr.write("svcdef: error: no .yaml spec files found in the given paths\n")
        return EXIT_USAGE
    _, diagnostics = check_paths(files)
    report(diagnostics, len(files), args.format)
    return EXIT_PROBLEMS if has_errors(diagnostics) else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from .langschema import spec_language_schema_text

    sys.stdout.write(spec_language_schema_text())
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": _cmd_check,
    "schema": _cmd_schema,
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
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: never a traceback for users
        if os.environ.get("SVCDEF_DEBUG"):
            raise
        sys.stderr.write(
            f"svcdef: internal error: {type(exc).__name__}: {exc}\n(set SVCDEF_DEBUG=1 for a traceback; please report this)\n"
        )
        return EXIT_USAGE
