"""Monthly report snapshots: one ReportRun per municipality and month.

A run is requested (in wachtrij), built by a Celery task (bezig), and then holds its figures
(klaar) or the reason it failed (mislukt). Finished figures are never edited: a new request keeps
them visible until a new build replaces them, in one transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.formatting import day
from organisations.models import Municipality, ScopedQuerySet


class BuildReason(models.TextChoices):
    """Why a month was (re)built: asked for, the 30 days after it passed, or a later correction
    of its benefit periods or assessments (services.ensure_monthly_reports)."""

    REQUEST = "aanvraag", _("aangevraagd")
    DEFINITIVE = "definitief", _("definitief geworden")
    CORRECTION = "correctie", _("correctie achteraf")


class ReportRunQuerySet(ScopedQuerySet):
    scope_path = "municipality"


class ReportRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "wachtrij", _("In wachtrij")
        BUILDING = "bezig", _("Bezig")
        DONE = "klaar", _("Klaar")
        FAILED = "mislukt", _("Mislukt")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    month = models.DateField(_("maand"), help_text=_("De eerste dag van de maand."))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    figures = models.JSONField(_("cijfers"), null=True, blank=True, editable=False)
    data_date = models.DateField(_("gegevens van"), null=True, blank=True, editable=False)
    built_at = models.DateTimeField(_("berekend op"), null=True, blank=True, editable=False)
    build_seconds = models.FloatField(_("rekentijd (s)"), null=True, blank=True, editable=False)
    requested_at = models.DateTimeField(_("aangevraagd op"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    queued_at = models.DateTimeField(_("in de wachtrij gezet op"), null=True, blank=True)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)
    reason = models.CharField(
        _("aanleiding"), max_length=12, choices=BuildReason, default=BuildReason.REQUEST
    )

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("maandrapportage")
        verbose_name_plural = _("maandrapportages")
        ordering = ["municipality", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "month"], name="report_run_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="report_month_first_day"),
            models.CheckConstraint(
                condition=~Q(status="klaar") | Q(figures__isnull=False),
                name="report_done_has_figures",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.month:%m-%Y}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)


class Xid8Field(models.Field):
    """A PostgreSQL transaction id (xid8), compared with a snapshot by pg_visible_in_snapshot
    (reporting/as_of.py); passed as text, which PostgreSQL reads as an xid8."""

    def db_type(self, connection) -> str:
        return "xid8"

    def get_prep_value(self, value):
        return None if value is None else str(value)


class ReportVersionQuerySet(ScopedQuerySet):
    scope_path = "run__municipality"


class ReportVersion(models.Model):
    """One build of a month, kept: a rebuild adds a version and never changes an earlier one, so a
    figure once sent to the council can be found again (DOMAIN §6). The run's own figures are a
    copy of its newest version. Removed with the run only (retention follows the report)."""

    run = models.ForeignKey(
        ReportRun, on_delete=models.CASCADE, related_name="versions", verbose_name=_("rapportage")
    )
    number = models.PositiveIntegerField(_("versie"))
    figures = models.JSONField(_("cijfers"), editable=False)
    data_date = models.DateField(_("gegevens van"), editable=False)
    built_at = models.DateTimeField(_("berekend op"), editable=False)
    reason = models.CharField(
        _("aanleiding"), max_length=12, choices=BuildReason, default=BuildReason.REQUEST
    )
    # What the build saw (reporting/as_of.py): PostgreSQL's snapshot of the build's transaction
    # and the kept-rows counter after it, so a drill-down lists who was counted then. Empty for
    # versions built before rows were kept: they have no list.
    snapshot = models.TextField(_("momentopname"), blank=True, editable=False)
    mark = models.BigIntegerField(_("volgnummer"), null=True, editable=False)
    xid = Xid8Field(_("transactie"), null=True, editable=False)

    objects = ReportVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("versie van een maandrapportage")
        verbose_name_plural = _("versies van maandrapportages")
        ordering = ["run", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="report_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="report_version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.run} v{self.number}"


class SpellQuerySet(ScopedQuerySet):
    scope_path = "municipality"


class Spell(models.Model):
    """One spell of benefit (DOMAIN §6): a client's benefit periods in one municipality that
    follow each other within the restart days, from the first period's start to the last one's
    end. Derived data, kept by PostgreSQL triggers on the benefit periods (reporting/spells.py):
    never written by the application itself."""

    # No index per column: the unique (client, municipality, start) and the two below serve.
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    start = models.DateField()
    end = models.DateField(null=True)
    end_reason = models.ForeignKey(
        "clients.EndReason",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    # The client's columns that the breakdowns use, copied by the triggers (also when the client
    # changes), so a report does not join a million clients.
    consulent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    date_of_birth = models.DateField()
    startkwalificatie = models.BooleanField()
    statushouder = models.BooleanField()
    household = models.CharField(max_length=30)

    objects = SpellQuerySet.as_manager()

    class Meta:
        verbose_name = _("aaneengesloten uitkering")
        verbose_name_plural = _("aaneengesloten uitkeringen")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "municipality", "start"], name="spell_unique_start"
            )
        ]
        indexes = [
            # The stand at a day and the instroom of a month: ranges on start, index-only.
            models.Index(
                fields=["municipality", "start"],
                include=["end", "consulent"],
                name="spell_mun_start_idx",
            ),
            # The uitstroom of a month, with its reason.
            models.Index(
                fields=["municipality", "end"], include=["end_reason"], name="spell_mun_end_idx"
            ),
        ]

    def __str__(self) -> str:
        end = day(self.end) if self.end else "…"
        return f"{day(self.start)} – {end}"


class SpellRule(models.Model):
    """The restart days the spells were built with (one row). The triggers read it; the reports
    rebuild the spells when OPSTAP_REPORT_RESTART_DAYS says otherwise (reporting/spells.py)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    restart_days = models.PositiveSmallIntegerField()
    built_at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="spell_rule_one_row")]

    def __str__(self) -> str:
        return f"{self.restart_days} dagen"


class Kept(models.Model):
    """A row as it was between two changes: written by triggers in the transaction that made it
    (created_xid, created_seq) and closed by the one that changed or removed it (deleted_xid,
    deleted_seq). A report version reads the rows its build could see (reporting/as_of.py)."""

    created_xid = Xid8Field()
    created_seq = models.BigIntegerField()
    deleted_xid = Xid8Field(null=True)
    deleted_seq = models.BigIntegerField(null=True)

    class Meta:
        abstract = True


class KeptSpell(Kept):
    client_id = models.BigIntegerField()
    municipality_id = models.BigIntegerField()
    start = models.DateField()
    end = models.DateField(null=True)
    end_reason_id = models.BigIntegerField(null=True)
    consulent_id = models.BigIntegerField(null=True)
    date_of_birth = models.DateField()
    startkwalificatie = models.BooleanField()
    statushouder = models.BooleanField()
    household = models.CharField(max_length=30)

    class Meta:
        verbose_name = _("bewaarde aaneengesloten uitkering")
        verbose_name_plural = _("bewaarde aaneengesloten uitkeringen")
        indexes = [
            models.Index(fields=["municipality_id", "start"], name="kept_spell_mun_start_idx"),
            models.Index(fields=["client_id"], name="kept_spell_client_idx"),  # retention
            models.Index(fields=["created_xid"], name="kept_spell_created_idx"),
            models.Index(fields=["deleted_xid"], name="kept_spell_deleted_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client_id", "municipality_id", "start"],
                condition=Q(deleted_xid__isnull=True),
                name="kept_spell_one_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.start}"


class KeptAssessment(Kept):
    assessment_id = models.BigIntegerField()
    client_id = models.BigIntegerField()
    category_id = models.BigIntegerField()
    date = models.DateField()
    valid_until = models.DateField(null=True)

    class Meta:
        verbose_name = _("bewaarde beoordeling")
        verbose_name_plural = _("bewaarde beoordelingen")
        indexes = [
            models.Index(fields=["client_id"], name="kept_assessment_client_idx"),
            models.Index(fields=["created_xid"], name="kept_assessment_created_idx"),
            models.Index(fields=["deleted_xid"], name="kept_assessment_deleted_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment_id"],
                condition=Q(deleted_xid__isnull=True),
                name="kept_assessment_one_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.date}"


class KeptTrajectory(Kept):
    trajectory_id = models.BigIntegerField()
    client_id = models.BigIntegerField()
    municipality_id = models.BigIntegerField(null=True)
    type_id = models.BigIntegerField()
    actual_start = models.DateField(null=True)
    actual_end = models.DateField(null=True)
    outcome = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("bewaard traject")
        verbose_name_plural = _("bewaarde trajecten")
        indexes = [
            models.Index(fields=["municipality_id"], name="kept_trajectory_mun_idx"),
            models.Index(fields=["client_id"], name="kept_trajectory_client_idx"),  # retention
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory_id"],
                condition=Q(deleted_xid__isnull=True),
                name="kept_trajectory_one_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.actual_start}"
