"""Retention (AVG art. 5(1)(e); VNG Selectielijst 2020, category 8.1): a client whose last
benefit ended more than OPSTAP_RETENTION_YEARS ago is anonymised.

Anonymised, not deleted: the benefit periods, trajectories and premiums stay for the figures of
past years, and the access log (append-only) keeps its rows; none of them then leads back to a
person. Every free-text column of every model that refers to the client is emptied (or marked,
where it may not be empty), found by walking the model graph like the art. 15 export, so a new
model with a remark field is covered without a change here.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from stdnum.nl import bsn as stdnum_bsn

from clients.avg import client_paths
from clients.extensions import client_erasures
from clients.models import AccessLog, BenefitPeriod, Client, sort_name
from core.dates import add_years
from documents.services import remove_client_documents
from security.database_roles import erase_client_history

logger = logging.getLogger(__name__)

ANONYMISED = "[geanonimiseerd]"
# Kept: the access log is evidence (and holds no free text about the person).
KEEP_TEXT = {AccessLog}


def placeholder_bsn(client_id: int) -> str:
    """Nine digits that fail the elfproef (so never a real BSN), unique per client id."""
    if client_id >= 10**8:
        raise ValueError("client id too large for a placeholder BSN")
    digits = f"{client_id:08d}"
    for last in "0123456789":
        if not stdnum_bsn.is_valid(digits + last):
            return digits + last
    raise AssertionError("unreachable: at most one last digit passes the elfproef")


def due_for_retention(today: date | None = None):
    """Clients with no running benefit whose last benefit ended before the retention date, not
    yet anonymised."""
    today = today or timezone.localdate()
    cutoff = add_years(today, -settings.OPSTAP_RETENTION_YEARS)
    running = BenefitPeriod.objects.filter(client=OuterRef("pk"), end__isnull=True)
    return (
        Client.objects.annotate(last_end=Max("benefit_periods__end"))
        .filter(last_end__lt=cutoff)
        .exclude(Exists(running))
        .exclude(first_names=ANONYMISED)
    )


def _is_history(model) -> bool:
    return model._meta.app_label == "history"


def _text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.editable
    ]


@transaction.atomic
def anonymise_client(*, client: Client) -> None:
    now = timezone.now()
    Client.objects.filter(pk=client.pk).update(
        bsn=placeholder_bsn(client.pk),
        first_names=ANONYMISED,
        prefix="",
        last_name=ANONYMISED,
        last_name_lower=sort_name(ANONYMISED),
        date_of_birth=date(client.date_of_birth.year, 1, 1),  # the age band stays for reports
        youngest_child_birth_date=None,
        banenafspraak_source="",
        beschut_werk_source="",
        version=client.version + 1,
        updated_at=now,
        updated_by=None,
    )
    paths = client_paths()
    for model, path in paths.items():
        if model is Client or model in KEEP_TEXT or _is_history(model):
            continue
        fields = _text_fields(model)
        if fields:
            model._base_manager.filter(**{path: client}).update(
                **{field.name: "" if field.blank else ANONYMISED for field in fields}
            )
    # The documents go altogether, rows and files (the files when this transaction commits).
    remove_client_documents(client=client)
    # Last, so that the events of the anonymising itself go too: the history of a person is
    # personal data as much as the person's row. Through the owner's function: the application
    # role may not delete history (security/database_roles.py).
    erase_client_history(client.pk)
    # And what other apps keep of the person beside the history (reporting's kept rows).
    for erase in client_erasures:
        erase(client.pk)


def apply_retention(today: date | None = None) -> int:
    """Anonymise every client due; safe to run twice. Returns how many were anonymised."""
    count = 0
    for client in due_for_retention(today).iterator():
        anonymise_client(client=client)
        count += 1
    logger.info("Bewaartermijn: %s cliënt(en) geanonimiseerd", count)
    return count
