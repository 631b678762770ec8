"""The demo shows every kind of due work to each demo consulent (issue: a consulent logs in to
Vandaag on demo data and sees due work of every kind)."""

import io

import pytest
from django.core.management import call_command

from clients.models import Client
from deadlines import clock
from deadlines.queries import KINDS, signal_groups
from organisations.models import User

pytestmark = pytest.mark.django_db


def test_every_demo_consulent_has_due_work_of_every_kind():
    call_command("seed_demo", clients=400, seed=2026, stdout=io.StringIO())
    for username in ("consulent.lv", "consulent.wassenaar", "consulent.voorschoten"):
        user = User.objects.get(username=username)
        groups = signal_groups(
            Client.objects.for_user(user).filter(consulent=user), clock.today(), limit=50
        )
        shown = {group.kind.code for group in groups}
        assert shown == {kind.code for kind in KINDS}, (username, shown)
        maximum = next(group for group in groups if group.kind.code == "maximale_duur")
        types = {signal.info for signal in maximum.signals}
        assert {"Bbz voorbereidingsjaar", "Proefplaatsing (art. 10d)"} <= types, username


def test_a_demo_consulent_starts_with_a_days_work_not_years_of_backlog():
    # Issue 20: Vandaag opened with 231 signals, some "3230 dagen te laat": the demo had left
    # plans, contact, re-assessments, evaluations, training and premiums unattended for years.
    # A demo consulent (a caseload of 50 to 150) starts with what a team has on a normal day.
    call_command("seed_demo", clients=400, seed=2026, stdout=io.StringIO())
    today = clock.today()
    for username in ("consulent.lv", "consulent.wassenaar", "consulent.voorschoten"):
        user = User.objects.get(username=username)
        mine = Client.objects.for_user(user).caseload_of(user, today)
        groups = signal_groups(mine, today, limit=100)
        total = sum(group.count for group in groups)
        late = {
            group.kind.code: max((today - signal.due).days for signal in group.signals)
            for group in groups
        }
        overdue = sum(1 for g in groups for signal in g.signals if signal.due < today)
        assert 15 <= total <= 45, (username, total)
        assert overdue <= total * 2 // 3, (username, overdue, total)
        assert max(late.values()) <= 60, (username, late)
