"""Start pages by role (issue 20, organisations.start): the manager's key figures per
municipality read from the stored reports, the teamleider's team and vier-ogen, Vandaag for a
consulent. Figures equal the stored ones, nothing of another organisation or municipality shows,
and the query count does not grow with the number of municipalities or consulenten."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals.models import ApprovalRequest
from clients.models import AccessLog, Client
from core.dates import add_months
from deadlines import clock
from deadlines.queries import counts_by_consulent
from deadlines.start import TEAM_LIMIT
from deadlines.tests.test_views import assessed
from organisations.roles import CONSULENT, MANAGER
from reporting.finality import finality
from reporting.models import ReportRun
from reporting.services import build_report, last_complete_month
from tests.factories import (
    BenefitPeriodFactory,
    ClientFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
    end_reason,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST = last_complete_month(TODAY)
MONTHS = [add_months(LAST, -offset) for offset in range(5, -1, -1)]


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def section_of(html: str, municipality) -> str:
    return html.split(f'id="gemeente-{municipality.pk}"')[1].split("</section>")[0]


def trend_row(section: str, municipality, month) -> list[str]:
    """The trend table's row of `month` as text: its heading (month and status), then the cells."""
    url = reverse("reporting:report_detail", args=[municipality.pk, month.year, month.month])
    row = section.split(f'href="{url}"')[1].split("</tr>")[0]
    heading = text(row.split("</th>")[0].split("</a>")[1])
    return [heading, *(text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))]


def reports(municipality) -> dict:
    """The six months up to last month built as the reporting app does: real stored figures."""
    runs = [
        ReportRun.objects.create(
            municipality=municipality, month=month, requested_at=timezone.now()
        )
        for month in MONTHS
    ]
    build_report(run_id=runs[-1].pk)
    return {run.month: run for run in ReportRun.objects.filter(pk__in=[r.pk for r in runs])}


def with_flows(municipality):
    """Clients that come and go over the six months, so the figures differ per month."""
    for number, month in enumerate(MONTHS):
        for extra in range(number % 3 + 1):
            person = ClientFactory(municipality=municipality, last_name=f"Stroom{number}{extra}")
            end = month + timedelta(days=20) if (number + extra) % 2 else None
            reason = end_reason("11" if extra else "32") if end else None  # werk, verhuizing
            BenefitPeriodFactory(
                client=person, start=month + timedelta(days=2), end=end, end_reason=reason
            )


def test_the_manager_sees_the_stored_key_figures_per_municipality(client, manager, wassenaar, lv):
    with_flows(wassenaar)
    runs = reports(wassenaar)
    client.force_login(manager)
    html = page(client.get("/"))
    section = section_of(html, wassenaar)
    last = runs[LAST].figures
    state = finality(month=LAST, data_date=runs[LAST].data_date)
    assert f">{state.label}<" in section
    boxes = text(section.split("<dl")[1].split("</dl>")[0])
    assert f"Bestand eind van de maand {last['stand_eind']}" in boxes
    assert f"Instroom {last['instroom']}" in boxes
    assert f"Uitstroom {last['uitstroom']} " in boxes
    for month, run in runs.items():
        figures = run.figures
        cells = trend_row(section, wassenaar, month)
        change = figures["stand_eind"] - figures["stand_begin"]
        shown_change = f"+{change}" if change > 0 else (f"−{-change}" if change < 0 else "0")
        status = (
            "definitief"
            if finality(month=month, data_date=run.data_date).definitive
            else "voorlopig"
        )
        assert cells == [
            status,
            str(figures["stand_eind"]),
            shown_change,
            str(figures["instroom"]),
            str(figures["uitstroom"]),
        ], month
    assert sum(run.figures["instroom"] for run in runs.values()) > 0  # the test means something
    # A municipality without reports says so, and every municipality links on.
    assert "De rapportage van vorige maand is er nog niet" in section_of(html, lv)
    assert reverse("reporting:dashboard", args=[wassenaar.pk]) in section
    assert f"{reverse('deadlines:team')}?gemeente={wassenaar.pk}" in section
    assert reverse("budgets:budget_index") in section


def test_a_definitive_month_says_so(client, manager, wassenaar):
    ReportRun.objects.create(
        municipality=wassenaar, month=LAST, requested_at=timezone.now(), status="klaar",
        data_date=TODAY + timedelta(days=60),  # built after the restart days had passed
        figures={"stand_begin": 10, "instroom": 2, "uitstroom": 1, "stand_eind": 11,
                 "herinstroom": 0, "uitstroom_per_groep": {"werk": 1}},
    )  # fmt: skip
    client.force_login(manager)
    section = section_of(page(client.get("/")), wassenaar)
    assert 'data-finality="definitief"' in section
    assert "Definitief sinds" in section
    assert "100,0%" in section  # uitstroom naar werk: 1 of 1


def test_the_manager_never_sees_another_municipality_or_organisation(
    client, organisation, wassenaar, lv
):
    elsewhere = MunicipalityFactory(
        organisation=OrganisationFactory(), name="Elders", cbs_code="0999"
    )
    secret = {"stand_begin": 1, "instroom": 0, "uitstroom": 0, "stand_eind": 98765,
              "herinstroom": 0, "uitstroom_per_groep": {}}  # fmt: skip
    for municipality in (elsewhere, lv):
        ReportRun.objects.create(municipality=municipality, month=LAST, requested_at=timezone.now(),
                                 status="klaar", data_date=TODAY, figures=secret)  # fmt: skip
    only_wassenaar = UserFactory(organisation=organisation, roles=[MANAGER], scope=[wassenaar])
    client.force_login(only_wassenaar)
    html = page(client.get("/"))
    assert 'id="gemeente-' + str(wassenaar.pk) in html
    assert "98765" not in html
    assert "98.765" not in html
    assert "Elders" not in html
    assert "Leidschendam-Voorburg" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_the_managers_page_costs_the_same_for_any_number_of_municipalities(
    client, organisation, django_assert_max_num_queries, count
):
    municipalities = [
        MunicipalityFactory(organisation=organisation, name=f"Gemeente {n}", cbs_code=f"09{n:02}")
        for n in range(count)
    ]
    for municipality in municipalities:
        for month in MONTHS:
            ReportRun.objects.create(municipality=municipality, month=month, status="klaar",
                                     requested_at=timezone.now(), data_date=TODAY,
                                     figures={"stand_begin": 5, "instroom": 1, "uitstroom": 0,
                                              "stand_eind": 6, "herinstroom": 0,
                                              "uitstroom_per_groep": {}})  # fmt: skip
    client.force_login(
        UserFactory(organisation=organisation, roles=[MANAGER], scope=municipalities)
    )
    # Session, user, their groups and permissions (2: which start page), municipalities, and
    # the stored figures of every municipality and month in one.
    with django_assert_max_num_queries(7):
        html = page(client.get("/"))
    assert html.count('data-finality="voorlopig"') == count


def test_a_consulent_starts_on_vandaag_and_a_beheerder_on_the_municipalities(
    client, consulent, beheerder
):
    client.force_login(consulent)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("deadlines:today")
    client.force_login(beheerder)
    html = page(client.get("/"))
    assert "Uw gemeenten" in html
    assert "Overzicht teamleider" not in html


@pytest.fixture
def teamleider(organisation, wassenaar, voorschoten):
    return UserFactory(
        username="teamleider", organisation=organisation, roles=[MANAGER, CONSULENT],
        scope=[wassenaar, voorschoten], first_name="Tess", last_name="Teamleider",
    )  # fmt: skip


def team_row(html: str, user) -> list[str]:
    name = user.get_full_name()
    row = html.split('id="team"')[1].split(f"{name}</th>")[1].split("</tr>")[0]
    return [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_the_teamleider_sees_the_team_with_caseloads_and_signals(
    client, teamleider, organisation, consulent, consulent_voorschoten, wassenaar, voorschoten, lv
):
    consulent.first_name, consulent.last_name = "Wim", "Wassenaar"
    consulent.save()
    for _ in range(3):
        assessed(wassenaar, consulent, days_ago=300)
    ClientFactory(municipality=wassenaar, consulent=consulent)  # no benefit: no signals
    assessed(voorschoten, consulent_voorschoten, days_ago=300)
    outside = UserFactory(organisation=organisation, roles=[CONSULENT], scope=[lv],
                          last_name="Buitenteam")  # fmt: skip
    assessed(lv, outside)
    stranger = UserFactory(organisation=OrganisationFactory(), roles=[CONSULENT],
                           last_name="Vreemde")  # fmt: skip
    client.force_login(teamleider)
    html = page(client.get("/"))
    assert "Overzicht teamleider" in html
    counts = counts_by_consulent(Client.objects.filter(consulent=consulent), clock.today())
    signals = sum(counts.values())
    assert signals >= 3
    size = Client.objects.filter(consulent=consulent).count()
    assert team_row(html, consulent)[:3] == ["Wassenaar", str(size), str(signals)]
    assert team_row(html, consulent_voorschoten)[1] == "1"
    assert "Buitenteam" not in html
    assert "Vreemde" not in html
    assert f"?gemeente={wassenaar.pk}&amp;van={consulent.pk}" in html  # hand over
    assert reverse("deadlines:today") in html.split('id="goedkeuring"')[0]  # their own Vandaag
    assert stranger.pk  # made, and not shown


def test_the_teamleider_sees_what_waits_for_approval_and_how_long(
    client, teamleider, consulent, wassenaar, organisation
):
    person = ClientFactory(municipality=wassenaar, consulent=consulent, last_name="Wachtend")
    waiting = ApprovalRequest.objects.create(client=person, kind="eenheid", effective=TODAY,
                                             payload={}, summary="Van 1C naar 3A",
                                             requested_by=consulent)  # fmt: skip
    ApprovalRequest.objects.filter(pk=waiting.pk).update(
        requested_at=timezone.now() - timedelta(days=4, hours=1)
    )
    own = ApprovalRequest.objects.create(client=person, kind="art9a", effective=TODAY, payload={},
                                         summary="Ontheffing", requested_by=teamleider)  # fmt: skip
    elsewhere = MunicipalityFactory(organisation=OrganisationFactory(), cbs_code="0998")
    hidden = ClientFactory(municipality=elsewhere, last_name="Verborgen")
    ApprovalRequest.objects.create(client=hidden, kind="eenheid", effective=TODAY, payload={},
                                   summary="Elders", requested_by=consulent)  # fmt: skip
    client.force_login(teamleider)
    html = page(client.get("/"))
    part = html.split('id="goedkeuring"')[1].split("</section>")[0]
    assert "2 verzoeken wachten op goedkeuring, het oudste sinds 4 dagen" in text(part)
    assert "4 dagen" in part
    assert "Van 1C naar 3A" in part
    assert reverse("approvals:request_decide", args=[waiting.pk]) in part
    assert reverse("approvals:request_decide", args=[own.pk]) not in part
    assert "Uw eigen verzoek" in part
    assert "Verborgen" not in html
    assert AccessLog.objects.filter(
        client=person, detail__startswith="Startpagina teamleider"
    ).exists()


@pytest.mark.parametrize("size", [1, 5, TEAM_LIMIT + 2])
def test_the_teamleiders_page_costs_the_same_for_any_team(
    client, teamleider, organisation, wassenaar, django_assert_max_num_queries, size
):
    for _ in range(size):
        person = UserFactory(organisation=organisation, roles=[CONSULENT], scope=[wassenaar])
        client_ = assessed(wassenaar, person)
        ApprovalRequest.objects.create(client=client_, kind="eenheid", effective=TODAY,
                                       payload={}, summary="x", requested_by=person)  # fmt: skip
    client.force_login(teamleider)
    # Session, user, permissions (2), municipalities, consulenten, their municipalities,
    # caseload sizes, the signals' scope and kinds (2), waiting count, the requests, the log.
    with django_assert_max_num_queries(14):
        html = page(client.get("/"))
    # "Gebruiker n" sorts before "Teamleider": the first ten by name, the rest one click on.
    assert html.count("Overdragen<") == min(size, TEAM_LIMIT)
    assert ("De eerste 10 op naam" in html) == (size + 1 > TEAM_LIMIT)


def test_a_manager_is_not_a_teamleider(client, manager):
    client.force_login(manager)
    html = page(client.get("/"))
    assert "Overzicht teamleider" not in html
    assert 'id="gemeente-' in html
