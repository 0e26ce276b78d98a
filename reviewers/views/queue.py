"""The reviewer queue (/review/): invitations, the scoring page, submission."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import roles
from accreditation.content import StandardField
from accreditation.views.helpers import role_required, run_service
from reviewers import selectors, services
from reviewers.access import access_assignment
from reviewers.models import AssignmentState, Recommendation

reviewer_required = role_required(roles.REVIEWER)


@reviewer_required
def queue(request):
    return render(
        request,
        "reviewers/queue.html",
        {"assignments": selectors.reviewer_queue(request.user)},
    )


def _criteria(review):
    """[(key, label, score row, {level: descriptor})] in the order of the standard fields."""
    rows = {row.criterion: row for row in review.scores.all()}
    descriptors = review.rubric.descriptors
    return [
        (key, label, rows.get(key), descriptors.get(key, {}))
        for key, label in StandardField.choices
    ]


@reviewer_required
def assignment_detail(request, pk):
    assignment = access_assignment(request.user, pk)
    context = {"assignment": assignment, "version": assignment.version}
    if assignment.state in (AssignmentState.ACCEPTED, AssignmentState.SUBMITTED):
        review = assignment.review
        context.update(
            review=review,
            criteria=_criteria(review),
            recommendations=Recommendation.choices,
            content=assignment.version.content,
        )
    return render(request, "reviewers/assignment.html", context)


def _assignment_url(assignment):
    return reverse("review:assignment", kwargs={"pk": assignment.pk})


@reviewer_required
@require_POST
def assignment_accept(request, pk):
    assignment = access_assignment(request.user, pk, "reviewers.change_assignment")
    return run_service(
        request,
        lambda: services.assignment_accept(
            actor=request.user,
            assignment=assignment,
            no_conflict=request.POST.get("no_conflict") == "on",
        ),
        success=_("Thank you. The dossier and the scoring form are open."),
        redirect_to=_assignment_url(assignment),
    )


@reviewer_required
@require_POST
def assignment_decline(request, pk):
    assignment = access_assignment(request.user, pk, "reviewers.change_assignment")
    return run_service(
        request,
        lambda: services.assignment_decline(
            actor=request.user,
            assignment=assignment,
            reason=request.POST.get("reason", ""),
            suggested_colleague=request.POST.get("suggested_colleague", ""),
        ),
        success=_("You have declined the invitation."),
        redirect_to=reverse("review:queue"),
    )


def _scores_from(post):
    scores = {}
    for key in StandardField.values:
        raw = post.get(f"score_{key}", "")
        scores[key] = (
            int(raw) if raw in {"0", "1", "2", "3"} else None,
            post.get(f"comment_{key}"),
        )
    return scores


@reviewer_required
@require_POST
def review_save(request, pk):
    """Save the draft; with the submit button, then submit it. A refused submission keeps
    the saved draft, so nothing typed is lost."""
    assignment = access_assignment(request.user, pk, "reviewers.change_assignment")
    submit = "submit" in request.POST

    def save_then_submit():
        services.review_save(
            actor=request.user,
            assignment=assignment,
            scores=_scores_from(request.POST),
            recommendation=request.POST.get("recommendation", ""),
            confidential_note=request.POST.get("confidential_note", ""),
        )
        if submit:
            services.review_submit(actor=request.user, assignment=assignment)

    return run_service(
        request,
        save_then_submit,
        success=_("Review submitted. Thank you.") if submit else _("Draft saved."),
        redirect_to=_assignment_url(assignment),
    )
