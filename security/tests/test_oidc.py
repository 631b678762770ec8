"""Item 3 (part): single sign-on through OpenID Connect, with the provider's MFA claim."""

from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.sessions.backends.db import SessionStore

from security.oidc import IDP_MFA_SESSION_KEY, OpstapOIDCBackend, idp_did_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def oidc(settings):
    settings.ROOT_URLCONF = "security.tests.urls_oidc"
    settings.OPSTAP_OIDC_ENABLED = True
    settings.OPSTAP_REQUIRE_2FA = True
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "security.oidc.OpstapOIDCBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = "opstap"
    settings.OIDC_RP_CLIENT_SECRET = "geheim"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.example/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.example/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.OIDC_CREATE_USER = False
    settings.OIDC_USE_PKCE = True
    settings.LOGIN_REDIRECT_URL_FAILURE = "login"
    return settings


def test_the_mfa_claim():
    assert idp_did_mfa({"amr": ["pwd", "otp"]})
    assert idp_did_mfa({"amr": "mfa"})
    assert not idp_did_mfa({"amr": ["pwd"]})
    assert not idp_did_mfa({})


def test_the_acr_claim_counts_when_configured(settings):
    settings.OPSTAP_OIDC_MFA_ACR = ["urn:etoegang:core:assurance-class:loa3"]
    assert idp_did_mfa({"acr": "urn:etoegang:core:assurance-class:loa3"})
    assert not idp_did_mfa({"acr": "urn:etoegang:core:assurance-class:loa2"})


def test_only_existing_active_users_with_mfa(oidc, consulent, beheerder):
    backend = OpstapOIDCBackend()
    assert not backend.verify_claims({"preferred_username": "consulent.w", "amr": ["pwd"]})
    assert backend.verify_claims({"preferred_username": "consulent.w", "amr": ["pwd", "otp"]})
    assert not backend.verify_claims({"amr": ["mfa"]})
    assert list(backend.filter_users_by_claims({"preferred_username": "CONSULENT.W"})) == [
        consulent
    ]
    assert not backend.filter_users_by_claims({"preferred_username": "onbekend"}).exists()
    assert backend.create_user({"preferred_username": "nieuw"}) is None
    consulent.is_active = False
    consulent.save()
    assert not backend.filter_users_by_claims({"preferred_username": "consulent.w"}).exists()


def test_without_mfa_required_a_password_only_login_is_accepted(oidc):
    oidc.OPSTAP_OIDC_REQUIRE_MFA = False
    assert OpstapOIDCBackend().verify_claims({"preferred_username": "x", "amr": ["pwd"]})


def test_the_login_page_offers_single_sign_on(oidc, client):
    html = client.get("/inloggen/").content.decode()
    assert "Inloggen met uw organisatie-account" in html
    assert "/oidc/authenticate/" in html


def test_the_sign_on_round_trip_with_mfa_lets_a_beheerder_into_the_admin(oidc, client, beheerder):
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302
    query = parse_qs(urlparse(start["Location"]).query)
    assert start["Location"].startswith("https://idp.example/authorize")
    assert query["code_challenge_method"] == ["S256"]  # PKCE
    state = query["state"][0]
    claims = {"preferred_username": "beheerder", "amr": ["pwd", "hwk"], "nonce": query["nonce"][0]}
    with (
        mock.patch.object(OpstapOIDCBackend, "get_token", return_value={"id_token": "i", "access_token": "a"}),
        mock.patch.object(OpstapOIDCBackend, "verify_token", return_value=claims),
        mock.patch("mozilla_django_oidc.auth.requests.get") as userinfo,
    ):  # fmt: skip
        userinfo.return_value.headers = {"content-type": "application/json"}
        userinfo.return_value.json.return_value = {"preferred_username": "beheerder"}
        done = client.get("/oidc/callback/", {"code": "c", "state": state})
    assert done.status_code == 302
    assert int(client.session["_auth_user_id"]) == beheerder.pk
    assert SessionStore(client.session.session_key)[IDP_MFA_SESSION_KEY] is True
    assert client.get("/admin/").status_code == 200  # no TOTP asked: the provider did MFA


def test_a_sign_on_without_mfa_is_refused(oidc, client, beheerder):
    start = client.get("/oidc/authenticate/")
    query = parse_qs(urlparse(start["Location"]).query)
    claims = {"preferred_username": "beheerder", "amr": ["pwd"], "nonce": query["nonce"][0]}
    with (
        mock.patch.object(OpstapOIDCBackend, "get_token", return_value={"id_token": "i", "access_token": "a"}),
        mock.patch.object(OpstapOIDCBackend, "verify_token", return_value=claims),
        mock.patch("mozilla_django_oidc.auth.requests.get") as userinfo,
    ):  # fmt: skip
        userinfo.return_value.headers = {"content-type": "application/json"}
        userinfo.return_value.json.return_value = {"preferred_username": "beheerder"}
        done = client.get("/oidc/callback/", {"code": "c", "state": query["state"][0]})
    assert done.status_code == 302
    assert "_auth_user_id" not in client.session
