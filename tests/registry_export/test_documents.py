"""The registry's OB 3.0 documents: served at stable URLs, valid JSON-LD, offline."""

import json

import pytest
from pyld import jsonld
from pyld.jsonld import JsonLdError

from accreditation.models import DossierState
from registry_export import jsonld as offline
from registry_export.documents import ACHIEVEMENT
from registry_export.models import RegistryDocument
from registry_export.publishing import BUILDERS, refresh_documents
from tests.accreditation.factories import dossier as make_dossier

S = DossierState


def stored(dossier):
    return RegistryDocument.objects.get(credential_id=dossier.credential_id, kind=ACHIEVEMENT)


def _single(value):
    """JSON-LD compaction writes one-element arrays as the element; compare modulo that."""
    if isinstance(value, list):
        items = [_single(v) for v in value]
        return items[0] if len(items) == 1 else items
    if isinstance(value, dict):
        return {k: _single(v) for k, v in value.items()}
    return value


def test_approval_stores_an_ob3_micro_credential_achievement(certified):
    document = stored(certified).document
    assert document["@context"] == [offline.VC_V2, offline.OB_V3P0]
    assert document["type"] == ["Achievement"]
    assert document["achievementType"] == "MicroCredential"
    assert document["name"] == "データサイエンス入門"
    assert document["creator"]["name"] == "組織A"
    assert document["id"].endswith(
        f"/registry/items/{certified.credential_id}/ob3-achievement.jsonld"
    )
    assert document["alignment"][0]["targetUrl"] == "http://data.europa.eu/esco/skill/example"


def test_the_achievement_expands_offline_without_dropping_a_term(certified):
    document = stored(certified).document
    expanded = offline.expand(document)
    assert len(expanded) == 1
    recompacted = jsonld.compact(
        expanded, {"@context": document["@context"]}, {"documentLoader": offline.document_loader}
    )
    recompacted.pop("@context")
    original = {k: v for k, v in document.items() if k != "@context"}
    # The embedded endorsement keeps its own @context (the outer one, repeated) so that it can
    # be copied out and verified alone; compaction writes it once.
    original["endorsement"] = [
        {k: v for k, v in e.items() if k != "@context"} for e in original["endorsement"]
    ]
    assert _single(recompacted) == _single(original)


def test_refreshing_is_idempotent(certified):
    """Approval wrote the five documents; refreshing again finds nothing to write."""
    assert RegistryDocument.objects.filter(credential_id=certified.credential_id).count() == 5
    assert len(BUILDERS) == 5
    assert refresh_documents(certified.credential_id) == 0
    RegistryDocument.objects.filter(credential_id=certified.credential_id).delete()
    assert refresh_documents(certified.credential_id) == 5
    assert refresh_documents(certified.credential_id) == 0


def test_the_registry_serves_the_document_as_json_ld(client, certified):
    response = client.get(f"/registry/items/{certified.credential_id}/ob3-achievement.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(response.content) == stored(certified).document


def test_the_registry_answers_404_for_an_unknown_or_uncertified_item(client, db, people):
    draft = make_dossier(people.org_a, author=people.provider_a)
    for credential_id in (draft.credential_id, "00000000-0000-0000-0000-000000000000"):
        response = client.get(f"/registry/items/{credential_id}/ob3-achievement.jsonld")
        assert response.status_code == 404


def test_the_loader_refuses_any_context_it_does_not_hold():
    with pytest.raises(JsonLdError):
        offline.document_loader("https://example.org/context.jsonld")
    with pytest.raises(JsonLdError):
        offline.expand({"@context": "https://example.org/context.jsonld", "name": "x"})


def test_the_loader_marks_contexts_static_so_pyld_caches_them():
    loaded = offline.document_loader(offline.OB_V3P0)
    assert loaded["tag"] == "static"
    assert loaded["documentUrl"] == offline.OB_V3P0
    assert "@context" in loaded["document"]
