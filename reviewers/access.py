"""Access helpers for reviewer-side objects (see accreditation.access)."""

from accreditation.access import access_object

from .models import Assignment


def access_assignment(user, pk, perm="reviewers.view_assignment"):
    queryset = Assignment.objects.select_related("reviewer__user", "version__dossier__organisation")
    return access_object(queryset, user, pk, perm)


def access_application(user, pk, perm="reviewers.view_reviewerapplication"):
    """A reviewer application, for the secretariat (model-level permission)."""
    from .models import ReviewerApplication

    queryset = ReviewerApplication.objects.select_related(
        "applicant", "invited_by", "decided_by", "accreditation"
    ).prefetch_related("fields_of_study")
    return access_object(queryset, user, pk, perm)


def access_reviewer_accreditation(user, pk, perm="reviewers.change_revieweraccreditation"):
    """A reviewer accreditation, for the secretariat (model-level permission)."""
    from .models import ReviewerAccreditation

    queryset = ReviewerAccreditation.objects.select_related("reviewer__user").prefetch_related(
        "fields_of_study"
    )
    return access_object(queryset, user, pk, perm)
