"""Item 9: the authorisation matrix, walked over the whole URLconf.

Every table's id sequence is moved to the same number N before a world of objects is built in
one municipality (Geheimstad), so that every object of that world has id N: a client, its
benefit period, ontheffing, note, trajectory, premium, plan, goal, action, assessment, report
run, the municipality itself. Every `<int:...>` in every URL (also of apps added later) is then
filled with N, and `year`/`month` with the world's report month. A URL the owner can open is
an object URL of that world; then

- a user of another organisation, and a user of the same organisation scoped to another
  municipality, get a 404 (GET and POST), and neither sees anything of the world;
- a manager scoped to Geheimstad without access to client files gets a 404 where the page
  shows client data;
- anonymous users are sent to the login page (GET and POST).
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, models
from django.utils import timezone

from categorisation.models import Category
from categorisation.services import assess_client, record_ladder_step
from clients.models import Client, ContactKind, OntheffingReason
from clients.services import add_note, add_ontheffing
from organisations.models import ScopedQuerySet
from organisations.roles import BEHEERDER, CONSULENT, MANAGER
from tests.factories import (
    BenefitPeriodFactory,
    ClientFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.urlconf import walk

pytestmark = pytest.mark.django_db

N = 7_700_001
SECRET_NAME = "Geheimnaam"
SECRET_BSN = "111222333"
SENTINELS = (SECRET_NAME, SECRET_BSN, "Geheimstad")
TODAY = timezone.localdate()
REPORT_MONTH = date(TODAY.year, TODAY.month, 1) - timedelta(days=1)
OPEN = {"login", "logout", "health", "admin:login"}
# Query parameters a page needs besides its path.
QUERIES = {
    "clients:entry_withdraw": "?soort=contactmoment",
    "reporting:report_clients": "?cijfer=stand_eind",
    "reporting:report_clients_csv": "?cijfer=stand_eind",
    "reporting:report_clients_xlsx": "?cijfer=stand_eind",
    "deadlines:signal_postpone": f"?soort=goedkeuring&object={N}",  # the world's request
}


def _move_sequences_to(value: int) -> None:
    with connection.cursor() as cursor:
        for model in apps.get_models():
            pk = model._meta.pk
            if isinstance(pk, models.AutoField) and not model._meta.proxy:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s, false)",
                    [model._meta.db_table, pk.column, value],
                )


@pytest.fixture
def world(db):
    """Owner, strangers and one object of every kind, all with id N."""
    from budgets.models import BudgetLine, BudgetYear, DistributionKey, DistributionShare
    from plans.models import Action
    from plans.services import add_action, add_goal, create_plan
    from reporting.models import ReportRun
    from reporting.services import build_report
    from trajectories.models import Provider, TrajectoryType
    from trajectories.premiums import record_due_premiums
    from trajectories.services import plan_trajectory, start_trajectory

    _move_sequences_to(N)
    organisation = OrganisationFactory(name="Geheime organisatie")
    secret = MunicipalityFactory(organisation=organisation, name="Geheimstad", cbs_code="0901")
    other = MunicipalityFactory(organisation=organisation, name="Anderstad", cbs_code="0902")
    elsewhere_org = OrganisationFactory(name="Andere organisatie")
    elsewhere = MunicipalityFactory(organisation=elsewhere_org, name="Elders", cbs_code="0903")
    roles = [CONSULENT, MANAGER, BEHEERDER]  # every permission a role can have
    owner = UserFactory(organisation=organisation, roles=roles, scope=[secret])
    users = {
        "owner": owner,
        "same organisation, other municipality": UserFactory(
            organisation=organisation, roles=roles, scope=[other]
        ),
        "other organisation": UserFactory(
            organisation=elsewhere_org, roles=roles, scope=[elsewhere]
        ),
        "manager without client access": UserFactory(
            organisation=organisation, roles=[MANAGER], scope=[secret]
        ),
    }
    person = ClientFactory(
        municipality=secret, last_name=SECRET_NAME, bsn=SECRET_BSN, consulent=owner
    )
    start = REPORT_MONTH.replace(day=1) - timedelta(days=400)
    BenefitPeriodFactory(client=person, start=start)
    add_ontheffing(client=person, reason=OntheffingReason.MEDICAL, start=start, end=None,
                   remark="", by=owner)  # fmt: skip
    add_note(client=person, on=start, kind=ContactKind.PHONE, text="Geheim verslag", by=owner)
    assess_client(client=person, day=start, estimated_months=30, reason="", by=owner,
                  category=Category.objects.get(organisation__isnull=True, code="2A"))  # fmt: skip
    record_ladder_step(client=person, day=start, trede=2, reason="", by=owner)
    provider = Provider.objects.create(name="Aanbieder N")  # a shared code table
    key = DistributionKey.objects.create(organisation=organisation, name="60/40")
    DistributionShare.objects.create(key=key, municipality=secret, percentage=Decimal(60))
    DistributionShare.objects.create(key=key, municipality=other, percentage=Decimal(40))
    budget_year = BudgetYear.objects.create(organisation=organisation, year=REPORT_MONTH.year,
                                            key=key)  # fmt: skip
    BudgetLine.objects.create(budget_year=budget_year, name="Trajecten", amount=Decimal(1000),
                              kind=BudgetLine.Kind.STRUCTURAL, sort_order=0)  # fmt: skip
    trajectory = plan_trajectory(
        client=person,
        kind=TrajectoryType.objects.get(code="participatiebaan"),
        provider=provider,
        municipality=secret,
        planned_start=start,
        planned_end=start + timedelta(days=700),
        by=owner,
    )
    start_trajectory(trajectory=trajectory, on=start, by=owner)
    record_due_premiums(trajectory=trajectory, today=TODAY)
    plan = create_plan(client=person, by=owner)
    add_goal(plan=plan, text="Werk vinden", by=owner)
    add_action(plan=plan, description="Solliciteren", owner=Action.Owner.CLIENT,
               due_date=TODAY, by=owner)  # fmt: skip
    run = ReportRun.objects.create(municipality=secret, month=REPORT_MONTH.replace(day=1),
                                   requested_at=timezone.now())  # fmt: skip
    build_report(run_id=run.pk)
    from documents.services import add_generated_document

    document = add_generated_document(client=person, kind_code="overig", description="Stuk",
                                      on=start, content=b"%PDF-1.4\n", name="stuk.pdf", by=owner)  # fmt: skip
    assert document.pk == N
    from agenda.models import AppointmentKind
    from agenda.services import plan_appointment

    appointment = plan_appointment(client=person, consulent=owner, day=TODAY,
                                   kind=AppointmentKind.objects.get(code="intake"),
                                   start=time(9), end=time(10), place="kantoor", by=owner)  # fmt: skip
    from contacts.services import add_contact_person, record_contact_details

    details = record_contact_details(client=person, valid_from=start, by=owner,
                                     data={"address_kind": "geen_vast_adres"})  # fmt: skip
    contact = add_contact_person(client=person, by=owner,
                                 data={"role": "mentor", "name": "Mentor N", "start": start})  # fmt: skip
    assert {person.pk, secret.pk, trajectory.pk, plan.pk, appointment.pk} == {N}
    assert {details.pk, contact.pk} == {N}
    from approvals.models import ApprovalRequest

    held = ApprovalRequest.objects.create(client=person, kind="eenheid", effective=start,
                                          payload={}, summary="Van 2A naar 1B", requested_by=owner)  # fmt: skip
    assert held.pk == N
    from measures.models import GedragingKind
    from measures.services import record_gedraging

    maatregel = record_gedraging(client=person, kind=GedragingKind.objects.first(), on=start,
                                 description="Geheim", by=owner)  # fmt: skip
    assert maatregel.pk == N
    return users


def _object_urls() -> list[tuple[str, str]]:
    """Every URL with an int parameter, filled in with the world's ids."""
    urls = []
    for name, route in walk():
        if "(?P" in route or "<int:" not in route or name in OPEN:
            continue
        path = re.sub(r"<int:year>", str(REPORT_MONTH.year), route)
        path = re.sub(r"<int:month>", str(REPORT_MONTH.month), path)
        path = re.sub(r"<int:\w+>", str(N), path)
        path = re.sub(r"<uuid:\w+>", "12345678-1234-5678-1234-567812345678", path)
        path = re.sub(r"<\w+:?\w*>", "x", path)
        urls.append((name, "/" + path + QUERIES.get(name, "")))
    return urls


def _refused(response) -> bool:
    """A 404 (or 405 for a method the URL does not take), or a page of a shared object (a
    provider, an organisation's budget) that shows nothing of the world."""
    if response.status_code in (404, 405):
        return True
    return response.status_code == 200 and not _shows_the_world(response)


def _shows_the_world(response) -> bool:
    body = response.content.decode(errors="replace") if hasattr(response, "content") else ""
    return any(sentinel in body for sentinel in SENTINELS)


def _open_as_owner(client, world):
    client.force_login(world["owner"])
    opened = {}
    for name, path in _object_urls():
        response = client.get(path)
        if response.status_code != 404:  # 405: a POST-only action on an object of the world
            opened[name] = (path, response)
    client.logout()
    return opened


def test_the_world_is_reachable(client, world):
    """The matrix means something only when the owner can open the object URLs."""
    opened = _open_as_owner(client, world)
    missing = sorted(
        name
        for name, _path in _object_urls()
        if name not in opened and not name.startswith("admin:")
    )
    # Every object URL of the apps this world covers opens for its owner.
    covered = ("clients:", "categorisation:", "trajectories:", "plans:", "reporting:", "agenda:",
               "contacts:")  # fmt: skip
    assert not [name for name in missing if name.startswith(covered)], missing
    assert not [name for name in missing if name.startswith(("approvals:", "measures:"))], missing
    assert not [name for name in missing if name.startswith(("documents:", "letters:"))], missing
    assert len(opened) >= 25


@pytest.mark.parametrize(
    "stranger", ["same organisation, other municipality", "other organisation"]
)
def test_strangers_get_a_404_for_every_object_url(client, world, stranger):
    opened = _open_as_owner(client, world)
    client.force_login(world[stranger])
    wrong = []
    for name, (path, _owner_response) in opened.items():
        if name.startswith("admin:"):
            continue  # the admin: tests/test_admin.py and the scoped admin querysets
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if not _refused(response):
                wrong.append(f"{method.upper()} {name} {path}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


# Pages a manager reaches by an explicit permission, which show a client's name (never more).
MANAGER_MAY = {
    # clients.reassign_consulent: a teamleider assigns a client without opening the file.
    "clients:client_reassign",
}


def test_a_manager_without_client_access_gets_a_404_on_client_data(client, world):
    opened = _open_as_owner(client, world)
    client.force_login(world["manager without client access"])
    wrong = []
    for name, (path, _owner_response) in opened.items():
        if name.startswith("admin:"):
            continue
        response = client.get(path)
        body = response.content.decode(errors="replace")
        if SECRET_BSN in body or (SECRET_NAME in body and name not in MANAGER_MAY):
            wrong.append(f"{name} {path}: {response.status_code} shows the client")
        on_a_file = name.startswith("clients:") and name not in MANAGER_MAY
        if on_a_file and response.status_code not in (403, 404, 405):
            wrong.append(f"{name} {path}: {response.status_code} on a client file")
    assert not wrong, "\n".join(wrong)


def test_anonymous_users_are_sent_to_login_for_get_and_post(client, world):
    wrong = []
    for name, path in _object_urls():
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            location = response.get("Location", "")
            if response.status_code != 302 or not (
                "/inloggen/" in location or "/admin/login/" in location
            ):
                wrong.append(f"{method.upper()} {name} {path}: {response.status_code} {location}")
    assert not wrong, "\n".join(wrong)


def _path_to_client(model, seen=()) -> bool:
    """Does this model hold client data: is it Client, or does it point at a model that does?"""
    if model is Client:
        return True
    for field in model._meta.get_fields():
        if (
            isinstance(field, models.ForeignKey | models.OneToOneField)
            and field.related_model not in seen
            and field.related_model is not model
            and _path_to_client(field.related_model, (*seen, model))
        ):
            return True
    return False


def _scope_reaches_a_municipality(model, scope_path: str) -> bool:
    from organisations.models import Municipality

    current = model
    for part in scope_path.split("__"):
        if part == "pk":
            return current is Municipality
        field = current._meta.get_field(part)
        current = field.related_model
        if current is None:
            return False
    return current is Municipality


def test_every_model_with_client_data_is_scoped_to_a_municipality():
    """A new model that refers to a client (directly or through another model) needs a
    ScopedQuerySet whose scope_path leads to a Municipality."""
    unscoped = []
    for model in apps.get_models():
        if not _path_to_client(model):
            continue
        queryset = model._default_manager.all()
        if not isinstance(queryset, ScopedQuerySet) or not _scope_reaches_a_municipality(
            model, queryset.scope_path
        ):
            unscoped.append(model._meta.label)
    assert not unscoped, f"client data without municipality scoping: {unscoped}"
