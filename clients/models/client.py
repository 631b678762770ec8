"""The client: personal data, household, language and indications; target groups."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, F, Q, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients import search
from core.bsn import mask_bsn, validate_bsn
from core.dates import add_years, validate_plausible_date
from organisations.models import Municipality, Organisation, ScopedQuerySet, Vervanging


def sort_name(value: str) -> str:
    """Lower case without accents: "Öztürk" sorts and is found as "ozturk"."""
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


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

    def caseload_of(self, user, day: date) -> ClientQuerySet:
        """The user's own clients and, during a vervanging, those of the consulent they stand in
        for (organisations.Vervanging): one query, the vervangingen as a subquery."""
        # `= ANY(ARRAY(...))`: the array is computed once and the consulent index does the
        # rest (3 ms at 100k clients); `consulent = u OR consulent IN (subquery)` scans (28 ms).
        # Table names from the models; the values are parameters.
        sql = (
            f'"{self.model._meta.db_table}"."consulent_id" = ANY(ARRAY('  # noqa: S608
            f'SELECT %s UNION ALL SELECT "absent_id" FROM "{Vervanging._meta.db_table}" '
            'WHERE "substitute_id" = %s AND "start" <= %s AND "end" >= %s))'
        )
        in_caseload = RawSQL(sql, [user.pk, user.pk, day, day], output_field=BooleanField())  # noqa: S611  # nosec B611
        return self.alias(in_caseload=in_caseload).filter(in_caseload=True)

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

    def search(self, term: str, *, bsn: bool = True) -> ClientQuerySet:
        """Clients found by a typed term (clients/search.py, docs/search.md): a name in any
        spelling, a date of birth, a client number or (with `bsn`) a BSN. The queryset carries
        `search_rank` (0 best) and is ordered by it, then by name. Raises ValidationError for a
        date that does not exist."""
        terms = search.parse(term)
        if not (terms.bsn or terms.number is not None or terms.born or terms.words):
            return self.none().alias(search_rank=Value(0))  # only signs such as "%" or "-"
        found = self
        if terms.bsn:
            found = found.filter(bsn=terms.bsn) if bsn else found.none()
        elif terms.number is not None:
            found = found.filter(pk=terms.number)
        if terms.born:
            found = found.filter(date_of_birth=terms.born)
        rank = Value(0)
        if terms.words:
            found = found.filter(search.name_match(terms.words))
            rank = search.name_rank(terms.words)
        return found.alias(search_rank=rank).order_by(
            "search_rank", "last_name_lower", "first_names", "pk"
        )

    def best_first(self, term: str) -> list[ClientQuerySet]:
        """The clients search(term) ranks best (the last name is exactly some of the typed
        words), one queryset per such last name, each in name order: called on the queryset
        before search(). Their rows come first in search()'s order, so when only one of them
        holds any it gives the first pages from the B-tree client_exact_name_idx without ranking
        every match (Jansen at 1M clients: 50 rows read instead of 11,426). The name match is
        checked on those rows only (search.name_match_checked): as a GIN condition PostgreSQL
        would guess a few hundred rows and rank them all again. Empty for a term without words."""
        terms = search.parse(term)
        if terms.bsn or terms.number is not None or not terms.words:
            return []
        found = self.alias(last_name_key=search.last_name_key()).filter(
            search.name_match_checked(terms.words)
        )
        if terms.born:
            found = found.filter(date_of_birth=terms.born)
        return [
            found.filter(last_name_key=name).order_by("last_name_lower", "first_names", "pk")
            for name in search.exact_names(terms.words)
        ]


class Client(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="clients",
        verbose_name=_("organisatie"),
        db_index=False,  # client_bsn_unique starts with it
    )
    bsn = models.CharField(_("BSN"), max_length=9, validators=[validate_bsn])
    first_names = models.CharField(_("voornamen"), max_length=200)
    prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=200)
    # sort_name(last_name), kept in step by save(). Collation "C" makes one B-tree index serve
    # both the name order and prefix search (LIKE 'abc%' becomes an index range).
    last_name_lower = models.CharField(max_length=200, editable=False, db_collation="C")
    # The folded name as a weighted tsvector, computed by the database (clients/search.py).
    search_vector = search.search_vector_field()
    date_of_birth = models.DateField(_("geboortedatum"), validators=[validate_plausible_date])
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="clients",
        verbose_name=_("gemeente"),
        db_index=False,  # client_mun_name_idx starts with it
    )
    consulent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("consulent"),
        db_index=False,  # client_caseload_idx starts with it
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
            GinIndex(fields=["search_vector"], name="client_search_idx"),
            # The whole folded last name, then name order: a search's best matches, page by
            # page, without ranking every match (ClientQuerySet.best_first).
            models.Index(
                search.last_name_key(),
                F("last_name_lower"),
                F("first_names"),
                F("id"),
                name="client_exact_name_idx",
            ),
            models.Index(fields=["date_of_birth"], name="client_birth_idx"),
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
