"""Access helpers for reviewer-side objects (see accreditation.access)."""

from accreditation.access import access_object

from .models import Assignment


def access_assignment(user, pk, perm="reviewers.view_assignment"):
    queryset = Assignment.objects.select_related("reviewer__user", "version__dossier__organisation")
    return access_object(queryset, user, pk, perm)
