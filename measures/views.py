"""The maatregel pages: record a gedraging on the client file; one page per maatregel with its
steps (plan the hearing, record it, the decision following the verordening, or afzien)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clients.views.actions import client_action
from clients.views.file import log_form_shown, scoped_client
from core import formatting
from core.views import form_errors_to_messages
from measures import services
from measures.forms import GedragingForm, StepForm
from measures.models import Maatregel, months_label


@permission_required("measures.add_maatregel", raise_exception=True)
@require_http_methods(["GET", "POST"])
def maatregel_create(request, pk: int):
    client = scoped_client(request, pk)

    def perform(data):
        services.record_gedraging(client=client, kind=data["kind"], on=data["gedraging_on"],
                                  description=data["description"], by=request.user,
                                  appointment=data["appointment"])  # fmt: skip
        return _("De gedraging is vastgelegd; plan het horen.")

    initial = GedragingForm.for_no_show(
        client=client, appointment_pk=request.GET.get("afspraak", "")
    )
    return client_action(
        request, client, GedragingForm(request.POST or None, client=client, initial=initial),
        perform, title=_("Gedraging vastleggen"),
    )  # fmt: skip


@permission_required("measures.view_maatregel", raise_exception=True)
@require_http_methods(["GET", "POST"])
def maatregel_detail(request, pk: int):
    maatregel = get_object_or_404(
        Maatregel.objects.for_user(request.user).select_related("client", "kind", "letter"), pk=pk
    )
    form = StepForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("measures.change_maatregel"):
            raise PermissionDenied
        if form.is_valid():
            data, by = form.cleaned_data, request.user
            today = timezone.localdate()
            try:
                if data["step"] == "horen_plannen":
                    services.plan_hearing(maatregel=maatregel, on=data["on"] or today, by=by)
                elif data["step"] == "horen":
                    services.record_hearing(maatregel=maatregel, on=data["on"] or today,
                                            statement=data["statement"], by=by)  # fmt: skip
                elif data["step"] == "besluit":
                    services.propose_decision(maatregel=maatregel, starts_on=data["on"] or today,
                                              by=by)  # fmt: skip
                else:
                    services.waive(maatregel=maatregel, waiver=data["waiver"],
                                   explanation=data["explanation"], by=by)  # fmt: skip
            except ValidationError as error:
                form_errors_to_messages(form, error)
            else:
                messages.success(request, _("Vastgelegd."))
                return redirect("measures:maatregel_detail", pk=maatregel.pk)
    log_form_shown(request, maatregel.client, _("Maatregel"), obj=maatregel)
    terms = None
    if maatregel.status == Maatregel.Status.HEARD:
        try:
            percentage, months, repeat, _rule = services.terms_for(maatregel, timezone.localdate())
        except ValidationError:
            terms = None
        else:
            terms = {"percentage": formatting.percentage(percentage), "months": months_label(months),
                     "repeat": repeat}  # fmt: skip
    return render(
        request,
        "measures/maatregel_detail.html",
        {"maatregel": maatregel, "client": maatregel.client, "form": form, "terms": terms,
         "Status": Maatregel.Status, "waivers": Maatregel.Waiver.choices},
    )  # fmt: skip
