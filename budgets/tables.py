"""The year's budget table as in the policy plan: lines by kind with subtotals and a total, each
split per municipality to the cent. Only the municipalities in the user's scope are in it; the
organisation-wide total column only when the user sees every municipality of the key.

In thousands (the council table) every row's parts add up to the row's rounded total: the split of
each amount is rounded by largest remainder over all municipalities of the key, then the ones not in
scope are left out, so a scoped manager sees the same figure as the whole organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from budgets.models import BudgetLine, BudgetYear, DistributionKey
from budgets.services import key_percentages, key_weights
from budgets.split import round_thousands, split_cents, split_thousands, to_cents
from organisations.models import Municipality


@dataclass
class Row:
    label: str
    total: int  # cents, for all municipalities of the key
    parts: dict[int, int]  # municipality pk -> cents, only municipalities shown
    line: BudgetLine | None = None
    thousands: dict[int, int] = field(default_factory=dict)  # pk -> whole thousands, shown only
    all_parts: dict[int, int] = field(default_factory=dict, repr=False)  # every municipality

    @property
    def total_thousands(self) -> int:
        return round_thousands(self.total)


@dataclass
class Group:
    label: str
    rows: list[Row]
    subtotal: Row


@dataclass
class BudgetTable:
    budget_year: BudgetYear
    municipalities: list[Municipality]  # shown, in key order
    percentages: dict[int, Decimal]  # municipality pk -> % of the key, as the key holds it
    whole_percentages: dict[int, int]  # pk -> % of the key in whole percents (council table)
    show_total: bool
    groups: list[Group] = field(default_factory=list)
    total: Row | None = None

    @property
    def thousands_note(self) -> str:
        """How the council table is rounded, naming the unrounded key it was computed with."""
        key = " / ".join(
            f"{number_format(self.percentages[m.pk], use_l10n=True)}%" for m in self.municipalities
        )
        return _(
            "Bedragen in duizenden euro's. Elk totaal is afgerond op duizenden (half naar boven) "
            "en verdeeld met de grootste-restmethode, zodat de delen precies optellen tot het "
            "afgeronde totaal. Gerekend in centen met de onafgeronde sleutel %(key)s; de "
            "kolomkoppen tonen die afgerond op hele procenten."
        ) % {"key": key}

    @property
    def rows(self) -> list[Row]:
        """Every line of the year, without subtotals and total."""
        return [row for group in self.groups for row in group.rows]


def _row(label: str, total: int, all_parts: dict[int, int], shown: list[int], **kwargs) -> Row:
    thousands = split_thousands(all_parts)
    return Row(
        label=label,
        total=total,
        parts={pk: all_parts[pk] for pk in shown},
        thousands={pk: thousands[pk] for pk in shown},
        all_parts=all_parts,
        **kwargs,
    )


def _sum(label: str, rows: list[Row], every: list[int], shown: list[int]) -> Row:
    all_parts = {pk: sum(row.all_parts[pk] for row in rows) for pk in every}
    return _row(label, sum(row.total for row in rows), all_parts, shown)


def budget_table(*, budget_year: BudgetYear, scope: set[int]) -> BudgetTable:
    """`scope`: pks of the municipalities the user may see. Raises ValidationError when the key
    cannot split (a derived key without running benefits)."""
    weights = key_weights(budget_year.key)
    by_pk = {m.pk: w for m, w in weights.items()}
    shown = [m for m in weights if m.pk in scope]
    shown_pks = [m.pk for m in shown]
    if budget_year.key.method == DistributionKey.Method.FIXED:  # as entered: 74.1, not 74.10
        exact = {m: Decimal(f"{w.normalize():f}") for m, w in weights.items()}
    else:
        exact = key_percentages(weights)
    whole = split_cents(100, {m.pk: w for m, w in weights.items()})
    table = BudgetTable(
        budget_year=budget_year,
        municipalities=shown,
        percentages={m.pk: p for m, p in exact.items() if m.pk in scope},
        whole_percentages={pk: whole[pk] for pk in shown_pks},
        show_total=set(by_pk) <= scope,
    )
    lines = list(budget_year.lines.all())
    for kind, label in BudgetLine.Kind.choices:
        rows = []
        for line in (line for line in lines if line.kind == kind):
            cents = to_cents(line.amount)
            rows.append(_row(line.name, cents, split_cents(cents, by_pk), shown_pks, line=line))
        if rows:
            subtotal = _sum(
                _("Subtotaal %(kind)s") % {"kind": str(label).lower()}, rows, list(by_pk), shown_pks
            )
            table.groups.append(Group(label=label, rows=rows, subtotal=subtotal))
    table.total = _sum(
        _("Totale lasten"), [g.subtotal for g in table.groups], list(by_pk), shown_pks
    )
    return table
