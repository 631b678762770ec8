from django.contrib import admin

from agenda.models import Appointment, AppointmentKind, CalendarToken
from clients.admin import LogsClientAccess
from organisations.admin_scope import ReadOnlyAdmin, ScopedModelAdmin, SharedCodeTableAdmin


@admin.register(AppointmentKind)
class AppointmentKindAdmin(SharedCodeTableAdmin):
    """Shared by every organisation; appointments themselves change on the client file."""

    list_display = ["name", "code", "sort_order", "active"]
    list_filter = ["active"]


@admin.register(Appointment)
class AppointmentAdmin(LogsClientAccess, ReadOnlyAdmin):
    """Read only: an appointment is planned on the client file (the double-booking check under
    a lock, the access log) and gets its outcome there (a no-show becomes a signal and may be
    the ground of a maatregel), so functioneel beheer looks, and never rewrites or removes what
    happened. No search: a client's appointments are on their file and timeline."""

    municipality_path = "client__municipality"
    list_display = ["date", "start", "client", "kind", "status", "consulent"]
    list_filter = ["status", "place", "kind", "date", "client__municipality"]
    raw_id_fields = ["client", "consulent", "created_by", "outcome_by"]
    list_select_related = ["client", "consulent", "kind"]
    show_full_result_count = False


@admin.register(CalendarToken)
class CalendarTokenAdmin(ReadOnlyAdmin):
    """Which colleagues have a calendar feed, and when it was last used. Functioneel beheer
    may delete one, which revokes the feed at once (a lost phone, someone who left); a token is
    never made or changed here: its secret is shown once, to its own user, on the agenda page.
    The stored digest is not shown."""

    organisation_path = "user__organisation"
    list_display = ["user", "created_at", "last_used_at"]
    list_select_related = ["user"]
    fields = ["user", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return ScopedModelAdmin.has_delete_permission(self, request, obj)
