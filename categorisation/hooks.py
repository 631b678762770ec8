"""What categorisation adds to the client screens (see clients.extensions); registered in
CategorisationConfig.ready()."""

from __future__ import annotations

import itertools

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from categorisation.forms import category_filter_field, unit_filter_field
from categorisation.models import Assessment, LadderStep
from categorisation.queries import clients_in_category, with_category
from clients.extensions import (
    CaseloadColumn,
    CaseloadFilter,
    FileSection,
    SummaryFact,
    TimelineEntry,
    TimelineSource,
)
from core.dates import add_months
from core.formatting import day


def _file_section(request, client) -> dict:
    """The history shows withdrawn assessments and steps too, struck through with who withdrew
    them, when and why (issue 19); only the rows in force count (the current category,
    doorstroom)."""
    assessments = list(
        Assessment.all_objects.filter(client=client)
        .select_related("category__unit", "assessed_by", "withdrawn_by")
        .order_by("-date", "-pk")
    )
    steps = list(
        LadderStep.all_objects.filter(client=client)
        .select_related("assessed_by", "withdrawn_by")
        .order_by("-date", "-pk")
    )
    current = next((a for a in assessments if not a.is_withdrawn and a.valid_until is None), None)
    due = add_months(current.date, current.category.unit.reassessment_months) if current else None
    # A step up the ladder is doorstroom: mark it on the (newest-first) timeline.
    in_force = [step for step in steps if not step.is_withdrawn]
    for newer, older in itertools.pairwise(in_force):
        newer.doorstroom = newer.trede > older.trede
    return {
        "client": client,
        "assessments": assessments,
        "current": current,
        "reassessment_due": due,
        "reassessment_overdue": due is not None and due < timezone.localdate(),
        "steps": steps,
        "can_assess": request.user.has_perm("categorisation.add_assessment"),
    }


def _by_category(clients, code, today):
    return clients_in_category(clients, today, category__code=code)


def _by_unit(clients, code, today):
    return clients_in_category(clients, today, category__unit__code=code)


def _summary(section) -> list[SummaryFact]:
    """The category and unit in force, and when the reassessment is due (client file, issue 20)."""
    current = section["current"]
    if current is None:
        return [SummaryFact(_("Categorie"), _("nog niet gecategoriseerd"), "#h-categorie", True)]
    value = _("%(code)s %(name)s · %(unit)s; herbeoordeling uiterlijk %(due)s") % {
        "code": current.category.code,
        "name": current.category.name,
        "unit": current.category.unit,
        "due": day(section["reassessment_due"]),
    }
    return [
        SummaryFact(
            _("Categorie en eenheid"), value, "#h-categorie", section["reassessment_overdue"]
        )
    ]


FILE_SECTION = FileSection(
    "categorisation/client_section.html", _file_section, order=10, summary=_summary
)
CATEGORY_FILTER = CaseloadFilter("categorie", category_filter_field, _by_category)
UNIT_FILTER = CaseloadFilter("eenheid", unit_filter_field, _by_unit)
CATEGORY_COLUMN = CaseloadColumn(_("Categorie"), "category_code", with_category)


def _timeline(client, limit: int) -> list[TimelineEntry]:
    """Assessments and ladder steps: two queries."""
    assessments = Assessment.objects.filter(client=client).select_related("category")
    steps = LadderStep.objects.filter(client=client)
    return [
        TimelineEntry(
            day=row.date,
            kind="beoordeling",
            title=_("Beoordeeld: categorie %(code)s") % {"code": row.category.code},
            detail=row.reason,
        )
        for row in assessments.order_by("-date")[:limit]
    ] + [
        TimelineEntry(
            day=row.date,
            kind="beoordeling",
            title=_("Participatieladder: trede %(trede)s") % {"trede": row.trede},
        )
        for row in steps.order_by("-date")[:limit]
    ]


TIMELINE = TimelineSource("beoordeling", _("Beoordelingen"), _timeline, order=30)
