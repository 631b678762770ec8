import io

import pytest
from django.core.management import call_command
from stdnum.nl import bsn

from clients.models import BenefitPeriod, Client
from organisations.models import Municipality, User

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "clients": list(
            Client.objects.order_by("bsn").values_list(
                "bsn",
                "first_names",
                "prefix",
                "last_name",
                "date_of_birth",
                "municipality__cbs_code",
                "consulent__username",
                "household",
                "statushouder",
            )
        ),
        "periods": list(
            BenefitPeriod.objects.order_by("client__bsn", "start").values_list(
                "client__bsn", "municipality__cbs_code", "start", "end", "end_reason__code"
            )
        ),
    }


def test_seed_demo_makes_the_requested_counts_with_valid_bsns():
    out = io.StringIO()
    call_command("seed_demo", clients=300, seed=7, stdout=out)

    assert Client.objects.count() == 300
    assert all(bsn.is_valid(value) for value in Client.objects.values_list("bsn", flat=True))
    assert set(Municipality.objects.values_list("name", flat=True)) == {
        "Leidschendam-Voorburg",
        "Wassenaar",
        "Voorschoten",
    }
    # Every client has a benefit history; none of a client's periods overlap (the DB refuses).
    assert BenefitPeriod.objects.values("client").distinct().count() == 300
    for username in ("consulent.wassenaar", "manager", "beheerder"):
        assert User.objects.get(username=username).check_password("opstap-demo-2026")
        assert username in out.getvalue()


def test_same_seed_gives_the_same_data_and_another_seed_does_not():
    call_command("seed_demo", clients=200, seed=11, stdout=io.StringIO())
    first = _snapshot()
    call_command("seed_demo", clients=200, seed=11, reset=True, stdout=io.StringIO())
    assert _snapshot() == first
    call_command("seed_demo", clients=200, seed=12, reset=True, stdout=io.StringIO())
    assert _snapshot() != first


def test_seed_demo_refuses_to_run_twice_without_reset():
    from django.core.management.base import CommandError

    call_command("seed_demo", clients=10, stdout=io.StringIO())
    with pytest.raises(CommandError, match="--reset"):
        call_command("seed_demo", clients=10, stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", clients=10, if_empty=True, stdout=out)
    assert "staan er al" in out.getvalue()
    assert Client.objects.count() == 10


def test_demo_roles_log_in_and_see_their_navigation(client):
    call_command("seed_demo", clients=50, stdout=io.StringIO())
    expectations = {
        "consulent.wassenaar": ("Mijn caseload", "Beheer"),
        "manager": ("Overzicht", "Mijn caseload"),
        "beheerder": ("Beheer", "Mijn caseload"),
    }
    for username, (shown, hidden) in expectations.items():
        response = client.post("/inloggen/", {"username": username, "password": "opstap-demo-2026"})
        assert response.status_code == 302, username
        page = client.get("/", follow=True).content.decode()
        assert f">{shown}<" in page, username
        assert f">{hidden}<" not in page, username
        client.logout()


def test_a_reset_leaves_no_history_of_the_old_demo_and_the_new_one_has_none():
    """Ids restart after a reset, so old events would show in a new client's history."""
    from history.models import EVENT_MODELS

    call_command("seed_demo", clients=100, seed=3, stdout=io.StringIO())
    person = Client.objects.first()
    Client.objects.filter(pk=person.pk).update(first_names="Anna")
    assert EVENT_MODELS[Client].objects.filter(pgh_obj_id=person.pk).exists()

    call_command("seed_demo", clients=100, seed=3, reset=True, stdout=io.StringIO())

    assert not any(event.objects.exists() for event in EVENT_MODELS.values())
    # Changes after the load are recorded again.
    Client.objects.filter(pk=person.pk).update(first_names="Bea")
    assert EVENT_MODELS[Client].objects.filter(pgh_obj_id=person.pk).exists()


def test_a_reset_keeps_the_code_tables_the_migrations_seeded():
    """The shared code tables (the law's minimum age, end reasons, kinds ...) are seeded by data
    migrations; a reset that emptied them would leave the demo refusing every benefit."""
    from django.contrib import admin

    from clients.models import BenefitRule, EndReason
    from organisations.admin_scope import SharedCodeTableAdmin
    from reporting.management.commands.seed_demo import KEEP_MODELS

    shared = {
        model for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SharedCodeTableAdmin)
    }  # fmt: skip
    assert shared <= set(KEEP_MODELS), shared - set(KEEP_MODELS)

    before = {model: model.objects.count() for model in shared}
    call_command("seed_demo", clients=20, seed=3, stdout=io.StringIO())
    call_command("seed_demo", clients=20, seed=3, reset=True, stdout=io.StringIO())
    assert {model: model.objects.count() for model in shared} == before
    assert BenefitRule.objects.exists()
    assert EndReason.objects.exists()
