"""The reviewer side of the desk's figures: overdue items, reviewer workload and inter-rater
reliability. Each function costs a fixed number of queries however many assignments exist.
Staff only: these name reviewers, which a provider must never see."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accreditation.analytics import Period, reused
from accreditation.content import StandardField
from accreditation.models import ProviderOrganisation
from accreditation.names import display_name, display_name_columns
from accreditation.selectors import titled

from .models import Assignment, AssignmentState, ReviewerProfile, ReviewScore
from .reliability import ORDINAL, Alpha, krippendorff_alpha, units_from_ratings

A = AssignmentState
#: The states an assignment can be in once its reviewer has accepted it.
AFTER_ACCEPTANCE = [A.ACCEPTED, A.SUBMITTED, A.CANCELLED]

#: The interpretation the reliability report prints beside each alpha.
VERDICTS = {
    "reliable": _("Reliable (α ≥ 0.8)"),
    "tentative": _("Tentative conclusions only (0.667 ≤ α < 0.8)"),
    "unreliable": _("Not reliable (α < 0.667)"),
    "no_variation": _("Every score is the same: agreement cannot be told from chance"),
    None: _("Not enough data"),
}


#: The columns an overdue row shows (case, provider, reviewer, deadlines) out of the six rows
#: it joins: the others' (a user's password and dates, a dossier's dates) are left unread.
#: Both states are read: django-fsm's concurrency check loads them with every row.
ROW_FIELDS = (
    "state",
    "respond_by",
    "review_due",
    "version__dossier__state",
    *ProviderOrganisation.name_columns("version__dossier__organisation__"),
    *display_name_columns("reviewer__user__"),
)


def _with_case(assignments):
    """With the case (its working copy's title only), its provider and the reviewer."""
    assignments = assignments.select_related("version__dossier__organisation", "reviewer__user")
    return titled(assignments.only(*ROW_FIELDS), "version__dossier__content")


#: The overview lists this many of the longest overdue invitations and reviews, and counts
#: the rest: a page that lists every one grows with the register (2,600 rows at 10,000 cases).
OVERDUE_SHOWN = 50


def overdue_invitations(today):
    """Invitations still unanswered after their response deadline: the oldest (see _overdue)."""
    invitations = Assignment.objects.filter(state=A.INVITED, respond_by__lt=today)
    return _overdue(invitations.order_by("respond_by", "pk"), "respond_by", today)


def overdue_reviews(today):
    """Accepted assignments whose review is past due and not yet submitted: the oldest."""
    reviews = Assignment.objects.filter(state=A.ACCEPTED, review_due__lt=today)
    return _overdue(reviews.order_by("review_due", "pk"), "review_due", today)


def _overdue(assignments, deadline, today):
    """{"rows": the OVERDUE_SHOWN longest overdue, each with its `days_late`, "total": how many
    are overdue in all, "more": the rest}. The total is counted on the assignments alone (an
    index-only count on state and deadline), not with the joins that the rows' titles need."""
    rows = list(_with_case(assignments)[:OVERDUE_SHOWN])
    for assignment in rows:
        assignment.days_late = (today - getattr(assignment, deadline)).days
    total = assignments.count()
    return {"rows": rows, "total": total, "more": total - len(rows)}


def workload(period: Period, today):
    """Per reviewer with anything to show: invitations sent, acceptances and submitted reviews
    within the period, open work now and how much of it is overdue. One query.

    An acceptance is an answer within the period that was not a decline (the assignment is
    accepted, submitted, or was cancelled after acceptance).
    """

    def during(field):
        return Q(**{f"assignments__{field}__gte": period.starts_at}) & Q(
            **{f"assignments__{field}__lt": period.ends_before}
        )

    overdue = Q(assignments__state=A.INVITED, assignments__respond_by__lt=today) | Q(
        assignments__state=A.ACCEPTED, assignments__review_due__lt=today
    )
    reviewers = (
        ReviewerProfile.objects.select_related("user")
        .annotate(
            invited=Count("assignments", filter=during("invited_at")),
            accepted=Count(
                "assignments",
                filter=during("responded_at") & Q(assignments__state__in=AFTER_ACCEPTANCE),
            ),
            submitted=Count("assignments", filter=during("review__submitted_at")),
            open=Count("assignments", filter=Q(assignments__state__in=[A.INVITED, A.ACCEPTED])),
            overdue=Count("assignments", filter=overdue),
        )
        .filter(Q(invited__gt=0) | Q(accepted__gt=0) | Q(submitted__gt=0) | Q(open__gt=0))
        .order_by("user__last_name", "user__first_name", "user__email", "pk")
    )
    return list(reviewers)


#: The overview's workload shows this many reviewers, those with the most open work; the CSV
#: export lists every one (300 rows and bars at 10,000 cases).
WORKLOAD_SHOWN = 30


@dataclass(frozen=True)
class Load:
    """One reviewer's row of the overview's workload: plain values, kept in the cache."""

    pk: int
    name: str
    invited: int
    accepted: int
    submitted: int
    open: int
    overdue: int

    def __str__(self):
        return self.name


def busiest_workload(period: Period, today):
    """{"rows": the WORKLOAD_SHOWN reviewers with most open (then overdue) work, by name;
    "total": how many have anything to show}, reused until something is recorded."""

    def compute():
        return [
            Load(r.pk, display_name(r.user), r.invited, r.accepted, r.submitted, r.open, r.overdue)
            for r in workload(period, today)
        ]

    loads = reused("reviewer-loads", compute, period.start, period.end, today)
    busiest = sorted(loads, key=lambda load: (-load.open, -load.overdue))[:WORKLOAD_SHOWN]
    shown = {load.pk for load in busiest}
    return {"rows": [load for load in loads if load.pk in shown], "total": len(loads)}


@dataclass(frozen=True)
class CriterionReliability:
    criterion: str
    label: str
    alpha: Alpha

    @property
    def verdict_label(self):
        return VERDICTS[self.alpha.verdict]


def reliability(period: Period, metric=ORDINAL) -> list[CriterionReliability]:
    """Krippendorff's alpha per standard field over the reviews submitted within the period:
    units are dossier versions, coders reviewers, values the 0–3 scores. One query."""
    scores = (
        ReviewScore.objects.filter(
            review__submitted_at__gte=period.starts_at,
            review__submitted_at__lt=period.ends_before,
            score__isnull=False,
        )
        .order_by("review__submitted_at", "pk")
        .values_list(
            "criterion",
            "review__assignment__version_id",
            "review__assignment__reviewer_id",
            "score",
        )
    )
    ratings = {criterion: [] for criterion in StandardField.values}
    for criterion, version_id, reviewer_id, score in scores.iterator():
        if criterion in ratings:
            ratings[criterion].append((version_id, reviewer_id, score))
    return [
        CriterionReliability(
            criterion=value,
            label=label,
            alpha=krippendorff_alpha(units_from_ratings(ratings[value]), metric),
        )
        for value, label in StandardField.choices
    ]
