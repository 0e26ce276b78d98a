"""The dossier schema (accreditation/schema.py): validate() names each problem by its JSON
pointer, in Japanese and English. tests/test_standards_files.py compares the file with the
reference copy."""

import pytest
from django.conf import settings
from django.utils import translation

from accreditation.content import TEXT_LANGUAGES
from accreditation.schema import schema, validate
from tests.accreditation.factories import complete_content


def pointers(problems):
    return [problem["pointer"] for problem in problems]


def english(problems):
    return {problem["pointer"]: problem["message"]["en"] for problem in problems}


def test_a_complete_dossier_conforms():
    assert validate(complete_content()) == []


def test_each_missing_required_property_is_one_problem_at_its_own_pointer():
    problems = validate({})
    assert pointers(problems) == sorted(
        "/" + name
        for name in [
            "title",
            "summary",
            "field_of_study",
            "design_pattern",
            "purpose",
            "learning_hours",
            "content",
            "level",
            "assessment",
            "learning_outcomes",
            "stackability",
            "jurisdiction_profiles",
        ]
    )
    assert {p["message"]["en"] for p in problems} == {"This field is required."}


def test_missing_nested_properties_point_inside_their_object():
    content = complete_content(learning_hours={"contact": 10})
    assert english(validate(content)) == {
        "/learning_hours/assessment": "This field is required.",
        "/learning_hours/self_study": "This field is required.",
    }
    level = complete_content(level={})
    assert pointers(validate(level)) == ["/level/framework", "/level/value"]


def test_only_the_missing_properties_are_listed():
    content = complete_content()
    del content["title"], content["level"]
    assert pointers(validate(content)) == ["/level", "/title"]


@pytest.mark.parametrize(
    ("overrides", "pointer", "message"),
    [
        ({"title": "Data science"}, "/title", "Expected an object."),
        ({"level": {"framework": "JEQF", "value": "five"}}, "/level/value", "Expected a number."),
        ({"learning_outcomes": {}}, "/learning_outcomes", "Expected a list."),
        (
            {"credential_validity_years": 2.5},
            "/credential_validity_years",
            "Expected a whole number.",
        ),
        ({"provider_reference": 7}, "/provider_reference", "Expected a text."),
    ],
)
def test_a_wrong_type_names_the_expected_type(overrides, pointer, message):
    assert english(validate(complete_content(**overrides))) == {pointer: message}


@pytest.mark.parametrize(
    "url", ["not a url", "ftp://example.org/file", "example.org/page", "https://", "//example.org"]
)
def test_a_web_address_must_be_a_full_http_url(url):
    problems = validate(complete_content(further_information_url=url))
    assert english(problems) == {"/further_information_url": "Give a full web address (https://…)."}


@pytest.mark.parametrize("url", ["https://example.org/", "http://example.ac.jp/mc?id=3"])
def test_full_web_addresses_conform(url):
    assert validate(complete_content(further_information_url=url)) == []


def test_a_skill_uri_inside_a_list_is_pointed_at_by_index():
    outcomes = complete_content()["learning_outcomes"]
    bad = dict(outcomes[0], skill_uri="esco:skill")
    problems = validate(complete_content(learning_outcomes=[outcomes[0], bad]))
    assert pointers(problems) == ["/learning_outcomes/1/skill_uri"]


def test_limits_enums_and_unknown_fields_are_explained():
    content = complete_content(
        level={"framework": "XQF", "value": 11},
        extra="?",
    )
    assert english(validate(content)) == {
        "/extra": "“extra” is not a field of the dossier.",
        "/level/framework": "Choose one of: JEQF, EQF, AQF, NZQF, MQF, NSQF.",
        "/level/value": "The value must be at most 10.",
    }


def test_problems_are_sorted_by_pointer_and_not_repeated():
    content = complete_content(title="x", summary="y", level={"framework": "JEQF"})
    problems = validate(content)
    assert pointers(problems) == ["/level/value", "/summary", "/title"]
    assert len({(p["pointer"], p["message"]["en"]) for p in problems}) == len(problems)


@pytest.mark.parametrize("active", ["ja", "en"])
def test_messages_come_in_both_languages_whatever_the_active_one(active):
    content = complete_content(title=3, further_information_url="nope")
    del content["summary"]
    with translation.override(active):
        problems = validate(content)
    assert len(problems) == 3
    for problem in problems:
        assert set(problem["message"]) == {"ja", "en"}
        assert problem["message"]["ja"].strip() and problem["message"]["en"].strip()
        assert problem["message"]["ja"] != problem["message"]["en"]
    required = next(p for p in problems if p["pointer"] == "/summary")["message"]
    assert required == {"ja": "この項目は必須です。", "en": "This field is required."}


LISTED = "ja, en, zh, ko, vi, id, ms, th, fr, de, es, pt"


def test_a_language_of_instruction_outside_the_list_is_pointed_at():
    body = complete_content()["content"]
    content = complete_content(content={**body, "languages": ["ja", "xx", "zh", "jp"]})
    assert english(validate(content)) == {
        "/content/languages/1": f"Choose one of: {LISTED}.",
        "/content/languages/3": f"Choose one of: {LISTED}.",
    }


def test_every_listed_language_conforms():
    body = complete_content()["content"]
    content = complete_content(content={**body, "languages": LISTED.split(", ")})
    assert validate(content) == []


def test_the_languages_of_a_text_are_the_schemas_and_the_sites():
    """TEXT_LANGUAGES, which every bilingual text is read and written in, is the dossier
    schema's "text" (Japanese required) and the site's languages, in the same order."""
    text = schema()["$defs"]["text"]
    assert tuple(text["properties"]) == TEXT_LANGUAGES
    assert text["required"] == [TEXT_LANGUAGES[0]]
    assert tuple(code for code, _name in settings.LANGUAGES) == TEXT_LANGUAGES
