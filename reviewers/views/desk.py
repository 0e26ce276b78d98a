"""The reviewer side of the staff desk: assigning reviewers to a case."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import roles
from accreditation.access import access_dossier
from accreditation.views.helpers import role_required, run_service
from reviewers import services
from reviewers.models import ReviewerProfile


@role_required(*roles.STAFF_ROLES)
@require_POST
def assign_reviewer(request, pk):
    dossier = access_dossier(request.user, pk)
    reviewer = get_object_or_404(ReviewerProfile, pk=request.POST.get("reviewer") or 0)
    return run_service(
        request,
        lambda: services.assignment_invite(actor=request.user, dossier=dossier, reviewer=reviewer),
        success=_("%(name)s has been invited to review.") % {"name": reviewer},
        redirect_to=dossier.get_desk_url(),
    )
