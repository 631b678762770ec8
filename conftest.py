"""Fixtures shared by every test: one organisation with the three demo municipalities, and
users per role and scope. Also keeps every log line the test run writes, for the check that no
BSN is logged (security/tests/test_no_bsn.py, which runs last)."""

import logging

import pytest

from organisations.roles import BEHEERDER, CONSULENT, MANAGER
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from tests.run_log import RUN_LOG


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


def pytest_configure(config):
    logging.getLogger().addHandler(RUN_LOG)


def pytest_collection_modifyitems(session, config, items):
    """The scan of the run's log goes last, after everything it scans."""
    last = [item for item in items if item.get_closest_marker("scans_run_log")]
    items[:] = [item for item in items if item not in last] + last
