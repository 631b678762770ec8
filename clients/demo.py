"""Demo clients with 36+ months of benefit history, notes and ontheffingen (for seed_demo).

Everything is drawn from one seeded random generator, so the same seed and day give the same
data. Rows go in through the import's loading path (clients/importer/loading.py: COPY in batches
while the next batch is drawn), so a million clients build in minutes in flat memory.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from clients.importer.loading import Loader
from clients.models import (
    BenefitPeriod,
    Client,
    ContactKind,
    ContactNote,
    EndReason,
    Household,
    LanguageLevel,
    Ontheffing,
    OntheffingReason,
    TaaleisStatus,
    sort_name,
)
from core.bulk import next_id
from core.dates import add_years
from organisations.demo import FIRST_NAMES, LAST_NAMES, MUNICIPALITIES, DemoPeople

# End reasons of ended periods, with weights that give realistic outflow (werk first).
END_REASON_WEIGHTS = {
    "11": 34,
    "13": 4,
    "20": 2,
    "14": 6,
    "15": 4,
    "03": 6,
    "32": 8,
    "33": 2,
    "01": 5,
    "02": 10,
    "04": 2,
    "19": 7,
    "31": 5,
    "98": 5,
}
HOUSEHOLDS = [
    (Household.SINGLE, 55),
    (Household.SINGLE_PARENT, 20),
    (Household.COUPLE, 10),
    (Household.COUPLE_CHILDREN, 15),
]
HOUSEHOLD_KINDS = [kind for kind, _ in HOUSEHOLDS]
HOUSEHOLD_WEIGHTS = [weight for _, weight in HOUSEHOLDS]
NOTE_TEXTS = [
    "Voortgangsgesprek gevoerd; afspraken over sollicitaties vastgelegd.",
    "Telefonisch contact over de taaltoets; cliënt is gemotiveerd.",
    "Huisbezoek: situatie thuis besproken, zorgtaken nemen veel tijd.",
    "Gesprek over vrijwilligerswerk bij de buurtvereniging.",
    "Cliënt heeft een werkervaringsplek gevonden; evaluatie over drie maanden.",
    "Afspraak niet nagekomen; nieuwe afspraak gemaakt.",
]


def random_bsn(rng: random.Random, used: set[str]) -> str:
    """Nine digits that pass the elfproef: the check digit follows from the first eight."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check == 10:
            continue
        value = "".join(map(str, digits)) + str(check)
        if value not in used:
            used.add(value)
            return value


# Each consulent's first clients have a deadline coming up, so that Vandaag (termijnbewaking)
# shows every kind of work on the demo: a young applicant whose search period ended and whose
# taaltoets is due, a failed taaltoets awaiting its written notice, an ontheffing about to end
# and an art. 9a ontheffing due for its half-yearly review. They have no other contact notes.
SHOWCASE = ("applicant", "failed_taaltoets", "ontheffing_ending", "art_9a")


def _showcase(situation: str, rng: random.Random, today, fields: dict) -> tuple | None:
    """Change the client's `fields` for a showcase situation; returns an ontheffing row
    (reason, start, end, remark) when the situation has one. The client's last benefit period
    keeps running."""
    fields["history"][-1][2:] = [None, None]
    if situation == "applicant":
        fields["birth"] = add_years(today, -22) - timedelta(days=rng.randint(0, 300))
        start = today - timedelta(days=rng.randint(43, 60))
        fields["history"] = [[fields["municipality"], start, None, None]]
        fields["statushouder"], fields["startkwalificatie"] = False, False
        fields["taaleis"] = TaaleisStatus.NOT_ASSESSED
    elif situation == "failed_taaltoets":
        fields["statushouder"], fields["language"] = True, LanguageLevel.BELOW_1F
        fields["taaleis"] = TaaleisStatus.NOT_MET
        fields["taaltoets"] = today - timedelta(days=rng.randint(44, 62))
    elif situation == "ontheffing_ending":
        start = today - timedelta(days=rng.randint(150, 300))
        return (OntheffingReason.URGENT, start, today + timedelta(days=rng.randint(3, 25)), "Zorg")
    elif situation == "art_9a":
        fields["household"] = Household.SINGLE_PARENT
        fields["youngest"] = today - timedelta(days=rng.randint(400, 1200))
        start = today - timedelta(days=rng.randint(170, 190))
        end = add_years(fields["youngest"], 5) - timedelta(days=1)
        return (OntheffingReason.SINGLE_PARENT, start, end, "Jongste kind onder de 5")
    return None


def _weighted(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


CLIENT_FIELDS = [
    "id",
    "organisation",
    "bsn",
    "first_names",
    "prefix",
    "last_name",
    "last_name_lower",
    "date_of_birth",
    "municipality",
    "consulent",
    "household",
    "youngest_child_birth_date",
    "statushouder",
    "startkwalificatie",
    "language_level",
    "taaleis_status",
    "taaleis_test_date",
    "banenafspraak_date",
    "banenafspraak_source",
    "beschut_werk_date",
    "beschut_werk_source",
    "version",
    "created_at",
    "updated_at",
]


# The last personal contact of a client on benefit: within the strictest norm (3 months), so a
# few are due in the coming two weeks and none is long overdue.
RECENT_CONTACT_DAYS = (0, 84)
# Each consulent's first other client on benefit was last seen about three months ago: contact is
# due about now (categorisation/demo.py puts them in re-integratie, whose norm that is).
CONTACT_DUE_DAYS = (86, 96)
CONTACT_DUE_BEFORE = timedelta(days=CONTACT_DUE_DAYS[1])
NOTE_FIELDS = ["client", "date", "kind", "text", "author", "created_at"]
# Showcase clients whose signal a contact note would not resolve were seen lately too (the
# applicant's benefit started only weeks ago; the art. 9a client was seen at an appointment,
# agenda/demo.py, as a note since the ontheffing's start would resolve its review).
SEEN_SHOWCASE = ("failed_taaltoets", "ontheffing_ending")


def build_clients(people: DemoPeople, *, count: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    extra = random.Random(seed + 10)  # for the showcase, so the other clients stay as they were
    # Recent contact: every client on benefit was seen lately, as in a caseload that is kept
    # up, so Vandaag holds a day's contact work rather than years of backlog (issue 20). Its own
    # generator, so the rest stays as it was.
    recent = random.Random(seed + 30)
    contact_due: set[int] = set()  # consulenten with a client whose contact is due about now
    showcase: dict[int, list[str]] = {}
    today = timezone.localdate()
    now = timezone.now()
    reasons = {reason.code: reason.pk for reason in EndReason.objects.all()}
    municipalities = people.municipalities
    weights = [share for _, _, share in MUNICIPALITIES]
    used_bsns: set[str] = set(Client.objects.values_list("bsn", flat=True))
    client_id, period_id = next_id(Client), next_id(BenefitPeriod)
    with Loader() as load:
        clients = load.table(Client, CLIENT_FIELDS)
        periods = load.table(
            BenefitPeriod, ["id", "client", "municipality", "start", "end", "end_reason"]
        )
        notes = load.table(ContactNote, NOTE_FIELDS)
        ontheffingen = load.table(Ontheffing, ["client", "reason", "start", "end", "remark"])
        for offset in range(count):
            pk = client_id + offset
            municipality = rng.choices(municipalities, weights=weights)[0]
            age = rng.choices(
                [rng.randint(18, 26), rng.randint(27, 49), rng.randint(50, 66)],
                weights=[18, 42, 40],
            )[0]
            birth = add_years(today, -age) - timedelta(days=rng.randint(0, 364))
            household = rng.choices(HOUSEHOLD_KINDS, weights=HOUSEHOLD_WEIGHTS)[0]
            youngest = (
                today - timedelta(days=rng.randint(100, 4000))
                if household in (Household.SINGLE_PARENT, Household.COUPLE_CHILDREN)
                else None
            )
            statushouder = rng.random() < 0.12
            startkwalificatie = rng.random() < 0.55
            banenafspraak = (
                today - timedelta(days=rng.randint(30, 2000)) if rng.random() < 0.05 else None
            )
            prefix, last = rng.choice(LAST_NAMES)

            # Benefit history: a first period, sometimes ended, sometimes followed by another.
            start = today - timedelta(days=int(rng.triangular(0, 3650, 400)))
            history = []
            while True:
                ended = rng.random() < 0.4
                end = start + timedelta(days=rng.randint(30, 900)) if ended else None
                if end is not None and end >= today:
                    end = None
                reason = _weighted(rng, END_REASON_WEIGHTS) if end else None
                history.append([municipality, start, end, reason])
                if end is None or rng.random() > 0.35:
                    break
                if reason == "32":
                    municipality = rng.choice([m for m in municipalities if m != municipality])
                start = end + timedelta(days=rng.randint(5, 500))
                if start >= today:
                    break
            final_municipality = history[-1][0]
            consulent = rng.choice(people.consulenten[final_municipality.pk])
            fields = {
                "birth": birth,
                "municipality": final_municipality,
                "history": history,
                "household": household,
                "youngest": youngest,
                "statushouder": statushouder,
                "startkwalificatie": startkwalificatie,
                "language": LanguageLevel.BELOW_1F if statushouder else LanguageLevel.LEVEL_2F,
                "taaleis": TaaleisStatus.LEARNING if statushouder else TaaleisStatus.MET,
                "taaltoets": None,
            }
            waiting = showcase.setdefault(consulent, list(SHOWCASE))
            situation = waiting.pop(0) if waiting else None
            exemption = _showcase(situation, extra, today, fields) if situation else None

            clients.add(
                (
                    pk,
                    people.organisation.pk,
                    random_bsn(rng, used_bsns),
                    rng.choice(FIRST_NAMES),
                    prefix,
                    last,
                    sort_name(last),
                    fields["birth"],
                    final_municipality.pk,
                    consulent,
                    fields["household"],
                    fields["youngest"],
                    fields["statushouder"],
                    fields["startkwalificatie"],
                    fields["language"],
                    fields["taaleis"],
                    fields["taaltoets"],
                    banenafspraak,
                    "UWV doelgroepregister" if banenafspraak else "",
                    None,
                    "",
                    1,
                    now,
                    now,
                )
            )
            for paying, p_start, p_end, p_reason in fields["history"]:
                periods.add(
                    (
                        period_id,
                        pk,
                        paying.pk,
                        p_start,
                        p_end,
                        reasons[p_reason] if p_reason else None,
                    )
                )
                period_id += 1
            on_benefit = bool(fields["history"]) and fields["history"][-1][2] is None
            due_now = situation is None and on_benefit and consulent not in contact_due
            if due_now:
                contact_due.add(consulent)
            for _ in range(rng.choice([0, 1, 1, 2, 3])):
                noted = today - timedelta(days=rng.randint(0, 700))
                kind, text = rng.choice(ContactKind.values), rng.choice(NOTE_TEXTS)
                if situation is None and not (due_now and noted > today - CONTACT_DUE_BEFORE):
                    notes.add((pk, noted, kind, text, consulent, now))
            if (situation is None or situation in SEEN_SHOWCASE) and on_benefit:
                days = CONTACT_DUE_DAYS if due_now else RECENT_CONTACT_DAYS
                seen = today - timedelta(days=recent.randint(*days))
                notes.add(
                    (pk, seen, ContactKind.MEETING, recent.choice(NOTE_TEXTS), consulent, now)
                )
            if rng.random() < 0.06:
                o_start = today - timedelta(days=rng.randint(0, 700))
                o_end = o_start + timedelta(days=rng.randint(90, 720))
                if situation is None:
                    ontheffingen.add(
                        (pk, OntheffingReason.URGENT, o_start, o_end, "Mantelzorg voor een ouder")
                    )
            if exemption is not None:
                ontheffingen.add((pk, *exemption))

    # As the other builders do for their tables: the builders after this one query clients and
    # periods, and without statistics PostgreSQL plans them on whatever an earlier ANALYZE saw
    # (in the test suite: a plans demo query ran for 14 minutes on a 400-client demo).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE clients_client, clients_benefitperiod")
    return {
        "clients": load.count(Client),
        "benefit_periods": load.count(BenefitPeriod),
        "notes": load.count(ContactNote),
        "ontheffingen": load.count(Ontheffing),
    }
