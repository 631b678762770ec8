"""What the report versions keep of a person (reporting/as_of.py) goes with the person: retention
removes an anonymised client's kept rows in its own transaction, the versions' figures stay, and
their drill-downs say how many rows they no longer show. States no version can read are pruned."""

from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from clients import extensions
from clients.models import BenefitPeriod, Client, EndReason
from organisations.roles import CONSULENT, MANAGER
from reporting.as_of import KEPT_TABLES, prune_kept_rows
from reporting.models import KeptSpell, ReportRun, ReportVersion
from reporting.tests.test_drill import MARCH, build_on, every_figure, listed
from security.retention import anonymise_client
from tests.factories import BenefitPeriodFactory, ClientFactory, UserFactory


def kept_rows_of(client_id: int) -> int:
    with connection.cursor() as cursor:
        counts = [
            cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE client_id = %s", [client_id]).fetchone()[0]  # noqa: S608
            for table in KEPT_TABLES
        ]  # fmt: skip
    return sum(counts)


@pytest.mark.django_db
def test_retention_removes_the_kept_rows_and_the_old_list_says_so(client, history, wassenaar, voorschoten, organisation):  # fmt: skip
    run = ReportRun.objects.create(municipality=wassenaar, month=MARCH, requested_at=timezone.now())  # fmt: skip
    version = build_on(date(2025, 5, 1), run)
    # A correction after the build leaves an earlier state of Eva in the kept rows.
    BenefitPeriod.objects.filter(client=history["Eva"]).update(end=date(2025, 2, 10))
    figures = every_figure(version)
    eva = history["Eva"]
    assert kept_rows_of(eva.pk) >= 3  # two states of her spell, an assessment, a trajectory
    eva_counted = {key for key in figures if listed(version, key) == figures[key]}

    anonymise_client(client=eva)

    assert kept_rows_of(eva.pk) == 0
    assert kept_rows_of(history["Al"].pk) > 0  # nobody else's
    version.refresh_from_db()
    assert every_figure(version) == figures  # the stored figures stay
    # Eva ended by werk in March: uitstroom lists one row fewer than its figure, and says why.
    assert listed(version, "uitstroom") == figures["uitstroom"] - 1
    assert {key for key in figures if listed(version, key) == figures[key]} < eva_counted
    client.force_login(UserFactory(organisation=organisation, roles=[MANAGER, CONSULENT], scope=[wassenaar]))  # fmt: skip
    html = client.get(f"/rapportages/{wassenaar.pk}/2025/3/clienten/?cijfer=uitstroom&versie=1").content.decode()  # fmt: skip
    assert f'data-rows="{figures["uitstroom"] - 1}"' in html
    assert 'data-erased="1"' in html
    assert "1 rij niet getoond: cliënt geanonimiseerd (bewaartermijn)." in html
    assert "data-outside" not in html

    # Cas (uitstroom by verhuizing) now lives in Voorschoten, outside a Wassenaar manager's scope:
    # the page tells the two apart.
    Client.objects.filter(pk=history["Cas"].pk).update(municipality=voorschoten)
    html = client.get(f"/rapportages/{wassenaar.pk}/2025/3/clienten/?cijfer=uitstroom&versie=1").content.decode()  # fmt: skip
    assert f'data-rows="{figures["uitstroom"] - 2}"' in html
    assert 'data-outside="1">1 rij valt buiten uw bereik</span>;' in html
    assert 'data-erased="1"' in html


@pytest.mark.django_db
def test_the_kept_rows_stay_when_the_anonymising_fails(history, wassenaar, monkeypatch):
    run = ReportRun.objects.create(municipality=wassenaar, month=MARCH, requested_at=timezone.now())  # fmt: skip
    build_on(date(2025, 5, 1), run)
    before = kept_rows_of(history["Bo"].pk)

    def fails(client_id):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(extensions, "client_erasures", [*extensions.client_erasures, fails])
    monkeypatch.setattr("security.retention.client_erasures", extensions.client_erasures)
    with pytest.raises(RuntimeError):
        anonymise_client(client=history["Bo"])

    assert kept_rows_of(history["Bo"].pk) == before > 0


@pytest.mark.django_db(transaction=True)
def test_pruning_removes_only_states_no_version_saw(wassenaar):
    person = ClientFactory(municipality=wassenaar)
    period = BenefitPeriodFactory(client=person, municipality=wassenaar, start=date(2025, 1, 6))
    run = ReportRun.objects.create(municipality=wassenaar, month=MARCH, requested_at=timezone.now())  # fmt: skip
    version = build_on(date(2025, 5, 1), run)
    # Two corrections, each committed: the state between them was never seen by a version.
    # (An earlier transactional test may have flushed the code tables.)
    werk, _ = EndReason.objects.get_or_create(code="11", defaults={"description": "Werk", "group": "werk"})  # fmt: skip
    for end in (date(2025, 3, 14), date(2025, 3, 21)):
        BenefitPeriod.objects.filter(pk=period.pk).update(end=end, end_reason=werk)
    states = KeptSpell.objects.filter(client_id=person.pk)
    assert sorted(states.values_list("end", flat=True), key=str) == [date(2025, 3, 14), date(2025, 3, 21), None]  # fmt: skip

    assert prune_kept_rows() == 1

    # What the version saw (running) and what is there now stay; the version still lists its figure.
    assert sorted(states.values_list("end", flat=True), key=str) == [date(2025, 3, 21), None]
    figures = every_figure(ReportVersion.objects.get(pk=version.pk))
    assert figures["stand_eind"] == 1
    assert {key: listed(version, key) for key in figures} == figures
    assert prune_kept_rows() == 0
