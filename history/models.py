"""Change history of every model with client data (django-pghistory): PostgreSQL triggers write
a snapshot row on every insert, update and delete, so bulk updates (QuerySet.update, the
import's UPDATE ... FROM) are recorded too. One event model per tracked model, here in one app.

The event models copy the tracked model's foreign keys, so the tracked model's scope_path scopes
its events as well (organisations.models.ScopedQuerySet). history/tests checks that every model
that refers to a client is tracked."""

from __future__ import annotations

import pghistory
from django.db import models

from agenda.models import Appointment
from approvals.models import ApprovalRequest
from categorisation.models import Assessment, LadderStep
from clients.models import BenefitPeriod, Client, ContactNote, Ontheffing
from contacts.models import ContactDetails, ContactPerson
from deadlines.models import Postponement
from documents.models import Document
from letters.models import Letter
from measures.models import Maatregel
from organisations.models import ScopedQuerySet
from plans.models import Action, Goal, Plan
from trajectories.models import PremiumPayment, Trajectory

TRACKED = [
    Client,
    BenefitPeriod,
    Ontheffing,
    ContactNote,
    Assessment,
    LadderStep,
    Trajectory,
    PremiumPayment,
    Plan,
    Goal,
    Action,
    Document,
    Letter,
    Appointment,
    ContactDetails,
    ContactPerson,
    ApprovalRequest,
    Maatregel,
    Postponement,
]


def _client_data_indexes(tracked: type[models.Model]) -> list[models.Index]:
    """An index on each reference to client data (the client, a plan, a trajectory): the client's
    Wijzigingsgeschiedenis and the AVG export read the events by those (clients.avg.client_paths).
    References to organisations, users and code tables stay unindexed (settings)."""
    return [
        models.Index(fields=[field.name], name=f"hist_{tracked._meta.model_name}_{field.name}")
        for field in tracked._meta.local_fields
        if isinstance(field, models.ForeignKey) and field.remote_field.model in TRACKED
    ]


def _event_model(tracked: type[models.Model]) -> type[models.Model]:
    scope_path = tracked._default_manager._queryset_class.scope_path
    queryset = type(
        f"{tracked.__name__}EventQuerySet", (ScopedQuerySet,), {"scope_path": scope_path}
    )
    return pghistory.create_event_model(
        tracked,
        # One statement, one trigger call: an INSERT of many rows (the import's COPY) writes its
        # history rows in one INSERT ... SELECT instead of one call per row (issue 22).
        pghistory.InsertEvent(level=pghistory.Statement),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        # A generated column (the client's search vector) follows from the others: not kept.
        exclude=[f.name for f in tracked._meta.local_fields if f.generated],
        obj_field=pghistory.ObjForeignKey(
            related_name="+", db_constraint=False, on_delete=models.DO_NOTHING, db_index=True
        ),
        model_name=f"{tracked.__name__}Event",
        app_label="history",
        abstract=False,
        attrs={"__module__": __name__, "objects": queryset.as_manager()},
        meta={
            "verbose_name": f"geschiedenis {tracked._meta.verbose_name}",
            "indexes": _client_data_indexes(tracked),
        },
    )


EVENT_MODELS = {tracked: _event_model(tracked) for tracked in TRACKED}
for _event in EVENT_MODELS.values():
    globals()[_event.__name__] = _event
