"""On demo data, a consulent opens Vandaag, does the work behind one signal of every kind
through the pages the signal links to, and sees that signal go (the issue's "done when")."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from categorisation.models import Category
from clients.models import Client
from deadlines import clock
from deadlines.queries import KINDS, signal_groups
from deadlines.registry import get_kind
from organisations.models import User
from plans.models import Action, Plan
from trajectories.models import PremiumPayment, Provider, Trajectory, TrajectoryType

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _count(http, code: str) -> int:
    """The count Vandaag shows for a kind (0 when the kind is not on the page)."""
    html = http.get(reverse("deadlines:today")).content.decode()
    found = re.search(rf'id="soort-{code}">[^<]*<span class="badge [^"]*">(\d+)</span>', html)
    return int(found.group(1)) if found else 0


def _post(http, url: str, data: dict) -> None:
    response = http.post(url, data)
    assert response.status_code == 302, (url, response.content.decode()[:3000])


def _note(http, signal, kind="gesprek"):
    url = reverse("clients:contactnote_create", args=[signal.client_id])
    assert signal.url.startswith(url) or kind == "brief"
    _post(http, url, {"date": TODAY.isoformat(), "kind": kind, "text": "Gesproken"})


def _end(http, signal):
    trajectory = Trajectory.objects.get(pk=signal.object_id)
    on = min(TODAY, trajectory.planned_end)
    _post(
        http,
        reverse("trajectories:trajectory_end", args=[trajectory.pk]),
        {"on": on.isoformat(), "outcome": "vervolgtraject", "version": trajectory.version},
    )


def _assess(http, signal):
    # The same category again: a change of unit would wait for a teamleider (vier-ogen).
    category = Category.objects.get(organisation__isnull=True, code=signal.info)
    months = category.months_up_to or (category.months_above or 0) + 1
    _post(
        http,
        signal.url,
        {
            "date": TODAY.isoformat(),
            "category": category.pk,
            "estimated_months": months,
            "reason": "-",
        },
    )


def _plan(http, signal):
    response = http.post(reverse("plans:plan_create", args=[signal.client_id]), {})
    plan = Plan.objects.get(client_id=signal.client_id, status=Plan.Status.CONCEPT)
    assert response.status_code == 302
    _post(http, reverse("plans:goal_create", args=[plan.pk]), {"text": "Werk vinden"})
    due = (TODAY + timedelta(days=60)).isoformat()
    _post(
        http,
        reverse("plans:action_create", args=[plan.pk]),
        {"description": "Solliciteren", "owner": "client", "due_date": due},
    )
    _post(http, reverse("plans:plan_finalise", args=[plan.pk]), {"valid_from": TODAY.isoformat()})


def _action(http, signal):
    action = Action.objects.filter(
        plan_id=signal.object_id, description=signal.info, done_on=None
    ).first()
    _post(
        http,
        reverse("plans:action_done", args=[signal.object_id, action.pk]),
        {"done_on": TODAY.isoformat()},
    )


def _taaleis(http, signal):
    client = Client.objects.get(pk=signal.client_id)
    data = {
        "bsn": client.bsn,
        "first_names": client.first_names,
        "prefix": client.prefix,
        "last_name": client.last_name,
        "date_of_birth": client.date_of_birth.isoformat(),
        "municipality": client.municipality_id,
        "household": client.household,
        "youngest_child_birth_date": (
            client.youngest_child_birth_date.isoformat() if client.youngest_child_birth_date else ""
        ),
        "language_level": "1f",
        "taaleis_status": "voldaan",
        "taaleis_test_date": TODAY.isoformat(),
        "version": client.version,
    }
    _post(http, signal.url, data)


def _ontheffing(http, signal):
    follows = (signal.due + timedelta(days=1)).isoformat()
    _post(
        http,
        reverse("clients:ontheffing_create", args=[signal.client_id]),
        {"reason": "medisch", "start": follows, "end": "", "remark": "Verlengd"},
    )


def _premium(http, signal):
    _post(http, reverse("trajectories:premium_record", args=[signal.object_id]), {})
    payment = PremiumPayment.objects.get(trajectory_id=signal.object_id, due_date=signal.due)
    _post(
        http,
        reverse("trajectories:premium_pay", args=[signal.object_id, payment.pk]),
        {"paid_on": TODAY.isoformat()},
    )


def _training(http, signal):
    client = Client.objects.get(pk=signal.client_id)
    _post(
        http,
        signal.url,
        {
            "kind": TrajectoryType.objects.get(code="scholing").pk,
            "provider": Provider.objects.get(name="Re-integratiebedrijf").pk,
            "municipality": client.municipality_id,
            "planned_start": TODAY.isoformat(),
            "planned_end": (TODAY + timedelta(days=90)).isoformat(),
            "cost": "500",
        },
    )


def _new_appointment(http, signal):
    from agenda.models import AppointmentKind

    _post(
        http,
        signal.url,
        {
            "kind": AppointmentKind.objects.get(code="voortgangsgesprek").pk,
            "date": (TODAY + timedelta(days=20)).isoformat(),
            "start": "16:00",
            "end": "16:30",
            "place": "telefonisch",
        },
    )


def _reject(http, signal):
    """A teamleider decides (here: rejects, so nothing else changes on the file)."""
    from approvals.models import ApprovalRequest
    from approvals.services import reject_request

    (request,) = ApprovalRequest.objects.waiting().filter(client_id=signal.client_id)[:1]
    reject_request(
        request=request, reason="Eerst gesprek", by=User.objects.get(username="teamleider")
    )


def _hear(http, signal):
    _post(http, signal.url, {"step": "horen", "on": TODAY.isoformat(), "statement": "Ziek"})


def _waive(http, signal):
    _post(
        http,
        signal.url,
        {"step": "afzien", "waiver": "geen_verwijtbaarheid", "explanation": "Ziek"},
    )


WORK = {
    # First: a contact note for the same client (the other kinds' work) would resolve it too.
    "niet_verschenen": _new_appointment,
    "goedkeuring": _reject,
    "maatregel_horen": _hear,
    "maatregel_besluit": _waive,
    "herbeoordeling": _assess,
    "plan": _plan,
    "actie": _action,
    "contact": _note,
    "taaltoets": _taaleis,
    "taaleis_mededeling": lambda http, signal: _note(http, signal, kind="brief"),
    "ontheffing_einde": _ontheffing,
    "art9a": _note,
    "zoektermijn": _note,
    "traject_einde": _end,
    "maximale_duur": _end,
    "evaluatie": _note,
    "premie": _premium,
    "scholing": _training,
}


def test_a_consulent_resolves_one_signal_of_every_kind_and_sees_it_go(client):
    call_command("seed_demo", clients=300, seed=2026, stdout=io.StringIO())
    assert set(WORK) == {kind.code for kind in KINDS}
    user = User.objects.get(username="consulent.wassenaar")
    client.force_login(user)
    assert client.get("/")["Location"] == reverse("deadlines:today")
    mine = Client.objects.for_user(user).filter(consulent=user)
    for code, work in WORK.items():
        before = _count(client, code)
        (group,) = signal_groups(mine, clock.today(), only=get_kind(code), limit=500)
        # One the consulent can do today (a premium is paid from its due date on).
        signal = next(s for s in group.signals if code != "premie" or s.due <= TODAY)
        assert client.get(signal.url).status_code == 200, code
        work(client, signal)
        after = _count(client, code)
        assert after < before, (code, before, after)
        left = signal_groups(mine, clock.today(), only=get_kind(code), limit=500)
        keys = {(s.client_id, s.object_id, s.due) for g in left for s in g.signals}
        assert (signal.client_id, signal.object_id, signal.due) not in keys, code
