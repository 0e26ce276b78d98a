"""What templates/includes/attachments.html shows, so each page includes it in one line."""

from django import template
from django.conf import settings

from accreditation.access import has_object_perm
from accreditation.models import AttachmentKind, DossierAttachment
from accreditation.services.attachments import ACCEPT_EXTENSIONS

register = template.Library()


@register.simple_tag(takes_context=True)
def attachment_panel(context, dossier=None, version=None):
    """A version's files (read-only: what was submitted), or else the working copy's current
    files, with the upload form and remove buttons for whoever may still change them.

    One query for the list whatever its length; the uploader and dossier are not touched.
    """
    if version is not None:
        return {"attachments": list(version.attachments.all()), "editable": False}
    user = context["request"].user
    editable = dossier.is_editable() and has_object_perm(
        user, "accreditation.change_dossier", dossier
    )
    return {
        "attachments": list(DossierAttachment.objects.filter(dossier=dossier, removed_at=None)),
        "editable": editable,
        "dossier": dossier,
        "kinds": AttachmentKind.choices,
        "accept": ACCEPT_EXTENSIONS,
        "max_bytes": settings.ATTACHMENT_MAX_BYTES,
    }
