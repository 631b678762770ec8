from django.contrib import admin

from clients.admin import LogsClientAccess
from documents.models import Document, DocumentKind
from organisations.admin_scope import ReadOnlyAdmin, SharedCodeTableAdmin


@admin.register(DocumentKind)
class DocumentKindAdmin(SharedCodeTableAdmin):
    list_display = ["name", "code", "active", "sort_order"]


@admin.register(Document)
class DocumentAdmin(LogsClientAccess, ReadOnlyAdmin):
    """Read only: documents are added and removed on the client file (checked, logged); the
    file itself is served only by the scoped download."""

    municipality_path = "client__municipality"
    list_display = ["client", "date", "kind", "description", "file_type"]
    list_filter = ["kind", "file_type"]
    raw_id_fields = ["client", "uploaded_by"]
    list_select_related = ["client", "kind"]
    exclude = ["file"]
