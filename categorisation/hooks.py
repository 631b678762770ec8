"""What categorisation adds to the client screens (see clients.extensions)."""

from __future__ import annotations

import itertools

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients import extensions


def _file_section(request, client) -> dict:
    from categorisation.models import Assessment, LadderStep
    from organisations.dates import add_months

    assessments = list(
        Assessment.objects.filter(client=client).select_related("category__unit", "assessed_by")
    )
    steps = list(LadderStep.objects.filter(client=client).select_related("assessed_by"))
    current = next((a for a in assessments if a.valid_until is None), None)
    due = add_months(current.date, current.category.unit.reassessment_months) if current else None
    # A step up the ladder is doorstroom: mark it on the (newest-first) timeline.
    for newer, older in itertools.pairwise(steps):
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
    from categorisation.queries import clients_in_category

    return clients_in_category(clients, today, category__code=code)


def _by_unit(clients, code, today):
    from categorisation.queries import clients_in_category

    return clients_in_category(clients, today, category__unit__code=code)


def _category_column(clients, today):
    from categorisation.queries import with_category

    return with_category(clients, today)


def register() -> None:
    from categorisation.forms import category_filter_field, unit_filter_field

    extensions.file_sections.append(
        extensions.FileSection("categorisation/client_section.html", _file_section, order=10)
    )
    extensions.caseload_filters.append(
        extensions.CaseloadFilter("categorie", category_filter_field, _by_category)
    )
    extensions.caseload_filters.append(
        extensions.CaseloadFilter("eenheid", unit_filter_field, _by_unit)
    )
    extensions.caseload_columns.append(
        extensions.CaseloadColumn(_("Categorie"), "category_code", _category_column)
    )
