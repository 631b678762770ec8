"""Dutch that reads right (issue 20): proper plurals, money as € 1.200,00, dates as dd-mm-jjjj,
counts with a thousands dot, category durations in words, and the admin in Dutch, Django's own
strings included. Each test renders what a user reads and looks for the Dutch."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from categorisation.models import Category
from clients.models import BenefitPeriod, EndReason
from core.formatting import day, money, number
from letters.forms import ChooseTemplateForm
from letters.models import LetterTemplate
from organisations.roles import BEHEERDER
from tests.factories import BenefitPeriodFactory, ClientFactory, UserFactory
from trajectories.hooks import _close_running
from trajectories.tests.helpers import run

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("1200"), "€ 1.200,00"),
        (Decimal("600.00"), "€ 600,00"),
        (Decimal("3603800.5"), "€ 3.603.800,50"),
        (Decimal("0.005"), "€ 0,01"),
        (Decimal("-12.5"), "€ -12,50"),
        (None, ""),
    ],
)
def test_money_is_written_the_dutch_way(amount, text):
    assert money(amount) == text
    rendered = Template("{% load opstap %}{{ amount|money }}").render(Context({"amount": amount}))
    assert rendered == text


def test_counts_have_a_thousands_dot_and_dates_are_dd_mm_jjjj():
    assert [number(7), number(1070), number(1234567)] == ["7", "1.070", "1.234.567"]
    assert day(date(2025, 2, 27)) == "27-02-2025"


@pytest.mark.parametrize(
    ("above", "up_to", "label"),
    [
        (None, 12, "tot en met 12 maanden"),
        (12, 48, "meer dan 12 tot en met 48 maanden"),
        (48, None, "meer dan 48 maanden"),
        (None, 1, "tot en met 1 maand"),
    ],
)
def test_a_categorys_duration_reads_as_words(above, up_to, label):
    assert Category(months_above=above, months_up_to=up_to).range_label() == label


def test_a_benefit_period_names_its_dates_the_dutch_way(wassenaar):
    period = BenefitPeriodFactory(
        client=ClientFactory(municipality=wassenaar), start=date(2025, 2, 27), end=None
    )
    assert str(BenefitPeriod.objects.get(pk=period.pk)) == "27-02-2025 – …"


def test_closing_trajectories_on_benefit_end_says_one_or_more_properly(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar, consulent=consulent)
    run(
        client,
        "participatiebaan",
        TODAY - timedelta(days=100),
        TODAY + timedelta(days=300),
        consulent,
    )

    ended = SimpleNamespace(
        client=client, end=TODAY, reason=EndReason.objects.first(), by=consulent
    )
    assert _close_running(ended, "werk_voltijd") == "1 lopend traject afgesloten."
    assert _close_running(ended, "werk_voltijd") == "0 lopende trajecten afgesloten."


def test_the_trajectory_page_shows_money_with_a_thousands_dot(
    consulent_client, consulent, wassenaar
):
    client = ClientFactory(municipality=wassenaar, consulent=consulent)
    baan = run(client, "participatiebaan", TODAY - timedelta(days=10), TODAY, consulent)
    baan.cost = Decimal("1200")
    baan.save(update_fields=["cost"])
    html = page(consulent_client.get(reverse("trajectories:trajectory_detail", args=[baan.pk])))
    assert "€ 1.200,00" in html
    assert "€ 1200,00" not in html


def test_a_date_field_gives_the_browser_an_iso_value_it_shows_as_dd_mm_jjjj():
    # <input type="date"> takes only 2025-02-27 and shows it in the browser's locale (nl-NL:
    # 27-02-2025); a Dutch-formatted value there would leave the field empty.
    html = str(
        ChooseTemplateForm(
            initial={"datum": date(2025, 2, 27)}, templates=LetterTemplate.objects.none()
        )["datum"]
    )
    assert 'type="date"' in html
    assert 'value="2025-02-27"' in html


@pytest.fixture
def superuser_client(client, organisation):
    user = UserFactory(organisation=organisation, is_staff=True, is_superuser=True)
    user.groups.add(Group.objects.get(name=BEHEERDER))
    client.force_login(user)
    return client


def test_the_admin_names_every_section_in_dutch(superuser_client):
    html = page(superuser_client.get(reverse("admin:index")))
    assert "Budgetten" in html
    assert "Rapportages" in html
    for english in (">Budgets<", ">Reporting<", "Site administration"):
        assert english not in html


def test_djangos_password_message_is_dutch_in_the_admin(superuser_client):
    response = superuser_client.post(
        reverse("admin:organisations_user_add"),
        {
            "username": "nieuw",
            "password1": "kort1",
            "password2": "kort1",
            "usable_password": "true",
        },
    )
    html = page(response)
    assert "Dit wachtwoord is te kort. De minimale lengte is 12 tekens." in html
    assert "This password is too short" not in html


def test_the_admins_javascript_strings_are_dutch(superuser_client):
    script = page(superuser_client.get(reverse("admin:jsi18n")))
    assert "Alle %s kiezen" in script
    assert "Beschikbare %s" in script


def test_a_maatregel_rule_names_its_percentage_and_months_the_dutch_way(organisation):
    from measures.models import MaatregelRule

    rule = MaatregelRule(organisation=organisation, valid_from=date(2015, 1, 1), category=1,
                         percentage=Decimal("12.50"), months=1, repeat_percentage=Decimal(20),
                         repeat_months=3)  # fmt: skip
    assert str(rule) == "Categorie 1 vanaf 01-01-2015: 12,5% gedurende 1 maand"
    rule.percentage, rule.months = Decimal("10.00"), 3
    assert str(rule) == "Categorie 1 vanaf 01-01-2015: 10% gedurende 3 maanden"


def test_shares_and_file_sizes_have_a_decimal_comma():
    from core.formatting import percentage
    from documents.services import megabytes

    assert [percentage(Decimal("74.10")), percentage(Decimal("100.00"))] == ["74,1%", "100%"]
    assert [megabytes(20 * 1024 * 1024), megabytes(512 * 1024)] == ["20", "0,5"]
