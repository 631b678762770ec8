"""Single sign-on through OpenID Connect (mozilla-django-oidc), on when OIDC_RP_CLIENT_ID is set
(README, Configuration). The identity provider authenticates; Opstap decides: only an existing,
active user with the same username may log in (no accounts are created), and, unless switched
off, only when the provider says the login used more than one factor (the `amr` or `acr`
claim). Such a login counts as the two-factor login beheerders need."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

logger = logging.getLogger(__name__)

# Set in the session when the identity provider vouched for a multi-factor login.
IDP_MFA_SESSION_KEY = "opstap_idp_mfa"


def idp_did_mfa(claims: dict) -> bool:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(amr) & set(settings.OPSTAP_OIDC_MFA_AMR):
        return True
    return bool(claims.get("acr")) and claims["acr"] in settings.OPSTAP_OIDC_MFA_ACR


class OpstapOIDCBackend(OIDCAuthenticationBackend):
    def get_userinfo(self, access_token, id_token, payload):
        # amr and acr are ID token claims; the userinfo endpoint usually leaves them out.
        return {**payload, **super().get_userinfo(access_token, id_token, payload)}

    def verify_claims(self, claims) -> bool:
        if not claims.get(settings.OPSTAP_OIDC_USERNAME_CLAIM):
            logger.warning("OIDC: geen %s-claim", settings.OPSTAP_OIDC_USERNAME_CLAIM)
            return False
        if settings.OPSTAP_OIDC_REQUIRE_MFA and not idp_did_mfa(claims):
            logger.warning("OIDC: aanmelding zonder meerdere factoren geweigerd")
            return False
        return True

    def filter_users_by_claims(self, claims):
        username = claims.get(settings.OPSTAP_OIDC_USERNAME_CLAIM, "")
        return get_user_model().objects.filter(username__iexact=username, is_active=True)

    def create_user(self, claims):  # never: users and roles are managed in Opstap
        return None

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None and idp_did_mfa(payload):
            self.request.session[IDP_MFA_SESSION_KEY] = True
        return user
