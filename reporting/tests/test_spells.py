"""The spells table (reporting/spells.py) follows every change of the benefit periods, whatever
writes them: after each change it equals the spells the Python oracle builds from the periods."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clients.models import BenefitPeriod, Client, EndReason
from clients.queries import CLIENTS
from reporting.models import Spell, SpellRule
from reporting.spells import CLIENT_COLUMNS, ensure_spells
from reporting.tests.test_figures import histories, history_rows, oracle_spells
from reporting.tests.test_per_person import stands_on_one_day
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def stored() -> list[tuple]:
    return sorted(
        (s.client_id, s.municipality_id, s.start, s.end, s.end_reason and s.end_reason.group)
        for s in Spell.objects.select_related("end_reason")
    )


def expected(gap: int = 30) -> list[tuple]:
    periods = [
        (p.client_id, p.municipality_id, p.start, p.end, p.end_reason and p.end_reason.group)
        for p in BenefitPeriod.objects.select_related("end_reason")
    ]
    return sorted(tuple(spell) for spell in oracle_spells(periods, gap))


def copied_columns_differ() -> int:
    """Spells whose copy of the client's columns differs from the client's."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM reporting_spell s JOIN {CLIENTS} c ON c.id = s.client_id "  # noqa: S608
            f"WHERE ({', '.join(f's.{c}' for c in CLIENT_COLUMNS)}) "
            f"IS DISTINCT FROM ({', '.join(f'c.{c}' for c in CLIENT_COLUMNS)})"
        )
        return cursor.fetchone()[0]


# A change: what, which period (an index modulo their number), and a number of days.
changes = st.lists(
    st.tuples(
        st.sampled_from(["shorten", "end", "move", "move_client", "delete", "restart", "client"]),
        st.integers(min_value=0, max_value=1000),
        st.integers(min_value=0, max_value=90),
    ),
    max_size=8,
)


def apply(change, wassenaar, voorschoten, werk) -> None:
    kind, pick, days = change
    periods = list(BenefitPeriod.objects.order_by("pk"))
    if not periods:
        return
    period = periods[pick % len(periods)]
    other = voorschoten if period.municipality_id == wassenaar.pk else wassenaar
    if kind == "shorten" and period.end and period.end > period.start:
        period.end = period.start + timedelta(days=days % (period.end - period.start).days)
        period.save()
    elif kind == "end" and period.end is None:
        period.end, period.end_reason = period.start + timedelta(days=days), werk
        period.save()
    elif kind == "move":
        BenefitPeriod.objects.filter(pk=period.pk).update(municipality=other)
    elif kind == "move_client":  # one statement, several rows
        BenefitPeriod.objects.filter(client_id=period.client_id).update(municipality=other)
    elif kind == "delete":
        period.delete()
    elif kind == "client":  # the columns the breakdowns use, for every client in one statement
        Client.objects.filter(pk__gte=period.client_id).update(
            date_of_birth=date(1960 + days % 40, 1, 1), statushouder=days % 2 == 0,
            household="alleenstaande_ouder" if days % 3 else "alleenstaand",
        )  # fmt: skip
    elif kind == "restart":
        last = BenefitPeriod.objects.filter(client_id=period.client_id).order_by("-start").first()
        if last.end:
            BenefitPeriod.objects.create(client_id=period.client_id, municipality=other,
                                         start=last.end + timedelta(days=days + 1))  # fmt: skip


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(histories=histories, changes=changes)
# Always: restarts 30 and 31 days after an end, then a shortened end and a move.
@example(histories=[(0, 3, [(0, 30, False, "11"), (29, 30, False, "11"), (30, 10, False, "32")], True)],
         changes=[("shorten", 0, 5), ("move", 1, 0), ("restart", 0, 30)])  # fmt: skip
def test_the_spells_follow_every_change(histories, changes, wassenaar, voorschoten):
    reasons = {code: EndReason.objects.get(code=code) for code in ("11", "32")}
    with transaction.atomic():
        BenefitPeriod.objects.bulk_create(history_rows(histories, wassenaar, voorschoten, reasons))
        assert stored() == expected()
        for change in changes:
            apply(change, wassenaar, voorschoten, reasons["11"])
            assert stored() == expected(), change
            assert copied_columns_differ() == 0, change
            assert stands_on_one_day() == 0, change  # nobody in two stands on one day
        transaction.set_rollback(True)


def test_deleting_a_client_deletes_its_spells(wassenaar):
    person = ClientFactory(municipality=wassenaar)
    BenefitPeriod.objects.create(client=person, municipality=wassenaar, start=date(2024, 1, 1))
    assert Spell.objects.filter(client=person).count() == 1

    person.delete()

    assert not Spell.objects.filter(client_id=person.pk).exists()


def test_other_restart_days_rebuild_the_spells(wassenaar, settings):
    person = ClientFactory(municipality=wassenaar)
    werk = EndReason.objects.get(code="11")
    BenefitPeriod.objects.create(client=person, municipality=wassenaar, start=date(2024, 1, 1),
                                 end=date(2024, 1, 31), end_reason=werk)  # fmt: skip
    BenefitPeriod.objects.create(client=person, municipality=wassenaar, start=date(2024, 2, 20))
    assert Spell.objects.filter(client=person).count() == 1  # 20 days: one spell

    settings.OPSTAP_REPORT_RESTART_DAYS = 10
    ensure_spells()

    assert SpellRule.objects.get().restart_days == 10
    assert stored() == expected(gap=10)
    assert Spell.objects.filter(client=person).count() == 2
    # The triggers use the days the table was built with.
    BenefitPeriod.objects.filter(client=person, start=date(2024, 2, 20)).update(
        start=date(2024, 2, 5)
    )
    assert Spell.objects.filter(client=person).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_transactions_changing_one_client_leave_the_right_spells(wassenaar):
    """The second transaction waits for the first and recomputes with its periods."""
    ensure_spells()
    person = ClientFactory(municipality=wassenaar)
    # Earlier transactional tests may have flushed the code tables.
    werk, _ = EndReason.objects.get_or_create(
        code="11", defaults={"description": "Werk", "group": "werk"}
    )
    BenefitPeriod.objects.create(client=person, municipality=wassenaar, start=date(2024, 1, 1),
                                 end=date(2024, 1, 31), end_reason=werk)  # fmt: skip
    first_written, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first():
        try:
            with transaction.atomic():
                BenefitPeriod.objects.create(client=person, municipality=wassenaar,
                                             start=date(2024, 2, 15), end=date(2024, 3, 31),
                                             end_reason=werk)  # fmt: skip
                first_written.set()
                release.wait(10)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    def second():
        try:
            first_written.wait(10)
            BenefitPeriod.objects.create(client=person, municipality=wassenaar,
                                         start=date(2024, 4, 10))  # fmt: skip
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_written.wait(10)
    time.sleep(0.5)  # the second insert is now waiting for the first transaction
    release.set()
    for thread in threads:
        thread.join(20)

    assert errors == []
    assert stored() == expected()
    assert [(s.start, s.end) for s in Spell.objects.filter(client=person)] == [
        (date(2024, 1, 1), None)
    ]


def test_a_new_consulent_moves_the_client_in_the_breakdown(wassenaar, consulent):
    from reporting.queries import Month, month_figures

    person = ClientFactory(municipality=wassenaar, consulent=None)
    BenefitPeriod.objects.create(client=person, municipality=wassenaar, start=date(2024, 1, 1))
    march = Month.of(date(2024, 3, 1))
    assert month_figures(municipality_id=wassenaar.pk, month=march)["consulent"] == {"": 1}

    Client.objects.filter(pk=person.pk).update(consulent=consulent)

    assert month_figures(municipality_id=wassenaar.pk, month=march)["consulent"] == {
        str(consulent.pk): 1
    }
    assert copied_columns_differ() == 0


def test_the_database_runs_the_trigger_function_of_spells_py():
    """reporting/spells.py is what the code reads; the migrations hold frozen copies. A change
    to the one without a migration that installs it would leave the database on the old rule."""
    from reporting.spells import PERIOD_TRIGGERS_SQL

    written = PERIOD_TRIGGERS_SQL.split("LANGUAGE plpgsql AS $$", 1)[1].split("$$;", 1)[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'reporting_refresh_spells'")
        assert cursor.fetchone()[0] == written
