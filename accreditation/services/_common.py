"""What every dossier service does the same way: guard, lock, transition, audit."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accreditation.errors import DomainError, require_text  # noqa: F401 (services import it here)
from accreditation.models import AuditEvent, Dossier
from accreditation.notifications import notify_provider


def lock(dossier):
    """A fresh copy of the dossier, locked until the transaction ends (no check-then-act race)."""
    return Dossier.objects.select_for_update().select_related("organisation").get(pk=dossier.pk)


def apply_transition(dossier, name, *, actor, note=""):
    """Run the FSM transition `name` on a locked dossier, save it and write its audit event.

    Refuses with a DomainError, changing nothing, when the transition is not allowed from the
    dossier's current state (or its conditions, such as the appeal window, do not hold).
    """
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
        action=f"dossier.{name}",
        actor=actor,
        subject=dossier,
        dossier=dossier,
        from_state=from_state,
        to_state=dossier.state,
        note=note,
    )
    notify_provider(event)
    return event
