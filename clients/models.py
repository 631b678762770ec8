from __future__ import annotations

import unicodedata
from datetime import date

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn as stdnum_bsn

from organisations.dates import add_years, validate_plausible_date
from organisations.models import Municipality, Organisation, ScopedQuerySet


def validate_bsn(value: str) -> None:
    if not stdnum_bsn.is_valid(value):
        raise ValidationError(
            _("Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en de elfproef doorstaan."),
            code="invalid_bsn",
        )


def sort_name(value: str) -> str:
    """Lower case without accents: "Öztürk" sorts and is found as "ozturk"."""
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def mask_bsn(value: str) -> str:
    """Show only the last three digits, as lists and reports do: ******789."""
    return "******" + value[-3:] if value else ""


class DateRange(Func):
    """PostgreSQL daterange(start, end, '[]'): both ends inclusive, NULL end is open."""

    function = "daterange"
    output_field = models.Field()

    def __init__(self, start, end):
        super().__init__(start, end, models.Value("[]"))


class IdRange(Func):
    """int8range(id, id, '[]'): lets a GiST exclusion constraint compare ids with "=" without
    btree_gist, which the embedded PostgreSQL does not ship."""

    function = "int8range"
    output_field = models.Field()

    def __init__(self, column):
        super().__init__(column, column, models.Value("[]"))


class Household(models.TextChoices):
    SINGLE = "alleenstaand", _("Alleenstaand")
    SINGLE_PARENT = "alleenstaande_ouder", _("Alleenstaande ouder")
    COUPLE = "gehuwd_samenwonend", _("Gehuwd of samenwonend")
    COUPLE_CHILDREN = "gezin", _("Gehuwd of samenwonend met kinderen")


class LanguageLevel(models.TextChoices):
    UNKNOWN = "onbekend", _("Onbekend")
    BELOW_1F = "onder_1f", _("Lager dan 1F")
    LEVEL_1F = "1f", _("1F")
    LEVEL_2F = "2f", _("2F of hoger")


class TaaleisStatus(models.TextChoices):
    NOT_ASSESSED = "niet_beoordeeld", _("Niet beoordeeld")
    MET = "voldaan", _("Voldaan")
    EXEMPT = "vrijgesteld", _("Vrijgesteld")
    TEST_PLANNED = "toets_gepland", _("Taaltoets gepland")
    NOT_MET = "niet_voldaan", _("Niet voldaan")
    LEARNING = "taaltraject", _("In taaltraject")


class TargetGroup(models.TextChoices):
    FIFTY_PLUS = "50plus", _("50-plusser")
    YOUNG_NO_SK = "jongere", _("Jongere onder 27 zonder startkwalificatie")
    STATUSHOUDER = "statushouder", _("Statushouder")
    SINGLE_PARENT = "alleenstaande_ouder", _("Alleenstaande ouder")


class ClientQuerySet(ScopedQuerySet):
    scope_path = "municipality"

    def in_target_group(self, group: str, *, on: date | None = None) -> ClientQuerySet:
        """Clients in a target group on a date, in SQL: the same rules as Client.target_groups."""
        on = on or timezone.localdate()
        if group == TargetGroup.FIFTY_PLUS:
            return self.filter(date_of_birth__lte=add_years(on, -50))
        if group == TargetGroup.YOUNG_NO_SK:
            return self.filter(date_of_birth__gt=add_years(on, -27), startkwalificatie=False)
        if group == TargetGroup.STATUSHOUDER:
            return self.filter(statushouder=True)
        if group == TargetGroup.SINGLE_PARENT:
            return self.filter(household=Household.SINGLE_PARENT)
        return self.none()

    def search(self, term: str) -> ClientQuerySet:
        """A BSN (9 digits), a client number (digits) or the start of a last name."""
        term = term.strip()
        if not term:
            return self
        compact = term.replace(" ", "").replace(".", "")
        if compact.isdigit():
            if len(compact) == 9:
                return self.filter(bsn=compact)
            return self.filter(pk=int(compact)) if len(compact) < 12 else self.none()
        return self.filter(last_name_lower__startswith=sort_name(term))


class Client(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="clients",
        verbose_name=_("organisatie"),
    )
    bsn = models.CharField(_("BSN"), max_length=9, validators=[validate_bsn])
    first_names = models.CharField(_("voornamen"), max_length=200)
    prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=200)
    # sort_name(last_name), kept in step by save(). Collation "C" makes one B-tree index serve
    # both the name order and prefix search (LIKE 'abc%' becomes an index range).
    last_name_lower = models.CharField(max_length=200, editable=False, db_collation="C")
    date_of_birth = models.DateField(_("geboortedatum"), validators=[validate_plausible_date])
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="clients",
        verbose_name=_("gemeente"),
    )
    consulent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("consulent"),
    )
    household = models.CharField(
        _("leefsituatie"),
        max_length=30,
        choices=Household,
        default=Household.SINGLE,
    )
    youngest_child_birth_date = models.DateField(
        _("geboortedatum jongste kind"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text=_("Nodig voor een ontheffing op grond van art. 9a."),
    )
    statushouder = models.BooleanField(_("statushouder"), default=False)
    startkwalificatie = models.BooleanField(_("startkwalificatie"), default=False)
    language_level = models.CharField(
        _("taalniveau Nederlands"),
        max_length=20,
        choices=LanguageLevel,
        default=LanguageLevel.UNKNOWN,
    )
    taaleis_status = models.CharField(
        _("taaleis"),
        max_length=20,
        choices=TaaleisStatus,
        default=TaaleisStatus.NOT_ASSESSED,
    )
    taaleis_test_date = models.DateField(
        _("datum taaltoets"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text=_("De datum waarop de taaltoets is afgenomen; nodig bij 'niet voldaan'."),
    )
    banenafspraak_date = models.DateField(
        _("indicatie Banenafspraak sinds"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
    )
    banenafspraak_source = models.CharField(
        _("bron indicatie Banenafspraak"), max_length=100, blank=True
    )
    beschut_werk_date = models.DateField(
        _("indicatie Beschut werk sinds"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
    )
    beschut_werk_source = models.CharField(
        _("bron indicatie Beschut werk"), max_length=100, blank=True
    )
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("gewijzigd door"),
    )

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("cliënt")
        verbose_name_plural = _("cliënten")
        ordering = ["last_name_lower", "first_names", "pk"]
        permissions = [
            ("import_caseload", _("Mag een caseload-export importeren")),
            ("reassign_consulent", _("Mag cliënten aan een andere consulent toewijzen")),
            (
                "export_client_data",
                _(
                    "Mag voor een inzageverzoek (AVG art. 15) alle gegevens van een cliënt exporteren"
                ),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "bsn"],
                name="client_bsn_unique",
                violation_error_message=_("Er is al een cliënt met dit BSN."),
            ),
            models.CheckConstraint(
                condition=Q(bsn__regex=r"^[0-9]{9}$"),
                name="client_bsn_digits",
                violation_error_message=_("Een BSN bestaat uit 9 cijfers."),
            ),
        ]
        indexes = [
            models.Index(fields=["bsn"], name="client_bsn_idx"),
            models.Index(
                fields=["last_name_lower", "first_names", "id"], name="client_name_order_idx"
            ),
            # Scoping joins other tables to the client's municipality; this lets PostgreSQL
            # answer that from the index alone (a provider's list: 101 -> 75 ms p95).
            models.Index(fields=["id"], include=["municipality"], name="client_scope_idx"),
            # Monthly reports break the stand down by these columns (index-only).
            models.Index(
                fields=["id"],
                include=[
                    "consulent",
                    "date_of_birth",
                    "startkwalificatie",
                    "statushouder",
                    "household",
                ],
                name="client_report_idx",
            ),
            models.Index(
                fields=["consulent", "last_name_lower", "first_names", "id"],
                name="client_caseload_idx",
            ),
            models.Index(fields=["municipality", "last_name_lower"], name="client_mun_name_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.last_name_lower = sort_name(self.last_name)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_names, self.prefix, self.last_name) if part)

    @property
    def masked_bsn(self) -> str:
        return mask_bsn(self.bsn)

    def age_on(self, on: date) -> int:
        years = on.year - self.date_of_birth.year
        if (on.month, on.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years

    def target_groups(self, on: date | None = None) -> list[TargetGroup]:
        """Derived from the data, never typed in: the rules of DOMAIN §2."""
        on = on or timezone.localdate()
        age = self.age_on(on)
        groups = []
        if age >= 50:
            groups.append(TargetGroup.FIFTY_PLUS)
        if age < 27 and not self.startkwalificatie:
            groups.append(TargetGroup.YOUNG_NO_SK)
        if self.statushouder:
            groups.append(TargetGroup.STATUSHOUDER)
        if self.household == Household.SINGLE_PARENT:
            groups.append(TargetGroup.SINGLE_PARENT)
        return groups

    def clean(self) -> None:
        super().clean()
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            raise ValidationError({"date_of_birth": _("De geboortedatum ligt in de toekomst.")})
        if self.taaleis_status == TaaleisStatus.NOT_MET and not self.taaleis_test_date:
            raise ValidationError(
                {"taaleis_test_date": _("Vul de datum in waarop de taaltoets niet is behaald.")}
            )
        if self.banenafspraak_date and not self.banenafspraak_source:
            raise ValidationError({"banenafspraak_source": _("Vul de bron van de indicatie in.")})
        if self.beschut_werk_date and not self.beschut_werk_source:
            raise ValidationError({"beschut_werk_source": _("Vul de bron van de indicatie in.")})


class EndReasonGroup(models.TextChoices):
    WORK = "werk", _("Werk")
    OTHER_BENEFIT = "andere_uitkering", _("Andere uitkering")
    MOVED = "verhuizing", _("Verhuizing")
    STUDY = "studie", _("Studie")
    RELATIONSHIP = "relatie", _("Relatie")
    OTHER = "overig", _("Overig")


class EndReason(models.Model):
    """CBS reden-beëindiging (Bijstandsuitkeringenstatistiek), with its report group."""

    code = models.CharField(_("CBS-code"), max_length=2, unique=True)
    description = models.CharField(_("omschrijving"), max_length=200)
    group = models.CharField(_("rapportagegroep"), max_length=20, choices=EndReasonGroup)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("reden beëindiging")
        verbose_name_plural = _("redenen beëindiging")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"

    @property
    def is_work(self) -> bool:
        return self.group == EndReasonGroup.WORK


class BenefitPeriodQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"

    def running_on(self, on: date) -> BenefitPeriodQuerySet:
        return self.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on)


class BenefitPeriod(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="benefit_periods", verbose_name=_("cliënt")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="benefit_periods",
        verbose_name=_("betalende gemeente"),
    )
    start = models.DateField(_("ingangsdatum"), validators=[validate_plausible_date])
    end = models.DateField(
        _("einddatum"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text=_("De laatste dag met uitkering."),
    )
    end_reason = models.ForeignKey(
        EndReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reden beëindiging"),
    )

    objects = BenefitPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitkeringsperiode")
        verbose_name_plural = _("uitkeringsperioden")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="benefit_end_not_before_start",
                violation_error_message=_("De einddatum ligt vóór de ingangsdatum."),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True, end_reason__isnull=True)
                | Q(end__isnull=False, end_reason__isnull=False),
                name="benefit_end_has_reason",
                violation_error_message=_(
                    "Een beëindigde uitkering heeft een reden van beëindiging, een lopende geen."
                ),
            ),
            ExclusionConstraint(
                name="benefit_no_overlap",
                violation_error_message=_(
                    "Deze periode overlapt met een andere uitkering van deze cliënt."
                ),
                expressions=[
                    (IdRange("client"), RangeOperators.EQUAL),
                    (DateRange("start", "end"), RangeOperators.OVERLAPS),
                ],
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "start"], name="benefit_mun_start_idx"),
            # Monthly reports read a municipality's periods per client in start order.
            models.Index(
                fields=["municipality", "client", "start"],
                include=["end", "end_reason"],
                name="benefit_report_idx",
            ),
            models.Index(fields=["municipality", "end"], name="benefit_mun_end_idx"),
        ]

    def __str__(self) -> str:
        end = self.end.isoformat() if self.end else "…"
        return f"{self.start.isoformat()} – {end}"

    @property
    def is_running(self) -> bool:
        return self.end is None

    def overlaps(self, start: date, end: date | None) -> bool:
        return (self.end is None or start <= self.end) and (end is None or self.start <= end)


class OntheffingReason(models.TextChoices):
    URGENT = "art9_lid2", _("Dringende redenen, waaronder zorgtaken (art. 9 lid 2)")
    SINGLE_PARENT = "art9a", _("Alleenstaande ouder met kind jonger dan 5 (art. 9a)")
    MEDICAL = "medisch", _("Medische redenen of chronische ziekte")


ART_9A_MAX_YEARS = 5
ART_9A_CHILD_AGE = 5


class OntheffingQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"

    def running_on(self, on: date) -> OntheffingQuerySet:
        return self.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on)


class Ontheffing(models.Model):
    """Exemption from the work obligations (art. 9 and 9a Participatiewet)."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="ontheffingen", verbose_name=_("cliënt")
    )
    reason = models.CharField(_("grond"), max_length=20, choices=OntheffingReason)
    start = models.DateField(_("ingangsdatum"), validators=[validate_plausible_date])
    end = models.DateField(
        _("einddatum"), null=True, blank=True, validators=[validate_plausible_date]
    )
    remark = models.CharField(_("toelichting"), max_length=500, blank=True)

    objects = OntheffingQuerySet.as_manager()

    class Meta:
        verbose_name = _("ontheffing")
        verbose_name_plural = _("ontheffingen")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="ontheffing_end_not_before_start",
                violation_error_message=_("De einddatum ligt vóór de ingangsdatum."),
            ),
            ExclusionConstraint(
                name="ontheffing_no_overlap",
                violation_error_message=_(
                    "Deze periode overlapt met een andere ontheffing van deze cliënt."
                ),
                expressions=[
                    (IdRange("client"), RangeOperators.EQUAL),
                    (DateRange("start", "end"), RangeOperators.OVERLAPS),
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} vanaf {self.start.isoformat()}"

    def duration_days(self) -> int:
        return ((self.end or timezone.localdate()) - self.start).days + 1


class ContactKind(models.TextChoices):
    MEETING = "gesprek", _("Gesprek")
    PHONE = "telefoon", _("Telefoon")
    HOME_VISIT = "huisbezoek", _("Huisbezoek")
    VIDEO = "video", _("Videogesprek")
    EMAIL = "email", _("E-mail")
    LETTER = "brief", _("Brief")


class ContactNoteQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"


class ContactNote(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="notes", verbose_name=_("cliënt")
    )
    date = models.DateField(_("datum"), validators=[validate_plausible_date])
    kind = models.CharField(_("soort contact"), max_length=20, choices=ContactKind)
    text = models.TextField(_("verslag"), max_length=10000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now, editable=False)

    objects = ContactNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["client", "-date"], name="note_client_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date.isoformat()}"


class AccessAction(models.TextChoices):
    VIEW = "inzage", _("Inzage")
    CREATE = "aanmaak", _("Aanmaak")
    UPDATE = "wijziging", _("Wijziging")
    IMPORT = "import", _("Import")
    SEARCH = "zoekresultaat", _("In een lijst of zoekresultaat")
    EXPORT = "export", _("Export")
    DOWNLOAD = "download", _("Download")
    LOG_VIEW = "inzage_log", _("Inzage in het toegangslog")


class AccessResult(models.TextChoices):
    SUCCESS = "gelukt", _("Gelukt")
    REFUSED = "geweigerd", _("Geweigerd")


class ProcessingActivity(models.TextChoices):
    """The processing activities of the municipality's register (AVG art. 30) that Opstap
    serves; each access log row names the one it was done for."""

    CASEWORK = (
        "uitvoering_participatiewet",
        _("Begeleiding naar werk en participatie (Participatiewet)"),
    )
    MANAGEMENT = "sturing", _("Sturing en beleidsinformatie")
    ACCOUNTABILITY = "verantwoording", _("Toezicht op gebruik en verantwoording")
    DATA_SUBJECT_REQUEST = "inzageverzoek", _("Afhandelen van een verzoek van de betrokkene (AVG)")


class AccessLogQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"


class AccessLog(models.Model):
    """One row per view, listing, export, download or change of a client's data, modelled on
    Logboek Dataverwerkingen: who, when (UTC), what, which object, which client, the result, the
    request and the processing activity. Append-only: a database trigger refuses UPDATE and
    DELETE (migration 0007)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="access_log", verbose_name=_("cliënt")
    )
    action = models.CharField(_("handeling"), max_length=20, choices=AccessAction)
    detail = models.CharField(_("omschrijving"), max_length=500, blank=True)
    client_version = models.PositiveIntegerField(_("versie cliënt"), null=True, blank=True)
    # The columns below have database defaults: the import writes this table with COPY.
    object_ref = models.CharField(
        _("object"),
        max_length=100,
        blank=True,
        default="",
        db_default="",
        help_text=_("Het gegeven dat is ingezien of gewijzigd, als app.model:id."),
    )
    result = models.CharField(
        _("resultaat"),
        max_length=20,
        choices=AccessResult,
        default=AccessResult.SUCCESS,
        db_default=AccessResult.SUCCESS.value,
    )
    request_id = models.CharField(
        _("request-id"), max_length=64, blank=True, default="", db_default=""
    )
    processing_activity = models.CharField(
        _("verwerkingsactiviteit"),
        max_length=40,
        choices=ProcessingActivity,
        default=ProcessingActivity.CASEWORK,
        db_default=ProcessingActivity.CASEWORK.value,
    )

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("toegangsregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-at"]
        indexes = [models.Index(fields=["client", "-at"], name="accesslog_client_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()}"


class FormSubmission(models.Model):
    """A form's one-time token, used once: a second post with it (a double click, a reload, the
    Back button) creates nothing and is sent to where the first one went (clients/once.py). The
    unique constraint makes two posts at the same moment wait for each other."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    token = models.UUIDField(_("formuliertoken"))
    url = models.CharField(_("doorgestuurd naar"), max_length=500, blank=True)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        verbose_name = _("verstuurd formulier")
        verbose_name_plural = _("verstuurde formulieren")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "token"],
                name="formsubmission_once_per_user",
                violation_error_message=_("Dit formulier was al verstuurd."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.token}"
