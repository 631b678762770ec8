from django.contrib import admin

from clients.admin import LogsClientAccess
from organisations.admin_scope import ReadOnlyAdmin, ReadOnlyInline
from plans.models import Action, Goal, Plan


class GoalInline(ReadOnlyInline):
    model = Goal
    municipality_path = "plan__client__municipality"
    fields = ["order", "text"]


class ActionInline(ReadOnlyInline):
    model = Action
    municipality_path = "plan__client__municipality"
    fields = ["description", "owner", "owner_name", "due_date", "done_on"]


@admin.register(Plan)
class PlanAdmin(LogsClientAccess, ReadOnlyAdmin):
    """Read only: plans change through the services (on the client file), which keep the
    versions and write the access log."""

    municipality_path = "client__municipality"
    list_display = ["client", "version", "status", "valid_from", "agreed_by_client"]
    list_filter = ["status", "agreed_by_client", "is_decision_appendix"]
    raw_id_fields = ["client", "created_by", "established_by"]
    list_select_related = ["client"]
    inlines = [GoalInline, ActionInline]
