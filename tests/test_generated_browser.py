"""The generated JavaScript in a browser: headless Chromium gives the results Node gives.

Portal front ends load the generated module as it is, with no bundler: a
page's module script imports `index.js`, which imports `svcdef_runtime.js`
beside it. Here Chromium loads each example spec's module that way, over
HTTP from 127.0.0.1 under a strict Content-Security-Policy (scripts from the
page's origin only: no eval, no inline script), and evaluates the spec's
embedded tests and several thousand variants of them (each top-level and
group field removed or set to a value of every JSON type; the tests
themselves in every language of the service). The results must equal, as
JSON, what the same module returns in Node, which the differential tests
hold to the reference interpreter.

The page runs in another time zone (UTC+14) and locale (de-CH) than Node,
so a day or text taken from the browser's settings instead of the service's
would show up as a difference; a stopped clock checks the day a submission
without `today` is validated on."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from examples import SERVICES
from node_env import Browser

from generators.js.engine import write as write_js
from generators.js.node import NODE, evaluate_batch
from svcdef.service import Service
from svcdef.testing import submission_of

VALUES: list[Any] = [None, True, 0, -1, 2.5, 1e300, "", "x", "2026-02-30", "12.345", [], [{}], {}, {"__proto__": 1}]
"""What each field is set to in the variants: every JSON type, and texts that are almost a date or a decimal."""

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


@pytest.fixture(scope="module")
def modules(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """Each service's generated module by id: (its path for Node, its URL path for the browser)."""
    folder = tmp_path_factory.mktemp("browser-modules")
    prefix = browser.mount(folder)
    found = {}
    for service in SERVICES:
        index = write_js(service, folder / service.id)
        found[service.id] = (str(index), prefix + index.relative_to(folder).as_posix())
    return found


def variants(submission: Any) -> Iterator[Any]:
    """The submission, then each of its fields (and each field of a group) removed or set to each of `VALUES`."""
    yield submission
    if not isinstance(submission, dict):
        return
    for key, value in submission.items():
        yield {k: v for k, v in submission.items() if k != key}
        for other in VALUES:
            yield {**submission, key: other}
        if isinstance(value, dict):
            for inner in variants(value):
                if inner is not value:
                    yield {**submission, key: inner}


def cases(service: Service, module: str) -> list[dict[str, Any]]:
    """Each embedded test's submission in every language of the service, and its variants in the first."""
    found = []
    for test in service.spec.tests:
        today = test.today or "2026-05-01"
        submission = submission_of(test)
        for data in variants(submission):
            for lang in service.languages if data is submission else service.languages[:1]:
                found.append({"module": module, "data": json.dumps(data), "today": today, "lang": lang})
    return found


@pytest.mark.parametrize("service", SERVICES, ids=[s.id for s in SERVICES])
def test_the_browser_returns_what_node_returns(
    service: Service, browser: Browser, modules: dict[str, tuple[str, str]]
) -> None:
    assert "HeadlessChrome/" in browser.user_agent
    path, url = modules[service.id]
    in_node = evaluate_batch(cases(service, path))
    in_browser = browser.evaluate(cases(service, url))
    assert len(in_browser) == len(in_node) > 100 * len(service.spec.tests)
    assert not [r for r in in_node if "thrown" in r]
    for got, want in zip(in_browser, in_node, strict=True):
        assert got == want
    assert {r["valid"] for r in in_browser} == {True, False}


def test_without_today_the_browser_takes_the_day_of_the_service_time_zone(
    browser: Browser, modules: dict[str, tuple[str, str]]
) -> None:
    """At 21:30 UTC on 1 May the page's own zone (UTC+14) has 2 May; the service's (Zurich, UTC+2) has 1 May."""
    instant = dt.datetime(2026, 5, 1, 21, 30, tzinfo=dt.UTC)
    assert browser.clock(instant.isoformat()) == "2026-05-02"
    moving = next(s for s in SERVICES if s.id == "change-of-address")
    assert instant.astimezone(ZoneInfo(moving.spec.service.timezone)).date().isoformat() == "2026-05-01"
    url = modules[moving.id][1]
    # A move on 1 April may be reported up to 1 May (30 days): on the service's day, not on the page's.
    data = json.dumps({**submission_of(moving.spec.tests[0]), "move_in_date": "2026-04-01"})
    implicit, on_time, late = browser.evaluate(
        [{"module": url, "data": data, "today": today, "lang": "de"} for today in (None, "2026-05-01", "2026-05-02")]
    )
    assert on_time["valid"] is True
    assert [e["rule"] for e in late["errors"]] == ["move_not_too_late"]
    assert implicit == on_time
