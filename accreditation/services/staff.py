"""What the accreditation body does: screening (secretariat), decisions (committee), and the
transitions the system makes on its own (reviews complete, validity expired)."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accreditation import workflow
from accreditation.errors import DomainError, require_text
from accreditation.models import Decision, DecisionOutcome, Dossier, DossierState
from accreditation.selectors import first_decider_ids, lapsed_dossier_ids

from . import conditions as condition_rules
from . import revisions
from ._common import allow, apply_transition, lock

# Secretariat: intake screening.


@transaction.atomic
def dossier_take_step(name, *, actor, dossier: Dossier, note: str = "") -> Dossier:
    """Take workflow step `name`, one that needs nothing but its permission and its note
    (`plain` in workflow.py, which says both): the service of every desk form that has none
    of its own. A step with rules of its own (a submission's checks, a decision) has its own
    service, and is refused here."""
    if not workflow.step(name).plain:
        raise ValueError(f"Step {name!r} has a service of its own.")
    dossier = lock(dossier)
    apply_transition(dossier, name, actor=actor, note=note)
    return dossier


def dossier_accept_for_review(*, actor, dossier: Dossier, note: str = "") -> Dossier:
    return dossier_take_step("accept_for_review", actor=actor, dossier=dossier, note=note)


def dossier_screen_out(*, actor, dossier: Dossier, note: str) -> Dossier:
    """Reject at intake: not a micro-credential. The provider may appeal."""
    return dossier_take_step("screen_out", actor=actor, dossier=dossier, note=note)


@transaction.atomic
def dossier_return(
    *, actor, dossier: Dossier, note: str, comments: list[dict] | None = None
) -> Dossier:
    """Return an incomplete dossier to the provider before review, optionally with comments
    on fields (`[{"pointer": "/learning_hours", "comment": "…"}]`) the provider must answer."""
    dossier = lock(dossier)
    allow(dossier, "return_to_provider", actor=actor)
    comments = revisions.clean_comments(comments)
    apply_transition(dossier, "return_to_provider", actor=actor, note=note, allowed=True)
    revisions.attach_comments(
        actor=actor, dossier=dossier, version=_latest_version(dossier), comments=comments
    )
    return dossier


def _latest_version(dossier):
    return dossier.versions.order_by("-number").first()


@transaction.atomic
def dossier_request_extra_review(*, actor, dossier: Dossier, note: str = "") -> Dossier:
    """Send a dossier awaiting its decision back to review, for one more reviewer (the
    reviewers' extra_review invites them in the same transaction)."""
    dossier = lock(dossier)
    apply_transition(dossier, "request_extra_review", actor=actor, note=note)
    return dossier


# System: called by the review process and the scheduler, never by a person.


@transaction.atomic
def dossier_complete_reviews(*, dossier: Dossier) -> Dossier:
    dossier = lock(dossier)
    apply_transition(dossier, "complete_reviews", actor=None)
    return dossier


@transaction.atomic
def dossier_expire(*, dossier: Dossier) -> Dossier:
    dossier = lock(dossier)
    # Notes are stored once and shown in each reader's language: keep the English msgid.
    apply_transition(
        dossier, "expire", actor=None, note=gettext_noop("The validity period has ended.")
    )
    return dossier


def expire_lapsed(*, today: date | None = None) -> list[int]:
    """Expire every certified item whose validity has ended; each in its own transaction."""
    expired = []
    for dossier_id in lapsed_dossier_ids(today or timezone.localdate()):
        dossier_expire(dossier=Dossier(pk=dossier_id))
        expired.append(dossier_id)
    return expired


# Committee: decisions and the life of a certified item.

#: The validity periods, in years, the committee may give an approval (the decision form's
#: bounds too).
VALIDITY_YEARS_MIN, VALIDITY_YEARS_MAX = 1, 10


def _validity(valid_years):
    valid_years = valid_years or settings.ACCREDITATION_VALIDITY_YEARS
    if not VALIDITY_YEARS_MIN <= valid_years <= VALIDITY_YEARS_MAX:
        raise DomainError(
            _("The validity period must be between %(min)s and %(max)s years.")
            % {"min": VALIDITY_YEARS_MIN, "max": VALIDITY_YEARS_MAX}
        )
    start = timezone.localdate()
    try:
        end = start.replace(year=start.year + valid_years)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + valid_years, day=28)
    return start, end


@transaction.atomic
def dossier_decide(
    *,
    actor,
    dossier: Dossier,
    outcome: str,
    rationale: str,
    valid_years: int | None = None,
    comments: list[dict] | None = None,
    conditions: list[dict] | None = None,
) -> Decision:
    """Record the committee's decision on the version under review and move the dossier on.

    An approval sets the validity period (default ACCREDITATION_VALIDITY_YEARS) and announces
    the item, so that the catalogue and registry publish it once the transaction commits.
    An approval may carry conditions, each with a due date (`[{"text_ja", "text_en", "due_on"}]`);
    the item is accredited at once and the conditions are followed up one by one (see
    services/conditions.py). A revision request may carry comments on fields (see
    dossier_return). An appeal is decided
    by committee members who took no part in the decision appealed against.
    """
    dossier = lock(dossier)
    allow(dossier, "approve", actor=actor)  # every outcome needs the committee's permission
    if not isinstance(outcome, str) or outcome not in workflow.BY_OUTCOME:
        raise DomainError(_("Choose a decision."))
    step = workflow.BY_OUTCOME[outcome]
    rationale = require_text(rationale, str(step.missing_note))
    comments = revisions.clean_comments(comments)
    if comments and outcome != DecisionOutcome.REVISIONS_REQUESTED:
        raise DomainError(_("Comments on fields can only accompany a request for revisions."))
    on_appeal = dossier.state == DossierState.APPEALED
    if on_appeal:
        _require_independent_of_first_decision(actor, dossier)
    valid_from = valid_until = None
    if outcome == DecisionOutcome.APPROVED:
        valid_from, valid_until = _validity(valid_years)
    conditions = condition_rules.clean_conditions(conditions, valid_until=valid_until)
    if conditions and outcome != DecisionOutcome.APPROVED:
        raise DomainError(_("Conditions can only accompany an approval."))
    apply_transition(dossier, step.name, actor=actor, note=rationale, allowed=True)
    decision = Decision.objects.create(
        dossier=dossier,
        version=_latest_version(dossier),
        outcome=outcome,
        on_appeal=on_appeal,
        rationale=rationale,
        valid_from=valid_from,
        valid_until=valid_until,
        decided_by=actor,
    )
    revisions.attach_comments(
        actor=actor, dossier=dossier, version=decision.version, comments=comments
    )
    condition_rules.create_conditions(actor=actor, decision=decision, rows=conditions)
    return decision


@transaction.atomic
def dossier_reopen_review(*, actor, dossier: Dossier, note: str) -> Dossier:
    """Uphold an appeal by sending the dossier back to review."""
    dossier = lock(dossier)
    allow(dossier, "reopen_review", actor=actor)
    if dossier.state == DossierState.APPEALED:
        _require_independent_of_first_decision(actor, dossier)
    apply_transition(dossier, "reopen_review", actor=actor, note=note, allowed=True)
    return dossier


def _require_independent_of_first_decision(actor, dossier):
    """An appeal is heard by people who did not take the rejection it contests."""
    if actor.pk in first_decider_ids(dossier):
        raise DomainError(
            _(
                "You took part in the decision under appeal: another committee member "
                "must decide the appeal."
            ),
            code="conflict",
        )


def dossier_suspend(*, actor, dossier: Dossier, note: str) -> Dossier:
    return dossier_take_step("suspend", actor=actor, dossier=dossier, note=note)


def dossier_reinstate(*, actor, dossier: Dossier, note: str) -> Dossier:
    return dossier_take_step("reinstate", actor=actor, dossier=dossier, note=note)


def dossier_revoke(*, actor, dossier: Dossier, note: str) -> Dossier:
    return dossier_take_step("revoke", actor=actor, dossier=dossier, note=note)
