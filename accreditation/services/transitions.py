"""The one way a step of a workflow table (accreditation.transitions) is taken, whatever the
object: the permission, the note, the state machine's consent, the transition, one save and
the audit event, in the caller's transaction. What only one kind of object does besides (a
dossier's emails and lifecycle events, a condition's evidence file) stays in its services."""

from django_fsm import can_proceed

from accreditation.access import require_perm
from accreditation.errors import DomainError, require_text
from accreditation.models import AuditEvent


def allow(table, obj, name, *, actor):
    """Refuse with a DomainError unless `actor` holds the permission step `name` needs (the
    system's own steps need none). A service checks this first when it reads more input
    before the step; it then tells apply_transition (`allowed=True`), as a permission check
    costs queries."""
    step = table.step(name)
    if step.permission:
        require_perm(actor, step.permission, table.permission_object(obj, step))


def require_possible(table, obj, name):
    """Refuse with a DomainError unless the state machine lets `obj` take step `name` from
    its current state. A service checks this first when the step's work must not start for
    nothing (a file stored, a reviewer accredited)."""
    if not can_proceed(getattr(obj, name)):
        message = str(table.not_possible) % {"state": obj.get_state_display()}
        raise DomainError(message, code="state")


def apply_transition(table, obj, name, /, *, actor, note="", allowed=False, **changes):
    """Take step `name` of `table` on a locked `obj`, and return its audit event.

    `changes` are the fields the step sets with the state (who decided, when), saved with it;
    a step with a `note_field` keeps its note there too. Refuses with a DomainError, changing
    nothing, when the actor may not take it, its note is required and missing, or the state
    machine does not allow it from the object's current state. `actor` is None for the
    system's own steps; `allowed`: the service has called `allow` itself.
    """
    step = table.step(name)
    if not allowed:
        allow(table, obj, name, actor=actor)
    note = require_text(note, str(step.missing_note)) if step.missing_note else note.strip()
    require_possible(table, obj, name)
    from_state = obj.state
    getattr(obj, name)()
    if step.note_field:
        changes[step.note_field] = note
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.save()
    return AuditEvent.record(
        action=table.action(name),
        actor=actor,
        subject=obj,
        dossier=table.dossier_of(obj),
        from_state=from_state,
        to_state=obj.state,
        note=note,
    )
