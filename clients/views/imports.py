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
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from kombu.exceptions import OperationalError as KombuOperationalError

from clients import tasks
from clients.importer import COLUMNS, ImportReport, background, import_caseload
from clients.importer.storage import discard_upload, load_upload, save_upload
from core.forms import helper

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
        if background.runs_in_background(len(data)):
            token = save_upload(user=request.user, data=data)
            if _queue(request, token, "check"):
                return redirect("clients:import_status", token=token)
            discard_upload(user=request.user, token=token)
            form.add_error("file", _queue_failed())
            return _upload_page(request, form)
        report = import_caseload(data=data, user=request.user, commit=False)
        if report.file_errors:
            for message in report.file_errors:
                form.add_error("file", message)
        else:
            token = save_upload(user=request.user, data=data) if report.ok else None
            return _report_page(request, report, token=token)
    return _upload_page(request, form)


def _upload_page(request, form):
    return render(
        request,
        "clients/import_upload.html",
        {
            "form": form,
            "columns": COLUMNS,
            "limit_mb": _limit_mb(),
        },
    )


def _queue(request, token: UUID, phase: background.Phase) -> bool:
    """Hand a large file to the worker; False when the broker cannot be reached."""
    background.mark_queued(user=request.user, token=token, phase=phase)
    try:
        tasks.run_import.delay(request.user.pk, str(token), phase)
    except (KombuOperationalError, ConnectionError):
        background.forget(user=request.user, token=token)
        return False
    return True


def _queue_failed() -> str:
    return _(
        "De verwerking op de achtergrond is nu niet bereikbaar; er is niets opgeslagen. Probeer "
        "het later opnieuw, of laat functioneel beheer het bestand importeren met het "
        "beheercommando."
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
    if background.runs_in_background(len(data)):
        if request.method == "POST" and not _queue(request, token, "confirm"):
            messages.error(request, _queue_failed())
        return redirect("clients:import_status", token=token)
    if request.method == "GET":
        return _report_page(
            request, import_caseload(data=data, user=request.user, commit=False), token=token
        )
    report = import_caseload(data=data, user=request.user, commit=True)
    discard_upload(user=request.user, token=token)
    if not report.imported:
        messages.error(request, _("Er is niets geïmporteerd: het bestand geeft nu fouten."))
        return _report_page(request, report, token=None)
    return _imported(request, report)


def _imported(request, report: ImportReport):
    messages.success(
        request,
        _(
            "De caseload is geïmporteerd: %(created)s nieuw, %(changed)s gewijzigd, %(unchanged)s "
            "ongewijzigd."
        )
        % {"created": report.created, "changed": report.changed, "unchanged": report.unchanged},
    )
    return redirect("clients:client_list")


def _status_text(status: dict) -> str:
    done, total = status["done"], status["total"]
    if status["state"] == background.QUEUED:
        return _("Het bestand wacht op verwerking.")
    if status["state"] == background.WRITING:
        return _("Alle %(total)s regels zijn gecontroleerd; de import wordt opgeslagen.") % {
            "total": number_format(total, force_grouping=True)
        }
    return _("Gecontroleerd: %(done)s van %(total)s regels.") % {
        "done": number_format(done, force_grouping=True),
        "total": number_format(total or 0, force_grouping=True),
    }


@permission_required("clients.import_caseload", raise_exception=True)
@require_http_methods(["GET"])
def import_status(request, token: UUID):
    """A large file's progress while the worker has it, then its report (or, once imported,
    the caseload). The page asks again by itself; the JSON answer is for that."""
    status = background.read_status(user=request.user, token=token)
    if status is None or status["state"] == background.GONE:
        messages.error(
            request, _("Dit importbestand is niet (meer) beschikbaar. Upload het bestand opnieuw.")
        )
        return redirect("clients:import_upload")
    finished = status["state"] == background.DONE
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {"finished": finished, "done": status["done"], "total": status["total"]}
            | ({} if finished else {"text": _status_text(status)})
        )
    if not finished:
        return render(
            request,
            "clients/import_progress.html",
            {"status": status, "text": _status_text(status), "token": token},
        )
    report = background.report_of(status)
    if status["phase"] == "check":
        return _report_page(request, report, token=token if report.ok else None)
    background.forget(user=request.user, token=token)
    if report.imported:
        return _imported(request, report)
    messages.error(request, _("Er is niets geïmporteerd: het bestand geeft nu fouten."))
    return _report_page(request, report, token=None)
