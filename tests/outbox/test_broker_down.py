"""With the broker unreachable, an approval and a withdrawal still commit and answer, and
their emails and publications wait in the outbox; once the broker is back, the sweep that
beat sends delivers each exactly once."""

import logging

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accreditation import services
from accreditation.models import DecisionOutcome, DossierState, Notification
from cms.models import CatalogueItemPage
from demo.workflow import advance
from outbox import messages as outbox
from outbox.models import Message
from outbox.tasks import drain
from registry_export.models import RegistryDocument
from tests import broker
from tests.accreditation.factories import dossier as make_dossier
from tests.config.compose import free_port

pytestmark = pytest.mark.django_db


def test_approval_and_withdrawal_commit_with_the_broker_down_and_lose_nothing(
    people, client, django_capture_on_commit_callbacks, caplog, monkeypatch
):
    monkeypatch.setattr(outbox, "_offers_paused_until", 0.0)  # restored afterwards
    cast = people.cast()
    with django_capture_on_commit_callbacks(execute=True):  # broker up (eager): all delivered
        to_approve = advance(
            make_dossier(people.org_a, author=people.provider_a),
            DossierState.AWAITING_DECISION,
            cast,
        )
        to_withdraw = advance(
            make_dossier(people.org_a, author=people.provider_a), DossierState.SUBMITTED, cast
        )
    assert not Message.objects.filter(delivered_at=None).exists()
    mail.outbox.clear()
    members = {people.provider_a.email, people.viewer_a.email}

    caplog.set_level(logging.INFO, logger="outbox.messages")
    with broker.tasks_sent_to(f"redis://127.0.0.1:{free_port()}/0"):
        with django_capture_on_commit_callbacks(execute=True):
            services.dossier_decide(
                actor=people.committee,
                dossier=to_approve,
                outcome=DecisionOutcome.APPROVED,
                rationale="Meets the standard.",
            )
        client.force_login(people.provider_a)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("portal:withdraw", args=[to_withdraw.pk]), {"reason": "Course closed."}
            )

    # Both changes are committed and answered as usual...
    assert response.status_code == 302
    to_approve.refresh_from_db()
    to_withdraw.refresh_from_db()
    assert (to_approve.state, to_withdraw.state) == (DossierState.ACCREDITED, "withdrawn")
    # ...nothing was sent or published, and everything owed is waiting, with the reason logged.
    assert mail.outbox == []
    pages = CatalogueItemPage.objects.filter(translation_key=to_approve.credential_id, live=True)
    documents = RegistryDocument.objects.filter(credential_id=to_approve.credential_id)
    assert not pages.exists() and not documents.exists()
    waiting = Message.objects.filter(delivered_at=None)
    assert sorted(waiting.values_list("task", flat=True)) == sorted(
        ["accreditation.tasks.send_event_email"] * 4
        + ["cms.tasks.sync_catalogue_item", "registry_export.tasks.refresh_registry_documents"]
    )
    # One attempt on the broker; then this process stops trying (each costs a timeout).
    logged = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == outbox.__name__]
    assert len(logged) == 6 and all("waits for the sweep" in text for _level, text in logged)
    assert [level for level, _text in logged].count("WARNING") == 1

    # The broker is back: a minute later, beat's sweep delivers everything, once.
    waiting.update(due_at=timezone.now())
    assert drain.delay().get() == 6
    assert drain.delay().get() == 0

    sent = sorted((message.to[0], message.subject) for message in mail.outbox)
    assert len(sent) == len(set(sent)) == 4
    assert {address for address, _subject in sent} == members
    assert (
        Notification.objects.filter(event__dossier__in=[to_approve, to_withdraw])
        .filter(event__action__in=["dossier.approve", "dossier.withdraw"])
        .count()
        == 4
    )
    assert pages.count() == 2
    assert documents.exists()
