"""Appointments (afspraken) with a client: their kinds as a code table, the appointment with its
outcome, and the secret token of a consulent's calendar feed."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.dates import validate_plausible_date
from organisations.models import ScopedQuerySet


class AppointmentKind(models.Model):
    """A code table (intake, voortgangsgesprek, heronderzoek, huisbezoek, …), seeded by a data
    migration; a beheerder may add kinds."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("soort afspraak")
        verbose_name_plural = _("soorten afspraak")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Place(models.TextChoices):
    OFFICE = "kantoor", _("Kantoor")
    HOME_VISIT = "huisbezoek", _("Huisbezoek")
    PHONE = "telefonisch", _("Telefonisch")
    VIDEO = "video", _("Video")


class Status(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    HELD = "gehouden", _("Gehouden")
    NO_SHOW_NOTICE = "niet_verschenen_met_bericht", _("Niet verschenen, met bericht")
    NO_SHOW = "niet_verschenen_zonder_bericht", _("Niet verschenen, zonder bericht")
    CANCELLED = "afgezegd", _("Afgezegd")


NO_SHOW_STATUSES = (Status.NO_SHOW_NOTICE, Status.NO_SHOW)


class CancelledBy(models.TextChoices):
    CLIENT = "client", _("Cliënt")
    CONSULENT = "consulent", _("Consulent of gemeente")


class AppointmentQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"

    def planned(self) -> AppointmentQuerySet:
        return self.filter(status=Status.PLANNED)

    def upcoming(self, today: date) -> AppointmentQuerySet:
        """Planned, today or later, the first first."""
        return self.planned().filter(date__gte=today).order_by("date", "start")

    def held(self) -> AppointmentQuerySet:
        return self.filter(status=Status.HELD)

    def no_shows(self) -> AppointmentQuerySet:
        """Appointments the client did not come to (with or without notice): for follow-up and
        for maatregelen (a no-show without notice is a possible breach of an obligation)."""
        return self.filter(status__in=NO_SHOW_STATUSES)

    def overlapping(self, *, consulent, day: date, start: time, end: time):
        """The consulent's other planned or held appointments on `day` overlapping start–end."""
        return self.filter(consulent=consulent, date=day, start__lt=end, end__gt=start).exclude(
            status=Status.CANCELLED
        )


class Appointment(models.Model):
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="appointments",
        verbose_name=_("cliënt"),
        db_index=False,  # appointment_client_date_idx starts with it
    )
    consulent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("consulent"),
        db_index=False,  # appointment_consulent_date_idx starts with it
    )
    kind = models.ForeignKey(
        AppointmentKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("soort")
    )
    date = models.DateField(_("datum"), validators=[validate_plausible_date])
    start = models.TimeField(_("begintijd"))
    end = models.TimeField(_("eindtijd"))
    place = models.CharField(_("plaats"), max_length=20, choices=Place)
    participants = models.CharField(
        _("neemt verder deel"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld een tolk, de bewindvoerder of een jobcoach."),
    )
    status = models.CharField(
        _("status"), max_length=40, choices=Status, default=Status.PLANNED, db_index=True
    )
    cancelled_by = models.CharField(
        _("afgezegd door"), max_length=20, choices=CancelledBy, blank=True
    )
    report = models.TextField(_("kort verslag"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ingepland door"),
    )
    created_at = models.DateTimeField(_("ingepland op"), default=timezone.now, editable=False)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("uitkomst vastgelegd door"),
    )
    outcome_at = models.DateTimeField(_("uitkomst vastgelegd op"), null=True, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["-date", "-start"]
        indexes = [
            models.Index(fields=["client", "-date"], name="appointment_client_date_idx"),
            models.Index(fields=["consulent", "date"], name="appointment_consulent_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="appointment_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status=Status.CANCELLED) | Q(cancelled_by=""),
                name="appointment_cancelled_by_only_when_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.date:%d-%m-%Y} {self.start:%H:%M}"

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.start))

    @property
    def ends_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.end))

    @property
    def is_planned(self) -> bool:
        return self.status == Status.PLANNED

    @property
    def is_no_show(self) -> bool:
        return self.status in NO_SHOW_STATUSES

    def pseudonymous_title(self) -> str:
        """What a calendar outside Opstap may show: no name, no BSN, no client number."""
        return _("Afspraak (%(kind)s), %(place)s") % {
            "kind": str(self.kind.name).lower(),
            "place": str(self.get_place_display()).lower(),
        }


class CalendarToken(models.Model):
    """The secret of a consulent's calendar feed. A calendar app cannot log in, so the feed's
    URL carries a long random token; only its SHA-256 is stored, and making a new one or
    revoking it ends the old URL at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_token",
        verbose_name=_("gebruiker"),
    )
    digest = models.CharField(_("vingerafdruk"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    last_used_at = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("agendakoppeling")
        verbose_name_plural = _("agendakoppelingen")

    def __str__(self) -> str:
        return str(self.user)

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
