"""The demo organisation, its municipalities and users (part of `manage.py seed_demo`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from organisations.models import Municipality, Organisation, User
from organisations.roles import BEHEERDER, CONSULENT, MANAGER

ORGANISATION_NAME = "Werk en Inkomen Leidschendam-Voorburg"
# (name, CBS gemeentecode, share of the caseload: the 74/14/12 key of the policy plan)
MUNICIPALITIES = [
    ("Leidschendam-Voorburg", "1916", 74),
    ("Wassenaar", "0629", 14),
    ("Voorschoten", "0626", 12),
]
DEMO_PASSWORD = "opstap-demo-2026"  # noqa: S105 - printed for the demo, never in production

FIRST_NAMES = [
    "Anna",
    "Mohammed",
    "Daan",
    "Fatima",
    "Sem",
    "Sophie",
    "Lucas",
    "Yasmina",
    "Noah",
    "Julia",
    "Ahmed",
    "Emma",
    "Thijs",
    "Aisha",
    "Bram",
    "Lotte",
    "Omar",
    "Sanne",
    "Jeroen",
    "Nadia",
    "Kees",
    "Ingrid",
    "Mehmet",
    "Esra",
    "Pieter",
    "Marieke",
    "Hamza",
    "Fleur",
    "Wim",
    "Ilse",
    "Dewi",
    "Rachid",
    "Linda",
    "Tim",
    "Samira",
    "Ruud",
    "Nienke",
    "Youssef",
    "Els",
    "Ties",
    "Priya",
    "Joost",
    "Meryem",
    "Hans",
    "Ayşe",
    "Gerrit",
    "Tamara",
    "Stefan",
    "Ivana",
    "Roel",
]
LAST_NAMES = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("", "Bakker"),
    ("van", "Dijk"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Yılmaz"),
    ("", "El Amrani"),
    ("", "Bouzid"),
    ("", "Kaya"),
    ("", "Öztürk"),
    ("", "Haddou"),
    ("", "Nguyen"),
    ("", "Pinas"),
    ("", "Wijnaldum"),
    ("", "Kowalski"),
    ("van der", "Linden"),
    ("", "Verhoeven"),
    ("", "Koster"),
    ("", "Prins"),
    ("", "Huisman"),
    ("van", "Vliet"),
    ("", "Kuipers"),
    ("", "Sedney"),
    ("", "Postma"),
    ("ter", "Horst"),
]


@dataclass
class DemoPeople:
    organisation: Organisation
    municipalities: list[Municipality]
    consulenten: dict[int, list[int]]  # municipality id -> consulent user ids
    logins: list[tuple[str, str]]  # (username, what the login shows)


def build_organisation(*, consulenten_per_municipality: list[int]) -> DemoPeople:
    organisation = Organisation.objects.create(name=ORGANISATION_NAME)
    municipalities = [
        Municipality.objects.create(organisation=organisation, name=name, cbs_code=code)
        for name, code, _ in MUNICIPALITIES
    ]
    groups = {
        group.name: group
        for group in Group.objects.filter(name__in=[CONSULENT, MANAGER, BEHEERDER])
    }
    password = make_password(DEMO_PASSWORD)
    logins: list[tuple[str, str]] = []

    def user(username, first, last, role, scope, **extra) -> User:
        created = User.objects.create(
            username=username,
            first_name=first,
            last_name=last,
            organisation=organisation,
            password=password,
            **extra,
        )
        created.groups.add(groups[role])
        created.municipalities.set(scope)
        return created

    consulenten: dict[int, list[int]] = {}
    short = {"1916": "lv", "0629": "wassenaar", "0626": "voorschoten"}
    for municipality, count in zip(municipalities, consulenten_per_municipality, strict=True):
        slug = short[municipality.cbs_code]
        named = user(f"consulent.{slug}", "Consulent", municipality.name, CONSULENT, [municipality])
        logins.append((named.username, f"consulent, {municipality.name}"))
        extra = User.objects.bulk_create(
            User(
                username=f"consulent.{slug}.{number}",
                first_name="Consulent",
                last_name=f"{municipality.name} {number}",
                organisation=organisation,
                password=password,
            )
            for number in range(2, count + 1)
        )
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=u.pk, group_id=groups[CONSULENT].pk) for u in extra
        )
        User.municipalities.through.objects.bulk_create(
            User.municipalities.through(user_id=u.pk, municipality_id=municipality.pk)
            for u in extra
        )
        consulenten[municipality.pk] = [named.pk, *(u.pk for u in extra)]

    user("manager", "Manager", "Alle gemeenten", MANAGER, municipalities)
    logins.append(("manager", "manager, alle drie gemeenten"))
    user("manager.wassenaar", "Manager", "Wassenaar", MANAGER, municipalities[1:2])
    logins.append(("manager.wassenaar", "manager, alleen Wassenaar"))
    teamleider = user("teamleider", "Teamleider", "Alle gemeenten", MANAGER, municipalities)
    teamleider.groups.add(groups[CONSULENT])
    logins.append(("teamleider", "manager en consulent (toewijzen), alle gemeenten"))
    user("beheerder", "Functioneel", "Beheerder", BEHEERDER, municipalities, is_staff=True)
    logins.append(("beheerder", "functioneel beheer (Django-admin)"))
    return DemoPeople(organisation, municipalities, consulenten, logins)
