"""What every dossier service does the same way, as the workflow table says (workflow.py):
lock, then take a step through the one mechanism of every table (services.transitions),
stamped with the moment the dossier's state changed, then tell the provider and announce."""

from django.utils import timezone

from accreditation import events, workflow
from accreditation.models import AuditEvent, Dossier
from accreditation.notifications import notify_provider

from . import transitions


def lock(dossier):
    """A fresh copy of the dossier, locked until the transaction ends (no check-then-act race)."""
    return Dossier.objects.select_for_update().select_related("organisation").get(pk=dossier.pk)


def allow(dossier, name, *, actor):
    """Refuse with a DomainError unless `actor` holds the permission step `name` needs on the
    dossier (the system's own steps need none). A service checks this first when it reads
    more input before the transition."""
    transitions.allow(workflow.DOSSIERS, dossier, name, actor=actor)


def apply_transition(dossier, name, *, actor, note="", allowed=False) -> AuditEvent:
    """Take workflow step `name` on a locked dossier: its permission, its note, its FSM
    transition, saved with the audit event, the provider's emails and the lifecycle event.

    Refuses with a DomainError, changing nothing, when the actor may not take it, its note is
    required and missing, or the transition is not allowed from the dossier's current state
    (or its conditions, such as the appeal window, do not hold). `actor` is None for the
    system's own steps. `allowed`: the service has called `allow` for this step itself,
    before reading more input (a provider's check costs queries; it is not asked twice).
    """
    event = transitions.apply_transition(
        workflow.DOSSIERS,
        dossier,
        name,
        actor=actor,
        note=note,
        allowed=allowed,
        state_changed_at=timezone.now(),
    )
    notify_provider(event)
    if announced := workflow.step(name).announced(dossier):
        events.announce(dossier_id=dossier.pk, event=announced)
    return event
