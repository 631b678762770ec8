"""The lifecycle and every rule of a trajectory, each refused with its Dutch message."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from categorisation.models import Assessment, Category
from clients.models import AccessLog
from tests.factories import ClientFactory
from trajectories import services
from trajectories.models import Outcome, Status, Trajectory, TrajectoryRule, TrajectoryType
from trajectories.tests.helpers import kind, plan, run

pytestmark = pytest.mark.django_db

DOMAIN_TYPES = {
    "participatiebaan",
    "leerwerkplek",
    "taaltraject",
    "bbz_voorbereidingsjaar",
    "proefplaatsing",
    "loonkostensubsidie",
    "jobcoach",
    "scholing",
    "sollicitatietraining",
    "map",
    "beschut_werk",
    "vrijwilligerswerk",
    "sociale_activering",
    "digivaardigheid",
    "duaal_traject",
}


def messages(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


@pytest.fixture
def anna(wassenaar, consulent):
    """40 years old in 2025, a client of the Wassenaar consulent."""
    return ClientFactory(
        municipality=wassenaar, consulent=consulent, date_of_birth=date(1985, 5, 17)
    )


def test_every_type_of_the_domain_is_seeded_with_rules():
    assert set(TrajectoryType.objects.values_list("code", flat=True)) == DOMAIN_TYPES
    rule = kind("participatiebaan").rule_on(date(2026, 1, 1))
    assert (rule.max_duration_months, rule.extension_months, rule.max_extensions) == (24, 12, 2)
    assert (rule.min_age, rule.evaluation_months, rule.yearly_capacity) == (27, 9, 500)
    assert (rule.premium_amount, rule.premium_interval_months) == (Decimal("600.00"), 6)
    assert kind("proefplaatsing").rule_on(date(2026, 1, 1)).max_duration_months == 3
    assert kind("bbz_voorbereidingsjaar").rule_on(date(2026, 1, 1)).max_duration_months == 12
    assert kind("leerwerkplek").rule_on(date(2026, 1, 1)).max_age == 27
    beschut = kind("beschut_werk").rule_on(date(2026, 1, 1))
    assert list(beschut.allowed_categories.values_list("code", flat=True)) == ["2B"]


def test_the_rule_in_force_is_the_latest_valid_from_on_or_before_the_day():
    participatiebaan = kind("participatiebaan")
    TrajectoryRule.objects.create(
        type=participatiebaan,
        valid_from=date(2027, 1, 1),
        direction="werk",
        max_duration_months=24,
        premium_amount=Decimal("650.00"),
        premium_interval_months=6,
    )
    assert participatiebaan.rule_on(date(2026, 12, 31)).premium_amount == Decimal("600.00")
    assert participatiebaan.rule_on(date(2027, 1, 1)).premium_amount == Decimal("650.00")
    assert participatiebaan.rule_on(date(2014, 12, 31)) is None


def test_a_trajectory_runs_from_request_to_work(anna, consulent):
    trajectory = plan(anna, "participatiebaan", date(2025, 1, 6), date(2026, 1, 5), consulent)
    assert trajectory.status == Status.REQUESTED
    assert trajectory.consulent == consulent
    services.start_trajectory(trajectory=trajectory, on=date(2025, 1, 13), by=consulent)
    services.end_trajectory(
        trajectory=trajectory, on=date(2025, 11, 30), outcome=Outcome.PART_TIME, by=consulent
    )
    trajectory.refresh_from_db()
    assert (trajectory.status, trajectory.outcome) == (Status.COMPLETED, Outcome.PART_TIME)
    assert (trajectory.actual_start, trajectory.actual_end) == (
        date(2025, 1, 13),
        date(2025, 11, 30),
    )
    assert trajectory.version == 3
    log = list(
        AccessLog.objects.filter(client=anna).order_by("at").values_list("detail", flat=True)
    )
    assert log[0].startswith("Traject Participatiebaan (art. 10a) aangevraagd")
    assert log[1] == "Traject Participatiebaan (art. 10a) gestart per 13-01-2025"
    assert log[-1].endswith("beëindigd per 30-11-2025: werk deeltijd")


def test_drop_out_ends_as_aborted_and_a_request_can_be_withdrawn(anna, consulent):
    running = run(anna, "jobcoach", date(2025, 3, 1), date(2025, 9, 1), consulent)
    services.end_trajectory(trajectory=running, on=date(2025, 4, 1), outcome="uitval", by=consulent)
    requested = plan(anna, "scholing", date(2025, 6, 1), date(2025, 12, 1), consulent)
    services.cancel_trajectory(trajectory=requested, by=consulent)
    assert Trajectory.objects.get(pk=running.pk).status == Status.ABORTED
    withdrawn = Trajectory.objects.get(pk=requested.pk)
    assert (withdrawn.status, withdrawn.outcome, withdrawn.actual_start) == (
        Status.ABORTED,
        "",
        None,
    )


@pytest.mark.parametrize(
    ("setup", "action", "message"),
    [
        ("completed", "start", "Een traject met status afgerond kan niet naar lopend."),
        ("running", "start", "Een traject met status lopend kan niet naar lopend."),
        ("requested", "end", "Een traject met status aangevraagd kan niet naar afgerond."),
        ("aborted", "end", "Een traject met status afgebroken kan niet naar afgerond."),
        ("running", "cancel", "Een lopend traject wordt beëindigd met een resultaat"),
        ("completed", "cancel", "Een traject met status afgerond kan niet naar afgebroken."),
    ],
)
def test_moves_outside_the_lifecycle_are_refused(anna, consulent, setup, action, message):
    trajectory = plan(anna, "jobcoach", date(2025, 3, 1), date(2025, 9, 1), consulent)
    if setup in ("running", "completed"):
        services.start_trajectory(trajectory=trajectory, on=date(2025, 3, 1), by=consulent)
    if setup == "completed":
        services.end_trajectory(
            trajectory=trajectory, on=date(2025, 6, 1), outcome="opleiding", by=consulent
        )
    if setup == "aborted":
        services.cancel_trajectory(trajectory=trajectory, by=consulent)
    before = Trajectory.objects.get(pk=trajectory.pk)
    actions = {
        "start": lambda: services.start_trajectory(
            trajectory=trajectory, on=date(2025, 7, 1), by=consulent
        ),
        "end": lambda: services.end_trajectory(
            trajectory=trajectory, on=date(2025, 7, 1), outcome="opleiding", by=consulent
        ),
        "cancel": lambda: services.cancel_trajectory(trajectory=trajectory, by=consulent),
    }
    with pytest.raises(ValidationError) as error:
        actions[action]()
    assert message in messages(error)
    after = Trajectory.objects.get(pk=trajectory.pk)
    assert (after.status, after.version) == (before.status, before.version)


def test_end_before_start_is_refused(anna, consulent):
    trajectory = run(anna, "jobcoach", date(2025, 3, 10), date(2025, 9, 1), consulent)
    with pytest.raises(ValidationError) as error:
        services.end_trajectory(
            trajectory=trajectory, on=date(2025, 3, 9), outcome="uitval", by=consulent
        )
    assert error.value.message_dict["on"] == ["De einddatum ligt vóór de start (10-03-2025)."]


def test_planned_end_before_planned_start_is_refused(anna, consulent):
    with pytest.raises(ValidationError) as error:
        plan(anna, "jobcoach", date(2025, 3, 10), date(2025, 3, 9), consulent)
    assert error.value.message_dict["planned_end"] == [
        "Het geplande einde ligt vóór de geplande start."
    ]
    assert not Trajectory.objects.exists()


def test_the_database_refuses_an_end_before_the_start(anna, consulent):
    trajectory = run(anna, "jobcoach", date(2025, 3, 10), date(2025, 9, 1), consulent)
    with pytest.raises(IntegrityError), transaction.atomic():
        Trajectory.objects.filter(pk=trajectory.pk).update(
            status=Status.COMPLETED, actual_end=date(2025, 3, 1), outcome="uitval"
        )


def test_longer_than_the_maximum_is_refused(anna, consulent):
    with pytest.raises(ValidationError) as error:
        plan(anna, "proefplaatsing", date(2025, 1, 1), date(2025, 4, 1), consulent)
    assert error.value.message_dict["planned_end"] == [
        "Proefplaatsing (art. 10d) duurt hoogstens 3 maanden: vanaf 01-01-2025 uiterlijk tot en "
        "met 31-03-2025."
    ]
    assert plan(anna, "proefplaatsing", date(2025, 1, 1), date(2025, 3, 31), consulent).pk


def test_a_participatiebaan_is_extended_twice_by_a_year_and_no_more(anna, consulent):
    with pytest.raises(ValidationError) as error:
        plan(anna, "participatiebaan", date(2025, 1, 1), date(2027, 1, 1), consulent)
    assert "Verlengen kan nog 2 keer met 12 maanden." in messages(error)
    trajectory = run(anna, "participatiebaan", date(2025, 1, 1), date(2026, 12, 31), consulent)
    services.extend_trajectory(trajectory=trajectory, by=consulent, approved=True)
    trajectory = services.extend_trajectory(trajectory=trajectory, by=consulent, approved=True)
    assert (trajectory.extensions, trajectory.planned_end) == (2, date(2028, 12, 31))
    with pytest.raises(ValidationError) as error:
        services.extend_trajectory(trajectory=trajectory, by=consulent, approved=True)
    assert "kan hoogstens 2 keer worden verlengd" in messages(error)


def test_ending_after_the_maximum_is_refused(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    trajectory = run(client, "proefplaatsing", date(2025, 1, 1), date(2025, 3, 31), consulent)
    with pytest.raises(ValidationError) as error:
        services.end_trajectory(
            trajectory=trajectory, on=date(2025, 4, 1), outcome="werk_voltijd", by=consulent
        )
    assert "uiterlijk tot en met 31-03-2025" in messages(error)


def test_a_second_running_trajectory_of_the_same_type_is_refused(anna, consulent):
    run(anna, "jobcoach", date(2025, 1, 1), date(2025, 12, 31), consulent)
    second = plan(anna, "jobcoach", date(2025, 6, 1), date(2025, 12, 31), consulent)
    with pytest.raises(ValidationError) as error:
        services.start_trajectory(trajectory=second, on=date(2025, 6, 1), by=consulent)
    assert messages(error) == (
        "De cliënt heeft al een lopend traject Jobcoach sinds 01-01-2025. Beëindig dat eerst."
    )
    # Another type may run alongside it.
    assert run(anna, "scholing", date(2025, 6, 1), date(2025, 12, 31), consulent).is_running


def test_the_database_refuses_two_running_trajectories_of_one_type(anna, consulent):
    run(anna, "jobcoach", date(2025, 1, 1), date(2025, 12, 31), consulent)
    second = plan(anna, "jobcoach", date(2025, 6, 1), date(2025, 12, 31), consulent)
    with pytest.raises(IntegrityError), transaction.atomic():
        Trajectory.objects.filter(pk=second.pk).update(
            status=Status.RUNNING, actual_start=date(2025, 6, 1)
        )


def test_after_ending_the_same_type_can_run_again(anna, consulent):
    first = run(anna, "jobcoach", date(2025, 1, 1), date(2025, 12, 31), consulent)
    services.end_trajectory(trajectory=first, on=date(2025, 5, 31), outcome="uitval", by=consulent)
    assert run(anna, "jobcoach", date(2025, 6, 1), date(2025, 12, 31), consulent).is_running


def test_participatiebaan_is_not_for_clients_under_27_on_the_start_date(consulent, wassenaar):
    young = ClientFactory(municipality=wassenaar, date_of_birth=date(1999, 3, 15))
    trajectory = plan(young, "participatiebaan", date(2026, 3, 15), date(2027, 3, 14), consulent)
    with pytest.raises(ValidationError) as error:
        services.start_trajectory(trajectory=trajectory, on=date(2026, 3, 14), by=consulent)
    assert error.value.message_dict["on"] == [
        "Participatiebaan (art. 10a) is niet mogelijk voor cliënten jonger dan 27 jaar; de cliënt "
        "is op 14-03-2026 26 jaar."
    ]
    with pytest.raises(ValidationError):
        plan(young, "participatiebaan", date(2026, 3, 14), date(2027, 3, 13), consulent)


def test_participatiebaan_may_start_on_the_27th_birthday(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar, date_of_birth=date(1998, 3, 15))
    assert run(client, "participatiebaan", date(2025, 3, 15), date(2026, 3, 14), consulent).pk


def test_a_leerwerkplek_is_for_clients_under_27(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar, date_of_birth=date(1998, 3, 15))
    assert plan(client, "leerwerkplek", date(2025, 3, 14), date(2026, 3, 1), consulent).pk
    with pytest.raises(ValidationError) as error:
        plan(client, "leerwerkplek", date(2025, 3, 15), date(2026, 3, 1), consulent)
    assert "alleen mogelijk voor cliënten jonger dan 27 jaar" in messages(error)


def _assess(client, day, code, by):
    return Assessment.objects.create(
        client=client,
        date=day,
        category=Category.objects.get(organisation__isnull=True, code=code),
        estimated_months=30,
        assessed_by=by,
    )


def test_beschut_werk_needs_category_2b_on_the_start_date(anna, consulent):
    with pytest.raises(ValidationError) as error:
        run(anna, "beschut_werk", date(2025, 2, 1), date(2026, 1, 31), consulent)
    assert "alleen mogelijk bij categorie 2B; de cliënt heeft op 01-02-2025 geen categorie" in (
        messages(error)
    )
    assessment = _assess(anna, date(2025, 1, 1), "2A", consulent)
    with pytest.raises(ValidationError) as error:
        run(anna, "beschut_werk", date(2025, 2, 1), date(2026, 1, 31), consulent)
    assert "de cliënt heeft op 01-02-2025 categorie 2A" in messages(error)
    Assessment.objects.filter(pk=assessment.pk).update(valid_until=date(2025, 3, 1))
    _assess(anna, date(2025, 3, 1), "2B", consulent)
    trajectory = plan(anna, "beschut_werk", date(2025, 3, 1), date(2026, 1, 31), consulent)
    with pytest.raises(ValidationError):  # still 2A the day before
        services.start_trajectory(trajectory=trajectory, on=date(2025, 2, 28), by=consulent)
    assert services.start_trajectory(trajectory=trajectory, on=date(2025, 3, 1), by=consulent).pk


def test_capacity_of_the_year_is_per_municipality(consulent, wassenaar, voorschoten):
    rule = kind("participatiebaan").rule_on(date(2025, 1, 1))
    rule.yearly_capacity = 2
    rule.save()
    clients = [ClientFactory(municipality=wassenaar) for _ in range(4)]
    withdrawn = plan(clients[3], "participatiebaan", date(2025, 2, 1), date(2025, 12, 1), consulent)
    services.cancel_trajectory(trajectory=withdrawn, by=consulent)  # never started: no place
    run(clients[0], "participatiebaan", date(2025, 2, 1), date(2025, 12, 1), consulent)
    ended = run(clients[1], "participatiebaan", date(2025, 3, 1), date(2025, 12, 1), consulent)
    services.end_trajectory(trajectory=ended, on=date(2025, 4, 1), outcome="uitval", by=consulent)
    third = plan(clients[2], "participatiebaan", date(2025, 5, 1), date(2026, 4, 30), consulent)
    with pytest.raises(ValidationError) as error:
        services.start_trajectory(trajectory=third, on=date(2025, 5, 1), by=consulent)
    assert messages(error) == (
        "De 2 plaatsen voor Participatiebaan (art. 10a) in Wassenaar in 2025 zijn allemaal "
        "bezet. Kies een andere startdatum of een ander traject."
    )
    # The next year has new places; so has another municipality this year.
    assert services.start_trajectory(trajectory=third, on=date(2026, 1, 2), by=consulent).pk
    charged_elsewhere = ClientFactory(municipality=wassenaar)
    assert run(
        charged_elsewhere,
        "participatiebaan",
        date(2025, 6, 1),
        date(2025, 12, 1),
        consulent,
        municipality=voorschoten,
    ).pk


def test_a_stale_form_changes_nothing(anna, consulent):
    trajectory = plan(anna, "jobcoach", date(2025, 3, 1), date(2025, 9, 1), consulent)
    services.start_trajectory(trajectory=trajectory, on=date(2025, 3, 1), by=consulent, version=1)
    with pytest.raises(ValidationError) as error:
        services.end_trajectory(
            trajectory=trajectory, on=date(2025, 4, 1), outcome="uitval", by=consulent, version=1
        )
    assert "gewijzigd nadat u het formulier opende" in messages(error)
    assert Trajectory.objects.get(pk=trajectory.pk).status == Status.RUNNING


def test_dates_in_the_future_are_refused(anna, consulent):
    today = timezone.localdate()
    trajectory = plan(anna, "jobcoach", today, today + timedelta(days=90), consulent)
    with pytest.raises(ValidationError) as error:
        services.start_trajectory(trajectory=trajectory, on=today + timedelta(days=1), by=consulent)
    assert "Een startdatum kan niet in de toekomst liggen." in messages(error)
