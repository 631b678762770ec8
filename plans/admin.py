from django.contrib import admin

from organisations.admin import ReadOnlyAdmin
from plans.models import Action, Goal, Plan


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class GoalInline(ReadOnlyInline):
    model = Goal
    fields = ["order", "text"]


class ActionInline(ReadOnlyInline):
    model = Action
    fields = ["description", "owner", "owner_name", "due_date", "done_on"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    """Read only: plans change through the services (on the client file), which keep the
    versions and write the access log."""

    list_display = ["client", "version", "status", "valid_from", "agreed_by_client"]
    list_filter = ["status", "agreed_by_client", "is_decision_appendix"]
    raw_id_fields = ["client", "created_by", "established_by"]
    list_select_related = ["client"]
    inlines = [GoalInline, ActionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)
