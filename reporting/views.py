"""Managers' dashboard and monthly report pages, scoped to the user's municipalities."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from budgets.models import BudgetYear
from budgets.realisation import realisation, realisation_day
from budgets.tables import budget_table
from clients.access import log_listed, log_page
from clients.models import AccessAction, Client, ProcessingActivity
from core.dates import add_months
from core.downloads import csv_response, csv_streaming_response, xlsx_response
from core.formatting import number
from organisations.models import Municipality
from organisations.roles import MANAGER
from reporting.charts import Series, line_chart
from reporting.drill import Rows, UnknownFigure, rows_sql
from reporting.finality import finality
from reporting.models import ReportRun, ReportVersion
from reporting.queries import Month
from reporting.report import flat_rows, sections
from reporting.services import last_complete_month, request_report
from reporting.versions import changes
from security.sessions import session_passive

TREND_MONTHS = 24
DRILL_PAGE_SIZE = 50
# Rows (and clients for the access log) fetched at a time for a download.
DRILL_BATCH = 2000


class MonthForm(forms.Form):
    maand = forms.DateField(
        label=gettext_lazy("Maand"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": gettext_lazy("Kies een maand, bijvoorbeeld 2026-10.")},
    )

    def clean_maand(self):
        month = self.cleaned_data["maand"].replace(day=1)
        if month > last_complete_month(timezone.localdate()):
            raise forms.ValidationError(_("Alleen afgelopen maanden hebben een rapportage."))
        if month.year < 2000:
            raise forms.ValidationError(_("Kies een maand vanaf 2000."))
        return month


def _municipality(request, pk: int) -> Municipality:
    if not request.user.has_role(MANAGER):
        raise Http404
    return get_object_or_404(Municipality.objects.for_user(request.user), pk=pk)


def _month(year: int, month: int) -> date:
    try:
        return date(year, month, 1)
    except ValueError:
        raise Http404 from None


def dashboard_index(request):
    if not request.user.has_role(MANAGER):
        raise Http404
    first = Municipality.objects.for_user(request.user).order_by("name").first()
    if first is None:
        raise Http404
    return redirect("reporting:dashboard", pk=first.pk)


def dashboard(request, pk: int):
    municipality = _municipality(request, pk)
    today = timezone.localdate()
    last = last_complete_month(today)
    months = [add_months(last, -offset) for offset in range(TREND_MONTHS - 1, -1, -1)]
    # The trend needs four numbers a month; only last month's report is read whole.
    keys = ["stand_begin", "instroom", "uitstroom", "stand_eind"]
    flows = {
        row["month"]: row
        for row in ReportRun.objects.filter(
            municipality=municipality, month__in=months, figures__isnull=False
        ).values("month", "data_date", *(f"figures__{key}" for key in keys))
    }

    def flow(month):
        row = flows[month]
        figures = {key: row[f"figures__{key}"] for key in keys}
        figures["finality"] = finality(month=month, data_date=row["data_date"])
        return figures

    trend = [(month, flow(month) if month in flows else None) for month in months]
    latest = ReportRun.objects.filter(municipality=municipality, month=last).first()
    labels = [f"{m:%m-%y}" for m in months]

    def series(label, key):
        return Series(label, [f[key] if f else None for _m, f in trend])

    return render(
        request,
        "reporting/dashboard.html",
        {
            "municipality": municipality,
            "municipalities": Municipality.objects.for_user(request.user).order_by("name"),
            "latest": latest,
            "latest_finality": _finality(latest),
            "last_month": last,
            "sections": {s.slug: s for s in sections(latest.figures)}
            if latest and latest.figures
            else {},
            "trend": trend,
            "flow_chart": line_chart(
                title_id="trend-stromen",
                x_labels=labels,
                series=[series(_("Instroom"), "instroom"), series(_("Uitstroom"), "uitstroom")],
            ),
            "stand_chart": line_chart(
                title_id="trend-stand",
                x_labels=labels,
                series=[series(_("Stand eind"), "stand_eind")],
            ),
            "budget": _budget_summary(request, municipality, today),
            "form": MonthForm(initial={"maand": last}),
        },
    )


def _budget_summary(request, municipality, today):
    budget_year = BudgetYear.objects.for_user(request.user).filter(year=today.year).first()
    if budget_year is None:
        return None
    try:
        table = budget_table(budget_year=budget_year, scope={municipality.pk})
    except ValidationError:  # a key that cannot split: the budget page explains it
        return None
    if not table.municipalities:
        return None
    result = realisation(table=table, day=realisation_day(budget_year.year, today))
    return {"year": budget_year.year, "cell": result.totals[municipality.pk]}


@require_POST
def report_request(request, pk: int):
    municipality = _municipality(request, pk)
    form = MonthForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "reporting/report_request.html",
            {"municipality": municipality, "form": form},
            status=400,
        )
    month = form.cleaned_data["maand"]
    request_report(municipality=municipality, month=month, by=request.user)
    return redirect("reporting:report_detail", pk=pk, year=month.year, month=month.month)


def _run(request, pk, year, month):
    municipality = _municipality(request, pk)
    run = ReportRun.objects.filter(municipality=municipality, month=_month(year, month)).first()
    return municipality, run


def _with_cells(run, drill_url: str) -> list:
    if not (run and run.figures):
        return []
    result = sections(run.figures)
    for section in result:
        for row in section.rows:
            row.cell_html = row.cell(drill_url)
    return result


def report_detail(request, pk: int, year: int, month: int):
    municipality, run = _run(request, pk, year, month)
    first = _month(year, month)
    versions, shown = _versions(request, run)
    current = shown is None or shown is versions[0]
    # One reverse for all the figure links (a big report has thousands). Each version lists
    # who its build counted; a version built before rows were kept has no lists.
    drill_url = (
        reverse("reporting:report_clients", args=[pk, year, month])
        + (f"?versie={shown.number}&" if shown is not None and not current else "?")
        if request.user.has_perm("clients.view_client") and shown is not None and shown.snapshot
        else ""
    )
    figures_of = shown if shown is not None else run
    return render(
        request,
        "reporting/report_detail.html",
        {
            "municipality": municipality,
            "month": first,
            "run": run,
            "finality": _finality(figures_of),
            "sections": _with_cells(figures_of, drill_url),
            "can_drill": bool(drill_url),
            "versions": versions,
            "shown": shown,
            "is_current": current,
            "form": MonthForm(initial={"maand": first}),
        },
    )


def _versions(request, run: ReportRun | None):
    """The run's versions, newest first, each with what changed since the one before it, and the
    version asked for with ?versie= (the newest without it; a 404 for one that does not exist)."""
    if run is None or not run.figures:
        if request.GET.get("versie"):
            raise Http404
        return [], None
    versions = list(ReportVersion.objects.filter(run=run).order_by("-number"))
    for version in versions:
        version.run = run  # no query per version for its month
        version.finality = _finality(version)
    for newer, older in pairwise(versions):
        newer.changes = changes(older.figures, newer.figures)
    if versions:
        versions[-1].changes = []
    asked = request.GET.get("versie", "")
    if not asked:
        return versions, versions[0] if versions else None
    shown = next((v for v in versions if str(v.number) == asked), None)
    if shown is None:
        raise Http404
    return versions, shown


def _version_asked(request, run: ReportRun) -> tuple[ReportVersion, bool]:
    """The version asked for with ?versie= (the newest without it; a 404 for one that does not
    exist) and whether it is the newest, without comparing the versions (downloads and lists)."""
    versions = ReportVersion.objects.filter(run=run)
    newest = versions.order_by("-number").values_list("number", flat=True).first()
    asked = request.GET.get("versie", "")
    if asked and not asked.isdigit():
        raise Http404
    number = int(asked) if asked else newest
    version = versions.filter(number=number).first() if number is not None else None
    if version is None:
        raise Http404
    version.run = run  # no query for its month
    return version, number == newest


@session_passive  # the page polls this by itself: not activity of the user
def report_status(request, pk: int, year: int, month: int):
    _, run = _run(request, pk, year, month)
    if run is None:
        raise Http404
    return JsonResponse({"status": run.status, "label": run.get_status_display()})


def _finality(run: ReportRun | ReportVersion | None):
    """Voorlopig or definitief, for a run or version with figures (reporting/finality.py)."""
    if run is None or not run.figures:
        return None
    month = run.run.month if isinstance(run, ReportVersion) else run.month
    return finality(month=month, data_date=run.data_date)


def _finished(request, pk, year, month):
    municipality, run = _run(request, pk, year, month)
    if run is None or not run.figures:
        raise Http404
    return municipality, run


def _download(request, pk, year, month):
    """The run and the version to download (?versie=, the newest without it)."""
    municipality, run = _finished(request, pk, year, month)
    return municipality, run, _version_asked(request, run)[0]


def report_csv(request, pk: int, year: int, month: int):
    municipality, run, version = _download(request, pk, year, month)
    figures_of = version or run
    state = _state_cells(run, version)
    rows = [
        [municipality.name, f"{run.month:%Y-%m}", section, label,
         value, note, *state]
        for section, label, value, note in flat_rows(figures_of.figures)
    ]  # fmt: skip
    return csv_response(f"{_filename(run, version)}.csv", _download_header(), rows)


def report_xlsx(request, pk: int, year: int, month: int):
    municipality, run, version = _download(request, pk, year, month)
    figures_of = version or run
    state = _state_cells(run, version)
    rows = [
        [municipality.name, f"{run.month:%Y-%m}", section, label, _number(value), note, *state]
        for section, label, value, note in flat_rows(figures_of.figures)
    ]
    return xlsx_response(
        f"{_filename(run, version)}.xlsx", [(_("Maandrapportage"), _download_header(), rows)]
    )


def _download_header() -> list[str]:
    return [_("gemeente"), _("maand"), _("onderdeel"), _("cijfer"), _("waarde"), _("toelichting"),
            _("status"), _("definitief op"), _("gegevens van"), _("versie")]  # fmt: skip


def _state_cells(run: ReportRun, version: ReportVersion | None) -> list:
    """Voorlopig or definitief, the day the month is (or became) definitief, the data date and
    the version, on every row so a row copied elsewhere still says it."""
    of = version or run
    state = _finality(of)
    number = version.number if version else None
    return [str(state.label), f"{state.on:%d-%m-%Y}", f"{of.data_date:%d-%m-%Y}", number]


def _number(value):
    return float(value) if value is not None and not isinstance(value, int) else value


def _filename(run: ReportRun, version: ReportVersion | None) -> str:
    of = version or run
    state = "definitief" if _finality(of).definitive else "voorlopig"
    number = f"-v{version.number}" if version else ""
    return f"maandrapportage-{run.municipality.cbs_code}-{run.month:%Y-%m}{number}-{state}"


def _drill(request, pk: int, year: int, month: int):
    """The figure asked for (?cijfer=) in the version asked for (?versie=, the newest without
    it), and the rows behind it as that version's build saw them, within the user's scope. A
    version built before rows were kept has no list (404)."""
    if not request.user.has_perm("clients.view_client"):
        raise Http404
    municipality, run = _finished(request, pk, year, month)
    version, is_current = _version_asked(request, run)
    if not version.snapshot:
        raise Http404
    key = request.GET.get("cijfer", "")
    labels = {row.drill: (section.title, row.label, row.value) for section in sections(version.figures) for row in section.rows if row.drill}  # fmt: skip
    if key not in labels:
        raise Http404
    clients = Client.objects.for_user(request.user)
    try:
        sql, params = rows_sql(municipality_id=municipality.pk, month=Month.of(run.month), key=key, version=version)  # fmt: skip
    except UnknownFigure:
        raise Http404 from None
    return municipality, run, is_current, version, labels[key], Rows(clients, sql, params)


def report_clients(request, pk: int, year: int, month: int):
    """Drill-down: the clients behind one figure of a version, every row, for users who may see
    clients."""
    municipality, run, is_current, version, (section, label, value), rows = _drill(request, pk, year, month)  # fmt: skip
    page = Paginator(rows, DRILL_PAGE_SIZE).get_page(request.GET.get("pagina"))
    # Rows the figure counts that the list does not show: outside the user's scope, or removed
    # with an anonymised client's kept rows (retention, reporting/as_of.py). Counted again only
    # when the list is short.
    listed = page.paginator.count
    kept = rows.count_all() if listed != value else listed
    query = request.GET.copy()
    query.pop("pagina", None)
    log_page(
        user=request.user,
        page=page,
        detail=_("Maandrapportage: cliënten achter %(figure)s") % {"figure": label},
        client_id=lambda row: row[0].pk,
        activity=ProcessingActivity.MANAGEMENT,
    )
    return render(
        request,
        "reporting/report_clients.html",
        {
            "municipality": municipality,
            "run": run,
            "version": version,
            "is_current": is_current,
            "section": section,
            "label": label,
            "figure": value,
            "outside_scope": kept - listed,
            "erased": max(value - kept, 0),
            "xlsx_limit": settings.OPSTAP_DRILL_XLSX_MAX_ROWS,
            "page": page,
            "query": query.urlencode(),
            "download": urlencode(
                {"cijfer": request.GET.get("cijfer", ""), "versie": version.number}
            ),
        },
    )


def _drill_download(request, drilled):
    """A drill-down (`_drill`) for a download: its rows, header, the cells of each row, the file
    name, and the access log written per client (in batches) before the first row is sent."""
    _municipality, run, _current, version, (_section, label, _value), rows = drilled
    for client_ids in rows.client_ids(DRILL_BATCH):
        log_listed(
            user=request.user,
            client_ids=client_ids,
            action=AccessAction.DOWNLOAD,
            detail=_("Maandrapportage: cliënten achter %(figure)s (download)") % {"figure": label},
            activity=ProcessingActivity.MANAGEMENT,
        )
    state = _state_cells(run, version)

    def cells(batch):
        return [
            [client.pk, str(client), client.municipality.name, str(client.consulent or ""), start,
             end, str(label), *state]
            for client, start, end in batch
        ]  # fmt: skip

    header = [_("nummer"), _("naam"), _("gemeente nu"), _("consulent"), _("begin"), _("einde"),
              _("cijfer"), _("status"), _("definitief op"), _("gegevens van"), _("versie")]  # fmt: skip
    key = re.sub(r"[^a-z0-9]+", "-", request.GET.get("cijfer", "").lower()).strip("-")
    return rows, header, cells, f"{_filename(run, version)}-{key}"


def report_clients_csv(request, pk: int, year: int, month: int):
    """Every row, streamed a batch at a time: a list of half a million rows is never whole in
    memory."""
    rows, header, cells, name = _drill_download(request, _drill(request, pk, year, month))
    return csv_streaming_response(f"{name}.csv", header, map(cells, rows.batches(DRILL_BATCH)))


def report_clients_xlsx(request, pk: int, year: int, month: int):
    """Up to OPSTAP_DRILL_XLSX_MAX_ROWS rows (a workbook is built whole in memory); a longer list
    goes back to its page, which says to download the CSV."""
    limit = settings.OPSTAP_DRILL_XLSX_MAX_ROWS
    drilled = _drill(request, pk, year, month)
    if drilled[-1].count() > limit:
        messages.warning(request, _too_long_for_xlsx(limit))
        return redirect(f"{reverse('reporting:report_clients', args=[pk, year, month])}?{request.GET.urlencode()}")  # fmt: skip
    rows, header, cells, name = _drill_download(request, drilled)
    table = [row for batch in rows.batches(DRILL_BATCH) for row in cells(batch)]
    return xlsx_response(f"{name}.xlsx", [(_("Cliënten"), header, table)])


def _too_long_for_xlsx(limit: int) -> str:
    return _("Deze lijst is te lang voor XLSX (meer dan %(limit)s rijen). Download de CSV; die "
             "opent ook in Excel.") % {"limit": number(limit)}  # fmt: skip
