"""Emails to a provider's members about their dossier: one per event and member, in the
member's language, never naming the accreditation body's people, sent once whatever happens."""

from datetime import timedelta
from smtplib import SMTPRecipientsRefused

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone, translation

from accreditation import services
from accreditation.models import (
    AuditEvent,
    DossierState,
    MemberRole,
    Notification,
    UserProfile,
)
from accreditation.notifications import recipients
from accreditation.tasks import send_event_email
from demo.workflow import _review, advance
from outbox import messages as outbox
from outbox.models import Message
from tests.accreditation.factories import PASSWORD, provider_member
from tests.accreditation.factories import dossier as make_dossier
from tests.accreditation.test_transitions import TRANSITIONS, in_state

pytestmark = pytest.mark.django_db
S = DossierState
TITLE = {"ja": "データサイエンス入門", "en": "Introduction to Data Science"}

#: Each provider-facing transition, from its first source state.
PROVIDER_FACING = [
    pytest.param(name, id=name) for name in TRANSITIONS if name != "complete_reviews"
]


@pytest.fixture
def members(people):
    """Org A's manager reads Japanese, its editor English; its viewer never chose (Japanese,
    the site's default). Staff and reviewers get names an email must never show."""
    editor = provider_member(people.org_a, MemberRole.EDITOR, email="editor@example.org")
    UserProfile.objects.create(user=people.provider_a, language="ja")
    UserProfile.objects.create(user=editor, language="en")
    for role, user in [
        ("Secretary", people.secretariat),
        ("Chair", people.committee),
        ("Reviewer", people.reviewer.user),
        ("Second", people.second_reviewer.user),
    ]:
        user.first_name, user.last_name = "Zebulon", f"{role}-Quirrell"
        user.save()
    return {
        people.provider_a.email: "ja",
        editor.email: "en",
        people.viewer_a.email: "ja",
    }


def through(people, state):
    """An org A dossier taken to `state` along the usual path, with its real history."""
    return advance(make_dossier(people.org_a, author=people.provider_a), state, people.cast())


def hidden_people(people):
    """Those a provider must never see named: the staff and the reviewers."""
    return (people.secretariat, people.committee, people.reviewer.user, people.second_reviewer.user)


def outbox_by_recipient():
    messages = {}
    for message in mail.outbox:
        (address,) = message.to
        assert address not in messages, f"two emails to {address}"
        messages[address] = message
    return messages


def in_language(language, message):
    """Whether the email is written in `language`, judged on the parts it must translate."""
    with translation.override(language):
        return TITLE[language] in message.subject and TITLE[language] in message.body


def assert_no_staff_names(people, message):
    for user in hidden_people(people):
        assert user.last_name not in message.body
        assert user.last_name not in message.subject
        assert user.email not in message.body


@pytest.mark.parametrize("name", PROVIDER_FACING)
def test_each_provider_facing_event_emails_every_member_once_in_their_language(
    people, members, name, django_capture_on_commit_callbacks
):
    call, _role, sources, _target = TRANSITIONS[name]
    dossier = in_state(people, sources[0])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call(people, dossier)

    event = AuditEvent.objects.filter(dossier=dossier).latest("pk")
    assert event.action == f"dossier.{name}"
    messages = outbox_by_recipient()
    assert set(messages) == set(members)  # org B's manager and the staff hear nothing
    for address, language in members.items():
        message = messages[address]
        assert in_language(language, message)
        assert not in_language("en" if language == "ja" else "ja", message)
        with translation.override(language):
            assert str(event.get_action_display()) in message.subject
        assert f"http://testserver/portal/dossiers/{dossier.pk}/" in message.body
        assert_no_staff_names(people, message)
    assert (
        dict(Notification.objects.filter(event=event).values_list("recipient__email", "language"))
        == members
    )


def test_the_renewal_of_an_item_is_announced_too(
    people, members, django_capture_on_commit_callbacks
):
    dossier = through(people, S.ACCREDITED)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_renew(actor=people.provider_a, dossier=dossier)

    assert set(outbox_by_recipient()) == set(members)
    assert "Renewal started" in outbox_by_recipient()["editor@example.org"].subject


def test_the_body_says_who_acted_by_role_and_gives_the_note_meant_for_the_provider(
    people, members, django_capture_on_commit_callbacks
):
    dossier = in_state(people, S.SUBMITTED)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_return(
            actor=people.secretariat, dossier=dossier, note="Add the <outcomes> & hours."
        )

    body = outbox_by_recipient()["editor@example.org"].body
    assert "The secretariat" in body
    assert "Add the <outcomes> & hours." in body  # plain text: nothing HTML-escaped
    assert people.secretariat.get_full_name() not in body


def test_bookkeeping_notes_stay_out_of_the_email(
    people, members, django_capture_on_commit_callbacks
):
    dossier = make_dossier(people.org_a, author=people.provider_a)

    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_submit(actor=people.provider_a, dossier=dossier)

    body = outbox_by_recipient()["editor@example.org"].body
    assert AuditEvent.objects.get(dossier=dossier, action="dossier.submit").note == "v1"
    assert "v1" not in body
    assert "Your organisation" in body


def test_reviewer_side_events_email_no_provider(
    people, members, django_capture_on_commit_callbacks
):
    dossier = through(people, S.IN_REVIEW)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _review(dossier, people.cast())

    dossier.refresh_from_db()
    assert dossier.state == S.AWAITING_DECISION
    assert AuditEvent.objects.filter(dossier=dossier, action__startswith="assignment.").exists()
    assert not set(members) & {address for message in mail.outbox for address in message.to}
    assert not Notification.objects.filter(event__dossier=dossier).exists()


def messages_of(event):
    """The outbox messages of the emails about `event`."""
    return Message.objects.filter(task=send_event_email.name, arguments__0=event.pk)


def test_the_change_writes_one_outbox_message_per_member_in_its_transaction(people, members):
    dossier = in_state(people, S.SUBMITTED)
    services.dossier_accept_for_review(actor=people.secretariat, dossier=dossier)  # no commit
    event = AuditEvent.objects.get(dossier=dossier, action="dossier.accept_for_review")

    waiting = messages_of(event).filter(delivered_at=None)
    member_ids = set(recipients(people.org_a.pk).values_list("pk", flat=True))
    assert {tuple(message.arguments) for message in waiting} == {
        (event.pk, member_id) for member_id in member_ids
    }
    assert len(member_ids) == len(members)
    assert mail.outbox == []  # nothing is sent before the commit


def test_delivering_again_sends_nothing_twice(people, members, django_capture_on_commit_callbacks):
    dossier = in_state(people, S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_accept_for_review(actor=people.secretariat, dossier=dossier)
    event = AuditEvent.objects.get(dossier=dossier, action="dossier.accept_for_review")
    sent = len(mail.outbox)
    assert sent == len(members)
    messages = messages_of(event)
    assert messages.filter(delivered_at=None).count() == 0

    assert [outbox.deliver(message.pk) for message in messages] == [False] * len(members)
    for message in messages:  # the task itself, run again by hand
        assert send_event_email(*message.arguments) is False
    assert len(mail.outbox) == sent
    assert Notification.objects.filter(event=event).count() == len(members)


class RefusingBackend(EmailBackend):
    """The test outbox, with an SMTP server that refuses some addresses a number of times."""

    refusals = {}

    def send_messages(self, messages):
        for message in messages:
            for address in message.to:
                if self.refusals.get(address, 0) > 0:
                    self.refusals[address] -= 1
                    raise SMTPRecipientsRefused({address: (550, b"mailbox unavailable")})
        return super().send_messages(messages)


@pytest.fixture
def refusing_smtp(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    RefusingBackend.refusals = {}
    yield RefusingBackend.refusals
    RefusingBackend.refusals = {}


def test_a_refused_recipient_waits_for_a_retry_while_the_others_are_sent(
    people, members, refusing_smtp, django_capture_on_commit_callbacks
):
    dossier = in_state(people, S.SUBMITTED)
    refusing_smtp["editor@example.org"] = 2
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_accept_for_review(actor=people.secretariat, dossier=dossier)

    event = AuditEvent.objects.get(dossier=dossier, action="dossier.accept_for_review")
    done = set(Notification.objects.filter(event=event).values_list("recipient__email", flat=True))
    assert done == set(members) - {"editor@example.org"}
    assert set(outbox_by_recipient()) == done
    (refused,) = messages_of(event).filter(delivered_at=None)
    assert refused.attempts == 1
    assert refused.last_error.startswith("SMTPRecipientsRefused")
    assert refused.due_at > timezone.now()  # backing off: the sweep leaves it for now
    assert outbox.drain() == 0

    Message.objects.filter(pk=refused.pk).update(due_at=timezone.now())  # a minute later
    assert outbox.drain() == 0  # refused again: the wait doubles
    refused.refresh_from_db()
    assert refused.attempts == 2
    assert refused.due_at - timezone.now() > timedelta(seconds=100)

    Message.objects.filter(pk=refused.pk).update(due_at=timezone.now())
    assert outbox.drain() == 1
    assert set(outbox_by_recipient()) == set(members)  # the others were not sent twice
    assert Notification.objects.filter(event=event).count() == len(members)
    assert not messages_of(event).filter(delivered_at=None).exists()


def test_a_member_who_left_before_delivery_is_not_emailed(
    people, members, django_capture_on_commit_callbacks
):
    dossier = in_state(people, S.SUBMITTED)
    services.dossier_accept_for_review(actor=people.secretariat, dossier=dossier)  # no commit
    event = AuditEvent.objects.get(dossier=dossier, action="dossier.accept_for_review")
    people.viewer_a.memberships.all().delete()
    mail.outbox.clear()

    assert outbox.drain() == 0  # not due yet: the on-commit offer comes first
    messages_of(event).update(due_at=timezone.now())
    assert outbox.drain() == len(members)  # all delivered: one of them had no one to email

    assert set(outbox_by_recipient()) == set(members) - {people.viewer_a.email}
    assert not messages_of(event).filter(delivered_at=None).exists()


def test_the_language_switcher_keeps_the_choice_in_the_profile(client, people):
    client.force_login(people.viewer_a)
    for language in ("en", "ja", "en"):
        response = client.post(reverse("set_language"), {"language": language, "next": "/"})
        assert response.status_code == 302
        assert UserProfile.objects.get(user=people.viewer_a).language == language


def test_an_anonymous_switch_or_an_unknown_language_is_not_kept(client, people):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.force_login(people.viewer_a)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert not UserProfile.objects.exists()


def sign_in(client, user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_signing_in_brings_back_the_profiles_language(client, people):
    UserProfile.objects.create(user=people.viewer_a, language="ja")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    response = sign_in(client, people.viewer_a)

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"


def test_a_first_sign_in_remembers_the_language_in_use(client, people):
    response = sign_in(client, people.viewer_a)

    assert response.status_code == 302
    assert UserProfile.objects.get(user=people.viewer_a).language == "en"


def test_the_providers_timeline_names_members_and_gives_the_body_by_role(client, people, members):
    dossier = through(people, S.SUSPENDED)
    client.force_login(people.viewer_a)

    page = client.get(reverse("portal:detail", kwargs={"pk": dossier.pk})).content.decode()

    for role in ("The secretariat", "The committee", "The system"):
        assert role in page
    assert people.provider_a.get_full_name() in page
    for user in hidden_people(people):
        assert user.last_name not in page
        assert user.email not in page
