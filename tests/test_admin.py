"""The beheerder's admin: code tables editable, records kept by services read-only."""

import pytest

pytestmark = pytest.mark.django_db

READ_ONLY = [
    "clients/accesslog",
    "categorisation/assessment",
    "categorisation/ladderstep",
    "trajectories/trajectory",
    "trajectories/premiumpayment",
    "plans/plan",
]
EDITABLE = ["clients/endreason", "categorisation/category", "trajectories/provider"]


def test_beheerder_sees_records_but_cannot_add_them_in_the_admin(client, beheerder):
    client.force_login(beheerder)
    for path in READ_ONLY:
        assert client.get(f"/admin/{path}/").status_code == 200, path
        assert client.get(f"/admin/{path}/add/").status_code == 403, path
    for path in EDITABLE:
        assert client.get(f"/admin/{path}/add/").status_code == 200, path
