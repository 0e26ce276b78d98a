"""The desk's "add a reviewer" action where reviewers disagree."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import roles
from accreditation.access import access_dossier
from accreditation.views.helpers import role_required, run_service
from config.input_rules import as_id
from reviewers.extra_review import extra_reviewer_invite
from reviewers.models import ReviewerProfile


@role_required(*roles.STAFF_ROLES)
@require_POST
def add_extra_reviewer(request, pk):
    dossier = access_dossier(request.user, pk)
    reviewer = get_object_or_404(ReviewerProfile, pk=as_id(request.POST.get("reviewer")) or 0)
    return run_service(
        request,
        lambda: extra_reviewer_invite(actor=request.user, dossier=dossier, reviewer=reviewer),
        success=_("%(name)s has been invited as an extra reviewer.") % {"name": reviewer},
        redirect_to=dossier.get_desk_url(),
    )
