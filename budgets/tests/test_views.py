"""The managers' budget pages: the plan's table, scoped to the manager's municipalities, in
euros and in thousands, the realisation, and an XLSX with the same figures."""

import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from budgets.demo import POLICY_PLAN_KEY
from budgets.tests.conftest import LINES_2024, make_key, make_year
from organisations.roles import MANAGER
from tests.factories import ClientFactory, OrganisationFactory, UserFactory
from trajectories.models import Trajectory
from trajectories.tests.helpers import kind, provider

pytestmark = pytest.mark.django_db


def cells(html: str) -> list[list[str]]:
    """The table rows of a page as lists of cell texts."""
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S):
        texts = [re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]  # fmt: skip
        rows.append(texts)
    return rows


def test_a_manager_sees_the_plans_split_to_the_cent_and_in_thousands(client, manager, year_2024):
    client.force_login(manager)
    html = client.get("/begroting/2024/").content.decode()
    assert ["Totale lasten", "487.000,00", "360.380,00", "68.180,00", "58.440,00"] in cells(html)
    assert ["Subtotaal structureel", "247.000,00", "182.780,00", "34.580,00", "29.640,00"] in cells(html)  # fmt: skip

    # Exactly 74/14/12 in thousands, each row by largest remainder to its rounded total.
    html = client.get("/begroting/2024/?weergave=duizenden").content.decode()
    assert ["Totale lasten", "487", "360", "68", "59"] in cells(html)
    assert ["Subtotaal structureel", "247", "183", "34", "30"] in cells(html)
    assert "grootste-restmethode" in html
    assert "onafgeronde sleutel 74% / 14% / 12%" in html


@pytest.fixture
def plan_year(organisation, lv, wassenaar, voorschoten):
    """2024 and 2026 with the demo's unrounded key."""
    by_name = {m.name: m for m in (lv, wassenaar, voorschoten)}
    key = make_key(organisation, [(by_name[n], str(p)) for n, p in POLICY_PLAN_KEY.items()], "Plan")
    make_year(organisation, key, 2026, LINES_2024[:3])
    return make_year(organisation, key, 2024, LINES_2024)


def test_the_demo_key_gives_the_plans_council_table_and_every_column_adds_up(
    client, manager, plan_year
):
    client.force_login(manager)
    html = client.get("/begroting/2024/?weergave=duizenden").content.decode()
    rows = {
        row[0]: [int(c.replace(".", "")) for c in row[-4:]]
        for row in cells(html)
        if len(row) >= 5 and row[-1].replace(".", "").isdigit()
    }
    assert len(rows) == 8  # five lines, two subtotals, the total
    assert rows["Totale lasten"] == [487, 361, 68, 58]
    assert rows["Subtotaal structureel"] == [247, 183, 34, 30]
    for total, *parts in rows.values():
        assert sum(parts) == total
    assert "(74%)" in html
    assert "onafgeronde sleutel 74,1% / 13,9% / 12%" in html

    html = client.get("/begroting/2026/?weergave=duizenden").content.decode()
    assert ["Totale lasten", "247", "183", "34", "30"] in cells(html)

    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/begroting/2024/download/").content))
    sheet = list(workbook["Begroting in duizenden"].values)
    assert sheet[0][-3:] == ("Leidschendam-Voorburg (74%)", "Wassenaar (14%)", "Voorschoten (12%)")
    assert sheet[-2][4:] == (487, 361, 68, 58)
    assert "74,1% / 13,9% / 12%" in sheet[-1][0]
    # In euros, to the cent by the unrounded key; the header names it unrounded.
    euros = list(workbook["Begroting"].values)
    assert euros[-1][4:] == (Decimal("487000.00"), Decimal("360867.00"), Decimal("67693.00"), Decimal("58440.00"))  # fmt: skip
    assert "Leidschendam-Voorburg (74.1%)" in euros[0]


def test_a_wassenaar_manager_sees_the_same_thousands_as_the_organisation(
    client, organisation, wassenaar, plan_year
):
    manager = UserFactory(organisation=organisation, roles=[MANAGER], scope=[wassenaar])
    client.force_login(manager)
    html = client.get("/begroting/2024/?weergave=duizenden").content.decode()
    assert ["Totale lasten", "68"] in cells(html)
    assert ["Subtotaal structureel", "34"] in cells(html)


def test_a_wassenaar_manager_sees_wassenaars_share_only(client, organisation, wassenaar, year_2024):
    manager = UserFactory(organisation=organisation, roles=[MANAGER], scope=[wassenaar])
    client.force_login(manager)

    html = client.get("/begroting/2024/").content.decode()

    assert ["Totale lasten", "68.180,00"] in cells(html)
    assert "360.380,00" not in html
    assert "58.440,00" not in html
    assert "487.000,00" not in html
    assert "Voorschoten" not in html
    assert "Leidschendam" not in html.split("<main", 1)[1]
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/begroting/2024/download/").content))
    values = {
        Decimal(str(v)) for sheet in workbook for row in sheet.values for v in row
        if isinstance(v, int | float)
    }  # fmt: skip
    assert Decimal(68180) in values
    assert not values & {Decimal(360380), Decimal(58440), Decimal(487000)}


def test_budgets_are_for_managers_of_the_organisation(client, consulent, manager, year_2024):
    client.force_login(consulent)
    assert client.get("/begroting/2024/").status_code == 404
    other = OrganisationFactory(name="ISD Bollenstreek")
    outsider = UserFactory(organisation=other, roles=[MANAGER])
    client.force_login(outsider)
    assert client.get("/begroting/2024/").status_code == 404
    assert client.get("/begroting/2024/download/").status_code == 404
    client.force_login(manager)
    assert client.get("/begroting/2023/").status_code == 404


def test_the_xlsx_holds_the_figures_of_the_pages(
    client, manager, consulent, wassenaar, year_2024, django_assert_max_num_queries
):
    line = year_2024.lines.get(name="Participatietrajecten")
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    Trajectory.objects.create(
        client=person, type=kind("scholing"), provider=provider(), municipality=wassenaar, consulent=consulent,
        planned_start=date(2024, 3, 1), planned_end=date(2024, 4, 30), actual_start=date(2024, 3, 1),
        actual_end=date(2024, 4, 30), status="afgerond", outcome="opleiding",
        cost=Decimal("6720.00"), budget_line=line,
    )  # fmt: skip
    client.force_login(manager)
    budget_html = client.get("/begroting/2024/").content.decode()
    with django_assert_max_num_queries(12):
        realisation_html = client.get("/begroting/2024/realisatie/").content.decode()
    response = client.get("/begroting/2024/download/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))

    def dutch(value) -> str:
        return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")

    page_rows = {row[0]: row[1:] for row in cells(budget_html) if row}
    sheet_rows = list(workbook["Begroting"].values)
    assert len(sheet_rows) == 1 + 5 + 2 + 1  # header, lines, subtotals, total
    for name, _kind, _pot, _purpose, *amounts in sheet_rows[1:]:
        assert [dutch(a) for a in amounts] == page_rows[name][-4:]
    # Realisation: Wassenaar's Participatietrajecten is 6,720.00 spent of 7,000.00: a warning.
    assert "6.720,00" in realisation_html
    assert "96,0%" in realisation_html
    assert "let op" in realisation_html
    rows = {(r[0], r[1]): r[2:] for r in list(workbook["Realisatie"].values)[1:]}
    assert rows["Wassenaar", "Participatietrajecten"] == (
        Decimal("7000.00"), Decimal("6720.00"), Decimal("0.00"), Decimal("280.00"),
        Decimal("6720.00"), 96.0,
    )  # fmt: skip
    thousands = list(workbook["Begroting in duizenden"].values)
    assert thousands[-2][4:] == (487, 360, 68, 59)


def test_query_count_does_not_grow_with_lines(client, manager, organisation, policy_key, django_assert_max_num_queries):  # fmt: skip
    make_year(organisation, policy_key, 2030, [(f"Regel {i}", "structureel", "1000") for i in range(40)])  # fmt: skip
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        assert client.get("/begroting/2030/realisatie/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/begroting/2030/").status_code == 200


def test_a_key_of_another_organisation_is_refused_for_a_year(organisation, lv):
    from django.core.exceptions import ValidationError

    from budgets.models import BudgetYear

    key = make_key(OrganisationFactory(), [], name="vreemd")
    with pytest.raises(ValidationError, match="andere organisatie"):
        BudgetYear(organisation=organisation, year=2024, key=key).full_clean()


def test_a_consulent_charges_a_trajectory_to_a_line_of_their_own_organisation(
    client, consulent, wassenaar, year_2024
):
    line = year_2024.lines.get(name="Participatietrajecten")
    foreign = make_year(
        OrganisationFactory(), make_key(OrganisationFactory(), [], name="x"), 2024,
        [("Vreemd", "structureel", "10")],
    ).lines.get()  # fmt: skip
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    client.force_login(consulent)
    form = {
        "kind": kind("jobcoach").pk,
        "provider": provider().pk,
        "municipality": wassenaar.pk,
        "planned_start": "2024-03-01",
        "planned_end": "2024-06-30",
        "cost": "1200.00",
        "budget_line": foreign.pk,
    }
    url = f"/trajecten/clienten/{person.pk}/nieuw/"
    response = client.post(url, form)
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Trajectory.objects.exists()

    form["budget_line"] = line.pk
    assert client.post(url, form).status_code == 302
    assert Trajectory.objects.get().budget_line == line
