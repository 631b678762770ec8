"""Caseload import in two steps: upload and check (nothing saved), then confirm (all or nothing).

Between the steps the file stays on the server under a random token tied to the user; the
confirm step checks it again against the database as it is then.
"""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from clients.forms import helper
from clients.importer import COLUMNS, ImportReport, import_caseload
from clients.importer.storage import discard_upload, load_upload, save_upload

# The report page lists this many errors; the counts above it say how many there are in total.
ERRORS_SHOWN = 500


def _limit_mb() -> str:
    megabytes = settings.OPSTAP_IMPORT_MAX_BYTES / (1024 * 1024)
    return number_format(megabytes, decimal_pos=0 if megabytes.is_integer() else 1)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Caseload-export (CSV of Excel)"),
        help_text=gettext_lazy(
            "Een CSV-bestand (UTF-8, gescheiden door ; of ,) of een .xlsx-bestand met een kopregel."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Bestand controleren"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.OPSTAP_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "Het bestand is te groot: de limiet is %(mb)s MB. Splits het bestand, of laat "
                    "functioneel beheer het importeren met het beheercommando."
                )
                % {"mb": _limit_mb()}
            )
        return upload


def _report_page(request, report: ImportReport, *, token: UUID | None):
    errors = report.errors[:ERRORS_SHOWN]
    return render(
        request,
        "clients/import_report.html",
        {
            "report": report,
            "errors": errors,
            "errors_hidden": report.error_count - len(errors),
            "token": token if report.ok else None,
        },
    )


@permission_required("clients.import_caseload", raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = b"".join(form.cleaned_data["file"].chunks())
        report = import_caseload(data=data, user=request.user, commit=False)
        if report.file_errors:
            for message in report.file_errors:
                form.add_error("file", message)
        else:
            token = save_upload(user=request.user, data=data) if report.ok else None
            return _report_page(request, report, token=token)
    return render(
        request,
        "clients/import_upload.html",
        {
            "form": form,
            "columns": COLUMNS,
            "limit_mb": _limit_mb(),
        },
    )


@permission_required("clients.import_caseload", raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_confirm(request, token: UUID):
    data = load_upload(user=request.user, token=token)
    if data is None:
        messages.error(
            request, _("Dit importbestand is niet (meer) beschikbaar. Upload het bestand opnieuw.")
        )
        return redirect("clients:import_upload")
    if request.method == "GET":
        return _report_page(
            request, import_caseload(data=data, user=request.user, commit=False), token=token
        )
    report = import_caseload(data=data, user=request.user, commit=True)
    discard_upload(user=request.user, token=token)
    if not report.imported:
        messages.error(request, _("Er is niets geïmporteerd: het bestand geeft nu fouten."))
        return _report_page(request, report, token=None)
    messages.success(
        request,
        _(
            "De caseload is geïmporteerd: %(created)s nieuw, %(changed)s gewijzigd, %(unchanged)s "
            "ongewijzigd."
        )
        % {"created": report.created, "changed": report.changed, "unchanged": report.unchanged},
    )
    return redirect("clients:client_list")
