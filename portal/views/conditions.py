"""A condition of an approval on the portal: the provider submits its evidence (staff sign it
off or send it back on the desk: desk/views/conditions.py)."""

from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import roles
from accreditation.access import access_condition
from accreditation.services import conditions as services
from accreditation.views.helpers import role_required, run_service

provider_required = role_required(roles.PROVIDER)


@provider_required
@require_POST
def evidence_submit(request, pk, condition_pk):
    condition = access_condition(request.user, condition_pk, dossier_pk=pk)
    return run_service(
        request,
        lambda: services.condition_submit_evidence(
            actor=request.user,
            condition=condition,
            upload=request.FILES.get("file"),
            note=request.POST.get("note", ""),
        ),
        success=_("Your evidence has been submitted."),
        redirect_to=condition.decision.dossier.get_portal_url(),
    )
