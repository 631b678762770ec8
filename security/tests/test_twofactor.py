"""Item 3 (part): TOTP for beheerders and admin users."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.OPSTAP_REQUIRE_2FA = True


def _code(device: TOTPDevice) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                 drift=device.drift)  # fmt: skip
    return f"{value:06d}"


def _unthrottle(device: TOTPDevice) -> None:
    """django-otp makes one wait after a wrong code (1 s, doubling); the test does not wait."""
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()


def test_it_is_on_by_default_in_production():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "OPSTAP_"))}
    env.update(SECRET_KEY="x" * 50, ALLOWED_HOSTS="a", DATABASE_URL="postgres://n@127.0.0.1:1/n")
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.OPSTAP_REQUIRE_2FA)"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.stdout.strip() == "True", result.stderr


def test_a_beheerder_sets_up_an_authenticator_first(client, beheerder):
    client.force_login(beheerder)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tweestapsverificatie/instellen/")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Tweestapsverificatie instellen" in html
    assert 'src="data:image/svg+xml' in html  # the QR code, allowed by img-src data:
    device = TOTPDevice.objects.get(user=beheerder, confirmed=False)
    wrong = client.post("/tweestapsverificatie/instellen/", {"token": "000000", "next": "/admin/"})
    assert "Deze code klopt niet" in wrong.content.decode()
    _unthrottle(device)
    ok = client.post(
        "/tweestapsverificatie/instellen/", {"token": _code(device), "next": "/admin/"}
    )
    assert ok["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=beheerder).confirmed


def test_every_later_login_asks_for_the_code(client, beheerder):
    device = TOTPDevice.objects.create(user=beheerder, name="telefoon", confirmed=True)
    client.force_login(beheerder)
    response = client.get("/clienten/")
    assert response["Location"].startswith("/tweestapsverificatie/?next=/clienten/")
    assert client.get("/admin/")["Location"].startswith("/tweestapsverificatie/")
    assert (
        "Deze code klopt niet"
        in client.post("/tweestapsverificatie/", {"token": "123456"}).content.decode()
    )
    _unthrottle(device)
    response = client.post("/tweestapsverificatie/", {"token": _code(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # A new login asks again.
    client.logout()
    beheerder.refresh_from_db()  # logging out raised the session version
    client.force_login(beheerder)
    assert client.get("/admin/")["Location"].startswith("/tweestapsverificatie/")


def test_the_next_parameter_cannot_leave_the_site(client, beheerder):
    device = TOTPDevice.objects.create(user=beheerder, name="telefoon", confirmed=True)
    client.force_login(beheerder)
    response = client.post(
        "/tweestapsverificatie/", {"token": _code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_consulenten_and_managers_are_not_asked(consulent_client, client, manager):
    assert consulent_client.get("/clienten/").status_code == 200
    client.force_login(manager)
    assert client.get("/").status_code == 200


def test_an_unverified_beheerder_can_still_log_out(client, beheerder):
    client.force_login(beheerder)
    response = client.post("/uitloggen/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/"


def test_guessing_codes_is_slowed_down(client, beheerder):
    device = TOTPDevice.objects.create(user=beheerder, name="telefoon", confirmed=True)
    client.force_login(beheerder)
    client.post("/tweestapsverificatie/", {"token": "111111"})
    # Right after a wrong code even the right one is refused, so codes cannot be tried quickly.
    response = client.post("/tweestapsverificatie/", {"token": _code(device)})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
