"""Browser tests: Playwright (sync API) drives Debian's Chromium against pytest-django's live
server, on a database seeded by `seed_demo` for each test.

- Chromium is /usr/bin/chromium, never a browser that Playwright downloads. Without it the
  tests skip, unless OPSTAP_REQUIRE_BROWSER=1 (as in CI) makes that a failure.
- Each test is transactional (the live server's threads read only what is committed), with
  serialized rollback: the rows the data migrations seeded (roles, code tables) come back
  before every test. That needs the browser tests to run first among the transactional tests
  (an ordinary flush recreates roles under new ids), so they are moved there, and after the
  last one those rows are put back for the transactional tests that follow.
- Sync Playwright runs an asyncio loop in the test's thread. While it runs, Django refuses
  database calls "from an async context" and hands out a separate set of connections, so
  Playwright starts for each test after the database is set up (pytest-django's autouse
  fixtures come first) and stops before it is flushed, about a second per test;
  DJANGO_ALLOW_ASYNC_UNSAFE is set only while it runs. The live server answers from its own
  threads, without a loop.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections
from playwright.sync_api import sync_playwright
from pytest_django.plugin import blocking_manager_key

from tests.browser import helpers
from tests.browser.pages import IN_FLOWS

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
DEMO_CLIENTS = 40  # every role has clients to show, and the demo builds in about a second
DEMO_SEED = 2026


def _in_browser_db(item: pytest.Item) -> bool:
    """A browser test with the seeded database (not the coverage and harness tests)."""
    return "seeded" in getattr(item, "fixturenames", ()) and HERE in item.path.parents


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & {"transactional_db", "live_server", "django_db_reset_sequences"})


def _uses_db(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(item.get_closest_marker("django_db")) or bool(names & {"db", "transactional_db"})


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """After pytest-django's order (database tests, then transactional ones, then the rest),
    move the browser tests to the front of the transactional ones."""
    browser = [item for item in items if _in_browser_db(item)]
    if not browser:
        return
    rest = [item for item in items if not _in_browser_db(item)]
    at = next(
        (i for i, item in enumerate(rest) if _transactional(item) or not _uses_db(item)),
        len(rest),
    )
    items[:] = rest[:at] + browser + rest[at:]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After the last browser test's flush, put back the rows the migrations seeded, for the
    tests that follow. When none follows, pytest has already dropped the test database and
    pointed the connection back at the configured one by now (session fixtures end with the
    session's last test), so there is nothing to put back, and nowhere to."""
    result = yield
    last = _in_browser_db(item) and nextitem is not None and not _in_browser_db(nextitem)
    contents = getattr(connection, "_test_serialized_contents", None)
    if last and contents:
        with item.config.stash[blocking_manager_key].unblock():
            connection.creation.deserialize_db_from_string(contents)
    return result


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("OPSTAP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"OPSTAP_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture
def seeded(chromium, live_server, django_db_serialized_rollback):
    """The demo organisation (users with password opstap-demo-2026), committed for the server."""
    call_command("seed_demo", clients=DEMO_CLIENTS, seed=DEMO_SEED, stdout=io.StringIO())
    return live_server


@pytest.fixture
def browser(chromium):
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        yield launched
        launched.close()
    finally:
        # The test's own queries ran on the connections Django keeps for async contexts.
        connections.close_all()
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


_passed = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_passed] = report.passed
    return report


@pytest.fixture
def page(request, seeded, browser):
    """A browser tab without cookies on the live server; page.goto takes paths. After a test
    that passed, every page pages.IN_FLOWS assigns to it must have been through check_a11y."""
    context = browser.new_context(
        base_url=seeded.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    helpers.checked.clear()
    yield tab
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"
    if request.node.stash.get(_passed, False):
        claimed = {view for view, test in IN_FLOWS.items() if test == request.node.originalname}
        missing = claimed - set(helpers.checked)
        assert not missing, f"pages.IN_FLOWS says this test checks {sorted(missing)}; it did not"
