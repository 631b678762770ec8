"""Walk the URLconf: every page but login and health sends an anonymous user to login."""

import pytest

from tests.urlconf import walk

pytestmark = pytest.mark.django_db

# agenda:feed: calendar apps cannot log in; its secret token is the authentication (a wrong one
# is a 404, agenda/tests/test_agenda.py), and it shows no names or BSNs.
OPEN = {"login", "health", "admin:login", "logout", "agenda:feed"}


def _example_path(route: str) -> str:
    import re

    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<uuid:\w+>", "12345678-1234-5678-1234-567812345678", path)
    path = re.sub(r"<(?:str|slug|path):\w+>", "x", path)
    path = re.sub(r"<\w+>", "x", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    return "/" + path.lstrip("^").rstrip("$").replace("\\", "")


def test_every_page_requires_login(client):
    checked = 0
    for name, route in walk():
        if name in OPEN or ("(?P" in route and "admin" in name):
            continue
        path = _example_path(route)
        response = client.get(path)
        assert response.status_code == 302, f"{name} ({path}) answered {response.status_code}"
        assert "/inloggen/" in response["Location"] or "/admin/login/" in response["Location"], (
            f"{name} ({path}) redirects to {response['Location']}"
        )
        checked += 1
    assert checked > 10


def test_login_and_health_are_open(client):
    assert client.get("/inloggen/").status_code == 200
    assert client.get("/health/").status_code == 200


def test_login_page_is_dutch(client):
    page = client.get("/inloggen/").content.decode()
    assert 'lang="nl"' in page
    assert "Inloggen bij Opstap" in page
