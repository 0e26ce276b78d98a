"""The dossier editor: the full schema round-trips through the form, and autosave loses nothing."""

import json

import pytest
from django.urls import reverse

from accreditation.content import Language
from accreditation.dossier_form import DossierEditor
from accreditation.models import Dossier, DossierState
from tests.accreditation.factories import complete_content
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db


def full_content():
    """Every optional property of the schema filled in, as a provider would describe a course."""
    content = complete_content()
    content["isced_f"] = "0613"
    content["purpose"]["need_evidence"] = {"ja": "求人調査による。", "en": "From job surveys."}
    content["learning_hours"]["credits_claimed"] = [
        {"system": "JP", "value": 1},
        {"system": "ECTS", "value": 2},
    ]
    content["content"]["teaching_methods"] = {"ja": "演習", "en": "Exercises"}
    content["prerequisites"] = {"ja": "高校数学", "en": "High-school mathematics"}
    content["learning_outcomes"][0]["skill_uri"] = "http://data.europa.eu/esco/skill/abc"
    content["stackability"] = {
        "stand_alone": False,
        "counts_toward": [
            {
                "qualification": {"ja": "修士(情報)", "en": "Master of Informatics"},
                "institution": "Example University",
                "credits": 2,
                "system": "JP",
            }
        ],
    }
    content["fee"] = {"amount": 30000, "currency": "JPY"}
    content["credential_validity_years"] = 5
    content["further_information_url"] = "https://example.org/course"
    content["jurisdiction_profiles"] = ["JP", "EU"]
    return content


def as_post(editor):
    """What the browser posts for an editor page: every field's shown value, rows included."""
    data = {}
    forms = [editor.form] + [form for rows in editor.rows.values() for form in rows.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, list):
                data[key] = [str(item) for item in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = getattr(value, "code", value)
    for prefix, rows in editor.rows.items():
        management = rows.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{prefix}-{name}"] = management[name].value()
    return data


def test_every_property_of_the_schema_survives_the_form_round_trip():
    content = full_content()
    editor = DossierEditor(as_post(DossierEditor(content=content)), content=content)
    assert editor.is_valid(), editor.errors_as_lines()
    assert editor.to_content() == content


def test_a_deleted_row_is_dropped():
    content = full_content()
    data = as_post(DossierEditor(content=content))
    data["credits-1-DELETE"] = "on"
    editor = DossierEditor(data, content=content)
    editor.is_valid()
    assert editor.to_content()["learning_hours"]["credits_claimed"] == [
        {"system": "JP", "value": 1}
    ]


def test_an_invalid_field_keeps_the_working_copy_value():
    content = full_content()
    data = as_post(DossierEditor(content=content))
    data["level_value"] = "4.3"
    data["further_information_url"] = "not a web address"
    data["title_en"] = "Data Science II"
    editor = DossierEditor(data, content=content)
    assert not editor.is_valid()
    saved = editor.to_content()
    assert saved["level"]["value"] == content["level"]["value"]
    assert saved["further_information_url"] == "https://example.org/course"
    assert saved["title"]["en"] == "Data Science II"
    assert len(editor.errors_as_lines()) == 2


@pytest.fixture
def provider(client, people):
    client.force_login(people.provider_a)
    return client


def test_autosave_saves_and_answers_the_screening(provider, people):
    draft = make_dossier(people.org_a, author=people.provider_a)
    data = as_post(DossierEditor(content=draft.content))
    data["hours_self_study"] = "1500"
    response = provider.post(reverse("portal:autosave", args=[draft.pk]), data)
    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["saved"] is True
    assert answer["errors"] == []
    assert answer["eligible"] is False
    assert 'data-check="not_macro"' in answer["screening_html"]
    draft.refresh_from_db()
    assert draft.content["learning_hours"]["self_study"] == 1500


def test_autosave_with_an_invalid_field_saves_the_rest_and_names_the_field(provider, people):
    draft = make_dossier(people.org_a, author=people.provider_a)
    data = as_post(DossierEditor(content=draft.content))
    data["level_value"] = "eleven"
    data["summary_en"] = "Changed while typing."
    answer = json.loads(provider.post(reverse("portal:autosave", args=[draft.pk]), data).content)
    assert answer["saved"] is True
    assert [line.split(":")[0] for line in answer["errors"]] == ["Level in the framework"]
    draft.refresh_from_db()
    assert draft.content["summary"]["en"] == "Changed while typing."
    assert draft.content["level"]["value"] == 5


def test_autosave_refuses_a_submitted_dossier_and_another_organisations(provider, people):
    submitted = make_dossier(people.org_a, author=people.provider_a)
    provider.post(reverse("portal:submit", args=[submitted.pk]))
    data = as_post(DossierEditor(content=submitted.content))
    response = provider.post(reverse("portal:autosave", args=[submitted.pk]), data)
    assert response.status_code == 409
    assert Dossier.objects.get(pk=submitted.pk).state == DossierState.SUBMITTED
    foreign = make_dossier(people.org_b)
    assert provider.post(reverse("portal:autosave", args=[foreign.pk]), data).status_code == 404


def test_the_editor_page_keeps_its_query_count_as_rows_grow(
    provider, people, django_assert_max_num_queries
):
    small = make_dossier(people.org_a, author=people.provider_a)
    content = full_content()
    content["content"]["topics"] = [{"ja": f"話題{n}", "en": f"Topic {n}"} for n in range(60)]
    content["learning_outcomes"] = content["learning_outcomes"] * 30
    large = make_dossier(people.org_a, author=people.provider_a)
    large.content = content
    large.save(update_fields=["content"])
    with django_assert_max_num_queries(30) as small_page:
        provider.get(reverse("portal:edit", args=[small.pk]))
    with django_assert_max_num_queries(len(small_page.captured_queries)):
        provider.get(reverse("portal:edit", args=[large.pk]))


def test_the_editor_and_its_screening_speak_japanese(client, people, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    client.force_login(people.provider_a)
    draft = make_dossier(people.org_a, author=people.provider_a, learning_outcomes=[])
    page = client.get(reverse("portal:edit", args=[draft.pk])).content.decode()
    assert "受付スクリーニング" in page
    assert "学習成果が記入されていません。" in page
    assert "学習成果を追加" in page
    assert "（日本語）" in page


def test_the_form_offers_the_domains_one_list_of_languages():
    field = DossierEditor(content=complete_content()).form.fields["languages"]
    assert [code for code, _label in field.choices] == Language.values
    assert len(Language.values) == 12


@pytest.mark.parametrize(
    ("language", "shown"),
    [("ja", "日本語, 中国語, 韓国語"), ("en", "Japanese, Chinese, Korean")],
)
def test_languages_of_instruction_are_named_in_the_pages_language(
    client, people, settings, language, shown
):
    # Given a course taught in Japanese, Chinese and Korean,
    body = complete_content()["content"]
    dossier = make_dossier(
        people.org_a, author=people.provider_a, content={**body, "languages": ["ja", "zh", "ko"]}
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(people.provider_a)
    # when its provider reads it and opens the form,
    detail = client.get(reverse("portal:detail", args=[dossier.pk])).content.decode()
    form = client.get(reverse("portal:edit", args=[dossier.pk])).content.decode()
    # then every language is named, none shown as its code.
    assert f"<dd>{shown}</dd>" in detail
    for code, name in zip(("ja", "zh", "ko"), shown.split(", "), strict=True):
        assert f'value="{code}"' in form
        assert f"{name}</label>" in form
