"""Queries about the conditions of approvals, each in a fixed number of SQL queries."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ConditionState, DecisionCondition
from .services.conditions import TRACKED_STATES


def dossier_conditions(dossier, *, for_staff):
    """Every condition set on the dossier's decisions, oldest decision first. Who signed off
    is loaded for staff only: a provider never learns the name."""
    conditions = DecisionCondition.objects.filter(decision__dossier=dossier).select_related(
        "decision"
    )
    if for_staff:
        conditions = conditions.select_related("signed_off_by", "submitted_by")
    return list(conditions.order_by("decision__decided_at", "due_on", "pk"))


def overdue(today=None):
    """Conditions of certified items past their due date with no evidence, oldest first."""
    today = today or timezone.localdate()
    return DecisionCondition.objects.filter(
        state=ConditionState.OPEN,
        due_on__lt=today,
        decision__dossier__state__in=TRACKED_STATES,
    )


def overdue_list(today=None, limit=50):
    return list(
        overdue(today)
        .select_related("decision__dossier__organisation")
        .order_by("due_on", "pk")[:limit]
    )


def overdue_marker(dossiers):
    """The desk's case list marks the cases with an overdue condition."""
    ids = overdue().filter(decision__dossier__in=[d.pk for d in dossiers])
    return dict.fromkeys(ids.values_list("decision__dossier_id", flat=True), _("Condition overdue"))
