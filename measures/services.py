"""The maatregel workflow (art. 18 Participatiewet): gedraging → horen → besluit volgens de
verordening (four eyes, approvals) or afzien; the decision letter through letters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.access import log_access
from clients.extensions import Decision, hold_for_approval
from clients.models import AccessAction, Client
from core import formatting
from core.dates import add_months
from letters.services import send_letter_from_template, templates_for
from measures.models import (
    GedragingKind,
    Maatregel,
    MaatregelRule,
    months_label,
)
from organisations.models import User

DECISION_LETTER = "besluit-maatregel"  # the letter template's code, where one exists
Status = Maatregel.Status


def _log(maatregel: Maatregel, by: User, detail: str) -> None:
    log_access(user=by, client=maatregel.client, action=AccessAction.UPDATE, detail=detail,
               obj=maatregel)  # fmt: skip


@transaction.atomic
def record_gedraging(
    *,
    client: Client,
    kind: GedragingKind,
    on: date,
    description: str,
    by: User,
    appointment=None,
) -> Maatregel:
    if on > timezone.localdate():
        raise ValidationError({"gedraging_on": _("Een gedraging ligt niet in de toekomst.")})
    if appointment is not None:
        if appointment.client_id != client.pk:
            raise ValidationError({"appointment": _("Deze afspraak hoort niet bij deze cliënt.")})
        if not appointment.is_no_show:
            raise ValidationError(
                {"appointment": _("Op deze afspraak is de cliënt niet als afwezig vastgelegd.")}
            )
        if Maatregel.objects.filter(appointment=appointment).exists():
            raise ValidationError(
                {"appointment": _("Voor deze afspraak is al een gedraging vastgelegd.")}
            )
    maatregel = Maatregel.objects.create(client=client, kind=kind, gedraging_on=on,
                                         description=description.strip(), appointment=appointment,
                                         recorded_by=by)  # fmt: skip
    _log(maatregel, by, _("Gedraging vastgelegd: %(m)s") % {"m": maatregel})
    return maatregel


def _locked(maatregel: Maatregel, *allowed: str) -> Maatregel:
    fresh = (
        Maatregel.objects.select_for_update().select_related("client", "kind").get(pk=maatregel.pk)
    )
    if fresh.status not in allowed:
        raise ValidationError(
            _("Dat kan niet meer in deze stap (%(s)s).") % {"s": fresh.get_status_display()}
        )
    return fresh


@transaction.atomic
def plan_hearing(*, maatregel: Maatregel, on: date, by: User) -> Maatregel:
    maatregel = _locked(maatregel, Status.RECORDED, Status.HEARING_PLANNED)
    if on < maatregel.gedraging_on:
        raise ValidationError({"on": _("Het horen ligt vóór de gedraging.")})
    maatregel.hearing_on, maatregel.status = on, Status.HEARING_PLANNED
    maatregel.save(update_fields=["hearing_on", "status"])
    _log(maatregel, by, _("Horen gepland op %(d)s") % {"d": on.strftime("%d-%m-%Y")})
    return maatregel


@transaction.atomic
def record_hearing(*, maatregel: Maatregel, on: date, statement: str, by: User) -> Maatregel:
    maatregel = _locked(maatregel, Status.RECORDED, Status.HEARING_PLANNED)
    if on > timezone.localdate():
        raise ValidationError({"on": _("Het horen ligt niet in de toekomst.")})
    if not statement.strip():
        raise ValidationError({"statement": _("Leg vast wat de cliënt zei.")})
    maatregel.heard_on, maatregel.client_statement = on, statement.strip()
    maatregel.status = Status.HEARD
    maatregel.save(update_fields=["heard_on", "client_statement", "status"])
    _log(maatregel, by, _("Gehoord op %(d)s") % {"d": on.strftime("%d-%m-%Y")})
    return maatregel


def terms_for(maatregel: Maatregel, starts_on: date) -> tuple[Decimal, int, bool, MaatregelRule]:
    """The verordening's percentage and months for this gedraging on `starts_on`: heavier when
    the client had a maatregel imposed for a gedraging within the rule's repeat window."""
    rule = MaatregelRule.objects.in_force(
        organisation_id=maatregel.client.organisation_id,
        category=maatregel.kind.category,
        on=starts_on,
    )
    if rule is None:
        raise ValidationError(
            _("De verordening heeft geen regel voor categorie %(c)s op %(d)s.")
            % {"c": maatregel.kind.category, "d": starts_on.strftime("%d-%m-%Y")}
        )
    since = add_months(maatregel.gedraging_on, -rule.repeat_window_months)
    repeat = (
        Maatregel.objects.filter(client_id=maatregel.client_id, status=Status.IMPOSED,
                                 gedraging_on__gte=since, gedraging_on__lte=maatregel.gedraging_on)
        .exclude(pk=maatregel.pk)
        .exists()
    )  # fmt: skip
    if repeat:
        return rule.repeat_percentage, rule.repeat_months, True, rule
    return rule.percentage, rule.months, False, rule


@transaction.atomic
def propose_decision(*, maatregel: Maatregel, starts_on: date, by: User) -> Maatregel:
    """The decision following the verordening; held ter goedkeuring (every maatregel is
    four-eyes unless the organisation decided otherwise), or imposed at once."""
    maatregel = _locked(maatregel, Status.HEARD)
    percentage, months, repeat, _rule = terms_for(maatregel, starts_on)
    decision = Decision(
        kind="maatregel",
        client=maatregel.client,
        effective=starts_on,
        payload={"maatregel": maatregel.pk},
        summary=_("Maatregel %(p)s van de norm gedurende %(m)s vanaf %(d)s: %(k)s%(r)s")
        % {
            "p": formatting.percentage(percentage),
            "m": months_label(months),
            "d": starts_on.strftime("%d-%m-%Y"),
            "k": maatregel.kind,
            "r": _(" (herhaling)") if repeat else "",
        },
        by=by,
    )
    if hold_for_approval(decision) is not None:
        maatregel.status = Status.WAITING
        maatregel.save(update_fields=["status"])
        return maatregel
    return impose(maatregel=maatregel, starts_on=starts_on, by=by)


@transaction.atomic
def impose(*, maatregel: Maatregel, starts_on: date, by: User) -> Maatregel:
    """Impose as of `starts_on` (after approval: approvals.kinds), with the decision letter
    where the organisation has a template for it."""
    maatregel = _locked(maatregel, Status.HEARD, Status.WAITING)
    percentage, months, repeat, _rule = terms_for(maatregel, starts_on)
    maatregel.percentage, maatregel.months, maatregel.repeat = percentage, months, repeat
    maatregel.starts_on, maatregel.status = starts_on, Status.IMPOSED
    maatregel.decided_at = timezone.now()
    maatregel.letter = decision_letter(maatregel=maatregel, by=by)
    maatregel.save()
    _log(maatregel, by, _("Maatregel opgelegd: %(terms)s") % {"terms": maatregel.terms_label})
    return maatregel


def decision_letter(*, maatregel: Maatregel, by: User):
    """The extension point of the decision letter: the letters app's template
    `besluit-maatregel` of the organisation in force today (seeded, letters/seed.py), when it
    has one; otherwise none (the letter is then written by hand on the file). Dates are given
    as dates, so the letter spells them out ("1 december 2026")."""
    if not templates_for(by).filter(code=DECISION_LETTER).exists():
        return None
    return send_letter_from_template(
        client=maatregel.client,
        code=DECISION_LETTER,
        by=by,
        extra={
            "gedraging": str(maatregel.kind).lower(),
            "gedraging_datum": maatregel.gedraging_on,
            "gehoord_op": maatregel.heard_on,
            "percentage": formatting.percentage(maatregel.percentage),
            "maanden": maatregel.months,
            "duur": months_label(maatregel.months),
            "ingangsdatum": maatregel.starts_on,
            "einddatum": maatregel.ends_on,
            "herhaling": _("ja") if maatregel.repeat else "",
        },
    )


@transaction.atomic
def waive(*, maatregel: Maatregel, waiver: str, explanation: str, by: User) -> Maatregel:
    maatregel = _locked(maatregel, Status.RECORDED, Status.HEARING_PLANNED, Status.HEARD)
    if waiver not in Maatregel.Waiver.values:
        raise ValidationError({"waiver": _("Kies dringende redenen of geen verwijtbaarheid.")})
    if not explanation.strip():
        raise ValidationError({"explanation": _("Licht toe waarom wordt afgezien.")})
    maatregel.waiver, maatregel.waiver_explanation = waiver, explanation.strip()
    maatregel.status, maatregel.decided_at = Status.WAIVED, timezone.now()
    maatregel.save()
    _log(
        maatregel,
        by,
        _("Afgezien van een maatregel: %(w)s") % {"w": maatregel.get_waiver_display()},
    )
    return maatregel
