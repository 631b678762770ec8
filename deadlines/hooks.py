"""What deadlines adds to the client screens (see clients.extensions): a caseload filter for
clients with a signal, of any kind or of one; registered in DeadlinesConfig.ready()."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clients.extensions import CaseloadFilter
from deadlines.queries import KINDS, clients_with_signal
from deadlines.registry import get_kind

ANY = "alle"


def _field(user) -> forms.Field:
    return forms.ChoiceField(
        required=False,
        label=_("Signaal"),
        choices=[("", _("Met en zonder signaal")), (ANY, _("Met een signaal")), *_choices(KINDS)],
    )


def _choices(kinds):
    return [(kind.code, kind.label) for kind in kinds]


def _apply(clients, value, today):
    kind = None if value == ANY else get_kind(value)
    if value != ANY and kind is None:
        return clients
    return clients_with_signal(clients, today, kind)


SIGNAL_FILTER = CaseloadFilter("signaal", _field, _apply)
