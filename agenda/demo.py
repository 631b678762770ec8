"""Demo appointments (for seed_demo, after the clients): each consulent's first clients with a
running benefit (the showcase clients of clients/demo.py) get an appointment held last month
(their personal contact), one not shown up to yesterday (the signal "Niet verschenen"), and one
planned in the coming days (Vandaag and the agenda)."""

from __future__ import annotations

import random
from datetime import time, timedelta

from django.db.models import Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from agenda.models import Appointment, AppointmentKind, Place, Status
from clients.models import BenefitPeriod, Client

PER_CONSULENT = 4  # clients/demo.py's SHOWCASE


def build_appointments(*, seed: int) -> dict[str, int]:
    rng = random.Random(seed + 18)
    today = timezone.localdate()
    kinds = {kind.code: kind for kind in AppointmentKind.objects.all()}
    running = BenefitPeriod.objects.filter(client=OuterRef("pk")).running_on(today)
    first = (
        Client.objects.filter(consulent__isnull=False)
        .filter(Exists(running))
        .annotate(n=Window(RowNumber(), partition_by=[F("consulent_id")], order_by=F("pk").asc()))
        .values_list("pk", "consulent_id", "n")
    )
    rows = []
    for client_id, consulent_id, n in first.iterator():
        if n > PER_CONSULENT:
            continue
        common = {
            "client_id": client_id,
            "consulent_id": consulent_id,
            "created_by_id": consulent_id,
        }
        hour = 8 + n  # 9, 10, 11 and 12: no double bookings
        rows.append(
            Appointment(
                **common,
                kind=kinds["voortgangsgesprek"],
                date=today - timedelta(days=rng.randint(20, 40)),
                start=time(hour),
                end=time(hour, 45),
                place=Place.OFFICE,
                status=Status.HELD,
                report="Voortgang besproken; afspraken uit het plan doorgenomen.",
                outcome_by_id=consulent_id,
                outcome_at=timezone.now() - timedelta(days=20),
                created_at=timezone.now() - timedelta(days=50),
            )
        )
        if n == 1:
            rows.append(
                Appointment(
                    **common,
                    kind=kinds["heronderzoek"],
                    date=today - timedelta(days=1),
                    start=time(hour),
                    end=time(hour, 30),
                    place=Place.OFFICE,
                    status=Status.NO_SHOW,
                    outcome_by_id=consulent_id,
                    outcome_at=timezone.now() - timedelta(hours=20),
                    created_at=timezone.now() - timedelta(days=14),
                )
            )
        rows.append(
            Appointment(
                **common,
                kind=kinds[rng.choice(["voortgangsgesprek", "huisbezoek", "intake"])],
                date=today + timedelta(days=n),
                start=time(hour),
                end=time(hour, 45),
                place=rng.choice([Place.OFFICE, Place.HOME_VISIT, Place.PHONE]),
                created_at=timezone.now() - timedelta(days=7),
            )
        )
    Appointment.objects.bulk_create(rows, batch_size=2000)
    return {"afspraken": len(rows)}
