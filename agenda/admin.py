from django.contrib import admin

from agenda.models import AppointmentKind
from organisations.admin_scope import SharedCodeTableAdmin


@admin.register(AppointmentKind)
class AppointmentKindAdmin(SharedCodeTableAdmin):
    """Shared by every organisation; appointments themselves change on the client file."""

    list_display = ["name", "code", "sort_order", "active"]
    list_filter = ["active"]
