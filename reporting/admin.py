from django.contrib import admin

from organisations.admin_scope import ReadOnlyAdmin
from reporting.models import ReportRun


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyAdmin):
    """Runs change only through the report services; beheer sees their status and errors."""

    municipality_path = "municipality"
    list_display = ["municipality", "month", "status", "built_at", "build_seconds", "requested_by"]
    list_filter = ["status", "municipality"]
    date_hierarchy = "month"
    exclude = ["figures"]
