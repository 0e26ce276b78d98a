"""A worker killed with `kill -9` in the middle of sending an email loses nothing.

The outbox row of the email it was sending stays waiting (its transaction dies with the
worker's connection); the next worker's sweep (beat's `drain`) delivers it and the others,
and each provider member gets each email exactly once, as the SMTP server counts them.
"""

from collections import Counter

import pytest

from accreditation.models import DossierState, Notification
from cms.models import CatalogueItemPage
from demo.workflow import advance
from outbox.models import Message
from outbox.tasks import drain
from registry_export.models import RegistryDocument
from tests.accreditation.factories import dossier as make_dossier
from tests.factories import make_people

from .conftest import wait_until
from .smtp_server import smtp_server

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def smtp():
    with smtp_server() as server:
        yield server


def test_a_worker_killed_mid_email_loses_nothing_and_sends_each_email_once(
    reference_data, start_worker, smtp, settings
):
    settings.OUTBOX_SWEEP_AFTER_SECONDS = 0  # the sweep may take any message at once
    people = make_people()
    dossier = make_dossier(people.org_a, author=people.provider_a)
    smtp.hold = True

    with start_worker(EMAIL_URL=smtp.url) as first:
        # Every step commits and offers its emails and publications to the worker.
        dossier = advance(dossier, DossierState.ACCREDITED, people.cast())
        assert smtp.holding.acquire(timeout=30), first.output  # an email is being sent...
        first.kill()  # ...when the worker dies: no answer from SMTP, no commit, no ack

    # Every held session ends unanswered (both of the worker's processes may have been sending).
    wait_until(lambda: smtp.abandoned == smtp.held >= 1, None, "the SMTP sessions to end")
    assert smtp.accepted == []
    emails = Message.objects.filter(task="accreditation.tasks.send_event_email")
    assert emails.filter(delivered_at=None).count() == emails.count()  # nothing marked sent

    smtp.release()
    with start_worker(EMAIL_URL=smtp.url) as second:
        drain.delay()  # what beat sends every minute
        wait_until(
            lambda: not Message.objects.filter(delivered_at=None).exists(),
            second,
            "every message delivered",
            timeout=60,
        )

    sent = Counter(smtp.accepted)
    assert sent and set(sent.values()) == {1}, sent  # each email once
    notified = Notification.objects.filter(event__dossier=dossier)
    assert len(sent) == notified.count() == emails.count()
    assert {recipients for recipients, _subject in sent} == {
        (people.provider_a.email,),
        (people.viewer_a.email,),
    }
    pages = CatalogueItemPage.objects.filter(translation_key=dossier.credential_id, live=True)
    assert pages.count() == 2  # the publications were not lost either
    assert RegistryDocument.objects.filter(credential_id=dossier.credential_id).count() == 5
    print(f"{len(sent)} emails, each sent once, after the worker was killed holding {smtp.held}")
