"""The provider portal over HTTP: create, edit, submit; nothing typed is ever lost."""

import pytest
from django.urls import reverse

from accreditation import services
from accreditation.models import AuditEvent, Dossier, DossierState
from demo.workflow import advance
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState


def form_data(**overrides):
    """A complete dossier form as the browser posts it."""
    data = {
        "provider_reference": "DS-1",
        "title_ja": "データサイエンス入門",
        "title_en": "Introduction to Data Science",
        "summary_ja": "基礎を学ぶ。",
        "summary_en": "Learn the basics.",
        "field_of_study": "digital",
        "design_pattern": "standalone",
        "aim_ja": "データ人材の育成。",
        "target_learners_ja": "社会人",
        "hours_contact": "30",
        "hours_self_study": "25",
        "hours_assessment": "5",
        "delivery_mode": "online",
        "languages": ["ja"],
        "level_framework": "JEQF",
        "level_value": "5",
        "awarded_on": "assessment",
        "assessment_methods": ["project"],
        "pass_criteria_ja": "60点以上",
        "grading_scheme": "pass_fail",
        "supervision": "supervised_online_id",
        "rubric_published": "on",
        "stand_alone": "on",
        "jurisdiction_profiles": ["JP"],
        "topics-TOTAL_FORMS": "2",
        "topics-INITIAL_FORMS": "0",
        "topics-0-ja": "統計",
        "topics-0-en": "Statistics",
        "outcomes-TOTAL_FORMS": "2",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-0-statement_ja": "可視化できる",
        "outcomes-0-statement_en": "Can visualise data",
        "outcomes-0-type": "skill",
        "outcomes-1-type": "skill",
        "credits-TOTAL_FORMS": "1",
        "credits-INITIAL_FORMS": "0",
        "counts_toward-TOTAL_FORMS": "1",
        "counts_toward-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.fixture
def provider(client, people):
    client.force_login(people.provider_a)
    return client


def test_a_provider_creates_a_draft_from_the_form(provider, people):
    response = provider.post(reverse("portal:create"), form_data())
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:detail", args=[dossier.pk])
    assert dossier.organisation == people.org_a
    assert dossier.state == S.DRAFT
    assert dossier.provider_reference == "DS-1"
    content = dossier.content
    assert content["title"] == {"ja": "データサイエンス入門", "en": "Introduction to Data Science"}
    assert content["learning_hours"] == {
        "contact": 30,
        "self_study": 25,
        "assessment": 5,
        "credits_claimed": [],
    }
    assert content["level"] == {"framework": "JEQF", "value": 5}
    assert content["content"]["topics"] == [{"ja": "統計", "en": "Statistics"}]
    assert content["learning_outcomes"] == [
        {"statement": {"ja": "可視化できる", "en": "Can visualise data"}, "type": "skill"}
    ]
    assert content["assessment"]["rubric_published"] is True


def test_a_reference_taken_by_a_concurrent_create_is_the_same_refusal(
    provider, people, monkeypatch, settings
):
    """Two creates with one reference at once both pass the check; the database's unique
    constraint stops the second, which the service answers as if the check had caught it."""
    settings.LANGUAGE_CODE = "en"
    assert provider.post(reverse("portal:create"), form_data()).status_code == 302
    monkeypatch.setattr(
        "accreditation.services.dossiers._require_unused_reference", lambda *args: None
    )
    response = provider.post(reverse("portal:create"), form_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "already has a dossier with this reference" in response.content.decode()
    assert Dossier.objects.count() == 1


def test_an_invalid_form_saves_the_valid_part_and_keeps_everything_typed(provider):
    response = provider.post(
        reverse("portal:create"),
        form_data(level_value="4.3", **{"credits-0-system": "ECTS"}),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Levels are whole or half numbers." in html
    assert "Give both the credit system and the number of credits." in html
    # What was typed is still in the page, the invalid values included.
    assert 'value="4.3"' in html
    assert 'value="データサイエンス入門"' in html
    assert "可視化できる" in html
    assert 'value="統計"' in html
    # The valid part is saved: the draft exists, without the invalid level.
    dossier = Dossier.objects.get()
    assert dossier.content["title"]["ja"] == "データサイエンス入門"
    assert dossier.content["level"] == {"framework": "JEQF"}
    assert dossier.content["learning_hours"]["credits_claimed"] == []


def test_the_editor_shows_the_screening_beside_the_form(provider, people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    page = provider.get(reverse("portal:edit", args=[dossier.pk])).content.decode()
    assert 'id="screening"' in page
    assert 'data-check="size:JP"' in page
    assert reverse("portal:autosave", args=[dossier.pk]) in page


def test_an_incomplete_draft_saves_and_submission_says_what_is_missing(provider, people):
    provider.post(reverse("portal:create"), form_data(**{"outcomes-0-statement_ja": ""}))
    dossier = Dossier.objects.get()
    response = provider.post(reverse("portal:submit", args=[dossier.pk]), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "The dossier does not pass the intake screening." in messages
    assert "No learning outcome is listed." in messages
    assert Dossier.objects.get().state == S.DRAFT


def test_editing_shows_the_working_copy_and_saves_changes(provider, people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    page = provider.get(reverse("portal:edit", args=[dossier.pk]))
    assert page.context["form"].initial["title_en"] == "Introduction to Data Science"
    assert page.context["editor"].outcomes.initial[0]["statement_ja"] == "データを可視化できる"
    provider.post(
        reverse("portal:edit", args=[dossier.pk]),
        form_data(**{"title_en": "Data Science I", "topics-INITIAL_FORMS": "0"}),
    )
    dossier.refresh_from_db()
    assert dossier.content["title"]["en"] == "Data Science I"


def test_submitting_from_the_portal(provider, people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    response = provider.post(reverse("portal:submit", args=[dossier.pk]))
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == S.SUBMITTED
    assert AuditEvent.objects.filter(dossier=dossier, action="dossier.submit").count() == 1
    detail = provider.get(reverse("portal:detail", args=[dossier.pk])).content.decode()
    assert "Version 1" in detail


def test_a_submitted_dossier_cannot_be_edited(provider, people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    provider.post(reverse("portal:submit", args=[dossier.pk]))
    response = provider.post(reverse("portal:edit", args=[dossier.pk]), form_data(title_en="X"))
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.content["title"]["en"] == "Introduction to Data Science"


def test_the_dossier_list_runs_a_constant_number_of_queries(
    provider, people, django_assert_max_num_queries
):
    make_dossier(people.org_a, author=people.provider_a)
    with django_assert_max_num_queries(20) as few:
        provider.get(reverse("portal:list"))
    for _ in range(10):
        make_dossier(people.org_a, author=people.provider_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = provider.get(reverse("portal:list"))
    assert len(response.context["page"]) == 11


CONTENT_CARD = [
    (S.DRAFT, "Working copy"),
    (S.REVISION_REQUESTED, "Working copy"),
    (S.SUBMITTED, "Version 1 as submitted"),
    (S.AWAITING_DECISION, "Version 1 as submitted"),
    (S.REJECTED, "Version 1 as submitted"),
    (S.WITHDRAWN, "Version 1 as submitted"),
    (S.ACCREDITED, "Accredited version (version 1)"),
    (S.SUSPENDED, "Accredited version (version 1)"),
]


@pytest.mark.parametrize(("state", "heading"), CONTENT_CARD)
def test_the_content_card_says_which_content_it_shows(provider, people, state, heading):
    # Given a dossier in `state`,
    dossier = advance(make_dossier(people.org_a, author=people.provider_a), state, people.cast())
    # when its provider opens it,
    response = provider.get(reverse("portal:detail", args=[dossier.pk]))
    # then the card is headed by what it shows: the working copy only while it can be edited.
    shown = response.context["shown"]
    assert str(shown.heading) == heading
    assert f'<h2 style="margin-top:0">{heading}</h2>' in response.content.decode()
    if dossier.is_editable():
        assert shown.version is None and shown.content == dossier.content
    else:
        assert shown.version == dossier.versions.get(number=1)
        assert shown.content == shown.version.content


def test_a_draft_withdrawn_before_submission_is_not_called_a_working_copy(provider, people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    services.dossier_withdraw(actor=people.provider_a, dossier=dossier, reason="")
    response = provider.get(reverse("portal:detail", args=[dossier.pk]))
    assert str(response.context["shown"].heading) == "Draft as withdrawn (never submitted)"
    assert response.context["shown"].version is None


def test_the_japanese_content_card_of_an_accredited_dossier_is_not_a_working_copy(
    provider, people, settings
):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.ACCREDITED, people.cast()
    )
    provider.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    html = provider.get(reverse("portal:detail", args=[dossier.pk])).content.decode()
    assert "認証された版（第1版）" in html
    assert "編集中の内容" not in html
