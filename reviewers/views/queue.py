"""The reviewer queue (/review/): invitations, the scoring page, submission."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import roles
from accreditation.content import StandardField
from accreditation.errors import DomainError
from accreditation.views.helpers import role_required, run_service
from config.paging import KeysFirstPaginator
from reviewers import blind, queue_filters, selectors, services
from reviewers.access import access_assignment
from reviewers.conflicts import conflicts
from reviewers.models import AssignmentState, Recommendation

reviewer_required = role_required(roles.REVIEWER)


#: Assignments per page of the queue.
QUEUE_PAGE_SIZE = 50


@reviewer_required
def queue(request):
    """The reviewer's assignments, filtered by the GET parameters and paginated."""
    today = timezone.localdate()
    fields = queue_filters.field_names()
    filters = queue_filters.QueueFilters.from_query(request.GET, fields)
    assignments = queue_filters.filter_queue(selectors.reviewer_queue(request.user), filters, today)
    paginator = KeysFirstPaginator(assignments, QUEUE_PAGE_SIZE, rows=selectors.queue_rows())
    page = paginator.get_page(request.GET.get("page"))
    for assignment in page:
        assignment.field_name = fields.get(assignment.field_of_study)
    return render(
        request,
        "reviewers/queue.html",
        {
            "page": page,
            "filters": filters,
            "field_names": fields,
            "states": AssignmentState.choices,
            "deadlines": queue_filters.DEADLINE_CHOICES,
            "today": today,
            "provider_hidden": blind.provider_hidden(),
        },
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
    context = {
        "assignment": assignment,
        "version": assignment.version,
        "provider_hidden": blind.provider_hidden(),
        "provider_name": blind.provider_name_for_reviewer(assignment.version.dossier.organisation),
        "shown_content": blind.content_for_reviewer(assignment.version.content),
    }
    if assignment.state == AssignmentState.INVITED:
        # The automatic findings, shown before the reviewer declares (reviewers.conflicts).
        context["conflicts"] = conflicts(assignment.reviewer, assignment.version.dossier)
    if assignment.state in (AssignmentState.ACCEPTED, AssignmentState.SUBMITTED):
        review = assignment.review
        context.update(
            review=review,
            criteria=_criteria(review),
            recommendations=Recommendation.choices,
            content=context["shown_content"],
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


@reviewer_required
@require_POST
def review_autosave(request, pk):
    """Save the draft in the background (static/js/review_form.js calls this every 15
    seconds and when the page is hidden), so that closing the browser loses nothing.

    Answers JSON: whether and when it was saved, or why not (409)."""
    assignment = access_assignment(request.user, pk, "reviewers.change_assignment")
    try:
        review = services.review_save(
            actor=request.user,
            assignment=assignment,
            scores=_scores_from(request.POST),
            recommendation=request.POST.get("recommendation", ""),
            confidential_note=request.POST.get("confidential_note", ""),
        )
    except DomainError as error:
        return JsonResponse({"saved": False, "errors": [str(error.message)]}, status=409)
    saved_at = timezone.localtime(review.updated_at).strftime("%H:%M:%S")
    return JsonResponse({"saved": True, "saved_at": saved_at})
