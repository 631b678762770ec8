"""Fixtures shared by every test: the test database's two roles, one organisation with the three
demo municipalities, and users per role and scope. Also keeps every log line the test run
writes, for the check that no BSN is logged (security/tests/test_no_bsn.py, which runs last)."""

import io
import logging
import os

import pytest
from django.core.management import call_command
from django.db import connections

from organisations.roles import BEHEERDER, CONSULENT, MANAGER
from security.database_roles import database_owner
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from tests.run_log import RUN_LOG


def _as_owner(handle):
    def wrapper(self, *args, **options):
        with database_owner(options.get("database") or "default"):
            return handle(self, *args, **options)

    return wrapper


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Two database roles, as in production (docs/security.md). pytest-django creates and
    migrates the test database as the owner (the configured user); the owner grants the
    application role its rights; then every connection of the tests, the live server's and
    the Celery worker's included, takes on the application role (Django's `assume_role`, SET
    ROLE), so every query of the suite is checked against the production grants.

    Two things run as the owner, as they do outside the tests: the flush after a transactional
    test (TRUNCATE of every table, then pgtrigger installing its triggers) and `seed_demo` (a
    reset TRUNCATEs the history and the access log; `make run` runs it as the owner too)."""
    from django.conf import settings
    from django.core.management.commands import flush

    from reporting.management.commands import seed_demo

    role = settings.OPSTAP_DATABASE_APP_ROLE
    with django_db_blocker.unblock():
        call_command("grant_application_role", role, stdout=io.StringIO())
    connection = connections["default"]
    connection.close()
    connection.settings_dict["OPTIONS"]["assume_role"] = role
    os.environ["OPSTAP_TEST_DATABASE_ROLE"] = role  # for the Celery worker (settings_test)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flush.Command, "handle", _as_owner(flush.Command.handle))
        patch.setattr(seed_demo.Command, "handle", _as_owner(seed_demo.Command.handle))
        yield
    del os.environ["OPSTAP_TEST_DATABASE_ROLE"]
    # pytest-django drops the test database as the owner.
    del connection.settings_dict["OPTIONS"]["assume_role"]
    connection.close()


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
