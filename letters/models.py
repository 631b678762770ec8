"""Letter templates (data a beheerder edits, per organisation, versioned by valid-from date) and
the letters made from them for a client (the PDF is a document on the file)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.dates import validate_plausible_date
from documents.models import Document
from organisations.models import Organisation, ScopedQuerySet


class LetterTemplateQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int | None) -> LetterTemplateQuerySet:
        return self.filter(organisation_id=organisation_id)

    def current_on(self, day: date) -> LetterTemplateQuerySet:
        """Per code, the version in force on `day`: the latest valid_from on or before it."""
        return self.filter(valid_from__lte=day).order_by("code", "-valid_from").distinct("code")


class LetterTemplate(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisatie")
    )
    code = models.SlugField(
        _("code"), max_length=40, help_text=_("Versies van hetzelfde sjabloon delen de code.")
    )
    name = models.CharField(_("naam"), max_length=100)
    valid_from = models.DateField(_("geldig vanaf"), validators=[validate_plausible_date])
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(
        _("tekst"),
        help_text=_(
            "Django-sjabloontaal met de variabelen uit docs/letters.md, zoals {{ client.naam }}, "
            "{{ consulent.naam }} en {{ extra.datum }}. Een lege regel begint een nieuwe alinea."
        ),
    )
    shows_full_bsn = models.BooleanField(
        _("volledig BSN in de brief"),
        default=False,
        help_text=_("Anders toont {{ client.bsn }} het BSN gemaskeerd (******789)."),
    )

    objects = LetterTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("briefsjabloon")
        verbose_name_plural = _("briefsjablonen")
        ordering = ["name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code", "valid_from"], name="lettertemplate_one_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d-%m-%Y})"

    def clean(self) -> None:
        from letters.rendering import check_template_source

        check_template_source(self.body, field="body")
        check_template_source(self.subject, field="subject")


class Letterhead(models.Model):
    """The organisation's letterhead: who sends, and the footer."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisatie")
    )
    sender = models.TextField(
        _("afzender"), help_text=_("Naam en adres van de afdeling, één per regel.")
    )
    footer = models.CharField(_("voettekst"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("briefhoofd")
        verbose_name_plural = _("briefhoofden")

    def __str__(self) -> str:
        return self.sender.splitlines()[0] if self.sender else str(self.organisation_id)


class LetterQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"


class Letter(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="letters", verbose_name=_("cliënt")
    )
    template = models.ForeignKey(
        LetterTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("sjabloon")
    )
    date = models.DateField(_("datum"))
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"))
    document = models.OneToOneField(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letter",
        verbose_name=_("document"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opgesteld door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.date:%d-%m-%Y})"
