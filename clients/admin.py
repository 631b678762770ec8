from django.contrib import admin

from clients.models import AccessLog, BenefitPeriod, Client, ContactNote, EndReason, Ontheffing
from organisations.admin import ReadOnlyAdmin


class BenefitPeriodInline(admin.TabularInline):
    model = BenefitPeriod
    extra = 0
    autocomplete_fields = ["end_reason"]


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["pk", "last_name", "first_names", "masked_bsn", "municipality", "consulent"]
    list_filter = ["municipality", "household", "statushouder", "startkwalificatie"]
    search_fields = ["=bsn", "last_name_lower", "=id"]
    raw_id_fields = ["consulent"]
    inlines = [BenefitPeriodInline]
    list_select_related = ["municipality", "consulent"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)


@admin.register(EndReason)
class EndReasonAdmin(admin.ModelAdmin):
    list_display = ["code", "description", "group", "active"]
    list_filter = ["group", "active"]
    search_fields = ["code", "description"]


@admin.register(Ontheffing)
class OntheffingAdmin(admin.ModelAdmin):
    list_display = ["client", "reason", "start", "end"]
    list_filter = ["reason"]
    raw_id_fields = ["client"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user).select_related("client")


@admin.register(ContactNote)
class ContactNoteAdmin(admin.ModelAdmin):
    list_display = ["client", "date", "kind", "author"]
    list_filter = ["kind"]
    raw_id_fields = ["client", "author"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).for_user(request.user).select_related("client", "author")
        )


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    """Read-only: the access log is evidence."""

    list_display = ["at", "user", "client", "action", "detail", "result", "processing_activity"]
    list_filter = ["action", "result", "processing_activity"]
    search_fields = ["=request_id"]
    raw_id_fields = ["client", "user"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user).select_related("client", "user")
