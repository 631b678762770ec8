"""Issue 16, items 1, 4 and 7 (the admin): Django's admin scoped like the case screens.

Two organisations each get a world with a row of every model the admin shows. The test walks
`admin.site._registry` the way tests/test_authorisation_matrix.py walks the URLconf: as the first
organisation's beheerder, the other organisation's object of every ModelAdmin is a 404 on its
change, delete and history pages (and its password page for a user), and absent from the
changelist, while a superuser opens it (so the URLs are right). A meta-test fails when a newly
registered admin does not derive from the scoping base in organisations/admin_scope.py.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from budgets.models import BudgetLine, BudgetYear, DistributionKey, DistributionShare
from categorisation.models import Assessment, Category, LadderStep, Unit
from categorisation.services import assess_client, record_ladder_step
from clients.admin import LogsClientAccess
from clients.models import (
    AccessAction,
    AccessLog,
    Client,
    ContactKind,
    ContactNote,
    Ontheffing,
    OntheffingReason,
)
from clients.services import add_note, add_ontheffing, update_client
from organisations.admin_scope import ScopedAdminMixin, ScopedModelAdmin
from organisations.models import Municipality, Organisation, User
from organisations.roles import BEHEERDER, CONSULENT, MANAGER
from plans.models import Action, Plan
from plans.services import add_action, add_goal, create_plan
from reporting.models import ReportRun
from tests.factories import (
    BenefitPeriodFactory,
    ClientFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.test_authorisation_matrix import _path_to_client
from trajectories.models import PremiumPayment, Provider, Trajectory, TrajectoryType
from trajectories.premiums import record_due_premiums
from trajectories.services import plan_trajectory, start_trajectory

pytestmark = pytest.mark.django_db

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


# The registry walk.


def test_every_registered_admin_is_scoped():
    """The meta-test: a new ModelAdmin (or inline) that does not say how its model reaches an
    organisation fails here, unless it is a third-party admin a beheerder cannot open at all."""
    unscoped = []
    for model, model_admin in _scoped_admins():
        if not isinstance(model_admin, ScopedAdminMixin):
            unscoped.append(model._meta.label)
        for inline in model_admin.inlines:
            if not issubclass(inline, ScopedAdminMixin):
                unscoped.append(f"{model._meta.label} inline {inline.__name__}")
            else:
                inline(model, admin.site)  # checks the declared path
    assert not unscoped, f"admins without organisation scoping: {unscoped}"


def test_every_admin_of_client_data_writes_the_access_log():
    missing = [
        model._meta.label
        for model, model_admin in _scoped_admins()
        if _path_to_client(model) and not isinstance(model_admin, LogsClientAccess)
    ]
    assert not missing, f"admins showing client data without the access log: {missing}"


def test_an_admin_without_a_scope_or_with_a_wrong_path_does_not_start():
    class Unscoped(ScopedModelAdmin):
        pass

    class WrongPath(ScopedModelAdmin):
        organisation_path = "consulent"

    for admin_class in (Unscoped, WrongPath):
        with pytest.raises(ImproperlyConfigured):
            admin_class(Client, admin.site)


def test_the_superuser_only_admins_refuse_a_beheerder(client, organisation, lv):
    everything = UserFactory(organisation=organisation, roles=[CONSULENT, MANAGER, BEHEERDER],
                             scope=[lv], is_staff=True)  # fmt: skip
    client.force_login(everything)
    registered = {model._meta.label: model for model in admin.site._registry}
    for label in SUPERUSER_ONLY:
        assert client.get(_changelist(registered[label])).status_code == 403, label


def test_another_organisations_object_is_a_404_on_every_admin(client, beheerder, own, foreign):
    client.force_login(beheerder)
    wrong = []
    for model, model_admin in _scoped_admins():
        if model_admin.shared_code_table:
            continue  # no organisation: read-only, see the next test
        obj = foreign.get(model)
        assert obj is not None, f"add a {model._meta.label} to the worlds of this test"
        views = ["change", "delete", "history"] + (["password"] if model is User else [])
        for view in views:
            for method in ("get", "post"):
                response = getattr(client, method)(_url(obj, view))
                if response.status_code != 404:
                    wrong.append(f"{method.upper()} {_url(obj, view)}: {response.status_code}")
        body = client.get(_changelist(model)).content.decode()
        if _url(obj) in body:
            wrong.append(f"{_changelist(model)} lists {obj!r}")
    assert not wrong, "\n".join(wrong)
    assert not AccessLog.objects.filter(user=beheerder, client=foreign[Client]).exists()


def test_a_superuser_opens_every_object_of_the_walk(client, superuser, foreign):
    """The walk's URLs are the right ones: whoever may, gets the page and the row in the list."""
    client.force_login(superuser)
    for model, model_admin in _scoped_admins():
        if model_admin.shared_code_table:
            continue
        obj = foreign[model]
        assert client.get(_url(obj)).status_code == 200, _url(obj)
        assert client.get(_url(obj, "history")).status_code == 200, _url(obj, "history")
        assert _url(obj) in client.get(_changelist(model)).content.decode(), model


def test_no_admin_page_names_anything_of_another_organisation(client, beheerder, own, foreign):
    """Changelists (with their filters) and add forms (with their choices) alike."""
    client.force_login(beheerder)
    wrong = []
    for model, _model_admin in _scoped_admins():
        for path in (_changelist(model), _changelist(model) + "add/"):
            response = client.get(path)
            body = response.content.decode()
            wrong += [f"{path} shows {name}" for name in FOREIGN.values() if name in body]
    assert not wrong, "\n".join(wrong)


def test_autocompletes_offer_nothing_of_another_organisation(client, beheerder, superuser, foreign):
    lookups = [
        ("organisations", "user", "municipalities", FOREIGN["municipality"]),
        ("organisations", "municipality", "organisation", FOREIGN["organisation"]),
        ("clients", "client", "consulent", FOREIGN["user"]),
    ]
    for user, expected in ((superuser, True), (beheerder, False)):
        client.force_login(user)
        for app_label, model_name, field_name, name in lookups:
            response = client.get(
                "/admin/autocomplete/",
                {
                    "app_label": app_label,
                    "model_name": model_name,
                    "field_name": field_name,
                    "term": name.split()[0],
                },
            )
            assert response.status_code == 200
            found = name in str(response.json()["results"])
            assert found == expected, (user, app_label, model_name, field_name)


def test_the_shared_code_tables_are_read_only_for_a_beheerder(client, beheerder):
    client.force_login(beheerder)
    shared = [m for m, model_admin in _scoped_admins() if model_admin.shared_code_table]
    assert {m._meta.label for m in shared} >= {
        "trajectories.TrajectoryType", "trajectories.Provider", "clients.EndReason",
        "categorisation.Unit",
    }  # fmt: skip
    for model in shared:
        obj = model._default_manager.first() or Provider.objects.create(
            name="Gedeeld", kind="extern"
        )
        assert client.get(_url(obj)).status_code == 200  # seen, to choose from
        before = str(obj)
        assert client.post(_url(obj), {"name": "Gewijzigd"}).status_code == 403, model
        assert client.get(_url(obj, "delete")).status_code == 403, model
        obj.refresh_from_db()
        assert str(obj) == before
    shared_category = Category.objects.filter(organisation__isnull=True).first()
    assert client.post(_url(shared_category), {"name": "Gewijzigd"}).status_code == 403


def test_a_municipality_in_the_scope_of_another_beheerder_stays_out_of_reach(
    client, organisation, wassenaar, own
):
    """Per-municipality rows follow the beheerder's municipalities, as on the case screens."""
    beheerder_w = UserFactory(organisation=organisation, roles=[BEHEERDER], scope=[wassenaar],
                              is_staff=True)  # fmt: skip
    client.force_login(beheerder_w)
    assert client.get(_url(own[Client])).status_code == 404
    assert client.get(_url(own[ContactNote])).status_code == 404
    assert _url(own[Client]) not in client.get(_changelist(Client)).content.decode()


# Foreign ids posted into foreign-key and raw-id fields.


def test_a_beheerder_cannot_move_a_municipality_to_another_organisation(
    client, beheerder, wassenaar, foreign, organisation
):
    client.force_login(beheerder)
    data = _form_data(client.get(_url(wassenaar)))
    assert data["organisation"] == str(organisation.pk)
    data["organisation"] = foreign[Organisation].pk
    response = client.post(_url(wassenaar), data)
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    wassenaar.refresh_from_db()
    assert wassenaar.organisation == organisation


def test_a_client_cannot_be_moved_into_another_organisations_municipality(
    client, beheerder, own, foreign
):
    person = own[Client]
    client.force_login(beheerder)
    data = _form_data(client.get(_url(person)))
    data["municipality"] = foreign[Municipality].pk
    response = client.post(_url(person), data)
    assert "Selecteer een geldige keuze" in response.content.decode()
    person.refresh_from_db()
    assert person.municipality.name == "Leidschendam-Voorburg"
    assert person.version == 1


def test_a_foreign_consulent_posted_into_the_raw_id_field_is_refused(
    client, beheerder, own, foreign
):
    person = own[Client]
    client.force_login(beheerder)
    data = _form_data(client.get(_url(person)))
    data["consulent"] = foreign[User].pk
    response = client.post(_url(person), data)
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    person.refresh_from_db()
    assert person.consulent == own[User]


def test_no_contact_note_is_written_through_the_admin(client, beheerder, own, foreign):
    """Not on another organisation's client, not under another user's name: notes are
    written on the client file, by whoever is logged in."""
    client.force_login(beheerder)
    before = ContactNote.objects.count()
    for person, author in ((foreign[Client], foreign[User]), (own[Client], own[User])):
        response = client.post(
            "/admin/clients/contactnote/add/",
            {
                "client": person.pk,
                "author": author.pk,
                "date": TODAY.isoformat(),
                "kind": ContactKind.PHONE,
                "text": "Vervalst",
            },
        )
        assert response.status_code == 403
    assert ContactNote.objects.count() == before


def test_a_budget_year_cannot_use_another_organisations_key(
    client, beheerder, organisation, own, foreign
):
    client.force_login(beheerder)
    data = {
        "organisation": organisation.pk,
        "year": "2040",
        "key": foreign[DistributionKey].pk,
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    response = client.post("/admin/budgets/budgetyear/add/", data)
    assert "Selecteer een geldige keuze" in response.content.decode()
    response = client.post(
        "/admin/budgets/budgetyear/add/",
        data | {"organisation": foreign[Organisation].pk, "key": own[DistributionKey].pk},
    )
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not BudgetYear.objects.filter(year=2040).exists()
    response = client.post(
        "/admin/budgets/budgetyear/add/", data | {"key": own[DistributionKey].pk}
    )
    assert response.status_code == 302  # the control: with their own key it is saved
    assert BudgetYear.objects.get(year=2040).organisation == organisation


def test_a_key_cannot_share_out_to_another_organisations_municipality(
    client, beheerder, organisation, foreign
):
    client.force_login(beheerder)
    response = client.post(
        "/admin/budgets/distributionkey/add/",
        {
            "organisation": organisation.pk,
            "name": "Met vreemde gemeente",
            "method": "vast",
            "shares-TOTAL_FORMS": "1",
            "shares-INITIAL_FORMS": "0",
            "shares-MIN_NUM_FORMS": "0",
            "shares-MAX_NUM_FORMS": "1000",
            "shares-0-municipality": foreign[Municipality].pk,
            "shares-0-percentage": "100",
        },
    )
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not DistributionKey.objects.filter(name="Met vreemde gemeente").exists()


def test_a_category_is_made_for_the_own_organisation_only(client, beheerder, organisation, foreign):
    client.force_login(beheerder)
    unit = Unit.objects.first()
    data = {"code": "Z9", "name": "Nieuwe categorie", "unit": unit.pk, "sort_order": "1",
            "active": "on"}  # fmt: skip
    for organisation_id, message in (
        (foreign[Organisation].pk, "Selecteer een geldige keuze"),
        ("", "Dit veld is verplicht"),  # empty would make it the shared default
    ):
        response = client.post(
            "/admin/categorisation/category/add/", data | {"organisation": organisation_id}
        )
        assert message in response.content.decode()
    assert not Category.objects.filter(code="Z9").exists()
    response = client.post(
        "/admin/categorisation/category/add/", data | {"organisation": organisation.pk}
    )
    assert response.status_code == 302
    assert Category.objects.get(code="Z9").organisation == organisation


# Users: no escalation, no reach into another organisation.


def test_a_beheerder_cannot_make_themselves_superuser(client, beheerder):
    client.force_login(beheerder)
    page = client.get(_url(beheerder))
    assert 'name="is_superuser"' not in page.content.decode()
    data = _form_data(page)
    permission = Permission.objects.get(codename="add_group")
    data |= {"is_superuser": "on", "is_staff": "", "user_permissions": [permission.pk]}
    response = client.post(_url(beheerder), data)
    assert response.status_code == 302
    beheerder.refresh_from_db()
    assert not beheerder.is_superuser
    assert beheerder.is_staff  # "is_staff" emptied: not theirs to change either
    assert not beheerder.user_permissions.exists()


def test_a_beheerder_grants_only_the_roles_of_opstap(client, beheerder, own):
    consulent = own[User]
    powerful = Group.objects.create(name="superbeheer")
    powerful.permissions.set(Permission.objects.all())
    client.force_login(beheerder)
    data = _form_data(client.get(_url(consulent)))
    response = client.post(_url(consulent), data | {"groups": [powerful.pk]})
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not consulent.groups.filter(name="superbeheer").exists()
    manager = Group.objects.get(name=MANAGER)
    assert client.post(_url(consulent), data | {"groups": [manager.pk]}).status_code == 302
    assert set(consulent.groups.values_list("name", flat=True)) == {MANAGER}


def test_groups_set_by_a_superuser_survive_a_beheerders_save(client, beheerder, own):
    consulent = own[User]
    special = Group.objects.create(name="speciaal")
    consulent.groups.add(special)
    client.force_login(beheerder)
    page = client.get(_url(consulent))
    assert "speciaal" not in page.content.decode()  # not among the choices offered
    data = _form_data(page)
    # What the browser posts: the selected options of the choices it was offered.
    data["groups"] = [pk for pk in data["groups"] if pk != str(special.pk)]
    data["last_name"] = "Hernoemd"
    assert client.post(_url(consulent), data).status_code == 302
    assert consulent.groups.filter(name="speciaal").exists()


def test_a_user_gets_no_municipality_or_organisation_of_another_organisation(
    client, beheerder, own, foreign, organisation
):
    consulent = own[User]
    client.force_login(beheerder)
    data = _form_data(client.get(_url(consulent)))
    for change in (
        {"municipalities": [foreign[Municipality].pk]},
        {"organisation": foreign[Organisation].pk},
    ):
        response = client.post(_url(consulent), data | change)
        assert "Selecteer een geldige keuze" in response.content.decode()
    consulent.refresh_from_db()
    assert consulent.organisation == organisation
    assert list(consulent.municipalities.values_list("name", flat=True)) == [
        "Leidschendam-Voorburg"
    ]


def test_another_organisations_password_cannot_be_set(client, beheerder, foreign):
    stranger = foreign["beheerder"]
    client.force_login(beheerder)
    response = client.post(
        _url(stranger, "password"),
        {"password1": "Overgenomen-2026!", "password2": "Overgenomen-2026!"},
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.check_password("correct-horse-battery")


def test_a_superuser_of_the_own_organisation_is_out_of_a_beheerders_reach(
    client, beheerder, organisation
):
    root = UserFactory(organisation=organisation, is_staff=True, is_superuser=True)
    client.force_login(beheerder)
    assert client.get(_url(root)).status_code == 404
    assert client.post(_url(root, "password"), {}).status_code == 404
    assert _url(root) not in client.get(_changelist(User)).content.decode()


# Client data in the admin: versioning and the access log, as on the case screens.


def test_an_admin_save_of_a_client_bumps_the_version_and_is_logged(client, beheerder, own):
    person = own[Client]
    client.force_login(beheerder)
    data = _form_data(client.get(_url(person)))
    data["last_name"] = "Anders"
    response = client.post(_url(person), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.last_name, person.version) == ("Anders", 2)
    update = AccessLog.objects.get(user=beheerder, client=person, action=AccessAction.UPDATE)
    assert "achternaam" in update.detail
    assert update.client_version == 2


def test_an_admin_save_on_a_form_someone_else_saved_meanwhile_is_refused(client, beheerder, own):
    person = own[Client]
    client.force_login(beheerder)
    data = _form_data(client.get(_url(person)))
    update_client(client=person, data={"first_names": "Bea"}, version=1, by=own[User])
    data["last_name"] = "Anders"
    response = client.post(_url(person), data)
    assert response.status_code == 200
    assert "gewijzigd nadat u het formulier opende" in response.content.decode()
    person.refresh_from_db()
    assert (person.first_names, person.last_name, person.version) == ("Bea", "Eigenaar", 2)


def test_a_save_racing_the_form_check_gets_a_message_not_a_500(client, beheerder, own, monkeypatch):
    """Someone saves between the form's version check and the admin's save."""
    from clients import admin as clients_admin

    person = own[Client]
    client.force_login(beheerder)
    data = _form_data(client.get(_url(person)))

    def someone_else_first(**kwargs):
        Client.objects.filter(pk=person.pk).update(first_names="Bea", version=2)
        return update_client(**kwargs)

    monkeypatch.setattr(clients_admin.services, "update_client", someone_else_first)
    response = client.post(_url(person), data | {"last_name": "Anders"}, follow=True)
    assert response.status_code == 200
    assert "Niet opgeslagen: De cliënt is intussen gewijzigd." in response.content.decode()
    # Nothing of the admin's form went in. (The other save ran inside the admin's transaction
    # here, so it was rolled back with it; in life it is another transaction and stays.)
    person.refresh_from_db()
    assert person.last_name == "Eigenaar"


def test_the_admin_reassigns_a_client_through_the_service(client, beheerder, own, lv):
    person = own[Client]
    other = UserFactory(organisation=person.organisation, roles=[CONSULENT], scope=[lv])
    client.force_login(beheerder)
    data = _form_data(client.get(_url(person)))
    assert client.post(_url(person), data | {"consulent": other.pk}).status_code == 302
    person.refresh_from_db()
    assert person.consulent == other
    assert AccessLog.objects.filter(
        user=beheerder, client=person, action=AccessAction.UPDATE, detail__contains="Toegewezen"
    ).exists()


def test_the_client_changelist_logs_one_row_per_client_shown(client, beheerder, own, foreign, lv):
    shown = [own[Client], ClientFactory(municipality=lv), ClientFactory(municipality=lv)]
    client.force_login(beheerder)
    before = AccessLog.objects.count()
    response = client.get(_changelist(Client))
    assert response.status_code == 200
    rows = AccessLog.objects.order_by("pk")[before:]
    assert sorted(row.client_id for row in rows) == sorted(person.pk for person in shown)
    assert {(row.user, row.action) for row in rows} == {(beheerder, AccessAction.SEARCH)}


def test_every_admin_page_that_shows_a_client_writes_the_access_log(client, beheerder, own):
    client.force_login(beheerder)
    silent = []
    for model, model_admin in _scoped_admins():
        if not isinstance(model_admin, LogsClientAccess):
            continue
        obj = own[model]
        person = model_admin.client_of(obj)
        logged = AccessLog.objects.filter(client=person, user=beheerder)
        for path in (_changelist(model), _url(obj), _url(obj, "history")):
            before = logged.count()
            assert client.get(path).status_code == 200, path
            if logged.count() == before:
                silent.append(path)
    assert not silent, f"admin pages that showed a client without logging it: {silent}"


def test_a_bsn_outside_the_beheerders_scope_gets_the_neutral_refusal(
    client, organisation, wassenaar, own
):
    """No membership oracle in the admin either: the same answer as the client form."""
    elsewhere = own[Client]  # Leidschendam-Voorburg
    beheerder_w = UserFactory(organisation=organisation, roles=[BEHEERDER], scope=[wassenaar],
                              is_staff=True)  # fmt: skip
    mine = ClientFactory(municipality=wassenaar)
    same_scope = ClientFactory(municipality=wassenaar)
    client.force_login(beheerder_w)
    data = _form_data(client.get(_url(mine)))
    body = client.post(_url(mine), data | {"bsn": elsewhere.bsn}).content.decode()
    assert "Dit BSN kan hier niet worden geregistreerd" in body
    assert "Er is al een cliënt met dit BSN" not in body
    assert AccessLog.objects.filter(user=beheerder_w, client=elsewhere, result="geweigerd").exists()
    body = client.post(_url(mine), data | {"bsn": same_scope.bsn}).content.decode()
    assert "Er is al een cliënt met dit BSN" in body
    mine.refresh_from_db()
    assert mine.version == 1


# No BSN in the admin's URLs.


def test_the_admin_client_search_takes_no_bsn(client, beheerder, own):
    person = own[Client]
    client.force_login(beheerder)
    before = AccessLog.objects.count()
    response = client.get(_changelist(Client), {"q": person.bsn})
    assert response.status_code == 302
    assert person.bsn not in response["Location"]
    assert AccessLog.objects.count() == before  # nothing was searched, nothing shown
    page = client.get(response["Location"]).content.decode()
    assert "Zoeken op BSN kan niet in het beheer" in page
    assert person.bsn not in page
    assert person.masked_bsn in page


def test_the_admin_client_search_finds_by_number_and_by_name(client, beheerder, own, lv):
    person = own[Client]
    other = ClientFactory(municipality=lv, last_name="Zonderling")
    client.force_login(beheerder)
    for term in (str(person.pk), "eigen", "Eigenaar"):
        body = client.get(_changelist(Client), {"q": term}).content.decode()
        assert _url(person) in body, term
        assert _url(other) not in body, term
