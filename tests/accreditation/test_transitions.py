"""Every transition of DESIGN §3: allowed from the right states by the right role, refused
otherwise with nothing changed, and exactly one audit event when it happens."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accreditation import screening, services
from accreditation.errors import DomainError
from accreditation.models import (
    BEFORE_DECISION,
    AuditEvent,
    Decision,
    DecisionOutcome,
    Dossier,
    DossierState,
    DossierVersion,
)
from tests.accreditation.factories import dossier as make_dossier

S = DossierState
pytestmark = pytest.mark.django_db


def in_state(people, state, *, since=None):
    """A complete dossier of org A with one submitted version, put directly in `state`."""
    dossier = make_dossier(people.org_a, author=people.provider_a)
    services.dossier_submit(actor=people.provider_a, dossier=dossier)
    Dossier.objects.filter(pk=dossier.pk).update(
        state=state, state_changed_at=since or timezone.now()
    )
    return Dossier.objects.get(pk=dossier.pk)


def decide(outcome):
    def call(people, dossier, actor=None):
        return services.dossier_decide(
            actor=actor or people.committee, dossier=dossier, outcome=outcome, rationale="Why."
        )

    return call


def by(role, service, **kwargs):
    def call(people, dossier, actor=None):
        return service(actor=actor or getattr(people, role), dossier=dossier, **kwargs)

    return call


def system(service):
    def call(people, dossier, actor=None):
        return service(dossier=dossier)

    return call


# name: (call, role of the actor or None for the system, source states, target state)
TRANSITIONS = {
    "submit": (by("provider_a", services.dossier_submit), "provider", [S.DRAFT], S.SUBMITTED),
    "resubmit": (
        by("provider_a", services.dossier_submit),
        "provider",
        [S.REVISION_REQUESTED],
        S.SUBMITTED,
    ),
    "accept_for_review": (
        by("secretariat", services.dossier_accept_for_review),
        "secretariat",
        [S.SUBMITTED],
        S.IN_REVIEW,
    ),
    "screen_out": (
        by("secretariat", services.dossier_screen_out, note="No assessment."),
        "secretariat",
        [S.SUBMITTED],
        S.REJECTED,
    ),
    "return_to_provider": (
        by("secretariat", services.dossier_return, note="Add outcomes."),
        "secretariat",
        [S.SUBMITTED],
        S.REVISION_REQUESTED,
    ),
    "complete_reviews": (
        system(services.dossier_complete_reviews),
        None,
        [S.IN_REVIEW],
        S.AWAITING_DECISION,
    ),
    "approve": (
        decide(DecisionOutcome.APPROVED),
        "committee",
        [S.AWAITING_DECISION, S.APPEALED],
        S.ACCREDITED,
    ),
    "request_revisions": (
        decide(DecisionOutcome.REVISIONS_REQUESTED),
        "committee",
        [S.AWAITING_DECISION],
        S.REVISION_REQUESTED,
    ),
    "reject": (
        decide(DecisionOutcome.REJECTED),
        "committee",
        [S.AWAITING_DECISION, S.APPEALED],
        S.REJECTED,
    ),
    "appeal": (
        by("provider_a", services.dossier_appeal, reasons="The rubric is published."),
        "provider",
        [S.REJECTED],
        S.APPEALED,
    ),
    "reopen_review": (
        by("committee", services.dossier_reopen_review, note="New evidence."),
        "committee",
        [S.APPEALED],
        S.IN_REVIEW,
    ),
    "suspend": (
        by("committee", services.dossier_suspend, note="Complaint."),
        "committee",
        [S.ACCREDITED],
        S.SUSPENDED,
    ),
    "reinstate": (
        by("committee", services.dossier_reinstate, note="Resolved."),
        "committee",
        [S.SUSPENDED],
        S.ACCREDITED,
    ),
    "expire": (system(services.dossier_expire), None, [S.ACCREDITED, S.SUSPENDED], S.EXPIRED),
    "revoke": (
        by("committee", services.dossier_revoke, note="Fraud."),
        "committee",
        [S.ACCREDITED, S.SUSPENDED],
        S.REVOKED,
    ),
    "withdraw": (
        by("provider_a", services.dossier_withdraw),
        "provider",
        BEFORE_DECISION,
        S.WITHDRAWN,
    ),
}

CASES = [
    pytest.param(name, state, id=f"{name}-from-{state}")
    for name in TRANSITIONS
    for state in S.values
    # "submit" and "resubmit" are one service; each is tested from its own source only.
    if not (name == "submit" and state == S.REVISION_REQUESTED)
    and not (name == "resubmit" and state == S.DRAFT)
]


def snapshot(dossier):
    return {
        "state": Dossier.objects.get(pk=dossier.pk).state,
        "events": AuditEvent.objects.filter(dossier=dossier).count(),
        "versions": DossierVersion.objects.filter(dossier=dossier).count(),
        "decisions": Decision.objects.filter(dossier=dossier).count(),
    }


@pytest.mark.parametrize(("name", "state"), CASES)
def test_transition_from_every_state(people, name, state):
    call, role, sources, target = TRANSITIONS[name]
    dossier = in_state(people, state)
    events_before = AuditEvent.objects.filter(dossier=dossier).count()
    before = snapshot(dossier)

    if state in sources:
        call(people, dossier)
        dossier.refresh_from_db()
        assert dossier.state == target
        new_events = list(AuditEvent.objects.filter(dossier=dossier)[events_before:])
        assert len(new_events) == 1
        event = new_events[0]
        assert (event.action, event.from_state, event.to_state) == (
            f"dossier.{name}",
            state,
            target,
        )
        expected_actor = {
            "provider": people.provider_a,
            "secretariat": people.secretariat,
            "committee": people.committee,
            None: None,
        }[role]
        assert event.actor == expected_actor
    else:
        with pytest.raises(DomainError) as refused:
            call(people, dossier)
        assert refused.value.code in {"state", "incomplete"}
        assert snapshot(dossier) == before


def wrong_actors(people, role):
    """People who hold a role, just not this one (or not for this organisation)."""
    return {
        "provider": [people.provider_b, people.viewer_a, people.secretariat, people.committee],
        "secretariat": [people.provider_a, people.committee, people.reviewer.user],
        "committee": [people.provider_a, people.secretariat, people.reviewer.user],
    }[role]


HUMAN_TRANSITIONS = [
    pytest.param(name, id=name) for name, spec in TRANSITIONS.items() if spec[1] is not None
]


@pytest.mark.parametrize("name", HUMAN_TRANSITIONS)
def test_transition_by_the_wrong_role_is_refused_and_changes_nothing(people, name):
    call, role, sources, _target = TRANSITIONS[name]
    for actor in wrong_actors(people, role):
        dossier = in_state(people, sources[0])
        before = snapshot(dossier)
        with pytest.raises(DomainError) as refused:
            call(people, dossier, actor=actor)
        assert refused.value.code == "forbidden", actor
        assert snapshot(dossier) == before


def test_submit_freezes_the_working_copy_as_numbered_versions(people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    first = services.dossier_submit(actor=people.provider_a, dossier=dossier)
    Dossier.objects.filter(pk=dossier.pk).update(state=S.REVISION_REQUESTED)
    dossier.refresh_from_db()
    changed = {**dossier.content, "title": {"ja": "改訂版", "en": "Revised"}}
    services.dossier_update(actor=people.provider_a, dossier=dossier, content=changed)
    second = services.dossier_submit(actor=people.provider_a, dossier=dossier)

    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.content["title"]["en"] == "Introduction to Data Science"
    assert second.content["title"]["en"] == "Revised"
    with pytest.raises(ValueError, match="frozen"):
        first.save()


def test_submit_refuses_an_incomplete_dossier_naming_each_field(people):
    dossier = make_dossier(people.org_a, author=people.provider_a, summary={"ja": "概要"})
    with pytest.raises(DomainError) as refused:
        services.dossier_submit(actor=people.provider_a, dossier=dossier)
    assert refused.value.code == "incomplete"
    assert refused.value.data["problems"] == [
        {
            "pointer": "/summary/en",
            "message": {
                "ja": refused.value.data["problems"][0]["message"]["ja"],
                "en": "The catalogue needs this in English too.",
            },
        }
    ]
    assert refused.value.details == ["Summary: The catalogue needs this in English too."]
    assert snapshot(dossier)["state"] == S.DRAFT
    assert snapshot(dossier)["versions"] == 0


def test_submit_refuses_an_ineligible_dossier_with_the_screening_report(people):
    dossier = make_dossier(people.org_a, author=people.provider_a, learning_outcomes=[])
    with pytest.raises(DomainError) as refused:
        services.dossier_submit(actor=people.provider_a, dossier=dossier)
    assert refused.value.code == "ineligible"
    assert refused.value.details == ["No learning outcome is listed."]
    assert [c["id"] for c in screening.failures(refused.value.data["screening"])] == [
        "outcomes_present"
    ]
    assert snapshot(dossier)["state"] == S.DRAFT
    assert snapshot(dossier)["versions"] == 0


def test_appeal_is_refused_once_the_window_has_closed(people, settings):
    settings.ACCREDITATION_APPEAL_WINDOW_DAYS = 30
    dossier = in_state(people, S.REJECTED, since=timezone.now() - timedelta(days=31))
    before = snapshot(dossier)
    with pytest.raises(DomainError) as refused:
        services.dossier_appeal(actor=people.provider_a, dossier=dossier, reasons="Late.")
    assert refused.value.code == "state"
    assert snapshot(dossier) == before


def test_approval_records_validity_and_a_decision(people, settings):
    settings.ACCREDITATION_VALIDITY_YEARS = 3
    dossier = in_state(people, S.AWAITING_DECISION)
    decision = services.dossier_decide(
        actor=people.committee, dossier=dossier, outcome="approved", rationale="Meets all."
    )
    today = timezone.localdate()
    assert decision.valid_from == today
    assert decision.valid_until == today.replace(year=today.year + 3)
    assert decision.version.number == 1
    assert decision.decided_by == people.committee


def test_a_decision_needs_a_rationale(people):
    dossier = in_state(people, S.AWAITING_DECISION)
    before = snapshot(dossier)
    with pytest.raises(DomainError):
        services.dossier_decide(
            actor=people.committee, dossier=dossier, outcome="approved", rationale="  "
        )
    assert snapshot(dossier) == before


def test_a_stale_copy_cannot_overwrite_a_newer_state(people):
    """ConcurrentTransitionMixin: saving an outdated instance raises instead of rolling back
    somebody else's transition."""
    from django.db import transaction
    from django_fsm import ConcurrentTransition

    dossier = in_state(people, S.SUBMITTED)
    stale = Dossier.objects.get(pk=dossier.pk)
    services.dossier_accept_for_review(actor=people.secretariat, dossier=dossier)
    stale.screen_out()
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        stale.save()
    assert Dossier.objects.get(pk=dossier.pk).state == S.IN_REVIEW


def test_audit_events_are_append_only(people):
    dossier = in_state(people, S.SUBMITTED)
    event = AuditEvent.objects.filter(dossier=dossier).first()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(dossier=dossier).update(note="changed")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(dossier=dossier).delete()
