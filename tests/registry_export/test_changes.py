"""The change feed: a harvester reads everything once, then only what changed since."""

import uuid

import pytest

from accreditation import services
from accreditation.models import DossierState
from demo.workflow import advance
from registry_export import publishing
from registry_export.documents import ACHIEVEMENT
from registry_export.models import RegistryChange, RegistryDocument
from registry_export.views import CHANGES_PAGE
from tests.accreditation.factories import dossier as make_dossier

S = DossierState
FEED = "/registry/changes/"


def read(client, since=None):
    response = client.get(FEED, {} if since is None else {"since": since})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def harvest(client, since="0"):
    """Everything after `since`, following the pages; returns (changes, last cursor)."""
    changes = []
    while True:
        page = read(client, since)
        changes += page["changes"]
        since = page["next_cursor"]
        if not page["has_more"]:
            return changes, since


def test_a_full_read_then_only_what_changed(client, certify):
    first, second = certify(), certify()
    changes, cursor = harvest(client)
    assert [(c["credential_id"], c["kind"], c["action"]) for c in changes] == [
        (str(item.credential_id), kind, "updated")
        for item in (first, second)
        for kind in publishing.BUILDERS
    ]
    achievement = next(c for c in changes if c["kind"] == ACHIEVEMENT)
    assert achievement["url"] == (
        f"http://testserver/registry/items/{first.credential_id}/{ACHIEVEMENT}.jsonld"
    )
    assert client.get(achievement["url"]).status_code == 200
    # Nothing new: the same cursor comes back with no changes.
    assert read(client, cursor) == {"changes": [], "next_cursor": cursor, "has_more": False}
    # Refreshing an unchanged item writes and logs nothing: harvesters fetch only changes.
    assert publishing.refresh_documents(second.credential_id) == 0
    assert read(client, cursor)["changes"] == []
    RegistryDocument.objects.filter(credential_id=second.credential_id, kind=ACHIEVEMENT).update(
        document={"stale": True}
    )
    assert publishing.refresh_documents(second.credential_id) == 1
    later, new_cursor = harvest(client, cursor)
    assert [(c["credential_id"], c["kind"], c["action"]) for c in later] == [
        (str(second.credential_id), ACHIEVEMENT, "updated")
    ]
    assert int(new_cursor) > int(cursor)
    # A cursor stays valid: reading from it again gives the same answer.
    assert harvest(client, cursor) == (later, new_cursor)


def snapshot(item):
    return dict(
        RegistryDocument.objects.filter(credential_id=item.credential_id).values_list(
            "kind", "document"
        )
    )


def test_suspension_and_renewal_each_produce_an_entry(
    client, certify, people, django_capture_on_commit_callbacks
):
    item = certify()
    _, cursor = harvest(client)
    before = snapshot(item)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_suspend(actor=people.cast().committee, dossier=item, note="条件未達。")
    suspended, cursor = harvest(client, cursor)
    after = snapshot(item)
    changed = {kind for kind in after if after[kind] != before[kind]}
    assert {(c["credential_id"], c["kind"], c["action"]) for c in suspended} == {
        (str(item.credential_id), kind, "updated") for kind in changed
    }
    assert "schema-org" in changed  # its status reads "suspended" now
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_reinstate(actor=people.cast().committee, dossier=item, note="充足。")
    item.refresh_from_db()
    _, cursor = harvest(client, cursor)
    renewal = services.dossier_renew(actor=people.provider_a, dossier=item)
    with django_capture_on_commit_callbacks(execute=True):
        advance(renewal, S.ACCREDITED, people.cast())
    renewed, _ = harvest(client, cursor)
    assert (str(item.credential_id), ACHIEVEMENT, "updated") in {
        (c["credential_id"], c["kind"], c["action"]) for c in renewed
    }
    stored = RegistryDocument.objects.get(credential_id=item.credential_id, kind=ACHIEVEMENT)
    assert stored.dossier_id == renewal.pk


def test_a_document_whose_item_is_no_longer_public_is_removed_and_logged(client, db, people):
    draft = make_dossier(people.org_a, author=people.provider_a)
    for kind in ("ctdl-credential", ACHIEVEMENT):
        RegistryDocument.objects.create(
            credential_id=draft.credential_id, kind=kind, dossier_id=draft.pk, document={}
        )
    assert publishing.refresh_documents(draft.credential_id) == 0
    assert not RegistryDocument.objects.filter(credential_id=draft.credential_id).exists()
    changes, _ = harvest(client)
    assert sorted((c["kind"], c["action"]) for c in changes) == [
        ("ctdl-credential", "deleted"),
        (ACHIEVEMENT, "deleted"),
    ]
    # Refreshing again removes nothing more and logs nothing more.
    publishing.refresh_documents(draft.credential_id)
    assert RegistryChange.objects.count() == 2


def log(n, start=0):
    RegistryChange.objects.bulk_create(
        RegistryChange(
            credential_id=uuid.UUID(int=start + i + 1), kind=ACHIEVEMENT, action="updated"
        )
        for i in range(n)
    )


def test_the_feed_pages_and_its_cursors_are_stable(client, db):
    log(CHANGES_PAGE + 20)
    page = read(client)
    assert len(page["changes"]) == CHANGES_PAGE
    assert page["has_more"] is True
    assert page["next"] == f"http://testserver{FEED}?since={page['next_cursor']}"
    rest = read(client, page["next_cursor"])
    assert len(rest["changes"]) == 20
    assert rest["has_more"] is False
    seen = [c["credential_id"] for c in page["changes"] + rest["changes"]]
    assert seen == [str(uuid.UUID(int=i + 1)) for i in range(CHANGES_PAGE + 20)]
    assert read(client, page["next_cursor"]) == rest


@pytest.mark.parametrize("since", ["abc", "-1", "1.5", "", "9" * 40, "0x10"])
def test_a_bad_cursor_is_refused_with_a_clear_message(client, db, since):
    log(3)
    response = client.get(FEED, {"since": since})
    assert response.status_code == 400
    assert "since parameter must be a cursor" in response.json()["error"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_feed_costs_the_same_queries_at_any_size(client, db, django_assert_max_num_queries):
    for size in (10, 1000):
        log(size - RegistryChange.objects.count(), start=RegistryChange.objects.count())
        with django_assert_max_num_queries(1):
            assert len(read(client)["changes"]) == min(size, CHANGES_PAGE)
