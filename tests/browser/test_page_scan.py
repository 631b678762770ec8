"""Dutch that reads right on every page (issue 20): the scan reads what a user sees on every page
of the sweep (pages.SWEEP), the pages the flows visit most (the client file, Vandaag, the
dashboard), and every admin changelist, change form and add form a beheerder can open, and fails
on English Django strings, "(s)"/"(en)" plurals, ISO dates, amounts after € with a decimal
point or without a thousands dot, and counts of 1000 or more without one
(helpers.dutch_problems). It also runs axe on every sweep page at a phone's width (390 px), as
test_page_sweep.py does at the desktop's."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from agenda.models import AppointmentKind
from agenda.services import plan_appointment
from clients.models import Client
from contacts.models import Role
from contacts.services import add_contact_person, record_contact_details
from organisations.models import Municipality, User
from organisations.roles import BEHEERDER_APPS
from tests.browser.helpers import (
    a11y_problems,
    dutch_problems,
    login,
    page_text,
    visit_each,
)
from tests.browser.pages import SWEEP
from tests.browser.showcase import build_showcase
from tests.browser.test_phone import PHONE, TOO_WIDE, page_width


@pytest.fixture
def showcase(seeded):
    return build_showcase()


@pytest.fixture
def reachable(showcase) -> dict:
    """The showcase client with contact details, a contact person and a planned appointment
    (issue 18), for the pages that show them."""
    consulent = User.objects.get(username="consulent.lv")
    client = Client.objects.get(pk=showcase.client)
    today = timezone.localdate()
    record_contact_details(client=client, valid_from=today - timedelta(days=400), by=consulent,
                           data={"street": "Kerkstraat", "house_number": 12,
                                 "postcode": "2262 AB", "city": "Leidschendam",
                                 "mobile": "+31612345678"})  # fmt: skip
    record_contact_details(client=client, valid_from=today - timedelta(days=10), by=consulent,
                           data={"street": "Dorpsstraat", "house_number": 3,
                                 "postcode": "2262 AB", "city": "Leidschendam",
                                 "phone": "+31701234567"})  # fmt: skip
    person = add_contact_person(client=client, by=consulent,
                                data={"role": Role.BEWINDVOERDER, "name": "J. de Vries",
                                      "phone": "+31612345678", "start": today})  # fmt: skip
    appointment = plan_appointment(client=client, consulent=consulent,
                                   kind=AppointmentKind.objects.get(code="intake"),
                                   day=today + timedelta(days=1), start=time(10), end=time(11),
                                   place="kantoor", allow_double_booking=True, by=consulent)  # fmt: skip
    return {"person": person.pk, "appointment": appointment.pk}


def _most_visited(showcase, reachable: dict) -> list[tuple[str, str]]:
    """Pages of the flows (pages.IN_FLOWS) that every user opens many times a day."""
    client = [showcase.client]
    return [
        ("consulent.lv", reverse("contacts:details_history", args=client)),
        ("consulent.lv", reverse("contacts:person_end", args=[reachable["person"]])),
        ("consulent.lv", reverse("agenda:appointment_detail", args=[reachable["appointment"]])),
        ("consulent.lv", reverse("agenda:appointment_outcome", args=[reachable["appointment"]])),
        ("consulent.lv", reverse("deadlines:today")),
        ("consulent.lv", reverse("clients:client_detail", args=[showcase.client])),
        ("consulent.lv", reverse("clients:import_upload")),
        ("manager", reverse("reporting:dashboard", args=[showcase.municipality])),
        ("teamleider", reverse("approvals:request_list")),
    ]


# Forms on the client file, sent back empty by consulent.lv.
_ERROR_STATES = [
    "contacts:person_create",
    "agenda:appointment_create",
    "clients:contactnote_create",
]


def _admin_changelists() -> list[str]:
    """Every changelist a beheerder may open: the admins of Opstap's own apps."""
    return sorted(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
        if model._meta.app_label in BEHEERDER_APPS
    )


def _scan(page: Page, name: str, numbers: frozenset[str]) -> list[str]:
    return [f"{name} ({page.url}): {problem}" for problem in dutch_problems(page_text(page),
                                                                           numbers_allowed=numbers)]  # fmt: skip


def test_every_page_reads_as_dutch(showcase, reachable, page: Page):
    numbers = frozenset(str(pk) for pk in Client.objects.values_list("pk", flat=True))
    problems: list[str] = []
    visits = [(v.user, v.path(showcase), v.view) for v in SWEEP]
    visits += [(user, path, path) for user, path in _most_visited(showcase, reachable)]
    for name in visit_each(page, visits):
        problems += _scan(page, name, numbers)

    # Forms sent back empty, with every field's message.
    page.context.clear_cookies()
    login(page, "consulent.lv")
    for name in _ERROR_STATES:
        page.goto(reverse(name, args=[showcase.client]))
        page.locator("main form[method=post] [type=submit]").last.click()
        expect(page.locator(".invalid-feedback").first).to_be_visible()
        problems += _scan(page, f"{name} sent back", numbers)

    page.context.clear_cookies()
    login(page, "beheerder")
    # The admin shows ids of related rows (a consulent, a municipality) in its fields.
    numbers |= {str(pk) for model in (User, Municipality) for pk in model.objects.values_list("pk", flat=True)}  # fmt: skip
    page.goto(reverse("admin:index"))
    problems += _scan(page, "admin index", numbers)
    for changelist in _admin_changelists():
        response = page.goto(changelist)
        assert response.status == 200, f"{changelist}: HTTP {response.status}"
        problems += _scan(page, "admin changelist", numbers)
        first = page.locator("#result_list tbody tr th a").first
        if first.count():
            page.goto(first.get_attribute("href"))
            # A user's password summary is random salt and hash, no text a person reads.
            page.evaluate("document.querySelectorAll('.field-password').forEach(e => e.remove())")
            problems += _scan(page, "admin change form", numbers)
        response = page.goto(changelist + "add/")
        if response.status == 200:
            problems += _scan(page, "admin add form", numbers)

    # Forms sent back with their errors, Django's password checks included.
    page.goto(reverse("admin:organisations_user_add"))
    page.get_by_role("textbox", name="Gebruikersnaam").fill("kort.wachtwoord")
    page.get_by_label("Wachtwoord:", exact=True).fill("kort1")
    page.get_by_label("Bevestiging wachtwoord:").fill("kort1")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(".errornote")).to_be_visible()
    problems += _scan(page, "admin add user refused", numbers)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_every_sweep_page_passes_axe_on_a_phone(showcase, page: Page):
    page.set_viewport_size(PHONE)
    visits = [(v.user, v.path(showcase), f"{v.view} {v.user}") for v in SWEEP]
    problems = []
    for name in visit_each(page, visits):
        problems.append(a11y_problems(page, f"phone sweep {name}"))
        width = page_width(page)
        if width > PHONE["width"]:
            too_wide = page.evaluate(TOO_WIDE, PHONE["width"])
            problems.append(f"{name} is {width} px wide on a phone: {too_wide}")
    assert not any(problems), "\n\n".join(filter(None, problems))


# The scan itself: it finds what it should and passes Dutch as Opstap writes it.


@pytest.mark.parametrize(
    "text",
    [
        "Choose groepen",
        "This password is too short. It must contain at least 12 characters.",
        "Save and add another",
        "1 lopend(e) traject(en)",
        "premie(s)",
        "Geldig vanaf 2025-02-27",
        "€ 1200,00",
        "€ 600.00",
        "10.00% gedurende 1 maand",
        "Totaal: 1070 cliënten",
        "Dit veld is verplicht. Log out",
    ],
)
def test_the_scan_finds_what_reads_wrong(text):
    assert dutch_problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "€ 1.200,00 en € 600,00 en € -12,50 en € 1.200",
        "1 lopend traject, 3 premies",
        "27-02-2025, 10:00–11:00",
        "1.070 cliënten in 2025",
        "Kerkstraat 12, 2242 AB Wassenaar",
        "06 12345678, 070 123 4567, +31 6 12345678",
        "BSN ******789, gemeentecode 0629",
        "Filter · Status · Type",
        "Cliëntnummer 4321",
        "BSN 183742011",
        "In 2025. Daarna 1.070,5 uur.",
    ],
)
def test_the_scan_passes_dutch_as_opstap_writes_it(text):
    assert dutch_problems(text, numbers_allowed=frozenset({"4321"})) == []


def test_the_scan_reads_what_a_field_shows(browser):
    """A text field's ISO date shows as typed; a date field shows its ISO value the Dutch way,
    and a Dutch value it cannot read not at all; a hidden field shows nothing."""
    tab = browser.new_page(locale="nl-NL")
    tab.set_content(
        '<p>Vandaag</p><input type="text" value="2025-02-27">'
        '<input type="date" value="2025-02-28"><input type="date" value="01-03-2025">'
        '<input type="hidden" value="2025-03-02">'
    )
    problems = dutch_problems(page_text(tab))
    tab.close()
    assert [p.split(":")[0] for p in problems] == [
        "ISO date 2025-02-27",
        "a date field shows nothing",
    ]
