"""Queries of the reviewer side, each with a fixed number of SQL queries."""

from django.db.models import Count, Max, OuterRef, Prefetch, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.utils import timezone

from accreditation.models import ProviderOrganisation
from accreditation.selectors import titled

from . import scope
from .models import (
    ACTIVE,
    Assignment,
    AssignmentState,
    ReviewerProfile,
    ReviewScore,
)


def eligible_reviewers(dossier, *, today=None):
    """Reviewers who may be assigned to the dossier's version under review, least loaded first.

    Accredited today for the dossier's field of study, level and language (scope.covers);
    not a member of the provider organisation; not already active on this dossier's latest
    version.
    """
    today = today or timezone.localdate()
    accredited = scope.covering_reviewer_ids(dossier.content, today)
    already_on_it = Assignment.objects.filter(
        version__dossier=dossier,
        version__number=dossier.versions.aggregate(n=Max("number"))["n"],
        state__in=ACTIVE,
    ).values("reviewer_id")
    return (
        ReviewerProfile.objects.filter(pk__in=accredited)
        .exclude(pk__in=already_on_it)
        .exclude(user__memberships__organisation_id=dossier.organisation_id)
        .select_related("user")
        .annotate(load=open_load())
        .order_by("load", "user__last_name", "pk")
    )


def open_load():
    """The reviewer's open assignments (invited or accepted), counted for each candidate by
    a subquery on their key: a join to every assignment, counted with a filter, read every
    candidate's whole history (every assignment of the register, for the usual few dozen)."""
    open_work = (
        Assignment.objects.filter(
            reviewer=OuterRef("pk"), state__in=[AssignmentState.INVITED, AssignmentState.ACCEPTED]
        )
        .order_by()
        .values("reviewer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(open_work), 0)


#: The columns a row of the queue shows, out of the four rows it joins (both states: django-fsm's
#: concurrency check reads them with every row).
QUEUE_FIELDS = (
    "state",
    "respond_by",
    "review_due",
    "version__number",
    "version__dossier__state",
    *ProviderOrganisation.name_columns("version__dossier__organisation__"),
)


def reviewer_queue(user):
    """The user's assignments, to be filtered and ordered (queue_filters.filter_queue): a
    page's keys are found among them, its rows read by key (`queue_rows`)."""
    return Assignment.objects.filter(reviewer__user=user)


def queue_rows():
    """Assignments as the queue shows them: with their version's title and field of study
    and the provider."""
    assignments = (
        Assignment.objects.select_related("version__dossier__organisation")
        .only(*QUEUE_FIELDS)
        .annotate(field_of_study=KeyTextTransform("field_of_study", "version__content"))
    )
    return titled(assignments, "version__content")


def assignments_for_dossier(dossier):
    """Every assignment on any version of the dossier, with reviewer and scores: staff only."""
    scores = Prefetch("review__scores", queryset=ReviewScore.objects.order_by("pk"))
    return (
        Assignment.objects.filter(version__dossier=dossier)
        .select_related("reviewer__user", "version", "review")
        .prefetch_related(scores)
        .order_by("version__number", "invited_at", "pk")
    )
