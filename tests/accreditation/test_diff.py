"""The field-by-field diff between two versions of a dossier's content."""

import copy

import pytest
from django.utils import translation

from accreditation.content import place_label
from accreditation.diff import ADDED, CHANGED, REMOVED, Change, diff_versions, render_value
from tests.accreditation.factories import complete_content


def outcome(ja, en, kind="skill"):
    return {"statement": {"ja": ja, "en": en}, "type": kind}


def changes_of(old, new):
    return [(c.pointer, c.kind, c.old, c.new) for c in diff_versions(old, new)]


def test_identical_contents_have_no_changes():
    content = complete_content()
    assert diff_versions(content, copy.deepcopy(content)) == []


def test_a_scalar_change_names_its_field_with_both_values():
    old = complete_content()
    new = complete_content(learning_hours={**old["learning_hours"], "contact": 40})
    [change] = diff_versions(old, new)
    assert change == Change("/learning_hours/contact", CHANGED, 30, 40)
    assert str(change.label) == "Learning hours: contact"


def test_a_change_of_the_japanese_text_alone_is_one_change_of_that_text():
    old = complete_content()
    new = copy.deepcopy(old)
    new["assessment"]["pass_criteria"]["ja"] = "課題で70点以上"
    assert changes_of(old, new) == [
        ("/assessment/pass_criteria/ja", CHANGED, "課題で60点以上", "課題で70点以上")
    ]
    assert str(diff_versions(old, new)[0].label) == "Assessment: pass criteria"


def test_an_added_outcome_is_one_added_row():
    old = complete_content()
    added = outcome("説明できる", "Can explain", "knowledge")
    new = complete_content(learning_outcomes=[*old["learning_outcomes"], added])
    assert changes_of(old, new) == [("/learning_outcomes/1", ADDED, None, added)]
    assert str(diff_versions(old, new)[0].label) == "Learning outcomes"


def test_removing_the_first_outcome_does_not_shift_the_others_into_changes():
    first, second, third = outcome("一", "One"), outcome("二", "Two"), outcome("三", "Three")
    old = complete_content(learning_outcomes=[first, second, third])
    new = complete_content(learning_outcomes=[second, third])
    assert changes_of(old, new) == [("/learning_outcomes/0", REMOVED, first, None)]


def test_an_edited_outcome_among_others_is_compared_field_by_field():
    first, second = outcome("一", "One"), outcome("二", "Two")
    edited = outcome("二", "Two, better")
    old = complete_content(learning_outcomes=[first, second])
    new = complete_content(learning_outcomes=[first, edited])
    assert changes_of(old, new) == [
        ("/learning_outcomes/1/statement/en", CHANGED, "Two", "Two, better")
    ]


def test_topics_replaced_and_appended():
    old = complete_content()
    old["content"]["topics"] = [{"ja": "統計", "en": "Statistics"}]
    new = copy.deepcopy(old)
    new["content"]["topics"] = [
        {"ja": "統計", "en": "Statistics"},
        {"ja": "機械学習", "en": "Machine learning"},
    ]
    assert changes_of(old, new) == [
        ("/content/topics/1", ADDED, None, {"ja": "機械学習", "en": "Machine learning"})
    ]


def test_a_credit_claim_added_where_there_was_none():
    old = complete_content()
    new = copy.deepcopy(old)
    new["learning_hours"]["credits_claimed"] = [{"system": "ECTS", "value": 2}]
    assert changes_of(old, new) == [
        ("/learning_hours/credits_claimed/0", ADDED, None, {"system": "ECTS", "value": 2})
    ]


def test_lists_of_codes_change_as_a_whole():
    old = complete_content()
    new = copy.deepcopy(old)
    new["assessment"]["methods"] = ["project", "exam"]
    assert changes_of(old, new) == [
        ("/assessment/methods", CHANGED, ["project"], ["project", "exam"])
    ]


def test_fields_added_and_removed_at_the_top_level():
    old = complete_content(fee={"amount": 10000, "currency": "JPY"})
    new = complete_content(prerequisites={"ja": "なし", "en": "None"})
    del new["design_pattern"]
    assert changes_of(old, new) == [
        ("/prerequisites", ADDED, None, {"ja": "なし", "en": "None"}),
        ("/design_pattern", REMOVED, "standalone", None),
        ("/fee", REMOVED, {"amount": 10000, "currency": "JPY"}, None),
    ]


def test_render_value_reads_texts_lists_and_flags():
    assert render_value({"ja": "統計", "en": "Statistics"}) == "統計 / Statistics"
    assert render_value(["project", "exam"]) == "project, exam"
    assert render_value(True) == "Yes"
    assert render_value(None) == ""
    assert render_value({"system": "ECTS", "value": 2}) == "system: ECTS; value: 2"


@pytest.mark.parametrize(
    ("pointer", "en", "ja"),
    [
        (
            "/learning_outcomes/0/statement/ja",
            "Learning outcome 1 · Statement (Japanese)",
            "学習成果 1・記述（日本語）",
        ),
        ("/learning_outcomes/2", "Learning outcome 3", "学習成果 3"),
        ("/title/en", "Title (English)", "名称（英語）"),
        ("/content/topics/1/ja", "Topic 2 (Japanese)", "学習内容 2（日本語）"),
        ("/learning_hours/credits_claimed/0/system", "Credit claim 1 · Credit system", None),
        ("/level/value", "Level: value", None),
        ("/fee/amount", "Fee: amount", "受講料：金額"),
        ("/not_a_field/0", "/not_a_field/0", "/not_a_field/0"),
    ],
)
def test_a_change_names_its_place_as_people_do(pointer, en, ja):
    assert place_label(pointer) == en
    if ja is not None:
        with translation.override("ja"):
            assert place_label(pointer) == ja


def test_a_change_carries_the_place_of_its_pointer():
    old = complete_content()
    new = complete_content(
        learning_outcomes=[{**old["learning_outcomes"][0], "type": "knowledge"}],
    )
    [change] = diff_versions(old, new)
    assert change.pointer == "/learning_outcomes/0/type"
    assert change.place == "Learning outcome 1 · Type"


@pytest.mark.django_db  # frameworks, credit systems and profiles are named by their tables
def test_render_value_reads_codes_by_their_labels_where_the_pointer_says_what_they_are():
    with translation.override("ja"):
        assert render_value("supervised_online_id", "/assessment/supervision") == (
            "オンライン監督・本人確認あり"
        )
        assert render_value("pass_fail", "/assessment/grading_scheme") == "合否判定"
        assert render_value(["project", "exam"], "/assessment/methods") == "プロジェクト, 試験"
        assert render_value("knowledge", "/learning_outcomes/3/type") == "知識"
        assert render_value(["JP"], "/jurisdiction_profiles") == "日本"
        outcome = {"statement": {"ja": "説明できる", "en": "Can explain"}, "type": "skill"}
        assert render_value(outcome, "/learning_outcomes/1") == (
            "記述: 説明できる / Can explain; 種別: スキル"
        )
    assert render_value({"system": "ECTS", "value": 2}, "/learning_hours/credits_claimed/0") == (
        "Credit system: ECTS credit; Credits: 2"  # the reference table's name
    )
    assert render_value("a code we do not know", "/assessment/supervision") == (
        "a code we do not know"
    )
