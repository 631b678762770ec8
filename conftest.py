"""Fixtures shared by every test: one organisation with the three demo municipalities, and
users per role and scope."""

import pytest

from organisations.roles import BEHEERDER, CONSULENT, MANAGER
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Werk en Inkomen Leidschendam-Voorburg")


@pytest.fixture
def lv(organisation):
    return MunicipalityFactory(
        organisation=organisation, name="Leidschendam-Voorburg", cbs_code="1916"
    )


@pytest.fixture
def wassenaar(organisation):
    return MunicipalityFactory(organisation=organisation, name="Wassenaar", cbs_code="0629")


@pytest.fixture
def voorschoten(organisation):
    return MunicipalityFactory(organisation=organisation, name="Voorschoten", cbs_code="0626")


@pytest.fixture
def consulent(organisation, wassenaar):
    """A consulent of Wassenaar only."""
    return UserFactory(
        username="consulent.w", organisation=organisation, roles=[CONSULENT], scope=[wassenaar]
    )


@pytest.fixture
def consulent_voorschoten(organisation, voorschoten):
    return UserFactory(
        username="consulent.v", organisation=organisation, roles=[CONSULENT], scope=[voorschoten]
    )


@pytest.fixture
def manager(organisation, lv, wassenaar, voorschoten):
    return UserFactory(
        username="manager",
        organisation=organisation,
        roles=[MANAGER],
        scope=[lv, wassenaar, voorschoten],
    )


@pytest.fixture
def beheerder(organisation, lv, wassenaar, voorschoten):
    return UserFactory(
        username="beheerder",
        organisation=organisation,
        roles=[BEHEERDER],
        scope=[lv, wassenaar, voorschoten],
        is_staff=True,
    )


@pytest.fixture
def consulent_client(client, consulent):
    """pytest-django's test client, logged in as the Wassenaar consulent."""
    client.force_login(consulent)
    return client
