"""The provider API end to end over HTTP: a script with an organisation's token."""

import pytest
from django.core.cache import cache

from accreditation.models import AuditEvent, Dossier, DossierState
from accreditation.services.tokens import api_token_create, api_token_revoke
from demo.workflow import advance
from tests.accreditation.factories import complete_content
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState
BASE = "/api/v1/provider/dossiers/"


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Throttle counts live in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token(people):
    return api_token_create(actor=people.provider_a, organisation=people.org_a, name="LMS sync")


@pytest.fixture
def api(client, token):
    """A client that sends org A's key with every request."""
    _, raw_key = token
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw_key}"
    return client


def post(api, path, body=None):
    return api.post(path, body, content_type="application/json")


def put(api, path, body):
    return api.put(path, body, content_type="application/json")


def test_a_script_creates_a_draft_and_reads_it_back(api, token, people):
    response = post(api, BASE, {**complete_content(), "provider_reference": "DS-101"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft"
    assert body["provider_reference"] == "DS-101"
    assert "provider_reference" not in body["content"]
    assert body["content"] == complete_content()
    assert response["Location"].endswith(f"{BASE}{body['id']}/")
    dossier = Dossier.objects.get(pk=body["id"])
    assert dossier.organisation == people.org_a
    # The token is the actor of record, as a member of the organisation.
    event = AuditEvent.objects.get(action="dossier.create", object_id=dossier.pk)
    assert event.actor == token[0].user
    detail = api.get(f"{BASE}{dossier.pk}/").json()
    assert detail["title"] == complete_content()["title"]
    assert detail["credential_id"] == str(dossier.credential_id)


def test_the_list_holds_only_the_organisations_dossiers(api, people):
    own = make_dossier(people.org_a, author=people.provider_a)
    make_dossier(people.org_b, author=people.provider_b)
    body = api.get(BASE).json()
    assert body["count"] == 1
    assert [item["id"] for item in body["results"]] == [own.pk]
    assert body["results"][0]["title"]["en"] == "Introduction to Data Science"


def test_the_list_reads_titles_not_contents(api, people, monkeypatch):
    from portal.api.views import Pages

    pages, paginate = [], Pages.paginate_queryset

    def kept(self, queryset, request, view=None):
        pages.append(paginate(self, queryset, request, view))
        return pages[-1]

    monkeypatch.setattr(Pages, "paginate_queryset", kept)
    make_dossier(people.org_a, author=people.provider_a)
    assert api.get(BASE).json()["results"][0]["title"]["ja"] == "データサイエンス入門"
    ((row,),) = pages
    assert "content" in row.get_deferred_fields()


def test_the_list_is_paginated(api, people):
    for _ in range(3):
        make_dossier(people.org_a, author=people.provider_a)
    first = api.get(BASE, {"page_size": 2}).json()
    assert first["count"] == 3 and len(first["results"]) == 2
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1


def test_the_list_runs_a_constant_number_of_queries(api, people, django_assert_max_num_queries):
    for _ in range(3):
        make_dossier(people.org_a, author=people.provider_a)
    with django_assert_max_num_queries(15) as few:
        assert len(api.get(BASE).json()["results"]) == 3
    for _ in range(27):
        make_dossier(people.org_a, author=people.provider_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(BASE).json()["results"]) == 30


def test_put_replaces_the_drafts_content_and_keeps_its_reference(api, people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    dossier.provider_reference = "DS-7"
    dossier.save(update_fields=["provider_reference"])
    changed = complete_content(summary={"ja": "新しい要約", "en": "A new summary"})
    response = put(api, f"{BASE}{dossier.pk}/", changed)
    assert response.status_code == 200, response.json()
    dossier.refresh_from_db()
    assert dossier.content["summary"]["en"] == "A new summary"
    assert dossier.provider_reference == "DS-7"
    response = put(api, f"{BASE}{dossier.pk}/", {**changed, "provider_reference": "DS-8"})
    dossier.refresh_from_db()
    assert dossier.provider_reference == "DS-8"


def test_put_on_a_submitted_dossier_answers_409_and_changes_nothing(api, people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    advance(dossier, S.SUBMITTED, people.cast())
    response = put(api, f"{BASE}{dossier.pk}/", complete_content(title={"ja": "別", "en": "Else"}))
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert detail["en"] == "This dossier cannot be edited while it is “Submitted”."
    assert "提出" in detail["ja"]
    dossier.refresh_from_db()
    assert dossier.content["title"]["en"] == "Introduction to Data Science"


def test_a_body_outside_the_schema_answers_400_with_pointers_in_both_languages(api, people):
    content = complete_content()
    del content["title"]["ja"]
    content["level"]["value"] = "five"
    content["colour"] = "blue"
    response = post(api, BASE, content)
    assert response.status_code == 400
    body = response.json()
    assert set(body["detail"]) == {"ja", "en"}
    by_pointer = {error["pointer"]: error["message"] for error in body["errors"]}
    assert set(by_pointer) == {"/title/ja", "/level/value", "/colour"}
    assert by_pointer["/title/ja"]["en"] == "This field is required."
    assert by_pointer["/title/ja"]["ja"] not in ("", "This field is required.")
    assert Dossier.objects.count() == 0
    dossier = make_dossier(people.org_a, author=people.provider_a)
    response = put(api, f"{BASE}{dossier.pk}/", {"title": "just a string"})
    assert response.status_code == 400
    assert "/title" in {error["pointer"] for error in response.json()["errors"]}


def test_a_language_of_instruction_outside_the_list_answers_400_and_creates_nothing(api):
    content = complete_content()
    content["content"]["languages"] = ["ja", "cn"]
    response = post(api, BASE, content)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [error["pointer"] for error in errors] == ["/content/languages/1"]
    assert errors[0]["message"]["en"].startswith("Choose one of: ja, en, zh, ko,")
    assert Dossier.objects.count() == 0


def test_a_body_that_is_not_json_answers_400_in_the_same_shape(api):
    response = api.post(BASE, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["detail"]) == {"ja", "en"}


def test_a_reference_already_used_answers_409_at_its_pointer(api, people):
    assert post(api, BASE, {**complete_content(), "provider_reference": "X"}).status_code == 201
    response = post(api, BASE, {**complete_content(), "provider_reference": "X"})
    assert response.status_code == 409
    assert response.json()["errors"][0]["pointer"] == "/provider_reference"
    assert Dossier.objects.count() == 1


def test_screening_reports_on_the_working_copy(api, people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    report = api.get(f"{BASE}{dossier.pk}/screening/").json()
    assert report["eligible"] is True
    assert {check["id"] for check in report["checks"]} >= {"assessment_present", "size:JP"}
    assert all(set(check["message"]) == {"ja", "en"} for check in report["checks"])
    small = make_dossier(
        people.org_a,
        author=people.provider_a,
        learning_hours={"contact": 10, "self_study": 5, "assessment": 1, "credits_claimed": []},
    )
    report = api.get(f"{BASE}{small.pk}/screening/").json()
    assert report["eligible"] is False
    assert [c["id"] for c in report["checks"] if c["status"] == "fail"] == ["size:JP"]


def test_submit_freezes_a_version(api, token, people):
    dossier_id = post(api, BASE, complete_content()).json()["id"]
    response = post(api, f"{BASE}{dossier_id}/submit/")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "submitted"
    assert response.json()["version"] == 1
    dossier = Dossier.objects.get(pk=dossier_id)
    assert dossier.state == S.SUBMITTED
    assert dossier.versions.get().submitted_by == token[0].user
    # Submitting again is not possible: 409, and nothing changes.
    again = post(api, f"{BASE}{dossier_id}/submit/")
    assert again.status_code == 409
    assert dossier.versions.count() == 1


def test_an_ineligible_dossier_is_refused_with_the_screening_report(api, people):
    content = complete_content()
    content["assessment"]["awarded_on"] = "participation"
    dossier_id = post(api, BASE, content).json()["id"]
    response = post(api, f"{BASE}{dossier_id}/submit/")
    assert response.status_code == 409
    body = response.json()
    assert body["detail"]["en"] == "The dossier does not pass the intake screening."
    assert body["screening"]["eligible"] is False
    failed = [c["id"] for c in body["screening"]["checks"] if c["status"] == "fail"]
    assert failed == ["awarded_on_assessment"]
    assert body["errors"] == []
    assert Dossier.objects.get(pk=dossier_id).state == S.DRAFT


def test_an_incomplete_draft_is_refused_with_its_problems_and_the_report(api, people):
    """A draft started in the portal may lack the English the catalogue needs."""
    dossier = make_dossier(
        people.org_a, author=people.provider_a, title={"ja": "データ入門", "en": ""}
    )
    response = post(api, f"{BASE}{dossier.pk}/submit/")
    assert response.status_code == 409
    body = response.json()
    assert body["detail"]["en"] == "The dossier is not complete yet."
    assert [error["pointer"] for error in body["errors"]] == ["/title/en"]
    assert body["screening"]["eligible"] is True


def test_another_organisations_dossier_and_a_missing_one_are_both_404(api, people):
    theirs = make_dossier(people.org_b, author=people.provider_b)
    for path in (f"{BASE}{theirs.pk}/", f"{BASE}{theirs.pk}/screening/", f"{BASE}999999/"):
        response = api.get(path)
        assert response.status_code == 404, path
        assert set(response.json()["detail"]) == {"ja", "en"}
    assert put(api, f"{BASE}{theirs.pk}/", complete_content()).status_code == 404
    assert post(api, f"{BASE}{theirs.pk}/submit/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == S.DRAFT


def test_no_token_an_unknown_one_or_a_revoked_one_is_401(client, token, people):
    assert client.get(BASE).status_code == 401
    assert client.get(BASE)["WWW-Authenticate"].startswith("Bearer")
    client.defaults["HTTP_AUTHORIZATION"] = "Bearer mcp_not-a-real-key"
    assert client.get(BASE).status_code == 401
    model, raw_key = token
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {raw_key}"
    assert client.get(BASE).status_code == 200
    api_token_revoke(actor=people.provider_a, token=model)
    response = client.get(BASE)
    assert response.status_code == 401
    assert response.json()["detail"]["en"] == "This API key is not valid (unknown or revoked)."


def test_a_signed_in_provider_without_a_token_is_not_let_in(client, people):
    client.force_login(people.provider_a)
    assert client.get(BASE).status_code == 401


def test_using_a_token_notes_when_it_was_last_used(api, token):
    model = token[0]
    assert model.last_used_at is None
    api.get(BASE)
    model.refresh_from_db()
    assert model.last_used_at is not None


def test_a_script_that_goes_too_fast_is_throttled(api, settings):
    settings.PROVIDER_API_RATES = {"burst": "3/min"}
    statuses = [api.get(BASE).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    throttled = api.get(BASE)
    assert int(throttled["Retry-After"]) > 0
    assert throttled.json()["detail"]["en"].startswith("Too many requests: try again in")


def test_the_openapi_schema_documents_the_endpoints_and_the_token(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    document = response.json()
    assert set(document["paths"]) == {
        "/api/v1/credentials/",  # the catalogue's public read API (cms.api), open to all
        "/api/v1/provider/dossiers/",
        "/api/v1/provider/dossiers/{id}/",
        "/api/v1/provider/dossiers/{id}/screening/",
        "/api/v1/provider/dossiers/{id}/submit/",
        "/api/v1/verify/",  # verification against the register (registry_export), open to all
    }
    create = document["paths"]["/api/v1/provider/dossiers/"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/DossierContent"}
    content = document["components"]["schemas"]["DossierContent"]
    assert "title" in content["required"] and "$defs" not in content
    assert create["security"] == [{"ApiToken": []}]
    assert document["paths"]["/api/v1/credentials/"]["get"].get("security", [{}]) == [{}]
    assert document["paths"]["/api/v1/verify/"]["post"].get("security", [{}]) == [{}]
    assert document["components"]["securitySchemes"]["ApiToken"]["scheme"] == "bearer"
    submit = document["paths"]["/api/v1/provider/dossiers/{id}/submit/"]["post"]
    assert "409" in submit["responses"]
