"""The outbox in the Django admin: what waits or failed and why; a superuser can deliver."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail

from config import sealing
from outbox.messages import PURPOSE
from outbox.models import Message
from tests.accreditation.factories import with_second_factor

pytestmark = pytest.mark.django_db
URL = "/django-admin/outbox/message/"


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(with_second_factor(admin))
    return client


def test_the_list_shows_what_failed_and_why_and_never_a_sealed_token(admin_client):
    failed = Message.objects.create(
        task="reviewers.tasks.send_application_outcome",
        arguments=[41],
        attempts=3,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        sealed="gAAAA-secret-looking",
    )
    waiting = Message.objects.create(task="cms.tasks.sync_catalogue_item", arguments=[7])

    page = admin_client.get(URL, {"state": "failed"}).content.decode()
    assert f"{URL}{failed.pk}/change/" in page
    assert f"{URL}{waiting.pk}/change/" not in page  # waiting, never failed
    page = admin_client.get(URL, {"state": "waiting"}).content.decode()
    assert f"{URL}{failed.pk}/change/" in page and f"{URL}{waiting.pk}/change/" in page

    detail = admin_client.get(f"{URL}{failed.pk}/change/").content.decode()
    assert "SMTPServerDisconnected" in detail
    assert "gAAAA-secret-looking" not in detail


def test_a_superuser_delivers_the_selected_messages_at_once(admin_client, people):
    # As schedule() writes it, its offer lost (say, the broker was down).
    message = Message.objects.create(
        task="reviewers.tasks.send_apply_invitation",
        arguments=["new-reviewer@example.org"],
        sealed=sealing.seal(PURPOSE, '{"token": "signed-token"}'),
    )

    response = admin_client.post(
        URL, {"action": "deliver_now", "_selected_action": [message.pk]}, follow=True
    )

    assert response.status_code == 200
    assert "1 message delivered." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["new-reviewer@example.org"]]
    assert "signed-token" in mail.outbox[0].body
    message.refresh_from_db()
    assert message.delivered_at is not None and message.sealed == ""


def test_staff_who_are_not_superusers_cannot_deliver(client, people):
    staff = people.secretariat  # with the second factor staff must have
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(Permission.objects.get(codename="view_message"))
    client.force_login(staff)
    message = Message.objects.create(task="outbox.tasks.drain", arguments=[])

    page = client.get(URL).content.decode()
    assert "outbox.tasks.drain" in page
    assert "deliver_now" not in page
    client.post(URL, {"action": "deliver_now", "_selected_action": [message.pk]})
    message.refresh_from_db()
    assert message.delivered_at is None
