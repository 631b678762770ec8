"""Issue 20: the change history in words and names, not ids; related rows named only within
the user's organisation and scope, read once per model."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.models import ApprovalRequest
from budgets.models import BudgetLine
from budgets.tests.conftest import make_key, make_year
from clients.models import Client, ContactKind
from clients.services import add_note
from tests.factories import ClientFactory, MunicipalityFactory, OrganisationFactory
from trajectories.models import Trajectory
from trajectories.tests.helpers import kind, plan, provider

pytestmark = pytest.mark.django_db

LINE = "ten laste van begrotingsregel"


def _history(browser, person) -> str:
    response = browser.get(reverse("history:client_history", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _row(html: str, name: str) -> str:
    """The first row of the changes table for the field `name`: "name | was | werd"."""
    cells = html.split(f"<tr><td>{name}</td>", 1)[1].split("</tr>", 1)[0]
    return " | ".join([name, *(part.split("</td>")[0] for part in cells.split("<td>")[1:])])


@pytest.fixture
def budget_line(organisation, lv, wassenaar, voorschoten):
    key = make_key(organisation, [(lv, "74"), (wassenaar, "14"), (voorschoten, "12")])
    year = make_year(organisation, key, 2025, [("Participatietrajecten", "incidenteel", "5000")])
    return year.lines.get()


def test_a_trajectory_reads_as_names_labels_dates_and_money(
    consulent_client, consulent, wassenaar, budget_line
):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    plan(
        person,
        "jobcoach",
        date(2025, 2, 3),
        date(2025, 8, 1),
        consulent,
        cost=Decimal("1200"),
        budget_line=budget_line,
    )
    html = _history(consulent_client, person)
    assert _row(html, "soort") == f"soort | — | {kind('jobcoach').name}"
    assert _row(html, "aanbieder") == f"aanbieder | — | {provider().name}"
    assert _row(html, LINE) == f"{LINE} | — | Participatietrajecten (2025)"
    assert _row(html, "kosten (euro)") == "kosten (euro) | — | € 1.200,00"
    assert _row(html, "geplande start") == "geplande start | — | 03-02-2025"
    assert _row(html, "status") == "status | — | Aangevraagd"
    assert _row(html, "gemeente") == "gemeente | — | Wassenaar"
    # The trajectory's own link to this client is no news on this client's history.
    assert "<tr><td>cliënt</td>" not in html


def test_a_change_of_the_client_reads_as_ja_nee_labels_and_the_consulents_name(
    consulent_client, consulent, wassenaar
):
    consulent.first_name, consulent.last_name = "Carla", "Consulent"
    consulent.save()
    person = ClientFactory(municipality=wassenaar, statushouder=False, household="alleenstaand")
    Client.objects.filter(pk=person.pk).update(
        statushouder=True, household="gehuwd_samenwonend", consulent=consulent
    )
    add_note(
        client=person, on=date(2025, 3, 4), kind=ContactKind.PHONE, text="Gebeld", by=consulent
    )
    html = _history(consulent_client, person)
    assert _row(html, "soort contact") == "soort contact | — | Telefoon"
    assert _row(html, "auteur") == "auteur | — | Carla Consulent"
    assert _row(html, "datum") == "datum | — | 04-03-2025"
    assert _row(html, "statushouder") == "statushouder | nee | ja"
    household = Client._meta.get_field("household")
    labels = dict(household.flatchoices)
    assert _row(html, str(household.verbose_name)) == (
        f"{household.verbose_name} | {labels['alleenstaand']} | {labels['gehuwd_samenwonend']}"
    )
    assert _row(html, "consulent") == "consulent | — | Carla Consulent"
    assert _row(html, "geboortedatum") == "geboortedatum | — | 17-05-1985"


def test_a_row_of_another_organisation_is_not_named(consulent_client, consulent, wassenaar):
    """A trajectory that (by a bad import, say) points at another organisation's budget line:
    the history does not reveal that line's name."""
    other = OrganisationFactory(name="Andere organisatie")
    elsewhere = MunicipalityFactory(organisation=other, name="Elders", cbs_code="0999")
    key = make_key(other, [(elsewhere, "100")], name="Elders")
    year = make_year(other, key, 2025, [("Geheime regel", "incidenteel", "10")])
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    trajectory = plan(person, "jobcoach", date(2025, 2, 3), date(2025, 8, 1), consulent)
    Trajectory.objects.filter(pk=trajectory.pk).update(budget_line=year.lines.get())
    html = _history(consulent_client, person)
    assert "Geheime regel" not in html
    assert _row(html, LINE) == f"{LINE} | — | niet beschikbaar"


def _queries(browser, person) -> int:
    with CaptureQueriesContext(connection) as captured:
        _history(browser, person)
    return len(captured)


def test_the_history_costs_the_same_queries_for_one_change_or_many(
    consulent_client, consulent, wassenaar, budget_line
):
    few = ClientFactory(municipality=wassenaar, consulent=consulent)
    plan(few, "jobcoach", date(2025, 2, 3), date(2025, 8, 1), consulent, budget_line=budget_line)
    many = ClientFactory(municipality=wassenaar, consulent=consulent)
    for number in range(12):
        start = date(2020, 1, 6) + (date(2020, 3, 2) - date(2020, 1, 6)) * number
        code = ["jobcoach", "scholing", "map"][number % 3]
        trajectory = plan(many, code, start, start, consulent, budget_line=budget_line)
        Trajectory.objects.filter(pk=trajectory.pk).update(cost=Decimal(number))
        add_note(client=many, on=start, kind=ContactKind.PHONE, text=f"{number}", by=consulent)
        Client.objects.filter(pk=many.pk).update(statushouder=number % 2 == 0)
    _queries(consulent_client, few)  # warm up the session and content types
    assert _queries(consulent_client, many) == _queries(consulent_client, few)
    assert BudgetLine.objects.count() == 1


def test_a_decision_reads_as_its_summary_not_its_payload_of_ids(
    consulent_client, consulent, wassenaar
):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    ApprovalRequest.objects.create(
        client=person,
        kind=ApprovalRequest._meta.get_field("kind").choices[0][0],
        effective=date(2025, 4, 1),
        payload={"category": 987654},
        summary="Van categorie 1B naar 2A",
        requested_by=consulent,
    )
    html = _history(consulent_client, person)
    assert _row(html, "omschrijving") == "omschrijving | — | Van categorie 1B naar 2A"
    assert _row(html, "gaat in op") == "gaat in op | — | 01-04-2025"
    assert "987654" not in html
