"""What every dossier service does the same way, as the workflow table says (workflow.py):
check the permission and the note, lock, transition, audit, tell the provider, announce."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accreditation import events, workflow
from accreditation.access import require_perm
from accreditation.errors import DomainError, require_text
from accreditation.models import AuditEvent, Dossier
from accreditation.notifications import notify_provider


def lock(dossier):
    """A fresh copy of the dossier, locked until the transaction ends (no check-then-act race)."""
    return Dossier.objects.select_for_update().select_related("organisation").get(pk=dossier.pk)


def allow(dossier, name, *, actor):
    """Refuse with a DomainError unless `actor` holds the permission step `name` needs on the
    dossier (the system's own steps need none). A service checks this first when it reads
    more input before the transition."""
    permission = workflow.step(name).permission
    if permission:
        require_perm(actor, permission, dossier)


def apply_transition(dossier, name, *, actor, note="", allowed=False):
    """Take workflow step `name` on a locked dossier: its permission, its note, its FSM
    transition, saved with the audit event, the provider's emails and the lifecycle event.

    Refuses with a DomainError, changing nothing, when the actor may not take it, its note is
    required and missing, or the transition is not allowed from the dossier's current state
    (or its conditions, such as the appeal window, do not hold). `actor` is None for the
    system's own steps. `allowed`: the service has called `allow` for this step itself,
    before reading more input (a provider's check costs queries; it is not asked twice).
    """
    step = workflow.step(name)
    if not allowed:
        allow(dossier, name, actor=actor)
    note = require_text(note, str(step.missing_note)) if step.missing_note else note.strip()
    method = getattr(dossier, name)
    if not can_proceed(method):
        raise DomainError(
            _("This action is not possible while the dossier is “%(state)s”.")
            % {"state": dossier.get_state_display()},
            code="state",
        )
    from_state = dossier.state
    method()
    dossier.state_changed_at = timezone.now()
    dossier.save()
    event = AuditEvent.record(
        action=step.action,
        actor=actor,
        subject=dossier,
        dossier=dossier,
        from_state=from_state,
        to_state=dossier.state,
        note=note,
    )
    notify_provider(event)
    if announced := step.announced(dossier):
        events.announce(dossier_id=dossier.pk, event=announced)
    return event
