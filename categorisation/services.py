"""Recording assessments and ladder steps: effective-dated, never overwritten."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from categorisation.models import Assessment, Category, EffectiveDated, LadderStep
from clients.access import log_access
from clients.extensions import Decision, hold_for_approval
from clients.models import AccessAction, Client, Ontheffing
from core import formatting
from organisations.models import CorrectionRule, User


def _check_day(client: Client, day: date) -> None:
    if day > timezone.localdate():
        raise ValidationError({"date": _("Een beoordeling kan niet in de toekomst liggen.")})
    if day < client.date_of_birth:
        raise ValidationError({"date": _("Deze datum ligt vóór de geboortedatum van de cliënt.")})


def _insert(model: type[EffectiveDated], *, client: Client, day: date, by: User, **fields):
    """Insert a row in the client's timeline: the previous row now ends on `day`, the new row
    runs until the next one (if this one is back-dated). Nothing existing is overwritten."""
    Client.objects.select_for_update().filter(pk=client.pk).first()
    rows = model.objects.filter(client=client)
    if rows.filter(date=day).exists():
        raise ValidationError(
            {
                "date": _(
                    "Op %(day)s is al iets vastgelegd. Vastgelegde beoordelingen worden nooit "
                    "overschreven; kies een andere datum."
                )
                % {"day": day.strftime("%d-%m-%Y")}
            }
        )
    following = rows.filter(date__gt=day).order_by("date").values_list("date", flat=True).first()
    previous = rows.filter(date__lt=day).order_by("-date").values_list("pk", flat=True).first()
    if previous is not None:
        model.objects.filter(pk=previous).update(valid_until=day)
    row = model(client=client, date=day, valid_until=following, assessed_by=by, **fields)
    row.full_clean(exclude=["client", "assessed_by", "valid_until"])
    row.save()
    return row


def _check_assessment(
    *, client: Client, day: date, category: Category, estimated_months: int
) -> None:
    _check_day(client, day)
    if (
        not Category.objects.for_organisation(client.organisation_id)
        .filter(pk=category.pk)
        .exists()
    ):
        raise ValidationError({"category": _("Deze categorie hoort niet bij uw organisatie.")})
    if not category.fits(estimated_months):
        raise ValidationError(
            {
                "estimated_months": _(
                    "Bij categorie %(code)s horen %(range)s; u vulde %(months)s maanden in."
                )
                % {
                    "code": category.code,
                    "range": category.range_label(),
                    "months": estimated_months,
                }
            }
        )
    if (
        category.requires_ontheffing
        and not Ontheffing.objects.filter(client=client).running_on(day).exists()
    ):
        raise ValidationError(
            {
                "category": _(
                    "Categorie %(code)s vereist een lopende ontheffing op %(day)s; de cliënt heeft "
                    "die niet. Leg eerst de ontheffing vast."
                )
                % {"code": category.code, "day": day.strftime("%d-%m-%Y")}
            }
        )
    if category.requires_indication and not _has_indication(client, day):
        raise ValidationError(
            {
                "category": _(
                    "Categorie %(code)s vereist een indicatie Banenafspraak of Beschut werk op "
                    "%(day)s; de cliënt heeft die niet."
                )
                % {"code": category.code, "day": day.strftime("%d-%m-%Y")}
            }
        )


@transaction.atomic
def assess_client(
    *,
    client: Client,
    day: date,
    category: Category,
    estimated_months: int,
    reason: str,
    by: User,
) -> Assessment:
    _check_assessment(client=client, day=day, category=category, estimated_months=estimated_months)
    assessment = _insert(
        Assessment,
        client=client,
        day=day,
        by=by,
        category=category,
        estimated_months=estimated_months,
        reason=reason,
    )
    log_access(
        user=by,
        client=client,
        action=AccessAction.UPDATE,
        detail=_("Gecategoriseerd als %(code)s per %(day)s")
        % {"code": category.code, "day": formatting.day(day)},
    )
    return assessment


@transaction.atomic
def submit_assessment(
    *,
    client: Client,
    day: date,
    category: Category,
    estimated_months: int,
    reason: str,
    by: User,
) -> Assessment | None:
    """The workflow "categorise" from the file: an assessment that moves the client between
    units (re-integratie ↔ participatie) is held ter goedkeuring when the organisation asks for
    four eyes (returns None); anything else is recorded at once."""
    _check_assessment(client=client, day=day, category=category, estimated_months=estimated_months)
    in_force = Assessment.objects.filter(client=client).on(day).select_related("category").first()
    if in_force is not None and in_force.category.unit_id != category.unit_id:
        decision = Decision(
            kind="eenheid",
            client=client,
            effective=day,
            payload={
                "category": category.pk,
                "estimated_months": estimated_months,
                "reason": reason,
            },
            summary=_("Van %(old)s (%(old_unit)s) naar %(new)s (%(new_unit)s) per %(day)s")
            % {
                "old": in_force.category.code,
                "old_unit": in_force.category.unit,
                "new": category.code,
                "new_unit": category.unit,
                "day": day.strftime("%d-%m-%Y"),
            },
            by=by,
        )
        if hold_for_approval(decision) is not None:
            return None
    return assess_client(
        client=client,
        day=day,
        category=category,
        estimated_months=estimated_months,
        reason=reason,
        by=by,
    )


def _has_indication(client: Client, day: date) -> bool:
    return any(
        since is not None and since <= day
        for since in (client.banenafspraak_date, client.beschut_werk_date)
    )


@transaction.atomic
def record_ladder_step(
    *, client: Client, day: date, trede: int, reason: str, by: User
) -> LadderStep:
    _check_day(client, day)
    step = _insert(LadderStep, client=client, day=day, by=by, trede=trede, reason=reason)
    log_access(
        user=by,
        client=client,
        action=AccessAction.UPDATE,
        detail=_("Participatieladder: trede %(trede)s per %(day)s")
        % {"trede": trede, "day": formatting.day(day)},
    )
    return step


@transaction.atomic
def withdraw_effective(*, entry: EffectiveDated, reason: str, by: User) -> EffectiveDated:
    """Withdraw an assessment or ladder step: it stays, struck through; the client's timeline
    closes over it (the previous row now runs until the next one), from now on."""
    model = type(entry)
    Client.objects.select_for_update().filter(pk=entry.client_id).first()
    entry = model.all_objects.select_related("client").get(pk=entry.pk)
    kind = "beoordeling" if model is Assessment else "trede"
    CorrectionRule.check_allowed(
        kind=kind, user=by, author_id=entry.assessed_by_id, recorded_at=entry.created_at
    )
    entry.withdraw(by=by, reason=reason)
    entry.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    rows = model.objects.filter(client_id=entry.client_id)
    following = rows.filter(date__gt=entry.date).order_by("date").values_list("date", flat=True)
    previous = rows.filter(date__lt=entry.date).order_by("-date").first()
    if previous is not None:
        previous.valid_until = following.first()
        previous.save(update_fields=["valid_until"])
    log_access(
        user=by,
        client=entry.client,
        action=AccessAction.UPDATE,
        detail=_("Ingetrokken: %(what)s. Reden: %(reason)s")
        % {"what": f"{model._meta.verbose_name} {entry}", "reason": reason},
        obj=entry,
    )
    return entry
