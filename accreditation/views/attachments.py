"""Dossier attachments: the provider uploads and removes them; whoever may see them downloads."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import roles
from accreditation.access import access_attachment, access_dossier
from accreditation.models import DossierAttachment
from accreditation.services import attachments as services

from .helpers import role_required, run_service

provider_required = role_required(roles.PROVIDER)


@provider_required
@require_POST
def attachment_add(request, pk):
    dossier = access_dossier(request.user, pk)
    return run_service(
        request,
        lambda: services.attachment_add(
            actor=request.user,
            dossier=dossier,
            kind=request.POST.get("kind", ""),
            upload=request.FILES.get("file"),
        ),
        success=_("The file has been attached."),
        redirect_to=dossier.get_portal_url(),
    )


@provider_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    dossier = access_dossier(request.user, pk)
    try:
        attachment = dossier.attachments.get(pk=attachment_pk)
    except DossierAttachment.DoesNotExist:
        raise Http404 from None
    return run_service(
        request,
        lambda: services.attachment_remove(actor=request.user, attachment=attachment),
        success=_("The file has been removed from the dossier."),
        redirect_to=dossier.get_portal_url(),
    )


@login_required
def attachment_download(request, pk):
    """The file as a download under its original name, never rendered by the browser:
    `attachment` disposition, the type we detected, and no content sniffing."""
    attachment = access_attachment(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.served_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
