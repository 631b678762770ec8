"""A consulent starts on Vandaag and does the work behind signals in the browser: a contact
note, a re-assessment and a plan action ticked off. Each signal goes from the list."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from categorisation.models import Assessment
from tests.browser.helpers import check_a11y, login


def count(page: Page, code: str) -> int:
    """The number of signals of a kind Vandaag shows (0 when the kind is gone)."""
    page.goto("/vandaag/")
    found = re.search(
        rf'id="soort-{code}">[^<]*<span class="badge [^"]*">(\d+)</span>', page.content()
    )
    return int(found.group(1)) if found else 0


def first_action(page: Page, code: str, name: str):
    section = page.locator(f"section[aria-labelledby=soort-{code}]")
    return section.get_by_role("link", name=name).first


def test_consulent_resolves_signals_from_vandaag(page: Page):
    login(page, "consulent.wassenaar")
    expect(page.get_by_role("heading", name="Vandaag")).to_be_visible()

    before = count(page, "contact")
    first_action(page, "contact", "Contact vastleggen").click()
    page.get_by_label("Soort contact").select_option(label="Gesprek")
    page.get_by_label("Verslag").fill("Gesprek over de voortgang.")
    page.get_by_role("button", name=re.compile("vastleggen|Opslaan", re.I)).last.click()
    assert count(page, "contact") == before - 1

    before = count(page, "herbeoordeling")
    first_action(page, "herbeoordeling", "Beoordelen").click()
    check_a11y(page, "vandaag 01 re-assessment")
    # Re-assessed in the category the client has: a change of unit would wait for a teamleider
    # (vier-ogen) and leave the signal standing.
    client_pk = int(re.search(r"/clienten/(\d+)/beoordeling/", page.url).group(1))
    latest = Assessment.objects.filter(client_id=client_pk).order_by("-date").first()
    page.get_by_label("Categorie").select_option(value=str(latest.category_id))
    page.get_by_label("Geschatte maanden tot plaatsing in werk").fill(str(latest.estimated_months))
    page.get_by_label("Onderbouwing").fill("Opnieuw beoordeeld na gesprek.")
    page.locator("main form").get_by_role("button").last.click()
    assert count(page, "herbeoordeling") == before - 1

    before = count(page, "actie")
    first_action(page, "actie", "Actie afvinken").click()
    check_a11y(page, "vandaag 02 plan")
    page.get_by_role("link", name="Afvinken").first.click()
    check_a11y(page, "vandaag 03 action done")
    page.get_by_role("button", name="Afvinken").click()
    assert count(page, "actie") == before - 1
    check_a11y(page, "vandaag 04 after the work")
