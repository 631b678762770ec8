"""Demo maatregelen (for seed_demo, after the appointments): for each consulent, one gedraging
waiting for the hearing and one heard and waiting for the decision, both overdue (the signals
"Horen (maatregel)" and "Besluit maatregel")."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from clients.models import BenefitPeriod, Client
from measures.models import GedragingKind, Maatregel


def build_maatregelen(*, seed: int) -> dict[str, int]:
    today = timezone.localdate()
    kind = GedragingKind.objects.get(code="niet_verschenen")
    running = BenefitPeriod.objects.filter(client=OuterRef("pk")).running_on(today)
    first = (
        Client.objects.filter(consulent__isnull=False)
        .filter(Exists(running))
        .annotate(n=Window(RowNumber(), partition_by=[F("consulent_id")], order_by=F("pk").desc()))
        .values_list("pk", "consulent_id", "n")
    )
    rows = []
    for client_id, consulent_id, n in first.iterator():
        if n == 1:
            rows.append(Maatregel(client_id=client_id, kind=kind, recorded_by_id=consulent_id,
                                  gedraging_on=today - timedelta(days=20 + seed % 5),
                                  description="Niet verschenen op het voortgangsgesprek."))  # fmt: skip
        elif n == 2:
            rows.append(Maatregel(client_id=client_id, kind=kind, recorded_by_id=consulent_id,
                                  gedraging_on=today - timedelta(days=60),
                                  description="Niet verschenen op het intakegesprek.",
                                  status=Maatregel.Status.HEARD,
                                  heard_on=today - timedelta(days=40),
                                  client_statement="De uitnodiging niet gezien."))  # fmt: skip
    Maatregel.objects.bulk_create(rows)
    return {"maatregelen": len(rows)}
