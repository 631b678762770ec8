from django.contrib import admin

from organisations.admin_scope import ReadOnlyAdmin
from reporting.models import ReportRun, ReportVersion


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyAdmin):
    """Runs change only through the report services; beheer sees their status and errors."""

    municipality_path = "municipality"
    list_display = ["municipality", "month", "status", "built_at", "build_seconds", "requested_by"]
    list_filter = ["status", "municipality"]
    date_hierarchy = "month"
    exclude = ["figures"]


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin):
    """Every build of a month, kept; read on the report page (?versie=), listed here."""

    municipality_path = "run__municipality"
    list_display = ["run", "number", "data_date", "built_at"]
    list_select_related = ["run__municipality"]
    exclude = ["figures"]
