"""What deadlines adds to the client screens (see clients.extensions): a caseload filter for
clients with a signal, of any kind or of one; registered in DeadlinesConfig.ready()."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from clients.extensions import CaseloadFilter, FileSection, SummaryFact
from clients.models import Client
from core.formatting import day
from deadlines import clock
from deadlines.queries import KINDS, clients_with_signal, signal_groups
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


def _signals(request, client) -> dict:
    """The client's signals as Vandaag computes them, the first of each kind: three queries."""
    return {"groups": signal_groups(Client.objects.filter(pk=client.pk), clock.today(), limit=1)}


def _when(signal) -> str:
    if signal.overdue:
        return ngettext("%(n)s dag te laat", "%(n)s dagen te laat", signal.late_days) % {
            "n": signal.late_days
        }
    if signal.days == 0:
        return gettext("vandaag")
    return ngettext("over %(n)s dag", "over %(n)s dagen", signal.days) % {"n": signal.days}


def _summary(section) -> list[SummaryFact]:
    """The signal due first, and how many more there are (client file, issue 20)."""
    groups = section["groups"]
    label = gettext("Volgend signaal")
    if not groups:
        return [SummaryFact(label, gettext("geen"))]
    first = groups[0].signals[0]
    value = gettext("%(kind)s, uiterlijk %(due)s (%(when)s)") % {
        "kind": first.kind.label,
        "due": day(first.due),
        "when": _when(first),
    }
    if more := sum(group.count for group in groups) - 1:
        value += ngettext("; nog %(n)s signaal", "; nog %(n)s signalen", more) % {"n": more}
    return [SummaryFact(label, value, first.url, first.overdue)]


# No block of its own on the file: the work is done in the sections the signal links to.
FILE_SECTION = FileSection("", _signals, order=1, summary=_summary)
