"""How `svcdef run` and `svcdef test` show their results: readable text for designers, JSON for tools.

Text output sanitises every string that comes from a submission or a spec
(control characters, bidirectional overrides) so that a hostile submission
cannot rewrite the terminal.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from .evaluate import Result
from .fees import FeeExplanation, LookupCall
from .render import sanitize
from .service import Service
from .testing import Outcome

_GREEN, _RED, _BOLD, _RESET = "\x1b[32m", "\x1b[31m", "\x1b[1m", "\x1b[0m"


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour else text


def show_result(service: Service, result: Result, fmt: str, *, colour: bool = False, explain: bool = False) -> str:
    """The verdict on one submission, its errors, computed values and fees; `explain`: how each fee line came about."""
    explanation = result.fees.explanation if explain and result.fees is not None else None
    if fmt == "json":
        data = result.as_dict()
        if explanation is not None:
            data["explain"] = explanation.as_dict()
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    lines: list[str] = []
    if result.valid:
        lines.append(_paint("valid", _GREEN, colour))
    else:
        count = len(result.errors)
        lines.append(_paint(f"invalid: {count} error{'s' if count != 1 else ''}", _RED, colour))
        width = max(len(e.pointer or "/") for e in result.errors)
        for e in result.errors:
            lines.append(f"  {sanitize(e.pointer or '/'):<{width}}  {sanitize(e.rule)}: {sanitize(e.message)}")
    if result.computed:
        lines.append("computed:")
        width = max(len(name) for name in result.computed)
        for name, value in result.computed.items():
            lines.append(f"  {name:<{width}}  {_plain(value)}")
    if result.fees is not None:
        fees = result.fees.as_dict()
        lines.append(f"fees ({fees['currency']}):")
        rows = [(line["id"], line["for"] or "", sanitize(line["label"]), line["amount"]) for line in fees["items"]]
        widths = [max([len(r[i]) for r in rows], default=0) for i in range(3)]
        amount_width = max([len(r[3]) for r in rows] + [len(fees["total"])])
        for row in rows:
            cells = "  ".join(f"{c:<{w}}" for c, w in zip(row[:3], widths, strict=True) if w)
            lines.append(f"  {cells}  {row[3]:>{amount_width}}")
        pad = sum(w + 2 for w in widths if w) - len("total") - 2
        lines.append(f"  {_paint('total', _BOLD, colour)}{' ' * max(pad, 2)}  {fees['total']:>{amount_width}}")
    if explanation is not None:
        lines += show_explanation(explanation)
    return "\n".join(lines) + "\n"


def show_explanation(explanation: FeeExplanation) -> list[str]:
    """How each fee line was derived: the fee date, table lookups, `when`, the amount before and after caps and rounding."""
    lines = [
        "explain:",
        f"  fee date {explanation.date.isoformat()} ({explanation.date_source}); rounding {explanation.rounding}",
    ]
    if explanation.computed_lookups:
        lines.append("  lookups of computed values:")
        lines += [f"    {_lookup(call)}" for call in explanation.computed_lookups]
    for trace in explanation.lines:
        head = f"  {sanitize(trace.item)}{' ' + sanitize(trace.for_) if trace.for_ else ''}: "
        if trace.outcome == "not in force":
            lines.append(head + f"not in force on {explanation.date.isoformat()}")
            continue
        if trace.outcome == "when not true":
            lines.append(head + f"no line: 'when' is {_value(trace.when)}")
        elif trace.outcome == "no amount":
            lines.append(head + "no line: the amount is null")
        else:
            steps = [f"amount {_value(trace.amount)}"]
            if trace.capped != trace.amount:
                steps.append(f"capped {_value(trace.capped)}")
            if trace.rounded != trace.capped:
                steps.append(f"rounded {_value(trace.rounded)}")
            lines.append(head + ", ".join(steps))
        lines += [f"    {_lookup(call)}" for call in trace.lookups]
    lines.append(f"  sum of the lines {format(explanation.subtotal, 'f')}")
    return lines


def _lookup(call: LookupCall) -> str:
    args = ", ".join(_value(a) for a in call.args)
    if call.table is None:
        where = "no version of the table is in force"
    elif not call.rows:
        where = f"{sanitize(call.table)}: no row matches"
    else:
        numbers = ", ".join(str(n) for n in call.rows)
        where = f"{sanitize(call.table)} row{'s' if len(call.rows) > 1 else ''} {numbers}"
    return f"{call.function}({args}) = {_value(call.value)}  ({where})"


def _value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str):
        return sanitize(json.dumps(value, ensure_ascii=False))
    return sanitize(str(value))


def _plain(value: Any) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return sanitize(value)
    return sanitize(json.dumps(value, ensure_ascii=False))


def show_outcomes(outcomes: list[tuple[Service, list[Outcome]]], fmt: str, *, colour: bool = False) -> str:
    """A test report: each test with PASS or FAIL (and what differs), then the counts."""
    if fmt == "json":
        data = [
            {
                "service": service.id,
                "file": service.path,
                "name": o.test,
                "line": o.span.line,
                "passed": o.passed,
                "problems": o.problems,
            }
            for service, found in outcomes
            for o in found
        ]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    lines: list[str] = []
    passed = failed = 0
    for service, found in outcomes:
        if not found:
            lines.append(f"{service.path}: no tests")
            continue
        for o in found:
            if o.passed:
                passed += 1
                lines.append(f"{_paint('PASS', _GREEN, colour)} {service.path}:{o.span.line}: {sanitize(o.test)}")
            else:
                failed += 1
                lines.append(f"{_paint('FAIL', _RED, colour)} {service.path}:{o.span.line}: {sanitize(o.test)}")
                lines += [f"     {sanitize(p)}" for p in o.problems]
    summary = f"{passed} passed, {failed} failed"
    lines.append(_paint(summary, _RED if failed else _GREEN, colour))
    return "\n".join(lines) + "\n"
