"""Search that finds people (issue 20): every spelling a colleague would type, who is found and
in which order, in the caseload and in the admin; docs/search.md has the rules."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from clients.models import Client
from clients.search import FOLD_FROM, FOLD_TO, LIGATURES, fold, words
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

# (first names, tussenvoegsel, last name, date of birth)
PEOPLE = [
    ("Fatima", "", "Yılmaz", date(1980, 3, 12)),
    ("Mehmet", "", "Yilmaz", date(1975, 7, 1)),
    ("Ayşe", "", "Öztürk", date(1990, 2, 1)),
    ("Karim", "", "El Amrani", date(1988, 11, 23)),
    ("Jan", "van den", "Berg", date(1970, 1, 5)),
    ("Anna", "", "Berg", date(1999, 9, 9)),
    ("Piet", "", "Bergman", date(1960, 4, 4)),
    ("Bergit", "", "Jansen", date(1985, 5, 17)),
    ("Zeynep Fatima", "", "Demir", date(1992, 6, 30)),
    ("Seán", "", "O'Brien", date(1983, 8, 8)),
    ("Łukasz", "", "Wiśniewski", date(1979, 10, 10)),
    ("Vanessa", "", "Visser", date(2001, 12, 1)),
]

# (typed term, full names found, best first). Name order after the rank is the caseload's:
# last_name_lower (a plain "yilmaz" before the one with a dotless i), first names, number.
CASES = [
    # diacritics and the dotless i folded, either way round
    ("Yilmaz", ["Mehmet Yilmaz", "Fatima Yılmaz"]),
    ("Yılmaz", ["Mehmet Yilmaz", "Fatima Yılmaz"]),
    ("YILMAZ", ["Mehmet Yilmaz", "Fatima Yılmaz"]),
    ("yilm", ["Mehmet Yilmaz", "Fatima Yılmaz"]),
    ("Ozturk", ["Ayşe Öztürk"]),
    ("ÖZTÜRK", ["Ayşe Öztürk"]),
    ("ayse", ["Ayşe Öztürk"]),
    ("Wisniewski", ["Łukasz Wiśniewski"]),
    ("Lukasz", ["Łukasz Wiśniewski"]),
    ("Sean", ["Seán O'Brien"]),
    # hyphens, spaces and apostrophes equal
    ("Amrani", ["Karim El Amrani"]),
    ("El-Amrani", ["Karim El Amrani"]),
    ("el amrani", ["Karim El Amrani"]),
    ("elamrani", ["Karim El Amrani"]),
    ("Karim El-Amrani", ["Karim El Amrani"]),
    ("OBrien", ["Seán O'Brien"]),
    ("O Brien", ["Seán O'Brien"]),
    ("Brien", ["Seán O'Brien"]),
    # tussenvoegsels optional, in any place
    ("van den Berg", ["Jan van den Berg"]),
    ("Berg, van den", ["Jan van den Berg"]),
    ("vandenberg", ["Jan van den Berg"]),
    ("v.d. Berg", ["Jan van den Berg"]),
    ("den Berg", ["Jan van den Berg"]),
    # beside other words a tussenvoegsel is a whole word: "van" is not the start of Vanessa
    ("van Visser", []),
    ("Vanessa Visser", ["Vanessa Visser"]),
    # exact last name, then the start of a last name, then a first name; then name order
    ("Berg", ["Anna Berg", "Jan van den Berg", "Piet Bergman", "Bergit Jansen"]),
    ("berg", ["Anna Berg", "Jan van den Berg", "Piet Bergman", "Bergit Jansen"]),
    # first names and initials
    ("Fatima", ["Zeynep Fatima Demir", "Fatima Yılmaz"]),
    ("Fatima Yılmaz", ["Fatima Yılmaz"]),
    ("Yilmaz Fatima", ["Fatima Yılmaz"]),
    ("F. Yilmaz", ["Fatima Yılmaz"]),
    ("M Yilmaz", ["Mehmet Yilmaz"]),
    ("Z.F. Demir", ["Zeynep Fatima Demir"]),
    ("Jan Berg", ["Jan van den Berg", "Bergit Jansen"]),  # Jan(sen) Berg(it): any order
    # date of birth dd-mm-jjjj and d-m-jjjj, alone or with a name
    ("12-03-1980", ["Fatima Yılmaz"]),
    ("12-3-1980", ["Fatima Yılmaz"]),
    ("1-2-1990", ["Ayşe Öztürk"]),
    ("01/02/1990", ["Ayşe Öztürk"]),
    ("Yilmaz 01-07-1975", ["Mehmet Yilmaz"]),
    ("Berg 12-03-1980", []),
    # nobody
    ("Smit", []),
    ("Fatima Berg", []),
    ("%", []),
    ("- .", []),
]


@pytest.fixture
def people(wassenaar):
    return {
        (first, last): ClientFactory(
            municipality=wassenaar,
            first_names=first,
            prefix=prefix,
            last_name=last,
            date_of_birth=born,
        )
        for first, prefix, last, born in PEOPLE
    }


@pytest.mark.parametrize(("term", "expected"), CASES)
def test_who_is_found_and_in_which_order(people, term, expected):
    assert [c.full_name for c in Client.objects.search(term)] == expected


def test_the_client_number_and_the_bsn_find_exactly_one(people):
    fatima = people[("Fatima", "Yılmaz")]
    assert list(Client.objects.search(str(fatima.pk))) == [fatima]
    assert list(Client.objects.search(fatima.bsn)) == [fatima]
    spaced = f"{fatima.bsn[:3]} {fatima.bsn[3:6]} {fatima.bsn[6:]}"
    assert list(Client.objects.search(spaced)) == [fatima]
    assert list(Client.objects.search(fatima.bsn, bsn=False)) == []


def test_a_changed_name_is_found_by_its_new_spelling(people):
    anna = people[("Anna", "Berg")]
    anna.last_name = "Çelik"
    anna.save()
    assert [c.pk for c in Client.objects.search("celik")] == [anna.pk]
    assert anna.pk not in [c.pk for c in Client.objects.search("Berg")]


def test_the_fold_table_follows_unicode():
    """Each letter folds to what Unicode's decomposition says, or for the few without one
    (ø, ł, đ, ı, ...) to the letter a Dutch colleague would type."""
    assert len(FOLD_FROM) == len(FOLD_TO)
    without = set("ØøÐðĐđŁłĦħıŦŧĸŊŋĿŀŉÆŒÞĲẞ")
    for letter, folded in zip(FOLD_FROM, FOLD_TO, strict=True):
        if letter in without:
            continue
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(c)
        )
        assert plain.lower() == folded, letter
    assert dict(LIGATURES)["ß"] == "ss"
    assert fold("Ĳsselmeer-Æsop Straße") == "ijsselmeer-aesop strasse"
    assert words("'t Hart-Ørsted") == ["t", "hart", "orsted"]


def test_the_database_folds_as_python_does(wassenaar):
    """The generated column and fold() use the same table: every letter of it finds itself."""
    last, first = f"X{FOLD_FROM[:150]}", FOLD_FROM[150:]
    person = ClientFactory(municipality=wassenaar, last_name=last, first_names=first)
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM clients_client WHERE id = %s", [person.pk])
        vector = cursor.fetchone()[0]
    assert f"'{''.join(words(last))}':1A" in vector
    assert f"'{''.join(words(first))}':" in vector
    assert list(Client.objects.search(fold(last))) == [person]
    assert list(Client.objects.search(fold(first))) == [person]


def test_a_name_of_ascii_only_folds_as_one_with_diacritics(wassenaar):
    """The column lowers a name of ASCII letters only without translate() (clients/search.py):
    the same words, weights and positions as the spelling with diacritics."""
    plain = ClientFactory(
        municipality=wassenaar,
        prefix="Van 'T",
        last_name="OZTURK-YILMAZ",
        first_names="Zeynep Aisa",
    )
    accented = ClientFactory(
        municipality=wassenaar,
        prefix="van 't",
        last_name="Öztürk-Yılmaz",
        first_names="Zeynep Aïşa",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM clients_client WHERE id IN (%s, %s) ORDER BY id",
            [plain.pk, accented.pk],
        )
        (plain_vector,), (accented_vector,) = cursor.fetchall()
    assert plain_vector == accented_vector
    assert "'ozturkyilmaz':1A" in plain_vector
    assert list(Client.objects.search("ozturk van t").order_by("pk")) == [plain, accented]


# The caseload and the admin.


def test_the_caseload_finds_by_any_spelling_best_first(consulent_client, people):
    url = reverse("clients:client_list")
    page = consulent_client.get(url, {"q": "berg"}).content.decode()
    names = ["Berg, Anna", "Berg, van den, Jan", "Bergman, Piet", "Jansen, Bergit"]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)
    assert "4 cliënten gevonden" in page


def test_a_column_chosen_orders_the_search_results(consulent_client, people):
    url = reverse("clients:client_list")
    page = consulent_client.get(url, {"q": "berg", "sort": "-naam"}).content.decode()
    names = ["Jansen, Bergit", "Bergman, Piet", "Berg, van den, Jan", "Berg, Anna"]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)


def test_the_caseload_takes_a_bsn_by_post_only(consulent_client, people):
    fatima = people[("Fatima", "Yılmaz")]
    url = reverse("clients:client_list")
    response = consulent_client.post(url, {"q": fatima.bsn})
    assert response.status_code == 302
    assert fatima.bsn not in response["Location"]
    page = consulent_client.get(response["Location"]).content.decode()
    assert reverse("clients:client_detail", args=[fatima.pk]) in page
    assert "1 cliënt gevonden" in page


def test_a_date_that_does_not_exist_is_explained(consulent_client, people):
    page = consulent_client.get(reverse("clients:client_list"), {"q": "31-02-1980"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "31-02-1980 is geen bestaande datum" in body
    assert "0 cliënten gevonden" in body


def test_the_caseload_search_stays_in_scope(consulent_client, people, voorschoten):
    there = ClientFactory(municipality=voorschoten, first_names="Fatima", last_name="Yılmaz")
    page = consulent_client.get(reverse("clients:client_list"), {"q": "Yilmaz"}).content.decode()
    assert reverse("clients:client_detail", args=[there.pk]) not in page
    assert "2 cliënten gevonden" in page


def test_the_caseload_search_takes_a_fixed_number_of_queries(
    consulent_client, people, wassenaar, django_assert_num_queries
):
    with django_assert_num_queries(13):
        consulent_client.get(reverse("clients:client_list"), {"q": "Yilmaz"})
    ClientFactory.create_batch(
        20, municipality=wassenaar, first_names="Fatma", last_name="Yılmaz-Kaya"
    )
    with django_assert_num_queries(13):
        consulent_client.get(reverse("clients:client_list"), {"q": "Yilmaz"})


def _pages(consulent_client, term: str, pages: int) -> list[list[int]]:
    url = reverse("clients:client_list")
    found = []
    for number in range(1, pages + 1):
        body = consulent_client.get(url, {"q": term, "pagina": number}).content.decode()
        found.append([int(pk) for pk in re.findall(r'href="/clienten/(\d+)/"', body)])
    return found


@pytest.mark.parametrize(
    ("term", "extra"),
    [
        ("Berg", []),  # the exact last name fills the first page, the rest ranked
        ("Jan Berg", [("Bergje", "", "Jan")]),  # two exact last names (Berg, Jan): ranked
        ("van den Berg", [("Bas", "van den", "Berg"), ("Cor", "van den", "Berg")]),
    ],
)
def test_the_best_matches_page_by_page_are_those_of_the_ranking(
    consulent_client, people, wassenaar, settings, django_assert_num_queries, term, extra
):
    """A page of the best matches is read in name order from the exact last name's index
    (ClientQuerySet.best_first); every page is the same as the ranking of all matches."""
    for first, prefix, last in extra:
        ClientFactory(municipality=wassenaar, first_names=first, prefix=prefix, last_name=last)
    settings.OPSTAP_CASELOAD_PAGE_SIZE = 2
    ranked = [client.pk for client in Client.objects.search(term)]
    pages = -(-len(ranked) // 2)
    assert pages >= 2
    assert _pages(consulent_client, term, pages) == [
        ranked[start : start + 2] for start in range(0, len(ranked), 2)
    ]
    with django_assert_num_queries(13):  # the heads are counted in the count's query
        consulent_client.get(reverse("clients:client_list"), {"q": term, "pagina": 1})


def test_the_admin_finds_by_any_spelling_best_first(client, beheerder, people):
    client.force_login(beheerder)
    url = reverse("admin:clients_client_changelist")
    body = client.get(url, {"q": "berg"}).content.decode()
    order = [people[key].pk for key in (("Anna", "Berg"), ("Jan", "Berg"), ("Piet", "Bergman"))]
    links = [body.index(reverse("admin:clients_client_change", args=[pk])) for pk in order]
    assert links == sorted(links)
    body = client.get(url, {"q": "El-Amrani"}).content.decode()
    assert reverse("admin:clients_client_change", args=[people[("Karim", "El Amrani")].pk]) in body
    assert reverse("admin:clients_client_change", args=[people[("Anna", "Berg")].pk]) not in body


def test_the_admin_explains_a_date_that_does_not_exist(client, beheerder, people):
    client.force_login(beheerder)
    body = client.get(reverse("admin:clients_client_changelist"), {"q": "30-02-1990"})
    assert "30-02-1990 is geen bestaande datum" in body.content.decode()
