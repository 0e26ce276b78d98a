"""Every error of the provider API says `detail.en` in English and `detail.ja` in Japanese,
whatever language the request came in."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from accreditation.models import DossierState
from accreditation.services.tokens import api_token_create
from demo.workflow import advance
from tests.accreditation.factories import complete_content
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
BASE = "/api/v1/provider/dossiers/"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(params=["ja", "en"])
def api(request, client, people):
    """Org A's key, in a client whose pages are in Japanese or in English."""
    _token, raw_key = api_token_create(
        actor=people.provider_a, organisation=people.org_a, name="LMS"
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = request.param
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = request.param
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw_key}"
    return client


def detail_of(response, status):
    assert response.status_code == status, response.content
    detail = response.json()["detail"]
    assert set(detail) == {"ja", "en"}
    assert JAPANESE.search(detail["ja"]), detail
    assert not JAPANESE.search(detail["en"]), detail
    return detail


def test_a_missing_dossier(api):
    assert detail_of(api.get(f"{BASE}999999/"), 404) == {
        "ja": "貴機関にこの申請書はありません。",
        "en": "No such dossier in your organisation.",
    }


def test_another_organisations_dossier_reads_the_same_as_a_missing_one(api, people):
    theirs = make_dossier(people.org_b, author=people.provider_b)
    assert detail_of(api.get(f"{BASE}{theirs.pk}/screening/"), 404)["en"] == (
        "No such dossier in your organisation."
    )


def test_a_method_the_endpoint_does_not_have(api):
    assert detail_of(api.delete(BASE), 405) == {
        "ja": "ここでは DELETE メソッドは使えません。",
        "en": "The method DELETE is not allowed here.",
    }


def test_a_body_that_is_not_json(api):
    response = api.post(BASE, "{not json", content_type="application/json")
    assert detail_of(response, 400) == {
        "ja": "本文が正しい JSON ではありません（1 行 2 列目）。",
        "en": "The body is not valid JSON (line 1, column 2).",
    }


def test_a_body_that_is_not_sent_as_json(api):
    response = api.post(BASE, "title=x", content_type="text/plain")
    assert detail_of(response, 415)["en"] == (
        "Send the body as JSON (Content-Type: application/json), not text/plain."
    )


def test_a_page_past_the_end(api):
    assert detail_of(api.get(BASE, {"page": "9"}), 404)["en"] == (
        "There is no page “9” of this list."
    )


def test_no_key_and_an_unknown_key(api):
    del api.defaults["HTTP_AUTHORIZATION"]
    assert detail_of(api.get(BASE), 401)["en"] == "Authentication credentials were not provided."
    api.defaults["HTTP_AUTHORIZATION"] = "Bearer mcp_not-a-real-key"
    assert detail_of(api.get(BASE), 401)["en"] == "This API key is not valid (unknown or revoked)."
    api.defaults["HTTP_AUTHORIZATION"] = "Bearer two parts"
    assert detail_of(api.get(BASE), 401)["en"] == "Send the key as “Authorization: Bearer <key>”."


def test_a_refusal_by_the_services(api, people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    advance(dossier, DossierState.SUBMITTED, people.cast())
    response = api.put(f"{BASE}{dossier.pk}/", complete_content(), content_type="application/json")
    assert detail_of(response, 409)["en"] == (
        "This dossier cannot be edited while it is “Submitted”."
    )
    response = api.post(BASE, {"title": 3}, content_type="application/json")
    assert detail_of(response, 400)["en"] == (
        "The dossier does not follow the interchange format: see the errors."
    )


def test_too_many_requests(api, settings):
    settings.PROVIDER_API_RATES = {"burst": "1/min"}
    api.get(BASE)
    assert detail_of(api.get(BASE), 429)["en"].startswith("Too many requests: try again in ")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"page_size": "null"},
            "The query parameter “page_size” must be a whole number of 1 or more.",
        ),
        ({"page": "last"}, "The query parameter “page” must be a whole number of 1 or more."),
        (
            {"page_size": "0"},
            "The query parameter “page_size” must be a whole number of 1 or more.",
        ),
        (
            {"pagesize": "10"},
            "“pagesize” is not a query parameter here; this operation takes: page, page_size.",
        ),
    ],
)
def test_a_page_or_size_that_is_not_one_or_an_unknown_parameter_is_a_400(api, query, message):
    assert detail_of(api.get(BASE, query), 400)["en"] == message


def test_an_operation_without_parameters_refuses_any(api, people):
    assert detail_of(api.get(f"{BASE}1/", {"format": "json"}), 400)["en"] == (
        "“format” is not a query parameter here; this operation takes none."
    )


def test_a_throttled_verification_answers_in_the_apis_shape(client, db, settings):
    settings.VERIFY_RATE = "1/min"
    client.post("/api/v1/verify/", "{}", content_type="application/json")
    response = client.post("/api/v1/verify/", "{}", content_type="application/json")
    assert detail_of(response, 429)["en"].startswith("Too many requests: try again in ")


@pytest.mark.parametrize("path", ["/api/v1/provider/nothing/", "/api/v2/credentials/", "/api/"])
def test_a_path_under_api_that_names_no_endpoint_answers_json_not_the_site(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    detail = response.json()["detail"]
    assert detail["en"] == (
        f"There is no API endpoint at {path}: the endpoints are listed at /api/v1/schema/."
    )
    assert JAPANESE.search(detail["ja"]) and path in detail["ja"]
    scripted = Client(enforce_csrf_checks=True)
    assert scripted.post(path, {"x": "y"}).status_code == 404
