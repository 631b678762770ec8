"""Helpers for the browser tests: log in, check a page with axe-core, take a screenshot.

Every page a browser test visits goes through `check_a11y(page, name)`, which also saves a
screenshot as tests/browser/screenshots/<name>.png (ignored by git) for a person to look at.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve
from playwright.sync_api import Locator, Page, expect

from organisations.demo import DEMO_PASSWORD

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
# WCAG 2.1 level A and AA: the rules EN 301 549 asks of Dutch government web applications.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_axe = Axe()
# Django's admin (5.2) markup that Opstap cannot change without copying Django's JavaScript.
DJANGO_ADMIN = {
    # SelectFilter2.js (filter_horizontal) puts aria-label on a <span> without a role, which
    # ARIA prohibits (axe: aria-prohibited-attr). The filter box beside it has its own label.
    ".selector .help-tooltip.search-label-icon": "Django admin's SelectFilter2.js",
}
# URL names of the pages checked in the running test (the browser fixture resets it).
checked: list[str] = []


def shot(page: Page, name: str) -> Path:
    """Save what the browser shows now as screenshots/<name>.png (the whole page)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{_slug(name)}.png"
    page.screenshot(path=path, full_page=True)
    return path


def check_a11y(page: Page, name: str, *, exclude: dict[str, str] | None = None) -> None:
    """Screenshot the page, then run axe-core's WCAG 2.1 A and AA rules on it: no violations.

    `exclude` maps CSS selectors of elements axe should pass over to the reason why; use it only
    for markup Opstap does not own (see DJANGO_ADMIN), never to make an Opstap page pass."""
    problems = a11y_problems(page, name, exclude=exclude)
    assert not problems, problems


def a11y_problems(page: Page, name: str, *, exclude: dict[str, str] | None = None) -> str:
    """What check_a11y would fail with, or "" when the page passes."""
    shot(page, name)
    with contextlib.suppress(Resolver404):  # about:blank, or a page outside Opstap's URLs
        checked.append(resolve(urlsplit(page.url).path).view_name)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    violations = _axe.run(page, context=context, options=options).response["violations"]
    if not violations:
        return ""
    return f"{name} ({page.url}): {len(violations)} WCAG 2.1 AA violation(s)\n" + (
        format_violations(violations)
    )


def format_violations(violations: list[dict]) -> str:
    """One block per rule: what it asks, where it fails, and why, readable in a test report."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            lines.extend(
                f"      {line.strip()}" for line in node.get("failureSummary", "").splitlines()
            )
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def login(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the login form (mouse and keyboard alike: fill and submit)."""
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    # Attached, not visible: on a phone it waits behind the menu button (test_phone.py).
    expect(page.locator("form[action$='/uitloggen/'] button")).to_be_attached()


def message(page: Page) -> Locator:
    """The message Django's messages framework shows after an action (base.html)."""
    return page.locator("main > [aria-live] > [role=status], main > [aria-live] > [role=alert]")


def type_date(field: Locator, day: date) -> None:
    """Type a date into an <input type="date"> with the keyboard. The order of its day, month
    and year segments follows the browser's language, so try month first, then day first."""
    for order in ("%m%d%Y", "%d%m%Y"):
        field.focus()
        field.page.keyboard.type(day.strftime(order))
        if field.input_value() == day.isoformat():
            return
    raise AssertionError(f"could not type {day} into {field}: it shows {field.input_value()!r}")


def logout(page: Page) -> None:
    """Log out; on a phone the button is in the folded menu, which is opened first. Decided on
    the page as loaded, so that a page still navigating cannot send the check to one without a
    menu (the admin)."""
    page.wait_for_load_state()
    button = page.get_by_role("button", name="Uitloggen")
    if not button.is_visible():
        page.get_by_role("button", name="Menu openen of sluiten").click()
    button.click()
    expect(page.get_by_role("heading", name="Inloggen bij Opstap")).to_be_visible()


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
