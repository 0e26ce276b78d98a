"""A dossier's attachments: the provider adds and removes them (the download, which staff
and reviewers use too, is the core's: accreditation/views/downloads.py)."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import roles
from accreditation.access import access_dossier
from accreditation.models import DossierAttachment
from accreditation.services import attachments as services
from accreditation.views.helpers import role_required, run_service

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
