from django.contrib import admin

from approvals.models import ApprovalRequest, ApprovalRule
from clients.admin import LogsClientAccess
from organisations.admin_scope import ReadOnlyAdmin, ScopedModelAdmin


@admin.register(ApprovalRule)
class ApprovalRuleAdmin(ScopedModelAdmin):
    """Which decisions need a teamleider's approval, per organisation (without a row: yes)."""

    organisation_path = "organisation"
    list_display = ["kind", "required", "organisation"]
    list_filter = ["organisation", "kind", "required"]


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(LogsClientAccess, ReadOnlyAdmin):
    """Read only: requests are made in the workflows and decided on the teamleider's page."""

    municipality_path = "client__municipality"
    client_path = "client"
    list_display = ["client", "kind", "effective", "status", "requested_by", "requested_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["client"]
    list_select_related = ["client", "requested_by"]
