"""Conditions of an approval: set with the decision, met with evidence, signed off by staff.

The committee approves with conditions (the item is accredited at once); each condition has a
due date. The provider uploads evidence (a document, checked by its content like a dossier's
attachments, with a note); staff sign it off or send it back with a reason, and the provider
uploads again. Every step is one transaction with its audit event, taken as the conditions'
table says (workflow.CONDITIONS).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.errors import DomainError
from accreditation.models import AuditEvent, DecisionCondition, DossierState
from accreditation.workflow import CONDITIONS

from .attachments import _require_size, clean_file_name, detect_type
from .transitions import allow, apply_transition, require_possible

#: Conditions are worked on while the item is certified (a suspension may await one).
TRACKED_STATES = [DossierState.ACCREDITED, DossierState.SUSPENDED]
MAX_CONDITIONS = 20


def clean_conditions(rows, *, valid_until=None, today=None):
    """The rows of the decision form that carry anything, checked: some text (Japanese,
    English or both) and a due date after today and within the validity period. Refuses
    the whole decision, naming the row, when one is incomplete."""
    today = today or timezone.localdate()
    cleaned = []
    for number, row in enumerate(rows or [], start=1):
        text_ja = (row.get("text_ja") or "").strip()
        text_en = (row.get("text_en") or "").strip()
        raw_due = row.get("due_on")
        if not (text_ja or text_en or raw_due):
            continue
        if not (text_ja or text_en):
            message = _("Condition %(n)s: write what the provider must do.")
            raise DomainError(message % {"n": number})
        due_on = _due_date(raw_due, number)
        if due_on <= today:
            message = _("Condition %(n)s: the due date must be in the future.")
            raise DomainError(message % {"n": number})
        if valid_until and due_on > valid_until:
            raise DomainError(
                _("Condition %(n)s: the due date must fall within the validity period.")
                % {"n": number}
            )
        cleaned.append({"text_ja": text_ja, "text_en": text_en, "due_on": due_on})
    if len(cleaned) > MAX_CONDITIONS:
        raise DomainError(_("A decision carries at most %(n)s conditions.") % {"n": MAX_CONDITIONS})
    return cleaned


def _due_date(raw, number):
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw or "").strip())
    except ValueError:
        raise DomainError(
            _("Condition %(n)s: give a due date (YYYY-MM-DD).") % {"n": number}
        ) from None


def create_conditions(*, actor, decision, rows):
    """Attach the cleaned rows to the decision being recorded (inside dossier_decide's
    transaction, which has checked the committee's permission)."""
    conditions = DecisionCondition.objects.bulk_create(
        DecisionCondition(decision=decision, **row) for row in rows
    )
    for condition in conditions:
        AuditEvent.record(
            action=CONDITIONS.action("create"),
            actor=actor,
            subject=condition,
            dossier=decision.dossier,
            to_state=condition.state,
            note=condition.text_en or condition.text_ja,
        )
    return conditions


def _lock(condition):
    return (
        DecisionCondition.objects.select_for_update()
        .select_related("decision__dossier")
        .get(pk=condition.pk)
    )


def _require_tracked(dossier):
    if dossier.state not in TRACKED_STATES:
        raise DomainError(
            _("Conditions are not followed up while the dossier is “%(state)s”.")
            % {"state": dossier.get_state_display()},
            code="state",
        )


@transaction.atomic
def condition_submit_evidence(*, actor, condition, upload, note="") -> DecisionCondition:
    """The provider uploads evidence that a condition is met. The file is checked by its
    content (the attachments' rules), and the step by the state machine, before the file is
    stored."""
    condition = _lock(condition)
    allow(CONDITIONS, condition, "submit_evidence", actor=actor)
    _require_tracked(condition.decision.dossier)
    if upload is None:
        raise DomainError(_("Choose a file to upload as evidence."))
    name = clean_file_name(upload.name)
    _require_size(upload, name)
    extension, content_type = detect_type(upload, name)
    require_possible(CONDITIONS, condition, "submit_evidence")
    condition.evidence.save(f"evidence.{extension}", upload, save=False)
    try:
        apply_transition(
            CONDITIONS,
            condition,
            "submit_evidence",
            actor=actor,
            note=name,
            allowed=True,
            evidence_name=name,
            evidence_content_type=content_type,
            evidence_note=(note or "").strip(),
            submitted_by=actor,
            submitted_at=timezone.now(),
        )
    except Exception:
        condition.evidence.delete(save=False)  # never a stored file without its row
        raise
    return condition


@transaction.atomic
def condition_sign_off(*, actor, condition) -> DecisionCondition:
    """Staff accept the evidence: the condition is met."""
    condition = _lock(condition)
    allow(CONDITIONS, condition, "sign_off", actor=actor)
    _require_tracked(condition.decision.dossier)
    apply_transition(
        CONDITIONS,
        condition,
        "sign_off",
        actor=actor,
        allowed=True,
        signed_off_by=actor,
        signed_off_at=timezone.now(),
        rejection_reason="",
    )
    return condition


@transaction.atomic
def condition_reject_evidence(*, actor, condition, reason) -> DecisionCondition:
    """Staff send the evidence back with a reason (kept for the provider to read); the
    condition is open again and the provider uploads new evidence. The earlier file stays
    stored for the record."""
    condition = _lock(condition)
    allow(CONDITIONS, condition, "reject_evidence", actor=actor)
    _require_tracked(condition.decision.dossier)
    apply_transition(
        CONDITIONS, condition, "reject_evidence", actor=actor, note=reason, allowed=True
    )
    return condition
