"""Headers and settings: CSP with nonces and no inline script, frame denial,
referrer policy, nosniff, cookie flags; in production HSTS, secure cookies and
no MFA bypass."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.test_settings import production_env, run  # noqa: F401

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def test_a_page_carries_a_nonce_csp_and_the_protective_headers(client, contributor_a):
    client.force_login(contributor_a)
    response = client.get(f"/organisations/{contributor_a.memberships.get().organisation_id}/")
    assert response.status_code == 200
    csp = directives(response["Content-Security-Policy"])
    nonces = [v for v in csp["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1 and "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    nonce = nonces[0][len("'nonce-") : -1]
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or f'nonce="{nonce}"' in tag, tag
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_each_response_gets_its_own_nonce(client):
    first = directives(client.get("/accounts/login/")["Content-Security-Policy"])["script-src"]
    second = directives(client.get("/accounts/login/")["Content-Security-Policy"])["script-src"]
    assert first != second


def test_no_template_has_an_inline_script_or_style():
    for path in TEMPLATES.rglob("*.html"):
        text = re.sub(
            r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", "", path.read_text(), flags=re.S
        )
        assert not re.search(r"<script\b(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"<style\b|\sstyle=\"", text), path


def test_the_session_cookie_is_http_only_and_same_site(client, contributor_a):
    client.force_login(contributor_a)
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_TIMEOUT


PRINT_SECURITY = """
import json
from django.conf import settings
from allauth.mfa import app_settings
print(json.dumps({
    "hsts": settings.SECURE_HSTS_SECONDS,
    "hsts_sub": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "bypass": app_settings.TOTP_INSECURE_BYPASS_CODE,
    "min_length": [v.get("OPTIONS", {}).get("min_length") for v in settings.AUTH_PASSWORD_VALIDATORS
                   if v["NAME"].endswith("MinimumLengthValidator")][0],
}))
"""


def test_production_sets_hsts_secure_cookies_and_no_mfa_bypass(production_env):  # noqa: F811
    # The demo code of `make run` in the environment must not weaken production.
    result = run(["-c", PRINT_SECURITY], {**production_env, "DEMO_TOTP_CODE": "000000"})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["hsts"] >= 31536000 and values["hsts_sub"] and values["ssl_redirect"]
    assert values["session_secure"] and values["csrf_secure"]
    assert values["bypass"] is None
    assert values["min_length"] == 12
