"""Item 4: security headers, the Content Security Policy and the deploy check."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import BenefitPeriodFactory, ClientFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "production-like-secret-key-" + "k9Xq2" * 10,
    "ALLOWED_HOSTS": "opstap.example.nl",
    "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
}


def _production(*args: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SECURE_", "SESSION_", "CSRF_"))
        and k not in ("SECRET_KEY", "ALLOWED_HOSTS")
    }
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(  # noqa: S603 (our own interpreter and fixed arguments)
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_deploy_check_passes_under_production_settings():
    result = _production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_send_hsts_and_secure_cookies():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)"
    )
    result = _production("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True", "True"]


def test_pages_are_never_cached(consulent_client, consulent, wassenaar):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    for path in ("/clienten/", f"/clienten/{person.pk}/", "/inloggen/"):
        cache_control = consulent_client.get(path)["Cache-Control"]
        assert "no-store" in cache_control, path
        assert "private" in cache_control, path


def test_anonymous_login_page_is_not_cached(client):
    assert "no-store" in client.get("/inloggen/")["Cache-Control"]


def test_request_id_header(client):
    first, second = client.get("/inloggen/"), client.get("/inloggen/")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    # A request id from the proxy in front is kept; nonsense is replaced.
    kept = client.get("/inloggen/", headers={"X-Request-ID": "lb-0123456789abcdef"})
    assert kept["X-Request-ID"] == "lb-0123456789abcdef"
    refused = client.get("/inloggen/", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert refused["X-Request-ID"] != "<script>alert(1)</script>"


def _csp(response) -> dict[str, list[str]]:
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def _assert_scripts_carry_the_nonce(response):
    """An inline script runs only with the request's nonce; a file only from Opstap itself."""
    policy = _csp(response)
    html = response.content.decode()
    nonces = [v[len("'nonce-") : -1] for v in policy["script-src"] if v.startswith("'nonce-")]
    for attrs in SCRIPT.findall(html):
        if 'type="application/json"' in attrs:  # data, never executed (the admin's json_script)
            continue
        if re.search(r'\ssrc="/(?!/)', attrs):
            continue  # 'self'
        assert nonces, f"a script but no nonce in the policy: {attrs}"
        assert f'nonce="{nonces[0]}"' in attrs, f"script without the request's nonce: {attrs}"
    assert not re.search(r"\sstyle=", html), "a style attribute, which the policy refuses"
    assert not re.search(r"\son[a-z]+=", html), "an inline event handler"


def test_policy_is_strict(consulent_client):
    policy = _csp(consulent_client.get("/clienten/"))
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_pages_scripts_carry_the_nonce(consulent_client, consulent, wassenaar):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    BenefitPeriodFactory(client=person)
    for path in ("/clienten/", f"/clienten/{person.pk}/", f"/clienten/{person.pk}/wijzigen/"):
        response = consulent_client.get(path)
        assert response.status_code == 200
        _assert_scripts_carry_the_nonce(response)
        assert 'nonce="' in response.content.decode()  # the Bootstrap bundle carries it


def test_admin_works_under_the_policy(client, beheerder, wassenaar):
    client.force_login(beheerder)
    person = ClientFactory(municipality=wassenaar)
    for path in ("/admin/", "/admin/clients/client/", f"/admin/clients/client/{person.pk}/change/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Content-Security-Policy" in response
        _assert_scripts_carry_the_nonce(response)


TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]


def test_no_template_has_inline_script_style_or_handlers():
    """Every <script> in a template loads a file and carries the nonce; no style attributes
    and no on...= handlers. New templates are checked too."""
    problems = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            text = path.read_text()
            for attrs in SCRIPT.findall(text):
                if "src=" not in attrs or "csp_nonce" not in attrs:
                    problems.append(f"{path}: <script{attrs}>")
            if re.search(r"\sstyle=", text):
                problems.append(f"{path}: style attribute")
            if re.search(r"\son[a-z]+=", text):
                problems.append(f"{path}: inline event handler")
    assert not problems, "\n".join(problems)


def test_settings_have_hsts_subdomains_and_nosniff():
    assert settings.SECURE_HSTS_INCLUDE_SUBDOMAINS
    assert settings.SECURE_CONTENT_TYPE_NOSNIFF
    assert settings.X_FRAME_OPTIONS == "DENY"
