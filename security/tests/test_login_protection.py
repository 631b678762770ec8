"""Lockout keys on the real client address; guessing one account from many addresses is slowed
without locking the holder out, who hears about the failures at the next login."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import override_settings
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests/factories.py
PROXY = "10.0.0.1"


def _login(client, username, password, ip, forwarded=None, path="/inloggen/"):
    extra = {"REMOTE_ADDR": ip}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(path, {"username": username, "password": password}, **extra)


def _fail(client, username, times, ip, forwarded=None):
    for _ in range(times):
        assert _login(client, username, "fout-wachtwoord", ip, forwarded).status_code in (200, 429)


def test_without_a_proxy_a_written_x_forwarded_for_changes_nothing(client, consulent):
    # Five guesses from one connection, each claiming another address: locked all the same.
    for n in range(5):
        _login(client, consulent.username, "fout", "203.0.113.9", forwarded=f"198.51.100.{n}")
    assert _login(client, consulent.username, PASSWORD, "203.0.113.9").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    # The holder at their own address is not locked out.
    assert _login(client, consulent.username, PASSWORD, "192.0.2.44").status_code == 302


@override_settings(OPSTAP_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_lock_is_on_the_hop_the_proxy_appended(client, consulent):
    # The attacker writes any X-Forwarded-For; the proxy appends the address it saw.
    for n in range(5):
        _login(client, consulent.username, "fout", PROXY, forwarded=f"192.0.2.{n}, 203.0.113.9")
    locked = _login(client, consulent.username, PASSWORD, PROXY, forwarded="7.7.7.7, 203.0.113.9")
    assert locked.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    # The real user behind the same proxy, from their own address, logs in.
    response = _login(client, consulent.username, PASSWORD, PROXY, forwarded="198.51.100.7")
    assert response.status_code == 302


def _spread_guesses(client, username, addresses=3, each=4):
    """Guesses from several addresses, each staying under its own lockout of five."""
    for a in range(addresses):
        _fail(client, username, each, ip=f"203.0.113.{a + 10}")


def test_many_addresses_guessing_one_account_are_slowed(client, consulent):
    _spread_guesses(client, consulent.username)  # 12 failures
    before = AccessFailureLog.objects.count()
    response = _login(client, consulent.username, PASSWORD, "203.0.113.99")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert "Voor deze gebruikersnaam is kort na elkaar vaak een verkeerd wachtwoord" in html
    assert "Wacht 30 seconden" in html
    # A waiting attempt checks no password and is no failure: it cannot keep the account shut.
    assert AccessFailureLog.objects.count() == before

    # Once the delay after the last failure has passed, one attempt goes through.
    AccessFailureLog.objects.update(attempt_time=timezone.now() - timedelta(seconds=31))
    assert _login(client, consulent.username, PASSWORD, "203.0.113.99").status_code == 302


def test_the_holder_at_a_known_address_is_not_slowed(client, consulent):
    assert _login(client, consulent.username, PASSWORD, "192.0.2.44").status_code == 302
    client.logout()
    _spread_guesses(client, consulent.username)
    response = _login(client, consulent.username, PASSWORD, "192.0.2.44")
    assert response.status_code == 302


def test_other_accounts_are_not_slowed(client, consulent, consulent_voorschoten):
    _spread_guesses(client, consulent.username)
    response = _login(client, consulent_voorschoten.username, PASSWORD, "203.0.113.99")
    assert response.status_code == 302


def test_the_admin_login_is_slowed_too(client, beheerder):
    _spread_guesses(client, beheerder.username)
    response = _login(client, beheerder.username, PASSWORD, "203.0.113.99", path="/admin/login/")
    assert response.status_code == 200
    assert "Voor deze gebruikersnaam is kort na elkaar" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_holder_hears_of_failures_at_the_next_login(client, consulent):
    assert _login(client, consulent.username, PASSWORD, "192.0.2.44").status_code == 302
    client.logout()
    _fail(client, consulent.username, 3, ip="203.0.113.10")
    _fail(client, consulent.username, 4, ip="203.0.113.11")
    response = client.post(
        "/inloggen/",
        {"username": consulent.username, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.44",
        follow=True,
    )
    assert "Sinds uw vorige inlog is 7 keer geprobeerd" in response.content.decode()

    # The next login after that has nothing to report.
    client.logout()
    response = client.post(
        "/inloggen/",
        {"username": consulent.username, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.44",
        follow=True,
    )
    assert "Sinds uw vorige inlog" not in response.content.decode()
