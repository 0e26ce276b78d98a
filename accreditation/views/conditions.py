"""Conditions of an approval: the provider submits evidence, staff sign off or send it back,
and whoever may see the dossier downloads the evidence."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import roles
from accreditation.access import access_condition
from accreditation.services import conditions as services

from .helpers import role_required, run_service

provider_required = role_required(roles.PROVIDER)
desk_required = role_required(*roles.STAFF_ROLES)


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


@login_required
def evidence_download(request, pk):
    """The evidence as a download under its original name, never rendered by the browser."""
    condition = access_condition(request.user, pk)
    if not condition.evidence:
        raise Http404
    try:
        handle = condition.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=condition.evidence_name,
        content_type=condition.evidence_content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
