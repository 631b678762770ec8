"""Item 1: idle and absolute session limits, the warning with one action to stay, a new session
key at login, and logout or deactivation ending all of a user's sessions."""

import re
import time

import pytest
from django.test import Client as Browser
from django.urls import resolve

from security.sessions import LAST_SEEN, LOGIN_AT, SessionTimeoutMiddleware

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def _shift(browser, **seconds_back):
    """Pretend the login and the last activity were that many seconds ago."""
    session = browser.session
    for key, name in ((LOGIN_AT, "login"), (LAST_SEEN, "seen")):
        if name in seconds_back:
            session[key] = session[key] - seconds_back[name]
    session.save()


def test_settings_default_to_15_minutes_and_12_hours(settings):
    assert settings.OPSTAP_SESSION_IDLE_MINUTES == 15
    assert settings.OPSTAP_SESSION_MAX_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


def test_a_session_ends_after_15_idle_minutes(consulent_client):
    assert consulent_client.get("/clienten/").status_code == 200
    _shift(consulent_client, seen=14 * 60)
    assert consulent_client.get("/clienten/").status_code == 200  # activity: the clock restarts
    _shift(consulent_client, seen=15 * 60 + 1)
    response = consulent_client.get("/clienten/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")
    page = consulent_client.get(response["Location"]).content.decode()
    assert "Log opnieuw in" in page


def test_a_session_ends_12_hours_after_login_even_when_active(consulent_client):
    consulent_client.get("/clienten/")
    _shift(consulent_client, login=12 * 3600 - 60)
    assert consulent_client.get("/clienten/").status_code == 200
    _shift(consulent_client, login=61)
    assert consulent_client.get("/clienten/").status_code == 302


def test_pages_warn_before_the_end_and_one_action_extends(consulent_client):
    html = consulent_client.get("/clienten/").content.decode()
    left = int(re.search(r'data-session-seconds-left="(\d+)"', html).group(1))
    assert 15 * 60 - 5 <= left <= 15 * 60
    assert 'data-session-warning-seconds="120"' in html
    assert "Ingelogd blijven" in html
    assert "security/session.js" in html
    _shift(consulent_client, seen=14 * 60)
    response = consulent_client.post("/sessie/verlengen/", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json()["seconds_left"] >= 15 * 60 - 5


def test_extending_without_javascript_returns_to_the_page(consulent_client):
    response = consulent_client.post("/sessie/verlengen/", {"next": "/clienten/?q=a"})
    assert response["Location"] == "/clienten/?q=a"
    response = consulent_client.post("/sessie/verlengen/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_near_the_absolute_end_the_warning_offers_no_extension(consulent_client):
    consulent_client.get("/clienten/")
    _shift(consulent_client, login=12 * 3600 - 100)
    html = consulent_client.get("/clienten/").content.decode()
    assert "Ingelogd blijven" not in html
    assert "opnieuw inloggen" in html


def test_a_status_poll_is_not_activity(consulent_client, consulent, rf):
    poll = resolve("/rapportages/1/2025/1/status/").func
    page = resolve("/clienten/").func
    assert poll.session_passive
    request = rf.get("/")
    request.user, request.session = consulent, consulent_client.session
    earlier = time.time() - 600
    request.session[LAST_SEEN] = earlier
    middleware = SessionTimeoutMiddleware(lambda request: None)
    middleware.process_view(request, poll, (), {})
    assert request.session[LAST_SEEN] == earlier
    middleware.process_view(request, page, (), {})
    assert request.session[LAST_SEEN] > earlier


def test_login_gives_a_new_session_key(client, consulent):
    client.get("/inloggen/")
    client.session.save()
    before = client.session.session_key
    client.post("/inloggen/", {"username": consulent.username, "password": PASSWORD})
    assert client.session.session_key != before
    assert "_auth_user_id" in client.session


def test_logout_ends_all_sessions_of_the_user(consulent, consulent_voorschoten):
    laptop, phone, other = Browser(), Browser(), Browser()
    for browser in (laptop, phone):
        assert (
            browser.post(
                "/inloggen/", {"username": consulent.username, "password": PASSWORD}
            ).status_code
            == 302
        )
    other.post("/inloggen/", {"username": consulent_voorschoten.username, "password": PASSWORD})
    assert phone.get("/clienten/").status_code == 200
    laptop.post("/uitloggen/")
    assert phone.get("/clienten/").status_code == 302  # logged out there too
    assert other.get("/clienten/").status_code == 200  # another user is not affected


def test_a_timeout_ends_only_that_session(consulent):
    laptop, phone = Browser(), Browser()
    for browser in (laptop, phone):
        browser.post("/inloggen/", {"username": consulent.username, "password": PASSWORD})
    _shift(laptop, seen=16 * 60)
    assert laptop.get("/clienten/").status_code == 302
    assert phone.get("/clienten/").status_code == 200


def test_deactivating_a_user_ends_their_sessions(consulent):
    browser = Browser()
    browser.post("/inloggen/", {"username": consulent.username, "password": PASSWORD})
    assert browser.get("/clienten/").status_code == 200
    consulent.is_active = False
    consulent.save()
    assert browser.get("/clienten/").status_code == 302
    consulent.is_active = True  # back in service: the old session stays ended
    consulent.save()
    assert browser.get("/clienten/").status_code == 302
    assert "_auth_user_id" not in browser.session
