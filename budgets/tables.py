"""The year's budget table as in the policy plan: lines by kind with subtotals and a total, each
split per municipality to the cent. Only the municipalities in the user's scope are in it; the
organisation-wide total column only when the user sees every municipality of the key.

In thousands (the council table) the rows and the columns add up (controlled rounding,
budgets.split.controlled_round): the total's parts are its rounded total split by largest
remainder over all municipalities of the key; each municipality's subtotals then add up to its
total and its lines to its subtotal, each line's parts to the line's total and the line totals to
their subtotal, every figure its exact value rounded down or up. The ones not in scope are left out
afterwards, so a scoped manager sees the same figure as the whole organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from budgets.models import BudgetLine, BudgetYear, DistributionKey
from budgets.services import key_percentages, key_weights
from budgets.split import (
    controlled_round,
    round_thousands,
    round_to_total,
    split_cents,
    to_cents,
)
from organisations.models import Municipality


@dataclass
class Row:
    label: str
    total: int  # cents, for all municipalities of the key
    parts: dict[int, int]  # municipality pk -> cents, only municipalities shown
    line: BudgetLine | None = None
    thousands: dict[int, int] = field(default_factory=dict)  # pk -> whole thousands, shown only
    all_parts: dict[int, int] = field(default_factory=dict, repr=False)  # every municipality
    rounded_total: int | None = None  # whole thousands, as the table's rounding gave it

    @property
    def total_thousands(self) -> int:
        return round_thousands(self.total) if self.rounded_total is None else self.rounded_total


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
            "Bedragen in duizenden euro's. Het totaal is afgerond op duizenden (half naar boven) "
            "en verdeeld met de grootste-restmethode; elk bedrag is naar beneden of naar boven "
            "afgerond zodat rijen en kolommen precies optellen tot hun afgeronde totalen. "
            "Gerekend in centen met de onafgeronde sleutel %(key)s; de kolomkoppen tonen die "
            "afgerond op hele procenten."
        ) % {"key": key}

    @property
    def rows(self) -> list[Row]:
        """Every line of the year, without subtotals and total."""
        return [row for group in self.groups for row in group.rows]


def _row(label: str, total: int, all_parts: dict[int, int], shown: list[int], **kwargs) -> Row:
    return Row(
        label=label,
        total=total,
        parts={pk: all_parts[pk] for pk in shown},
        all_parts=all_parts,
        **kwargs,
    )


def _in_thousands(row: Row) -> dict[int, Fraction]:
    return {pk: Fraction(cents, 100_000) for pk, cents in row.all_parts.items()}


def _round_thousands(table: BudgetTable, shown: list[int]) -> None:
    """The council table in whole thousands, rows and columns adding up (module docstring)."""
    total = table.total
    columns = round_to_total(_in_thousands(total), round_thousands(total.total))
    levels = [(total, [group.subtotal for group in table.groups])]
    levels += [(group.subtotal, group.rows) for group in table.groups]
    rounded = {id(total): columns}
    total.rounded_total = sum(columns.values())
    for parent, rows in levels:
        cells, totals = controlled_round(
            {id(row): _in_thousands(row) for row in rows}, rounded[id(parent)]
        )
        for row in rows:
            rounded[id(row)] = cells[id(row)]
            row.rounded_total = totals[id(row)]
    for row in [total, *(g.subtotal for g in table.groups), *table.rows]:
        row.thousands = {pk: rounded[id(row)][pk] for pk in shown}


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
    _round_thousands(table, shown_pks)
    return table
