"""What trajectories add to the client screens (see clients.extensions)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from clients import extensions


def _file_section(request, client) -> dict:
    """The client's trajectories with their premiums: three queries, however many there are."""
    from trajectories.models import PremiumPayment, Trajectory
    from trajectories.premiums import schedule

    if not request.user.has_perm("trajectories.view_trajectory"):
        return {"hidden": True}
    try:
        reverse("trajectories:trajectory_mine")
    except NoReverseMatch:  # the app's URLs are not included in this project (yet)
        return {"hidden": True}
    trajectories = list(
        Trajectory.objects.filter(client=client)
        .select_related("type", "provider", "municipality")
        .prefetch_related(
            "type__rules",
            Prefetch("premiums", queryset=PremiumPayment.objects.order_by("due_date")),
        )
        .order_by("-planned_start", "-pk")
    )
    for trajectory in trajectories:
        recorded = trajectory.premiums.all()
        trajectory.premiums_due = sum(p.amount for p in recorded if not p.is_paid)
        trajectory.premiums_paid = sum(1 for p in recorded if p.is_paid)
        trajectory.premiums_pending = len(schedule(trajectory)) - len(recorded)
    return {
        "client": client,
        "trajectories": trajectories,
        "can_add": request.user.has_perm("trajectories.add_trajectory"),
        "can_change": request.user.has_perm("trajectories.change_trajectory"),
    }


def register() -> None:
    extensions.file_sections.append(
        extensions.FileSection("trajectories/client_section.html", _file_section, order=20)
    )
    extensions.benefit_end_steps.append(
        extensions.BenefitEndStep("close_trajectories", _close_field, _close_running)
    )


def _close_field(client):
    """Offered when ending a benefit while trajectories run: close them, with which outcome."""
    from django import forms

    from trajectories.models import Outcome, Status, Trajectory

    running = Trajectory.objects.filter(client=client, status=Status.RUNNING).count()
    if not running:
        return None
    return forms.ChoiceField(
        required=False,
        label=_("Lopende trajecten (%(n)s) afsluiten per de einddatum") % {"n": running},
        help_text=_(
            "Bij uitstroom naar werk: kies de uitkomst. Leeg laten: de trajecten lopen door."
        ),
        choices=[("", _("Niet afsluiten")), *Outcome.choices],
    )


def _close_running(*, client, end, reason, value, by) -> str:
    from trajectories.models import Status, Trajectory
    from trajectories.services import end_trajectory

    if not value:
        return ""
    running = list(Trajectory.objects.filter(client=client, status=Status.RUNNING))
    for trajectory in running:
        end_trajectory(trajectory=trajectory, on=end, outcome=value, by=by)
    return _("%(n)s lopend(e) traject(en) afgesloten.") % {"n": len(running)}
