"""What a consulent may withdraw on the client file from this app (clients.extensions)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from clients.extensions import Withdrawal
from clients.models import ContactNote, Ontheffing
from clients.services import withdraw_note, withdraw_ontheffing

WITHDRAWALS = {
    "contactmoment": Withdrawal(
        kind="contactmoment",
        entries=lambda client: ContactNote.all_objects.filter(client=client),
        withdraw=lambda entry, reason, by: withdraw_note(note=entry, reason=reason, by=by),
        describe=lambda note: _("Contactmoment %(note)s") % {"note": note},
    ),
    "ontheffing": Withdrawal(
        kind="ontheffing",
        entries=lambda client: Ontheffing.all_objects.filter(client=client),
        withdraw=lambda entry, reason, by: withdraw_ontheffing(
            ontheffing=entry, reason=reason, by=by
        ),
        describe=lambda ontheffing: _("Ontheffing %(o)s") % {"o": ontheffing},
    ),
}
