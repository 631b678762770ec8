"""Changes on a client file: register, edit, benefits, notes, ontheffingen, reassign."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clients import extensions, services
from clients.forms import (
    BenefitEndForm,
    BenefitStartForm,
    ClientForm,
    ClientRegisterForm,
    NoteForm,
    OntheffingEndForm,
    OntheffingForm,
    ReassignForm,
    WithdrawForm,
)
from clients.models import (
    AccessAction,
    Client,
    Ontheffing,
)
from clients.once import submit_once, with_token
from clients.views.file import log_form_shown, scoped_client
from core.redirects import safe_next
from core.views import form_errors_to_messages, object_action


@permission_required("clients.add_client", raise_exception=True)
@require_http_methods(["GET", "POST"])
def client_create(request):
    form = with_token(ClientRegisterForm(request.POST or None, user=request.user))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}

        def perform():
            client = services.register_client(
                data=data, benefit_start=form.cleaned_data["benefit_start"], by=request.user
            )
            return (
                _("%(name)s is ingeschreven.") % {"name": client},
                reverse("clients:client_detail", kwargs={"pk": client.pk}),
            )

        try:
            return submit_once(request, form, perform)
        except ValidationError as error:
            _log_if_bsn_refused(request, error, AccessAction.CREATE)
            form_errors_to_messages(form, error)
    return render(
        request, "clients/client_form.html", {"form": form, "title": _("Cliënt inschrijven")}
    )


def _log_if_bsn_refused(request, error: ValidationError, attempt: str) -> None:
    """Refused for a BSN of someone outside the user's scope: a refused row on that client,
    written now that the refusing transaction has been rolled back."""
    if isinstance(error, services.BsnRefused):
        services.log_bsn_refused(user=request.user, existing=error.existing, attempt=attempt)


@permission_required("clients.change_client", raise_exception=True)
@require_http_methods(["GET", "POST"])
def client_update(request, pk: int):
    client = scoped_client(request, pk)
    form = ClientForm(request.POST or None, instance=client, user=request.user)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        version = form.cleaned_data["version"] or client.version
        # A fresh copy: form validation has already written the posted values on `instance`.
        fresh = scoped_client(request, pk)
        try:
            services.update_client(client=fresh, data=data, version=version, by=request.user)
        except services.ConflictError as error:
            # Keep what this user typed, but on top of the version now saved, so that saving
            # again is a conscious choice after reading what the other person changed.
            conflict = error.changes
            current = scoped_client(request, pk)
            posted = request.POST.copy()
            posted["version"] = current.version
            form = ClientForm(posted, instance=current, user=request.user)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Deze cliënt is gewijzigd nadat u het formulier opende. Uw wijzigingen zijn niet "
                    "opgeslagen. Controleer de gegevens hieronder en sla opnieuw op."
                ),
            )
        except ValidationError as error:
            _log_if_bsn_refused(request, error, AccessAction.UPDATE)
            form_errors_to_messages(form, error)
        else:
            messages.success(request, _("De gegevens zijn opgeslagen."))
            return redirect("clients:client_detail", pk=pk)
    log_form_shown(request, client, _("Gegevens wijzigen (met BSN)"))
    return render(
        request,
        "clients/client_form.html",
        {
            "form": form,
            "client": client,
            "conflict": conflict,
            "title": _("Gegevens wijzigen van %(name)s") % {"name": client},
        },
    )


def client_action(
    request,
    client: Client,
    form,
    perform,
    *,
    title: str,
    obj=None,
    template: str = "clients/action_form.html",
    context: dict | None = None,
):
    """A small form on the client file (core.views.object_action): saved once per form token,
    then back to the file. Other apps' forms on the file pass their own template."""
    return object_action(
        request,
        with_token(form),
        perform,
        client=client,
        title=title,
        done=reverse("clients:client_detail", kwargs={"pk": client.pk}),
        template=template,
        log_shown=log_form_shown,
        obj=obj,
        context={"object": obj, **(context or {})},
        submit=submit_once,
    )


@permission_required("clients.add_benefitperiod", raise_exception=True)
@require_http_methods(["GET", "POST"])
def benefit_start(request, pk: int):
    client = scoped_client(request, pk)
    form = BenefitStartForm(
        request.POST or None, user=request.user, initial={"municipality": client.municipality_id}
    )

    def perform(data):
        services.start_benefit(
            client=client, municipality=data["municipality"], start=data["start"], by=request.user
        )
        return _("De uitkering is gestart.")

    return client_action(request, client, form, perform, title=_("Uitkering starten"))


@permission_required("clients.change_benefitperiod", raise_exception=True)
@require_http_methods(["GET", "POST"])
def benefit_end(request, pk: int, period_pk: int):
    client = scoped_client(request, pk)
    period = get_object_or_404(client.benefit_periods, pk=period_pk)
    form = BenefitEndForm(request.POST or None, client=client)

    def perform(data):
        ended = services.end_benefit(
            period=period,
            end=data["end"],
            reason=data["end_reason"],
            by=request.user,
            choices={step.name: data[step.name] for step in form.steps},
        )
        return " ".join([_("De uitkering is beëindigd."), *ended.messages])

    return client_action(
        request, client, form, perform, title=_("Uitkering beëindigen"), obj=period
    )


@permission_required("clients.add_contactnote", raise_exception=True)
@require_http_methods(["GET", "POST"])
def note_create(request, pk: int):
    client = scoped_client(request, pk)
    form = NoteForm(request.POST or None, initial={"date": timezone.localdate()})

    def perform(data):
        services.add_note(
            client=client, on=data["date"], kind=data["kind"], text=data["text"], by=request.user
        )
        return _("Het contactmoment is vastgelegd.")

    return client_action(request, client, form, perform, title=_("Contactmoment vastleggen"))


@permission_required("clients.add_ontheffing", raise_exception=True)
@require_http_methods(["GET", "POST"])
def ontheffing_create(request, pk: int):
    client = scoped_client(request, pk)

    def perform(data):
        granted = services.submit_ontheffing(
            client=client,
            reason=data["reason"],
            start=data["start"],
            end=data["end"],
            remark=data["remark"],
            by=request.user,
        )
        if granted is None:
            return _(
                "Een ontheffing art. 9a ligt ter goedkeuring bij een teamleider en gaat pas in "
                "na goedkeuring."
            )
        return _("De ontheffing is toegevoegd.")

    return client_action(
        request,
        client,
        OntheffingForm(request.POST or None),
        perform,
        title=_("Ontheffing toevoegen"),
    )


@permission_required("clients.change_ontheffing", raise_exception=True)
@require_http_methods(["GET", "POST"])
def ontheffing_end(request, pk: int, ontheffing_pk: int):
    client = scoped_client(request, pk)
    ontheffing = get_object_or_404(Ontheffing.objects.filter(client=client), pk=ontheffing_pk)

    def perform(data):
        services.end_ontheffing(ontheffing=ontheffing, end=data["end"], by=request.user)
        return _("De ontheffing is beëindigd.")

    return client_action(
        request,
        client,
        OntheffingEndForm(request.POST or None),
        perform,
        title=_("Ontheffing beëindigen"),
        obj=ontheffing,
    )


@permission_required("clients.reassign_consulent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def client_reassign(request, pk: int):
    client = get_object_or_404(Client.objects.for_user(request.user), pk=pk)
    form = ReassignForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        try:
            services.reassign_consulent(
                client=client, consulent=form.cleaned_data["consulent"], by=request.user
            )
        except ValidationError as error:
            form_errors_to_messages(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is toegewezen aan %(consulent)s.")
                % {"name": client, "consulent": form.cleaned_data["consulent"]},
            )
            if request.user.has_perm("clients.view_client"):
                return redirect("clients:client_detail", pk=client.pk)
            return redirect("home")
    log_form_shown(request, client, _("Andere consulent toewijzen"))
    return render(
        request,
        "clients/action_form.html",
        {
            "form": form,
            "client": client,
            "title": _("Andere consulent toewijzen"),
        },
    )


@permission_required("clients.change_client", raise_exception=True)
@require_http_methods(["GET", "POST"])
def entry_withdraw(request, pk: int, entry_pk: int):
    """Withdraw (intrekken) one entry of the file with a reason: a contact note, ontheffing,
    assessment, ladder step, goal or action (`?soort=`, clients.extensions.withdrawals)."""
    client = scoped_client(request, pk)
    withdrawal = extensions.withdrawals.get(request.GET.get("soort", ""))
    if withdrawal is None:
        raise Http404
    entry = get_object_or_404(withdrawal.entries(client), pk=entry_pk)
    form = WithdrawForm(request.POST or None)
    title = _("Intrekken")
    if request.method == "POST" and form.is_valid():
        try:
            withdrawal.withdraw(entry=entry, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form_errors_to_messages(form, error)
        else:
            messages.success(
                request, _("Ingetrokken: %(what)s.") % {"what": withdrawal.describe(entry)}
            )
            return redirect(
                safe_next(request) or reverse("clients:client_detail", args=[client.pk])
            )
    log_form_shown(request, client, title, obj=entry)
    return render(
        request,
        "clients/entry_withdraw.html",
        {"client": client, "form": form, "what": withdrawal.describe(entry), "entry": entry},
    )
