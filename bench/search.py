"""Searching people at 1M clients (issue 20): the caseload's search for a common surname, a rare
one, a first name, a misspelled diacritic and a few more spellings, p50/p95 over 50 requests.

The clients are built in SQL with generate_series in a database of their own (seed_demo takes
half an hour for 1M), with a realistic spread of names: 60 common names (Jansen, De Jong,
Yılmaz, Öztürk, El Amrani, Van den Berg, ...) for 60% of the clients, names made of syllables
for the rest, and 80 first names. 74% of the clients live in the consulent's municipality.

    psql -h 127.0.0.1 -U postgres -c 'create database opstap_bench_search'
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/opstap_bench_search
    DJANGO_DEBUG=1 .venv/bin/python manage.py migrate
    .venv/bin/python bench/search.py --build 1000000     # once, about two minutes
    .venv/bin/python bench/search.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client as Browser  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.run import percentile  # noqa: E402
from clients.models import Client  # noqa: E402
from core.pagination import CappedPaginator  # noqa: E402
from organisations.models import Municipality, Organisation, User  # noqa: E402
from organisations.roles import CONSULENT  # noqa: E402

CONSULENT_NAME = "bench.zoeken"
# (tussenvoegsel, last name): the common names, the first ones most common.
COMMON = [
    ("de", "Jong"), ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"),
    ("", "Bakker"), ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"),
    ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"), ("", "Vos"), ("", "Peters"),
    ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"),
    ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"), ("van der", "Meer"), ("van der", "Linden"),
    ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"), ("van den", "Heuvel"),
    ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"), ("de", "Bruin"),
    ("van der", "Heijden"), ("", "Schouten"), ("van", "Beek"), ("", "Willems"), ("van", "Vliet"),
    ("", "Yılmaz"), ("", "Kaya"), ("", "Demir"), ("", "Şahin"), ("", "Çelik"), ("", "Öztürk"),
    ("", "Aydın"), ("", "El Amrani"), ("", "Bouzid"), ("", "El Idrissi"), ("", "Benali"),
    ("", "Ahmadi"), ("", "Haddou"), ("", "Nguyễn"), ("", "Kowalski"), ("", "Wiśniewski"),
    ("", "Müller"), ("", "Sánchez"), ("", "O'Brien"), ("", "Ramdin"),
]  # fmt: skip
FIRST_NAMES = (
    "Anna Emma Julia Sophie Lotte Sanne Lisa Eva Fleur Noor Fatima Aisha Zeynep Elif Ayşe Meryem "
    "Yasmina Salma Hanna Sara Maria Inge Petra Linda Monique Karin Esther Priya Olena Agnieszka "
    "Daan Sem Lucas Levi Finn Milan Jesse Bram Thomas Ruben Mohamed Ahmed Youssef Mustafa Mehmet "
    "Emre Hasan Ali Omar Karim Jan Piet Kees Henk Willem Johan Peter Marco Dennis Erik Sander "
    "Tim Niels Jeroen Bas Wouter Rik Stefan Hüseyin Oğuz Çağlar Łukasz José René Zoë Chloë Noël "
    "Joël Anaïs Björn"
)
FIRST = FIRST_NAMES.split()
SYLLABLES = (
    ["Ka", "Ter", "Hol", "Ver", "Bro", "Ste", "Wes", "Lin", "Mar", "Dor",
     "Ha", "Zan", "Rij", "Kui", "Pot", "Gel", "Bur", "Tal", "Mel", "Vo"],
    ["ben", "ker", "man", "ling", "stra", "ter", "gen", "del", "wer", "hof",
     "sel", "dam", "ver", "bro", "kam", "lan", "rik", "nes", "wijk", "zee"],
    ["s", "er", "ink", "ema", "inga", "horst", "veld", "berg", "kamp", "hout",
     "", "", "", "", "", "", "", "", "", ""],
)  # fmt: skip
RARE = ("", "Wołodyjowski-Ğüneş")

# (what the row measures, the typed term)
SEARCHES = [
    ("common surname", "Jansen"),
    ("common surname with tussenvoegsel", "de Jong"),
    ("rare surname", "Wolodyjowski"),
    ("first name", "Fatima"),
    ("misspelled diacritic", "Ozturk"),
    ("dotless i", "Yilmaz"),
    ("part of a double name", "Amrani"),
    ("tussenvoegsel after", "Berg, van den"),
    ("initial and surname", "F. Yilmaz"),
    ("start of a name", "ber"),
    ("date of birth", "12-03-1980"),
]


def build(count: int) -> None:
    """The organisation, three municipalities, a consulent and `count` clients, in SQL."""
    with transaction.atomic():
        organisation = Organisation.objects.create(name="Werk en Inkomen Bench")
        here = Municipality.objects.create(organisation=organisation, name="Bench", cbs_code="9901")
        others = [
            Municipality.objects.create(organisation=organisation, name=f"Bench {n}", cbs_code=code)
            for n, code in ((2, "9902"), (3, "9903"))
        ]
        consulent = User.objects.create_user(
            username=CONSULENT_NAME, password=None, organisation=organisation
        )
        consulent.groups.add(Group.objects.get(name=CONSULENT))
        consulent.municipalities.add(here)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute(
                """
                INSERT INTO clients_client (
                    organisation_id, bsn, first_names, prefix, last_name, last_name_lower,
                    date_of_birth, municipality_id, consulent_id, household, statushouder,
                    startkwalificatie, language_level, taaleis_status, banenafspraak_source,
                    beschut_werk_source, version, created_at, updated_at)
                SELECT %(organisation)s, lpad(n::text, 9, '0'), first, name.prefix, name.last,
                       lower(name.last), DATE '1950-01-01' + (n::bigint * 7919 %% 20000)::int,
                       CASE WHEN n %% 100 < 74 THEN %(here)s
                            WHEN n %% 100 < 87 THEN %(second)s ELSE %(third)s END,
                       CASE WHEN n %% 6000 = 0 THEN %(consulent)s END,
                       'alleenstaand', false, false, 'onbekend', 'niet_beoordeeld', '', '', 1,
                       now(), now()
                FROM generate_series(1, %(count)s) AS n,
                LATERAL (SELECT random() + 0 * n AS pick, random() + 0 * n AS spread) AS r,
                LATERAL (SELECT (%(first)s::text[])[1 + (n * 31 %% %(firsts)s)] AS first) AS f,
                LATERAL (
                    SELECT CASE WHEN n = 1 OR n %% 333333 = 0 THEN %(rare_prefix)s
                                WHEN r.pick < 0.6 THEN (%(prefixes)s::text[])[
                                    1 + floor(%(commons)s * r.spread ^ 1.2)::int]
                                ELSE '' END AS prefix,
                           CASE WHEN n = 1 OR n %% 333333 = 0 THEN %(rare_last)s
                                WHEN r.pick < 0.6 THEN (%(lasts)s::text[])[
                                    1 + floor(%(commons)s * r.spread ^ 1.2)::int]
                                ELSE (%(syllable1)s::text[])[1 + (n %% 20)]
                                  || (%(syllable2)s::text[])[1 + (n / 20 %% 20)]
                                  || (%(syllable3)s::text[])[1 + (n / 400 %% 20)]
                           END AS last
                ) AS name
                """,  # the clients' own table and columns; values are parameters
                {
                    "organisation": organisation.pk,
                    "here": here.pk,
                    "second": others[0].pk,
                    "third": others[1].pk,
                    "consulent": consulent.pk,
                    "count": count,
                    "first": FIRST,
                    "firsts": len(FIRST),
                    "prefixes": [prefix for prefix, _ in COMMON],
                    "lasts": [last for _, last in COMMON],
                    "commons": len(COMMON),
                    "syllable1": SYLLABLES[0],
                    "syllable2": SYLLABLES[1],
                    "syllable3": SYLLABLES[2],
                    "rare_prefix": RARE[0],
                    "rare_last": RARE[1],
                },
            )
        print(f"{count:,} clients in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE clients_client")


def measure(browser: Browser, term: str, repeat: int) -> dict:
    """The caseload page of the search, as the consulent sees it after pressing Zoeken."""
    url = "/clienten/"
    response = browser.post(url, {"q": term})  # the caseload's search: POST, then the page
    page = response["Location"]
    browser.get(page)  # warm
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = browser.get(page)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return {
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "queries": len(captured),
    }


def measure_queries(consulent: User, term: str, repeat: int) -> dict:
    """The search's own two queries (the capped count, with the best matches' heads, and the
    first page) as the caseload runs them, without the page around them: what the database
    does."""
    scope = list(consulent.scoped_municipalities().values_list("pk", flat=True))
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        base = Client.objects.for_user(consulent).filter(municipality__in=scope)
        found = base.search(term)
        paginator = CappedPaginator(
            found,
            settings.OPSTAP_CASELOAD_PAGE_SIZE,
            count_queryset=found.order_by(),
            heads=base.best_first(term),
        )
        list(paginator.get_page(1).object_list)
        times.append((time.perf_counter() - started) * 1000)
    times = times[1:]  # the first one warms
    return {"p50": statistics.median(times), "p95": percentile(times, 0.95)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", type=int, default=0, help="first build this many clients")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    if args.build:
        build(args.build)
    consulent = User.objects.get(username=CONSULENT_NAME)
    browser = Browser(HTTP_HOST="localhost")
    browser.force_login(consulent)
    print(f"clients {Client.objects.count():,}, in the consulent's municipality "
          f"{Client.objects.for_user(consulent).count():,}")  # fmt: skip
    slow = 0
    for name, term in SEARCHES:
        row = measure(browser, term, args.repeat)
        row["found"] = Client.objects.for_user(consulent).search(term).count()
        sql = measure_queries(consulent, term, args.repeat)
        slow += row["p95"] > 100
        print(f"{name:<34} {term!r:<16} found {row['found']:>7,}  page p50 {row['p50']:6.1f} "
              f"p95 {row['p95']:6.1f} ms ({row['queries']} queries)  search queries p50 "
              f"{sql['p50']:6.1f} p95 {sql['p95']:6.1f} ms")  # fmt: skip
    print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f} on {} cores".format(
        *os.getloadavg(), os.cpu_count()))  # fmt: skip
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
