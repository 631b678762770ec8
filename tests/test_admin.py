"""The beheerder's admin: their own organisation's tables editable, records kept by services
read-only, code tables shared by every organisation read-only (tests/test_admin_scope.py has the
scoping itself)."""

import pytest

pytestmark = pytest.mark.django_db

READ_ONLY = [
    "clients/accesslog",
    "clients/contactnote",
    "clients/ontheffing",
    "categorisation/assessment",
    "categorisation/ladderstep",
    "trajectories/trajectory",
    "trajectories/premiumpayment",
    "plans/plan",
    "reporting/reportrun",
    # Shared by every organisation: only a superuser changes them.
    "clients/endreason",
    "categorisation/unit",
    "trajectories/trajectorytype",
    "trajectories/provider",
]
EDITABLE = ["categorisation/category", "budgets/budgetyear", "budgets/distributionkey"]


def test_beheerder_sees_records_but_cannot_add_them_in_the_admin(client, beheerder):
    client.force_login(beheerder)
    for path in READ_ONLY:
        assert client.get(f"/admin/{path}/").status_code == 200, path
        assert client.get(f"/admin/{path}/add/").status_code == 403, path
    for path in EDITABLE:
        assert client.get(f"/admin/{path}/add/").status_code == 200, path


def test_a_superuser_adds_to_the_shared_code_tables(client, organisation):
    from tests.factories import UserFactory

    superuser = UserFactory(organisation=organisation, is_staff=True, is_superuser=True)
    client.force_login(superuser)
    for path in ("clients/endreason", "trajectories/provider", "trajectories/trajectorytype"):
        assert client.get(f"/admin/{path}/add/").status_code == 200, path
