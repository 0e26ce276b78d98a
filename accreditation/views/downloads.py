"""Downloads of a dossier's files (/attachments/): attachments and a condition's evidence.

Shared by everyone who may see the dossier (the provider on the portal, staff on the desk,
its reviewers), so they stay in the core, under their own URL namespace, rather than on one
surface.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from accreditation.access import access_attachment, access_condition


def _as_download(field, *, filename, content_type):
    """The file as a download under its original name, never rendered by the browser:
    `attachment` disposition, the type we detected, and no content sniffing."""
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment_download(request, pk):
    attachment = access_attachment(request.user, pk)
    return _as_download(
        attachment.file, filename=attachment.served_name, content_type=attachment.content_type
    )


@login_required
def evidence_download(request, pk):
    condition = access_condition(request.user, pk)
    if not condition.evidence:
        raise Http404
    return _as_download(
        condition.evidence,
        filename=condition.evidence_name,
        content_type=condition.evidence_content_type,
    )
