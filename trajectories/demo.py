"""Demo trajectories over the last 36 months, with premiums (for seed_demo).

About half of the clients get one to three trajectories, one after the other, so that no client
ever has two running trajectories of one type. The rules hold as the services would enforce
them: no participatiebaan under 27, a leerwerkplek only under 27, beschut werk only in category
2B, durations within the maximum (some participatiebanen extended), capacity per municipality
per year. Outcomes come in realistic proportions: about a quarter to work, a fifth drops out.
Rows go in with COPY; the database's constraints check them on the way in.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from categorisation.models import Assessment
from clients.demo import NOTE_FIELDS
from clients.importer.loading import Loader
from clients.models import BenefitPeriod, Client, ContactKind, ContactNote
from core.bulk import next_id
from core.dates import add_months
from trajectories.models import (
    Outcome,
    PremiumPayment,
    Provider,
    Status,
    Trajectory,
    TrajectoryRule,
    TrajectoryType,
)
from trajectories.premiums import premium_due_dates

# Share per type (percent), and the months drawn for types without a maximum.
WEIGHTS = {
    "sollicitatietraining": 13,
    "participatiebaan": 11,
    "scholing": 9,
    "jobcoach": 8,
    "taaltraject": 8,
    "vrijwilligerswerk": 9,
    "sociale_activering": 9,
    "digivaardigheid": 6,
    "leerwerkplek": 6,
    "proefplaatsing": 5,
    "loonkostensubsidie": 4,
    "map": 4,
    "beschut_werk": 3,
    "duaal_traject": 3,
    "bbz_voorbereidingsjaar": 2,
}
OPEN_MONTHS = (2, 12)
OUTCOME_WEIGHTS = {
    Outcome.FULL_TIME: 11,
    Outcome.PART_TIME: 14,
    Outcome.FOLLOW_UP: 20,
    Outcome.EDUCATION: 7,
    Outcome.DROP_OUT: 20,
    Outcome.NO_RESULT: 28,
}
PROVIDER_BY_TYPE = {
    "beschut_werk": "Provalu",
    "taaltraject": "NLTraining",
    "leerwerkplek": "Leerwerkmakelaar",
}
GENERAL_PROVIDERS = ["Eigen werkcoaches", "Re-integratiebedrijf"]
# Each consulent has one running instrument of each of these types that reaches its maximum
# duration about now, not yet closed, so that Vandaag (termijnbewaking) shows the work of a
# maximum duration, a planned end and a premium on the demo. The participatiebaan goes to a
# client without startkwalificatie (training to offer) and respects the capacity.
SHOWCASE = ("participatiebaan", "bbz_voorbereidingsjaar", "proefplaatsing")
# And one that started recently: a participatiebaan about six months in for a client without
# startkwalificatie (training to offer now, and its first premium), and a jobcoach whose
# evaluation comes up in the coming days for a client last seen before that.
RECENT_SHOWCASE = ("participatiebaan", "jobcoach")
FALLBACK = "sollicitatietraining"  # no age, category or capacity rule
# A participatiebaan that ran past its first months for a client without startkwalificatie was
# followed by a training (DOMAIN §4), so Vandaag shows only the last weeks' training to offer.
TRAINING = "scholing"
TRAINING_GRACE = timedelta(days=30)
# A premium is paid within weeks of its due date: only the last month's are open.
PREMIUM_OPEN = timedelta(days=30)
# Contact that does not count as personal contact (an evaluation is a conversation).
NOT_PERSONAL = (ContactKind.EMAIL, ContactKind.LETTER)
# The evaluation of a running trajectory was held about when it fell due, recorded as a
# conversation; only the last weeks' are open.
EVALUATION_OPEN = timedelta(days=21)
SEEN_WITHIN = timedelta(days=60)  # the evaluation showcase's client was seen lately
EVALUATION_NOTE = "Evaluatie van het traject: voortgang en vervolg besproken."


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class _Rules:
    """The seeded rules, read once: one rule per type (the one in force today)."""

    def __init__(self, today: date):
        kinds = TrajectoryType.objects.filter(active=True).prefetch_related(
            "rules__allowed_categories"
        )
        self.kinds = {kind.code: kind for kind in kinds}
        self.rules: dict[str, TrajectoryRule] = {}
        self.allowed: dict[str, set[str]] = {}
        for code, kind in self.kinds.items():
            rule = kind.rule_on(today)
            if rule is not None:
                self.rules[code] = rule
                self.allowed[code] = {c.code for c in rule.allowed_categories.all()}
        self.weights = {code: w for code, w in WEIGHTS.items() if code in self.rules}


FIELDS = [
    "id",
    "client",
    "type",
    "provider",
    "consulent",
    "municipality",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "status",
    "outcome",
    "extensions",
    "cost",
    "version",
    "created_at",
]


def build_trajectories(*, seed: int) -> dict[str, int]:
    rng = random.Random(seed + 2)
    today = timezone.localdate()
    rules = _Rules(today)
    if FALLBACK not in rules.rules:
        return {"trajecten": 0, "premies": 0}
    providers = dict(Provider.objects.values_list("name", "pk"))
    general = [providers[name] for name in GENERAL_PROVIDERS if name in providers]
    used: Counter = Counter()
    now = timezone.now()
    trajectory_id = next_id(Trajectory)
    load = Loader()
    trajectories = load.table(Trajectory, FIELDS)
    premiums = load.table(PremiumPayment, ["trajectory", "due_date", "amount", "status", "paid_on"])
    notes = load.table(ContactNote, NOTE_FIELDS)
    extra = random.Random(seed + 20)  # for the showcase, so the rest stays as it was
    # For the recent showcase and the trainings that followed a participatiebaan (issue 20), so
    # the rest stays as it was.
    later = random.Random(seed + 33)
    showcase: dict[int, list[str]] = {}
    recent: dict[int, list[str]] = {}

    def add(client_id, consulent, municipality, code, provider, row) -> int:
        nonlocal trajectory_id
        trajectories.add(
            (
                trajectory_id,
                client_id,
                rules.kinds[code].pk,
                provider,
                consulent,
                municipality,
                row["planned_start"],
                row["planned_end"],
                row["actual_start"],
                row["actual_end"],
                row["status"],
                row["outcome"],
                row["extensions"],
                row["cost"],
                1,
                now,
            )
        )
        trajectory_id += 1
        return trajectory_id - 1

    def add_training(client_id, consulent, municipality, code, start) -> None:
        """The training offered in a running participatiebaan once its first months passed."""
        if code not in settings.OPSTAP_SIGNAL_TRAINING_AFTER_TYPES or TRAINING not in rules.rules:
            return
        row = _training(later, start, today)
        if row is not None:
            used[TRAINING, municipality, row["actual_start"].year] += 1
            add(client_id, consulent, municipality, TRAINING, later.choice(general), row)

    with load:
        for rows, spans, benefits, seen in _in_chunks():
            for client_id, consulent, municipality, birth, qualified in rows:
                periods = benefits.get(client_id, [])
                waiting = showcase.setdefault(consulent, [c for c in SHOWCASE if c in rules.rules])
                near = _near_maximum(
                    extra, rules, waiting, birth, qualified, municipality, used, today
                )
                if near is not None and (
                    not _benefit_runs_from(periods, near[1]) or client_id not in seen
                ):
                    # only a client whose benefit runs, and who was seen lately (their
                    # evaluations held), gets a running showcase
                    near = None
                fresh = None
                if near is None:
                    waiting = recent.setdefault(
                        consulent, [c for c in RECENT_SHOWCASE if c in rules.rules]
                    )
                    fresh = _recently_started(
                        later, rules, waiting, birth, qualified, municipality, used, today,
                        seen.get(client_id),
                    )  # fmt: skip
                    if fresh is not None and not _benefit_runs_from(periods, fresh[1]):
                        fresh = None
                if near is not None or fresh is not None:
                    code, start, end = near or fresh
                    waiting.remove(code)
                    used[code, municipality, start.year] += 1
                    rule = rules.rules[code]
                    provider = providers.get(PROVIDER_BY_TYPE.get(code, "")) or extra.choice(
                        general
                    )
                    row = {
                        "planned_start": start,
                        "planned_end": end,
                        "actual_start": start,
                        "actual_end": None,
                        "status": Status.RUNNING,
                        "outcome": "",
                        "extensions": 0,
                        "cost": Decimal(extra.randint(25, 450) * 10),
                    }
                    pk = add(client_id, consulent, municipality, code, provider, row)
                    if rule.premium_interval_months:
                        for due in premium_due_dates(
                            start=start,
                            interval_months=rule.premium_interval_months,
                            ended=None,
                            today=today,
                            limit=rule.max_months(0) // rule.premium_interval_months,
                        ):
                            paid = due < today - PREMIUM_OPEN  # the last month's: unpaid
                            premiums.add(
                                (
                                    pk,
                                    due,
                                    rule.premium_amount,
                                    "betaald" if paid else "verschuldigd",
                                    due + timedelta(days=10) if paid else None,
                                )
                            )
                    if near is not None:
                        add_training(client_id, consulent, municipality, code, start)
                    continue
                if rng.random() < 0.5:
                    continue
                cursor = today - timedelta(days=rng.randint(30, 1095))
                for _ in range(rng.choices([1, 2, 3], weights=[60, 30, 10])[0]):
                    cursor, benefit_end = _on_benefit(periods, cursor)
                    if cursor is None or cursor > today:
                        break
                    code = _eligible(
                        rng,
                        rules,
                        _weighted(rng, rules.weights),
                        birth,
                        cursor,
                        spans.get(client_id),
                    )
                    rule = rules.rules[code]
                    year_key = (code, municipality, cursor.year)
                    if rule.yearly_capacity is not None and used[year_key] >= rule.yearly_capacity:
                        code, rule = FALLBACK, rules.rules[FALLBACK]
                    row, end = _trajectory(rng, rules, code, rule, cursor, today)
                    row, end = _until_benefit_end(rng, row, end, benefit_end, today)
                    status, actual_start = row["status"], row["actual_start"]
                    if actual_start is not None:
                        used[code, municipality, actual_start.year] += 1
                    provider = providers.get(PROVIDER_BY_TYPE.get(code, "")) or rng.choice(general)
                    pk = add(client_id, consulent, municipality, code, provider, row)
                    if actual_start is not None and rule.premium_interval_months:
                        allowed = rule.max_months(row["extensions"])
                        for due in premium_due_dates(
                            start=actual_start,
                            interval_months=rule.premium_interval_months,
                            ended=row["actual_end"],
                            today=today,
                            limit=None
                            if allowed is None
                            else allowed // rule.premium_interval_months,
                        ):
                            paid_on = due + timedelta(days=rng.randint(5, 45))
                            # an unpaid premium is one of the last month's (issue 20)
                            paid = paid_on <= today and (
                                rng.random() < 0.9 or due < today - PREMIUM_OPEN
                            )
                            premiums.add(
                                (
                                    pk,
                                    due,
                                    rule.premium_amount,
                                    "betaald" if paid else "verschuldigd",
                                    paid_on if paid else None,
                                )
                            )
                    if status == Status.RUNNING and not qualified:
                        add_training(client_id, consulent, municipality, code, actual_start)
                    held = _evaluation_held(later, rule, row, seen.get(client_id), today)
                    if held is not None:
                        notes.add(
                            (client_id, held, ContactKind.MEETING, EVALUATION_NOTE, consulent, now)
                        )
                    if status == Status.RUNNING or status == Status.REQUESTED:
                        break  # the client's latest trajectory; nothing follows it yet
                    cursor = end + timedelta(days=rng.randint(14, 120))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE trajectories_trajectory, trajectories_premiumpayment")
    return {"trajecten": load.count(Trajectory), "premies": load.count(PremiumPayment)}


CHUNK = 20_000


def _in_chunks():
    """The clients with a consulent in id order, CHUNK at a time, with their category spans
    (for the rules that allow only some categories), their benefit periods (a trajectory
    starts during one, and its end closes what still runs then, as clients.services.end_benefit
    does) and the day of their last personal contact (for the showcase): only a chunk's rows are
    in memory at a time."""
    clients = (
        Client.objects.filter(consulent__isnull=False)
        .order_by("pk")
        .values_list("pk", "consulent_id", "municipality_id", "date_of_birth", "startkwalificatie")
    )
    last = 0
    while rows := list(clients.filter(pk__gt=last)[:CHUNK]):
        first, last = rows[0][0], rows[-1][0]
        spans: dict[int, list[tuple[date, date | None, str]]] = {}
        for client_id, day, until, code in Assessment.objects.filter(
            client_id__gte=first, client_id__lte=last
        ).values_list("client_id", "date", "valid_until", "category__code"):
            spans.setdefault(client_id, []).append((day, until, code))
        benefits: dict[int, list[tuple[date, date | None]]] = {}
        for client_id, start, end in (
            BenefitPeriod.objects.filter(client_id__gte=first, client_id__lte=last)
            .order_by("client_id", "start")
            .values_list("client_id", "start", "end")
        ):
            benefits.setdefault(client_id, []).append((start, end))
        seen = dict(
            ContactNote.objects.filter(client_id__gte=first, client_id__lte=last)
            .exclude(kind__in=NOT_PERSONAL)
            .values("client_id")
            .annotate(last=Max("date"))
            .values_list("client_id", "last")
        )
        yield rows, spans, benefits, seen


def _near_maximum(rng, rules: _Rules, waiting, birth, qualified, municipality, used, today):
    """A showcase trajectory for this client, if one of the waiting types fits: (code, start,
    planned end), starting so that the maximum duration ends within about ten days of today."""
    for code in waiting:
        rule = rules.rules[code]
        if rule.max_duration_months is None or rules.allowed[code]:
            continue
        if rule.premium_interval_months and qualified:
            continue  # the participatiebaan goes to someone without startkwalificatie
        start = add_months(today, -rule.max_duration_months) + timedelta(days=rng.randint(-9, 12))
        capacity = rule.yearly_capacity
        if capacity is not None and used[code, municipality, start.year] >= capacity:
            continue
        if not rule.age_allowed(_age(birth, start)):
            continue
        return code, start, rule.latest_end(start, 0)
    return None


def _recently_started(
    rng, rules: _Rules, waiting, birth, qualified, municipality, used, today, seen
):
    """A showcase trajectory that started recently, if one of the waiting types fits: (code,
    start, planned end). A participatiebaan about six months in for a client without
    startkwalificatie (training to offer), or a type with an evaluation that comes up in the
    coming days, for a client last seen before its lead time (so no conversation held it) but
    within the last two months (so the contact norm does not ask for a conversation first)."""
    for code in waiting:
        rule = rules.rules[code]
        if rules.allowed[code]:
            continue
        if code in settings.OPSTAP_SIGNAL_TRAINING_AFTER_TYPES:
            if qualified:
                continue
            months = settings.OPSTAP_SIGNAL_TRAINING_MONTHS
            start = add_months(today, -months) + timedelta(days=rng.randint(-9, 12))
        elif rule.evaluation_months:
            start = add_months(today, -rule.evaluation_months) + timedelta(days=rng.randint(3, 12))
            due = add_months(start, rule.evaluation_months)
            lead = timedelta(days=settings.OPSTAP_SIGNAL_LOOKAHEAD_DAYS)
            if seen is None or not today - SEEN_WITHIN < seen < due - lead or due > today + lead:
                continue
        else:
            continue
        capacity = rule.yearly_capacity
        if capacity is not None and used[code, municipality, start.year] >= capacity:
            continue
        if not rule.age_allowed(_age(birth, start)):
            continue
        end = rule.latest_end(start, 0) or add_months(start, 12) - timedelta(days=1)
        return code, start, end
    return None


def _evaluation_held(rng, rule: TrajectoryRule, row: dict, seen: date | None, today: date):
    """The day the evaluation of a running trajectory was held, when it fell due more than a few
    weeks ago and the client's last conversation came before it; else None. Not for a client
    never seen (the showcase of clients/demo.py, whose signals a conversation would resolve)."""
    if row["status"] != Status.RUNNING or not rule.evaluation_months or seen is None:
        return None
    due = add_months(row["actual_start"], rule.evaluation_months)
    lead = timedelta(days=settings.OPSTAP_SIGNAL_LOOKAHEAD_DAYS)
    if due > today - EVALUATION_OPEN or seen >= due - lead:
        return None
    return min(due + timedelta(days=rng.randint(-7, 14)), today)


def _training(rng, start: date, today: date) -> dict | None:
    """The training that followed the first months of a participatiebaan started on `start`, or
    None while those have not passed a month ago (then it is still to offer)."""
    offered = add_months(start, settings.OPSTAP_SIGNAL_TRAINING_MONTHS) - timedelta(
        days=rng.randint(0, 20)
    )
    if offered > today - TRAINING_GRACE:
        return None
    end = add_months(offered, rng.randint(3, 6)) - timedelta(days=1)
    row = {
        "planned_start": offered,
        "planned_end": end,
        "actual_start": offered,
        "actual_end": None,
        "status": Status.RUNNING,
        "outcome": "",
        "extensions": 0,
        "cost": Decimal(rng.randint(25, 450) * 10),
    }
    if end < today:
        row.update(actual_end=end, status=Status.COMPLETED, outcome=Outcome.FOLLOW_UP)
    return row


def _benefit_runs_from(periods, day: date) -> bool:
    """Whether a benefit without an end covers `day`."""
    return any(start <= day and end is None for start, end in periods)


def _on_benefit(periods, day: date) -> tuple[date | None, date | None]:
    """`day`, or the start of the next benefit when `day` falls outside one (None when none
    follows), and the end of that benefit."""
    for start, end in periods:
        if end is not None and end < day:
            continue
        return max(start, day), end
    return None, None


def _until_benefit_end(rng, row: dict, end: date, benefit_end: date | None, today: date):
    """The benefit's end closes a trajectory still requested or running then: a request is
    withdrawn, a running one ends on that day with an outcome (clients.services.end_benefit)."""
    if benefit_end is None or benefit_end >= today or end <= benefit_end:
        return row, end
    if row["actual_start"] is None:
        row.update(status=Status.ABORTED)
        return row, benefit_end
    outcome = row["outcome"] or _weighted(rng, OUTCOME_WEIGHTS)
    row.update(
        actual_end=benefit_end,
        outcome=outcome,
        status=Status.ABORTED if outcome == Outcome.DROP_OUT else Status.COMPLETED,
    )
    return row, benefit_end


def _eligible(rng, rules: _Rules, code: str, birth: date, on: date, spans) -> str:
    """The drawn type if the client may have it on `on`, else one without conditions."""
    rule = rules.rules[code]
    if not rule.age_allowed(_age(birth, on)):
        return FALLBACK
    allowed = rules.allowed[code]
    if allowed:
        current = next(
            (c for start, until, c in spans or [] if start <= on and (until is None or on < until)),
            None,
        )
        if current not in allowed:
            return rng.choice(["jobcoach", FALLBACK]) if "jobcoach" in rules.rules else FALLBACK
    return code


def _trajectory(rng, rules: _Rules, code: str, rule: TrajectoryRule, start: date, today: date):
    """Planned and actual dates, status and outcome of one trajectory from `start`."""
    extensions = 0
    if rule.max_duration_months is None:
        months = rng.randint(*OPEN_MONTHS)
    else:
        months = rng.randint(max(1, rule.max_duration_months // 3), rule.max_duration_months)
        if rule.max_extensions and rng.random() < 0.15:
            extensions = 1
            months = rule.max_duration_months + rng.randint(1, rule.extension_months)
    planned_end = add_months(start, months) - timedelta(days=1)
    row = {
        "planned_start": start,
        "planned_end": planned_end,
        "actual_start": None,
        "actual_end": None,
        "status": Status.REQUESTED,
        "outcome": "",
        "extensions": extensions,
        "cost": Decimal("0.00"),
    }
    if start > today - timedelta(days=7) and rng.random() < 0.6:
        return row, planned_end  # requested recently, not started yet
    if rng.random() < 0.04:
        row["status"] = Status.ABORTED  # withdrawn before the start
        return row, start
    row["actual_start"] = start
    provider_paid = code not in ("vrijwilligerswerk", "sociale_activering", "map")
    if provider_paid:
        row["cost"] = Decimal(rng.randint(25, 450) * 10)
    if planned_end >= today and rng.random() < 0.9:
        row["status"] = Status.RUNNING
        return row, planned_end
    outcome = _weighted(rng, OUTCOME_WEIGHTS)
    end = planned_end
    if outcome in (Outcome.DROP_OUT, Outcome.NO_RESULT) or rng.random() < 0.3:
        end = start + timedelta(days=rng.randint(0, max(0, (planned_end - start).days)))
    end = min(end, today - timedelta(days=1))
    if end < start:
        row["status"] = Status.RUNNING
        return row, planned_end
    row.update(
        actual_end=end,
        outcome=outcome,
        status=Status.ABORTED if outcome == Outcome.DROP_OUT else Status.COMPLETED,
    )
    return row, end
