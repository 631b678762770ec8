"""A functioneel beheerder creates a consulent for Wassenaar in Django's admin; that consulent
logs in and sees Wassenaar's clients and no others."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from clients.models import Client
from organisations.models import Municipality, User
from tests.browser.helpers import DJANGO_ADMIN, check_a11y, login, logout, message

USERNAME = "consulent.nieuw"
PASSWORD = "Wassenaar-start-2026"


def test_beheerder_creates_a_wassenaar_consulent_who_sees_only_wassenaar(page: Page):
    login(page, "beheerder")
    check_a11y(page, "beheerder 01 home")
    page.get_by_role("link", name="Beheer").click()
    check_a11y(page, "beheerder 02 admin index", exclude=DJANGO_ADMIN)
    page.get_by_role("link", name="Gebruikers", exact=True).click()
    check_a11y(page, "beheerder 03 users", exclude=DJANGO_ADMIN)
    page.get_by_role("link", name="Gebruiker toevoegen").click()
    check_a11y(page, "beheerder 04 add user", exclude=DJANGO_ADMIN)

    # First with two different passwords: refused in the page, nothing saved.
    page.get_by_role("textbox", name="Gebruikersnaam").fill(USERNAME)
    page.get_by_label("Wachtwoord:", exact=True).fill(PASSWORD)
    page.get_by_label("Bevestiging wachtwoord:").fill(PASSWORD + "!")
    page.get_by_role("textbox", name="Voornaam").fill("Nieuwe")
    page.get_by_role("textbox", name="Achternaam").fill("Consulent")
    page.get_by_label("Organisatie:").select_option(label="Werk en Inkomen Leidschendam-Voorburg")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(".errornote")).to_be_visible()
    check_a11y(page, "beheerder 05 add user passwords differ", exclude=DJANGO_ADMIN)
    assert not User.objects.filter(username=USERNAME).exists()

    page.get_by_label("Wachtwoord:", exact=True).fill(PASSWORD)
    page.get_by_label("Bevestiging wachtwoord:").fill(PASSWORD)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("Nieuwe Consulent")
    check_a11y(page, "beheerder 06 change user", exclude=DJANGO_ADMIN)

    # The role consulent and the scope Wassenaar, with the admin's two-list selectors.
    page.locator("#id_groups_from").select_option(label="consulent")
    page.locator("#id_groups_add").click()
    page.locator("#id_municipalities_from").select_option(label="Wassenaar")
    page.locator("#id_municipalities_add").click()
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("Nieuwe Consulent")
    check_a11y(page, "beheerder 07 users after save", exclude=DJANGO_ADMIN)
    created = User.objects.get(username=USERNAME)
    assert list(created.groups.values_list("name", flat=True)) == ["consulent"]
    assert list(created.municipalities.values_list("name", flat=True)) == ["Wassenaar"]

    # The new consulent sees Wassenaar only: in the filter, and in every row of the caseload.
    page.get_by_role("link", name="Website bekijken").click()
    logout(page)
    login(page, USERNAME, PASSWORD)
    page.get_by_role("link", name="Mijn caseload").click()
    municipality = page.get_by_label("Gemeente")
    expect(municipality.locator("option")).to_have_text(["Alle gemeenten", "Wassenaar"])
    page.get_by_label("Alleen mijn cliënten").uncheck()
    page.get_by_role("button", name="Zoeken").click()
    wassenaar = Client.objects.filter(municipality__name="Wassenaar").count()
    assert 0 < wassenaar < 50  # one page of the caseload
    expect(page.get_by_text(f"{wassenaar} cliënten gevonden")).to_be_visible()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(wassenaar)
    expect(rows.locator("td:nth-child(5)")).to_have_text(["Wassenaar"] * wassenaar)
    check_a11y(page, "beheerder 08 new consulent caseload")

    # A client of Leidschendam-Voorburg, asked for by number: not found.
    elsewhere = Client.objects.exclude(municipality__name="Wassenaar").first()
    page.get_by_role("textbox", name="Zoeken").fill(str(elsewhere.pk))
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("0 cliënten gevonden")).to_be_visible()
    response = page.goto(f"/clienten/{elsewhere.pk}/")
    assert response.status == 404
    check_a11y(page, "beheerder 09 client outside scope")
    assert Municipality.objects.for_user(created).get().name == "Wassenaar"
    assert message(page).count() == 0
