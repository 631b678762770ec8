from django.contrib import admin

from clients.admin import LogsClientAccess
from measures.models import GedragingKind, Maatregel, MaatregelRule
from organisations.admin_scope import ReadOnlyAdmin, ScopedModelAdmin, SharedCodeTableAdmin


@admin.register(GedragingKind)
class GedragingKindAdmin(SharedCodeTableAdmin):
    list_display = ["name", "code", "category", "active"]


@admin.register(MaatregelRule)
class MaatregelRuleAdmin(ScopedModelAdmin):
    """The maatregelenverordening as dated data; rows without organisation are the default."""

    organisation_path = "organisation"
    shared_when_null = True
    list_display = ["category", "valid_from", "percentage", "months", "repeat_percentage",
                    "repeat_months", "organisation"]  # fmt: skip
    list_filter = ["organisation", "category"]


@admin.register(Maatregel)
class MaatregelAdmin(LogsClientAccess, ReadOnlyAdmin):
    """Read only: a maatregel goes through its steps on the client file."""

    municipality_path = "client__municipality"
    list_display = ["client", "kind", "gedraging_on", "status"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["client"]
    list_select_related = ["client", "kind"]
