"""HTTP caching of the registry's public reads: exact bytes, their ETag, Cache-Control, 304s."""

import hashlib
import io
import json
import uuid

from django.core.management import call_command

from accreditation import services
from registry_export import dumps, views
from registry_export.documents import ACHIEVEMENT, CTDL, ENDORSEMENT
from registry_export.models import Endorsement, RegistryDocument, StatusList
from registry_export.views import STATUS_LIST_MAX_AGE


def etag_of(body):
    return f'"{hashlib.md5(body).hexdigest()}"'


def served_bytes(document):
    """How the registry writes a stored document: never re-serialised differently, so what was
    signed is what verifiers read, byte for byte, each time."""
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def cache_control(response):
    return set(response.get("Cache-Control", "").replace(" ", "").split(","))


def current(client, path, response):
    """The answer to a reader revalidating `response`'s copy."""
    return client.get(path, headers={"If-None-Match": response["ETag"]})


def test_a_status_list_keeps_its_bytes_and_is_revalidated_by_their_etag(client, certified):
    for purpose in ("revocation", "suspension"):
        path = f"/registry/status/{purpose}"
        response = client.get(path)
        stored = StatusList.objects.get(purpose=purpose)
        assert response.content == served_bytes(stored.document)
        assert response["ETag"] == etag_of(response.content)
        assert cache_control(response) == {"public", f"max-age={STATUS_LIST_MAX_AGE}"}
        assert "Last-Modified" in response
        not_modified = current(client, path, response)
        assert (not_modified.status_code, not_modified.content) == (304, b"")
        assert not_modified["ETag"] == response["ETag"]
        assert not_modified["Access-Control-Allow-Origin"] == "*"
        assert cache_control(not_modified) == cache_control(response)


def test_a_suspension_gives_the_suspension_list_a_new_etag(client, people, certified, on_commit):
    path = "/registry/status/suspension"
    before = client.get(path)
    with on_commit():
        services.dossier_suspend(actor=people.committee, dossier=certified, note="Complaint.")
    after = current(client, path, before)
    assert after.status_code == 200
    assert after["ETag"] == etag_of(after.content) != before["ETag"]
    assert after.content == served_bytes(StatusList.objects.get(purpose="suspension").document)


def test_an_endorsement_keeps_its_bytes_and_its_etag(client, certified):
    record = Endorsement.objects.get(dossier_id=certified.pk)
    path = f"/registry/endorsements/{record.public_id}"
    response = client.get(path)
    assert response.content == served_bytes(record.document)
    assert response["ETag"] == etag_of(response.content)
    assert cache_control(response) == {"public", "max-age=60"}
    as_document = client.get(f"/registry/items/{certified.credential_id}/{ENDORSEMENT}.jsonld")
    assert as_document.content == response.content and as_document["ETag"] == response["ETag"]
    assert current(client, path, response).status_code == 304


def test_a_changed_document_gets_a_new_etag(client, certified):
    path = f"/registry/items/{certified.credential_id}/{ACHIEVEMENT}.jsonld"
    before = client.get(path)
    assert before["ETag"] == etag_of(before.content)
    assert current(client, path, before).status_code == 304
    RegistryDocument.objects.filter(credential_id=certified.credential_id, kind=ACHIEVEMENT).update(
        document={"changed": True}
    )
    after = current(client, path, before)
    assert after.status_code == 200
    assert after.content == served_bytes({"changed": True})
    assert after["ETag"] == etag_of(after.content) != before["ETag"]


def test_if_modified_since_is_answered_from_the_stored_time(client, certified):
    path = f"/registry/items/{certified.credential_id}/{CTDL}.jsonld"
    response = client.get(path)
    since = client.get(path, headers={"If-Modified-Since": response["Last-Modified"]})
    assert since.status_code == 304
    older = client.get(path, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert older.status_code == 200


def test_head_gives_the_validators_and_answers_304(client, certified):
    path = f"/registry/items/{certified.credential_id}/{ACHIEVEMENT}.jsonld"
    page = client.get(path)
    head = client.head(path)
    assert (head.status_code, head.content, head["ETag"]) == (200, b"", page["ETag"])
    revalidated = client.head(path, headers={"If-None-Match": page["ETag"]})
    assert revalidated.status_code == 304


def test_negotiation_validates_each_format_on_its_own(client, certified):
    path = f"/registry/items/{certified.credential_id}/"
    ob3 = client.get(path, headers={"Accept": "application/ld+json"})
    ctdl = client.get(path, {"format": "ctdl"})
    assert ob3["ETag"] == etag_of(ob3.content) != ctdl["ETag"]
    same = client.get(path, headers={"Accept": "application/ld+json", "If-None-Match": ob3["ETag"]})
    assert same.status_code == 304 and "Accept" in same["Vary"]
    other = client.get(path, {"format": "ctdl"}, headers={"If-None-Match": ob3["ETag"]})
    assert other.status_code == 200


def test_the_did_document_is_public_and_a_rotation_changes_its_etag(client, db, settings):
    settings.PUBLIC_CACHE_MAX_AGE = 120
    path = "/.well-known/did.json"
    before = client.get(path)
    assert before["ETag"] == etag_of(before.content)
    assert cache_control(before) == {"public", "max-age=120"}
    not_modified = current(client, path, before)
    assert not_modified.status_code == 304
    assert not_modified["Access-Control-Allow-Origin"] == "*"
    call_command("rotate_accreditor_key", stdout=io.StringIO())
    after = current(client, path, before)
    assert after.status_code == 200 and after["ETag"] != before["ETag"]


def test_a_dump_file_is_validated_by_the_hash_its_manifest_publishes(
    client, certified, settings, tmp_path, monkeypatch
):
    settings.REGISTRY_DUMP_DIR = tmp_path / "dumps"
    dumps.write_dumps()
    entry = client.get("/registry/dumps/").json()["files"][0]
    path = f"/registry/dumps/{entry['name']}"
    served = client.get(path)
    assert served["ETag"] == f'"{entry["sha256"]}"'
    assert hashlib.sha256(b"".join(served.streaming_content)).hexdigest() == entry["sha256"]
    assert cache_control(served) == {"public", "max-age=60"}
    opened = []
    monkeypatch.setattr(views, "FileResponse", lambda *args, **kwargs: opened.append(args))
    not_modified = current(client, path, served)
    assert (not_modified.status_code, opened) == (304, [])  # judged before opening the file
    assert cache_control(not_modified) == {"public", "max-age=60"}
    assert not_modified["Access-Control-Allow-Origin"] == "*"


def test_a_missing_document_is_not_kept_by_caches(client, db):
    response = client.get(f"/registry/items/{uuid.uuid4()}/{ACHIEVEMENT}.jsonld")
    assert response.status_code == 404
    assert "public" not in cache_control(response) and "ETag" not in response


def test_a_signed_in_reader_is_answered_privately(client, people, certified):
    client.force_login(people.provider_a)
    response = client.get("/registry/status/revocation")
    assert response.status_code == 200
    assert "public" not in cache_control(response)
    assert {"private", "no-store"} <= cache_control(response)
