"""Every build of a month is kept: the page shows the current version, lists the earlier ones with
what changed ("Uitstroom 1 → 0"), opens each in full, and the downloads name their version."""

import csv
import io
from datetime import date
from unittest import mock

import pytest
from django.utils import timezone

from organisations.roles import MANAGER
from reporting import services
from reporting.models import ReportRun, ReportVersion
from reporting.tests.test_views import page_figures
from reporting.versions import changes
from tests.factories import BenefitPeriodFactory, ClientFactory, UserFactory, end_reason

pytestmark = pytest.mark.django_db
OCTOBER = date(2026, 10, 1)


def build_on(day: date, run: ReportRun) -> None:
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.QUEUED)  # a request
    with mock.patch.object(timezone, "localdate", return_value=day):
        services.build_report(run_id=run.pk)
    run.refresh_from_db()


@pytest.fixture
def two_versions(wassenaar):
    """Built on 1 November after an end on 25 October (voorlopig, uitstroom 1); the client
    restarts on 10 November; built again on 1 December (definitief, uitstroom 0)."""
    person = ClientFactory(municipality=wassenaar)
    BenefitPeriodFactory(client=person, municipality=wassenaar, start=date(2026, 1, 5),
                         end=date(2026, 10, 25), end_reason=end_reason("11"))  # fmt: skip
    run = ReportRun.objects.create(
        municipality=wassenaar, month=OCTOBER, requested_at=timezone.now()
    )
    build_on(date(2026, 11, 1), run)
    BenefitPeriodFactory(client=person, municipality=wassenaar, start=date(2026, 11, 10))
    build_on(date(2026, 12, 1), run)
    return run


def test_a_rebuild_keeps_the_earlier_version(two_versions):
    first, second = ReportVersion.objects.filter(run=two_versions).order_by("number")
    assert (first.number, first.figures["uitstroom"], first.data_date) == (1, 1, date(2026, 11, 1))
    assert (second.number, second.figures["uitstroom"], second.data_date) == (2, 0, date(2026, 12, 1))  # fmt: skip
    assert two_versions.figures == second.figures  # the run holds the newest
    changed = {str(c) for c in changes(first.figures, second.figures)}
    assert {"Uitstroom 1 → 0", "Stand eind van de maand 0 → 1"} <= changed
    assert "Instroom 0 → 0" not in changed


def test_the_page_shows_the_current_version_and_opens_earlier_ones(client, manager, two_versions, wassenaar):  # fmt: skip
    client.force_login(manager)
    base = f"/rapportages/{wassenaar.pk}/2026/10/"

    html = client.get(base).content.decode()
    assert 'data-version="2"' in html
    assert page_figures(html)["Uitstroom"] == "0"
    assert 'data-finality="definitief"' in html
    assert '<a href="?versie=1">Versie 1</a>' in html
    assert "Uitstroom 1 → 0" in html

    html = client.get(base + "?versie=1").content.decode()
    assert "U bekijkt versie 1; de huidige versie is 2." in html
    assert page_figures(html)["Uitstroom"] == "1"
    assert 'data-finality="voorlopig"' in html
    assert "cijfer=" not in html  # no drill-down into today's data from an old version

    response = client.get(base + "csv/?versie=1")
    assert "maandrapportage-0629-2026-10-v1-voorlopig.csv" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][-1] == "versie"
    assert {line[-1] for line in lines[1:]} == {"1"}
    assert {line[4] for line in lines[1:] if line[3] == "Uitstroom"} == {"1"}
    response = client.get(base + "xlsx/")
    assert "maandrapportage-0629-2026-10-v2-definitief.xlsx" in response["Content-Disposition"]

    assert client.get(base + "?versie=3").status_code == 404
    assert client.get(base + "?versie=x").status_code == 404
    assert client.get(base + "csv/?versie=3").status_code == 404


def test_a_manager_of_another_municipality_cannot_open_a_version(client, organisation, voorschoten, two_versions, wassenaar):  # fmt: skip
    client.force_login(UserFactory(organisation=organisation, roles=[MANAGER], scope=[voorschoten]))
    base = f"/rapportages/{wassenaar.pk}/2026/10/"
    for url in ["?versie=1", "csv/?versie=1", "xlsx/?versie=1"]:
        assert client.get(base + url).status_code == 404
    assert not ReportVersion.objects.for_user(UserFactory(organisation=organisation, roles=[MANAGER], scope=[voorschoten])).exists()  # fmt: skip
