"""A consulent plans an appointment on the client file, marks that the client did not come, starts
a maatregel from the no-show, and finds the signal to follow it up on Vandaag."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from agenda.models import Appointment, Status
from clients.models import Household
from clients.services import register_client
from measures.models import Maatregel
from organisations.models import Municipality, User
from tests.browser.helpers import check_a11y, login, message
from tests.factories import valid_bsn


@pytest.fixture
def case(seeded):
    today = timezone.localdate()
    return register_client(
        data={
            "bsn": valid_bsn(1_000_018),
            "first_names": "Noor",
            "prefix": "",
            "last_name": "Afsprakenmaker",
            "date_of_birth": date(today.year - 35, 5, 1),
            "municipality": Municipality.objects.get(name="Wassenaar"),
            "household": Household.SINGLE,
            "consulent": User.objects.get(username="consulent.wassenaar"),
        },
        benefit_start=today - timedelta(days=120),
        by=User.objects.get(username="consulent.wassenaar"),
    )


def test_consulent_plans_an_appointment_and_follows_up_a_no_show(page: Page, case):
    today = timezone.localdate()
    login(page, "consulent.wassenaar")
    page.goto(f"/clienten/{case.pk}/")
    page.get_by_role("link", name="Afspraak inplannen").click()
    check_a11y(page, "agenda 01 plan")
    page.get_by_label("Soort afspraak").select_option(label="Voortgangsgesprek")
    page.get_by_label("Datum").fill(today.isoformat())
    page.get_by_label("Begintijd").fill("08:00")
    page.get_by_label("Eindtijd").fill("07:30")
    page.get_by_label("Plaats").select_option(label="Kantoor")
    page.get_by_role("button", name="Afspraak inplannen").click()
    expect(page.get_by_text("De afspraak eindigt vóór of op de begintijd.")).to_be_visible()
    check_a11y(page, "agenda 02 ends before it starts")
    page.get_by_label("Eindtijd").fill("08:45")
    page.get_by_role("button", name="Afspraak inplannen").click()
    expect(message(page)).to_contain_text("is ingepland")
    appointment = Appointment.objects.get(client=case)

    page.get_by_role("link", name=f"{today:%d-%m-%Y} 08:00", exact=False).first.click()
    check_a11y(page, "agenda 03 appointment")
    page.get_by_role("link", name="Uitkomst vastleggen").click()
    page.get_by_label("Niet verschenen, zonder bericht").check()
    page.get_by_role("button", name="Uitkomst vastleggen").click()
    expect(message(page)).to_contain_text("vastgelegd")
    appointment.refresh_from_db()
    assert appointment.status == Status.NO_SHOW

    page.goto(f"/agenda/{appointment.pk}/uitkomst/")
    check_a11y(page, "agenda 04 outcome form")
    # The no-show offers a maatregel (issue 19): the gedraging form, filled in, saved by hand.
    page.goto(f"/agenda/{appointment.pk}/")
    check_a11y(page, "agenda 05 no-show offers a maatregel")
    page.get_by_role("link", name="Maatregel starten").click()
    expect(page.get_by_label("Datum gedraging")).to_have_value(today.isoformat())
    expect(page.get_by_label("Omschrijving")).to_contain_text(
        "Niet verschenen op voortgangsgesprek"
    )
    check_a11y(page, "agenda 06 maatregel prefilled")
    page.get_by_role("button", name="Gedraging vastleggen").click()
    expect(message(page)).to_contain_text("De gedraging is vastgelegd")
    assert Maatregel.objects.get(client=case).appointment == appointment
    page.goto("/vandaag/")
    expect(page.get_by_text("Niet verschenen op een afspraak").first).to_be_visible()
    expect(page.get_by_text("Afsprakenmaker").first).to_be_visible()


def test_consulent_records_contact_details_and_a_contact_person(page: Page, case):
    login(page, "consulent.wassenaar")
    page.goto(f"/clienten/{case.pk}/")
    page.get_by_role("link", name="Contactgegevens wijzigen").click()
    page.get_by_label("Straat").fill("Kerkstraat")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_label("Postcode").fill("12 AB")
    page.get_by_label("Woonplaats").fill("Wassenaar")
    page.get_by_label("Mobiel").fill("0612")
    page.get_by_role("button", name="Contactgegevens opslaan").click()
    expect(
        page.get_by_text("Dit is geen geldige Nederlandse postcode", exact=False)
    ).to_be_visible()
    expect(page.get_by_text("Dit is geen geldig telefoonnummer", exact=False)).to_be_visible()
    check_a11y(page, "contacts 01 refused")
    page.get_by_label("Postcode").fill("2242ab")
    page.get_by_label("Mobiel").fill("06-12345678")
    page.get_by_role("button", name="Contactgegevens opslaan").click()
    expect(message(page)).to_contain_text("vastgelegd")
    expect(page.get_by_text("2242 AB", exact=False)).to_be_visible()
    expect(page.get_by_text("06 12345678", exact=False)).to_be_visible()

    page.get_by_role("link", name="Contactpersoon toevoegen").click()
    check_a11y(page, "contacts 02 person")
    page.get_by_label("Rol").select_option(label="Bewindvoerder")
    page.get_by_label("Naam").fill("Bea Bewind")
    page.get_by_role("button", name="Contactpersoon opslaan").click()
    expect(page.get_by_text("Bea Bewind")).to_be_visible()
    page.get_by_role("link", name="beëindigen Bea Bewind").click()
    check_a11y(page, "contacts 03 end person")
    page.get_by_role("button", name="Beëindigen").click()
    expect(message(page)).to_contain_text("beëindigd")

    page.goto(f"/contact/clienten/{case.pk}/eerder/")
    check_a11y(page, "contacts 04 history")
