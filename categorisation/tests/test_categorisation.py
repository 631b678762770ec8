"""Categorisation rules, the as-of query against a naive oracle, screens and scoping."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from categorisation import services
from categorisation.models import Assessment, Category, LadderStep
from categorisation.queries import distribution, with_category
from clients.models import Client, Ontheffing, OntheffingReason
from organisations.models import Municipality
from tests.factories import BenefitPeriodFactory, ClientFactory

pytestmark = pytest.mark.django_db


def category(code: str) -> Category:
    return Category.objects.get(organisation__isnull=True, code=code)


def assess(client, day, code, months, by):
    return services.assess_client(
        client=client, day=day, category=category(code), estimated_months=months, reason="", by=by
    )


def test_default_scheme_is_seeded_with_its_rules():
    codes = list(Category.objects.filter(organisation__isnull=True).values_list("code", flat=True))
    assert codes == ["1A", "1B", "1C", "2A", "2B", "3A", "3B"]
    assert category("3B").requires_ontheffing
    assert category("2B").requires_indication
    assert category("1A").unit.reassessment_months == 6
    assert category("2A").unit.reassessment_months == 12


@pytest.mark.parametrize(
    ("months", "code"),
    [
        (0, "1A"),
        (3, "1A"),
        (4, "1B"),
        (12, "1B"),
        (13, "1C"),
        (24, "1C"),
        (25, "2A"),
        (48, "2A"),
        (49, "3A"),
        (300, "3A"),
    ],
)
def test_every_estimate_has_exactly_one_category_of_the_scheme(months, code):
    fitting = [
        c.code
        for c in Category.objects.filter(
            organisation__isnull=True, requires_ontheffing=False, requires_indication=False
        )
        if c.fits(months)
    ]
    assert fitting == [code]


def test_months_outside_the_range_are_refused(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    with pytest.raises(ValidationError) as error:
        assess(client, date(2026, 1, 5), "1B", 30, consulent)
    message = "Bij categorie 1B horen meer dan 3 tot en met 12 maanden; u vulde 30 maanden in."
    assert message in error.value.messages
    assert Assessment.objects.count() == 0


def test_3b_needs_a_running_ontheffing_on_that_date(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    with pytest.raises(ValidationError) as error:
        assess(client, date(2026, 3, 1), "3B", 60, consulent)
    assert "vereist een lopende ontheffing op 01-03-2026" in " ".join(error.value.messages)
    Ontheffing.objects.create(
        client=client, reason=OntheffingReason.MEDICAL, start=date(2026, 2, 1)
    )
    assert assess(client, date(2026, 3, 1), "3B", 60, consulent).category.code == "3B"


def test_2b_needs_an_indication_on_that_date(consulent, wassenaar):
    client = ClientFactory(
        municipality=wassenaar, banenafspraak_date=date(2026, 6, 1), banenafspraak_source="UWV"
    )
    with pytest.raises(ValidationError) as error:
        assess(client, date(2026, 5, 31), "2B", 30, consulent)
    assert "Banenafspraak of Beschut werk" in " ".join(error.value.messages)
    assert assess(client, date(2026, 6, 1), "2B", 30, consulent).pk


def test_assessments_are_never_overwritten(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    first = assess(client, date(2025, 1, 10), "1C", 20, consulent)
    with pytest.raises(ValidationError) as error:
        assess(client, date(2025, 1, 10), "1A", 2, consulent)
    assert "nooit overschreven" in " ".join(error.value.messages)
    first.refresh_from_db()
    assert (first.category.code, first.estimated_months) == ("1C", 20)


def test_future_assessment_is_refused(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    with pytest.raises(ValidationError):
        assess(client, timezone.localdate() + timedelta(days=1), "1A", 1, consulent)


def test_past_date_shows_the_category_of_that_date_after_reassessment(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    assess(client, date(2025, 1, 10), "1C", 20, consulent)
    assess(client, date(2025, 9, 1), "1A", 2, consulent)
    assess(client, date(2025, 5, 1), "1B", 8, consulent)  # back-dated, between the two
    seen = {
        day: Assessment.objects.on(day).get(client=client).category.code
        for day in (
            date(2025, 1, 10),
            date(2025, 4, 30),
            date(2025, 5, 1),
            date(2025, 8, 31),
            date(2025, 9, 1),
            date(2026, 1, 1),
        )
    }
    assert seen == {
        date(2025, 1, 10): "1C",
        date(2025, 4, 30): "1C",
        date(2025, 5, 1): "1B",
        date(2025, 8, 31): "1B",
        date(2025, 9, 1): "1A",
        date(2026, 1, 1): "1A",
    }
    assert not Assessment.objects.on(date(2025, 1, 9)).filter(client=client).exists()


def test_database_refuses_overlapping_spans(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    assess(client, date(2025, 1, 10), "1C", 20, consulent)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            client=client,
            date=date(2025, 2, 1),
            category=category("1A"),
            estimated_months=1,
            assessed_by=consulent,
        )


CODES = ["1A", "1B", "1C", "2A", "3A"]
MONTHS = {"1A": 1, "1B": 6, "1C": 18, "2A": 30, "3A": 60}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    histories=st.lists(
        st.lists(st.tuples(st.integers(0, 400), st.sampled_from(CODES)), max_size=5),
        min_size=1,
        max_size=4,
    ),
    probes=st.lists(st.integers(-5, 420), min_size=1, max_size=6),
)
def test_as_of_query_matches_a_naive_per_client_oracle(consulent, wassenaar, histories, probes):
    base = date(2024, 1, 1)
    clients = []  # each example makes fresh clients; the query looks at those only
    for history in histories:
        client = ClientFactory(municipality=wassenaar)
        recorded = {}
        for offset, code in history:  # recorded in any order, back-dated or not
            day = base + timedelta(days=offset)
            if day in recorded:
                continue
            assess(client, day, code, MONTHS[code], consulent)
            recorded[day] = code
        clients.append((client, recorded))
    for probe in probes:
        day = base + timedelta(days=probe)
        expected = {}
        for client, recorded in clients:
            before = [d for d in recorded if d <= day]
            expected[client.pk] = recorded[max(before)] if before else None
        in_sql = dict(
            with_category(Client.objects.filter(pk__in=expected), day).values_list(
                "pk", "category_code"
            )
        )
        assert in_sql == expected


def test_with_category_is_one_query(consulent, wassenaar, django_assert_num_queries):
    for n in range(5):
        assess(ClientFactory(municipality=wassenaar), date(2025, 1, 1 + n), "1B", 6, consulent)
    with django_assert_num_queries(1):
        rows = list(with_category(Client.objects.all(), date(2025, 6, 1)))
    assert [r.category_code for r in rows] == ["1B"] * 5


def test_ladder_step_up_is_doorstroom_on_the_file(consulent_client, consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    for day, trede in ((date(2025, 1, 1), 2), (date(2025, 6, 1), 3), (date(2025, 9, 1), 3)):
        services.record_ladder_step(client=client, day=day, trede=trede, reason="", by=consulent)
    assert LadderStep.objects.on(date(2025, 7, 1)).get(client=client).trede == 3
    html = consulent_client.get(reverse("clients:client_detail", args=[client.pk])).content.decode()
    assert html.count(">doorstroom<") == 1


def test_distribution_counts_per_municipality_and_unit(consulent, lv, wassenaar, voorschoten):
    day = date(2026, 1, 15)
    for code, municipality in (
        ("1A", wassenaar),
        ("1C", wassenaar),
        ("2A", wassenaar),
        ("1C", voorschoten),
    ):
        period = BenefitPeriodFactory(
            client=ClientFactory(municipality=municipality), start=date(2025, 1, 1)
        )
        assess(period.client, date(2025, 2, 1), code, MONTHS.get(code, 18), consulent)
    BenefitPeriodFactory(client=ClientFactory(municipality=wassenaar), start=date(2025, 1, 1))
    result = distribution(
        municipalities=Municipality.objects.filter(pk__in=[wassenaar.pk, voorschoten.pk]),
        day=day,
        organisation_id=wassenaar.organisation_id,
    )
    w = wassenaar.pk
    assert result.totals[w].count == 4
    assert result.rows[category("1C").pk][w].count == 1
    assert result.rows[None][w].count == 1  # not categorised
    assert round(result.rows[category("1A").pk][w].share, 1) == 25.0
    units = {unit.code: cells[w].count for unit, cells in result.units.items()}
    assert units == {"re_integratie": 2, "participatie": 1}
    assert result.rows[category("1C").pk][voorschoten.pk].count == 1


def test_manager_sees_only_own_municipalities_and_csv_matches(
    client, organisation, wassenaar, voorschoten, consulent
):
    from tests.factories import UserFactory

    manager = UserFactory(organisation=organisation, roles=["manager"], scope=[wassenaar])
    period = BenefitPeriodFactory(
        client=ClientFactory(municipality=wassenaar), start=date(2025, 1, 1)
    )
    assess(period.client, date(2025, 2, 1), "1B", 6, consulent)
    client.force_login(manager)
    page = client.get(reverse("categorisation:distribution"), {"datum": "2026-01-01"})
    html = page.content.decode()
    assert "Wassenaar" in html
    assert "Voorschoten" not in html
    csv = client.get(
        reverse("categorisation:distribution_csv"), {"datum": "2026-01-01"}
    ).content.decode()
    assert "2026-01-01;Wassenaar;Re-integratie;1B;1;100,0" in csv
    assert "Voorschoten" not in csv
    # Another municipality's drill-down is refused; a manager without client access gets none.
    assert (
        client.get(
            reverse("categorisation:distribution_clients"),
            {"datum": "2026-01-01", "gemeente": voorschoten.pk},
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("categorisation:distribution_clients"),
            {"datum": "2026-01-01", "gemeente": wassenaar.pk, "categorie": "1B"},
        ).status_code
        == 404
    )


def test_drill_down_lists_the_clients_behind_a_cell(client, organisation, wassenaar, consulent):
    from tests.factories import UserFactory

    teamleider = UserFactory(
        organisation=organisation, roles=["manager", "consulent"], scope=[wassenaar]
    )
    period = BenefitPeriodFactory(
        client=ClientFactory(municipality=wassenaar, last_name="Prins"), start=date(2025, 1, 1)
    )
    assess(period.client, date(2025, 2, 1), "1B", 6, consulent)
    client.force_login(teamleider)
    html = client.get(
        reverse("categorisation:distribution_clients"),
        {"datum": "2026-01-01", "gemeente": wassenaar.pk, "categorie": "1B"},
    ).content.decode()
    assert "Prins" in html


def test_consulent_categorises_in_the_browser_and_caseload_filters(
    consulent_client, consulent, wassenaar
):
    client = ClientFactory(municipality=wassenaar, consulent=consulent, last_name="Kuipers")
    ClientFactory(municipality=wassenaar, consulent=consulent, last_name="Postma")
    url = reverse("categorisation:assessment_create", args=[client.pk])
    response = consulent_client.post(
        url,
        {
            "date": "2026-11-01",
            "category": category("1B").pk,
            "estimated_months": "40",
            "reason": "x",
        },
    )
    assert "Bij categorie 1B horen" in response.content.decode()
    response = consulent_client.post(
        url,
        {
            "date": "2026-11-01",
            "category": category("1B").pk,
            "estimated_months": "8",
            "reason": "Gesprek gevoerd",
        },
    )
    assert response.status_code == 302
    listing = consulent_client.get(
        reverse("clients:client_list"), {"mine": "on", "categorie": "1B"}
    ).content.decode()
    assert "Kuipers" in listing
    assert "Postma" not in listing
    listing = consulent_client.get(
        reverse("clients:client_list"), {"mine": "on", "eenheid": "participatie"}
    ).content.decode()
    assert "Kuipers" not in listing


def test_assessing_a_client_of_another_municipality_is_a_404(consulent_client, voorschoten):
    other = ClientFactory(municipality=voorschoten)
    response = consulent_client.post(
        reverse("categorisation:assessment_create", args=[other.pk]),
        {
            "date": "2026-11-01",
            "category": category("1A").pk,
            "estimated_months": "1",
            "reason": "",
        },
    )
    assert response.status_code == 404
    assert Assessment.objects.count() == 0


def test_client_file_says_when_reassessment_is_overdue(consulent_client, consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    url = reverse("clients:client_detail", args=[client.pk])
    today = timezone.localdate()
    assess(client, today - timedelta(days=200), "1B", 6, consulent)  # re-integratie: 6 months
    assert "Deze herbeoordeling is te laat." in consulent_client.get(url).content.decode()
    assess(client, today, "1B", 6, consulent)
    assert "Deze herbeoordeling is te laat." not in consulent_client.get(url).content.decode()


def test_distribution_of_today_takes_the_current_assessments_and_agrees(consulent, wassenaar):
    from categorisation.queries import _count_by_municipality_and_category

    today = timezone.localdate()
    for offset, codes in enumerate((["1C", "1A"], ["2A"], ["1B", "3A", "1C"])):
        period = BenefitPeriodFactory(
            client=ClientFactory(municipality=wassenaar), start=date(2024, 1, 1)
        )
        for step, code in enumerate(codes):
            assess(
                period.client,
                date(2024, 3, 1 + offset) + timedelta(days=100 * step),
                code,
                MONTHS[code],
                consulent,
            )
    fast = _count_by_municipality_and_category([wassenaar.pk], today, use_current=True)
    general = _count_by_municipality_and_category([wassenaar.pk], today, use_current=False)
    assert sorted(fast, key=str) == sorted(general, key=str)
    codes = {Category.objects.get(pk=cat).code: n for _, cat, n in fast}
    assert codes == {"1A": 1, "2A": 1, "1C": 1}
