"""The standard's scoring rule (accreditation/standard.py): how a field passes, and every
statement of the rule rendered from its constants."""

import pytest
from django.template import Context, Template
from django.utils import translation

from accreditation import standard
from accreditation.standard import summarise

RULES = "{% load standard_rules %}{% scoring_scale %} {% pass_rule %} {% disagreement_rule %}"


@pytest.mark.parametrize(
    ("scores", "passes", "disagreement"),
    [
        ((2, 2, 2), True, False),
        ((1, 3), True, True),  # a mean of exactly 2 passes
        ((3, 3, 0), False, True),  # a 0 fails the field whatever the mean
        ((2, 1), False, False),
        ((3, 2, None), True, False),  # a review not in yet does not count
    ],
)
def test_a_field_passes_at_the_mean_without_a_zero(scores, passes, disagreement):
    summary = summarise(scores)
    assert (summary.passes, summary.disagreement) == (passes, disagreement)


def test_no_score_yet_decides_nothing():
    assert summarise([None, None]).passes is None


def test_pages_state_the_rule_from_its_constants(monkeypatch):
    monkeypatch.setattr(standard, "PASS_MEAN", 3)
    monkeypatch.setattr(standard, "DISAGREEMENT_SPREAD", 1)
    english = Template(RULES).render(Context())
    assert english == (
        "Each field is scored from 0 to 3. A field passes when its mean score is at least 3 "
        "and no reviewer gave 0. Scores 1 or more apart are flagged."
    )
    with translation.override("ja"):
        japanese = Template(RULES).render(Context())
    assert "平均点が3以上" in japanese and "1以上の差" in japanese
    assert summarise((2, 2)).passes is False  # the rule itself reads the same constant
