from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import date_field, helper
from documents.models import DocumentKind
from documents.services import allowed_names, megabytes


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand"),
        allow_empty_file=True,  # the service refuses an empty file with its own message
        error_messages={"required": _("Kies een bestand.")},
    )
    kind = forms.ModelChoiceField(
        label=_("Soort"), queryset=DocumentKind.objects.filter(active=True)
    )
    description = forms.CharField(label=_("Omschrijving"), max_length=200)
    date = date_field(_("Datum"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(types)s, ten hoogste %(max)s MB.") % {
            "types": allowed_names(),
            "max": megabytes(settings.OPSTAP_DOCUMENT_MAX_BYTES),
        }
        self.helper = helper(_("Document opslaan"), "file", "kind", "description", "date")
