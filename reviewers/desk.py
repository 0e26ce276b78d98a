"""The reviews panel on the staff desk's case page (registered in apps.py)."""

from accreditation.content import StandardField
from accreditation.models import DossierState

from . import rounds, scoring, selectors


def _decision_support(assignments):
    """Per standard field, over the latest version's submitted reviews: the scores, their
    mean, pass/fail, disagreement. Earlier rounds scored another text."""
    latest = max((a.version.number for a in assignments), default=None)
    submitted = [
        a.review
        for a in assignments
        if a.version.number == latest and getattr(a, "review", None) and a.review.is_locked
    ]
    by_field = {key: [] for key in StandardField.values}
    for review in submitted:
        for row in review.scores.all():
            by_field[row.criterion].append(row.score)
    return [(label, scoring.summarise(by_field[key])) for key, label in StandardField.choices]


def review_panel(request, dossier):
    assignments = list(selectors.assignments_for_dossier(dossier))
    # Assigning is a model-level permission of the secretariat: an assignment permission
    # asked of a Dossier object would be a question guardian refuses (another app's model).
    can_assign = dossier.state == DossierState.IN_REVIEW and request.user.has_perm(
        "reviewers.add_assignment"
    )
    # A resubmission's accept form offers to invite the previous round's reviewers.
    accept_option = (
        rounds.accept_option(dossier) if request.user.has_perm("reviewers.add_assignment") else None
    )
    if not assignments and not can_assign:
        return None
    return (
        "reviewers/desk/reviews_panel.html",
        {
            "assignments": assignments,
            "support": _decision_support(assignments),
            "eligible": list(selectors.eligible_reviewers(dossier)) if can_assign else [],
            "can_assign": can_assign,
            "accept_option": accept_option,
            "accept_option_template": "reviewers/desk/accept_option.html",
        },
    )
