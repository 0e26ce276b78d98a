"""Decision support on the staff desk (DESIGN §3): the evidence the committee decides on.

For the version under review: each reviewer's score per standard field beside the mean and
pass/fail by the standard's rule (accreditation/standard.py), each reviewer's recommendation
and confidential note, and a prominent flag where reviewers disagree, with the way to add a
reviewer. Staff only: it names the reviewers.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Exists, Max, Min, OuterRef
from django.utils.translation import gettext_lazy as _

from accreditation import standard
from accreditation.content import StandardField
from accreditation.models import DossierState, DossierVersion

from . import selectors
from .models import Recommendation, ReviewScore

#: Where adding a reviewer still helps: before the committee has decided.
EXTRA_REVIEW_STATES = [DossierState.IN_REVIEW, DossierState.AWAITING_DECISION]
ADD_ASSIGNMENT = "reviewers.add_assignment"


@dataclass(frozen=True)
class CriterionRow:
    key: str
    label: str
    #: One score per reviewer, in the order of the panel's reviews (None: not scored).
    scores: list
    summary: standard.CriterionSummary


def latest_round_reviews(assignments, latest):
    """The submitted reviews of the latest version (number `latest`): earlier rounds scored
    another text."""
    return [
        a.review
        for a in assignments
        if a.version.number == latest and getattr(a, "review", None) and a.review.is_locked
    ]


def criteria_rows(reviews):
    """Per standard field: each review's score, then their summary (standard.summarise)."""
    by_review = [{row.criterion: row.score for row in review.scores.all()} for review in reviews]
    rows = []
    for key, label in StandardField.choices:
        scores = [scores.get(key) for scores in by_review]
        rows.append(CriterionRow(key, label, scores, standard.summarise(scores)))
    return rows


def recommendation_tally(reviews):
    """[(label, count)] in the order of the scale, the recommendations given only."""
    counts = Counter(review.recommendation for review in reviews)
    return [(label, counts[value]) for value, label in Recommendation.choices if counts[value]]


def decision_panel(request, dossier):
    """The desk's decision panel (desk/views.py), or None before any review is in."""
    assignments = list(selectors.assignments_for_dossier(dossier))
    latest = dossier.versions.aggregate(n=Max("number"))["n"]
    reviews = latest_round_reviews(assignments, latest)
    if not reviews:
        return None
    rows = criteria_rows(reviews)
    disagreements = [row.label for row in rows if row.summary.disagreement]
    can_add = (
        bool(disagreements)
        and dossier.state in EXTRA_REVIEW_STATES
        and request.user.has_perm(ADD_ASSIGNMENT)
    )
    return (
        "reviewers/desk/decision_panel.html",
        {
            "reviews": reviews,
            "rows": rows,
            "disagreements": disagreements,
            "tally": recommendation_tally(reviews),
            "can_add_reviewer": can_add,
            "eligible": list(selectors.eligible_reviewers(dossier)) if can_add else [],
            "awaiting_decision": dossier.state == DossierState.AWAITING_DECISION,
        },
    )


def disagreeing_dossier_ids(dossier_ids):
    """Among these dossiers, those before a decision whose latest version has a field that
    submitted reviews scored two or more apart. One query whatever the number of dossiers."""
    later_version = DossierVersion.objects.filter(
        dossier_id=OuterRef("review__assignment__version__dossier_id"),
        number__gt=OuterRef("review__assignment__version__number"),
    )
    spreads = (
        ReviewScore.objects.filter(
            review__assignment__version__dossier_id__in=list(dossier_ids),
            review__assignment__version__dossier__state__in=EXTRA_REVIEW_STATES,
            review__submitted_at__isnull=False,
            score__isnull=False,
        )
        .filter(~Exists(later_version))
        .values("review__assignment__version__dossier_id", "criterion")
        .annotate(spread=Max("score") - Min("score"))
        .filter(spread__gte=standard.DISAGREEMENT_SPREAD)
        .values_list("review__assignment__version__dossier_id", flat=True)
    )
    return set(spreads)


def disagreement_marker(dossiers):
    """The desk's case list marks the cases whose reviewers disagree."""
    flagged = disagreeing_dossier_ids(d.pk for d in dossiers)
    return {pk: _("Reviewers disagree") for pk in flagged}


def has_disagreement(dossier):
    return dossier.pk in disagreeing_dossier_ids([dossier.pk])
