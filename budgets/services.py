"""Rules for keys and budget years: checking a key's shares, the weights a key splits by, and
copying a year to the next."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from budgets.models import BudgetLine, BudgetYear, DistributionKey
from clients.models import BenefitPeriod
from organisations.models import Municipality, Organisation

HUNDRED = Decimal("100")


def check_shares(
    *,
    organisation: Organisation,
    shares: Iterable[tuple[Municipality | None, Decimal | None]],
) -> None:
    """Refuse a fixed key whose shares are not one non-negative share per municipality of the
    organisation, adding up to exactly 100%. All problems are reported at once."""
    errors: list[str] = []
    seen: set[int] = set()
    total = Decimal("0")
    rows = [(municipality, share) for municipality, share in shares if municipality or share]
    if not rows:
        raise ValidationError(_("Een vaste sleutel heeft minstens één gemeente met een aandeel."))
    for municipality, share in rows:
        if municipality is None or share is None:
            errors.append(_("Vul bij elk aandeel zowel de gemeente als het percentage in."))
            continue
        if municipality.organisation_id != organisation.pk:
            errors.append(
                _("%(name)s hoort niet bij %(org)s.") % {"name": municipality, "org": organisation}
            )
        if municipality.pk in seen:
            errors.append(_("%(name)s staat twee keer in de sleutel.") % {"name": municipality})
        seen.add(municipality.pk)
        if share < 0:
            errors.append(
                _("Het aandeel van %(name)s is negatief (%(share)s%%).")
                % {"name": municipality, "share": _percent(share)}
            )
        total += share
    if total != HUNDRED:
        errors.append(
            _("De aandelen tellen op tot %(total)s%% in plaats van precies 100%%.")
            % {"total": _percent(total)}
        )
    if errors:
        raise ValidationError(errors)


def _percent(value: Decimal) -> str:
    return number_format(value.normalize() if value == value.to_integral() else value, 2)


def key_weights(key: DistributionKey) -> dict[Municipality, Decimal]:
    """What `key` splits by: its percentages, or each municipality's number of running benefit
    periods on the reference date (as a Decimal count)."""
    if key.method == DistributionKey.Method.FIXED:
        shares = key.shares.select_related("municipality").order_by("-percentage", "pk")
        return {share.municipality: share.percentage for share in shares}
    counts = dict(
        BenefitPeriod.objects.filter(municipality__organisation_id=key.organisation_id)
        .running_on(key.reference_date)
        .values_list("municipality")
        .annotate(n=Count("pk"))
        .values_list("municipality", "n")
    )
    municipalities = Municipality.objects.filter(organisation_id=key.organisation_id)
    weights = {m: Decimal(counts.get(m.pk, 0)) for m in municipalities}
    if not any(weights.values()):
        raise ValidationError(
            _("Op %(day)s liep er geen enkele uitkering: deze sleutel kan niets verdelen.")
            % {"day": key.reference_date.strftime("%d-%m-%Y")}
        )
    return dict(sorted(weights.items(), key=lambda item: (-item[1], item[0].name)))


def key_percentages(weights: dict[Municipality, Decimal]) -> dict[Municipality, Decimal]:
    """The weights as percentages, for display (a derived key's shares)."""
    total = sum(weights.values())
    return {m: (w * HUNDRED / total).quantize(Decimal("0.01")) for m, w in weights.items()}


@transaction.atomic
def copy_budget_year(*, budget_year: BudgetYear, include_incidental: bool = False) -> BudgetYear:
    """The next year with this year's key and lines. Incidental lines are one-off by nature and
    are copied only when asked. Refused when the next year already exists."""
    next_year = budget_year.year + 1
    if BudgetYear.objects.filter(
        organisation_id=budget_year.organisation_id, year=next_year
    ).exists():
        raise ValidationError(_("Begrotingsjaar %(year)s bestaat al.") % {"year": next_year})
    copy = BudgetYear.objects.create(
        organisation_id=budget_year.organisation_id, year=next_year, key=budget_year.key
    )
    lines = budget_year.lines.all()
    if not include_incidental:
        lines = lines.filter(kind=BudgetLine.Kind.STRUCTURAL)
    BudgetLine.objects.bulk_create(
        BudgetLine(
            budget_year=copy,
            name=line.name,
            kind=line.kind,
            pot=line.pot,
            purpose=line.purpose,
            amount=line.amount,
            sort_order=line.sort_order,
        )
        for line in lines
    )
    return copy
