"""What plans add to the client screens (see clients.extensions); registered in
PlansConfig.ready()."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from clients.extensions import FileSection, SummaryFact, TimelineEntry, TimelineSource
from clients.models import Client
from core.formatting import day
from plans.models import Plan
from plans.services import clients_without_current_plan


def _file_section(request, client) -> dict:
    """The current plan in summary, the concept if any, and a warning when a required plan is
    missing: four queries, however many versions there are."""
    if not request.user.has_perm("plans.view_plan"):
        return {"hidden": True}
    today = timezone.localdate()
    plans = list(Plan.objects.filter(client=client).order_by("-version"))
    established = [plan for plan in plans if not plan.is_concept and plan.valid_from <= today]
    current = max(established, key=lambda plan: (plan.valid_from, plan.version), default=None)
    concept = next((plan for plan in plans if plan.is_concept), None)
    goals, open_actions, overdue = [], 0, 0
    if current is not None:
        goals = list(current.goals.all())
        actions = list(current.actions.open())
        open_actions = len(actions)
        overdue = sum(1 for action in actions if action.is_overdue(today))
    missing = (
        current is None
        and clients_without_current_plan(Client.objects.filter(pk=client.pk), today).exists()
    )
    return {
        "client": client,
        "current": current,
        "concept": concept,
        "versions": len(plans),
        "goals": goals,
        "open_actions": open_actions,
        "overdue": overdue,
        "missing": missing,
        "can_add": request.user.has_perm("plans.add_plan") and concept is None,
    }


def _summary(section) -> list[SummaryFact]:
    """The plan in force, or that it is missing, and its open actions (client file, issue 20)."""
    current, concept = section["current"], section["concept"]
    if current is None:
        value = _("ontbreekt") if section["missing"] else _("geen vastgesteld plan")
        if concept is not None:
            value += _("; concept versie %(v)s") % {"v": concept.version}
        return [SummaryFact(_("Plan van aanpak"), value, "#h-plan", section["missing"])]
    value = _("versie %(v)s, vastgesteld per %(day)s") % {
        "v": current.version,
        "day": day(current.valid_from),
    }
    value += "; " + ngettext("%(n)s open actie", "%(n)s open acties", section["open_actions"]) % {
        "n": section["open_actions"]
    }
    if section["overdue"]:
        value += _(", %(n)s over de datum") % {"n": section["overdue"]}
    return [SummaryFact(_("Plan van aanpak"), value, "#h-plan", bool(section["overdue"]))]


FILE_SECTION = FileSection("plans/client_section.html", _file_section, order=15, summary=_summary)


def _timeline(client, limit: int) -> list[TimelineEntry]:
    """Plan versions: drawn up, and established from their date."""
    entries = []
    for plan in Plan.objects.filter(client=client).order_by("-version")[:limit]:
        url = reverse("plans:plan_detail", args=[plan.pk])
        entries.append(
            TimelineEntry(
                day=timezone.localdate(plan.created_at),
                kind="plan",
                title=_("Plan van aanpak versie %(v)s opgesteld") % {"v": plan.version},
                url=url,
                order=plan.created_at.timestamp(),
            )
        )
        if not plan.is_concept and plan.valid_from:
            entries.append(
                TimelineEntry(
                    day=plan.valid_from,
                    kind="plan",
                    title=_("Plan van aanpak versie %(v)s vastgesteld") % {"v": plan.version},
                    url=url,
                )
            )
    return entries


TIMELINE = TimelineSource("plan", _lazy("Plan van aanpak"), _timeline, order=40)
