"""The invitation link's page: accept or decline one assignment, signed in as its reviewer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accreditation.errors import DomainError
from accreditation.views.helpers import report_error
from reviewers import blind, invitations, rounds
from reviewers.conflicts import conflicts


def _refused(request, error):
    return render(
        request,
        "reviewers/invitation_refused.html",
        {"problem": error.message},
        status=invitations.HTTP_STATUS[error.code],
    )


def _answer(request, pk, token):
    accept = request.POST.get("answer") == "accept"
    try:
        assignment = invitations.respond_by_link(
            user=request.user,
            pk=pk,
            token=token,
            accept=accept,
            no_conflict=request.POST.get("no_conflict") == "on",
            reason=request.POST.get("reason", ""),
            suggested_colleague=request.POST.get("suggested_colleague", ""),
        )
    except DomainError as error:
        if error.code in invitations.HTTP_STATUS:
            return _refused(request, error)
        report_error(request, error)  # e.g. no declaration: the link still works
        return redirect(request.path)
    if accept:
        messages.success(request, _("Thank you. The dossier and the scoring form are open."))
        return redirect(reverse("review:assignment", args=[assignment.pk]))
    messages.success(request, _("You have declined the invitation."))
    return redirect(reverse("review:queue"))


@login_required
def respond(request, pk, token):
    """GET shows the invitation; POST answers it (`answer` = accept | decline)."""
    if request.method == "POST":
        return _answer(request, pk, token)
    try:
        assignment = invitations.check_link(user=request.user, pk=pk, token=token)
    except DomainError as error:
        return _refused(request, error)
    return render(
        request,
        "reviewers/invitation_respond.html",
        {
            "assignment": assignment,
            "version": assignment.version,
            "previous_number": rounds.previously_reviewed_number(assignment),
            "provider_name": blind.provider_name_for_reviewer(
                assignment.version.dossier.organisation
            ),
            "provider_hidden": blind.provider_hidden(),
            "conflicts": conflicts(assignment.reviewer, assignment.version.dossier),
        },
    )
