"""The year's budget table as in the policy plan: lines by kind with subtotals and a total, each
split per municipality to the cent. Only the municipalities in the user's scope are in it; the
organisation-wide total column only when the user sees every municipality of the key."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from budgets.models import BudgetLine, BudgetYear
from budgets.services import key_percentages, key_weights
from budgets.split import split_cents, to_cents
from organisations.models import Municipality


@dataclass
class Row:
    label: str
    total: int  # cents, for all municipalities of the key
    parts: dict[int, int]  # municipality pk -> cents, only municipalities shown
    line: BudgetLine | None = None


@dataclass
class Group:
    label: str
    rows: list[Row]
    subtotal: Row


@dataclass
class BudgetTable:
    budget_year: BudgetYear
    municipalities: list[Municipality]  # shown, in key order
    percentages: dict[int, Decimal]  # municipality pk -> % of the key
    show_total: bool
    groups: list[Group] = field(default_factory=list)
    total: Row | None = None

    @property
    def rows(self) -> list[Row]:
        """Every line of the year, without subtotals and total."""
        return [row for group in self.groups for row in group.rows]


def _sum(label: str, rows: list[Row], shown: list[int]) -> Row:
    return Row(
        label=label,
        total=sum(row.total for row in rows),
        parts={pk: sum(row.parts[pk] for row in rows) for pk in shown},
    )


def budget_table(*, budget_year: BudgetYear, scope: set[int]) -> BudgetTable:
    """`scope`: pks of the municipalities the user may see. Raises ValidationError when the key
    cannot split (a derived key without running benefits)."""
    weights = key_weights(budget_year.key)
    by_pk = {m.pk: w for m, w in weights.items()}
    shown = [m for m in weights if m.pk in scope]
    shown_pks = [m.pk for m in shown]
    percentages = {m.pk: p for m, p in key_percentages(weights).items() if m.pk in scope}
    table = BudgetTable(
        budget_year=budget_year,
        municipalities=shown,
        percentages=percentages,
        show_total=set(by_pk) <= scope,
    )
    lines = list(budget_year.lines.all())
    for kind, label in BudgetLine.Kind.choices:
        rows = []
        for line in (line for line in lines if line.kind == kind):
            cents = to_cents(line.amount)
            parts = split_cents(cents, by_pk)
            rows.append(
                Row(
                    label=line.name,
                    total=cents,
                    parts={pk: parts[pk] for pk in shown_pks},
                    line=line,
                )
            )
        if rows:
            subtotal = _sum(_("Subtotaal %(kind)s") % {"kind": str(label).lower()}, rows, shown_pks)
            table.groups.append(Group(label=label, rows=rows, subtotal=subtotal))
    table.total = _sum(_("Totale lasten"), [g.subtotal for g in table.groups], shown_pks)
    return table
