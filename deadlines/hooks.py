"""What deadlines adds to the client screens (see clients.extensions): a caseload filter for
clients with a signal, of any kind or of one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clients import extensions

ANY = "alle"


def _field(user) -> forms.Field:
    from deadlines.queries import KINDS

    return forms.ChoiceField(
        required=False,
        label=_("Signaal"),
        choices=[("", _("Met en zonder signaal")), (ANY, _("Met een signaal")), *_choices(KINDS)],
    )


def _choices(kinds):
    return [(kind.code, kind.label) for kind in kinds]


def _apply(clients, value, today):
    from deadlines.queries import clients_with_signal
    from deadlines.registry import get_kind

    kind = None if value == ANY else get_kind(value)
    if value != ANY and kind is None:
        return clients
    return clients_with_signal(clients, today, kind)


def register() -> None:
    extensions.caseload_filters.append(extensions.CaseloadFilter("signaal", _field, _apply))
