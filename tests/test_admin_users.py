"""The admin (issue 16): users without escalation or reach into another organisation, client data
versioned and logged as on the case screens, and no BSN in the admin's URLs. The worlds are
those of test_admin_scope.py (tests/admin_world.py)."""

# ruff: noqa: F811 (the fixtures of admin_world.py, imported by name)

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from clients.admin import LogsClientAccess
from clients.models import (
    AccessAction,
    AccessLog,
    Client,
)
from clients.services import update_client
from organisations.models import Municipality, Organisation, User
from organisations.roles import BEHEERDER, CONSULENT, MANAGER
from tests.admin_world import (  # noqa: F401 (fixtures)
    _changelist,
    _form_data,
    _scoped_admins,
    _url,
    foreign,
    own,
)
from tests.factories import (
    ClientFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


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
