from django.contrib import admin

from clients.admin import LogsClientAccess
from contacts.models import ContactDetails, ContactPerson
from organisations.admin_scope import ReadOnlyAdmin


@admin.register(ContactDetails)
class ContactDetailsAdmin(LogsClientAccess, ReadOnlyAdmin):
    """Read only: contact details are effective-dated. A change is a new row from a date,
    made on the client file or by the caseload import, which check the postcode and phone
    numbers, end the row before and write the access log; editing a row here would rewrite the
    past, and deleting one would leave a gap in it."""

    municipality_path = "client__municipality"
    list_display = ["client", "valid_from", "valid_until", "address_kind", "city",
                    "preferred_channel", "interpreter_needed"]  # fmt: skip
    list_filter = ["address_kind", "preferred_channel", "interpreter_needed",
                   "client__municipality"]  # fmt: skip
    raw_id_fields = ["client", "recorded_by"]
    list_select_related = ["client"]
    show_full_result_count = False


@admin.register(ContactPerson)
class ContactPersonAdmin(LogsClientAccess, ReadOnlyAdmin):
    """Read only: a contact person is added and ended on the client file (an end keeps the row),
    where the phone number is checked and the access log written."""

    municipality_path = "client__municipality"
    list_display = ["name", "role", "organisation", "client", "start", "end"]
    list_filter = ["role", "client__municipality"]
    raw_id_fields = ["client", "created_by"]
    list_select_related = ["client"]
    show_full_result_count = False
