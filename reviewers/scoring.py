"""Decision support from submitted scores (DESIGN §3). Pure functions, no database."""

from dataclasses import dataclass

PASS_MEAN = 2
DISAGREEMENT_SPREAD = 2


@dataclass(frozen=True)
class CriterionSummary:
    scores: tuple
    mean: float | None
    passes: bool | None
    disagreement: bool


def summarise(scores):
    """A criterion passes when its mean is at least 2 and no reviewer gave 0; reviewers
    disagree when the scores span 2 or more."""
    scores = tuple(s for s in scores if s is not None)
    if not scores:
        return CriterionSummary(scores=(), mean=None, passes=None, disagreement=False)
    mean = sum(scores) / len(scores)
    return CriterionSummary(
        scores=scores,
        mean=round(mean, 2),
        # Compared in integers: a mean of exactly 2 passes, whatever float division rounds to.
        passes=sum(scores) >= PASS_MEAN * len(scores) and 0 not in scores,
        disagreement=max(scores) - min(scores) >= DISAGREEMENT_SPREAD,
    )
