"""Vandaag for consulenten, counts per consulent for managers, the caseload filter: scoping,
permissions, the happy path in the browser's terms, and query counts that do not grow."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from categorisation.models import Category
from categorisation.services import assess_client
from core.dates import add_months
from deadlines import clock, queries
from deadlines.queries import KINDS, OVERVIEW_LIMIT
from deadlines.registry import get_kind
from deadlines.tests.helpers import on_benefit
from deadlines.views import TEAM_PAGE_SIZE
from organisations.roles import CONSULENT, MANAGER
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def assessed(municipality, consulent, days_ago=300, code="1C", by=None, **fields):
    """A client of `consulent` on benefit, assessed long enough ago to be due again."""
    client = on_benefit(municipality, consulent=consulent, **fields)
    category = Category.objects.get(organisation__isnull=True, code=code)
    assess_client(
        client=client,
        day=TODAY - timedelta(days=days_ago),
        category=category,
        estimated_months=category.months_up_to or 60,
        reason="",
        by=by or consulent,
    )
    return client


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_a_consulent_starts_on_vandaag(consulent_client):
    response = consulent_client.get("/")
    assert response["Location"] == reverse("deadlines:today")
    html = page(consulent_client.get(reverse("deadlines:today")))
    assert ">Vandaag<" in html
    assert "niets te doen" in html


def test_vandaag_lists_own_signals_grouped_with_counts_overdue_first(
    consulent_client, consulent, wassenaar, organisation
):
    late = assessed(wassenaar, consulent, days_ago=300, last_name="Laat")
    soon = assessed(wassenaar, consulent, days_ago=175, last_name="Binnenkort")
    colleague = UserFactory(organisation=organisation, roles=[CONSULENT], scope=[wassenaar])
    assessed(wassenaar, colleague, last_name="Collega")
    html = page(consulent_client.get(reverse("deadlines:today")))
    section = html.split('id="soort-herbeoordeling"')[1].split("</section>")[0]
    assert section.index("Laat") < section.index("Binnenkort")  # overdue first
    assert "dagen te laat" in section
    assert "Collega" not in html
    assert reverse("categorisation:assessment_create", args=[late.pk]) in section
    assert reverse("clients:client_detail", args=[soon.pk]) in section
    summary = html.split("<caption>Signalen per soort")[1].split("</table>")[0]
    assert "Herbeoordeling" in summary


def test_a_signal_goes_when_the_work_is_done_in_the_browser(consulent_client, consulent, wassenaar):
    # On benefit since 2024 without any contact: a year's norm is long past.
    client = assessed(wassenaar, consulent, days_ago=20, code="2A")
    note_url = reverse("clients:contactnote_create", args=[client.pk])
    html = page(consulent_client.get(reverse("deadlines:today")))
    assert note_url in html.split('id="soort-contact"')[1]
    consulent_client.post(
        note_url, {"date": TODAY.isoformat(), "kind": "gesprek", "text": "Gesprek gevoerd"}
    )
    html = page(consulent_client.get(reverse("deadlines:today")))
    assert 'id="soort-contact"' not in html


def test_the_clock_decides_the_day_and_the_day_before_shows_nothing(
    consulent_client, consulent, wassenaar
):
    assessed(wassenaar, consulent, days_ago=0, code="1B")  # due in 6 months
    first_day = add_months(TODAY, 6) - timedelta(days=14)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "today", lambda: first_day - timedelta(days=1))
        assert 'id="soort-herbeoordeling"' not in page(
            consulent_client.get(reverse("deadlines:today"))
        )
        patch.setattr(clock, "today", lambda: first_day)
        assert 'id="soort-herbeoordeling"' in page(consulent_client.get(reverse("deadlines:today")))


def test_vandaag_never_shows_clients_outside_the_users_municipalities(
    consulent_client, consulent, voorschoten
):
    # Assigned to this consulent but in a municipality outside their scope.
    assessed(voorschoten, consulent, last_name="Buitenscope")
    html = page(consulent_client.get(reverse("deadlines:today")))
    assert "Buitenscope" not in html


@pytest.mark.parametrize("size", [1, 12])
def test_vandaag_costs_the_same_queries_for_any_caseload(
    consulent_client, consulent, wassenaar, django_assert_max_num_queries, size
):
    for number in range(size):
        assessed(wassenaar, consulent, last_name=f"Klant{number:02}")
    # 9th: one INSERT of the access log for all shown; 10th: the upcoming appointments;
    # 11th: the vervangingen the user is doing today (issue 19); 12th: the signals put off
    with django_assert_max_num_queries(12):
        html = page(consulent_client.get(reverse("deadlines:today")))
    assert html.count("dagen te laat") >= size


def test_vandaag_shows_the_first_of_each_kind_and_all_of_one_on_request(
    consulent_client, consulent, wassenaar
):
    for number in range(OVERVIEW_LIMIT + 2):
        assessed(wassenaar, consulent, last_name=f"Klant{number:02}")
    html = page(consulent_client.get(reverse("deadlines:today")))
    section = html.split('id="soort-herbeoordeling"')[1].split("</section>")[0]
    assert f"De eerste {OVERVIEW_LIMIT} van {OVERVIEW_LIMIT + 2}." in section
    assert "?soort=herbeoordeling" in section
    every = page(consulent_client.get(reverse("deadlines:today"), {"soort": "herbeoordeling"}))
    assert every.count("dagen te laat") == OVERVIEW_LIMIT + 2
    assert 'id="soort-plan"' not in every
    assert consulent_client.get(reverse("deadlines:today"), {"soort": "x"}).status_code == 404


@pytest.mark.parametrize("read_limit", [5_000, 1])  # read first, or as subqueries
def test_the_caseload_filters_clients_with_a_signal(
    consulent_client, consulent, wassenaar, monkeypatch, read_limit
):
    monkeypatch.setattr(queries, "READ_LIMIT", read_limit)
    assessed(wassenaar, consulent, days_ago=300, last_name="Achterstand")
    assessed(wassenaar, consulent, days_ago=10, last_name="Bijgewerkt")
    url = reverse("clients:client_list")
    every = page(consulent_client.get(url, {"mine": "on", "signaal": "alle"}))
    assert "Achterstand" in every
    one = page(consulent_client.get(url, {"mine": "on", "signaal": "herbeoordeling"}))
    assert "Achterstand" in one
    assert "Bijgewerkt" not in one
    assert "Bijgewerkt" in page(consulent_client.get(url, {"mine": "on"}))


# Managers ------------------------------------------------------------------------------------


@pytest.fixture
def team(organisation, wassenaar, consulent):
    other = UserFactory(
        organisation=organisation,
        first_name="Karin",
        last_name="Tweede",
        roles=[CONSULENT],
        scope=[wassenaar],
    )
    assessed(wassenaar, consulent, last_name="Eerste")
    assessed(wassenaar, other, last_name="Tweede1")
    assessed(wassenaar, other, last_name="Tweede2")
    return other


def _cells(html: str, who: str) -> list[str]:
    """The counts in the row of `who`, as text."""
    row = html.split(f'<th scope="row">{who}</th>')[1].split("</tr>")[0]
    cells = [part.split(">", 1)[1].split("</td>")[0] for part in row.split("<td")[1:]]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def test_managers_see_counts_per_consulent_and_kind(client, manager, consulent, team, wassenaar):
    client.force_login(manager)
    html = page(client.get(reverse("deadlines:team"), {"gemeente": wassenaar.pk}))
    assert "Signalen per consulent en soort, Wassenaar" in html
    cells = _cells(html, str(team))
    assert cells[KINDS.index(get_kind("herbeoordeling"))] == "2"  # two re-assessments due
    assert _cells(html, str(consulent))[KINDS.index(get_kind("herbeoordeling"))] == "1"
    assert "Tweede1" not in html  # counts, not clients
    assert 'href="/signalen/lijst/' not in html  # a manager without client access: no links
    assert (
        client.get(
            reverse("deadlines:team_signals"),
            {"gemeente": wassenaar.pk, "consulent": team.pk, "soort": "herbeoordeling"},
        ).status_code
        == 404
    )


def test_a_municipality_outside_scope_is_a_404(client, organisation, wassenaar, voorschoten):
    only_wassenaar = UserFactory(organisation=organisation, roles=[MANAGER], scope=[wassenaar])
    client.force_login(only_wassenaar)
    assert client.get(reverse("deadlines:team"), {"gemeente": voorschoten.pk}).status_code == 404
    assert client.get(reverse("deadlines:team")).status_code == 200


def test_the_team_page_is_for_managers(consulent_client):
    assert consulent_client.get(reverse("deadlines:team")).status_code == 404


def test_a_manager_who_may_see_clients_drills_down(
    client, organisation, wassenaar, voorschoten, consulent, team
):
    teamleider = UserFactory(
        organisation=organisation, roles=[MANAGER, CONSULENT], scope=[wassenaar, voorschoten]
    )
    client.force_login(teamleider)
    html = page(client.get(reverse("deadlines:team"), {"gemeente": wassenaar.pk}))
    link = f"?gemeente={wassenaar.pk}&amp;consulent={team.pk}&amp;soort=herbeoordeling"
    assert link in html
    listed = page(
        client.get(
            reverse("deadlines:team_signals"),
            {"gemeente": wassenaar.pk, "consulent": team.pk, "soort": "herbeoordeling"},
        )
    )
    assert "Tweede1" in listed
    assert "Tweede2" in listed
    assert "Eerste" not in listed
    # The same consulent's clients seen through another municipality: none there.
    other = page(
        client.get(
            reverse("deadlines:team_signals"),
            {"gemeente": voorschoten.pk, "consulent": team.pk, "soort": "herbeoordeling"},
        )
    )
    assert "Tweede1" not in other
    unknown = {"gemeente": wassenaar.pk, "consulent": team.pk, "soort": "onbekend"}
    assert client.get(reverse("deadlines:team_signals"), unknown).status_code == 404


def test_clients_nobody_looks_after_have_their_own_row(client, manager, wassenaar, consulent):
    assessed(wassenaar, None, by=consulent, last_name="Wees")
    client.force_login(manager)
    html = page(client.get(reverse("deadlines:team"), {"gemeente": wassenaar.pk}))
    assert "Niet toegewezen" in html


def test_the_team_page_shows_a_team_of_consulenten_at_a_time(
    client, manager, organisation, wassenaar
):
    for number in range(TEAM_PAGE_SIZE + 2):
        UserFactory(
            organisation=organisation,
            last_name=f"Consulent{number:02}",
            roles=[CONSULENT],
            scope=[wassenaar],
        )
    client.force_login(manager)
    first = page(client.get(reverse("deadlines:team"), {"gemeente": wassenaar.pk}))
    assert "Consulent00" in first
    assert f"Consulent{TEAM_PAGE_SIZE:02}" not in first
    assert "Totaal op deze pagina" in first
    second = page(client.get(reverse("deadlines:team"), {"gemeente": wassenaar.pk, "pagina": 2}))
    assert f"Consulent{TEAM_PAGE_SIZE + 1:02}" in second
    assert "Consulent00" not in second


@pytest.mark.parametrize("size", [1, 6])
def test_the_team_page_costs_the_same_queries_for_any_team(
    client, manager, organisation, wassenaar, django_assert_max_num_queries, size
):
    for number in range(size):
        person = UserFactory(organisation=organisation, roles=[CONSULENT], scope=[wassenaar])
        assessed(wassenaar, person, last_name=f"Klant{number}")
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        page(client.get(reverse("deadlines:team"), {"gemeente": wassenaar.pk}))


def test_the_navigation_shows_vandaag_and_signalen_by_role(client, consulent, manager):
    client.force_login(consulent)
    html = page(client.get(reverse("deadlines:today")))
    assert ">Vandaag<" in html
    assert ">Signalen<" not in html
    client.force_login(manager)
    html = page(client.get(reverse("deadlines:team")))
    assert ">Signalen<" in html
    assert ">Vandaag<" not in html
