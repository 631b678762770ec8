"""The workflow "overdragen": one transaction moves the clients (clients' service) and records
the handover with its note."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clients.models import Client
from clients.services import reassign_many
from handover.models import Handover
from organisations.models import Municipality, User, Vervanging


@transaction.atomic
def hand_over(
    *,
    municipality: Municipality,
    from_consulent: User,
    to: User,
    note: str,
    by: User,
    client_ids: list[int] | None = None,
) -> Handover:
    """Move `client_ids` (or, when None, the whole caseload of `from_consulent` in the
    municipality) to `to`; the clients must be in the teamleider's scope."""
    if to.pk == from_consulent.pk:
        raise ValidationError({"to": _("Kies een andere consulent dan de huidige.")})
    if not note.strip():
        raise ValidationError({"note": _("Schrijf een overdrachtsnotitie.")})
    clients = Client.objects.for_user(by).filter(
        municipality=municipality, consulent=from_consulent
    )
    if client_ids is not None:
        clients = clients.filter(pk__in=client_ids)
    moved = reassign_many(clients=clients, consulent=to, by=by)
    if not moved:
        raise ValidationError(_("Er zijn geen cliënten gekozen om over te dragen."))
    handover = Handover.objects.create(
        municipality=municipality,
        from_consulent=from_consulent,
        to_consulent=to,
        note=note.strip(),
        whole_caseload=client_ids is None,
        by=by,
    )
    Handover.clients.through.objects.bulk_create(
        [Handover.clients.through(handover_id=handover.pk, client_id=pk) for pk in moved],
        batch_size=5_000,
    )
    return handover


@transaction.atomic
def start_vervanging(
    *, absent: User, substitute: User, start: date, end: date, note: str, by: User
) -> Vervanging:
    """A named colleague looks after an absent consulent's caseload from `start` up to and
    including `end`; it shows on the substitute's Vandaag and caseload and ends by itself."""
    if end < start:
        raise ValidationError({"end": _("De einddatum ligt vóór de begindatum.")})
    if absent.pk == substitute.pk:
        raise ValidationError({"substitute": _("Kies een ander dan de afwezige consulent.")})
    if {absent.organisation_id, substitute.organisation_id} != {by.organisation_id}:
        raise ValidationError(_("Beide consulenten werken voor uw organisatie."))
    missing = municipalities_missing(absent=absent, substitute=substitute)
    if missing:
        raise ValidationError(
            {
                "substitute": _(
                    "%(substitute)s werkt niet voor %(names)s, waar %(absent)s cliënten heeft: "
                    "die cliënten zou %(substitute)s tijdens de vervanging niet zien. Laat een "
                    "beheerder %(substitute)s eerst toegang geven tot %(names)s, of kies een "
                    "vervanger die daar werkt."
                )
                % {"substitute": _name(substitute), "absent": _name(absent), "names": _and(missing)}
            }
        )
    return Vervanging.objects.create(
        absent=absent, substitute=substitute, start=start, end=end, note=note.strip(), created_by=by
    )


def municipalities_missing(*, absent: User, substitute: User) -> list[str]:
    """The municipalities where `absent` has clients and `substitute` may not look: a vervanging
    does not widen anyone's scope (data never crosses a municipality boundary the user is not
    given), so there the substitute would see none of the absent consulent's clients."""
    return list(
        Municipality.objects.filter(clients__consulent=absent)
        .exclude(pk__in=substitute.scoped_municipalities().values("pk"))
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _and(names: list[str]) -> str:
    """ "Voorschoten", "Leidschendam-Voorburg en Voorschoten", "A, B en C"."""
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s en %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
