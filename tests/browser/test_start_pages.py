"""Start pages by role and putting a signal off (issue 20), in the browser at desktop and phone
width, each page checked with axe: the manager's key figures per municipality, the teamleider's
team and vier-ogen, and a consulent who puts a signal off on Vandaag and lands back on the same
kind, with the signal gone from it and listed under Uitgesteld."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from deadlines import clock
from tests.browser.helpers import (
    check_a11y,
    dutch_problems,
    login,
    message,
    page_text,
    type_date,
)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def at_both_widths(page: Page, name: str) -> None:
    """axe and a screenshot at desktop and phone width; on the phone nothing reaches past the
    screen (wide tables scroll in their own box); the Dutch reads right."""
    check_a11y(page, f"{name} desktop")
    assert not dutch_problems(page_text(page)), dutch_problems(page_text(page))
    page.set_viewport_size(PHONE)
    check_a11y(page, f"{name} phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)


def test_the_start_pages_of_a_manager_and_a_teamleider(page: Page):
    login(page, "manager")
    page.goto("/")
    expect(page.get_by_role("heading", name="Overzicht", exact=True)).to_be_visible()
    first = page.locator("main section.card").first
    expect(first.get_by_text(re.compile("^(Voorlopig|Definitief)$"))).to_be_visible()
    expect(first.get_by_role("table")).to_contain_text("Bestand")
    at_both_widths(page, "start manager")
    first.get_by_role("link", name=re.compile("^Dashboard")).click()
    expect(page.get_by_role("heading", name=re.compile("^Dashboard"))).to_be_visible()

    page.context.clear_cookies()
    login(page, "teamleider")
    page.goto("/")
    expect(page.get_by_role("heading", name="Overzicht teamleider")).to_be_visible()
    team = page.locator("section[aria-labelledby=team]")
    expect(team.get_by_role("row").nth(1)).to_be_visible()
    expect(page.locator("section[aria-labelledby=goedkeuring]")).to_be_visible()
    at_both_widths(page, "start teamleider")
    page.get_by_role("link", name="Mijn Vandaag (eigen cliënten)").click()
    expect(page.get_by_role("heading", name=re.compile("^Vandaag"))).to_be_visible()


def test_a_consulent_puts_a_signal_off_and_comes_back_to_vandaag(page: Page):
    login(page, "consulent.lv")
    expect(page.get_by_role("heading", name=re.compile("^Vandaag"))).to_be_visible()
    section = page.locator("main section[aria-labelledby^=soort-]").first
    code = section.get_attribute("aria-labelledby").removeprefix("soort-")
    row = section.locator("tbody tr").first
    client_name = row.locator("td").nth(2).inner_text().strip()
    before = section.locator("tbody tr").filter(has_text=client_name).count()
    row.get_by_role("link", name=re.compile("^Uitstellen")).click()
    expect(page.get_by_role("heading", name="Signaal uitstellen")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(client_name)

    page.get_by_role("button", name="Uitstellen").click()  # nothing filled in
    expect(page.get_by_text("Geef een reden voor het uitstellen.")).to_be_visible()
    at_both_widths(page, "postpone refused")
    until = clock.today() + timedelta(days=14)
    field = page.get_by_label("Uitstellen tot")
    if field.get_attribute("type") == "date":
        type_date(field, until)
    else:
        field.fill(until.strftime("%d-%m-%Y"))
    page.get_by_label("Reden").fill("Cliënt is twee weken opgenomen.")
    page.get_by_role("button", name="Uitstellen").click()

    expect(message(page)).to_contain_text(f"uitgesteld tot {until:%d-%m-%Y}")
    assert page.url.endswith(f"/vandaag/#soort-{code}")
    kind = page.locator(f"section[aria-labelledby=soort-{code}]")
    if kind.count():
        assert kind.locator("tbody tr").filter(has_text=client_name).count() == before - 1
    put_off = page.locator("section[aria-labelledby=uitgesteld]")
    expect(put_off).to_contain_text(client_name)
    expect(put_off).to_contain_text("Cliënt is twee weken opgenomen.")
    at_both_widths(page, "vandaag with a postponement")
