"""The core's workflow tables (accreditation/workflow.py): each describes its state machine
exactly, and what the dossier's says is what the services, the desk, the timeline and the
emails do. The conditions' refused steps are tested with the conditions
(tests/accreditation/test_conditions.py)."""

import pytest
from django.urls import reverse
from django.utils import translation

from accreditation import roles, services, workflow
from accreditation.errors import DomainError
from accreditation.models import (
    AuditEvent,
    DecisionCondition,
    DecisionOutcome,
    Dossier,
    DossierState,
)
from accreditation.notifications import render_message
from accreditation.selectors import timeline
from demo.workflow import advance
from desk.views.cases import DESK_SERVICES
from tests.accreditation import factories as core
from tests.accreditation.factories import dossier as make_dossier
from tests.workflow_tables import (
    assert_describes,
    assert_timeline_reads,
    state_machine,
    texts,
    untranslated,
)

S = DossierState
MACHINE = state_machine(Dossier)  # transition name: ({sources}, target)


def test_every_transition_of_the_state_machine_is_one_step_and_no_step_is_invented():
    assert {s.name for s in workflow.STEPS if s.changes_state} == set(MACHINE)
    assert len(workflow.BY_NAME) == len(workflow.STEPS)
    for step in workflow.STEPS:
        if not step.changes_state:
            assert not hasattr(Dossier, step.name), step.name


def test_every_condition_transition_is_one_step_and_no_step_is_invented():
    assert_describes(workflow.CONDITIONS, DecisionCondition)
    assert workflow.CONDITIONS.step("create").changes_state is False


@pytest.mark.parametrize("table", [workflow.DOSSIERS, workflow.CONDITIONS], ids=lambda t: t.prefix)
def test_the_timeline_reads_the_core_tables_labels(table):
    assert_timeline_reads(table)


@pytest.mark.parametrize("step", workflow.CONDITIONS.steps, ids=lambda s: s.name)
def test_every_text_of_a_condition_step_reads_in_japanese(step):
    assert untranslated(texts(workflow.CONDITIONS, step)) == []


def test_a_dossier_step_refused_by_its_state_says_so_in_japanese():
    assert untranslated([workflow.DOSSIERS.not_possible]) == []


def test_each_decision_outcome_is_one_step_from_the_committees_states():
    assert set(workflow.BY_OUTCOME) == set(DecisionOutcome.values)
    for outcome, step in workflow.BY_OUTCOME.items():
        sources, _target = MACHINE[step.name]
        assert S.AWAITING_DECISION in sources, outcome
        assert step.permission == workflow.DECIDE


def test_every_desk_form_has_a_service_a_permission_and_its_own_address():
    with_forms = [s for s in workflow.STEPS if s.desk]
    # A plain step is taken by services.dossier_take_step; the others name their service.
    assert set(DESK_SERVICES) | {s.name for s in with_forms if s.plain} == {
        s.name for s in with_forms
    }
    assert len(workflow.BY_DESK_SLUG) == len(with_forms)
    assert "decide" not in workflow.BY_DESK_SLUG  # the decision has its own form
    for step in with_forms:
        assert step.permission in (workflow.SCREEN, workflow.DECIDE), step.name
        assert step.desk.group in ("screening", "certified"), step.name
        assert step.desk.style in ("primary", "secondary", "danger"), step.name


@pytest.mark.django_db
def test_the_plain_step_service_refuses_a_step_with_rules_of_its_own(people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    with pytest.raises(ValueError, match="submit"):  # a submission is checked first
        services.dossier_take_step("submit", actor=people.provider_a, dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DRAFT
    plain = {s.name for s in workflow.STEPS if s.plain}
    assert plain == {"accept_for_review", "screen_out", "suspend", "reinstate", "revoke"}
    assert all(workflow.step(name).desk for name in plain)


def test_only_steps_a_provider_hears_of_have_notes_written_for_them():
    assert workflow.NOTE_FOR_PROVIDER_ACTIONS <= workflow.PROVIDER_FACING_ACTIONS
    internal = {"dossier.complete_reviews", "dossier.request_extra_review", "dossier.create"}
    assert not internal & workflow.PROVIDER_FACING_ACTIONS
    assert {"dossier.submit", "dossier.resubmit", "dossier.renew"}.isdisjoint(
        workflow.NOTE_FOR_PROVIDER_ACTIONS
    )


def _texts(step):
    texts = [step.label, step.role] + ([step.missing_note] if step.missing_note else [])
    if step.desk:
        texts += [step.desk.prompt, step.desk.button, step.desk.success]
    return texts


@pytest.mark.parametrize("step", workflow.STEPS, ids=lambda s: s.name)
def test_every_text_of_a_step_reads_in_japanese(step):
    english = [str(text) for text in _texts(step)]
    with translation.override("ja"):
        japanese = [str(text) for text in _texts(step)]
    for en, ja in zip(english, japanese, strict=True):
        assert ja != en, en


def test_unknown_actions_read_as_the_system_never_as_a_person():
    assert workflow.acting_role("dossier.import") == workflow.SYSTEM
    assert workflow.acting_role("assignment.submit_review") == workflow.SYSTEM
    assert workflow.DOSSIERS.label("assignment.submit_review") is None


#: The state each desk form's step starts from, as demo.workflow.advance reaches it.
STARTS = {
    "return_to_provider": S.SUBMITTED,
    "screen_out": S.SUBMITTED,
    "reopen_review": S.APPEALED,
    "suspend": S.ACCREDITED,
    "reinstate": S.SUSPENDED,
    "revoke": S.ACCREDITED,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(STARTS))
def test_a_desk_step_without_its_required_note_is_refused_with_the_tables_words(
    client, people, name
):
    step = workflow.step(name)
    assert step.missing_note and step.desk
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), STARTS[name], people.cast()
    )
    events = AuditEvent.objects.count()
    # Someone who took no part in the decisions so far (an appeal is heard by others).
    acting = people.secretariat
    if step.permission == workflow.DECIDE:
        acting = core.staff_user(roles.COMMITTEE, email="second.committee@example.org")
    client.force_login(acting)
    response = client.post(
        reverse("desk:action", args=[dossier.pk, step.desk.slug]), {"note": " \t"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [str(step.missing_note)]
    dossier.refresh_from_db()
    assert (dossier.state, AuditEvent.objects.count()) == (STARTS[name], events)

    client.post(reverse("desk:action", args=[dossier.pk, step.desk.slug]), {"note": "Because."})
    dossier.refresh_from_db()
    assert dossier.state == MACHINE[name][1]
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.note, event.actor) == (step.action, "Because.", acting)


@pytest.mark.django_db
def test_the_timeline_and_the_email_say_what_the_table_says(people):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.SUSPENDED, people.cast()
    )
    suspended = AuditEvent.objects.get(dossier=dossier, action="dossier.suspend")
    shown = next(e for e in timeline(dossier, for_provider=True) if e.pk == suspended.pk)
    step = workflow.step("suspend")
    assert (shown.get_action_display(), shown.shown_role) == (step.label, workflow.COMMITTEE)
    assert shown.shown_actor is None  # never the committee member's name
    subject, body = render_message(suspended, "ja")
    with translation.override("ja"):
        assert str(step.label) in subject + body
        assert str(workflow.COMMITTEE) in body


@pytest.mark.django_db
def test_only_the_secretariat_sends_a_case_back_for_an_extra_review(people):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.AWAITING_DECISION, people.cast()
    )
    with pytest.raises(DomainError) as refused:
        services.dossier_request_extra_review(actor=people.committee, dossier=dossier)
    assert refused.value.code == "forbidden"
    services.dossier_request_extra_review(actor=people.secretariat, dossier=dossier, note=" x ")
    dossier.refresh_from_db()
    event = AuditEvent.objects.latest("pk")
    assert (dossier.state, event.action, event.note) == (
        S.IN_REVIEW,
        "dossier.request_extra_review",
        "x",
    )


@pytest.mark.django_db
def test_a_service_that_checks_first_does_not_ask_again(people, monkeypatch):
    from accreditation.services import transitions

    asked = []
    real = transitions.require_perm
    monkeypatch.setattr(
        transitions,
        "require_perm",
        lambda actor, perm, obj: asked.append(perm) or real(actor, perm, obj),
    )
    dossier = make_dossier(people.org_a, author=people.provider_a)
    services.dossier_submit(actor=people.provider_a, dossier=dossier)
    assert asked == [workflow.SUBMIT]
