"""The reviews panel on the staff desk's case page (registered in apps.py)."""

from accreditation.models import DossierState

from . import selectors


def review_panel(request, dossier):
    assignments = list(selectors.assignments_for_dossier(dossier))
    # Assigning is a model-level permission of the secretariat: an assignment permission
    # asked of a Dossier object would be a question guardian refuses (another app's model).
    can_assign = dossier.state == DossierState.IN_REVIEW and request.user.has_perm(
        "reviewers.add_assignment"
    )
    if not assignments and not can_assign:
        return None
    return (
        "reviewers/desk/reviews_panel.html",
        {
            "assignments": assignments,
            "eligible": list(selectors.eligible_reviewers(dossier)) if can_assign else [],
            "can_assign": can_assign,
        },
    )
