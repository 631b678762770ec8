"""Distribution keys: refused unless one share per municipality of the organisation, none
negative, adding up to exactly 100% — in the service and in the admin where beheerders enter
them. A key derived from the caseload splits by running benefit periods."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budgets.models import BudgetLine, BudgetYear, DistributionKey
from budgets.services import check_shares, copy_budget_year, key_weights
from budgets.tables import budget_table
from tests.factories import (
    BenefitPeriodFactory,
    MunicipalityFactory,
    OrganisationFactory,
    end_reason,
)

pytestmark = pytest.mark.django_db


def refusal(organisation, shares) -> str:
    with pytest.raises(ValidationError) as error:
        check_shares(organisation=organisation, shares=[(m, Decimal(s)) for m, s in shares])
    return " ".join(error.value.messages)


def test_a_key_adding_up_to_100_is_accepted(organisation, lv, wassenaar, voorschoten):
    check_shares(
        organisation=organisation,
        shares=[(lv, Decimal("74")), (wassenaar, Decimal("14")), (voorschoten, Decimal("12"))],
    )


def test_a_key_of_99_99_is_refused_with_its_sum(organisation, lv, wassenaar, voorschoten):
    message = refusal(organisation, [(lv, "74"), (wassenaar, "13.99"), (voorschoten, "12")])
    assert "99,99%" in message
    assert "precies 100%" in message


def test_a_negative_share_is_refused(organisation, lv, wassenaar, voorschoten):
    message = refusal(organisation, [(lv, "90"), (wassenaar, "20"), (voorschoten, "-10")])
    assert "Voorschoten is negatief" in message


def test_a_municipality_twice_is_refused(organisation, lv, wassenaar):
    message = refusal(organisation, [(lv, "50"), (wassenaar, "25"), (wassenaar, "25")])
    assert "Wassenaar staat twee keer in de sleutel" in message


def test_a_municipality_of_another_organisation_is_refused(organisation, lv):
    elsewhere = MunicipalityFactory(organisation=OrganisationFactory(), name="Katwijk")
    message = refusal(organisation, [(lv, "60"), (elsewhere, "40")])
    assert "Katwijk hoort niet bij" in message


def test_the_admin_refuses_a_key_that_does_not_add_up_and_saves_nothing(
    client, beheerder, organisation, lv, wassenaar, voorschoten
):
    client.force_login(beheerder)
    data = {
        "organisation": organisation.pk,
        "name": "Nieuwe sleutel",
        "method": "vast",
        "reference_date": "",
        "shares-TOTAL_FORMS": "3",
        "shares-INITIAL_FORMS": "0",
        "shares-MIN_NUM_FORMS": "0",
        "shares-MAX_NUM_FORMS": "1000",
    }
    for index, (municipality, share) in enumerate(
        [(lv, "74"), (wassenaar, "14"), (voorschoten, "11.99")]
    ):
        data[f"shares-{index}-municipality"] = municipality.pk
        data[f"shares-{index}-percentage"] = share

    response = client.post("/admin/budgets/distributionkey/add/", data)

    assert response.status_code == 200
    assert "99,99%" in response.content.decode()
    assert not DistributionKey.objects.exists()

    data["shares-2-percentage"] = "12"
    response = client.post("/admin/budgets/distributionkey/add/", data)
    assert response.status_code == 302
    assert DistributionKey.objects.get().shares.count() == 3


def test_the_admin_asks_for_the_organisation_instead_of_failing(client, beheerder, lv):
    client.force_login(beheerder)
    response = client.post(
        "/admin/budgets/distributionkey/add/",
        {
            "organisation": "",
            "name": "Zonder organisatie",
            "method": "vast",
            "shares-TOTAL_FORMS": "1",
            "shares-INITIAL_FORMS": "0",
            "shares-MIN_NUM_FORMS": "0",
            "shares-MAX_NUM_FORMS": "1000",
            "shares-0-municipality": lv.pk,
            "shares-0-percentage": "100",
        },
    )
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()
    assert not DistributionKey.objects.exists()


def test_a_beheerder_enters_the_policy_plan_and_its_split_is_the_plans(
    client, beheerder, policy_key, organisation, lv, wassenaar, voorschoten
):
    client.force_login(beheerder)
    lines = [("Eén participatieconsulent", "structureel", "95000"),
             ("Twee participatieconsulenten", "incidenteel", "190000.00")]  # fmt: skip
    data = {
        "organisation": organisation.pk,
        "year": "2025",
        "key": policy_key.pk,
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for index, (name, kind, amount) in enumerate(lines):
        data |= {
            f"lines-{index}-name": name,
            f"lines-{index}-kind": kind,
            f"lines-{index}-pot": "participatie",
            f"lines-{index}-amount": amount,
            f"lines-{index}-sort_order": index,
        }

    assert client.post("/admin/budgets/budgetyear/add/", data).status_code == 302

    table = budget_table(
        budget_year=BudgetYear.objects.get(year=2025), scope={lv.pk, wassenaar.pk, voorschoten.pk}
    )
    assert [table.total.parts[m.pk] for m in (lv, wassenaar, voorschoten)] == [
        21_090_000,
        3_990_000,
        3_420_000,
    ]


def test_a_key_derived_from_the_caseload_splits_by_running_benefits(
    organisation, lv, wassenaar, voorschoten
):
    day = date(2026, 1, 1)
    for municipality, count in ((lv, 3), (wassenaar, 1)):
        for _ in range(count):
            BenefitPeriodFactory(municipality=municipality, start=date(2025, 6, 1))
    # Ended before the reference date: not counted.
    BenefitPeriodFactory(
        municipality=voorschoten,
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        end_reason=end_reason("11"),
    )
    key = DistributionKey.objects.create(
        organisation=organisation, name="caseload", method="caseload", reference_date=day
    )

    weights = key_weights(key)

    assert {m.name: w for m, w in weights.items()} == {
        "Leidschendam-Voorburg": 3,
        "Wassenaar": 1,
        "Voorschoten": 0,
    }
    year = BudgetYear.objects.create(organisation=organisation, year=2026, key=key)
    BudgetLine.objects.create(budget_year=year, name="x", kind="structureel", amount=100)
    table = budget_table(budget_year=year, scope={lv.pk, wassenaar.pk, voorschoten.pk})
    assert table.total.parts == {lv.pk: 7500, wassenaar.pk: 2500, voorschoten.pk: 0}


def test_a_derived_key_without_running_benefits_says_so(organisation, lv):
    key = DistributionKey.objects.create(
        organisation=organisation, name="leeg", method="caseload", reference_date=date(2026, 1, 1)
    )
    with pytest.raises(ValidationError, match="geen enkele uitkering"):
        key_weights(key)


def test_copying_a_year_takes_the_structural_lines(year_2024):
    copy = copy_budget_year(budget_year=year_2024)

    assert copy.year == 2025
    assert copy.key == year_2024.key
    assert sorted(copy.lines.values_list("name", "amount")) == [
        ("Eén participatieconsulent", Decimal("95000.00")),
        ("Keuringen en opleidingen", Decimal("32000.00")),
        ("Matchmakers en leerwerkmakelaar", Decimal("120000.00")),
    ]
    with pytest.raises(ValidationError, match="2025 bestaat al"):
        copy_budget_year(budget_year=year_2024)


def test_the_admin_action_copies_all_lines_when_asked(client, beheerder, year_2024):
    client.force_login(beheerder)
    response = client.post(
        "/admin/budgets/budgetyear/",
        {"action": "copy_all", "_selected_action": [year_2024.pk]},
        follow=True,
    )
    assert "1 begrotingsjaar gekopieerd" in response.content.decode()
    assert BudgetYear.objects.get(year=2025).lines.count() == 5
