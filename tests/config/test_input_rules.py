"""The input rule at the door (config/input_rules.py): a control character anywhere in a request
is a 400 that names where it is, in both languages, and changes nothing.

The routes are those the adversarial test of issue 13 found answering 500 on PostgreSQL: a
public page's path, the public API's query string, a desk action's note (a field read without a
form), the provider API's body. Ids from forms take ASCII digits only.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from accreditation.models import AuditEvent, Dossier, DossierState
from accreditation.services import tokens
from config.input_rules import CONTROL, as_id, control_character
from demo.workflow import advance
from reviewers.models import Assignment
from tests.accreditation.factories import dossier as make_dossier

#: Every character the rule refuses, and the three it lets through.
REFUSED = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]]
TEXT = ["\t", "\n", "\r"]


def test_the_rule_refuses_exactly_the_control_characters_but_tab_and_line_breaks():
    assert all(CONTROL.fullmatch(c) for c in REFUSED)
    assert not any(CONTROL.search(c) for c in TEXT)
    assert control_character("abc", "d\x00e") == "U+0000"
    assert control_character("ok\r\n\tfine", "日本語") is None


@given(st.text())
def test_control_character_finds_one_exactly_when_there_is_one(text):
    assert (control_character(text) is None) == (not any(c in REFUSED for c in text))


def test_ids_are_ascii_digits_only():
    assert [as_id(v) for v in ("7", "0", "0012", "9" * 18)] == [7, 0, 12, int("9" * 18)]
    assert [as_id(v) for v in ("²", "٣", "-1", "1.0", " 1", "", "9" * 19, None)] == [None] * 8


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/ja/pathways/%00/", "/en/catalogue/%01/", "/portal/%7F", "/desk/cases/%C2%85/"],
)
def test_a_control_character_in_the_path_is_a_400_page_in_both_languages(client, path):
    response = client.get(path)
    assert response.status_code == 400
    html = response.content.decode()
    assert "制御文字" in html and "control character" in html
    assert "U+00" in html


@pytest.mark.django_db
def test_a_control_character_in_the_public_apis_query_is_a_json_400(client):
    response = client.get("/api/v1/credentials/", {"language": "\x00"})
    assert response.status_code == 400
    body = response.json()
    assert set(body["detail"]) == {"ja", "en"}
    assert "“language”" in body["detail"]["en"] and "U+0000" in body["detail"]["en"]
    assert body["errors"] == []


@pytest.mark.django_db
def test_a_nul_in_a_desk_note_is_refused_and_changes_nothing(client, people):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), DossierState.SUBMITTED, people.cast()
    )
    events = AuditEvent.objects.count()
    client.force_login(people.secretariat)
    response = client.post(
        reverse("desk:action", args=[dossier.pk, "accept"]), {"note": "Complete.\x00"}
    )
    assert response.status_code == 400
    assert "“note”" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_tab_and_line_breaks_in_a_note_are_text(client, people):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), DossierState.SUBMITTED, people.cast()
    )
    client.force_login(people.secretariat)
    response = client.post(
        reverse("desk:action", args=[dossier.pk, "accept"]), {"note": "All there.\r\n\tThanks."}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == DossierState.IN_REVIEW


@pytest.mark.django_db
def test_a_control_character_in_an_api_body_names_its_json_pointer(client, people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    _token, key = tokens.api_token_create(actor=None, organisation=people.org_a, name="t")
    content = {**dossier.content, "title": {"ja": "題\x00名", "en": "Title"}}
    response = client.put(
        f"/api/v1/provider/dossiers/{dossier.pk}/",
        json.dumps({"content": content}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == [{"pointer": "/content/title/ja", "message": body["detail"]}]
    assert "/content/title/ja" in body["detail"]["ja"]
    dossier.refresh_from_db()
    assert dossier.content["title"]["ja"] != "題\x00名"


@pytest.mark.django_db
def test_an_uploaded_files_name_loses_its_control_characters(client, people):
    """Django's multipart parser drops them; the rule has nothing left to refuse."""
    dossier = make_dossier(people.org_a, author=people.provider_a)
    client.force_login(people.provider_a)
    upload = SimpleUploadedFile("sylla\x07bus.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    response = client.post(
        reverse("portal:attachment_add", args=[dossier.pk]), {"file": upload, "kind": "syllabus"}
    )
    assert response.status_code == 302
    assert [a.original_name for a in dossier.attachments.all()] == ["syllabus.pdf"]


@pytest.mark.django_db
def test_a_session_cookie_with_a_nul_is_as_if_there_were_none(client):
    client.cookies["sessionid"] = "\x00" * 32
    assert client.get("/ja/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("reviewer", ["abc", "²", "٣", "-1", "1e3", ""])
def test_a_reviewer_that_is_not_an_id_is_a_404_not_a_500(client, people, reviewer):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), DossierState.IN_REVIEW, people.cast()
    )
    client.force_login(people.secretariat)
    for route in ("desk:assign", "desk:extra_reviewer"):
        response = client.post(reverse(route, args=[dossier.pk]), {"reviewer": reviewer})
        assert response.status_code == 404, route
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_unicode_digits_in_the_batch_assignment_are_ignored(client, people):
    client.force_login(people.secretariat)
    response = client.post(reverse("desk:assign_batch"), {"dossier": ["²", "٣", "1"]})
    assert response.status_code in (200, 302)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(
    where=st.sampled_from(["path", "query", "form"]),
    junk=st.text(st.sampled_from(REFUSED), min_size=1, max_size=3),
    around=st.text(max_size=10),
)
def test_any_control_character_anywhere_is_a_400(where, junk, around):
    from django.test import Client

    client = Client()  # one per example: nothing carries over
    text = around + junk + around
    if where == "path":
        from urllib.parse import quote

        response = client.get("/ja/pathways/" + quote(text, safe="") + "/")
    elif where == "query":
        response = client.get("/ja/catalogue/", {"q": text})
    else:
        response = client.post("/accounts/login/", {"login": text, "password": "x"})
    assert response.status_code == 400
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_a_form_beyond_the_size_limit_is_still_a_400(client):
    """Too big to read for the check: refused as before it, not a 500."""
    response = client.post("/accounts/login/", {"login": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/verify/", "/api/v1/provider/dossiers/"])
def test_a_json_body_nested_beyond_reading_is_a_400(client, path):
    response = client.post(path, "[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]["en"].startswith("The body nests arrays or objects")
