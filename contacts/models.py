"""How to reach a client: effective-dated contact details (address, phone, e-mail, preferred
channel, interpreter) and contact persons (bewindvoerder, mentor, curator, partner,
hulpverlener). Contact details are never overwritten: a change is a new row from a date, as
with assessments (docs/architecture.md, "Effective-dated history")."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.contact import display_phone
from core.dates import validate_plausible_date
from core.ranges import DateSpan, DayBox  # noqa: F401  (DateSpan: named by migrations)
from organisations.models import ScopedQuerySet


class AddressKind(models.TextChoices):
    HOME = "woonadres", _("Woonadres")
    POSTAL = "briefadres", _("Briefadres")
    NONE = "geen_vast_adres", _("Geen vast adres")


class Channel(models.TextChoices):
    LETTER = "post", _("Post")
    EMAIL = "email", _("E-mail")
    PHONE = "telefoon", _("Telefoon")
    IN_PERSON = "persoonlijk", _("Persoonlijk gesprek")


class ContactDetailsQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"

    def on(self, day: date) -> ContactDetailsQuerySet:
        """The row in force on `day` for each client: at most one per client."""
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=day), valid_from__lte=day
        )


class ContactDetails(models.Model):
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="contact_details",
        verbose_name=_("cliënt"),
        db_index=False,  # contactdetails_one_per_day starts with it
    )
    valid_from = models.DateField(_("geldig vanaf"), validators=[validate_plausible_date])
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True, editable=False)
    address_kind = models.CharField(
        _("soort adres"), max_length=20, choices=AddressKind, default=AddressKind.HOME
    )
    street = models.CharField(_("straat"), max_length=200, blank=True)
    house_number = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    addition = models.CharField(_("toevoeging"), max_length=10, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("woonplaats"), max_length=100, blank=True)
    phone = models.CharField(_("telefoon"), max_length=20, blank=True, help_text="E.164")
    mobile = models.CharField(_("mobiel"), max_length=20, blank=True, help_text="E.164")
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    preferred_channel = models.CharField(
        _("voorkeur contact"), max_length=20, choices=Channel, default=Channel.LETTER
    )
    interpreter_needed = models.BooleanField(_("tolk nodig"), default=False)
    interpreter_language = models.CharField(_("taal van de tolk"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("vastgelegd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now, editable=False)

    objects = ContactDetailsQuerySet.as_manager()

    class Meta:
        verbose_name = _("contactgegevens")
        verbose_name_plural = _("contactgegevens")
        ordering = ["client", "-valid_from"]
        # A complete address (unless "geen vast adres") and the interpreter's language are
        # checked by the form and the import, not by the database: retention empties the text
        # of an anonymised client's rows (security/retention.py).
        constraints = [
            models.UniqueConstraint(
                fields=["client", "valid_from"], name="contactdetails_one_per_day"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("valid_from")),
                name="contactdetails_valid_until_after_from",
            ),
            ExclusionConstraint(
                name="contactdetails_no_overlap",
                violation_error_message=_(
                    "Deze contactgegevens overlappen met andere van deze cliënt."
                ),
                expressions=[
                    (
                        DayBox("client", "valid_from", "valid_until", end_inclusive=False),
                        RangeOperators.OVERLAPS,
                    ),
                ],
            ),
        ]

    def __str__(self) -> str:
        return _("Contactgegevens vanaf %(day)s") % {"day": f"{self.valid_from:%d-%m-%Y}"}

    @property
    def address_lines(self) -> list[str]:
        if self.address_kind == AddressKind.NONE:
            return []
        number = f"{self.house_number or ''}{('-' + self.addition) if self.addition else ''}"
        return [f"{self.street} {number}".strip(), f"{self.postcode}  {self.city}".strip()]

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)

    @property
    def mobile_display(self) -> str:
        return display_phone(self.mobile)


class Role(models.TextChoices):
    BEWINDVOERDER = "bewindvoerder", _("Bewindvoerder")
    MENTOR = "mentor", _("Mentor")
    CURATOR = "curator", _("Curator")
    PARTNER = "partner", _("Partner")
    HULPVERLENER = "hulpverlener", _("Hulpverlener")


class ContactPersonQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"

    def current(self, day: date) -> ContactPersonQuerySet:
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)


class ContactPerson(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="contact_persons", verbose_name=_("cliënt")
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role)
    name = models.CharField(_("naam"), max_length=200)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    phone = models.CharField(_("telefoon"), max_length=20, blank=True, help_text="E.164")
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    address = models.CharField(_("adres"), max_length=300, blank=True)
    start = models.DateField(_("vanaf"), validators=[validate_plausible_date])
    end = models.DateField(_("tot en met"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now, editable=False)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["client", "role", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="contactperson_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display().lower()})"

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)
