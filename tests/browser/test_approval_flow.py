"""Vier-ogen in the browser: a consulent moves a client from re-integratie to participatie, the
change waits ter goedkeuring, and the teamleider approves it (issue 19)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from categorisation.models import Assessment, Category
from categorisation.services import assess_client
from clients.models import Household
from clients.services import register_client
from organisations.models import Municipality, User
from tests.browser.helpers import check_a11y, login, message
from tests.factories import valid_bsn


@pytest.fixture
def case(seeded):
    today = timezone.localdate()
    consulent = User.objects.get(username="consulent.wassenaar")
    client = register_client(
        data={
            "bsn": valid_bsn(1_000_019),
            "first_names": "Ilse",
            "prefix": "",
            "last_name": "Eenheidwissel",
            "date_of_birth": date(today.year - 44, 2, 1),
            "municipality": Municipality.objects.get(name="Wassenaar"),
            "household": Household.SINGLE,
            "consulent": consulent,
        },
        benefit_start=today - timedelta(days=300),
        by=consulent,
    )
    assess_client(client=client, day=today - timedelta(days=200),
                  category=Category.objects.get(organisation__isnull=True, code="1C"),
                  estimated_months=20, reason="", by=consulent)  # fmt: skip
    return client


def test_a_teamleider_approves_a_unit_change(page: Page, case):
    today = timezone.localdate()
    login(page, "consulent.wassenaar")
    page.goto(f"/categorisatie/clienten/{case.pk}/beoordeling/nieuw/")
    three_a = Category.objects.get(organisation__isnull=True, code="3A")
    page.get_by_label("Categorie").select_option(value=str(three_a.pk))
    page.get_by_label("Geschatte maanden").fill("60")
    page.get_by_label("Onderbouwing").fill("Langdurig ziek, eerst participatie")
    page.get_by_role("button", name="Beoordeling vastleggen").click()
    expect(message(page)).to_contain_text("ter goedkeuring")
    assert Assessment.objects.filter(client=case).on(today).get().category.code == "1C"

    page.context.clear_cookies()
    login(page, "teamleider")
    page.goto("/goedkeuringen/")
    check_a11y(page, "approvals 01 waiting")
    page.get_by_role("link", name=str(case)).click()
    check_a11y(page, "approvals 02 decide")
    page.get_by_label("Toelichting").fill("Akkoord na overleg")
    page.get_by_role("button", name="Goedkeuren").click()
    expect(message(page)).to_contain_text("3A geldt vanaf")
    assert Assessment.objects.filter(client=case).on(today).get().category.code == "3A"
