from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from organisations.models import Municipality, Organisation, User


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows that change only through services (which check the rules and write the access
    log) or never change at all, like the access log: the admin shows them, nothing more."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "cbs_code"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "is_active", "is_staff"]
    list_filter = ["organisation", "groups", "municipalities", "is_active", "is_staff"]
    filter_horizontal = ["groups", "user_permissions", "municipalities"]
    # Kept by Django itself; editing them was possible, but only through date and time boxes
    # without labels (the admin's split widget), which fail WCAG 1.3.1.
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Organisatie en bereik"), {"fields": ("organisation", "municipalities")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Organisatie en bereik"), {"fields": ("first_name", "last_name", "organisation")}),
    )
