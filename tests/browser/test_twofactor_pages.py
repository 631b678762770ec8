"""Two-factor authentication in the browser: a beheerder sets up an authenticator app at the
first login and types a code at the next; wrong codes are refused in the page."""

from __future__ import annotations

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.helpers import check_a11y, login, logout

CODE = "Code uit de authenticator-app"


def test_beheerder_sets_up_and_uses_two_factor(page: Page, settings):
    settings.OPSTAP_REQUIRE_2FA = True
    login(page, "beheerder")
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    check_a11y(page, "2fa 01 set up")

    page.get_by_label(CODE).fill("000000")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_label(CODE)).to_have_attribute("aria-invalid", "true")
    check_a11y(page, "2fa 02 set up wrong code")

    # django-otp throttles guesses: after one wrong code the next is heard after a second.
    page.wait_for_timeout(1500)
    device = TOTPDevice.objects.get(user__username="beheerder")
    token = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    page.get_by_label(CODE).fill(f"{token:0{device.digits}d}")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_have_count(0)
    assert TOTPDevice.objects.get(pk=device.pk).confirmed

    logout(page)
    login(page, "beheerder")
    expect(page.get_by_role("heading", name="Tweestapsverificatie", exact=True)).to_be_visible()
    check_a11y(page, "2fa 03 verify")
    page.get_by_label(CODE).fill("000000")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_label(CODE)).to_have_attribute("aria-invalid", "true")
    check_a11y(page, "2fa 04 verify wrong code")
