"""Changes to client files. Each service is atomic and writes the access log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from clients import extensions
from clients.access import log_access, log_listed
from clients.models import (
    AccessAction,
    AccessLog,
    AccessResult,
    BenefitPeriod,
    Client,
    ContactNote,
    EndReason,
    Ontheffing,
    OntheffingReason,
    sort_name,
)
from core import formatting
from organisations.models import CorrectionRule, Municipality, User

# Fields a consulent edits on the client form, in the order the conflict message lists them.
EDITABLE_FIELDS = [
    "bsn",
    "first_names",
    "prefix",
    "last_name",
    "date_of_birth",
    "municipality",
    "household",
    "youngest_child_birth_date",
    "statushouder",
    "startkwalificatie",
    "language_level",
    "taaleis_status",
    "taaleis_test_date",
    "banenafspraak_date",
    "banenafspraak_source",
    "beschut_werk_date",
    "beschut_werk_source",
]


class ConflictError(Exception):
    """Someone else saved the client after this user opened the form."""

    def __init__(self, changes: list[AccessLog]):
        self.changes = changes
        super().__init__(_("De cliënt is intussen gewijzigd."))


DUPLICATE_BSN = _lazy("Er is al een cliënt met dit BSN.")
# The same words whether the BSN belongs to a client in another municipality of the organisation
# or cannot be registered for another reason: no answer to "is this person known elsewhere?".
BSN_REFUSED = _lazy(
    "Dit BSN kan hier niet worden geregistreerd. Neem contact op met functioneel beheer."
)


class BsnRefused(ValidationError):
    """The BSN belongs to a client outside the user's scope. The caller logs the attempt on that
    client (`log_bsn_refused`) once the transaction that refused it has been rolled back."""

    def __init__(self, existing: Client):
        super().__init__({"bsn": BSN_REFUSED})
        self.existing = existing


def _check_bsn_free(client: Client, *, by: User) -> None:
    """The BSN is unique within the organisation; say so on the field, not as a 500. Only a
    client the user may see is named (with a link); any other gets the neutral refusal."""
    taken = (
        Client.objects.filter(organisation_id=client.organisation_id, bsn=client.bsn)
        .exclude(pk=client.pk)
        .first()
    )
    if taken is None:
        return
    if Client.objects.for_user(by).filter(pk=taken.pk).exists():
        raise ValidationError(
            {
                "bsn": format_html(
                    '{} <a href="{}">{}</a>',
                    DUPLICATE_BSN,
                    reverse("clients:client_detail", args=[taken.pk]),
                    _("Naar %(name)s (nummer %(pk)s)") % {"name": taken, "pk": taken.pk},
                )
            }
        )
    raise BsnRefused(taken)


def _bsn_taken_meanwhile(client: Client, by: User, exc: IntegrityError) -> ValidationError:
    """Registered by someone else at the same moment: the same answers as `_check_bsn_free`."""
    try:
        _check_bsn_free(client, by=by)
    except ValidationError as error:
        return error
    return ValidationError({"bsn": BSN_REFUSED})


def log_bsn_refused(*, user: User, existing: Client, attempt: str) -> None:
    """A BSN of a client outside the user's scope was typed in: a refused row on that client, so
    that its own municipality sees the attempt in "Wie heeft deze gegevens ingezien"."""
    log_access(
        user=user,
        client=existing,
        action=attempt,
        detail=_(
            "Registratie met het BSN van deze cliënt geweigerd: buiten het bereik van de gebruiker"
        ),
        result=AccessResult.REFUSED,
    )


def _field_labels(names: list[str]) -> str:
    return ", ".join(str(Client._meta.get_field(name).verbose_name) for name in names)


@transaction.atomic
def register_client(*, data: dict, benefit_start: date, by: User) -> Client:
    """A new client with a first benefit period in the client's municipality."""
    client = Client(
        organisation_id=by.organisation_id,
        consulent=data.pop("consulent", by),
        updated_by=by,
        **data,
    )
    client.full_clean(validate_constraints=False)
    _check_bsn_free(client, by=by)
    try:
        with transaction.atomic():
            client.save()
    except IntegrityError as exc:  # registered by someone else at the same moment
        raise _bsn_taken_meanwhile(client, by, exc) from exc
    try:
        start_benefit(
            client=client, municipality=client.municipality, start=benefit_start, by=by, log=False
        )
    except ValidationError as error:
        # The form asks for the first benefit's start as "benefit_start".
        if hasattr(error, "error_dict") and "start" in error.error_dict:
            error.error_dict["benefit_start"] = error.error_dict.pop("start")
        raise
    log_access(
        user=by,
        client=client,
        action=AccessAction.CREATE,
        detail=_("Cliënt ingeschreven met uitkering vanaf %(start)s")
        % {"start": formatting.day(benefit_start)},
    )
    return client


@transaction.atomic
def update_client(*, client: Client, data: dict, version: int, by: User) -> Client:
    """Save the form's changes unless someone saved in between (optimistic locking)."""
    changed = [
        name for name in EDITABLE_FIELDS if name in data and getattr(client, name) != data[name]
    ]
    for name in changed:
        setattr(client, name, data[name])
    client.full_clean(exclude=["organisation", "consulent"], validate_constraints=False)
    _check_bsn_free(client, by=by)
    now = timezone.now()
    try:
        with transaction.atomic():
            updated = Client.objects.filter(pk=client.pk, version=version).update(
                **{name: getattr(client, name) for name in changed},
                last_name_lower=sort_name(client.last_name),
                version=version + 1,
                updated_at=now,
                updated_by=by,
            )
    except IntegrityError as exc:
        raise _bsn_taken_meanwhile(client, by, exc) from exc
    if not updated:
        raise ConflictError(
            list(
                AccessLog.objects.filter(
                    client=client, action=AccessAction.UPDATE, client_version__gt=version
                )
                .select_related("user")
                .order_by("at")
            )
        )
    client.version, client.updated_at, client.updated_by = version + 1, now, by
    if changed:
        log_access(
            user=by,
            client=client,
            action=AccessAction.UPDATE,
            detail=_("Gewijzigd: %(fields)s") % {"fields": _field_labels(changed)},
        )
    return client


@transaction.atomic
def start_benefit(
    *, client: Client, municipality: Municipality, start: date, by: User, log: bool = True
) -> BenefitPeriod:
    # Lock the client so that two starts at the same moment are checked one after the other.
    Client.objects.select_for_update().filter(pk=client.pk).first()
    period = BenefitPeriod(client=client, municipality=municipality, start=start)
    period.full_clean(exclude=["client"])
    running = client.benefit_periods.filter(end__isnull=True).first()
    if running:
        raise ValidationError(
            _("Er loopt al een uitkering sinds %(start)s. Beëindig die eerst.")
            % {"start": running.start.strftime("%d-%m-%Y")}
        )
    later = client.benefit_periods.filter(end__gte=start).order_by("start").first()
    if later:
        raise ValidationError(
            {
                "start": _(
                    "Deze ingangsdatum overlapt met de uitkering van %(start)s tot en met %(end)s."
                )
                % {"start": later.start.strftime("%d-%m-%Y"), "end": later.end.strftime("%d-%m-%Y")}
            }
        )
    period.save()
    if log:
        log_access(
            user=by,
            client=client,
            action=AccessAction.UPDATE,
            detail=_("Uitkering gestart per %(start)s in %(municipality)s")
            % {"start": formatting.day(start), "municipality": municipality},
        )
    return period


@dataclass(frozen=True)
class EndedBenefit:
    period: BenefitPeriod
    messages: list[str]  # what the benefit-end steps did, for the user


@transaction.atomic
def end_benefit(
    *,
    period: BenefitPeriod,
    end: date,
    reason: EndReason,
    by: User,
    choices: Mapping[str, object] | None = None,
) -> EndedBenefit:
    """End a running benefit period; then, in the same transaction, each benefit-end step the
    user chose a value for in `choices` (clients.extensions.benefit_end_steps: trajectories
    closes the running trajectories with the chosen outcome). All of it or nothing."""
    period = BenefitPeriod.objects.select_for_update().get(pk=period.pk)
    if period.end is not None:
        raise ValidationError(
            _("Deze uitkering is al beëindigd per %(end)s.")
            % {"end": period.end.strftime("%d-%m-%Y")}
        )
    if end < period.start:
        raise ValidationError(
            {
                "end": _("De einddatum ligt vóór de ingangsdatum (%(start)s).")
                % {"start": period.start.strftime("%d-%m-%Y")}
            }
        )
    period.end, period.end_reason = end, reason
    period.full_clean(exclude=["client"])
    period.save(update_fields=["end", "end_reason"])
    log_access(
        user=by,
        client=period.client,
        action=AccessAction.UPDATE,
        detail=_("Uitkering beëindigd per %(end)s, reden %(reason)s")
        % {"end": formatting.day(end), "reason": reason.code},
    )
    ended = extensions.BenefitEnded(client=period.client, end=end, reason=reason, by=by)
    chosen = [step for step in extensions.benefit_end_steps if (choices or {}).get(step.name)]
    messages = [step.apply(ended, choices[step.name]) for step in chosen]
    return EndedBenefit(period, [message for message in messages if message])


@transaction.atomic
def add_note(*, client: Client, on: date, kind: str, text: str, by: User) -> ContactNote:
    if on > timezone.localdate():
        raise ValidationError({"date": _("Een contactmoment kan niet in de toekomst liggen.")})
    note = ContactNote(client=client, date=on, kind=kind, text=text, author=by)
    note.full_clean()
    note.save()
    log_access(
        user=by,
        client=client,
        action=AccessAction.UPDATE,
        detail=_("Contactmoment vastgelegd (%(kind)s)") % {"kind": note.get_kind_display()},
    )
    return note


@transaction.atomic
def submit_ontheffing(
    *, client: Client, reason: str, start: date, end: date | None, remark: str, by: User
) -> Ontheffing | None:
    """The workflow "Ontheffing toevoegen": an art. 9a ontheffing is held ter goedkeuring when
    the organisation asks for four eyes (returns None); others are granted at once."""
    if reason == OntheffingReason.SINGLE_PARENT:
        _checked_ontheffing(client=client, reason=reason, start=start, end=end, remark=remark)
        decision = extensions.Decision(
            kind="art9a",
            client=client,
            effective=start,
            payload={
                "reason": reason,
                "start": start.isoformat(),
                "end": end.isoformat() if end else None,
                "remark": remark,
            },
            summary=_("Ontheffing art. 9a van %(start)s tot %(end)s")
            % {
                "start": start.strftime("%d-%m-%Y"),
                "end": end.strftime("%d-%m-%Y") if end else "…",
            },
            by=by,
        )
        if extensions.hold_for_approval(decision) is not None:
            return None
    return add_ontheffing(client=client, reason=reason, start=start, end=end, remark=remark, by=by)


@transaction.atomic
def add_ontheffing(
    *, client: Client, reason: str, start: date, end: date | None, remark: str, by: User
) -> Ontheffing:
    ontheffing = _checked_ontheffing(
        client=client, reason=reason, start=start, end=end, remark=remark
    )
    ontheffing.save()
    log_access(
        user=by,
        client=client,
        action=AccessAction.UPDATE,
        detail=_("Ontheffing toegevoegd: %(o)s") % {"o": ontheffing},
    )
    return ontheffing


def _checked_ontheffing(
    *, client: Client, reason: str, start: date, end: date | None, remark: str
) -> Ontheffing:
    """The ontheffing, checked against the rules of art. 9 and 9a and the client's others."""
    Client.objects.select_for_update().filter(pk=client.pk).first()
    ontheffing = Ontheffing(client=client, reason=reason, start=start, end=end, remark=remark)
    if end is not None and end < start:  # on the field, before the constraint's general message
        raise ValidationError({"end": _("De einddatum ligt vóór de ingangsdatum.")})
    ontheffing.full_clean(exclude=["client"])
    if reason == OntheffingReason.URGENT and end is None:
        raise ValidationError(
            {"end": _("Een ontheffing om dringende redenen is tijdelijk: vul een einddatum in.")}
        )
    if reason == OntheffingReason.SINGLE_PARENT:
        ontheffing.check_art_9a()
    for other in client.ontheffingen.all():
        if (other.end is None or start <= other.end) and (end is None or other.start <= end):
            raise ValidationError(
                _("Deze periode overlapt met de ontheffing %(other)s.") % {"other": other}
            )
    return ontheffing


@transaction.atomic
def end_ontheffing(*, ontheffing: Ontheffing, end: date, by: User) -> Ontheffing:
    ontheffing = Ontheffing.objects.select_for_update().get(pk=ontheffing.pk)
    if end < ontheffing.start:
        raise ValidationError(
            {
                "end": _("De einddatum ligt vóór de ingangsdatum (%(start)s).")
                % {"start": ontheffing.start.strftime("%d-%m-%Y")}
            }
        )
    if ontheffing.end is not None and ontheffing.end < timezone.localdate():
        raise ValidationError(_("Deze ontheffing is al afgelopen."))
    if ontheffing.end is not None and end > ontheffing.end:
        raise ValidationError(
            {
                "end": _("Beëindigen kan alleen eerder dan de huidige einddatum (%(end)s).")
                % {"end": ontheffing.end.strftime("%d-%m-%Y")}
            }
        )
    ontheffing.end = end
    ontheffing.save(update_fields=["end"])
    log_access(
        user=by,
        client=ontheffing.client,
        action=AccessAction.UPDATE,
        detail=_("Ontheffing beëindigd per %(end)s") % {"end": formatting.day(end)},
    )
    return ontheffing


@transaction.atomic
def reassign_consulent(*, client: Client, consulent: User, by: User) -> Client:
    if (
        consulent.organisation_id != client.organisation_id
        or not consulent.scoped_municipalities().filter(pk=client.municipality_id).exists()
    ):
        raise ValidationError(
            {"consulent": _("Deze consulent werkt niet voor de gemeente van de cliënt.")}
        )
    client.consulent = consulent
    Client.objects.filter(pk=client.pk).update(
        consulent=consulent, updated_at=timezone.now(), updated_by=by
    )
    log_access(
        user=by,
        client=client,
        action=AccessAction.UPDATE,
        detail=_("Toegewezen aan consulent %(name)s") % {"name": consulent},
    )
    return client


def _withdraw(entry, *, kind: str, author_id, recorded_at, reason: str, by: User, what: str):
    """Withdraw one entry of a client file (never delete it): the organisation's rule, the
    reason, the access log. The caller has locked the row."""
    CorrectionRule.check_allowed(kind=kind, user=by, author_id=author_id, recorded_at=recorded_at)
    entry.withdraw(by=by, reason=reason)
    entry.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    log_access(
        user=by,
        client=entry.client,
        action=AccessAction.UPDATE,
        detail=_("Ingetrokken: %(what)s. Reden: %(reason)s") % {"what": what, "reason": reason},
        obj=entry,
    )
    return entry


@transaction.atomic
def withdraw_note(*, note: ContactNote, reason: str, by: User) -> ContactNote:
    note = ContactNote.all_objects.select_for_update().select_related("client").get(pk=note.pk)
    return _withdraw(note, kind=CorrectionRule.Kind.CONTACT_NOTE, author_id=note.author_id,
                     recorded_at=note.created_at, reason=reason, by=by,
                     what=_("contactmoment %(note)s") % {"note": note})  # fmt: skip


@transaction.atomic
def withdraw_ontheffing(*, ontheffing: Ontheffing, reason: str, by: User) -> Ontheffing:
    """An ontheffing records no author or moment: the rule's own_only and days do not apply."""
    ontheffing = (
        Ontheffing.all_objects.select_for_update().select_related("client").get(pk=ontheffing.pk)
    )
    return _withdraw(ontheffing, kind=CorrectionRule.Kind.ONTHEFFING, author_id=None,
                     recorded_at=None, reason=reason, by=by,
                     what=_("ontheffing %(o)s") % {"o": ontheffing})  # fmt: skip


@transaction.atomic
def reassign_many(*, clients: QuerySet[Client], consulent: User, by: User) -> list[int]:
    """Assign many clients to one consulent at once (a handover): one UPDATE, one INSERT of
    access-log rows. Refused as a whole when the consulent does not work for the municipality
    of one of them."""
    ids = list(clients.select_for_update().order_by("pk").values_list("pk", flat=True))
    outside = (
        Client.objects.filter(pk__in=ids)
        .exclude(municipality__in=consulent.scoped_municipalities())
        .exists()
    )
    if outside or consulent.organisation_id != by.organisation_id:
        raise ValidationError(
            {"to": _("Deze consulent werkt niet voor de gemeente van alle gekozen cliënten.")}
        )
    Client.objects.filter(pk__in=ids).update(
        consulent=consulent, updated_at=timezone.now(), updated_by=by, version=F("version") + 1
    )
    log_listed(
        user=by,
        client_ids=ids,
        action=AccessAction.UPDATE,
        detail=str(_("Overgedragen aan consulent %(name)s") % {"name": consulent}),
    )
    return ids
