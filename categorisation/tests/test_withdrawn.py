"""Withdrawn assessments and ladder steps on the file's categorisation history (issue 19): still
listed, struck through with who withdrew them, when and why; not counted as the category in force
or as doorstroom."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from categorisation import services
from categorisation.models import Assessment, Category, LadderStep
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def category(code: str) -> Category:
    return Category.objects.get(organisation__isnull=True, code=code)


def withdraw_on_the_page(consulent_client, entry, kind: str, reason: str) -> str:
    url = reverse("clients:entry_withdraw", args=[entry.client_id, entry.pk]) + f"?soort={kind}"
    file = reverse("clients:client_detail", args=[entry.client_id])
    assert url in consulent_client.get(file).content.decode()
    response = consulent_client.post(url, {"reason": reason})
    assert response.status_code == 302
    response = consulent_client.get(file)
    assert response.status_code == 200
    return response.content.decode()


def test_a_withdrawn_assessment_is_struck_through_and_the_one_before_counts_again(
    consulent_client, consulent, wassenaar
):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    services.assess_client(client=person, day=TODAY - timedelta(days=60), category=category("1B"),
                           estimated_months=6, reason="", by=consulent)  # fmt: skip
    wrong = services.assess_client(client=person, day=TODAY - timedelta(days=10),
                                   category=category("1C"), estimated_months=18,
                                   reason="Verkeerd", by=consulent)  # fmt: skip
    page = withdraw_on_the_page(consulent_client, wrong, "beoordeling", "Andere cliënt bedoeld")
    day = (TODAY - timedelta(days=10)).strftime("%d-%m-%Y")
    name = consulent.get_full_name() or consulent.username
    assert f"<del><strong>{day}</strong> · 1C (18 mnd)" in page
    assert f"Ingetrokken door {name} op {TODAY:%d-%m-%Y}" in page
    assert "Andere cliënt bedoeld" in page
    assert '<p class="mb-1"><strong>1B</strong>' in page  # the category in force again
    # The withdrawn one has no Intrekken link of its own any more; the one in force does.
    link = reverse("clients:entry_withdraw", args=[person.pk, wrong.pk])
    assert link not in page
    assert Assessment.all_objects.filter(client=person).count() == 2


def test_a_withdrawn_ladder_step_is_struck_through_and_no_doorstroom(
    consulent_client, consulent, wassenaar
):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    services.record_ladder_step(client=person, day=TODAY - timedelta(days=90), trede=2, reason="",
                                by=consulent)  # fmt: skip
    step = services.record_ladder_step(client=person, day=TODAY - timedelta(days=5), trede=4,
                                       reason="", by=consulent)  # fmt: skip
    file = reverse("clients:client_detail", args=[person.pk])
    assert consulent_client.get(file).content.decode().count(">doorstroom<") == 1
    page = withdraw_on_the_page(consulent_client, step, "trede", "Trede verkeerd ingevoerd")
    assert page.count(">doorstroom<") == 0  # withdrawn: no longer a step up
    assert "<del><strong>" in page
    assert "Trede verkeerd ingevoerd" in page
    assert LadderStep.objects.filter(client=person).count() == 1
