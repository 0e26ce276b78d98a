"""Reminders and escalations, by time travel: the beat task is called for successive days."""

from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.formats import date_format

from accreditation.models import AuditEvent, DossierState, UserProfile
from accreditation.services import dossier_decide, dossier_withdraw
from accreditation.services.transitions import apply_transition
from demo.workflow import advance
from reviewers import reminders, services
from reviewers.models import Assignment, AssignmentNotice, AssignmentState
from reviewers.tasks import send_review_reminders
from reviewers.workflow import ASSIGNMENTS
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState
A = AssignmentState
FIELDS = ["purpose", "learning_hours", "content", "level", "assessment", "learning_outcomes"]
TODAY = timezone.localdate()
RESPOND_BY = TODAY + timedelta(days=7)
REVIEW_DUE = TODAY + timedelta(days=28)


def japanese_date(day):
    """A date as the reminders write it to a reviewer who never chose a language."""
    with translation.override("ja"):
        return date_format(day)


@pytest.fixture
def in_review(people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    return advance(dossier, S.IN_REVIEW, people.cast())


def invite(people, dossier, reviewer):
    return services.assignment_invite(
        actor=people.secretariat,
        dossier=dossier,
        reviewer=reviewer,
        respond_by=RESPOND_BY,
        review_due=REVIEW_DUE,
    )


def accept(reviewer, assignment):
    return services.assignment_accept(actor=reviewer.user, assignment=assignment, no_conflict=True)


def submit(reviewer, assignment):
    services.review_save(
        actor=reviewer.user,
        assignment=assignment,
        scores=dict.fromkeys(FIELDS, (2, "")),
        recommendation="approve",
    )
    services.review_submit(actor=reviewer.user, assignment=assignment)


def travel(first, last, step=1):
    """Run the beat task for each day from `first` to `last` (offsets from today); returns
    {offset: {kind: count}} for the days something was sent."""
    log = {}
    for offset in range(first, last + 1, step):
        sent = reminders.send_review_reminders(TODAY + timedelta(days=offset))
        if sent:
            log[offset] = sent
    return log


def kinds(assignment):
    notices = AssignmentNotice.objects.filter(assignment=assignment)
    return set(notices.values_list("kind", flat=True))


def test_an_unanswered_invitation_is_reminded_once_then_lapses_and_staff_are_told(
    people, in_review
):
    assignment = invite(people, in_review, people.reviewer)
    log = travel(0, 20)
    assert log == {5: {"respond_soon": 1}, 8: {"respond_lapsed": 1}}
    reminder, lapse = mail.outbox
    assert reminder.to == ["rev1@example.org"]
    assert japanese_date(RESPOND_BY) in reminder.body  # the reviewer's language
    assert lapse.to == ["sec@example.org"]  # the secretariat, not the reviewer
    assert str(people.reviewer) in lapse.body and in_review.get_desk_url() in lapse.body
    assignment.refresh_from_db()
    assert assignment.state == A.LAPSED
    event = AuditEvent.objects.get(action="assignment.lapse")
    assert event.actor is None and event.dossier_id == in_review.pk
    # A lapsed reviewer no longer reads the version; the slot is free for someone else.
    user = people.reviewer.user
    assert not user.has_perm("accreditation.view_dossierversion", assignment.version)
    # Replaying every day again sends nothing twice.
    assert travel(0, 20) == {}
    assert len(mail.outbox) == 2


def test_an_accepted_review_is_reminded_before_then_overdue_then_escalated(people, in_review):
    assignment = invite(people, in_review, people.reviewer)
    accept(people.reviewer, assignment)
    log = travel(0, 45)
    assert log == {
        25: {"review_soon": 1},
        29: {"review_overdue": 1},
        35: {"review_escalated": 1},
    }
    soon, overdue, escalation = mail.outbox
    assert soon.to == overdue.to == ["rev1@example.org"]
    assert japanese_date(REVIEW_DUE) in soon.body and japanese_date(REVIEW_DUE) in overdue.body
    assert escalation.to == ["sec@example.org"]
    assert in_review.get_desk_url() in escalation.body
    assert kinds(assignment) == {"review_soon", "review_overdue", "review_escalated"}
    assert Assignment.objects.get(pk=assignment.pk).state == A.ACCEPTED


def test_missed_days_are_caught_up_but_a_passed_moment_is_not_sent_late(people, in_review):
    early = invite(people, in_review, people.reviewer)
    # The scheduler was down until the day of the deadline: the reminder still goes out.
    assert travel(7, 7) == {7: {"respond_soon": 1}}
    # And for a reviewer first seen three days after the deadline, only the lapse happens.
    late = invite(people, in_review, people.second_reviewer)
    AssignmentNotice.objects.filter(assignment=early).delete()
    Assignment.objects.filter(pk=early.pk).update(state=A.CANCELLED)
    assert travel(10, 12) == {10: {"respond_lapsed": 1}}
    assert kinds(late) == {"respond_lapsed"}


def test_the_task_runs_twice_a_day_and_sends_once(people, in_review):
    invite(people, in_review, people.reviewer)
    day = (RESPOND_BY - timedelta(days=1)).isoformat()
    assert send_review_reminders.delay(day).get() == {"respond_soon": 1}
    assert send_review_reminders.delay(day).get() == {}
    assert len(mail.outbox) == 1


def test_nothing_after_a_decline(people, in_review):
    assignment = invite(people, in_review, people.reviewer)
    services.assignment_decline(actor=people.reviewer.user, assignment=assignment, reason="No.")
    assert travel(0, 45) == {}
    assert mail.outbox == []


def test_nothing_after_a_cancellation(people, in_review):
    assignment = invite(people, in_review, people.reviewer)
    accept(people.reviewer, assignment)
    assert travel(0, 25) == {25: {"review_soon": 1}}
    assignment = Assignment.objects.get(pk=assignment.pk)
    apply_transition(ASSIGNMENTS, assignment, "cancel", actor=people.secretariat, note="Replaced.")
    assert travel(26, 45) == {}
    assert len(mail.outbox) == 1


def test_nothing_for_a_submitted_review_while_the_other_reviewer_is_reminded(people, in_review):
    done = invite(people, in_review, people.reviewer)
    late = invite(people, in_review, people.second_reviewer)
    accept(people.reviewer, done)
    accept(people.second_reviewer, late)
    submit(people.reviewer, done)
    assert travel(0, 45) == {
        25: {"review_soon": 1},
        29: {"review_overdue": 1},
        35: {"review_escalated": 1},
    }
    assert kinds(done) == set()
    assert {m.to[0] for m in mail.outbox} == {"rev2@example.org", "sec@example.org"}


def test_nothing_once_the_dossier_left_review(people, in_review):
    assignment = invite(people, in_review, people.reviewer)
    accept(people.reviewer, assignment)
    assert travel(0, 29) == {25: {"review_soon": 1}, 29: {"review_overdue": 1}}
    dossier_withdraw(actor=people.provider_a, dossier=in_review, reason="Course cancelled.")
    assert travel(30, 45) == {}  # no escalation
    assert len(mail.outbox) == 2


def test_nothing_once_the_dossier_has_a_decision(people, in_review):
    """Even an assignment somehow left open gets nothing once the committee has decided."""
    first = invite(people, in_review, people.reviewer)
    second = invite(people, in_review, people.second_reviewer)
    for reviewer, assignment in ((people.reviewer, first), (people.second_reviewer, second)):
        accept(reviewer, assignment)
        submit(reviewer, assignment)
    dossier_decide(
        actor=people.committee, dossier=in_review, outcome="approved", rationale="Meets all."
    )
    # An open assignment on the decided dossier (e.g. one added just before the decision).
    Assignment.objects.filter(pk=first.pk).update(state=A.ACCEPTED)
    assert travel(0, 45) == {}
    assert mail.outbox == []


def test_reminders_are_written_in_each_persons_language(people, in_review):
    UserProfile.objects.create(user=people.reviewer.user, language="en")
    invite(people, in_review, people.reviewer)
    invite(people, in_review, people.second_reviewer)  # no profile: Japanese
    travel(5, 5)
    by_email = {m.to[0]: m for m in mail.outbox}
    assert "Introduction to Data Science" in by_email["rev1@example.org"].subject
    assert "データサイエンス入門" in by_email["rev2@example.org"].subject


def test_a_failed_send_leaves_no_trace_and_is_retried_the_next_run(people, in_review, monkeypatch):
    assignment = invite(people, in_review, people.reviewer)
    real_send = EmailMessage.send

    def broken(self, *args, **kwargs):
        raise SMTPException("mail server down")

    monkeypatch.setattr(EmailMessage, "send", broken)
    assert travel(5, 5) == {}
    assert kinds(assignment) == set()
    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert travel(6, 6) == {6: {"respond_soon": 1}}
    assert len(mail.outbox) == 1


def test_the_beat_schedule_runs_the_task(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reviewers.tasks.send_review_reminders" in tasks


def test_finding_the_due_reminders_takes_the_same_queries_for_2_or_20_assignments(
    people, django_assert_max_num_queries
):
    def queries_for(n):
        for _ in range(n):
            dossier = advance(
                make_dossier(people.org_a, author=people.provider_a), S.IN_REVIEW, people.cast()
            )
            invite(people, dossier, people.reviewer)
        day = TODAY + timedelta(days=5)
        expected = Assignment.objects.count()
        with django_assert_max_num_queries(2):
            assert len(reminders.due(day)) == expected

    queries_for(2)
    queries_for(18)
