"""Assigning reviewers from the desk: to one case, a reviewer more where reviewers disagree,
or to a batch of cases at once."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accreditation import roles, selectors
from accreditation.access import access_dossier
from accreditation.errors import DomainError
from accreditation.views.helpers import report_error, role_required, run_service
from config.input_rules import as_id
from reviewers import autoassign, services
from reviewers.extra_review import extra_reviewer_invite
from reviewers.models import ReviewerProfile


@role_required(*roles.STAFF_ROLES)
@require_POST
def assign_reviewer(request, pk):
    dossier = access_dossier(request.user, pk)
    reviewer = get_object_or_404(ReviewerProfile, pk=as_id(request.POST.get("reviewer")) or 0)
    return run_service(
        request,
        lambda: services.assignment_invite(
            actor=request.user,
            dossier=dossier,
            reviewer=reviewer,
            override_reason=request.POST.get("override_reason", ""),
        ),
        success=_("%(name)s has been invited to review.") % {"name": reviewer},
        redirect_to=dossier.get_desk_url(),
    )


@role_required(*roles.STAFF_ROLES)
@require_POST
def add_extra_reviewer(request, pk):
    """Invite one more reviewer where the reviews disagree."""
    dossier = access_dossier(request.user, pk)
    reviewer = get_object_or_404(ReviewerProfile, pk=as_id(request.POST.get("reviewer")) or 0)
    return run_service(
        request,
        lambda: extra_reviewer_invite(actor=request.user, dossier=dossier, reviewer=reviewer),
        success=_("%(name)s has been invited as an extra reviewer.") % {"name": reviewer},
        redirect_to=dossier.get_desk_url(),
    )


#: The most dossiers one automatic assignment takes: each costs a few queries to match.
BATCH_LIMIT = 100


def _ids(values):
    return {pk for pk in map(as_id, values) if pk is not None}


def _pairs_from(post):
    """[(dossier pk, reviewer pk)] from the preview's hidden "dossier:reviewer" fields."""
    pairs = []
    for raw in post.getlist("pair"):
        dossier, _sep, reviewer = map(as_id, raw.partition(":"))
        if dossier is not None and reviewer is not None:
            pairs.append((dossier, reviewer))
    return pairs


def _confirm_batch(request):
    try:
        invited = autoassign.assignment_invite_batch(
            actor=request.user, pairs=_pairs_from(request.POST)
        )
    except DomainError as refused:
        report_error(request, refused)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s invitation has been sent.", "%(n)s invitations have been sent.", len(invited)
            )
            % {"n": len(invited)},
        )
    return redirect("desk:assign_batch")


@role_required(*roles.STAFF_ROLES)
def assign_batch(request):
    """Dossiers in review that need reviewers; for those ticked, the optimal assignment to
    preview, then confirm (all invitations or none)."""
    if not request.user.has_perm("reviewers.add_assignment"):
        raise Http404
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm_batch(request)
    # Titles only for the list: the suggestions read the chosen dossiers' whole content.
    listed = autoassign.needing_reviewers().only(*selectors.LISTED)
    dossiers = list(selectors.titled(listed)[:BATCH_LIMIT])
    selected, proposal = set(), None
    if request.method == "POST":
        selected = _ids(request.POST.getlist("dossier"))
        chosen = [d.pk for d in dossiers if d.pk in selected]
        if chosen:
            proposal = autoassign.propose(
                list(autoassign.needing_reviewers().filter(pk__in=chosen))
            )
        else:
            messages.error(request, _("Tick the dossiers to assign reviewers to."))
    return render(
        request,
        "reviewers/desk/assign_batch.html",
        {
            "dossiers": [(d, autoassign.needed(d)) for d in dossiers],
            "selected": selected,
            "proposal": proposal,
            "limit": BATCH_LIMIT,
            "required": settings.REVIEWS_REQUIRED,
        },
    )
