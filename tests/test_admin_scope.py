"""Issue 16, items 1, 4 and 7 (the admin): Django's admin scoped like the case screens.

Two organisations each get a world with a row of every model the admin shows. The test walks
`admin.site._registry` the way tests/test_authorisation_matrix.py walks the URLconf: as the first
organisation's beheerder, the other organisation's object of every ModelAdmin is a 404 on its
change, delete and history pages (and its password page for a user), and absent from the
changelist, while a superuser opens it (so the URLs are right). A meta-test fails when a newly
registered admin does not derive from the scoping base in organisations/admin_scope.py.
"""

# ruff: noqa: F811 (the fixtures of admin_world.py, imported by name)

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured

from agenda.models import Appointment, CalendarToken
from budgets.models import BudgetYear, DistributionKey
from categorisation.models import Category, Unit
from clients.admin import LogsClientAccess
from clients.models import (
    AccessLog,
    Client,
    ContactKind,
    ContactNote,
)
from contacts.models import ContactDetails, ContactPerson
from organisations.admin_scope import ScopedAdminMixin, ScopedModelAdmin
from organisations.models import Municipality, Organisation, User
from organisations.roles import BEHEERDER, CONSULENT, MANAGER
from tests.admin_world import (  # noqa: F401 (fixtures)
    FOREIGN,
    SUPERUSER_ONLY,
    TODAY,
    _changelist,
    _form_data,
    _scoped_admins,
    _url,
    foreign,
    own,
    superuser,
)
from tests.factories import (
    UserFactory,
)
from tests.test_authorisation_matrix import _path_to_client
from trajectories.models import Provider

pytestmark = pytest.mark.django_db


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


# Appointments and contact data (issue 18): functioneel beheer looks, the file changes them.


def test_appointments_and_contact_data_are_shown_but_not_changed_in_the_admin(
    client, beheerder, own
):
    """The case screens' services keep the history, the rules and the access log: the admin
    shows the rows (and logs that it did), and refuses to add, change or delete them."""
    client.force_login(beheerder)
    for model in (Appointment, ContactDetails, ContactPerson):
        obj = own[model]
        assert _url(obj) in client.get(_changelist(model)).content.decode(), model
        logged = AccessLog.objects.filter(user=beheerder, client=own[Client]).count()
        response = client.get(_url(obj))
        assert response.status_code == 200, model
        assert 'name="_save"' not in response.content.decode(), model
        assert AccessLog.objects.filter(user=beheerder, client=own[Client]).count() == logged + 1
        assert client.post(_url(obj), {}).status_code == 403, model
        assert client.post(_url(obj, "delete"), {"post": "yes"}).status_code == 403, model
        assert client.get(_changelist(model) + "add/").status_code == 403, model
        assert model.objects.filter(pk=obj.pk).exists()


def test_a_beheerder_revokes_a_colleagues_calendar_feed(client, beheerder, own):
    """A lost phone: deleting the token in the admin ends the feed's URL at once."""
    token = own[CalendarToken]
    client.force_login(beheerder)
    body = client.get(_changelist(CalendarToken)).content.decode()
    assert "Eigengebruiker" in body
    assert token.digest not in body
    assert client.get(_url(token)).status_code == 200
    assert token.digest not in client.get(_url(token)).content.decode()
    response = client.post(_url(token, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarToken.objects.filter(pk=token.pk).exists()
    assert client.get(_changelist(CalendarToken) + "add/").status_code == 403
