"""Helpers for the browser tests: log in, check a page with axe-core, take a screenshot.

Every page a browser test visits goes through `check_a11y(page, name)`, which also saves a
screenshot as tests/browser/screenshots/<name>.png (ignored by git) for a person to look at.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve
from playwright.sync_api import Locator, Page, expect
from stdnum.nl import bsn

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


def visit_each(page: Page, visits: Iterable[tuple[str, str, str]]) -> Iterator[str]:
    """Open each (user, path, name) as that user, logging in again whenever the user changes,
    and yield the name once the page has loaded (HTTP 200) for the caller to check."""
    user = None
    for visit_user, path, name in visits:
        if visit_user != user:
            page.context.clear_cookies()
            login(page, visit_user)
            user = visit_user
        response = page.goto(path)
        assert response.status == 200, f"{name} as {visit_user}: HTTP {response.status}"
        yield name


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


# The page scan (test_page_scan.py, issue 20): what a Dutch reader would stumble over.

# Django's own English (admin, auth, forms and the admin's JavaScript) that shows wherever a
# translation is missing or a template hard-codes it. Words that Django's Dutch keeps as they
# are ("Filter", "Status", "Type", "Details", "ID") are left out.
DJANGO_ENGLISH = (
    "Choose", "Chosen", "Save", "Delete", "Select", "Search", "Home", "Change", "History",
    "Remove", "Yes", "Unknown", "Today", "Now", "Clear", "Hide", "Show", "Cancel", "Close",
    "Previous", "Next", "Password", "Username", "Groups", "Permissions", "Active", "Calendar",
    "Midnight", "Noon", "Welcome", "Actions", "Action:", "Documentation", "Currently", "Summary",
    "Add", "Go", "View", "All", "Log out", "Log in", "View site", "Add another", "Show all",
    "This field", "password is too short", "too common", "entirely numeric", "too similar",
    "Enter a valid", "Ensure this value", "Please correct", "Are you sure", "Recent actions",
    "My actions", "None available", "Select all", "Remove all", "Choose all", "Save and",
    "Any date", "Past 7 days", "This month", "This year", "Show counts", "Hide counts",
    "Clear selection", "Skip to main content", "Toggle", "Django administration",
    "Site administration", "Last login", "Date joined", "Superuser status", "Staff status",
    "Important dates", "Personal info", "Empty value", "Start typing", "selected", "results",
    "Page not found", "Server error", "Forgotten your password", "Raw passwords", "Date:",
    "Time:", "is required",
)  # fmt: skip
_ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, DJANGO_ENGLISH)) + r")(?![\w-])")
# "traject(en)", "lopend(e)", "premie(s)": a plural left to the reader.
_BRACKET_PLURAL = re.compile(r"\w\((?:s|en|e|n|'s)\)")
_ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
# After a euro sign: a number as Opstap writes it, € 1.200,00 (or € 1.200, € 1.200,-).
_EURO = re.compile(r"€\s*(-?[\d.,]*\d(?:,-)?)")
_GOOD_AMOUNT = re.compile(r"-?\d{1,3}(?:\.\d{3})*(?:,\d{2}|,-)?")
# A number of four or more digits standing alone: not part of a date, time, code or amount.
_BARE_NUMBER = re.compile(r"(?<![\w.,:/\-+€*#])(\d{4,})(?![\w.,:/\-]\d|\w)")
# A decimal point where Dutch writes a comma: "10.00%", "2.5 uur" (a thousands dot has three).
_DECIMAL_POINT = re.compile(r"(?<![\w.,])\d+\.\d{1,2}(?![\w.]|,\d)")
_POSTCODE = re.compile(r"\d{4}\s?[A-Z]{2}\b")
_PHONE = re.compile(r"(?:\+\d{1,3}|\b0\d{1,3})(?:[ -]?\d{1,8}){1,4}")


def dutch_problems(text: str, *, numbers_allowed: frozenset[str] = frozenset()) -> list[str]:
    """What reads wrong in `text` (a page's visible text and its fields' values): English
    strings of Django, "(s)"/"(en)" plurals, ISO dates, amounts after € with a decimal point or
    without a thousands dot, and numbers of 1000 or more without one. Years (1900-2100),
    postcodes, phone numbers, codes with a leading zero and `numbers_allowed` (client numbers)
    are not counts; nor is a BSN (nine digits passing the elfproef), shown in full where the
    user asked for it."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        problems = [f"English {m}" for m in _ENGLISH.findall(line)]
        problems += [f"plural {m}" for m in _BRACKET_PLURAL.findall(line)]
        problems += [f"ISO date {m}" for m in _ISO_DATE.findall(line)]
        if line.startswith("datumveld zonder datum: "):
            problems.append("a date field shows nothing")
        problems += [f"amount € {m}" for m in _EURO.findall(line) if not _GOOD_AMOUNT.fullmatch(m)]
        problems += [f"decimal point {m}" for m in _DECIMAL_POINT.findall(_EURO.sub(" ", line))]
        masked = _PHONE.sub(" ", _POSTCODE.sub(" ", _ISO_DATE.sub(" ", line)))
        for digits in _BARE_NUMBER.findall(masked):
            year = len(digits) == 4 and 1900 <= int(digits) <= 2100
            if not (year or digits.startswith("0") or digits in numbers_allowed
                    or bsn.is_valid(digits)):  # fmt: skip
                problems.append(f"number {digits}")
        found += [f"{problem}: {line[:160]!r}" for problem in problems]
    return found


# The text a user reads on the page: visible text, and what visible fields show (a date field
# shows its value in the browser's language; any other field shows its value and placeholder).
# A date field that drops its value because it is not ISO is named, and fails the scan.
VISIBLE_TEXT = """() => {
  const shown = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  const fields = [...document.querySelectorAll('input')].filter(shown)
    .filter((e) => !['hidden', 'date', 'datetime-local', 'time', 'number', 'password',
                     'checkbox', 'radio', 'file'].includes(e.type))
    .map((e) => [e.value, e.placeholder].filter(Boolean).join('\\n'));
  // A date field given a value it cannot read (27-02-2025) shows up empty.
  const dropped = [...document.querySelectorAll('input[type=date]')]
    .filter((e) => e.getAttribute('value') && !e.value)
    .map((e) => 'datumveld zonder datum: ' + e.getAttribute('value'));
  return [document.body.innerText, ...fields, ...dropped].join('\\n');
}"""


def page_text(page: Page) -> str:
    return page.evaluate(VISIBLE_TEXT)
