"""Recording contact details (a new effective-dated row, never an overwrite) and contact
persons. Atomic, with an access-log row."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.access import log_access
from clients.models import AccessAction, Client
from contacts.models import AddressKind, ContactDetails, ContactPerson
from organisations.models import User

ADDRESS_FIELDS = ("street", "house_number", "addition", "postcode", "city")


@transaction.atomic
def record_contact_details(
    *, client: Client, valid_from: date, data: dict, by: User | None, log: bool = True
) -> ContactDetails:
    """Contact details from `valid_from`: the row in force then ends that day; a back-dated row
    runs until the next one. Another row on the same day is refused."""
    Client.objects.select_for_update().filter(pk=client.pk).first()
    rows = ContactDetails.objects.filter(client=client)
    if rows.filter(valid_from=valid_from).exists():
        raise ValidationError(
            {
                "valid_from": _(
                    "Op %(day)s zijn al contactgegevens vastgelegd; kies een andere datum."
                )
                % {"day": f"{valid_from:%d-%m-%Y}"}
            }
        )
    following = (
        rows.filter(valid_from__gt=valid_from)
        .order_by("valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    previous = rows.filter(valid_from__lt=valid_from).order_by("-valid_from").first()
    if data.get("address_kind") == AddressKind.NONE:
        data = {**data, **dict.fromkeys(ADDRESS_FIELDS, "")} | {"house_number": None}
    row = ContactDetails(
        client=client, valid_from=valid_from, valid_until=following, recorded_by=by, **data
    )
    row.full_clean(exclude=["client", "recorded_by"], validate_constraints=False)
    if previous is not None:
        ContactDetails.objects.filter(pk=previous.pk).update(valid_until=valid_from)
    row.save()
    if log and by is not None:
        log_access(
            user=by,
            client=client,
            action=AccessAction.UPDATE,
            obj=row,
            detail=_("Contactgegevens vastgelegd vanaf %(day)s")
            % {"day": f"{valid_from:%d-%m-%Y}"},
        )
    return row


def current_contact_details(client: Client, day: date | None = None) -> ContactDetails | None:
    return ContactDetails.objects.filter(client=client).on(day or timezone.localdate()).first()


@transaction.atomic
def add_contact_person(*, client: Client, data: dict, by: User) -> ContactPerson:
    person = ContactPerson(client=client, created_by=by, **data)
    if person.end is not None and person.end < person.start:
        raise ValidationError({"end": _("De einddatum ligt vóór de begindatum.")})
    person.full_clean(exclude=["client", "created_by"])
    person.save()
    log_access(
        user=by,
        client=client,
        action=AccessAction.UPDATE,
        obj=person,
        detail=_("Contactpersoon vastgelegd (%(role)s)") % {"role": person.get_role_display()},
    )
    return person


@transaction.atomic
def end_contact_person(*, person: ContactPerson, on: date, by: User) -> ContactPerson:
    if on < person.start:
        raise ValidationError({"end": _("De einddatum ligt vóór de begindatum.")})
    person.end = on
    person.save(update_fields=["end"])
    log_access(
        user=by,
        client=person.client,
        action=AccessAction.UPDATE,
        obj=person,
        detail=_("Contactpersoon beëindigd (%(role)s)") % {"role": person.get_role_display()},
    )
    return person
