"""Item 2: five failed logins for a username from one address lock it for five minutes."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests/factories.py


def _login(client, username, password, ip="10.1.2.3"):
    return client.post("/inloggen/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, username, times, ip="10.1.2.3"):
    for _ in range(times):
        response = _login(client, username, "fout-wachtwoord", ip)
        assert response.status_code in (200, 429)


def test_five_failures_lock_the_account_with_a_dutch_message(client, consulent):
    _fail(client, consulent.username, 4)
    _fail(client, consulent.username, 1)
    response = _login(client, consulent.username, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Er is te vaak een verkeerd wachtwoord ingevuld" in html
    assert "probeer het over 5 minuten opnieuw" in html
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, consulent):
    _fail(client, consulent.username, 4)
    response = _login(client, consulent.username, PASSWORD)
    assert response.status_code == 302
    # A successful login starts the count again.
    assert not AccessAttempt.objects.filter(username=consulent.username).exists()


def test_the_lock_ends_after_five_minutes(client, consulent):
    _fail(client, consulent.username, 5)
    assert _login(client, consulent.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=5, seconds=1))
    assert _login(client, consulent.username, PASSWORD).status_code == 302


def test_the_lock_is_per_username_and_address(client, consulent, consulent_voorschoten):
    _fail(client, consulent.username, 5, ip="10.1.2.3")
    assert _login(client, consulent_voorschoten.username, PASSWORD).status_code == 302
    client.logout()
    assert _login(client, consulent.username, PASSWORD, ip="10.9.9.9").status_code == 302


def test_attempts_are_recorded_and_logged(client, consulent, caplog):
    with caplog.at_level(logging.INFO):
        _fail(client, consulent.username, 5)
    assert AccessFailureLog.objects.filter(username=consulent.username).count() == 5
    attempt = AccessAttempt.objects.get(username=consulent.username)
    assert attempt.failures_since_start == 5
    assert attempt.ip_address == "10.1.2.3"
    assert any("AXES" in record.getMessage() for record in caplog.records)
    # The password is never stored with the attempt.
    assert "fout-wachtwoord" not in attempt.post_data


def test_the_admin_login_is_locked_too(client, beheerder):
    for _ in range(5):
        client.post(
            "/admin/login/", {"username": beheerder.username, "password": "fout"},
            REMOTE_ADDR="10.1.2.3",
        )  # fmt: skip
    response = client.post(
        "/admin/login/", {"username": beheerder.username, "password": PASSWORD},
        REMOTE_ADDR="10.1.2.3",
    )  # fmt: skip
    assert response.status_code == 429
