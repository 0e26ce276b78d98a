"""Intake screening (accreditation/screening.py): every rule at and around its boundaries.

The expected figures below are written out from DESIGN §2 and issue 3, not read from the code or
the reference tables, so that a wrong number in either is caught. The properties compare the
report with an exact oracle (fractions) over many generated dossiers.
"""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accreditation.content import empty_content
from accreditation.models import CreditSystem, JurisdictionProfile, LevelFramework
from accreditation.reference_data import (
    load_credit_systems,
    load_jurisdiction_profiles,
    load_level_frameworks,
)
from accreditation.screening import ReferenceData, screen
from tests.accreditation.factories import complete_content

pytestmark = pytest.mark.django_db

#: Hours per credit, lowest and highest (DESIGN §2).
HOURS_PER_CREDIT = {
    "JP": (45, 45),
    "ECTS": (25, 30),
    "NZ": (10, 10),
    "UK": (10, 10),
    "MY": (40, 40),
    "UAE": (15, 15),
    "US": (45, 45),
}
#: Lowest level, highest level, step.
LEVELS = {
    "JEQF": (1, 8, 1),
    "EQF": (1, 8, 1),
    "MQF": (1, 8, 1),
    "AQF": (1, 10, 1),
    "NZQF": (1, 10, 1),
    "NSQF": (1, 10, Fraction(1, 2)),
}
#: Size rules in total notional hours: at least, at most (None: no bound).
SIZE_RULES = {
    "JP": (60, None),
    "EU": (25, 1770),
    "NZ": (10, 400),
    "UAE": (15, 180),
    "MY": (40, None),
    "AU": (1, None),
    "US": (None, None),
}
MACRO_HOURS = 1500
HALF = Fraction(1, 2)


@pytest.fixture(autouse=True)
def reference_tables(db):
    """The reference tables as the data migration loads them (a flush may have emptied them)."""
    load_credit_systems(CreditSystem)
    load_level_frameworks(LevelFramework)
    load_jurisdiction_profiles(JurisdictionProfile)


@pytest.fixture
def reference(reference_tables):
    return ReferenceData.load()


def json_number(value):
    """A Fraction as a JSON number: an int when whole, else the float (exact for quarters)."""
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else float(value)


def with_hours(contact, self_study=0, assessment=0, /, **overrides):
    hours = {
        "contact": json_number(contact),
        "self_study": json_number(self_study),
        "assessment": json_number(assessment),
        "credits_claimed": overrides.pop("credits_claimed", []),
    }
    return complete_content(learning_hours=hours, **overrides)


def check(report, check_id):
    found = [c for c in report["checks"] if c["id"] == check_id]
    assert len(found) == 1, (check_id, [c["id"] for c in report["checks"]])
    return found[0]


def status(content, check_id, reference=None):
    return check(screen(content, reference), check_id)["status"]


# The complete dossier and the report's shape


def test_a_complete_dossier_is_eligible_with_every_check_passing():
    report = screen(complete_content())
    assert report["eligible"] is True
    assert [(c["id"], c["status"]) for c in report["checks"]] == [
        ("assessment_present", "pass"),
        ("awarded_on_assessment", "pass"),
        ("outcomes_present", "pass"),
        ("level_valid", "pass"),
        ("size:JP", "pass"),
        ("not_macro", "pass"),
    ]


def test_every_message_is_given_in_japanese_and_english():
    content = with_hours(
        30,
        20,
        5,
        jurisdiction_profiles=["JP", "EU", "US", "XX"],
        credits_claimed=[{"system": "ECTS", "value": 2}, {"system": "JP", "value": 9}],
        assessment={
            "awarded_on": "participation",
            "methods": [],
            "supervision": "unsupervised_no_id",
        },
        learning_outcomes=[],
        level={"framework": "JEQF", "value": 9},
    )
    report = screen(content)
    statuses = {c["status"] for c in report["checks"]}
    assert statuses == {"pass", "fail", "warn"}
    for item in report["checks"]:
        message = item["message"]
        assert set(message) == {"ja", "en"}, item["id"]
        assert message["ja"].strip() and message["en"].strip(), item["id"]
        assert "%(" not in message["ja"] + message["en"], item["id"]


def test_size_messages_quote_the_rule_in_the_readers_language():
    report = screen(with_hours(59.5, jurisdiction_profiles=["JP"]))
    message = check(report, "size:JP")["message"]
    assert "履修証明プログラム：60時間以上" in message["ja"]
    assert "at least 60 hours" in message["en"]
    assert "59.5" in message["en"]
    assert "履修証明プログラム" not in message["en"]


def test_messages_name_the_jurisdiction_and_the_credit_system_not_their_codes():
    content = with_hours(60, credits_claimed=[{"system": "JP", "value": 1}])
    report = screen(content)
    size = check(report, "size:JP")["message"]
    credits = check(report, "credits_consistent:JP")["message"]
    assert size == {
        "ja": "60時間は 日本 の基準を満たしています：履修証明プログラム：60時間以上。",
        "en": "60 hours meets the Japan rule: Certificate programme (履修証明): at least 60 hours.",
    }
    assert credits == {
        "ja": "単位（大学設置基準）：申請 1 単位、学習時間と整合しています（1.33 ± 0.5）。",
        "en": "Japanese university credit: 1 claimed, in agreement with the hours (1.33 ± 0.5).",
    }


@pytest.mark.parametrize("junk", [None, [], "text", 3, {"learning_hours": "many"}])
def test_malformed_content_gets_a_report_not_an_error(junk):
    report = screen(junk)
    assert report["eligible"] is False
    assert check(report, "assessment_present")["status"] == "fail"
    assert check(report, "not_macro")["status"] == "fail"  # no hours: nothing to pass


# assessment_present, awarded_on_assessment, outcomes_present


@pytest.mark.parametrize(
    ("methods", "expected"),
    [(["project"], "pass"), (["exam", "portfolio"], "pass"), ([], "fail"), (None, "fail")],
)
def test_an_assessment_method_must_be_given(methods, expected):
    assessment = dict(complete_content()["assessment"], methods=methods)
    assert status(complete_content(assessment=assessment), "assessment_present") == expected


def test_no_assessment_at_all_fails_the_assessment_checks():
    content = complete_content()
    del content["assessment"]
    report = screen(content)
    assert check(report, "assessment_present")["status"] == "fail"
    assert check(report, "awarded_on_assessment")["status"] == "fail"
    assert report["eligible"] is False


@pytest.mark.parametrize(
    ("awarded_on", "expected"),
    [("assessment", "pass"), ("participation", "fail"), (None, "fail"), ("attendance", "fail")],
)
def test_the_credential_must_be_awarded_on_assessment(awarded_on, expected):
    assessment = dict(complete_content()["assessment"], awarded_on=awarded_on)
    report = screen(complete_content(assessment=assessment))
    assert check(report, "awarded_on_assessment")["status"] == expected
    assert report["eligible"] is (expected == "pass")


def test_participation_is_named_in_the_refusal():
    assessment = dict(complete_content()["assessment"], awarded_on="participation")
    message = check(screen(complete_content(assessment=assessment)), "awarded_on_assessment")
    assert "participation" in message["message"]["en"]


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        ([{"statement": {"ja": "説明できる", "en": "Can explain"}, "type": "knowledge"}], "pass"),
        ([], "fail"),
        (None, "fail"),
        ("Can explain", "fail"),
    ],
)
def test_learning_outcomes_must_be_listed(outcomes, expected):
    assert status(complete_content(learning_outcomes=outcomes), "outcomes_present") == expected


# level_valid


@pytest.mark.parametrize(
    ("framework", "value", "expected"),
    [
        *[
            (framework, value, expected)
            for framework in ("JEQF", "EQF", "MQF")
            for value, expected in [
                (0, "fail"),
                (0.5, "fail"),
                (1, "pass"),
                (4.5, "fail"),
                (7, "pass"),
                (8, "pass"),
                (8.5, "fail"),
                (9, "fail"),
                (11, "fail"),
            ]
        ],
        *[
            (framework, value, expected)
            for framework in ("AQF", "NZQF")
            for value, expected in [
                (0, "fail"),
                (1, "pass"),
                (8, "pass"),
                (8.5, "fail"),
                (9, "pass"),
                (9.5, "fail"),
                (10, "pass"),
                (10.5, "fail"),
                (11, "fail"),
            ]
        ],
        ("NSQF", 0, "fail"),
        ("NSQF", 0.5, "fail"),
        ("NSQF", 1, "pass"),
        ("NSQF", 1.5, "pass"),
        ("NSQF", 4.5, "pass"),
        ("NSQF", 4.25, "fail"),
        ("NSQF", 8.5, "pass"),
        ("NSQF", 9, "pass"),
        ("NSQF", 10, "pass"),
        ("NSQF", 10.5, "fail"),
        ("NSQF", 11, "fail"),
        ("JEQF", -1, "fail"),
    ],
)
def test_the_level_must_exist_in_its_framework(framework, value, expected):
    content = complete_content(level={"framework": framework, "value": value})
    report = screen(content)
    assert check(report, "level_valid")["status"] == expected
    assert report["eligible"] is (expected == "pass")


@pytest.mark.parametrize(
    "level",
    [
        {"framework": "XQF", "value": 5},
        {"value": 5},
        {"framework": "JEQF"},
        {"framework": "JEQF", "value": "5"},
        {"framework": "JEQF", "value": True},
        {"framework": "JEQF", "value": None},
        "JEQF 5",
        None,
    ],
)
def test_a_missing_or_unknown_level_fails(level):
    assert status(complete_content(level=level), "level_valid") == "fail"


def test_a_refused_level_says_what_the_framework_allows():
    def refusal(framework, value):
        content = complete_content(level={"framework": framework, "value": value})
        return check(screen(content), "level_valid")["message"]["en"]

    assert refusal("JEQF", 8.5) == "JEQF has no level 8.5: it runs from 1 to 8 (whole levels only)."
    assert refusal("NSQF", 11) == "NSQF has no level 11: it runs from 1 to 10."


# size:<PROFILE>


SIZE_CASES = [
    ("JP", 0, "fail"),
    ("JP", 59.5, "fail"),
    ("JP", 60, "pass"),
    ("JP", 60.5, "pass"),
    ("JP", 1499.5, "pass"),
    ("EU", 24.5, "fail"),
    ("EU", 25, "pass"),
    ("EU", 1770, "pass"),
    ("EU", 1770.5, "fail"),
    ("NZ", 9.5, "fail"),
    ("NZ", 10, "pass"),
    ("NZ", 400, "pass"),
    ("NZ", 400.5, "fail"),
    ("UAE", 14.5, "fail"),
    ("UAE", 15, "pass"),
    ("UAE", 180, "pass"),
    ("UAE", 180.5, "fail"),
    ("MY", 39.5, "fail"),
    ("MY", 40, "pass"),
    ("MY", 1000, "pass"),
    ("AU", 0, "fail"),
    ("AU", 0.5, "fail"),
    ("AU", 1, "pass"),
    ("AU", 1000, "pass"),
    ("US", 0, "fail"),  # no numeric rule, but 0 hours is hours not given yet
    ("US", 1, "pass"),
    ("US", 1770.5, "pass"),
]


@pytest.mark.parametrize(("profile", "hours", "expected"), SIZE_CASES)
def test_each_jurisdiction_size_rule_at_its_bounds(profile, hours, expected):
    report = screen(with_hours(hours, jurisdiction_profiles=[profile]))
    assert check(report, f"size:{profile}")["status"] == expected


def test_the_size_counts_contact_self_study_and_assessment_hours():
    assert status(with_hours(20, 20, 19.5), "size:JP") == "fail"
    assert status(with_hours(20, 20, 20), "size:JP") == "pass"
    assert status(with_hours(0, 0, 60), "size:JP") == "pass"


def test_the_united_states_has_no_numeric_rule_and_passes_with_its_note():
    item = check(screen(with_hours(3, jurisdiction_profiles=["US"])), "size:US")
    assert item["status"] == "pass"
    assert "no numeric rule" in item["message"]["en"]
    assert "数値基準なし" in item["message"]["ja"]


def test_each_listed_profile_is_checked_once():
    report = screen(with_hours(30, jurisdiction_profiles=["JP", "EU", "JP", 7, "NZ"]))
    size_checks = [(c["id"], c["status"]) for c in report["checks"] if c["id"].startswith("size:")]
    assert size_checks == [("size:JP", "fail"), ("size:EU", "pass"), ("size:NZ", "pass")]
    assert report["eligible"] is False


def test_an_unknown_profile_fails():
    report = screen(with_hours(100, jurisdiction_profiles=["XX"]))
    assert check(report, "size:XX")["status"] == "fail"
    assert report["eligible"] is False


def test_no_profile_means_no_size_check():
    report = screen(with_hours(5, jurisdiction_profiles=[]))
    assert not [c for c in report["checks"] if c["id"].startswith("size:")]


# credits_consistent:<SYSTEM>


@pytest.mark.parametrize(
    ("system", "hours", "claimed", "expected"),
    [
        # One figure per credit: |claimed − hours ÷ h| ≤ 0.5, exactly 0.5 included.
        ("JP", 90, 2, "pass"),
        ("JP", 90, 1.5, "pass"),
        ("JP", 90, 2.5, "pass"),
        ("JP", 90, 1.4, "fail"),
        ("JP", 90, 2.6, "fail"),
        ("JP", 60, 1.8, "pass"),  # 60 ÷ 45 = 1.333…: 0.466… away
        ("JP", 60, 1.9, "fail"),  # 0.566… away
        ("JP", 60, 0.9, "pass"),
        ("JP", 60, 0.8, "fail"),
        ("NZ", 100, 9.5, "pass"),
        ("NZ", 100, 10.5, "pass"),
        ("NZ", 100, 9.4, "fail"),
        ("NZ", 100, 10.6, "fail"),
        ("UK", 100, 10.5, "pass"),
        ("UK", 100, 10.6, "fail"),
        ("MY", 160, 3.5, "pass"),
        ("MY", 160, 4.5, "pass"),
        ("MY", 160, 3.4, "fail"),
        ("MY", 160, 4.6, "fail"),
        ("UAE", 60, 3.5, "pass"),
        ("UAE", 60, 4.5, "pass"),
        ("UAE", 60, 3.4, "fail"),
        ("UAE", 60, 4.6, "fail"),
        ("US", 180, 3.5, "pass"),
        ("US", 180, 4.6, "fail"),
        # ECTS: between hours ÷ 30 − 0.5 and hours ÷ 25 + 0.5.
        ("ECTS", 150, 4.5, "pass"),
        ("ECTS", 150, 4.4, "fail"),
        ("ECTS", 150, 5, "pass"),
        ("ECTS", 150, 6, "pass"),
        ("ECTS", 150, 6.5, "pass"),
        ("ECTS", 150, 6.6, "fail"),
        ("ECTS", 60, 1.5, "pass"),  # 60 ÷ 30 − 0.5
        ("ECTS", 60, 2.9, "pass"),  # 60 ÷ 25 + 0.5
        ("ECTS", 60, 3, "fail"),
    ],
)
def test_a_credit_claim_must_agree_with_the_hours(system, hours, claimed, expected):
    content = with_hours(hours, credits_claimed=[{"system": system, "value": claimed}])
    report = screen(content)
    assert check(report, f"credits_consistent:{system}")["status"] == expected
    assert report["eligible"] is (expected == "pass")


def test_each_claim_is_checked_on_its_own():
    content = with_hours(
        150,
        credits_claimed=[{"system": "ECTS", "value": 5}, {"system": "JP", "value": 5}],
    )
    report = screen(content)
    assert check(report, "credits_consistent:ECTS")["status"] == "pass"
    assert check(report, "credits_consistent:JP")["status"] == "fail"
    assert "expected 3.33 ± 0.5" in check(report, "credits_consistent:JP")["message"]["en"]
    assert report["eligible"] is False


@pytest.mark.parametrize(
    "claim",
    [{"system": "XX", "value": 2}, {"system": "JP"}, {"system": "JP", "value": "2"}, "2 JP"],
)
def test_an_unreadable_credit_claim_fails(claim):
    report = screen(with_hours(90, credits_claimed=[claim]))
    failed = [c for c in report["checks"] if c["id"].startswith("credits_consistent:")]
    assert [c["status"] for c in failed] == ["fail"]
    assert report["eligible"] is False


# not_macro


@pytest.mark.parametrize(
    ("hours", "expected"), [(1000, "pass"), (1499.5, "pass"), (1500, "fail"), (1500.5, "fail")]
)
def test_a_degree_sized_programme_is_not_a_micro_credential(hours, expected):
    content = with_hours(hours / 2, hours / 2, jurisdiction_profiles=["US"])
    report = screen(content)
    assert check(report, "not_macro")["status"] == expected
    assert report["eligible"] is (expected == "pass")


def test_the_degree_size_is_a_setting(settings):
    settings.ACCREDITATION_MACRO_HOURS = 1000
    assert status(with_hours(999.5), "not_macro") == "pass"
    assert status(with_hours(1000), "not_macro") == "fail"


# Hours not given yet: a check without data never passes


def test_the_empty_form_passes_no_check_on_hours_it_does_not_have():
    # Given what "New dossier" saves before anything is typed (0, 0 and 0 hours), with a
    # credit claim and a profile that has no numeric size rule,
    content = empty_content()
    content["learning_hours"]["credits_claimed"] = [{"system": "JP", "value": 2}]
    content["jurisdiction_profiles"] = ["JP", "US"]
    # when it is screened,
    report = screen(content)
    # then every check that reads the hours fails, saying they are not given yet.
    by_id = {c["id"]: c for c in report["checks"]}
    hours_checks = ["size:JP", "size:US", "credits_consistent:JP", "not_macro"]
    assert [by_id[i]["status"] for i in hours_checks] == ["fail"] * 4
    assert by_id["not_macro"]["message"] == {
        "en": "The learning hours are not given yet: give the contact, self-study and "
        "assessment hours.",
        "ja": "学習時間数がまだ入力されていません。授業・自習・アセスメントの時間数を"
        "入力してください。",
    }
    assert by_id["size:US"]["message"]["en"] == (
        "The learning hours are not given yet: the US size rule cannot be checked."
    )
    assert by_id["credits_consistent:JP"]["message"]["en"] == (
        "The learning hours are not given yet: JP credits cannot be checked."
    )
    assert not [c["id"] for c in report["checks"] if "0 hours" in c["message"]["en"]]
    assert not [c["id"] for c in report["checks"] if "0時間" in c["message"]["ja"]]
    # The only check that passes reads the form's one preset answer (awarded on assessment).
    assert [c["id"] for c in report["checks"] if c["status"] == "pass"] == ["awarded_on_assessment"]
    assert report["eligible"] is False


def test_a_quarter_of_an_hour_is_hours_given():
    report = screen(with_hours(0, 0, 0.25, jurisdiction_profiles=["US"]))
    assert [check(report, i)["status"] for i in ("size:US", "not_macro")] == ["pass", "pass"]
    assert check(report, "not_macro")["message"]["en"] == (
        "0.25 hours is below the size of a degree."
    )


# identity_verification and eligibility


def test_unsupervised_assessment_without_identity_check_only_warns():
    assessment = dict(complete_content()["assessment"], supervision="unsupervised_no_id")
    report = screen(complete_content(assessment=assessment))
    assert check(report, "identity_verification")["status"] == "warn"
    assert report["eligible"] is True


@pytest.mark.parametrize(
    "supervision", ["supervised_online_id", "supervised_in_person", None, "unsupervised"]
)
def test_other_supervision_gives_no_identity_warning(supervision):
    assessment = dict(complete_content()["assessment"], supervision=supervision)
    report = screen(complete_content(assessment=assessment))
    assert "identity_verification" not in [c["id"] for c in report["checks"]]


def test_one_failure_among_passes_and_warnings_makes_it_ineligible():
    assessment = dict(complete_content()["assessment"], supervision="unsupervised_no_id")
    content = with_hours(59.5, assessment=assessment)
    report = screen(content)
    assert [c["status"] for c in report["checks"]].count("fail") == 1
    assert report["eligible"] is False


# Properties: the report against an exact oracle


def quarters(low, high):
    """Numbers in quarter hours between low and high, as exact fractions."""
    return st.integers(int(low * 4), int(high * 4)).map(lambda n: Fraction(n, 4))


def near(bounds, spread=2):
    """Numbers within `spread` of a bound, in quarters: where rules are most easily wrong."""
    offsets = quarters(-spread, spread)
    values = st.tuples(st.sampled_from(bounds), offsets).map(lambda pair: pair[0] + pair[1])
    return values.filter(lambda value: value >= 0)


@st.composite
def split_hours(draw, total):
    """`total` hours as contact, self-study and assessment, in quarters, none negative."""
    total = draw(total)
    first = draw(quarters(0, total))
    second = draw(quarters(0, total - first))
    return total, (first, second, total - first - second)


def hours_content(parts, **overrides):
    return with_hours(*parts, **overrides)


PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

_size_bounds = sorted({b for rule in SIZE_RULES.values() for b in rule if b is not None})


@PROPERTY_SETTINGS
@given(
    profile=st.sampled_from(sorted(SIZE_RULES)),
    hours=split_hours(st.one_of(quarters(0, 2000), near(_size_bounds))),
)
@example(profile="JP", hours=(Fraction(119, 2), (Fraction(119, 2), 0, 0)))
def test_property_size_rules(reference, profile, hours):
    total, parts = hours
    low, high = SIZE_RULES[profile]
    fits = total > 0 and (low is None or total >= low) and (high is None or total <= high)
    content = hours_content(parts, jurisdiction_profiles=[profile])
    assert status(content, f"size:{profile}", reference) == ("pass" if fits else "fail")


@st.composite
def credit_claims(draw):
    """A system, the hours and a claim; half of them placed right at a tolerance edge."""
    system = draw(st.sampled_from(sorted(HOURS_PER_CREDIT)))
    lowest, highest = HOURS_PER_CREDIT[system]
    if draw(st.booleans()):
        hours = draw(quarters(0, 3000))
        claimed = draw(quarters(Fraction(1, 4), 240))
    else:
        credits = draw(quarters(1, 60))
        per_credit = draw(st.sampled_from([lowest, highest]))
        hours = credits * per_credit
        edge = credits + (HALF if per_credit == lowest else -HALF)
        claimed = edge + draw(st.sampled_from([Fraction(-1, 4), 0, Fraction(1, 4)]))
        claimed = max(claimed, Fraction(1, 4))
    return system, hours, claimed


def credits_agree(system, hours, claimed):
    """The oracle: issue 3's rule written out, with the single-figure systems as a distance."""
    lowest, highest = HOURS_PER_CREDIT[system]
    if lowest == highest:
        return abs(claimed - Fraction(hours) / lowest) <= HALF
    return Fraction(hours) / highest - HALF <= claimed <= Fraction(hours) / lowest + HALF


@PROPERTY_SETTINGS
@given(claim=credit_claims())
@example(claim=("JP", 90, Fraction(5, 2)))
@example(claim=("JP", 90, Fraction(11, 4)))
@example(claim=("ECTS", 150, Fraction(13, 2)))
@example(claim=("ECTS", 150, Fraction(9, 2)))
@example(claim=("ECTS", 150, Fraction(17, 4)))
def test_property_credits_consistent(reference, claim):
    system, hours, claimed = claim
    content = with_hours(hours, credits_claimed=[{"system": system, "value": json_number(claimed)}])
    expected = "pass" if hours > 0 and credits_agree(system, hours, claimed) else "fail"
    assert status(content, f"credits_consistent:{system}", reference) == expected


@PROPERTY_SETTINGS
@given(hours=split_hours(st.one_of(quarters(0, 5000), near([MACRO_HOURS], spread=3))))
@example(hours=(Fraction(2999, 2), (Fraction(2999, 2), 0, 0)))
@example(hours=(Fraction(1500), (500, 500, 500)))
def test_property_not_macro(reference, hours):
    total, parts = hours
    expected = "pass" if 0 < total < MACRO_HOURS else "fail"
    assert status(hours_content(parts), "not_macro", reference) == expected


@PROPERTY_SETTINGS
@given(framework=st.sampled_from(sorted(LEVELS)), value=quarters(-2, 13))
@example(framework="NSQF", value=Fraction(9, 2))
@example(framework="JEQF", value=Fraction(17, 2))
def test_property_level_values(reference, framework, value):
    lowest, highest, step = LEVELS[framework]
    exists = lowest <= value <= highest and ((value - lowest) / step).denominator == 1
    content = complete_content(level={"framework": framework, "value": json_number(value)})
    assert status(content, "level_valid", reference) == ("pass" if exists else "fail")


@PROPERTY_SETTINGS
@given(
    hours=split_hours(st.one_of(quarters(0, 2000), near(_size_bounds))),
    profiles=st.lists(st.sampled_from(sorted(SIZE_RULES)), max_size=3),
    framework=st.sampled_from(sorted(LEVELS)),
    level=quarters(0, 11),
    unsupervised=st.booleans(),
)
def test_property_eligible_exactly_when_no_check_fails(
    reference, hours, profiles, framework, level, unsupervised
):
    total, parts = hours
    assessment = dict(
        complete_content()["assessment"],
        supervision="unsupervised_no_id" if unsupervised else "supervised_online_id",
    )
    content = hours_content(
        parts,
        jurisdiction_profiles=profiles,
        level={"framework": framework, "value": json_number(level)},
        assessment=assessment,
    )
    report = screen(content, reference)
    lowest, highest, step = LEVELS[framework]
    level_ok = lowest <= level <= highest and ((level - lowest) / step).denominator == 1
    sizes_ok = all(
        (SIZE_RULES[p][0] is None or total >= SIZE_RULES[p][0])
        and (SIZE_RULES[p][1] is None or total <= SIZE_RULES[p][1])
        for p in profiles
    )
    assert report["eligible"] is (level_ok and sizes_ok and 0 < total < MACRO_HOURS)
    assert report["eligible"] is not any(c["status"] == "fail" for c in report["checks"])
