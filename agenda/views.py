"""The appointment screens: plan one on the client file, record its outcome, and the
consulent's agenda (a day, a week) with its calendar feed."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agenda import feed, services
from agenda.forms import AppointmentForm, DayForm, OutcomeForm
from agenda.models import Appointment
from clients.access import log_access, log_listed
from clients.models import AccessAction
from clients.views.actions import client_action
from clients.views.file import log_form_shown, scoped_client
from core.views import object_action


def _data(request):
    return request.POST if request.method == "POST" else None


def scoped_appointment(request, pk: int) -> Appointment:
    """The appointment if the user may see its client's file, else 404."""
    if not request.user.has_perm("agenda.view_appointment"):
        raise Http404
    rows = Appointment.objects.for_user(request.user).select_related(
        "client", "client__municipality", "consulent", "kind", "created_by", "outcome_by"
    )
    return get_object_or_404(rows, pk=pk)


@permission_required("agenda.add_appointment", raise_exception=True)
@require_http_methods(["GET", "POST"])
def appointment_create(request, pk: int):
    client = scoped_client(request, pk)
    initial = {"date": timezone.localdate() + timedelta(days=7), "place": "kantoor"}
    form = AppointmentForm(_data(request), initial=initial)

    def perform(data):
        appointment = services.plan_appointment(
            client=client,
            consulent=client.consulent or request.user,
            kind=data["kind"],
            day=data["date"],
            start=data["start"],
            end=data["end"],
            place=data["place"],
            participants=data["participants"],
            allow_double_booking=data["allow_double_booking"],
            by=request.user,
        )
        return _("De afspraak op %(day)s om %(time)s is ingepland.") % {
            "day": f"{appointment.date:%d-%m-%Y}",
            "time": f"{appointment.start:%H:%M}",
        }

    return client_action(
        request,
        client,
        form,
        perform,
        title=_("Afspraak inplannen"),
        template="agenda/appointment_form.html",
    )


def appointment_detail(request, pk: int):
    appointment = scoped_appointment(request, pk)
    log_access(
        user=request.user,
        client=appointment.client,
        action=AccessAction.VIEW,
        obj=appointment,
        detail=_("Afspraak bekeken"),
    )
    clashes = services.double_bookings(
        consulent=appointment.consulent,
        day=appointment.date,
        start=appointment.start,
        end=appointment.end,
        exclude=appointment.pk,
    )
    return render(
        request,
        "agenda/appointment_detail.html",
        {
            "appointment": appointment,
            "client": appointment.client,
            "clashes": clashes if appointment.is_planned else [],
            "can_change": request.user.has_perm("agenda.change_appointment"),
        },
    )


@permission_required("agenda.change_appointment", raise_exception=True)
@require_http_methods(["GET", "POST"])
def appointment_outcome(request, pk: int):
    appointment = scoped_appointment(request, pk)
    form = OutcomeForm(_data(request))

    def perform(data):
        services.record_outcome(
            appointment=appointment,
            status=data["status"],
            report=data["report"],
            cancelled_by=data["cancelled_by"],
            by=request.user,
        )
        return _("De uitkomst van de afspraak is vastgelegd.")

    return object_action(
        request,
        form,
        perform,
        client=appointment.client,
        title=_("Uitkomst van de afspraak"),
        done=reverse("clients:client_detail", kwargs={"pk": appointment.client_id}),
        template="agenda/appointment_form.html",
        log_shown=log_form_shown,
        obj=appointment,
        context={"appointment": appointment},
    )


def _agenda_day(request) -> date:
    form = DayForm(request.GET)
    day = form.cleaned_data.get("dag") if form.is_valid() else None
    return day or timezone.localdate()


def _own_appointments(request, first: date, last: date) -> list[Appointment]:
    rows = (
        Appointment.objects.for_user(request.user)
        .filter(consulent=request.user, date__range=(first, last))
        .select_related("client", "kind")
        .order_by("date", "start", "pk")
    )
    appointments = list(rows)
    live = [a for a in appointments if a.status != "afgezegd"]
    for appointment in appointments:
        appointment.clashes = appointment.status != "afgezegd" and any(
            other.pk != appointment.pk
            and other.date == appointment.date
            and other.start < appointment.end
            and other.end > appointment.start
            for other in live
        )
    log_listed(
        user=request.user,
        client_ids=sorted({a.client_id for a in appointments}),
        action=AccessAction.VIEW,
        detail=_("Agenda"),
    )
    return appointments


@permission_required("agenda.view_appointment", raise_exception=True)
def agenda_day(request):
    day = _agenda_day(request)
    appointments = _own_appointments(request, day, day)
    return render(
        request,
        "agenda/agenda_day.html",
        {
            "day": day,
            "appointments": appointments,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "clashes": sum(1 for a in appointments if a.clashes),
        },
    )


@permission_required("agenda.view_appointment", raise_exception=True)
def agenda_week(request):
    day = _agenda_day(request)
    monday = day - timedelta(days=day.weekday())
    appointments = _own_appointments(request, monday, monday + timedelta(days=6))
    days = [{"day": monday + timedelta(days=i), "appointments": []} for i in range(7)]
    for appointment in appointments:
        days[(appointment.date - monday).days]["appointments"].append(appointment)
    return render(
        request,
        "agenda/agenda_week.html",
        {
            "monday": monday,
            "days": [d for d in days if d["appointments"] or d["day"].weekday() < 5],
            "week": monday.isocalendar().week,
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "clashes": sum(1 for a in appointments if a.clashes),
        },
    )


@permission_required("agenda.view_appointment", raise_exception=True)
@require_http_methods(["GET", "POST"])
def calendar_link(request):
    """The consulent's calendar feed: make a new secret URL (shown once) or revoke it."""
    token = None
    if request.method == "POST":
        if request.POST.get("action") == "intrekken":
            feed.revoke_token(user=request.user)
            return redirect("agenda:calendar_link")
        token = feed.new_token(user=request.user)
    return render(
        request,
        "agenda/calendar_link.html",
        {
            "active": feed.has_token(request.user),
            "url": request.build_absolute_uri(reverse("agenda:feed", args=[token]))
            if token
            else None,
        },
    )


@permission_required("agenda.view_appointment", raise_exception=True)
@require_http_methods(["GET"])
def agenda_download(request):
    """The own agenda as an .ics file, from four weeks back to six months ahead."""
    return _ics(feed.calendar_for(request.user), "opstap-agenda.ics")


@login_not_required
@require_http_methods(["GET"])
def calendar_feed(request, token: str):
    """For calendar apps, which cannot log in: the secret in the URL is the authentication. It
    holds no names, BSNs or client numbers, so it writes no access-log row."""
    user = feed.user_for_token(token)
    if user is None:
        raise Http404
    return _ics(feed.calendar_for(user), "opstap-agenda.ics")


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
