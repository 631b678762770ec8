"""The screens: a participatiebaan from request to work in the browser, refusals on the form,
scoping, the lists, the managers' capacity page and a constant query count on the client file."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from approvals.models import ApprovalRule
from organisations.roles import CONSULENT
from tests.factories import ClientFactory, UserFactory
from trajectories.models import PremiumPayment, Status, Trajectory
from trajectories.premiums import record_due_premiums
from trajectories.tests.helpers import kind, plan, provider, run

pytestmark = [pytest.mark.django_db, pytest.mark.urls("trajectories.tests.urls")]

TODAY = timezone.localdate()


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_a_consulent_runs_a_participatiebaan_from_start_to_work(
    consulent_client, consulent, wassenaar
):
    client = ClientFactory(municipality=wassenaar, consulent=consulent)
    start = TODAY - timedelta(days=400)
    response = consulent_client.post(
        reverse("trajectories:trajectory_create", args=[client.pk]),
        {
            "kind": kind("participatiebaan").pk,
            "provider": provider("Eigen werkcoaches").pk,
            "municipality": wassenaar.pk,
            "planned_start": start.isoformat(),
            "planned_end": (start + timedelta(days=700)).isoformat(),
            "cost": "1250.50",
            "start_now": "on",
        },
        follow=True,
    )
    html = page(response)
    assert "Het traject Participatiebaan (art. 10a) is gestart." in html
    assert "Lopend" in html
    trajectory = Trajectory.objects.get(client=client)
    assert (trajectory.status, trajectory.cost) == (Status.RUNNING, Decimal("1250.50"))
    assert "2 nog vast te leggen" in html  # two half years completed

    # Ending early waits for a teamleider (vier-ogen, approvals' tests); here the organisation
    # lets the consulent decide that alone.
    ApprovalRule.objects.create(
        organisation=consulent.organisation, kind="participatiebaan_einde", required=False
    )
    response = consulent_client.post(
        reverse("trajectories:trajectory_end", args=[trajectory.pk]),
        {"on": TODAY.isoformat(), "outcome": "werk_voltijd", "version": trajectory.version},
        follow=True,
    )
    html = page(response)
    assert "Het traject is afgerond met resultaat werk voltijd." in html
    assert trajectory.premiums.count() == 2
    premium = trajectory.premiums.first()
    response = consulent_client.post(
        reverse("trajectories:premium_pay", args=[trajectory.pk, premium.pk]),
        {"paid_on": TODAY.isoformat()},
        follow=True,
    )
    assert "De betaling van de premie is vastgelegd." in page(response)
    html = page(consulent_client.get(reverse("clients:client_detail", args=[client.pk])))
    assert "Werk voltijd" in html
    assert "1 betaald, € 600,00 open" in html


def test_a_refusal_shows_its_message_on_the_form(consulent_client, consulent, wassenaar):
    young = ClientFactory(municipality=wassenaar, date_of_birth=TODAY.replace(year=TODAY.year - 20))
    response = consulent_client.post(
        reverse("trajectories:trajectory_create", args=[young.pk]),
        {
            "kind": kind("participatiebaan").pk,
            "provider": provider().pk,
            "municipality": wassenaar.pk,
            "planned_start": TODAY.isoformat(),
            "planned_end": (TODAY + timedelta(days=300)).isoformat(),
            "cost": "0",
        },
    )
    html = page(response)
    assert "niet mogelijk voor cliënten jonger dan 27 jaar" in html
    assert not Trajectory.objects.exists()


def test_start_now_refusal_lands_on_the_start_field(consulent_client, consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    run(client, "jobcoach", TODAY - timedelta(days=30), TODAY + timedelta(days=30), consulent)
    response = consulent_client.post(
        reverse("trajectories:trajectory_create", args=[client.pk]),
        {
            "kind": kind("jobcoach").pk,
            "provider": provider().pk,
            "municipality": wassenaar.pk,
            "planned_start": TODAY.isoformat(),
            "planned_end": (TODAY + timedelta(days=30)).isoformat(),
            "cost": "0",
            "start_now": "on",
        },
    )
    assert "heeft al een lopend traject Jobcoach" in page(response)
    assert Trajectory.objects.count() == 1  # the plan was rolled back with the refused start


def test_a_trajectory_of_another_municipality_is_a_404(
    consulent_client, consulent_voorschoten, voorschoten
):
    other = ClientFactory(municipality=voorschoten)
    trajectory = plan(other, "jobcoach", TODAY, TODAY + timedelta(days=30), consulent_voorschoten)
    for name in ("trajectory_detail", "trajectory_start", "trajectory_cancel", "trajectory_end"):
        assert (
            consulent_client.get(reverse(f"trajectories:{name}", args=[trajectory.pk])).status_code
            == 404
        )
    response = consulent_client.post(
        reverse("trajectories:trajectory_start", args=[trajectory.pk]), {"on": TODAY.isoformat()}
    )
    assert response.status_code == 404
    assert Trajectory.objects.get(pk=trajectory.pk).status == Status.REQUESTED
    assert (
        consulent_client.get(reverse("trajectories:trajectory_create", args=[other.pk])).status_code
        == 404
    )


def test_a_user_without_the_permission_cannot_start(client, organisation, wassenaar, consulent):
    viewer = UserFactory(organisation=organisation, scope=[wassenaar])
    client.force_login(viewer)
    trajectory = plan(ClientFactory(municipality=wassenaar), "jobcoach", TODAY, TODAY, consulent)
    response = client.post(
        reverse("trajectories:trajectory_start", args=[trajectory.pk]), {"on": TODAY.isoformat()}
    )
    assert response.status_code == 403


def test_my_running_trajectories_are_only_mine_and_running(
    consulent_client, consulent, organisation, wassenaar
):
    colleague = UserFactory(organisation=organisation, roles=[CONSULENT], scope=[wassenaar])
    mine = ClientFactory(municipality=wassenaar, last_name="Eigenaar")
    theirs = ClientFactory(municipality=wassenaar, last_name="Collega")
    run(mine, "jobcoach", TODAY - timedelta(days=10), TODAY + timedelta(days=90), consulent)
    plan(mine, "scholing", TODAY, TODAY + timedelta(days=90), consulent)
    run(theirs, "jobcoach", TODAY - timedelta(days=10), TODAY + timedelta(days=90), colleague)
    html = page(consulent_client.get(reverse("trajectories:trajectory_mine")))
    assert "1 lopend traject" in html
    assert "Eigenaar" in html
    assert "Collega" not in html


def test_a_providers_list_pages_and_stays_in_scope(
    consulent_client, consulent, consulent_voorschoten, wassenaar, voorschoten
):
    coach = provider("Eigen werkcoaches")
    for number in range(55):
        client = ClientFactory(municipality=wassenaar, last_name=f"Klant{number:02d}")
        run(client, "jobcoach", TODAY - timedelta(days=number), TODAY, consulent, provider=coach)
    hidden = ClientFactory(municipality=voorschoten, last_name="Buitenscope")
    run(hidden, "jobcoach", TODAY, TODAY, consulent_voorschoten, provider=coach)
    overview = page(consulent_client.get(reverse("trajectories:provider_list")))
    assert ">55<" in overview.replace(" ", "")
    url = reverse("trajectories:provider_trajectories", args=[coach.pk])
    first = page(consulent_client.get(url))
    assert "55 trajecten" in first
    assert "Pagina 1 van 2" in first
    assert "Klant00" in first
    second = page(consulent_client.get(url, {"status": "lopend", "pagina": 2}))
    assert "Klant54" in second
    assert "Buitenscope" not in first + second
    ended = page(consulent_client.get(url, {"status": "afgerond"}))
    assert "0 trajecten" in ended


def test_the_provider_list_is_a_fixed_number_of_queries(
    consulent_client, consulent, wassenaar, django_assert_max_num_queries
):
    for number in range(30):
        client = ClientFactory(municipality=wassenaar)
        run(client, "jobcoach", TODAY - timedelta(days=number), TODAY, consulent)
    url = reverse("trajectories:provider_trajectories", args=[provider().pk])
    with django_assert_max_num_queries(9):  # 8, and one INSERT for the access log
        page(consulent_client.get(url))


def test_managers_see_capacity_used_and_free(client, manager, consulent, wassenaar):
    rule = kind("participatiebaan").rule_on(TODAY)
    for _ in range(3):
        run(ClientFactory(municipality=wassenaar), "participatiebaan", TODAY, TODAY, consulent)
    client.force_login(manager)
    html = page(client.get(reverse("trajectories:capacity")))
    row = html.split("Participatiebaan (art. 10a)</th>\n      <td>Wassenaar</td>")[1].split(
        "</tr>"
    )[0]
    cells = [part.split("</td>")[0] for part in row.split('<td class="text-end">')[1:]]
    assert cells == [str(rule.yearly_capacity), "3", str(rule.yearly_capacity - 3)]
    assert "Re-integratiebedrijf: 3" in row


def test_capacity_is_for_managers_only(consulent_client):
    assert consulent_client.get(reverse("trajectories:capacity")).status_code == 404


def _file_queries(browser, client) -> int:
    with CaptureQueriesContext(connection) as queries:
        page(browser.get(reverse("clients:client_detail", args=[client.pk])))
    return len(queries)


def test_the_client_file_with_50_trajectories_costs_no_more_queries_than_with_1(
    consulent_client, consulent, wassenaar
):
    one = ClientFactory(municipality=wassenaar, consulent=consulent)
    many = ClientFactory(municipality=wassenaar, consulent=consulent)
    first = run(one, "participatiebaan", date(2023, 1, 2), date(2024, 12, 31), consulent)
    record_due_premiums(trajectory=first)
    baan = run(many, "participatiebaan", date(2023, 1, 2), date(2024, 12, 31), consulent)
    record_due_premiums(trajectory=baan)
    for number in range(49):
        code = ["jobcoach", "scholing", "map", "digivaardigheid"][number % 4]
        start = date(2020, 1, 1) + timedelta(days=number * 20)
        Trajectory.objects.create(
            client=many,
            type=kind(code),
            provider=provider(),
            municipality=wassenaar,
            consulent=consulent,
            planned_start=start,
            planned_end=start + timedelta(days=10),
        )
    _file_queries(consulent_client, one)  # warm up sessions, content types and the like
    assert _file_queries(consulent_client, many) == _file_queries(consulent_client, one)
    html = page(consulent_client.get(reverse("clients:client_detail", args=[many.pk])))
    assert html.count("trajecten/") >= 50
    assert PremiumPayment.objects.filter(trajectory=baan).count() == 4


def test_extend_withdraw_and_record_premiums_on_the_trajectory_page(
    consulent_client, consulent, wassenaar
):
    client = ClientFactory(municipality=wassenaar)
    baan = run(client, "participatiebaan", TODAY - timedelta(days=200), TODAY, consulent)
    detail = page(consulent_client.get(reverse("trajectories:trajectory_detail", args=[baan.pk])))
    assert "1 verschuldigde premie vastleggen" in detail
    response = consulent_client.post(
        reverse("trajectories:premium_record", args=[baan.pk]), follow=True
    )
    assert "1 premie vastgelegd als verschuldigd." in page(response)
    response = consulent_client.post(
        reverse("trajectories:trajectory_extend", args=[baan.pk]),
        {"version": baan.version},
        follow=True,
    )
    assert "Het traject is verlengd tot en met" in page(response)
    stale = consulent_client.post(
        reverse("trajectories:trajectory_extend", args=[baan.pk]), {"version": baan.version}
    )
    assert "gewijzigd nadat u het formulier opende" in page(stale)
    request = plan(client, "scholing", TODAY, TODAY + timedelta(days=60), consulent)
    response = consulent_client.post(
        reverse("trajectories:trajectory_cancel", args=[request.pk]),
        {"version": request.version},
        follow=True,
    )
    assert "De aanvraag is ingetrokken." in page(response)
    assert Trajectory.objects.get(pk=request.pk).status == Status.ABORTED


def test_manager_without_client_access_gets_no_trajectory_page(
    client, manager, consulent, wassenaar
):
    from datetime import date

    from tests.factories import ClientFactory
    from trajectories.tests.helpers import run

    person = ClientFactory(municipality=wassenaar, date_of_birth=date(1980, 1, 1))
    trajectory = run(person, "participatiebaan", date(2025, 1, 6), date(2026, 12, 31), consulent)
    client.force_login(manager)
    assert client.get(f"/trajecten/{trajectory.pk}/").status_code == 404


def test_viewing_a_trajectory_is_logged(consulent_client, consulent, wassenaar):
    from datetime import date

    from clients.models import AccessAction, AccessLog
    from tests.factories import ClientFactory
    from trajectories.tests.helpers import run

    person = ClientFactory(municipality=wassenaar, date_of_birth=date(1980, 1, 1))
    trajectory = run(person, "participatiebaan", date(2025, 1, 6), date(2026, 12, 31), consulent)
    assert consulent_client.get(f"/trajecten/{trajectory.pk}/").status_code == 200
    assert AccessLog.objects.filter(client=person, action=AccessAction.VIEW).count() == 1
