"""What trajectories add to the client screens and to ending a benefit (see clients.extensions);
registered in TrajectoriesConfig.ready()."""

from __future__ import annotations

from django import forms
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from clients.extensions import (
    BenefitEnded,
    BenefitEndStep,
    FileSection,
    SummaryFact,
    TimelineEntry,
    TimelineSource,
)
from core.formatting import day
from trajectories.models import Outcome, PremiumPayment, Status, Trajectory
from trajectories.premiums import schedule
from trajectories.services import close_running_trajectories


def _file_section(request, client) -> dict:
    """The client's trajectories with their premiums: three queries, however many there are."""
    if not request.user.has_perm("trajectories.view_trajectory"):
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


def _close_field(client) -> forms.Field | None:
    """Offered when ending a benefit while trajectories run: close them, with which outcome."""
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


def _close_running(ended: BenefitEnded, outcome: str) -> str:
    closed = close_running_trajectories(
        client=ended.client, on=ended.end, outcome=outcome, reason=ended.reason, by=ended.by
    )
    return ngettext(
        "%(n)s lopend traject afgesloten.", "%(n)s lopende trajecten afgesloten.", closed
    ) % {"n": closed}


def _summary(section) -> list[SummaryFact]:
    """The running trajectories with their planned end, and how many wait to start (client
    file, issue 20); marked when one runs past its planned end."""
    today = timezone.localdate()
    running = [t for t in section["trajectories"] if t.status == Status.RUNNING]
    requested = sum(1 for t in section["trajectories"] if t.status == Status.REQUESTED)
    parts = [
        _("%(name)s tot %(day)s") % {"name": t.type.name, "day": day(t.planned_end)}
        for t in running
    ] or [_("geen")]
    if requested:
        parts.append(
            ngettext("%(n)s aangevraagd", "%(n)s aangevraagd", requested) % {"n": requested}
        )
    late = any(t.planned_end < today for t in running)
    return [SummaryFact(_("Lopende trajecten"), "; ".join(parts), "#h-trajecten", late)]


FILE_SECTION = FileSection(
    "trajectories/client_section.html", _file_section, order=20, summary=_summary
)
CLOSE_RUNNING = BenefitEndStep("close_trajectories", _close_field, _close_running)


def _timeline(client, limit: int) -> list[TimelineEntry]:
    """Trajectories: requested, started and ended."""
    entries = []
    rows = Trajectory.objects.filter(client=client).select_related("type")
    for row in rows.order_by("-planned_start")[:limit]:
        url = reverse("trajectories:trajectory_detail", args=[row.pk])
        name = row.type.name
        entries.append(
            TimelineEntry(
                day=row.actual_start or row.planned_start,
                kind="traject",
                title=(
                    _("Traject gestart: %(name)s")
                    if row.actual_start
                    else _("Traject aangevraagd: %(name)s")
                )
                % {"name": name},
                url=url,
            )
        )
        if row.actual_end:
            entries.append(
                TimelineEntry(
                    day=row.actual_end,
                    kind="traject",
                    title=_("Traject beëindigd: %(name)s") % {"name": name},
                    detail=row.get_outcome_display(),
                    url=url,
                )
            )
    return entries


TIMELINE = TimelineSource("traject", _lazy("Trajecten"), _timeline, order=50)
