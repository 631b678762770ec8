"""On a phone (390 × 844, an iPhone 12-15) the pages a consulent opens fifty times a day fit
the screen: the main menu folds behind a button that opens it, and no page is wider than the
screen (wide tables scroll inside their own box). axe checks each page at that width too."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.helpers import check_a11y, login
from tests.browser.showcase import build_showcase

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size(PHONE)
    return page


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


# The outermost elements that reach past the screen's right edge, for a readable failure.
TOO_WIDE = """(width) => {
  const clipped = (e) => { for (let a = e.parentElement; a; a = a.parentElement) {
    if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return true; }
    return false; };
  return [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > width + 1 && !clipped(e))
  .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (e.className ? '.' + String(e.className).split(' ').join('.') : '')
    + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')
  .slice(0, 5); }"""


def test_the_menu_folds_and_opens_on_a_phone(phone: Page):
    login(phone, "consulent.lv")
    menu = phone.get_by_role("navigation", name="Hoofdmenu")
    caseload = menu.get_by_role("link", name="Mijn caseload")
    expect(caseload).to_be_hidden()
    toggler = menu.get_by_role("button", name="Menu openen of sluiten")
    expect(toggler).to_have_attribute("aria-expanded", "false")
    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(caseload).to_be_visible()
    check_a11y(phone, "phone menu open")
    caseload.click()
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert phone.url.endswith(reverse("clients:client_list"))


def test_vandaag_the_caseload_and_the_client_file_fit_a_phone(phone: Page):
    showcase = build_showcase()
    login(phone, "consulent.lv")
    for name, path in [
        ("vandaag", reverse("deadlines:today")),
        ("caseload", reverse("clients:client_list")),
        ("client file", reverse("clients:client_detail", args=[showcase.client])),
    ]:
        phone.goto(path)
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        width = page_width(phone)
        too_wide = phone.evaluate(TOO_WIDE, PHONE["width"])
        assert width <= PHONE["width"], f"{name} is {width} px wide: {too_wide}"
        check_a11y(phone, f"phone {name}")
