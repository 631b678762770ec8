"""Two organisations, each with a world of one row of every model the admin shows, for the admin's
scoping tests (test_admin_scope.py, test_admin_users.py)."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.contrib import admin
from django.utils import timezone

from agenda.feed import new_token
from agenda.models import Appointment, AppointmentKind, CalendarToken
from agenda.services import plan_appointment
from approvals.models import ApprovalRequest, ApprovalRule
from budgets.models import BudgetLine, BudgetYear, DistributionKey, DistributionShare
from categorisation.models import Assessment, Category, LadderStep, Unit
from categorisation.services import assess_client, record_ladder_step
from clients.models import (
    AccessLog,
    Client,
    ContactKind,
    ContactNote,
    Ontheffing,
    OntheffingReason,
)
from clients.services import add_note, add_ontheffing
from contacts.models import ContactDetails, ContactPerson, Role
from contacts.services import add_contact_person, record_contact_details
from documents.models import Document
from documents.services import add_generated_document
from letters.models import Letter, Letterhead, LetterTemplate
from letters.seed import seed_templates
from letters.services import send_letter_from_template
from measures.models import GedragingKind, Maatregel, MaatregelRule
from organisations.models import CorrectionRule, Municipality, Organisation, User
from organisations.roles import BEHEERDER, CONSULENT
from plans.models import Action, Plan
from plans.services import add_action, add_goal, create_plan
from reporting.models import ReportRun, ReportVersion
from tests.factories import (
    BenefitPeriodFactory,
    ClientFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
)
from trajectories.models import PremiumPayment, Provider, Trajectory, TrajectoryType
from trajectories.premiums import record_due_premiums
from trajectories.services import plan_trajectory, start_trajectory

TODAY = timezone.localdate()
# Third-party admins a beheerder has no permission for at all (the role's permissions cover
# Opstap's own apps only); test_the_superuser_only_admins_refuse_a_beheerder proves it.
SUPERUSER_ONLY = {
    "auth.Group",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "otp_totp.TOTPDevice",
}
# Names of the other organisation's world: none may show on any admin page of the beheerder.
FOREIGN = {
    "organisation": "Verre Organisatie",
    "municipality": "Verweg",
    "client": "Vreemdeling",
    "user": "Vreemdgebruiker",
    "category": "Vreemde categorie",
    "key": "Vreemde sleutel",
}


def _world(*, organisation, municipality, names: dict, year: int) -> dict:
    """A consulent and a client with a row of every kind the admin shows, keyed by model."""
    consulent = UserFactory(
        organisation=organisation,
        roles=[CONSULENT],
        scope=[municipality],
        first_name=names["user"],
        last_name="Consulent",
    )
    person = ClientFactory(
        municipality=municipality, last_name=names["client"], consulent=consulent
    )
    start = TODAY - timedelta(days=400)
    BenefitPeriodFactory(client=person, start=start)
    ontheffing = add_ontheffing(client=person, reason=OntheffingReason.MEDICAL, start=start,
                                end=None, remark="", by=consulent)  # fmt: skip
    note = add_note(client=person, on=start, kind=ContactKind.PHONE, text="Verslag", by=consulent)
    assessment = assess_client(client=person, day=start, estimated_months=30, reason="",
                               by=consulent,
                               category=Category.objects.get(organisation__isnull=True, code="2A"))  # fmt: skip
    step = record_ladder_step(client=person, day=start, trede=2, reason="", by=consulent)
    trajectory = plan_trajectory(
        client=person,
        kind=TrajectoryType.objects.get(code="participatiebaan"),
        provider=Provider.objects.get_or_create(name="Aanbieder", kind="extern")[0],
        municipality=municipality,
        planned_start=start,
        planned_end=start + timedelta(days=700),
        by=consulent,
    )
    start_trajectory(trajectory=trajectory, on=start, by=consulent)
    record_due_premiums(trajectory=trajectory, today=TODAY)
    plan = create_plan(client=person, by=consulent)
    add_goal(plan=plan, text="Werk vinden", by=consulent)
    add_action(plan=plan, description="Solliciteren", owner=Action.Owner.CLIENT,
               due_date=TODAY, by=consulent)  # fmt: skip
    key = DistributionKey.objects.create(organisation=organisation, name=names["key"])
    DistributionShare.objects.create(key=key, municipality=municipality, percentage=Decimal(100))
    budget_year = BudgetYear.objects.create(organisation=organisation, year=year, key=key)
    BudgetLine.objects.create(budget_year=budget_year, name="Trajecten", amount=Decimal(1000),
                              kind=BudgetLine.Kind.STRUCTURAL, sort_order=0)  # fmt: skip
    category = Category.objects.create(organisation=organisation, code="X1",
                                       name=names["category"], unit=Unit.objects.first())  # fmt: skip
    document = add_generated_document(client=person, kind_code="overig", description="Stuk",
                                      on=start, content=b"%PDF-1.4\n", name="stuk.pdf",
                                      by=consulent)  # fmt: skip
    seed_templates(LetterTemplate, organisation.pk)
    letter = send_letter_from_template(client=person, code="bevestiging-afspraken", by=consulent)
    appointment = plan_appointment(client=person, consulent=consulent,
                                   kind=AppointmentKind.objects.first(), day=start,
                                   start=time(10), end=time(11), place="kantoor", by=consulent)  # fmt: skip
    new_token(user=consulent)
    details = record_contact_details(client=person, valid_from=start, by=consulent,
                                     data={"street": "Kerkstraat", "house_number": 1,
                                           "postcode": "2242 AB", "city": names["client"]})  # fmt: skip
    contact_person = add_contact_person(client=person, by=consulent,
                                        data={"role": Role.MENTOR, "name": names["client"],
                                              "start": start})  # fmt: skip
    run = ReportRun.objects.create(municipality=municipality, month=TODAY.replace(day=1),
                                   requested_at=timezone.now())  # fmt: skip
    return {
        Organisation: organisation,
        Municipality: municipality,
        User: consulent,
        Client: person,
        Ontheffing: ontheffing,
        ContactNote: note,
        AccessLog: AccessLog.objects.filter(client=person).first(),
        Assessment: assessment,
        LadderStep: step,
        Trajectory: trajectory,
        PremiumPayment: PremiumPayment.objects.filter(trajectory=trajectory).first(),
        Plan: plan,
        DistributionKey: key,
        BudgetYear: budget_year,
        Category: category,
        ReportRun: run,
        ReportVersion: ReportVersion.objects.create(
            run=run, number=1, figures={}, data_date=TODAY, built_at=timezone.now()
        ),
        ApprovalRule: ApprovalRule.objects.create(organisation=organisation, kind="eenheid"),
        CorrectionRule: CorrectionRule.objects.create(organisation=organisation, kind="doel"),
        MaatregelRule: MaatregelRule.objects.create(
            organisation=organisation,
            valid_from=start,
            category=1,
            percentage=Decimal(5),
            months=1,
            repeat_percentage=Decimal(10),
            repeat_months=1,
        ),
        Maatregel: Maatregel.objects.create(
            client=person,
            kind=GedragingKind.objects.first(),
            gedraging_on=start,
            description=names["client"],
            recorded_by=consulent,
        ),
        ApprovalRequest: ApprovalRequest.objects.create(
            client=person,
            kind="eenheid",
            effective=start,
            summary="1C naar 3A",
            requested_by=consulent,
        ),
        Document: document,
        LetterTemplate: LetterTemplate.objects.filter(organisation=organisation).first(),
        Letterhead: Letterhead.objects.create(organisation=organisation, sender=names["key"]),
        Letter: letter,
        Appointment: appointment,
        CalendarToken: CalendarToken.objects.get(user=consulent),
        ContactDetails: details,
        ContactPerson: contact_person,
    }


@pytest.fixture
def own(organisation, lv):
    return _world(
        organisation=organisation,
        municipality=lv,
        names={
            "user": "Eigengebruiker",
            "client": "Eigenaar",
            "category": "Eigen categorie",
            "key": "Eigen sleutel",
        },
        year=2030,
    )


@pytest.fixture
def foreign(db):
    organisation = OrganisationFactory(name=FOREIGN["organisation"])
    municipality = MunicipalityFactory(
        organisation=organisation, name=FOREIGN["municipality"], cbs_code="0903"
    )
    world = _world(organisation=organisation, municipality=municipality, names=FOREIGN, year=2031)
    world["beheerder"] = UserFactory(organisation=organisation, roles=[BEHEERDER],
                                     scope=[municipality], is_staff=True)  # fmt: skip
    return world


@pytest.fixture
def superuser(organisation):
    return UserFactory(organisation=None, is_staff=True, is_superuser=True, username="root")


def _url(obj, view: str = "change") -> str:
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/{view}/"


def _changelist(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def _scoped_admins():
    for model, model_admin in admin.site._registry.items():
        if model._meta.label not in SUPERUSER_ONLY:
            yield model, model_admin


def _form_data(response) -> dict:
    """What the admin's change form would post back unchanged, inlines included."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(inline.formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                data[form.add_prefix(name)] = "on"
            elif isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(item) for item in value]
            else:
                data[form.add_prefix(name)] = str(value)
    return data
