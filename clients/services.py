"""Changes to client files. Each service is atomic and writes the access log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from clients.models import (
    ART_9A_CHILD_AGE,
    ART_9A_MAX_YEARS,
    AccessAction,
    AccessLog,
    AccessResult,
    BenefitPeriod,
    Client,
    ContactNote,
    EndReason,
    Household,
    Ontheffing,
    OntheffingReason,
    ProcessingActivity,
    sort_name,
)
from organisations.dates import add_years
from organisations.models import Municipality, User
from security.middleware import current_request_id

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


def object_ref(obj: models.Model | None) -> str:
    """ "app.model:pk", the way the access log names an object."""
    return f"{obj._meta.label_lower}:{obj.pk}" if obj is not None else ""


def log_access(
    *,
    user: User,
    client: Client,
    action: str,
    detail: str = "",
    obj: models.Model | None = None,
    result: str = AccessResult.SUCCESS,
    activity: str = ProcessingActivity.CASEWORK,
) -> None:
    AccessLog.objects.create(
        user=user,
        client=client,
        action=action,
        detail=detail[:500],
        client_version=client.version,
        object_ref=object_ref(obj if obj is not None else client),
        result=result,
        request_id=current_request_id(),
        processing_activity=activity,
    )


def log_listed(
    *,
    user: User,
    client_ids: Iterable[int],
    action: str = AccessAction.SEARCH,
    detail: str = "",
    activity: str = ProcessingActivity.CASEWORK,
    result: str = AccessResult.SUCCESS,
) -> int:
    """One row per client shown in a list, search result or export, in one INSERT."""
    now, request_id = timezone.now(), current_request_id()
    rows = [
        AccessLog(
            user=user,
            client_id=client_id,
            at=now,
            action=action,
            detail=detail[:500],
            object_ref=f"clients.client:{client_id}",
            request_id=request_id,
            processing_activity=activity,
            result=result,
        )
        for client_id in dict.fromkeys(client_ids)
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


def log_page(
    *,
    user: User,
    page,
    detail: str,
    client_id=lambda row: row.pk,
    activity: str = ProcessingActivity.CASEWORK,
) -> None:
    """Log the clients on one page of a list: what the user saw, not what the query matched."""
    log_listed(
        user=user,
        client_ids=[client_id(row) for row in page.object_list],
        detail=detail,
        activity=activity,
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
    start_benefit(
        client=client, municipality=client.municipality, start=benefit_start, by=by, log=False
    )
    log_access(
        user=by,
        client=client,
        action=AccessAction.CREATE,
        detail=_("Cliënt ingeschreven met uitkering vanaf %(start)s")
        % {"start": benefit_start.isoformat()},
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
            % {"start": start.isoformat(), "municipality": municipality},
        )
    return period


@transaction.atomic
def end_benefit(*, period: BenefitPeriod, end: date, reason: EndReason, by: User) -> BenefitPeriod:
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
        % {"end": end.isoformat(), "reason": reason.code},
    )
    return period


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


def _check_art_9a(client: Client, start: date, end: date | None) -> None:
    """Art. 9a: a single parent with a child under 5, until the child turns 5, at most 5 years."""
    if client.household != Household.SINGLE_PARENT:
        raise ValidationError(
            _(
                "Een ontheffing op grond van art. 9a is alleen mogelijk voor een "
                "alleenstaande ouder."
            )
        )
    if client.youngest_child_birth_date is None:
        raise ValidationError(
            _("Vul eerst de geboortedatum van het jongste kind in bij de persoonsgegevens.")
        )
    fifth_birthday = add_years(client.youngest_child_birth_date, ART_9A_CHILD_AGE)
    if start >= fifth_birthday:
        raise ValidationError({"start": _("Het jongste kind is op deze datum al 5 jaar of ouder.")})
    if end is None or end >= fifth_birthday:
        raise ValidationError(
            {
                "end": _(
                    "Een art. 9a-ontheffing eindigt uiterlijk de dag vóór de vijfde verjaardag van het "
                    "jongste kind (%(date)s)."
                )
                % {"date": (fifth_birthday - timedelta(days=1)).strftime("%d-%m-%Y")}
            }
        )
    used = sum(
        o.duration_days() for o in client.ontheffingen.filter(reason=OntheffingReason.SINGLE_PARENT)
    )
    if used + (end - start).days + 1 > (add_years(start, ART_9A_MAX_YEARS) - start).days:
        raise ValidationError(
            {
                "end": _(
                    "Een art. 9a-ontheffing duurt in totaal hooguit %(years)s jaar; er is al %(days)s "
                    "dagen gebruikt."
                )
                % {"years": ART_9A_MAX_YEARS, "days": used}
            }
        )


@transaction.atomic
def add_ontheffing(
    *, client: Client, reason: str, start: date, end: date | None, remark: str, by: User
) -> Ontheffing:
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
        _check_art_9a(client, start, end)
    for other in client.ontheffingen.all():
        if (other.end is None or start <= other.end) and (end is None or other.start <= end):
            raise ValidationError(
                _("Deze periode overlapt met de ontheffing %(other)s.") % {"other": other}
            )
    ontheffing.save()
    log_access(
        user=by,
        client=client,
        action=AccessAction.UPDATE,
        detail=_("Ontheffing toegevoegd: %(o)s") % {"o": ontheffing},
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
        detail=_("Ontheffing beëindigd per %(end)s") % {"end": end.isoformat()},
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
