"""Demo plans van aanpak (for seed_demo, after the assessments and trajectories).

Every client who must have a plan (re-integratie or participatie, not 3B) had one made within
two months of their first assessment, so the warning "Geen actueel plan van aanpak" shows only
the clients assessed in the last weeks, and each consulent's newest client on benefit, whose
plan is still to be made. A client has one to three vastgesteld versions, six to fifteen months
apart, and one in ten has a concept in progress. Each version has one to three goals and two to
four actions; actions more than two weeks past due are done, and each consulent's first client
has one due in the coming days. Nine in ten clients agreed, a few days before the plan took
effect. The first goal of a version is served by the client's trajectories that ran during that
version. Rows go in with COPY; the database's constraints check them on the way in.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from categorisation.models import Assessment
from clients.importer.loading import Loader
from clients.models import BenefitPeriod, Client
from core.bulk import next_id
from core.dates import add_years
from plans.models import APPENDIX_AGE, Action, Goal, Plan
from plans.services import PASSIVE_CATEGORIES, PLAN_UNITS
from trajectories.models import Trajectory

GOALS = {
    "re_integratie": [
        "Binnen een jaar betaald werk, minstens 20 uur per week",
        "Werk vinden in de logistiek of de zorg",
        "Een erkend certificaat halen (heftruck, VCA of helpende zorg)",
        "Solliciteren met een actueel cv en een LinkedIn-profiel",
        "Taalniveau 1F halen om werk te kunnen vinden",
    ],
    "participatie": [
        "Een vaste dagbesteding of vrijwilligerswerk van twee dagdelen per week",
        "Schulden in beeld en een betalingsregeling",
        "Zelfstandig reizen met het openbaar vervoer",
        "Eén trede hoger op de participatieladder",
        "Digitaal zelfredzaam: DigiD en e-mail zelf gebruiken",
    ],
}
ACTIONS = [
    ("client", "Drie sollicitaties per week en bewijs meenemen"),
    ("client", "Cv bijwerken en naar de consulent sturen"),
    ("client", "Aanmelden bij het taalcentrum"),
    ("client", "Intakegesprek bij de schuldhulpverlening"),
    ("consulent", "Werkgever benaderen voor een proefplaatsing"),
    ("consulent", "Traject aanvragen en de aanbieder informeren"),
    ("consulent", "Evaluatiegesprek plannen"),
    ("anders", "Jobcoach bezoekt de werkplek"),
    ("anders", "Buurtteam helpt met de administratie"),
]
OTHER_OWNERS = ["Jobcoach", "Buurtteam", "Re-integratiebedrijf"]


KEPT_AFTER = timedelta(days=14)
# Each consulent's first client with a plan in force has an action due in the coming days, so
# Vandaag shows an action on the demo.
ACTION_DUE_DAYS = (-5, 10)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


PLAN_FIELDS = [
    "id",
    "client",
    "version",
    "status",
    "valid_from",
    "agreed_by_client",
    "agreed_on",
    "is_decision_appendix",
    "created_by",
    "created_at",
    "established_by",
    "established_at",
]


def build_plans(*, seed: int) -> dict[str, int]:
    rng = random.Random(seed + 3)
    # Actions long past their due date were done (a caseload that is kept up), so Vandaag holds
    # the last weeks' open actions, not years of them (issue 20). Its own generator, so the rest
    # stays as it was.
    kept = random.Random(seed + 32)
    today = timezone.localdate()
    oldest = add_years(today, -3)
    plan_id, goal_id = next_id(Plan), next_id(Goal)
    load = Loader()
    plans = load.table(Plan, PLAN_FIELDS)
    goals = load.table(Goal, ["id", "plan", "text", "order"])
    links = load.table(Goal.trajectories.through, ["goal", "trajectory"])
    actions = load.table(
        Action, ["plan", "goal", "description", "owner", "owner_name", "due_date", "done_on"]
    )
    with load:
        newest = _newest_per_consulent(today)
        action_due: set[int] = set()  # consulenten with their showcase action
        for units, first_assessed, people, served in _in_chunks(today):
            for client_id, unit in sorted(units.items()):
                consulent, birth = people[client_id]
                day = max(first_assessed[client_id], oldest) + timedelta(days=rng.randint(0, 60))
                if day > today or client_id in newest:
                    continue  # the plan is still to be made
                days = [day]
                for _ in range(rng.choices([0, 1, 2], weights=[55, 30, 15])[0]):
                    following = days[-1] + timedelta(days=rng.randint(180, 450))
                    if following > today:
                        break
                    days.append(following)
                versions = [(valid_from, "vastgesteld") for valid_from in days]
                if rng.random() < 0.1:
                    versions.append((None, "concept"))
                for number, (valid_from, status) in enumerate(versions, start=1):
                    start = valid_from or today
                    until = days[number] if number < len(days) else today
                    agreed = valid_from is not None and rng.random() < 0.9
                    agreed_on = valid_from - timedelta(days=rng.randint(0, 10)) if agreed else None
                    plans.add(
                        (
                            plan_id,
                            client_id,
                            number,
                            status,
                            valid_from,
                            agreed,
                            agreed_on,
                            valid_from is not None and add_years(birth, APPENDIX_AGE) > valid_from,
                            consulent,
                            _moment(start - timedelta(days=14)),
                            consulent if valid_from else None,
                            _moment(valid_from) if valid_from else None,
                        )
                    )
                    chosen = rng.sample(GOALS[unit], rng.randint(1, 3))
                    first_goal = goal_id
                    for order, text in enumerate(chosen, start=1):
                        goals.add((goal_id, plan_id, text, order))
                        goal_id += 1
                    for pk, planned_start, planned_end in served.get(client_id, []):
                        if planned_start <= until and planned_end >= start:
                            links.add((first_goal, pk))
                    for owner, description in rng.sample(ACTIONS, rng.randint(2, 4)):
                        due = start + timedelta(days=rng.randint(14, 240))
                        done = due <= today and rng.random() < 0.75
                        done_on = (
                            min(due + timedelta(days=rng.randint(-10, 10)), today) if done else None
                        )
                        if done_on is None and due <= today - KEPT_AFTER:
                            done_on = min(due + timedelta(days=kept.randint(-10, 10)), today)
                        if number == len(days) and consulent not in action_due:
                            action_due.add(consulent)
                            due = today + timedelta(days=kept.randint(*ACTION_DUE_DAYS))
                            done_on = None
                        actions.add(
                            (
                                plan_id,
                                rng.randrange(first_goal, goal_id) if rng.random() < 0.8 else None,
                                description,
                                owner,
                                rng.choice(OTHER_OWNERS) if owner == "anders" else "",
                                due,
                                done_on,
                            )
                        )
                    plan_id += 1
    return {
        "plannen van aanpak": load.count(Plan),
        "doelen": load.count(Goal),
        "acties": load.count(Action),
    }


CHUNK = 20_000


def _required(today: date):
    """The assessments in force `today` of clients with a consulent who must have a plan."""
    return (
        Assessment.objects.on(today)
        .filter(category__unit__code__in=PLAN_UNITS, client__consulent__isnull=False)
        .exclude(category__code__in=PASSIVE_CATEGORIES)
    )


def _newest_per_consulent(today: date) -> set[int]:
    """Per consulent the client who must have a plan and whose running benefit started last."""
    return set(
        BenefitPeriod.objects.running_on(today)
        .filter(client__in=_required(today).values("client_id"))
        .order_by("client__consulent_id", "-start", "client_id")
        .distinct("client__consulent_id")
        .values_list("client_id", flat=True)
    )


def _in_chunks(today: date):
    """Per CHUNK clients in id order, those who must have a plan today (re-integratie or
    participatie, not passive) with their unit, the day they were first assessed, their
    consulent and date of birth, and their trajectories: only a chunk's rows in memory."""
    required = (
        _required(today).order_by("client_id").values_list("client_id", "category__unit__code")
    )
    last = 0
    while chunk := list(required.filter(client_id__gt=last)[:CHUNK]):
        first, last = chunk[0][0], chunk[-1][0]
        units = dict(chunk)
        within = {"client_id__gte": first, "client_id__lte": last}
        first_assessed = dict(
            Assessment.objects.filter(**within, client_id__in=units.keys())
            .order_by("client_id", "date")
            .distinct("client_id")
            .values_list("client_id", "date")
        )
        people = {
            pk: (consulent, birth)
            for pk, consulent, birth in Client.objects.filter(
                pk__gte=first, pk__lte=last, pk__in=units.keys()
            ).values_list("pk", "consulent_id", "date_of_birth")
        }
        served: dict[int, list[tuple[int, date, date]]] = {}
        for pk, client_id, start, end in Trajectory.objects.filter(
            **within, client_id__in=units.keys()
        ).values_list("pk", "client_id", "planned_start", "planned_end"):
            served.setdefault(client_id, []).append((pk, start, end))
        yield units, first_assessed, people, served
