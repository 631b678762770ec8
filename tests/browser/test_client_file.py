"""Issue 20: the client file as a consulent opens it fifty times a day. The summary is at the
top, and the contact form is a few keys from the top of the page: the skip link to the content,
then "Contactmoment vastleggen", which opens the folded form with the cursor in its date field."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import check_a11y, login
from tests.browser.showcase import build_showcase


def _focused(page: Page) -> str:
    return page.evaluate("document.activeElement.textContent.trim() || document.activeElement.name")


def test_the_contact_form_is_four_keys_from_the_top_of_the_file(page: Page):
    showcase = build_showcase()
    login(page, "consulent.lv")
    page.goto(reverse("clients:client_detail", args=[showcase.client]))
    summary = page.get_by_role("region", name="Samenvatting")
    expect(summary).to_contain_text("Categorie en eenheid")
    expect(summary).to_contain_text("Lopende trajecten")
    check_a11y(page, "client file summary and skip links")

    page.keyboard.press("Tab")
    assert _focused(page) == "Naar de inhoud"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert _focused(page) == "Contactmoment vastleggen"
    page.keyboard.press("Enter")
    form = page.locator("details#contactmoment-vastleggen")
    expect(form).to_have_attribute("open", "")
    date_field = form.get_by_label("Datum")
    expect(date_field).to_be_focused()
    expect(date_field).to_have_value(timezone.localdate().isoformat())

    # Every skip link leads to a heading that is on the page.
    links = page.get_by_role("navigation", name="Op deze pagina").get_by_role("link")
    for index in range(links.count()):
        anchor = links.nth(index).get_attribute("href")
        expect(page.locator(anchor)).to_have_count(1)
