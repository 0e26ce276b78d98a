"""A real Celery worker, started with compose.yaml's command, publishes an approved item.

The approval writes the publications to the outbox; on commit the test process offers them
through Redis exactly as the web process does; the worker (conftest.py) delivers them.
"""

import re
import subprocess
import time

import pytest

from accreditation.models import DossierState
from cms.models import CatalogueItemPage
from cms.tasks import sync_catalogue_item
from demo.workflow import advance
from outbox.models import Message
from registry_export.documents import ACHIEVEMENT, ENDORSEMENT
from registry_export.models import RegistryDocument
from registry_export.tasks import refresh_registry_documents
from tests.accreditation.factories import dossier as make_dossier
from tests.config import compose
from tests.factories import make_people

from .conftest import TIMEOUT, wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SUCCEEDED = r"Task {name}\[{id}\] succeeded in [0-9.e-]+s: (?P<result>\S+)"
DELIVERED = SUCCEEDED.format(name=r"outbox\.tasks\.deliver", id=r"[^]]+").replace(
    r"(?P<result>\S+)", "True"
)


def test_a_real_worker_publishes_an_approved_item_once_per_language(reference_data, worker):
    people = make_people()
    dossier = make_dossier(people.org_a, author=people.provider_a)
    pages = CatalogueItemPage.objects.filter(translation_key=dossier.credential_id)
    documents = RegistryDocument.objects.filter(credential_id=dossier.credential_id)

    # Approval (the last step) writes both publications to the outbox, offered on commit.
    dossier = advance(dossier, DossierState.ACCREDITED, people.cast())
    approved = time.monotonic()
    publications = Message.objects.filter(
        task__in=[sync_catalogue_item.name, refresh_registry_documents.name],
        arguments=[dossier.pk],
    )
    assert publications.count() == 2
    wait_until(
        lambda: not publications.filter(delivered_at=None).exists(), worker, "published item"
    )
    published_in = time.monotonic() - approved

    # The worker delivered every message (this process sends tasks, it does not run them):
    # its log shows one successful delivery for each, the emails of the earlier steps too.
    wait_until(lambda: not Message.objects.filter(delivered_at=None).exists(), worker, "emails")
    wait_until(
        lambda: len(re.findall(DELIVERED, worker.output)) == Message.objects.count(),
        worker,
        "a log line for each delivery",
        timeout=5,
    )
    by_language = {page.locale.language_code: page for page in pages.select_related("locale")}
    assert sorted(pages.values_list("locale__language_code", flat=True)) == ["en", "ja"]
    assert by_language["ja"].title == "データサイエンス入門"
    assert by_language["en"].title == "Introduction to Data Science"
    assert {(page.live, page.status, page.dossier_id) for page in by_language.values()} == {
        (True, "active", dossier.pk)
    }
    document = documents.get(kind=ACHIEVEMENT)
    assert document.dossier_id == dossier.pk
    assert documents.count() == 5
    assert documents.get(kind=ENDORSEMENT).document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    page_ids = {language: page.pk for language, page in by_language.items()}

    # Once more, by hand: the same two pages, updated in place.
    sent = time.monotonic()
    result = sync_catalogue_item.delay(dossier.pk)
    rerun = worker.wait_for(
        SUCCEEDED.format(name=r"cms\.tasks\.sync_catalogue_item", id=re.escape(result.id)),
        TIMEOUT,
    )
    rerun_in = time.monotonic() - sent
    assert rerun["result"] == "2"
    assert dict(pages.values_list("locale__language_code", "pk")) == page_ids
    assert pages.filter(locale__language_code="ja").count() == 1
    assert pages.filter(locale__language_code="en").count() == 1
    assert documents.count() == 5

    # The container's health check answers for this worker.
    probe = compose.command(compose.service("worker")["healthcheck"]["test"])
    ping = subprocess.run(
        probe,
        env={**worker.env, "HOSTNAME": worker.nodename.removeprefix("celery@")},
        cwd=compose.ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ping.returncode == 0, ping.stdout + ping.stderr
    assert f"{worker.nodename}: OK" in ping.stdout
    print(
        f"approval -> both tasks done: {published_in:.2f} s; re-sync round trip: {rerun_in:.2f} s"
    )
