"""Refusals show their message in the page, next to the field, and nothing is saved."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from stdnum.nl import bsn as stdnum_bsn

from clients.models import Client, Household
from clients.services import register_client
from core.dates import add_months
from organisations.models import Municipality, User
from tests.browser.helpers import check_a11y, login
from tests.factories import valid_bsn
from trajectories import services
from trajectories.models import Provider, Status, Trajectory, TrajectoryType

INVALID_BSN = "123456788"  # nine digits that fail the elfproef


def test_an_invalid_bsn_is_refused_in_the_page(page: Page):
    assert not stdnum_bsn.is_valid(INVALID_BSN)
    clients_before = Client.objects.count()
    login(page, "consulent.wassenaar")
    page.get_by_role("link", name="Mijn caseload").click()
    page.get_by_role("link", name="Cliënt inschrijven").click()
    check_a11y(page, "refusal 01 register client")

    page.get_by_role("textbox", name="BSN").fill(INVALID_BSN)
    page.get_by_role("textbox", name="Voornamen").fill("Bas")
    page.get_by_role("textbox", name="Achternaam").fill("Elfproef")
    page.get_by_label("Geboortedatum*", exact=True).fill("1990-04-12")
    page.get_by_label("Ingangsdatum uitkering").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Opslaan").click()

    bsn = page.get_by_role("textbox", name="BSN")
    expect(bsn).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_bsn_error")).to_have_text(
        "Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en de elfproef doorstaan."
    )
    expect(bsn).to_have_attribute("aria-describedby", "id_bsn_error")
    expect(bsn).to_have_value(INVALID_BSN)  # what was typed stays, to be corrected
    check_a11y(page, "refusal 02 register client invalid bsn")
    assert Client.objects.count() == clients_before
    assert not Client.objects.filter(last_name="Elfproef").exists()


@pytest.fixture
def running(seeded) -> Trajectory:
    """A participatiebaan that started two months ago for a Wassenaar client."""
    today = timezone.localdate()
    consulent = User.objects.get(username="consulent.wassenaar")
    client = register_client(
        data={
            "bsn": valid_bsn(1_000_002),
            "first_names": "Daan",
            "prefix": "",
            "last_name": "Tijdlijn",
            "date_of_birth": date(today.year - 45, 2, 2),
            "municipality": Municipality.objects.get(name="Wassenaar"),
            "household": Household.SINGLE,
        },
        benefit_start=today - timedelta(days=400),
        by=consulent,
    )
    start = today - timedelta(days=60)
    return services.plan_and_start_trajectory(
        client=client,
        by=consulent,
        kind=TrajectoryType.objects.get(code="participatiebaan"),
        provider=Provider.objects.filter(active=True).order_by("name").first(),
        municipality=client.municipality,
        planned_start=start,
        planned_end=add_months(start, 12),
        cost=Decimal("0.00"),
    )


def test_a_trajectory_cannot_end_before_it_starts(page: Page, running: Trajectory):
    today = timezone.localdate()
    login(page, "consulent.wassenaar")
    page.goto(f"/clienten/{running.client_id}/")

    # A request whose planned end lies before its planned start.
    page.get_by_role("link", name="Traject aanvragen").click()
    page.get_by_label("Soort traject").select_option(label="Jobcoach")
    page.get_by_label("Aanbieder").select_option(index=1)
    page.get_by_label("Gepland einde").fill((today - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Traject aanvragen").click()
    expect(page.locator("#id_planned_end_error")).to_have_text(
        "Het geplande einde ligt vóór de geplande start."
    )
    check_a11y(page, "refusal 03 request ends before start")
    assert Trajectory.objects.filter(client=running.client).count() == 1

    # Ending the running trajectory on a day before it started.
    page.get_by_role("link", name="Daan Tijdlijn").click()
    page.get_by_role("link", name="Beëindigen Participatiebaan (art. 10a)").click()
    check_a11y(page, "refusal 04 end trajectory")
    page.get_by_label("Einddatum (laatste dag)").fill(
        (running.actual_start - timedelta(days=1)).isoformat()
    )
    page.get_by_label("Resultaat").select_option(label="Werk voltijd")
    page.get_by_role("button", name="Traject beëindigen").click()
    start = running.actual_start.strftime("%d-%m-%Y")
    expect(page.locator("#id_on_error")).to_have_text(f"De einddatum ligt vóór de start ({start}).")
    check_a11y(page, "refusal 05 end trajectory before start")
    running.refresh_from_db()
    assert (running.status, running.actual_end, running.outcome) == (Status.RUNNING, None, "")
