"""The reviews panel on the staff desk's case page (desk/views.py shows it)."""

from accreditation.models import DossierState

from . import rounds, selectors
from .suggestions import candidates_for


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
    candidates = candidates_for([dossier])[dossier.pk] if can_assign else None
    return (
        "reviewers/desk/reviews_panel.html",
        {
            "assignments": assignments,
            # Everyone eligible, conflicted or not (the conflicted are set apart below).
            "eligible": [s.reviewer for s in candidates.suggested + candidates.conflicted]
            if candidates
            else [],
            "suggested": candidates.suggested if candidates else [],
            "conflicted": candidates.conflicted if candidates else [],
            "can_assign": can_assign,
            "accept_option": accept_option,
            "accept_option_template": "reviewers/desk/accept_option.html",
        },
    )
