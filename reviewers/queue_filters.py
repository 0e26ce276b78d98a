"""The reviewer's queue (/review/): filters by state, deadline and field of study.

Filters come from the page's GET parameters; an unknown value is ignored rather than refused,
so that a stale bookmark still shows the queue. Whatever the filters, the page costs the same
number of queries: the page's keys, then its assignments with their version and dossier in
one query; field-of-study names are the reference table's (accreditation.vocabulary).
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from accreditation import vocabulary

from .models import AssignmentState

A = AssignmentState

#: An open assignment is "due soon" when its next deadline is at most this many days away.
DUE_SOON_DAYS = 7

DEADLINE_CHOICES = [
    ("due_soon", _("Due within a week")),
    ("overdue", _("Overdue")),
]


@dataclass(frozen=True)
class QueueFilters:
    state: str = ""
    deadline: str = ""
    field: str = ""

    @classmethod
    def from_query(cls, params, field_codes):
        """The filters the query string asks for, keeping only known values."""

        def known(name, allowed):
            value = params.get(name, "")
            return value if value in allowed else ""

        return cls(
            state=known("state", A.values),
            deadline=known("deadline", dict(DEADLINE_CHOICES)),
            field=known("field", field_codes),
        )

    @property
    def active(self):
        return bool(self.state or self.deadline or self.field)

    def query_string(self):
        """The filters as GET parameters, for the pager's links."""
        return urlencode({k: v for k, v in vars(self).items() if v})


def _overdue(today):
    """The open assignments past their next deadline: the answer, then the review."""
    return Q(state=A.INVITED, respond_by__lt=today) | Q(state=A.ACCEPTED, review_due__lt=today)


def _due_soon(today):
    soon = today + timedelta(days=DUE_SOON_DAYS)
    return Q(state=A.INVITED, respond_by__range=(today, soon)) | Q(
        state=A.ACCEPTED, review_due__range=(today, soon)
    )


def filter_queue(assignments, filters: QueueFilters, today):
    """The assignments matching the filters, the open ones first by their next deadline."""
    if filters.state:
        assignments = assignments.filter(state=filters.state)
    if filters.deadline == "overdue":
        assignments = assignments.filter(_overdue(today))
    elif filters.deadline == "due_soon":
        assignments = assignments.filter(_due_soon(today))
    if filters.field:
        assignments = assignments.filter(version__content__field_of_study=filters.field)
    open_first = Case(
        When(state=A.INVITED, then=Value(0)),
        When(state=A.ACCEPTED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return assignments.alias(open_first=open_first).order_by(
        "open_first", "review_due", "respond_by", "pk"
    )


def field_names():
    """{code: name in the current language} of every field of study, in their order."""
    return vocabulary.names("field_of_study")
