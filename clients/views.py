from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clients import extensions, services
from clients.forms import (
    SORTS,
    BenefitEndForm,
    BenefitStartForm,
    CaseloadFilterForm,
    ClientForm,
    ClientRegisterForm,
    NoteForm,
    OntheffingEndForm,
    OntheffingForm,
    ReassignForm,
)
from clients.models import (
    AccessAction,
    AccessLog,
    BenefitPeriod,
    Client,
    ContactNote,
    Ontheffing,
    ProcessingActivity,
)
from clients.once import submit_once, with_token
from clients.pagination import CappedPaginator


def scoped_client(request, pk: int, *, for_update: bool = False) -> Client:
    """The client if the user may see it: scoped to their municipalities, else 404."""
    if not request.user.has_perm("clients.view_client"):
        raise Http404
    clients = Client.objects.for_user(request.user).select_related("municipality", "consulent")
    if for_update:
        clients = clients.select_for_update(of=("self",))
    return get_object_or_404(clients, pk=pk)


def form_errors_to_messages(form, error: ValidationError) -> None:
    """Put a service's refusal on the form, on the field it names where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# The search term travels in the session, never in a URL: it may be a BSN (STYLE: no BSN in a
# URL, where it would end up in server logs, browser history and Referer headers).
SEARCH_TERM = "caseload_search"
SEARCHED = "gezocht"


def _is_bsn_like(term: str) -> bool:
    compact = term.replace(" ", "").replace(".", "")
    return compact.isdigit() and len(compact) == 9


def _remember_search(request, source):
    """Post/redirect/get: keep the term in the session, the other filters in the URL."""
    params = source.copy()
    params.pop("csrfmiddlewaretoken", None)
    params.pop("pagina", None)
    request.session[SEARCH_TERM] = params.pop("q", [""])[-1][:100]
    params[SEARCHED] = "1"
    return redirect(f"{reverse('clients:client_list')}?{params.urlencode()}")


@permission_required("clients.view_client", raise_exception=True)
@require_http_methods(["GET", "POST"])
def client_list(request):
    if request.method == "POST":
        return _remember_search(request, request.POST)
    if _is_bsn_like(request.GET.get("q", "")):  # an old link or a typed URL: out of the URL
        return _remember_search(request, request.GET)
    params = request.GET.copy()
    if SEARCHED in params:
        params["q"] = request.session.get(SEARCH_TERM, "")
    if "mine" not in params and "q" not in params:
        params["mine"] = "on"  # a consulent starts with their own caseload
    form = CaseloadFilterForm(params, user=request.user)
    today = timezone.localdate()
    clients = Client.objects.for_user(request.user).select_related("municipality", "consulent")
    sort = "naam"
    if form.is_valid():
        data = form.cleaned_data
        if data["mine"]:
            clients = clients.filter(consulent=request.user)
        if data["q"]:
            clients = clients.search(data["q"])
        if data["municipality"]:
            clients = clients.filter(municipality=data["municipality"])
        if data["target_group"]:
            clients = clients.in_target_group(data["target_group"])
        for extra in extensions.caseload_filters:
            if data.get(extra.name):
                clients = extra.apply(clients, data[extra.name], today)
        sort = data["sort"] or sort
    listed = clients
    for column in extensions.caseload_columns:
        listed = column.annotate(listed, today)
    page = CappedPaginator(
        listed.order_by(*SORTS[sort]),
        settings.OPSTAP_CASELOAD_PAGE_SIZE,
        count_queryset=clients.order_by(),
    ).get_page(request.GET.get("pagina"))
    services.log_page(user=request.user, page=page, detail=_("Caseload"))
    query = params.copy()
    query.pop("pagina", None)
    query.pop("sort", None)
    if SEARCHED in query:
        query.pop("q", None)
    return render(
        request,
        "clients/client_list.html",
        {
            "form": form,
            "page": page,
            "sort": sort,
            "query": query.urlencode(),
            "today": today,
            "extra_filters": [form[extra.name] for extra in extensions.caseload_filters],
            "extra_columns": extensions.caseload_columns,
        },
    )


def client_detail(request, pk: int):
    client = scoped_client(request, pk)
    client = (
        Client.objects.prefetch_related(
            Prefetch(
                "benefit_periods",
                queryset=BenefitPeriod.objects.select_related("municipality", "end_reason"),
            ),
            "ontheffingen",
            Prefetch("notes", queryset=ContactNote.objects.select_related("author")),
        )
        .select_related("municipality", "consulent", "updated_by")
        .get(pk=client.pk)
    )
    services.log_access(user=request.user, client=client, action=AccessAction.VIEW)
    today = timezone.localdate()
    note_form = NoteForm(initial={"date": today})
    note_form.helper.form_action = reverse("clients:contactnote_create", kwargs={"pk": client.pk})
    return render(
        request,
        "clients/client_detail.html",
        {
            "client": client,
            "today": today,
            "target_groups": client.target_groups(today),
            "note_form": note_form,
            "can_change": request.user.has_perm("clients.change_client"),
            "can_reassign": request.user.has_perm("clients.reassign_consulent"),
            "can_see_log": request.user.has_perm("clients.view_accesslog"),
            "can_export": request.user.has_perm("clients.export_client_data"),
            "sections": [
                {"template": section.template, "context": section.context(request, client)}
                for section in sorted(extensions.file_sections, key=lambda s: s.order)
            ],
        },
    )


ACCESS_LOG_PAGE_SIZE = 100


@require_http_methods(["GET"])
def client_accesslog(request, pk: int):
    """Wie heeft deze gegevens ingezien: the client's access log, for whoever may open the file.
    Reading it is itself logged (and so shows at the top)."""
    client = scoped_client(request, pk)
    if not request.user.has_perm("clients.view_accesslog"):
        raise Http404
    services.log_access(
        user=request.user,
        client=client,
        action=AccessAction.LOG_VIEW,
        activity=ProcessingActivity.ACCOUNTABILITY,
    )
    entries = AccessLog.objects.filter(client=client).select_related("user").order_by("-at", "-pk")
    page = CappedPaginator(entries, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "clients/accesslog_list.html", {"client": client, "page": page})


@permission_required("clients.export_client_data", raise_exception=True)
@require_http_methods(["POST"])
def client_export(request, pk: int):
    """AVG art. 15: everything Opstap holds about this client, as one JSON file. A POST, since
    it writes the access log; the export includes that row."""
    from security.avg import client_export_json

    client = scoped_client(request, pk)
    services.log_access(
        user=request.user,
        client=client,
        action=AccessAction.EXPORT,
        detail=_("Alle gegevens geëxporteerd voor een inzageverzoek (AVG art. 15)"),
        activity=ProcessingActivity.DATA_SUBJECT_REQUEST,
    )
    response = HttpResponse(client_export_json(client), content_type="application/json")
    filename = f"opstap-inzage-client-{client.pk}-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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


def log_form_shown(request, client: Client, title: str, *, obj=None) -> None:
    """A form on a client's file shows who it is about (name, number, more): an access-log row
    for every response that renders one, also when it comes back with errors."""
    services.log_access(
        user=request.user,
        client=client,
        action=AccessAction.VIEW,
        detail=_("Formulier geopend: %(title)s") % {"title": title},
        obj=obj,
    )


def _client_action(request, pk, form_class, perform, *, title, form_kwargs=None, obj=None):
    """The shared shape of a small form on a client file: scope, validate, one service, redirect."""
    client = scoped_client(request, pk)
    form = form_class(request.POST or None, **(form_kwargs(client) if form_kwargs else {}))
    with_token(form)  # one submit, one record
    if request.method == "POST" and form.is_valid():
        done = reverse("clients:client_detail", kwargs={"pk": client.pk})
        try:
            return submit_once(request, form, lambda: (perform(client, form.cleaned_data), done))
        except ValidationError as error:
            form_errors_to_messages(form, error)
    log_form_shown(request, client, title, obj=obj)
    return render(
        request,
        "clients/action_form.html",
        {"form": form, "client": client, "title": title, "object": obj},
    )


@permission_required("clients.add_benefitperiod", raise_exception=True)
@require_http_methods(["GET", "POST"])
def benefit_start(request, pk: int):
    def perform(client, data):
        services.start_benefit(
            client=client, municipality=data["municipality"], start=data["start"], by=request.user
        )
        return _("De uitkering is gestart.")

    return _client_action(
        request,
        pk,
        BenefitStartForm,
        perform,
        title=_("Uitkering starten"),
        form_kwargs=lambda client: {
            "user": request.user,
            "initial": {"municipality": client.municipality_id},
        },
    )


@permission_required("clients.change_benefitperiod", raise_exception=True)
@require_http_methods(["GET", "POST"])
def benefit_end(request, pk: int, period_pk: int):
    client = scoped_client(request, pk)
    period = get_object_or_404(client.benefit_periods, pk=period_pk)

    def perform(client, data):
        # One transaction: the benefit ends together with what the steps close, or nothing.
        with transaction.atomic():
            services.end_benefit(
                period=period, end=data["end"], reason=data["end_reason"], by=request.user
            )
            done = [
                step.apply(
                    client=client,
                    end=data["end"],
                    reason=data["end_reason"],
                    value=data[step.name],
                    by=request.user,
                )
                for step in extensions.benefit_end_steps
                if step.name in data
            ]
        return " ".join([_("De uitkering is beëindigd."), *filter(None, done)])

    return _client_action(
        request,
        pk,
        BenefitEndForm,
        perform,
        title=_("Uitkering beëindigen"),
        obj=period,
        form_kwargs=lambda client: {"client": client},
    )


@permission_required("clients.add_contactnote", raise_exception=True)
@require_http_methods(["GET", "POST"])
def note_create(request, pk: int):
    def perform(client, data):
        services.add_note(
            client=client, on=data["date"], kind=data["kind"], text=data["text"], by=request.user
        )
        return _("Het contactmoment is vastgelegd.")

    return _client_action(
        request,
        pk,
        NoteForm,
        perform,
        title=_("Contactmoment vastleggen"),
        form_kwargs=lambda client: {"initial": {"date": timezone.localdate()}},
    )


@permission_required("clients.add_ontheffing", raise_exception=True)
@require_http_methods(["GET", "POST"])
def ontheffing_create(request, pk: int):
    def perform(client, data):
        services.add_ontheffing(
            client=client,
            reason=data["reason"],
            start=data["start"],
            end=data["end"],
            remark=data["remark"],
            by=request.user,
        )
        return _("De ontheffing is toegevoegd.")

    return _client_action(request, pk, OntheffingForm, perform, title=_("Ontheffing toevoegen"))


@permission_required("clients.change_ontheffing", raise_exception=True)
@require_http_methods(["GET", "POST"])
def ontheffing_end(request, pk: int, ontheffing_pk: int):
    client = scoped_client(request, pk)
    ontheffing = get_object_or_404(Ontheffing.objects.filter(client=client), pk=ontheffing_pk)

    def perform(client, data):
        services.end_ontheffing(ontheffing=ontheffing, end=data["end"], by=request.user)
        return _("De ontheffing is beëindigd.")

    return _client_action(
        request, pk, OntheffingEndForm, perform, title=_("Ontheffing beëindigen"), obj=ontheffing
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
