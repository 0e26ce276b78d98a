"""The core's workflow tables: the dossier's, and its approval's conditions'.

The dossier's table says, for each step, who takes it, what the timeline calls it, who hears
of it, what it announces, and the desk's form for it. A step is a transition of Dossier's
state machine (its `@transition` methods, which keep the sources, the target and the appeal
window) or one of the two steps that change no state (a draft created, a renewal started).
Everything else said or done about a step is read from here: the timeline's labels, the role
a provider is told acted, the emails to providers, the permission a person needs, the note a
step requires, the lifecycle event it announces, the desk's buttons and their messages.

Both tables have the shape of accreditation.transitions and are taken by its one mechanism
(services.transitions.apply_transition). tests/accreditation/test_workflow.py holds each
table and its state machine together: a row for every transition, and no transition without
one.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import transitions
from .events import APPROVED, EXPIRED, REINSTATED, RENEWED, REVOKED, SUSPENDED

# Who acts on a dossier, as a provider is told: never a name (blind review). The
# accreditation body speaks to providers as the secretariat, the committee or the system.
YOUR_ORGANISATION = _("Your organisation")
SECRETARIAT = _("The secretariat")
COMMITTEE = _("The committee")
SYSTEM = _("The system")

SUBMIT = "accreditation.submit_dossier"
SCREEN = "accreditation.screen_dossier"
DECIDE = "accreditation.decide_dossier"

#: The missing note of a decision, whichever its outcome.
NO_RATIONALE = _("Give the rationale for the decision.")


@dataclass(frozen=True)
class DeskForm:
    """A step the desk offers as a form with a note, posted to /desk/cases/<id>/<slug>/."""

    slug: str
    prompt: str  # the note's label
    button: str
    style: str  # the button's class: primary, secondary or danger
    success: str  # the message once done
    group: str  # "screening" (intake) or "certified" (the committee's, after its decision)
    with_comments: bool = False  # comments on fields, which the provider answers
    with_round: bool = False  # the reviewers' choice of how to start the round


@dataclass(frozen=True, kw_only=True)
class Step(transitions.Step):
    """A step of the dossier's workflow: a step of any table, and what a provider is told."""

    role: str  # who acts, as the provider is told
    provider_facing: bool = True  # the provider's members are emailed
    note_for_provider: bool = True  # its note is written for the provider, not bookkeeping
    outcome: str = ""  # the committee's decision outcome that takes this step
    event: str = ""  # the lifecycle event it announces to the catalogue and the registry
    desk: DeskForm | None = None
    #: It needs nothing but its permission and its note: services.dossier_take_step takes
    #: it, and so does the desk's form for it (desk.views.DESK_SERVICES names the others).
    plain: bool = False

    @property
    def action(self):
        return DOSSIERS.action(self.name)

    def announced(self, dossier):
        """The lifecycle event this step announces for `dossier` ("" for none): approving a
        renewal renews the item it renews."""
        if self.event == APPROVED and dossier.renewal_of_id:
            return RENEWED
        return self.event


STEPS = (
    Step(
        "create",
        _("Draft created"),
        role=YOUR_ORGANISATION,
        changes_state=False,
        provider_facing=False,
        note_for_provider=False,
    ),
    Step("submit", _("Submitted"), SUBMIT, role=YOUR_ORGANISATION, note_for_provider=False),
    Step("resubmit", _("Resubmitted"), SUBMIT, role=YOUR_ORGANISATION, note_for_provider=False),
    Step(
        "accept_for_review",
        _("Accepted for review"),
        SCREEN,
        role=SECRETARIAT,
        plain=True,
        desk=DeskForm(
            "accept",
            _("Screening note (optional)"),
            _("Accept for review"),
            "primary",
            _("The dossier is now in review. Assign reviewers below."),
            "screening",
            with_round=True,
        ),
    ),
    Step(
        "return_to_provider",
        _("Returned to the provider"),
        SCREEN,
        _("Say what the provider must complete."),
        role=SECRETARIAT,
        desk=DeskForm(
            "return",
            _("What must the provider complete?"),
            _("Return to provider"),
            "secondary",
            _("The dossier has been returned to the provider."),
            "screening",
            with_comments=True,
        ),
    ),
    Step(
        "screen_out",
        _("Screened out"),
        SCREEN,
        _("Say why the dossier is screened out."),
        role=SECRETARIAT,
        plain=True,
        desk=DeskForm(
            "screen-out",
            _("Why is it not a micro-credential?"),
            _("Screen out"),
            "danger",
            _("The dossier has been screened out."),
            "screening",
        ),
    ),
    Step(
        "complete_reviews",
        _("All reviews received"),
        role=SYSTEM,
        provider_facing=False,
        note_for_provider=False,
    ),
    Step(
        "request_extra_review",
        _("Back to review for an extra reviewer"),
        SCREEN,
        role=SECRETARIAT,
        provider_facing=False,
        note_for_provider=False,
    ),
    Step(
        "approve",
        _("Accredited"),
        DECIDE,
        NO_RATIONALE,
        role=COMMITTEE,
        outcome="approved",
        event=APPROVED,
    ),
    Step(
        "request_revisions",
        _("Revisions requested"),
        DECIDE,
        NO_RATIONALE,
        role=COMMITTEE,
        outcome="revisions_requested",
    ),
    Step("reject", _("Rejected"), DECIDE, NO_RATIONALE, role=COMMITTEE, outcome="rejected"),
    Step(
        "appeal",
        _("Appeal lodged"),
        SUBMIT,
        _("Give the reasons for the appeal."),
        role=YOUR_ORGANISATION,
    ),
    Step(
        "reopen_review",
        _("Appeal upheld: back to review"),
        DECIDE,
        _("Say why the dossier goes back to review."),
        role=COMMITTEE,
        desk=DeskForm(
            "reopen",
            _("Why does the appeal succeed?"),
            _("Uphold appeal: back to review"),
            "secondary",
            _("The appeal is upheld: the dossier is back in review."),
            "certified",
        ),
    ),
    Step(
        "suspend",
        _("Suspended"),
        DECIDE,
        _("Give the reason for the suspension."),
        role=COMMITTEE,
        event=SUSPENDED,
        plain=True,
        desk=DeskForm(
            "suspend",
            _("Reason for suspension"),
            _("Suspend"),
            "secondary",
            _("The item is suspended."),
            "certified",
        ),
    ),
    Step(
        "reinstate",
        _("Reinstated"),
        DECIDE,
        _("Say why the item is reinstated."),
        role=COMMITTEE,
        event=REINSTATED,
        plain=True,
        desk=DeskForm(
            "reinstate",
            _("Why is it reinstated?"),
            _("Reinstate"),
            "primary",
            _("The item is reinstated."),
            "certified",
        ),
    ),
    Step("expire", _("Expired"), role=SYSTEM, event=EXPIRED),
    Step(
        "revoke",
        _("Revoked"),
        DECIDE,
        _("Give the reason for the revocation."),
        role=COMMITTEE,
        event=REVOKED,
        plain=True,
        desk=DeskForm(
            "revoke",
            _("Reason for revocation"),
            _("Revoke"),
            "danger",
            _("The item is revoked."),
            "certified",
        ),
    ),
    Step("withdraw", _("Withdrawn"), SUBMIT, role=YOUR_ORGANISATION),
    Step(
        "renew",
        _("Renewal started"),
        SUBMIT,
        role=YOUR_ORGANISATION,
        changes_state=False,
        note_for_provider=False,
    ),
)

DOSSIERS = transitions.Table(
    "dossier",
    STEPS,
    not_possible=_("This action is not possible while the dossier is “%(state)s”."),
    dossier_of=lambda dossier: dossier,
)

BY_NAME = DOSSIERS.by_name
BY_ACTION = {step.action: step for step in STEPS}
BY_OUTCOME = {step.outcome: step for step in STEPS if step.outcome}
BY_DESK_SLUG = {step.desk.slug: step for step in STEPS if step.desk}

#: The audit actions a provider's members are emailed about. Reviewer-side actions
#: (assignment.*) and internal steps (reviews complete, an extra review) are absent.
PROVIDER_FACING_ACTIONS = frozenset(s.action for s in STEPS if s.provider_facing)
#: Actions whose note is written for the provider (a decision's rationale, the reason for a
#: return or a suspension...). The notes of the others are bookkeeping ("v2", "→ #12").
NOTE_FOR_PROVIDER_ACTIONS = frozenset(
    s.action for s in STEPS if s.provider_facing and s.note_for_provider
)


def step(name):
    return BY_NAME[name]


def acting_role(action):
    """The role (a lazy translation) that performs `action`, as a provider is told. Anything
    not in the table (a new action, a bulk import) reads as the system rather than risk
    naming a person."""
    found = BY_ACTION.get(action)
    return found.role if found else SYSTEM


def desk_forms(group):
    """The steps of one group of the desk's forms, in the table's order."""
    return [s for s in STEPS if s.desk and s.desk.group == group]


# The conditions of an approval: set with the decision, met with the provider's evidence,
# signed off or sent back by staff, while the item is certified.

#: Staff roles sign off or send back evidence.
SIGN_OFF = "accreditation.change_decisioncondition"

CONDITIONS = transitions.Table(
    "condition",
    (
        transitions.Step("create", _("Condition set"), changes_state=False),
        # Provider members who may act on the dossier (editors and managers).
        transitions.Step("submit_evidence", _("Evidence submitted for a condition"), SUBMIT),
        transitions.Step("sign_off", _("Condition signed off"), SIGN_OFF, model_level=True),
        transitions.Step(
            "reject_evidence",
            _("Evidence for a condition not accepted"),
            SIGN_OFF,
            _("Say why the evidence is not accepted."),
            model_level=True,
            note_field="rejection_reason",
        ),
    ),
    not_possible=_("This is not possible while the condition is “%(state)s”."),
    granted_on=lambda condition: condition.decision.dossier,
    dossier_of=lambda condition: condition.decision.dossier,
)
