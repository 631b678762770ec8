"""The Django admin scoped like the case screens.

Every ModelAdmin and inline of Opstap derives from `ScopedAdminMixin` (through `ScopedModelAdmin`,
`ReadOnlyAdmin`, `SharedCodeTableAdmin` or the scoped inlines) and says how its model reaches an
organisation:

- `municipality_path`: the rows belong to a municipality (client data, report runs). A
  non-superuser sees the rows of the municipalities they are scoped to, as on the case screens.
- `organisation_path`: the rows belong to an organisation (budgets, users, municipalities). A
  non-superuser sees the rows of their own organisation. With `shared_when_null`, rows without an
  organisation are a default shared by all (categories): visible, but read-only.
- `shared_code_table`: a code table shared by every organisation (units, end reasons, trajectory
  types, providers): visible to staff who may view it, changed by superusers only.

The same scope limits the choices of every foreign key and many-to-many field (so a raw-id or
autocomplete value outside the scope is refused with a form error), the choices of the list
filters, and what the change, delete, history and password pages find: outside the scope they
answer 404. Superusers see everything. tests/test_admin_scope.py walks the admin registry and
fails when a registered admin does not derive from this mixin.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from organisations.models import Municipality, Organisation
from organisations.roles import ROLES


def _path_leads_to(model, path: str, target) -> bool:
    current = model
    for part in path.split("__"):
        if part == "pk":
            return current is target
        try:
            current = current._meta.get_field(part).related_model
        except FieldDoesNotExist:
            return False
        if current is None:
            return False
    return current is target


def _follow(obj, path: str):
    for part in path.split("__"):
        if obj is None:
            return None
        obj = obj if part == "pk" else getattr(obj, part)
    return obj


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A list filter on a relation offers only what the user may choose in a form."""

    def field_choices(self, field, request, model_admin):
        queryset = model_admin.scoped_choices(request, field)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            queryset = queryset.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in queryset]


class ScopedAdminMixin:
    organisation_path: str | None = None
    municipality_path: str | None = None
    shared_code_table: bool = False
    shared_when_null: bool = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._check_scope_declaration()

    def _check_scope_declaration(self) -> None:
        name = f"{type(self).__module__}.{type(self).__qualname__}"
        if self.shared_code_table:
            return
        if self.municipality_path:
            if not _path_leads_to(self.model, self.municipality_path, Municipality):
                raise ImproperlyConfigured(f"{name}.municipality_path leads to no Municipality")
            return
        if not self.organisation_path:
            raise ImproperlyConfigured(
                f"{name} declares no organisation_path, municipality_path or shared_code_table"
            )
        if not _path_leads_to(self.model, self.organisation_path, Organisation):
            raise ImproperlyConfigured(f"{name}.organisation_path leads to no Organisation")

    # The rows.

    def scope_queryset(self, request, queryset):
        user = request.user
        if user.is_superuser or self.shared_code_table:
            return queryset
        if not user.is_authenticated or user.organisation_id is None:
            return queryset.none()
        if self.municipality_path:
            lookup = f"{self.municipality_path}__in"
            return queryset.filter(**{lookup: user.scoped_municipalities()})
        own = Q(**{self.organisation_path: user.organisation_id})
        if self.shared_when_null:
            own |= Q(**{f"{self.organisation_path}__isnull": True})
        return queryset.filter(own)

    def get_queryset(self, request):
        return self.scope_queryset(request, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        """Outside the scope (or not there at all) is a 404, as on the case screens, on the
        change, delete, history and password pages alike."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("Dit gegeven bestaat niet of valt buiten uw bereik."))
        return obj

    # Who may write.

    def _is_shared_row(self, obj) -> bool:
        if obj is None or not self.shared_when_null:
            return False
        return _follow(obj, self.organisation_path) is None

    def _may_write(self, request, obj=None) -> bool:
        if request.user.is_superuser:
            return True
        return not self.shared_code_table and not self._is_shared_row(obj)

    def has_add_permission(self, request, *args):
        return self._may_write(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._may_write(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_write(request, obj) and super().has_delete_permission(request, obj)

    # The choices of relations: form fields, raw ids, autocompletes and list filters.

    def scoped_choices(self, request, db_field):
        """What a non-superuser may pick for this relation: what the related model's own
        (scoped) admin shows them. A per-municipality row points only at municipalities of the
        user's scope. A related model without a scoped admin offers nothing (fail closed)."""
        related = db_field.related_model
        queryset = related._default_manager.all()
        user = request.user
        if user.is_superuser:
            return queryset
        if related is Municipality and self.municipality_path:
            return user.scoped_municipalities()
        if related is Group:
            return queryset.filter(name__in=ROLES)
        related_admin = self.admin_site._registry.get(related)
        if isinstance(related_admin, ScopedAdminMixin):
            return related_admin.scope_queryset(request, queryset)
        return queryset.none()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            kwargs["queryset"] = self.scoped_choices(request, db_field)
            if db_field.name == self.organisation_path:
                # Fixed to the user's own organisation: never empty (shared), never another.
                kwargs["required"] = True
                kwargs["empty_label"] = None
                kwargs["initial"] = request.user.organisation_id
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            kwargs["queryset"] = self.scoped_choices(request, db_field)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_filter(self, request):
        scoped = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and self._is_relation(entry):
                entry = (entry, ScopedRelatedFieldListFilter)
            scoped.append(entry)
        return scoped

    def _is_relation(self, path: str) -> bool:
        model, field = self.model, None
        for part in path.split("__"):
            try:
                field = model._meta.get_field(part)
            except FieldDoesNotExist:
                return False
            model = field.related_model
            if model is None:
                return False
        return field is not None and field.is_relation


class ScopedModelAdmin(ScopedAdminMixin, admin.ModelAdmin):
    pass


class ScopedTabularInline(ScopedAdminMixin, admin.TabularInline):
    pass


class ScopedStackedInline(ScopedAdminMixin, admin.StackedInline):
    pass


class ReadOnlyAdmin(ScopedModelAdmin):
    """For rows that change only through services (which check the rules and write the access
    log) or never change at all, like the access log: the admin shows them, nothing more."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ScopedTabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SharedCodeTableAdmin(ScopedModelAdmin):
    """A code table shared by every organisation: what one organisation's beheerder changes
    would change the others' screens and exports, so only superusers change it."""

    shared_code_table = True
