"""Demo assessments and ladder steps, spread like a real caseload (for seed_demo).

More 1C and 2A than 1A, about a third in the participation unit, some clients re-assessed over
time. 3B only where an ontheffing runs and 2B only with a Banenafspraak indication, as the rules
demand.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from categorisation.models import Assessment, Category, LadderStep
from clients.importer.loading import Loader
from clients.models import BenefitPeriod, Client, ContactKind, ContactNote, Ontheffing

# Share per category (percent) and the estimated months drawn for it.
WEIGHTS = {"1A": 10, "1B": 22, "1C": 35, "2A": 15, "2B": 4, "3A": 8, "3B": 6}
MONTHS = {
    "1A": (0, 3),
    "1B": (4, 12),
    "1C": (13, 24),
    "2A": (25, 48),
    "2B": (25, 48),
    "3A": (49, 72),
    "3B": (49, 96),
}
TREDE_BY_CATEGORY = {"1A": 5, "1B": 4, "1C": 3, "2A": 3, "2B": 4, "3A": 2, "3B": 1}


# The last (re)assessment lies within the shortest interval (6 months) or just past it.
RECENT_DAYS = (0, 180)
# Each consulent's first client re-assessed on the interval is in re-integratie and due again
# about now, so Vandaag shows a re-assessment on the demo.
DUE_AGAIN_DAYS = (175, 186)
DUE_AGAIN_CODE = "1C"


def build_assessments(*, seed: int) -> dict[str, int]:
    """One to three assessments (and ladder steps) per client, by the client's consulent, and
    a re-assessment within the last six months when the last of those is older."""
    rng = random.Random(seed + 1)
    # Every client was (re)assessed on the interval, as in a caseload that is kept up, so
    # Vandaag holds a day's re-assessments, not years of backlog (issue 20). Its own generator,
    # so the rest stays as it was.
    recent = random.Random(seed + 31)
    due_again: set[int] = set()  # consulenten with their re-assessment due about now
    today = timezone.localdate()
    categories = {c.code: c.pk for c in Category.objects.filter(organisation__isnull=True)}
    codes, weights = list(WEIGHTS), list(WEIGHTS.values())
    with_ontheffing = dict(Ontheffing.objects.values_list("client_id", "start"))
    # Nobody was re-assessed in the weeks before their ontheffing ends: that is the work the
    # ontheffing's end asks for (the signal "Ontheffing loopt af").
    before_end = timedelta(days=settings.OPSTAP_SIGNAL_ONTHEFFING_END_DAYS)
    longest_unseen = _longest_unseen_per_consulent(today)
    quiet = {
        client_id: end - before_end
        for client_id, end in Ontheffing.objects.running_on(today)
        .filter(end__isnull=False)
        .values_list("client_id", "end")
    }
    now = timezone.now()
    fields = ["client", "date", "valid_until", "reason", "assessed_by", "created_at"]
    load = Loader()
    assessments = load.table(Assessment, [*fields, "category", "estimated_months"])
    steps = load.table(LadderStep, [*fields, "trede"])
    clients = Client.objects.filter(consulent__isnull=False).order_by("pk")
    rows = clients.values_list("pk", "consulent_id", "banenafspraak_date")
    with load:
        for client_id, by, banenafspraak in rows.iterator(chunk_size=20000):
            if rng.random() < 0.08 and client_id not in longest_unseen:
                continue  # not yet categorised
            count = rng.choices([1, 2, 3], weights=[55, 30, 15])[0]
            days = sorted({today - timedelta(days=rng.randint(0, 1000)) for _ in range(count)})
            latest = today - timedelta(days=recent.randint(*RECENT_DAYS))
            showcase = by not in due_again and latest > days[-1]
            if showcase:
                due_again.add(by)
                latest = today - timedelta(days=recent.randint(*DUE_AGAIN_DAYS))
            if latest > days[-1]:
                days.append(latest)  # the re-assessment on the interval
            if client_id in quiet and days[-1] >= quiet[client_id]:
                # re-assessed on the interval before those weeks instead
                before = quiet[client_id] - timedelta(days=recent.randint(1, 60))
                days = [day for day in days if day < before] + [before]
            trede = None
            for index, day in enumerate(days):
                code = rng.choices(codes, weights=weights)[0]
                if index == len(days) - 1 and (showcase or client_id in longest_unseen):
                    code = DUE_AGAIN_CODE
                if code == "3B" and not (
                    client_id in with_ontheffing and with_ontheffing[client_id] <= day
                ):
                    code = "3A"
                if code == "2B" and not (banenafspraak and banenafspraak <= day):
                    code = "2A"
                valid_until = days[index + 1] if index + 1 < len(days) else None
                low, high = MONTHS[code]
                assessments.add(
                    (
                        client_id,
                        day,
                        valid_until,
                        "Demo-beoordeling",
                        by,
                        now,
                        categories[code],
                        rng.randint(low, high),
                    )
                )
                step = TREDE_BY_CATEGORY[code] + rng.choice([-1, 0, 0, 1])
                trede = max(1, min(6, step if trede is None else max(trede - 1, step)))
                steps.add((client_id, day, valid_until, "", by, now, trede))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE categorisation_assessment, categorisation_ladderstep")
    return {"assessments": load.count(Assessment), "ladder_steps": load.count(LadderStep)}


def _longest_unseen_per_consulent(today) -> set[int]:
    """Per consulent the client on benefit whose last personal contact lies furthest back
    (clients/demo.py: about three months ago), to be in re-integratie, so that the contact norm
    of that unit makes their contact due about now."""
    running = BenefitPeriod.objects.filter(client=OuterRef("pk")).running_on(today)
    last = (
        ContactNote.objects.filter(client=OuterRef("pk"))
        .exclude(kind__in=[ContactKind.EMAIL, ContactKind.LETTER])
        .order_by("-date")
        .values("date")[:1]
    )
    return set(
        Client.objects.filter(Exists(running), consulent__isnull=False)
        .annotate(last=Subquery(last))
        .filter(last__isnull=False)
        .order_by("consulent_id", "last", "pk")
        .distinct("consulent_id")
        .values_list("pk", flat=True)
    )
