from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from organisations.admin_scope import ReadOnlyAdmin, ScopedAdminMixin, ScopedModelAdmin
from organisations.models import CorrectionRule, Municipality, Organisation, User
from organisations.roles import ROLES

__all__ = ["ReadOnlyAdmin"]  # kept importable from here for older imports


@admin.register(Organisation)
class OrganisationAdmin(ScopedModelAdmin):
    """A beheerder sees and renames their own organisation; only superusers add or remove one."""

    organisation_path = "pk"
    list_display = ["name"]
    search_fields = ["name"]

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(Municipality)
class MunicipalityAdmin(ScopedModelAdmin):
    """The organisation field offers only the beheerder's own: no municipality moves between
    organisations except by a superuser."""

    organisation_path = "organisation"
    list_display = ["name", "cbs_code", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "cbs_code"]


# Only superusers change these: they reach beyond the organisation (is_superuser, is_staff opens
# the admin, permissions are per model, not per organisation).
SUPERUSER_FIELDS = ["is_superuser", "is_staff", "user_permissions"]


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):
    """A beheerder manages the users of their own organisation: the roles (groups) of Opstap and
    the municipalities of the organisation. Superusers are out of their reach altogether."""

    organisation_path = "organisation"
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

    def scope_queryset(self, request, queryset):
        queryset = super().scope_queryset(request, queryset)
        if not request.user.is_superuser:
            queryset = queryset.exclude(is_superuser=True)
        return queryset

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += SUPERUSER_FIELDS
        return fields

    def save_related(self, request, form, formsets, change):
        """Groups a beheerder cannot choose (set by a superuser) stay as they were."""
        kept = []
        if change and not request.user.is_superuser:
            kept = list(form.instance.groups.exclude(name__in=ROLES))
        super().save_related(request, form, formsets, change)
        if kept:
            form.instance.groups.add(*kept)


@admin.register(CorrectionRule)
class CorrectionRuleAdmin(ScopedModelAdmin):
    """Who may withdraw what on a client file, and for how long (issue 19)."""

    organisation_path = "organisation"
    list_display = ["kind", "own_only", "days", "organisation"]
    list_filter = ["organisation", "kind"]
