"""Vier-ogen (issue 19): a decision that needs approval is held ter goedkeuring and does not take
effect; a teamleider other than the requester approves (it applies as of the requested date, in
one transaction) or rejects it with a reason; an organisation's rules decide what needs it."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from approvals import services
from approvals.models import ApprovalRequest, ApprovalRule, DecisionKind
from categorisation.models import Assessment, Category
from categorisation.services import assess_client, submit_assessment
from clients.models import AccessLog
from organisations.roles import CONSULENT, MANAGER
from tests.factories import ClientFactory, UserFactory
from trajectories.services import extend_trajectory, request_extension
from trajectories.tests.helpers import run

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def category(code: str) -> Category:
    return Category.objects.get(organisation__isnull=True, code=code)


@pytest.fixture
def teamleider(organisation, wassenaar):
    return UserFactory(
        username="tl.a", organisation=organisation, roles=[CONSULENT, MANAGER], scope=[wassenaar]
    )


@pytest.fixture
def other_teamleider(organisation, wassenaar):
    return UserFactory(
        username="tl.b", organisation=organisation, roles=[CONSULENT, MANAGER], scope=[wassenaar]
    )


@pytest.fixture
def person(wassenaar, teamleider):
    client = ClientFactory(municipality=wassenaar, consulent=teamleider)
    assess_client(client=client, day=TODAY - timedelta(days=100), category=category("1C"),
                  estimated_months=20, reason="", by=teamleider)  # fmt: skip
    return client


def in_force(client, day):
    return Assessment.objects.filter(client=client).on(day).get().category.code


def request_unit_change(client, by, day=TODAY - timedelta(days=10)):
    return submit_assessment(client=client, day=day, category=category("3A"),
                             estimated_months=60, reason="Langdurig ziek", by=by)  # fmt: skip


def test_a_unit_change_is_held_and_does_not_take_effect(person, teamleider):
    assert request_unit_change(person, teamleider) is None
    request = ApprovalRequest.objects.get()
    assert (request.kind, request.status) == (DecisionKind.UNIT_CHANGE, "ter_goedkeuring")
    assert "Van 1C" in request.summary
    assert "naar 3A" in request.summary
    assert in_force(person, TODAY) == "1C"


def test_a_change_within_a_unit_takes_effect_at_once(person, teamleider):
    assessment = submit_assessment(client=person, day=TODAY, category=category("1B"),
                                   estimated_months=6, reason="", by=teamleider)  # fmt: skip
    assert assessment is not None
    assert in_force(person, TODAY) == "1B"
    assert not ApprovalRequest.objects.exists()


def test_another_teamleider_approves_and_it_applies_on_the_requested_date(
    person, teamleider, other_teamleider
):
    requested = TODAY - timedelta(days=10)
    request_unit_change(person, teamleider, day=requested)
    request = ApprovalRequest.objects.get()
    outcome = services.approve_request(request=request, reason="Akkoord", by=other_teamleider)
    assert "3A geldt vanaf" in outcome
    assert in_force(person, requested) == "3A"
    assert in_force(person, requested - timedelta(days=1)) == "1C"
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.decision_reason) == (
        "goedgekeurd", other_teamleider, "Akkoord"
    )  # fmt: skip
    assert AccessLog.objects.filter(client=person, detail__startswith="Goedgekeurd").exists()


def test_the_requester_cannot_approve_their_own_request(person, teamleider):
    request_unit_change(person, teamleider)
    with pytest.raises(ValidationError, match="eigen verzoek"):
        services.approve_request(request=ApprovalRequest.objects.get(), reason="Ok", by=teamleider)
    assert in_force(person, TODAY) == "1C"


def test_a_consulent_without_the_teamleider_role_cannot_decide(person, teamleider, consulent):
    request_unit_change(person, teamleider)
    with pytest.raises(PermissionDenied):
        services.approve_request(request=ApprovalRequest.objects.get(), reason="Ok", by=consulent)


def test_rejecting_needs_a_reason_and_changes_nothing(person, teamleider, other_teamleider):
    request_unit_change(person, teamleider)
    request = ApprovalRequest.objects.get()
    with pytest.raises(ValidationError):
        services.reject_request(request=request, reason=" ", by=other_teamleider)
    services.reject_request(request=request, reason="Eerst gesprek", by=other_teamleider)
    assert in_force(person, TODAY) == "1C"
    with pytest.raises(ValidationError, match="al besloten"):
        services.approve_request(request=request, reason="Toch", by=other_teamleider)


def test_an_organisation_without_the_rule_applies_at_once(person, teamleider, organisation):
    ApprovalRule.objects.create(organisation=organisation, kind="eenheid", required=False)
    assert request_unit_change(person, teamleider) is not None
    assert in_force(person, TODAY) == "3A"


def test_extending_beyond_the_maximum_needs_approval(wassenaar, teamleider, other_teamleider):
    client = ClientFactory(municipality=wassenaar)
    baan = run(client, "participatiebaan", date(2025, 1, 1), date(2026, 12, 31), teamleider)
    with pytest.raises(ValidationError, match="maximale duur"):
        extend_trajectory(trajectory=baan, by=teamleider)
    assert request_extension(trajectory=baan, by=teamleider) is None
    baan.refresh_from_db()
    assert (baan.extensions, baan.planned_end) == (0, date(2026, 12, 31))
    request = ApprovalRequest.objects.get(kind=DecisionKind.TRAJECTORY_EXTENSION)
    services.approve_request(request=request, reason="Goede voortgang", by=other_teamleider)
    baan.refresh_from_db()
    assert (baan.extensions, baan.planned_end) == (1, date(2027, 12, 31))


def test_the_teamleider_page_lists_waiting_requests_and_decides(
    client, person, teamleider, other_teamleider
):
    request_unit_change(person, teamleider)
    request = ApprovalRequest.objects.get()
    ApprovalRequest.objects.filter(pk=request.pk).update(
        requested_at=timezone.now() - timedelta(days=3)
    )
    client.force_login(other_teamleider)
    listing = client.get(reverse("approvals:request_list")).content.decode()
    assert "3 dagen" in listing
    assert str(person) in listing
    response = client.post(
        reverse("approvals:request_decide", args=[request.pk]),
        {"reason": "Akkoord", "decision": "goedkeuren"},
        follow=True,
    )
    assert "Goedgekeurd." in response.content.decode()
    assert in_force(person, TODAY) == "3A"


def test_the_requester_sees_no_decide_buttons_on_their_own_request(client, person, teamleider):
    request_unit_change(person, teamleider)
    client.force_login(teamleider)
    page = client.get(reverse("approvals:request_decide", args=[ApprovalRequest.objects.get().pk]))
    assert "uw eigen verzoek" in page.content.decode()


def test_pages_are_for_teamleiders_and_scoped(
    client, person, teamleider, consulent, organisation, voorschoten
):
    request_unit_change(person, teamleider)
    pk = ApprovalRequest.objects.get().pk
    client.force_login(consulent)
    assert client.get(reverse("approvals:request_list")).status_code == 403
    elsewhere = UserFactory(
        organisation=organisation, roles=[CONSULENT, MANAGER], scope=[voorschoten]
    )
    client.force_login(elsewhere)
    assert client.get(reverse("approvals:request_decide", args=[pk])).status_code == 404
    assert str(person) not in client.get(reverse("approvals:request_list")).content.decode()


def test_waiting_requests_are_a_signal_and_on_the_teamleiders_start_page(
    client, person, teamleider, other_teamleider
):
    from deadlines.queries import signal_groups
    from deadlines.registry import get_kind

    request_unit_change(person, teamleider)
    ApprovalRequest.objects.update(requested_at=timezone.now() - timedelta(days=4))
    (group,) = signal_groups(
        person.__class__.objects.filter(pk=person.pk), TODAY, only=get_kind("goedkeuring")
    )
    (signal,) = group.signals
    assert signal.overdue
    assert "Wacht 4 dagen op goedkeuring" in signal.kind.describe(signal)
    client.force_login(other_teamleider)
    page = client.get(reverse("deadlines:today")).content.decode()
    assert "1 verzoek wacht op goedkeuring" in page
    assert "het oudste sinds 4 dagen" in page
    services.reject_request(
        request=ApprovalRequest.objects.get(), reason="Nee", by=other_teamleider
    )
    assert not signal_groups(
        person.__class__.objects.filter(pk=person.pk), TODAY, only=get_kind("goedkeuring")
    )


def test_an_art_9a_ontheffing_waits_for_approval(wassenaar, teamleider, other_teamleider):
    from clients.models import Household, Ontheffing, OntheffingReason
    from clients.services import submit_ontheffing

    parent = ClientFactory(
        municipality=wassenaar,
        household=Household.SINGLE_PARENT,
        youngest_child_birth_date=TODAY - timedelta(days=400),
    )
    start, end = TODAY - timedelta(days=5), TODAY + timedelta(days=360)
    granted = submit_ontheffing(client=parent, reason=OntheffingReason.SINGLE_PARENT,
                                start=start, end=end, remark="", by=teamleider)  # fmt: skip
    assert granted is None
    assert not Ontheffing.objects.filter(client=parent).exists()
    request = ApprovalRequest.objects.get(kind=DecisionKind.ART_9A)
    services.approve_request(request=request, reason="Akkoord", by=other_teamleider)
    (ontheffing,) = Ontheffing.objects.filter(client=parent)
    assert ontheffing.start == start
    assert ontheffing.reason == OntheffingReason.SINGLE_PARENT


def test_an_impossible_art_9a_ontheffing_is_refused_before_it_is_held(wassenaar, teamleider):
    from clients.models import OntheffingReason
    from clients.services import submit_ontheffing

    nobody = ClientFactory(municipality=wassenaar)  # not a single parent
    with pytest.raises(ValidationError, match="alleenstaande ouder"):
        submit_ontheffing(client=nobody, reason=OntheffingReason.SINGLE_PARENT, start=TODAY,
                          end=None, remark="", by=teamleider)  # fmt: skip
    assert not ApprovalRequest.objects.exists()


def test_ending_a_participatiebaan_early_waits_for_approval(
    wassenaar, teamleider, other_teamleider
):
    from trajectories.services import request_end

    client = ClientFactory(municipality=wassenaar)
    start = TODAY - timedelta(days=200)
    baan = run(client, "participatiebaan", start, start + timedelta(days=600), teamleider)
    on = TODAY - timedelta(days=3)
    assert request_end(trajectory=baan, on=on, outcome="werk_voltijd", by=teamleider) is None
    baan.refresh_from_db()
    assert baan.status == "lopend"
    request = ApprovalRequest.objects.get(kind=DecisionKind.PARTICIPATIEBAAN_EARLY_END)
    services.approve_request(request=request, reason="Werk gevonden", by=other_teamleider)
    baan.refresh_from_db()
    assert (baan.status, baan.actual_end) == ("afgerond", on)
