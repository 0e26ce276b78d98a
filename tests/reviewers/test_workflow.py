"""The reviewers' workflow tables (reviewers/workflow.py): each describes its model's state
machine exactly, the core's timeline reads their labels, and a step they refuse (from the
wrong state, without its note, without its permission) changes nothing and says why."""

from datetime import date
from functools import partial

import pytest
from django.core import mail

from accreditation.errors import DomainError
from accreditation.models import AuditEvent, DossierState, FieldOfStudy
from demo.workflow import advance
from reviewers import accrediting, services, workflow
from reviewers.models import ApplicationState, Assignment, AssignmentState, ReviewerApplication
from tests.accreditation.factories import UserFactory
from tests.accreditation.factories import dossier as make_dossier
from tests.workflow_tables import assert_describes, assert_timeline_reads, texts, untranslated

TABLES = [(workflow.ASSIGNMENTS, Assignment), (workflow.APPLICATIONS, ReviewerApplication)]
FORBIDDEN = ("forbidden", "You are not allowed to do this.")


@pytest.mark.parametrize("table, model", TABLES, ids=["assignment", "application"])
def test_every_transition_is_one_step_and_no_step_is_invented(table, model):
    assert_describes(table, model)


@pytest.mark.parametrize("table", [table for table, _model in TABLES], ids=lambda t: t.prefix)
def test_the_core_timeline_reads_the_reviewers_labels(table):
    assert_timeline_reads(table)


@pytest.mark.parametrize(
    "table, step",
    [(table, step) for table, _model in TABLES for step in table.steps],
    ids=lambda value: getattr(value, "prefix", getattr(value, "name", "")),
)
def test_every_text_of_a_step_reads_in_japanese(table, step):
    assert untranslated(texts(table, step)) == []


def _refused(call, stored):
    """The refusal's code and words, once it is known that `stored()` is unchanged."""
    before = stored()
    with pytest.raises(DomainError) as refused:
        call()
    assert stored() == before
    return refused.value.code, str(refused.value)


# Assignments.


@pytest.fixture
def invited(people):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), DossierState.IN_REVIEW, people.cast()
    )
    return services.assignment_invite(
        actor=people.secretariat, dossier=dossier, reviewer=people.reviewer
    )


def _assignment_as_stored(assignment):
    def stored():
        row = Assignment.objects.get(pk=assignment.pk)
        events = AuditEvent.objects.filter(object_id=row.pk, action__startswith="assignment.")
        return (row.state, row.decline_reason, row.responded_at, events.count())

    return stored


@pytest.mark.django_db
def test_an_assignment_step_from_the_wrong_state_is_refused(people, invited):
    services.assignment_accept(actor=people.reviewer.user, assignment=invited, no_conflict=True)
    message = str(workflow.ASSIGNMENTS.not_possible) % {"state": AssignmentState.ACCEPTED.label}
    decline = partial(
        services.assignment_decline,
        actor=people.reviewer.user,
        assignment=invited,
        reason="Too busy.",
    )
    assert _refused(decline, _assignment_as_stored(invited)) == ("state", message)


@pytest.mark.django_db
def test_declining_without_a_reason_is_refused_with_the_tables_words(people, invited):
    decline = partial(
        services.assignment_decline, actor=people.reviewer.user, assignment=invited, reason=" \t"
    )
    missing = str(workflow.ASSIGNMENTS.step("decline").missing_note)
    assert _refused(decline, _assignment_as_stored(invited)) == ("invalid", missing)


@pytest.mark.django_db
def test_only_the_invited_reviewer_answers(people, invited):
    stored = _assignment_as_stored(invited)
    for someone_else in (people.second_reviewer.user, people.secretariat, people.provider_a):
        accept = partial(
            services.assignment_accept, actor=someone_else, assignment=invited, no_conflict=True
        )
        assert _refused(accept, stored) == FORBIDDEN, someone_else


# Reviewer applications.


@pytest.fixture
def pending(reference_data):
    return accrediting.application_submit(
        actor=UserFactory(email="applicant@example.org"),
        fields_of_study=list(FieldOfStudy.objects.filter(code="digital")),
        level_min=4,
        level_max=6,
        languages=["ja"],
        expertise="Statistics lecturer.",
    )


def _application_as_stored(application):
    def stored():
        row = ReviewerApplication.objects.get(pk=application.pk)
        events = AuditEvent.objects.filter(
            object_id=row.pk, action__startswith="reviewer_application."
        )
        return (row.state, row.decided_by_id, row.refusal_reason, events.count(), len(mail.outbox))

    return stored


def _accept(actor, application):
    return accrediting.application_accept(
        actor=actor,
        application=application,
        fields_of_study=list(FieldOfStudy.objects.filter(code="digital")),
        level_min=4,
        level_max=6,
        languages=["ja"],
        valid_from=date(2030, 1, 1),
        valid_until=date(2031, 1, 1),
    )


@pytest.mark.django_db
def test_a_decided_application_is_refused_and_accredits_nobody(people, pending):
    accrediting.application_refuse(actor=people.secretariat, application=pending, reason="No.")
    message = str(workflow.APPLICATIONS.not_possible)
    stored = _application_as_stored(pending)
    assert _refused(partial(_accept, people.secretariat, pending), stored) == ("state", message)
    refuse = partial(
        accrediting.application_refuse,
        actor=people.secretariat,
        application=pending,
        reason="Again.",
    )
    assert _refused(refuse, stored) == ("state", message)
    assert not pending.applicant.groups.exists()
    assert ReviewerApplication.objects.get(pk=pending.pk).state == ApplicationState.REFUSED


@pytest.mark.django_db
def test_refusing_without_a_reason_is_refused_with_the_tables_words(people, pending):
    refuse = partial(
        accrediting.application_refuse, actor=people.secretariat, application=pending, reason=""
    )
    missing = str(workflow.APPLICATIONS.step("refuse").missing_note)
    assert _refused(refuse, _application_as_stored(pending)) == ("invalid", missing)


@pytest.mark.django_db
def test_only_the_secretariat_decides_an_application(people, pending):
    stored = _application_as_stored(pending)
    for someone in (people.committee, people.reviewer.user, pending.applicant):
        assert _refused(partial(_accept, someone, pending), stored) == FORBIDDEN, someone
        refuse = partial(
            accrediting.application_refuse, actor=someone, application=pending, reason="No."
        )
        assert _refused(refuse, stored) == FORBIDDEN, someone
