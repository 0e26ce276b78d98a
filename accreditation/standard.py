"""The standard's scoring rule (DESIGN §3): each of the six fields is scored 0–3 by each
reviewer; a field passes when the mean is at least PASS_MEAN and no reviewer gave 0; the
reviewers disagree on a field when their scores span DISAGREEMENT_SPREAD or more.

The rule's constants are the one statement of it: the reviewers' decision support scores by
`summarise`, and every page that states the rule renders it from here (`pass_rule`,
`disagreement_rule`; the editorial pages' first text formats them in). Pure functions.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

LOWEST_SCORE, HIGHEST_SCORE = 0, 3
PASS_MEAN = 2
DISAGREEMENT_SPREAD = 2


@dataclass(frozen=True)
class CriterionSummary:
    scores: tuple
    mean: float | None
    passes: bool | None
    disagreement: bool


def summarise(scores):
    """A field's scores, their mean, whether it passes and whether the reviewers disagree."""
    scores = tuple(s for s in scores if s is not None)
    if not scores:
        return CriterionSummary(scores=(), mean=None, passes=None, disagreement=False)
    mean = sum(scores) / len(scores)
    return CriterionSummary(
        scores=scores,
        mean=round(mean, 2),
        # Compared in integers: a mean of exactly 2 passes, whatever float division rounds to.
        passes=sum(scores) >= PASS_MEAN * len(scores) and LOWEST_SCORE not in scores,
        disagreement=max(scores) - min(scores) >= DISAGREEMENT_SPREAD,
    )


def scale():
    """How a field is scored, in the reader's language."""
    return _("Each field is scored from %(lowest)s to %(highest)s.") % {
        "lowest": LOWEST_SCORE,
        "highest": HIGHEST_SCORE,
    }


def pass_rule():
    """When a field passes, in the reader's language."""
    return _(
        "A field passes when its mean score is at least %(mean)s and no reviewer gave %(lowest)s."
    ) % {
        "mean": PASS_MEAN,
        "lowest": LOWEST_SCORE,
    }


def disagreement_rule():
    """When the desk is told the reviewers disagree, in the reader's language."""
    return _("Scores %(spread)s or more apart are flagged.") % {"spread": DISAGREEMENT_SPREAD}
