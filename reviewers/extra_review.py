"""Adding a reviewer when reviewers disagree (DESIGN §3: "staff are told and may add a reviewer").

In review, it is an ordinary invitation. Once every review is in (awaiting decision), the
dossier first goes back to review (the `request_extra_review` transition), so that the new
reviewer can score and the committee decides when that review is in too; both happen in one
transaction, and an ineligible reviewer leaves the dossier where it was.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accreditation.access import require_perm
from accreditation.errors import DomainError
from accreditation.models import Dossier, DossierState
from accreditation.services import dossier_request_extra_review

from . import services
from .decision_support import ADD_ASSIGNMENT, EXTRA_REVIEW_STATES, has_disagreement
from .models import Assignment, ReviewerProfile


@transaction.atomic
def extra_reviewer_invite(*, actor, dossier: Dossier, reviewer: ReviewerProfile) -> Assignment:
    """Invite one more reviewer to a dossier whose reviewers disagree."""
    require_perm(actor, ADD_ASSIGNMENT)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.state not in EXTRA_REVIEW_STATES:
        raise DomainError(
            _("A reviewer can only be added before the committee decides."), code="state"
        )
    if not has_disagreement(dossier):
        raise DomainError(
            _("The reviewers agree on every field: there is no disagreement to settle."),
            code="state",
        )
    if dossier.state == DossierState.AWAITING_DECISION:
        # Stored untranslated, shown in the reader's language (templates/includes/timeline.html).
        note = gettext_noop("Reviewers disagree: an extra reviewer is added.")
        dossier = dossier_request_extra_review(actor=actor, dossier=dossier, note=note)
    return services.assignment_invite(actor=actor, dossier=dossier, reviewer=reviewer)
