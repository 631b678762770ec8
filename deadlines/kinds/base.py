"""Building blocks shared by the signal kinds."""

from __future__ import annotations

from datetime import date

from django.db.models import (
    DateField,
    Exists,
    Expression,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Greatest
from django.utils.formats import date_format

from agenda.models import Appointment
from clients.models import BenefitPeriod, Client, ContactKind, ContactNote
from deadlines.registry import COLUMNS

# Contact in person or by phone counts as contact (DOMAIN §2: "personal contact"); an e-mail or
# a letter does not.
PERSONAL_CONTACT = (
    ContactKind.MEETING,
    ContactKind.PHONE,
    ContactKind.HOME_VISIT,
    ContactKind.VIDEO,
)


def last_personal_contact(client: Expression, today: date) -> Expression:
    """The date of the client's last personal contact up to `today`: a contact note of a
    personal kind or an appointment held (agenda), whichever is later."""
    note = ContactNote.objects.filter(
        client=client, kind__in=PERSONAL_CONTACT, date__lte=today
    ).order_by("-date")
    held = Appointment.objects.held().filter(client=client, date__lte=today).order_by("-date")
    return Greatest(Subquery(note.values("date")[:1]), Subquery(held.values("date")[:1]))


def with_running_benefit(clients: QuerySet[Client], today: date) -> QuerySet[Client]:
    """The clients with a benefit period running on `today`: signals about a client's own file
    concern people on benefit, not those who left."""
    running = BenefitPeriod.objects.filter(client=OuterRef("pk")).running_on(today)
    return clients.filter(Exists(running))


def client_ids(scope, *, active: bool):
    """SQL and parameters that select the scope's client ids, for a kind written in SQL."""
    ids = scope.active_ids if active else scope.ids
    if hasattr(ids, "query"):  # a queryset of ids
        return ids.query.sql_with_params()
    return ids.sql, list(ids.params)  # RawSQL


def benefit_start(today: date) -> Subquery:
    """For a client queryset: the start of the benefit period running on `today`."""
    running = BenefitPeriod.objects.filter(client=OuterRef("pk")).running_on(today)
    return Subquery(running.values("start")[:1])


def emit(
    rows: QuerySet,
    *,
    client: Expression,
    obj: Expression | None = None,
    info: Expression | None = None,
    day: Expression | None = None,
    number: Expression | None = None,
) -> QuerySet:
    """The signal columns of a queryset already annotated with `s_due`."""
    return (
        rows.annotate(
            s_client=client,
            s_object=obj if obj is not None else Value(None, output_field=IntegerField()),
            s_info=Cast(info, TextField()) if info is not None else Value(None, TextField()),
            s_date=day if day is not None else Value(None, output_field=DateField()),
            s_number=number if number is not None else Value(None, output_field=IntegerField()),
        )
        .order_by()
        .values(*COLUMNS)
    )


def fmt(day: date | None) -> str:
    return date_format(day, "d-m-Y") if day else ""
