"""Reviewer accreditation: the scope rule (field, level, language, validity on the day), the
assignment that obeys it, expiry reminders sent once, and renewal."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accreditation.errors import DomainError
from accreditation.models import AuditEvent, DossierState, FieldOfStudy, UserProfile
from demo.workflow import advance
from reviewers import accrediting, expiry, scope, selectors, services
from reviewers.models import AccreditationReminder, Assignment, ReviewerAccreditation
from tests.accreditation.factories import UserFactory, complete_content
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
DAY = date(2030, 6, 15)


def accredit(
    fields=("digital",),
    *,
    valid_from=DAY - timedelta(days=100),
    valid_until=DAY + timedelta(days=300),
    languages=("ja",),
    level_min=1,
    level_max=8,
    user=None,
):
    return services.reviewer_accredit(
        actor=None,
        user=user or UserFactory(),
        fields_of_study=FieldOfStudy.objects.filter(code__in=fields),
        valid_from=valid_from,
        valid_until=valid_until,
        languages=languages,
        level_min=level_min,
        level_max=level_max,
    )


def content(field="digital", framework="JEQF", level=5, languages=("ja",)):
    base = complete_content()
    return complete_content(
        field_of_study=field,
        level={"framework": framework, "value": level},
        content={**base["content"], "languages": list(languages)},
    )


# The rule.


def test_covers_the_field_it_is_accredited_for_only(reference_data):
    accreditation = accredit(fields=("digital", "green"))
    assert scope.covers(accreditation, content("digital"), DAY)
    assert scope.covers(accreditation, content("green"), DAY)
    assert not scope.covers(accreditation, content("arts"), DAY)
    assert scope.scope_gaps(accreditation, content("arts"), DAY) == [
        "the accreditation does not cover this field of study"
    ]


@pytest.mark.parametrize(
    ("level", "covered"), [(3, False), (4, True), (5, True), (6, True), (7, False)]
)
def test_level_boundaries_are_included(reference_data, level, covered):
    accreditation = accredit(level_min=4, level_max=6)
    assert scope.covers(accreditation, content(level=level), DAY) is covered


@pytest.mark.parametrize(
    ("framework", "value", "reference"),
    [
        ("EQF", 6, Decimal(6)),
        ("MQF", 8, Decimal(8)),
        ("AQF", 10, Decimal(8)),  # doctorate
        ("AQF", 7, Decimal(6)),  # bachelor
        ("NZQF", 9, Decimal(7)),  # master
        ("NZQF", 6, Decimal(5)),  # diploma: short cycle
        ("NSQF", 4.5, Decimal(4)),  # half levels count as the whole level below
        ("JEQF", 9, None),  # not a JEQF level
    ],
)
def test_ten_level_frameworks_are_referenced_onto_eight(framework, value, reference):
    assert scope.reference_level(framework, value) == reference


def test_a_doctoral_aqf_dossier_needs_a_reviewer_accredited_up_to_level_8(reference_data):
    up_to_7 = accredit(level_max=7)
    up_to_8 = accredit(level_min=7, level_max=8)
    doctoral = content(framework="AQF", level=10)
    assert not scope.covers(up_to_7, doctoral, DAY)
    assert scope.covers(up_to_8, doctoral, DAY)


def test_a_level_that_cannot_be_read_is_covered_by_nobody(reference_data):
    accreditation = accredit()
    unreadable = content(framework="JEQF", level=9)
    assert scope.scope_gaps(accreditation, unreadable, DAY) == [
        "the accreditation does not cover this level"
    ]


def test_one_language_of_instruction_in_common_is_enough(reference_data):
    english_only = accredit(languages=("en",))
    assert scope.covers(english_only, content(languages=("ja", "en")), DAY)
    assert not scope.covers(english_only, content(languages=("ja",)), DAY)
    assert scope.scope_gaps(english_only, content(languages=("ja", "zh")), DAY) == [
        "the accreditation covers none of the languages of instruction"
    ]


def test_no_language_of_instruction_means_japanese(reference_data):
    untold = complete_content()
    del untold["content"]["languages"]
    assert scope.covers(accredit(languages=("ja",)), untold, DAY)
    assert not scope.covers(accredit(languages=("en",)), untold, DAY)


@pytest.mark.parametrize(
    ("day", "covered"),
    [
        (date(2030, 1, 31), False),
        (date(2030, 2, 1), True),  # first day
        (date(2030, 12, 31), True),  # last day
        (date(2031, 1, 1), False),
    ],
)
def test_validity_boundaries_are_the_days_themselves(reference_data, day, covered):
    accreditation = accredit(valid_from=date(2030, 2, 1), valid_until=date(2030, 12, 31))
    assert scope.covers(accreditation, content(), day) is covered
    assert (accreditation.reviewer_id in scope.covering_reviewer_ids(content(), day)) is covered


def test_covering_reviewers_take_two_queries_whatever_their_number(
    reference_data, django_assert_num_queries
):
    for _ in range(2):
        accredit()
    with django_assert_num_queries(2):
        few = scope.covering_reviewer_ids(content(), DAY)
    for _ in range(10):
        accredit()
    with django_assert_num_queries(2):
        many = scope.covering_reviewer_ids(content(), DAY)
    assert (len(few), len(many)) == (2, 12)


# Assignment obeys the rule.


@pytest.fixture
def taught_in_english_at_level_7(people):
    base = complete_content()
    dossier = make_dossier(
        people.org_a,
        author=people.provider_a,
        level={"framework": "JEQF", "value": 7},
        content={**base["content"], "languages": ["en"]},
    )
    return advance(dossier, DossierState.IN_REVIEW, people.cast())


def test_only_reviewers_covering_field_level_and_language_are_eligible(
    people, taught_in_english_at_level_7
):
    today = timezone.localdate()
    period = {"valid_from": today - timedelta(days=1), "valid_until": today + timedelta(days=99)}
    fits = accredit(languages=("ja", "en"), level_min=6, level_max=8, **period).reviewer
    accredit(languages=("ja",), **period)  # no English
    accredit(languages=("en",), level_max=6, **period)  # level too high
    accredit(fields=("arts",), languages=("en",), **period)  # another field
    # The people fixture's reviewers review in Japanese only.
    assert list(selectors.eligible_reviewers(taught_in_english_at_level_7)) == [fits]


def test_inviting_a_reviewer_out_of_scope_says_why_and_changes_nothing(
    people, taught_in_english_at_level_7
):
    with pytest.raises(DomainError) as refused:
        services.assignment_invite(
            actor=people.secretariat,
            dossier=taught_in_english_at_level_7,
            reviewer=people.reviewer,
        )
    assert refused.value.code == "ineligible"
    assert str(people.reviewer) in refused.value.message
    assert "the accreditation covers none of the languages of instruction" in refused.value.message
    assert not Assignment.objects.exists()


def test_a_reviewer_whose_accreditation_ended_yesterday_cannot_be_invited(people):
    today = timezone.localdate()
    lapsed = accredit(
        valid_from=today - timedelta(days=300), valid_until=today - timedelta(days=1)
    ).reviewer
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), DossierState.IN_REVIEW, people.cast()
    )
    with pytest.raises(DomainError) as refused:
        services.assignment_invite(actor=people.secretariat, dossier=dossier, reviewer=lapsed)
    assert f"not valid on {date_format(today)}" in refused.value.message


# Expiry reminders.


def reminded_to(accreditation):
    return [m for m in mail.outbox if accreditation.reviewer.user.email in m.to]


def test_reminders_go_60_and_14_days_before_the_end_each_once(reference_data):
    accreditation = accredit(valid_until=DAY)
    assert expiry.send_accreditation_reminders(today=DAY - timedelta(days=61)) == 0
    assert expiry.send_accreditation_reminders(today=DAY - timedelta(days=60)) == 1
    assert expiry.send_accreditation_reminders(today=DAY - timedelta(days=60)) == 0  # rerun
    assert expiry.send_accreditation_reminders(today=DAY - timedelta(days=30)) == 0
    assert expiry.send_accreditation_reminders(today=DAY - timedelta(days=14)) == 1
    for days in (13, 1, 0, -1):
        assert expiry.send_accreditation_reminders(today=DAY - timedelta(days=days)) == 0
    assert len(reminded_to(accreditation)) == 2
    assert set(accreditation.reminders.values_list("days_before", flat=True)) == {60, 14}
    assert "2030年6月15日" in reminded_to(accreditation)[0].subject


def test_a_missed_day_is_caught_up_and_a_late_grant_skips_the_stale_reminder(reference_data):
    missed = accredit(valid_until=DAY + timedelta(days=58))  # the 60-day run did not happen
    late = accredit(valid_from=DAY - timedelta(days=1), valid_until=DAY + timedelta(days=10))
    assert expiry.send_accreditation_reminders(today=DAY) == 2
    assert list(missed.reminders.values_list("days_before", flat=True)) == [60]
    assert list(late.reminders.values_list("days_before", flat=True)) == [14]
    assert expiry.send_accreditation_reminders(today=DAY + timedelta(days=1)) == 0


def test_the_reminder_is_in_the_reviewers_language(reference_data):
    japanese = accredit(valid_until=DAY + timedelta(days=14))
    english = accredit(valid_until=DAY + timedelta(days=14))
    UserProfile.objects.create(user=english.reviewer.user, language="en")
    expiry.send_accreditation_reminders(today=DAY)
    (ja_mail,) = reminded_to(japanese)
    (en_mail,) = reminded_to(english)
    assert "Your reviewer accreditation ends on 29 June 2030" in en_mail.subject
    assert "in 14 days" in en_mail.body
    # Written in the person's language: Japanese where the catalogue has it already.
    assert "審査キュー" in ja_mail.body
    assert "審査キュー" not in en_mail.body
    assert english.reminders.get().language == "en"
    assert japanese.reminders.get().language == "ja"


def test_a_failed_send_leaves_no_record_and_is_tried_again(reference_data, settings):
    accreditation = accredit(valid_until=DAY + timedelta(days=14))
    settings.EMAIL_BACKEND = "tests.reviewers.test_accreditation_scope.FailingBackend"
    with pytest.raises(OSError):
        expiry.send_accreditation_reminders(today=DAY)
    assert not AccreditationReminder.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert expiry.send_accreditation_reminders(today=DAY) == 1
    assert accreditation.reminders.count() == 1


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        raise OSError("SMTP server unreachable")


def test_the_beat_schedule_runs_the_reminders(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reviewers.tasks.send_accreditation_reminders" in tasks


# Renewal.


def test_renewing_a_running_accreditation_extends_it_and_restarts_reminders(people):
    accreditation = accredit(valid_until=DAY + timedelta(days=14))
    accreditation.training_record = "2027-04-01: Initial training."
    accreditation.save()
    expiry.send_accreditation_reminders(today=DAY)
    renewed = accrediting.accreditation_renew(
        actor=people.secretariat,
        accreditation=accreditation,
        valid_until=date(2033, 6, 29),
        training="Refresher on the rubric v1.",
        today=DAY,
    )
    assert renewed.pk == accreditation.pk
    accreditation.refresh_from_db()
    assert accreditation.valid_until == date(2033, 6, 29)
    assert accreditation.training_record == (
        "2027-04-01: Initial training.\n2030-06-15: Refresher on the rubric v1."
    )
    assert expiry.send_accreditation_reminders(today=DAY) == 0  # the old end is gone
    assert expiry.send_accreditation_reminders(today=date(2033, 6, 29) - timedelta(days=60)) == 1
    event = AuditEvent.objects.get(action="reviewer.renew")
    assert event.note == "2030-06-29 → 2033-06-29"


def test_renewing_a_lapsed_accreditation_starts_a_new_one_with_the_same_scope(people):
    old = accredit(
        fields=("digital", "green"),
        languages=("en", "ja"),
        level_min=3,
        level_max=6,
        valid_from=DAY - timedelta(days=400),
        valid_until=DAY - timedelta(days=30),
    )
    renewed = accrediting.accreditation_renew(
        actor=people.secretariat,
        accreditation=old,
        valid_until=DAY + timedelta(days=365),
        training="Completed the 2030 course.",
        today=DAY,
    )
    assert renewed.pk != old.pk
    assert (renewed.valid_from, renewed.reviewer_id) == (DAY, old.reviewer_id)
    assert set(renewed.fields_of_study.values_list("code", flat=True)) == {"digital", "green"}
    assert (renewed.languages, renewed.level_min, renewed.level_max) == (["en", "ja"], 3, 6)
    assert renewed.training_record == "2030-06-15: Completed the 2030 course."
    old.refresh_from_db()
    assert old.valid_until == DAY - timedelta(days=30)  # the gap stays on record


@pytest.mark.parametrize(
    ("valid_until", "training", "actor_name"),
    [
        (DAY + timedelta(days=10), "Course.", "secretariat"),  # not later than now
        (DAY + timedelta(days=400), "  ", "secretariat"),  # no training
        (DAY + timedelta(days=400), "Course.", "committee"),  # not theirs to do
    ],
)
def test_a_renewal_is_refused_and_changes_nothing(people, valid_until, training, actor_name):
    accreditation = accredit(valid_until=DAY + timedelta(days=30))
    with pytest.raises(DomainError):
        accrediting.accreditation_renew(
            actor=getattr(people, actor_name),
            accreditation=accreditation,
            valid_until=valid_until,
            training=training,
            today=DAY,
        )
    accreditation.refresh_from_db()
    assert accreditation.valid_until == DAY + timedelta(days=30)
    assert ReviewerAccreditation.objects.filter(reviewer=accreditation.reviewer).count() == 1


def test_renewing_through_the_desk(client, people):
    accreditation = people.reviewer.accreditations.get()
    new_end = accreditation.valid_until + timedelta(days=365)
    url = reverse("desk:reviewer_renew", args=[accreditation.pk])
    client.force_login(people.committee)
    assert client.get(url).status_code == 404
    client.force_login(people.secretariat)
    assert client.get(url).status_code == 200
    response = client.post(url, {"valid_until": new_end.isoformat(), "training": "Refresher."})
    assert response.status_code == 302
    accreditation.refresh_from_db()
    assert accreditation.valid_until == new_end
    assert accreditation.training_record.endswith("Refresher.")


# Status, derived from the dates.


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "status"),
    [
        (DAY - timedelta(days=10), DAY + timedelta(days=61), "active"),
        (DAY - timedelta(days=10), DAY + timedelta(days=60), "expiring"),
        (DAY - timedelta(days=10), DAY, "expiring"),
        (DAY - timedelta(days=10), DAY - timedelta(days=1), "expired"),
        (DAY + timedelta(days=1), DAY + timedelta(days=100), "upcoming"),
    ],
)
def test_status_is_derived_from_the_dates(valid_from, valid_until, status):
    accreditation = ReviewerAccreditation(valid_from=valid_from, valid_until=valid_until)
    assert accrediting.status_of(accreditation, DAY) == status
