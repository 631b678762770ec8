from django.contrib import admin

from categorisation.models import Assessment, Category, LadderStep, Unit
from organisations.admin import ReadOnlyAdmin


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "reassessment_months"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
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


class ReadOnlyTimeline(ReadOnlyAdmin):
    """Assessments and ladder steps are never overwritten: add them on the client file."""

    raw_id_fields = ["client", "assessed_by"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .for_user(request.user)
            .select_related("client", "assessed_by")
        )


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyTimeline):
    list_display = ["client", "date", "category", "estimated_months", "valid_until", "assessed_by"]
    list_filter = ["category"]


@admin.register(LadderStep)
class LadderStepAdmin(ReadOnlyTimeline):
    list_display = ["client", "date", "trede", "valid_until", "assessed_by"]
    list_filter = ["trede"]
