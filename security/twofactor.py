"""Two-factor authentication (TOTP, django-otp) for beheerders and everyone who may use the
admin (docs/security.md). After the password such a user either sets up an authenticator app
(first time) or types its six-digit code; until then every page but these and logging out sends
them here. With single sign-on, the identity provider's MFA counts instead (not yet built)."""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisations.roles import BEHEERDER
from security.oidc import IDP_MFA_SESSION_KEY

SETUP_URL_NAME = "twofactor_setup"
VERIFY_URL_NAME = "twofactor_verify"
ALLOWED_URL_NAMES = {SETUP_URL_NAME, VERIFY_URL_NAME, "logout", "session_extend"}


def requires_two_factor(user) -> bool:
    if not settings.OPSTAP_REQUIRE_2FA or not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.has_role(BEHEERDER)


class TwoFactorRequiredMiddleware:
    """After django_otp's OTPMiddleware: an unverified beheerder or staff user gets only the set-up
    and verify pages (and logging out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not requires_two_factor(user) or user.is_verified():
            return None
        if request.session.get(IDP_MFA_SESSION_KEY):  # single sign-on with more than one factor
            return None
        match = request.resolver_match
        if match is not None and match.url_name in ALLOWED_URL_NAMES and not match.namespace:
            return None
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        target = reverse(VERIFY_URL_NAME if has_device else SETUP_URL_NAME)
        return redirect(f"{target}?next={request.get_full_path()}")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code uit de authenticator-app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("home")


@require_http_methods(["GET", "POST"])
def setup(request):
    """First time: a new secret as a QR code and as text; confirmed by the first code."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{reverse(VERIFY_URL_NAME)}?next={_next(request)}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Opstap", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Tweestapsverificatie staat aan."))
            return redirect(_next(request))
        form.add_error("token", _("Deze code klopt niet. Probeer de volgende code uit de app."))
    secret = b32encode(unhexlify(device.key)).decode()
    return render(
        request,
        "security/twofactor_setup.html",
        {
            "form": form,
            "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next(request),
        },
    )


@require_http_methods(["GET", "POST"])
def verify(request):
    """Every login: the six-digit code. django-otp slows down repeated wrong codes."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect(f"{reverse(SETUP_URL_NAME)}?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("Deze code klopt niet of is verlopen. Probeer het opnieuw."))
    return render(request, "security/twofactor_verify.html", {"form": form, "next": _next(request)})
