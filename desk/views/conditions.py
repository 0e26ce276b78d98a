"""A condition of an approval on the desk: staff sign the provider's evidence off or send it
back (the provider submits it on the portal: portal/views/conditions.py)."""

from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import roles
from accreditation.access import access_condition
from accreditation.services import conditions as services
from accreditation.views.helpers import role_required, run_service

desk_required = role_required(*roles.STAFF_ROLES)


@desk_required
@require_POST
def sign_off(request, pk, condition_pk):
    condition = access_condition(request.user, condition_pk, dossier_pk=pk)
    return run_service(
        request,
        lambda: services.condition_sign_off(actor=request.user, condition=condition),
        success=_("The condition is signed off."),
        redirect_to=condition.decision.dossier.get_desk_url(),
    )


@desk_required
@require_POST
def reject_evidence(request, pk, condition_pk):
    condition = access_condition(request.user, condition_pk, dossier_pk=pk)
    return run_service(
        request,
        lambda: services.condition_reject_evidence(
            actor=request.user, condition=condition, reason=request.POST.get("reason", "")
        ),
        success=_("The evidence has been sent back to the provider."),
        redirect_to=condition.decision.dossier.get_desk_url(),
    )
