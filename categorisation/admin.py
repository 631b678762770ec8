from django.contrib import admin

from categorisation.models import Assessment, Category, LadderStep, Unit
from clients.admin import LogsClientAccess
from organisations.admin_scope import ReadOnlyAdmin, ScopedModelAdmin, SharedCodeTableAdmin


@admin.register(Unit)
class UnitAdmin(SharedCodeTableAdmin):
    list_display = ["name", "code", "reassessment_months"]


@admin.register(Category)
class CategoryAdmin(ScopedModelAdmin):
    """An organisation keeps its own scheme; the default scheme (no organisation) is shared by
    all and changed by superusers only."""

    organisation_path = "organisation"
    shared_when_null = True
    list_display = [
        "code",
        "name",
        "unit",
        "months_above",
        "months_up_to",
        "requires_ontheffing",
        "requires_indication",
        "organisation",
        "active",
    ]
    list_filter = ["unit", "organisation", "active"]
    search_fields = ["code", "name"]


class ReadOnlyTimeline(LogsClientAccess, ReadOnlyAdmin):
    """Assessments and ladder steps are never overwritten: add them on the client file."""

    municipality_path = "client__municipality"
    raw_id_fields = ["client", "assessed_by"]
    list_select_related = ["client", "assessed_by"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyTimeline):
    list_display = ["client", "date", "category", "estimated_months", "valid_until", "assessed_by"]
    list_filter = ["category"]


@admin.register(LadderStep)
class LadderStepAdmin(ReadOnlyTimeline):
    list_display = ["client", "date", "trede", "valid_until", "assessed_by"]
    list_filter = ["trede"]
