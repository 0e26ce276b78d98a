"""The provider answers the comments of a revision request (portal)."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import roles
from accreditation.access import access_dossier
from accreditation.services.revisions import revision_comment_answer
from accreditation.views.helpers import role_required, run_service


@role_required(roles.PROVIDER)
@require_POST
def answer_comment(request, pk, comment_pk):
    dossier = access_dossier(request.user, pk, "accreditation.change_dossier")
    comment = dossier.revision_comments.filter(pk=comment_pk).first()
    if comment is None:
        raise Http404
    return run_service(
        request,
        lambda: revision_comment_answer(
            actor=request.user, comment=comment, answer=request.POST.get("answer", "")
        ),
        success=_("Your answer has been saved."),
        redirect_to=f"{dossier.get_portal_url()}#comment-{comment.pk}",
    )
