"""The extension points through which later apps add to the client screens and workflows, so
that `clients` never imports them: a section on the client file, a filter and a column on the
caseload, and a step in ending a benefit. Apps register in their AppConfig.ready(); the list is
in docs/architecture.md."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest

if TYPE_CHECKING:
    from clients.models import Client, EndReason
    from organisations.models import User


@dataclass(frozen=True)
class SummaryFact:
    """A line of the summary at the top of the client file (issue 20): a label, the value, a
    link (to the section's heading, `#h-...`, or the page where the work is done) and whether
    it asks for attention (overdue, missing)."""

    label: str
    value: str
    url: str = ""
    attention: bool = False


@dataclass(frozen=True)
class FileSection:
    """A block on the client file: `template` is rendered with `section` = context(request, client).
    `summary(section)` gives the section's lines for the summary at the top, from the same
    context, so the summary costs no query of its own; it is not asked when the context is
    {"hidden": True}. A section without a template only adds to the summary. A section's
    `<h2 id="...">` headings become the file's skip links ("Op deze pagina")."""

    template: str
    context: Callable[[HttpRequest, object], dict]
    order: int = 100
    summary: Callable[[dict], list[SummaryFact]] | None = None


@dataclass(frozen=True)
class CaseloadFilter:
    """A filter field on the caseload; `apply(queryset, value, today)` narrows the clients."""

    name: str
    field: Callable[[object], forms.Field]  # called with the user
    apply: Callable[[QuerySet, object, date], QuerySet]


@dataclass(frozen=True)
class CaseloadColumn:
    """A column on the caseload; `annotate(queryset, today)` adds the attribute `attr`."""

    label: str
    attr: str
    annotate: Callable[[QuerySet, date], QuerySet]


file_sections: list[FileSection] = []
caseload_filters: list[CaseloadFilter] = []
caseload_columns: list[CaseloadColumn] = []


@dataclass(frozen=True)
class BenefitEnded:
    """What a benefit-end step is told: whose benefit ended, its last day, the reason (a CBS
    end reason, `reason.is_work` for work), and who ended it."""

    client: Client
    end: date
    reason: EndReason
    by: User


@dataclass(frozen=True)
class BenefitEndStep:
    """Something another app does in the same transaction as ending a benefit period
    (clients.services.end_benefit), when the user chose to.

    `field(client)` returns the form field that offers it, or None when there is nothing to
    offer; `apply(ended, value)` does it with the chosen value and returns a message for the
    user."""

    name: str
    field: Callable[[Client], forms.Field | None]
    apply: Callable[[BenefitEnded, object], str]


# The extension point of the workflow "end a benefit", filled in AppConfig.ready():
# trajectories closes the client's running trajectories with an outcome.
benefit_end_steps: list[BenefitEndStep] = []


@dataclass(frozen=True)
class TimelineEntry:
    """One line on the client's timeline: its day, its kind (a TimelineSource's code), a short
    title, an optional detail and link; `order` breaks ties within a day (newest first)."""

    day: date
    kind: str
    title: str
    detail: str = ""
    url: str = ""
    order: float = 0.0


@dataclass(frozen=True)
class TimelineSource:
    """What an app puts on the client's timeline: `entries(client, limit)` returns at most
    `limit` entries, the newest first, in one query. `kind` is the filter's value, `label` its
    Dutch name."""

    kind: str
    label: str
    entries: Callable[[Client, int], list[TimelineEntry]]
    order: int = 100


# The one timeline on the client file (clients.timeline), filled in AppConfig.ready(): clients
# (notes, benefit periods, ontheffingen), categorisation, plans, trajectories, agenda, contacts,
# letters and documents.
timeline_entries: list[TimelineSource] = []


@dataclass(frozen=True)
class Decision:
    """A decision that an organisation may want a second pair of eyes on (vier-ogen): what
    (`kind`, a code of approvals.kinds), for whom, as of which date, the data to apply it with
    (JSON-safe), a Dutch summary for the teamleider, and who asks."""

    kind: str
    client: Client
    effective: date
    payload: dict
    summary: str
    by: User


# The extension point of every decision that may need approval, filled in AppConfig.ready():
# approvals holds the decision as a request ter goedkeuring when the organisation's rules say so
# and returns that request; None means: apply it now.
decision_gates: list[Callable[[Decision], object | None]] = []


def hold_for_approval(decision: Decision) -> object | None:
    """The request that now holds `decision`, or None when it may take effect at once."""
    for gate in decision_gates:
        if (held := gate(decision)) is not None:
            return held
    return None


@dataclass(frozen=True)
class ImportColumns:
    """Optional columns of the caseload import that another app checks and writes, so that an
    existing file without them still imports. `check(values)` gets one row's values by column
    name and returns the cleaned data and the refusals as (column, Dutch message);
    `write(cleaned_by_client_id, user, today)` runs in the import's transaction after the
    clients are written, and returns how many rows it wrote."""

    columns: tuple[str, ...]
    check: Callable[[dict[str, object]], tuple[dict, list[tuple[str, str]]]]
    write: Callable[[dict[int, dict], User, date], int]


# Filled in AppConfig.ready(): contacts (address, phone numbers, e-mail, preferred channel,
# interpreter).
import_columns: list[ImportColumns] = []


@dataclass(frozen=True)
class Withdrawal:
    """An entry on a client file that its recorder may withdraw (intrekken) with a reason
    (issue 19): `entries(client)` finds them, withdrawn ones included (`all_objects`);
    `withdraw(entry, reason, by)` is the owning app's service; `kind` is a
    CorrectionRule.Kind; `describe(entry)` names it on the confirmation page."""

    kind: str
    entries: Callable[[Client], QuerySet]
    withdraw: Callable[..., object]
    describe: Callable[[object], str]


# Filled in AppConfig.ready(): clients (contact notes, ontheffingen), categorisation
# (assessments, ladder steps), plans (goals, actions).
withdrawals: dict[str, Withdrawal] = {}


# Filled in AppConfig.ready(): reporting (the rows kept for report versions' drill-downs). Each
# is called with the client's id by retention (security.retention.anonymise_client), in its
# transaction, after the client has been anonymised, and removes what it keeps of the person.
client_erasures: list[Callable[[int], object]] = []
