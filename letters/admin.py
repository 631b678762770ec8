from django.contrib import admin

from clients.admin import LogsClientAccess
from letters.models import Letter, Letterhead, LetterTemplate
from organisations.admin_scope import ReadOnlyAdmin, ScopedModelAdmin


@admin.register(LetterTemplate)
class LetterTemplateAdmin(ScopedModelAdmin):
    """A beheerder edits their organisation's templates; a change that should not alter letters
    already made is a new version (a later valid-from date)."""

    organisation_path = "organisation"
    list_display = ["name", "code", "valid_from", "shows_full_bsn"]
    list_filter = ["code"]
    search_fields = ["name", "code"]


@admin.register(Letterhead)
class LetterheadAdmin(ScopedModelAdmin):
    organisation_path = "organisation"
    list_display = ["__str__", "organisation"]


@admin.register(Letter)
class LetterAdmin(LogsClientAccess, ReadOnlyAdmin):
    municipality_path = "client__municipality"
    list_display = ["client", "date", "subject", "created_by"]
    raw_id_fields = ["client", "template", "document", "created_by"]
    list_select_related = ["client", "created_by"]
