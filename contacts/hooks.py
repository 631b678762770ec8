"""What contacts adds to the client screens (see clients.extensions); registered in
ContactsConfig.ready()."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from clients.extensions import FileSection, TimelineEntry, TimelineSource
from contacts.models import ContactDetails, ContactPerson


def _file_section(request, client) -> dict:
    """The contact details in force and the current contact persons: two queries."""
    if not request.user.has_perm("contacts.view_contactdetails"):
        return {"hidden": True}
    today = timezone.localdate()
    rows = list(ContactDetails.objects.filter(client=client).order_by("-valid_from"))
    current = next(
        (
            r
            for r in rows
            if r.valid_from <= today and (r.valid_until is None or r.valid_until > today)
        ),
        None,
    )
    return {
        "client": client,
        "current": current,
        "versions": len(rows),
        "persons": list(ContactPerson.objects.filter(client=client).current(today)),
        "can_change": request.user.has_perm("contacts.add_contactdetails"),
    }


FILE_SECTION = FileSection("contacts/client_section.html", _file_section, order=5)


def _timeline(client, limit: int) -> list[TimelineEntry]:
    """Changes of contact details and contact persons (not their content: that is on the file)."""
    details = ContactDetails.objects.filter(client=client).order_by("-valid_from")[:limit]
    persons = ContactPerson.objects.filter(client=client).order_by("-start")[:limit]
    return [
        TimelineEntry(
            day=row.valid_from, kind="contactgegevens", title=_("Contactgegevens gewijzigd")
        )
        for row in details
    ] + [
        TimelineEntry(
            day=row.start,
            kind="contactgegevens",
            title=_("Contactpersoon: %(role)s") % {"role": row.get_role_display().lower()},
        )
        for row in persons
    ]


TIMELINE = TimelineSource("contactgegevens", _lazy("Contactgegevens"), _timeline, order=60)
