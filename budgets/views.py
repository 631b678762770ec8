"""Managers' budget pages: the year's table split per municipality, the realisation, and the
download with the same figures. Only municipalities in the user's scope appear."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.models import BudgetYear
from budgets.realisation import realisation, realisation_day
from budgets.split import to_euros
from budgets.tables import budget_table
from core.downloads import xlsx_response
from organisations.models import Municipality
from organisations.roles import MANAGER


def _years(request):
    if not request.user.has_role(MANAGER):
        raise Http404
    return BudgetYear.objects.for_user(request.user).select_related("key")


def _table(request, year: int):
    """The year and its table, or the year and the key's refusal as a message."""
    budget_year = get_object_or_404(_years(request), year=year)
    scope = set(Municipality.objects.for_user(request.user).values_list("pk", flat=True))
    try:
        table = budget_table(budget_year=budget_year, scope=scope)
    except ValidationError as error:
        return budget_year, None, " ".join(error.messages)
    if not table.municipalities:
        raise Http404
    return budget_year, table, ""


def _page(request, template: str, year: int, *, with_realisation: bool = False, **context):
    budget_year, table, problem = _table(request, year)
    result = None
    if table is not None and with_realisation:
        result = realisation(table=table, day=realisation_day(year, timezone.localdate()))
    return render(
        request,
        template,
        {
            "budget_year": budget_year,
            "table": table,
            "problem": problem,
            "result": result,
            "years": list(_years(request).values_list("year", flat=True)),
            **context,
        },
    )


def budget_index(request):
    """The current year's budget, or the latest there is."""
    years = _years(request)
    today = timezone.localdate()
    current = years.filter(year=today.year).first() or years.first()
    if current is None:
        return render(request, "budgets/budgetyear_none.html")
    return redirect("budgets:budgetyear_detail", year=current.year)


def budgetyear_detail(request, year: int):
    in_thousands = request.GET.get("weergave") == "duizenden"
    return _page(request, "budgets/budgetyear_detail.html", year, in_thousands=in_thousands)


def budgetyear_realisation(request, year: int):
    return _page(
        request,
        "budgets/budgetyear_realisation.html",
        year,
        with_realisation=True,
        warning_percent=settings.OPSTAP_BUDGET_WARNING_PERCENT,
    )


def budgetyear_xlsx(request, year: int):
    _budget_year, table, problem = _table(request, year)
    if table is None:
        raise Http404(problem)
    result = realisation(table=table, day=realisation_day(year, timezone.localdate()))
    return xlsx_response(
        f"begroting-{year}.xlsx",
        [
            (_("Begroting"), *_budget_sheet(table, thousands=False)),
            (_("Begroting in duizenden"), *_budget_sheet(table, thousands=True)),
            (_("Realisatie"), *_realisation_sheet(result)),
        ],
    )


def _budget_sheet(table, *, thousands: bool):
    header = [_("Omschrijving"), _("Soort"), _("Budget"), _("Doel")]
    if table.show_total:
        header.append(_("Totaal"))
    percentages = table.whole_percentages if thousands else table.percentages
    header += [f"{m.name} ({percentages[m.pk]}%)" for m in table.municipalities]
    rows = []
    for group in table.groups:
        for row in group.rows:
            line = row.line
            rows.append(
                [
                    line.name,
                    line.get_kind_display(),
                    line.get_pot_display(),
                    line.purpose,
                    *_amounts(table, row, thousands=thousands),
                ]
            )
        rows.append(
            [
                group.subtotal.label,
                "",
                "",
                "",
                *_amounts(table, group.subtotal, thousands=thousands),
            ]
        )
    rows.append([table.total.label, "", "", "", *_amounts(table, table.total, thousands=thousands)])
    if thousands:
        rows.append([table.thousands_note])
    return header, rows


def _amounts(table, row, *, thousands: bool) -> list:
    if thousands:
        values = [row.total_thousands] if table.show_total else []
        return values + [row.thousands[m.pk] for m in table.municipalities]
    values = [to_euros(row.total)] if table.show_total else []
    return values + [to_euros(row.parts[m.pk]) for m in table.municipalities]


def _realisation_sheet(result):
    header = [
        _("Gemeente"),
        _("Regel"),
        _("Budget"),
        _("Besteed"),
        _("Verplicht"),
        _("Resterend"),
        _("Prognose jaareinde"),
        _("Gebruik %"),
    ]
    rows = []
    for m in result.municipalities:
        cells = [(label, cells[m.pk]) for label, cells in result.lines]
        cells.append((_("Totaal"), result.totals[m.pk]))
        for label, cell in cells:
            rows.append(
                [
                    m.name,
                    label,
                    to_euros(cell.budget),
                    to_euros(cell.spent),
                    to_euros(cell.committed),
                    to_euros(cell.left),
                    to_euros(cell.forecast),
                    float(cell.usage) if cell.usage is not None else None,
                ]
            )
    return header, rows
