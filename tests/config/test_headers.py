"""Response headers (config/headers.py): a Content-Security-Policy everywhere, no caching of
signed-in pages, and the language cookie kept to the server and this site."""

import pytest
from django.urls import reverse

from config.headers import policy
from tests.config.test_settings import PRODUCTION, python

pytestmark = pytest.mark.django_db


def directives(response):
    return dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )


@pytest.mark.parametrize("path", ["/ja/", "/en/catalogue/", "/accounts/login/", "/ja/verify/"])
def test_public_pages_run_scripts_from_this_site_only(client, path):
    csp = directives(client.get(path))
    assert csp["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert csp["default-src"] == "'self'" and "data:" in csp["img-src"]


def test_the_admins_may_inline_their_own_scripts_and_nothing_else():
    assert "script-src 'self' 'unsafe-inline';" in policy("/cms-admin/pages/")
    assert "'unsafe-eval'" not in policy("/cms-admin/pages/")
    assert "'unsafe-inline'" not in policy("/portal/").split("style-src")[0]


def test_the_sites_pages_carry_no_inline_script(client, people):
    """What the policy forbids, the pages do not do: every script has a src (or is data)."""
    client.force_login(people.provider_a)
    for path in ("/portal/", reverse("portal:create"), "/ja/", "/ja/verify/"):
        html = client.get(path).content.decode()
        for tag in html.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert "src=" in opening or 'type="application/json"' in opening, (path, opening)
        assert " onclick=" not in html and "javascript:" not in html, path


def test_a_signed_in_page_is_not_kept_by_any_cache(client, people):
    client.force_login(people.provider_a)
    response = client.get("/portal/")
    assert set(response["Cache-Control"].replace(" ", "").split(",")) >= {"private", "no-store"}
    assert "Cookie" in response["Vary"]


def test_a_public_page_may_be_cached(client):
    response = client.get("/ja/")
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_language_cookie_is_httponly_and_same_site(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/en/"})
    cookie = response.cookies["django_language"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_production_sends_every_cookie_over_https_only():
    program = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.LANGUAGE_COOKIE_SECURE, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = python(program, **PRODUCTION)
    assert result.stdout.split() == ["True", "True", "True"], result.stderr
