"""The reviewers' workflow tables: a reviewer's assignment to a version, and a person's
application to become a reviewer.

They have the shape of the core's (accreditation.transitions) and are taken by its one
mechanism (accreditation.services.transitions.apply_transition); the state machines stay on
the models' `@transition` methods, and tests/reviewers/test_workflow.py holds each table and
its machine together. ReviewersConfig.ready() registers them, so that the core's timeline
reads their labels without importing this domain.
"""

from django.utils.translation import gettext_lazy as _

from accreditation.transitions import Step, Table

#: Held by the invited reviewer on their own assignment (granted with the invitation).
ASSIGNEE = "reviewers.change_assignment"
#: The secretariat's: decide on reviewer applications (and invite people to apply).
APPLICATION_PERM = "reviewers.change_reviewerapplication"

ASSIGNMENTS = Table(
    "assignment",
    (
        Step("invite", _("Reviewer invited"), changes_state=False),
        Step("conflict_override", _("Conflict of interest overridden"), changes_state=False),
        Step("accept", _("Reviewer accepted"), ASSIGNEE),
        Step(
            "decline",
            _("Reviewer declined"),
            ASSIGNEE,
            _("Give a reason for declining."),
            note_field="decline_reason",
        ),
        Step("lapse", _("Invitation lapsed")),  # the reminders, at the response deadline
        Step("submit_review", _("Review submitted"), ASSIGNEE),
        Step("cancel", _("Assignment cancelled")),
    ),
    not_possible=_("This is not possible while the assignment is “%(state)s”."),
    dossier_of=lambda assignment: assignment.version.dossier,
)

APPLICATIONS = Table(
    "reviewer_application",
    (
        Step("submit", _("Applied to become a reviewer"), changes_state=False),
        Step("accept", _("Reviewer application accepted"), APPLICATION_PERM, model_level=True),
        Step(
            "refuse",
            _("Reviewer application refused"),
            APPLICATION_PERM,
            _("Give the reason for refusing."),
            model_level=True,
            note_field="refusal_reason",
        ),
    ),
    # Both steps start from a pending application: any other state is a decision taken.
    not_possible=_("This application has already been decided."),
)
