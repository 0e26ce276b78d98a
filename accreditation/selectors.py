"""The queries pages and tasks need, each with a fixed number of SQL queries."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.db.models import Count, OuterRef, Subquery
from guardian.shortcuts import get_objects_for_user

from .acting_roles import acting_role
from .models import (
    PUBLISHED,
    AuditEvent,
    Decision,
    DecisionOutcome,
    Dossier,
    DossierState,
    FieldOfStudy,
    Membership,
    ProviderOrganisation,
)


def provider_dossiers(user):
    """The dossiers of the user's organisations (object permissions, not staff-wide ones)."""
    return get_objects_for_user(
        user,
        "accreditation.view_dossier",
        klass=Dossier.objects.select_related("organisation"),
        accept_global_perms=False,
    ).order_by("-updated_at", "-pk")


def organisations_for_new_dossier(user):
    return get_objects_for_user(
        user,
        "accreditation.create_dossier",
        klass=ProviderOrganisation,
        accept_global_perms=False,
    ).order_by("name_en")


def desk_cases(*, state=None):
    cases = Dossier.objects.select_related("organisation").order_by("state_changed_at", "pk")
    if state:
        cases = cases.filter(state=state)
    return cases


def count_by_state():
    """{state: count} for every state, zeros included, in one query."""
    counts = dict(Dossier.objects.values_list("state").annotate(n=Count("pk")).order_by())
    return {state: counts.get(state, 0) for state in DossierState.values}


def timeline(dossier, *, for_provider):
    """The dossier's audit events, oldest first.

    A provider sees the dossier's own transitions and, as actor, only its own members: the
    accreditation body's people are shown by role (`shown_role`), reviewers never appear
    (blind review).
    """
    events = AuditEvent.objects.filter(dossier=dossier).select_related("actor", "content_type")
    if not for_provider:
        return list(events)
    events = list(events.filter(content_type__model="dossier"))
    member_ids = set(
        Membership.objects.filter(organisation_id=dossier.organisation_id).values_list(
            "user_id", flat=True
        )
    )
    for event in events:
        event.shown_actor = event.actor if event.actor_id in member_ids else None
        event.shown_role = acting_role(event.action)
    return events


def latest_approval(dossier):
    return (
        Decision.objects.filter(dossier=dossier, outcome=DecisionOutcome.APPROVED)
        .order_by("-decided_at", "-pk")
        .first()
    )


def lapsed_dossier_ids(today: date):
    """Certified items whose latest approval's validity ended before `today`."""
    valid_until = (
        Decision.objects.filter(dossier=OuterRef("pk"), outcome=DecisionOutcome.APPROVED)
        .order_by("-decided_at", "-pk")
        .values("valid_until")[:1]
    )
    return list(
        Dossier.objects.filter(state__in=[DossierState.ACCREDITED, DossierState.SUSPENDED])
        .annotate(valid_until=Subquery(valid_until))
        .filter(valid_until__lt=today)
        .values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class PublishedItem:
    """What the public may know about a certified micro-credential: the approved version,
    its provider and the accreditation's dates and status. No reviewer data, by construction."""

    dossier_id: int
    credential_id: UUID
    state: str
    content: dict
    version_number: int
    organisation: ProviderOrganisation
    field_of_study: FieldOfStudy | None
    valid_from: date
    valid_until: date
    decided_at: datetime

    @property
    def is_current(self):
        return self.state == DossierState.ACCREDITED


def published_item(credential_id) -> PublishedItem | None:
    """The current public record of a micro-credential: of the dossiers that carry its
    credential id (the original and its renewals), the most recently approved one."""
    decision = (
        Decision.objects.filter(
            dossier__credential_id=credential_id,
            dossier__state__in=PUBLISHED,
            outcome=DecisionOutcome.APPROVED,
        )
        .select_related("dossier__organisation", "version")
        .order_by("-decided_at", "-pk")
        .first()
    )
    if decision is None:
        return None
    content = decision.version.content
    return PublishedItem(
        dossier_id=decision.dossier_id,
        credential_id=decision.dossier.credential_id,
        state=decision.dossier.state,
        content=content,
        version_number=decision.version.number,
        organisation=decision.dossier.organisation,
        field_of_study=FieldOfStudy.objects.filter(code=content.get("field_of_study")).first(),
        valid_from=decision.valid_from,
        valid_until=decision.valid_until,
        decided_at=decision.decided_at,
    )


def current_public_records():
    """{credential id: (dossier id, state)} of every published item's current record, chosen
    as published_item() chooses it (the most recently approved dossier), in two queries."""
    latest_approval = (
        Decision.objects.filter(dossier=OuterRef("pk"), outcome=DecisionOutcome.APPROVED)
        .order_by("-decided_at", "-pk")
        .values("decided_at")[:1]
    )
    records = (
        Dossier.objects.filter(state__in=PUBLISHED)
        .annotate(approved_at=Subquery(latest_approval))
        .order_by("approved_at", "pk")
        .values_list("credential_id", "pk", "state")
    )
    return {credential_id: (pk, state) for credential_id, pk, state in records}


def credential_id_of(dossier_id) -> UUID | None:
    return Dossier.objects.filter(pk=dossier_id).values_list("credential_id", flat=True).first()


def readiness(content):
    """What the provider (while editing) and staff (at intake) see about a dossier's content:
    the problems that block submission, as lines, and the screening report."""
    from . import content as dossier_content
    from . import screening

    return {
        "problems": [
            dossier_content.describe(problem)
            for problem in dossier_content.submission_problems(content)
        ],
        "screening": screening.screen(dossier_content.prune(content)),
    }
