"""Per-item CTDL, ELM and schema.org registry documents: conformance and content negotiation."""

import json
import re
import uuid
import warnings
from functools import cache
from html.parser import HTMLParser

import pytest
from django.conf import settings as django_settings
from pyld import jsonld
from rdflib import Graph

from accreditation import services
from accreditation.models import DossierState
from accreditation.selectors import published_item
from cms.models import CatalogueItemPage
from demo.workflow import advance
from registry_export import ctdl
from registry_export import jsonld as offline
from registry_export.documents import ACHIEVEMENT, CTDL, ELM, ENDORSEMENT, SCHEMA_ORG
from registry_export.models import RegistryDocument
from tests import standards
from tests.accreditation.factories import dossier as make_dossier

S = DossierState
KINDS = [ENDORSEMENT, ACHIEVEMENT, CTDL, ELM, SCHEMA_ORG]


@pytest.fixture
def certified(db, people, django_capture_on_commit_callbacks):
    dossier = make_dossier(
        people.org_a,
        author=people.provider_a,
        learning_hours={
            "contact": 30,
            "self_study": 25,
            "assessment": 5,
            "credits_claimed": [{"system": "ECTS", "value": 2}],
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        advance(dossier, S.ACCREDITED, people.cast())
    return dossier


def stored(dossier, kind):
    return RegistryDocument.objects.get(credential_id=dossier.credential_id, kind=kind).document


def test_publishing_stores_all_five_documents(certified):
    kinds = set(
        RegistryDocument.objects.filter(credential_id=certified.credential_id).values_list(
            "kind", flat=True
        )
    )
    assert kinds == set(KINDS)


# --- JSON-LD: every term maps to an IRI ------------------------------------------------------


def _keys(node):
    """Every key of a compact JSON-LD document, at any depth (language maps included)."""
    if isinstance(node, list):
        return set().union(*(_keys(v) for v in node)) if node else set()
    if isinstance(node, dict):
        return set(node).union(*(_keys(v) for v in node.values()))
    return set()


@pytest.mark.parametrize("kind", KINDS)
def test_every_export_expands_offline_without_dropping_a_term(certified, kind):
    """A term the context does not define vanishes on expansion: recompacting the expanded
    document must give back every key the document uses."""
    document = stored(certified, kind)
    expanded = offline.expand(document)
    assert len(expanded) == 1
    recompacted = jsonld.compact(
        expanded, {"@context": document["@context"]}, {"documentLoader": offline.document_loader}
    )
    assert _keys(recompacted) == _keys(document)
    assert len(_keys(document)) > 10


def test_an_unmapped_term_would_be_caught(certified):
    document = dict(stored(certified, ELM), hoursOfLearning="PT60H")
    expanded = offline.expand(document)
    recompacted = jsonld.compact(
        expanded, {"@context": document["@context"]}, {"documentLoader": offline.document_loader}
    )
    assert _keys(document) - _keys(recompacted) == {"hoursOfLearning"}


# --- ELM: the official SHACL shapes ---------------------------------------------------------


def _rdf(document):
    nquads = jsonld.to_rdf(
        document, {"format": "application/n-quads", "documentLoader": offline.document_loader}
    )
    return Graph().parse(data=nquads, format="nt")


#: The shapes' URL patterns are written for Java regular expressions; pyshacl uses Python's
#: `re`, which wants inline flags first and has no `\p{...}` classes. These are the only
#: edits, each to the equivalent Python syntax (the `\p` class only matters for IPv6 hosts).
JAVA_TO_PYTHON_REGEX = [
    ('"^(?i)(http|https):', '"(?i)^(http|https):'),
    (r"\\p{L}\\p{Nl}\\p{Nd}", r"\\w"),
]


def _activate_las_shape(text):
    """The LOQ file ships its LearningAchievementSpecification shape deactivated; run it
    too, so that the specification itself is checked against its closed shape."""
    start = text.index(":LearningAchievementSpecificationShape\n")
    end = text.index("\n:", start + 1)
    shape = text[start:end]
    assert shape.count("sh:deactivated true ;") == 1
    return text[:start] + shape.replace("sh:deactivated true ;", "") + text[end:]


@cache
def _shapes(*, activate_las=False):
    shapes = Graph()
    for name in ("LOQ-constraints.ttl", "EDC-generic-full.ttl"):
        text = standards.read_text(f"shapes/{name}")
        for java, python in JAVA_TO_PYTHON_REGEX:
            text = text.replace(java, python)
        if activate_las and name.startswith("LOQ"):
            text = _activate_las_shape(text)
        shapes.parse(data=text, format="turtle")
    return shapes


def _validate(document, **shape_options):
    from pyshacl import validate

    with warnings.catch_warnings():
        # Python's `re` warns about the Java-style nested class `[%[...]]` of the URL pattern.
        warnings.filterwarnings("ignore", "Possible nested set", FutureWarning)
        conforms, _graph, report = validate(_rdf(document), shacl_graph=_shapes(**shape_options))
    return conforms, report


@pytest.mark.parametrize("activate_las", [False, True])
def test_the_elm_document_conforms_to_the_official_shapes(certified, activate_las):
    conforms, report = _validate(stored(certified, ELM), activate_las=activate_las)
    assert conforms, report


def test_the_shapes_reject_a_broken_elm_document(certified):
    document = stored(certified, ELM)
    body = document["awardingOpportunity"][0]["awardingBody"][0]
    del body["accreditation"][0]["accreditingAgent"]  # required by the Accreditation shape
    document["learningOutcome"][0]["relatedESCOSkill"][0]["inScheme"]["@id"] = "urn:x:skills"
    conforms, report = _validate(document)
    assert not conforms
    assert "accreditingAgent" in report
    assert "concept-scheme/skills" in report


def test_the_shapes_url_patterns_are_active(certified):
    document = stored(certified, ELM)
    body = document["awardingOpportunity"][0]["awardingBody"][0]
    body["accreditation"][0]["landingPage"][0]["contentURL"] = "mailto:registry@example.org"
    conforms, report = _validate(document)
    assert not conforms
    assert "contentUrl" in report


def test_the_elm_document_carries_the_crosswalk(certified):
    document = stored(certified, ELM)
    assert document["@type"] == "LearningAchievementSpecification"
    assert document["title"] == {"ja": "データサイエンス入門", "en": "Introduction to Data Science"}
    assert document["volumeOfLearning"] == "PT60H"
    assert document["educationLevel"][0]["@id"] == "http://data.europa.eu/snb/eqf/5"
    assert document["creditPoint"][0]["point"] == "2"
    outcome = document["learningOutcome"][0]
    assert outcome["relatedESCOSkill"][0]["@id"] == "http://data.europa.eu/esco/skill/example"
    body = document["awardingOpportunity"][0]["awardingBody"][0]
    assert body["legalName"] == {"ja": "組織A", "en": body["legalName"]["en"]}
    accreditation = body["accreditation"][0]
    assert accreditation["@type"] == "Accreditation"
    assert accreditation["organisation"] == {"@id": body["@id"]}
    assert accreditation["accreditingAgent"]["@id"].startswith("http")
    item = published_item(certified.credential_id)
    assert accreditation["expiryDate"].startswith(item.valid_until.isoformat())


# --- CTDL: terms of the CTDL schema ---------------------------------------------------------


@cache
def _ctdl_schema():
    schema = json.loads(standards.read_text("vocab/ctdl-schema.json"))
    return {entry["@id"]: entry for entry in schema["@graph"]}


def _ctdl_terms(node, used):
    """(class, property) pairs and concept values of a CTDL document, recursively."""
    if isinstance(node, list):
        for value in node:
            _ctdl_terms(value, used)
    elif isinstance(node, dict):
        node_type = node.get("@type")
        if node_type:
            used["classes"].add(node_type)
        for key, value in node.items():
            if key.startswith("@"):
                continue
            used["properties"].add((node_type, key))
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                used["concepts"].update(v for v in value if re.match(r"^[a-zA-Z]+:[A-Z]", v))
            if isinstance(value, str) and re.match(r"^[a-zA-Z]+:[A-Z]", value):
                used["concepts"].add(value)
            if not (isinstance(value, dict) and "@type" not in value):  # language maps
                _ctdl_terms(value, used)
    return used


def test_every_ctdl_class_property_and_concept_is_in_the_ctdl_schema(certified):
    schema = _ctdl_schema()
    used = _ctdl_terms(
        stored(certified, CTDL), {"classes": set(), "properties": set(), "concepts": set()}
    )
    assert "ceterms:MicroCredential" in used["classes"]
    for name in used["classes"]:
        assert schema[name]["@type"] == "rdfs:Class", name
    for node_type, name in used["properties"]:
        assert schema.get(name, {}).get("@type") == "rdf:Property", name
        domains = schema[name].get("schema:domainIncludes") or []
        assert node_type in domains, f"{name} is not a property of {node_type}"
    assert used["concepts"] >= {"audLevel:AssociatesDegreeLevel", "credentialStat:Active"}
    for concept in used["concepts"]:
        assert schema.get(concept, {}).get("@type") == "skos:Concept", concept


def test_the_ctdl_document_carries_the_crosswalk(certified, settings):
    document = stored(certified, CTDL)
    assert document["@type"] == "ceterms:MicroCredential"
    assert document["ceterms:name"]["en"] == "Introduction to Data Science"
    assert document["ceterms:ownedBy"] == document["ceterms:offeredBy"]
    assert document["ceterms:ownedBy"][0]["ceterms:name"]["ja"] == "組織A"
    assert document["ceterms:accreditedBy"][0]["@id"] == f"{settings.SITE_URL}/"
    assert document["ceterms:subjectWebpage"] == (
        f"{settings.SITE_URL}/catalogue/items/{certified.credential_id}/"
    )
    duration = document["ceterms:estimatedDuration"][0]["ceterms:exactDuration"]
    assert duration == "PT60H" != "P60M"
    assert document["ceterms:requires"][0]["ceterms:creditValue"][0]["schema:value"] == 2.0


def test_durations_are_hours_not_months(certified):
    for kind, duration in (
        (CTDL, lambda d: d["ceterms:estimatedDuration"][0]["ceterms:exactDuration"]),
        (ELM, lambda d: d["volumeOfLearning"]),
        (SCHEMA_ORG, lambda d: d["timeRequired"]),
    ):
        assert duration(stored(certified, kind)) == "PT60H", kind


def test_the_ctid_is_stable_across_a_renewal_and_differs_between_items(
    certified, people, django_capture_on_commit_callbacks
):
    first = stored(certified, CTDL)["ceterms:ctid"]
    assert re.fullmatch(r"ce-[0-9a-f-]{36}", first)
    assert uuid.UUID(first[3:]).version == 5
    renewal = services.dossier_renew(actor=people.provider_a, dossier=certified)
    content = {
        **renewal.content,
        "title": {
            "ja": "データサイエンス入門（改訂）",
            "en": "Introduction to Data Science, revised",
        },
    }
    services.dossier_update(actor=people.provider_a, dossier=renewal, content=content)
    with django_capture_on_commit_callbacks(execute=True):
        advance(renewal, S.ACCREDITED, people.cast())
    assert renewal.pk != certified.pk
    assert renewal.credential_id == certified.credential_id
    renewed = stored(certified, CTDL)
    assert renewed["ceterms:name"]["en"] == "Introduction to Data Science, revised"
    assert renewed["ceterms:ctid"] == first
    other = make_dossier(people.org_a, author=people.provider_a)
    with django_capture_on_commit_callbacks(execute=True):
        advance(other, S.ACCREDITED, people.cast())
    assert stored(other, CTDL)["ceterms:ctid"] not in (first, None)
    assert ctdl.ctid(other.credential_id) == stored(other, CTDL)["ceterms:ctid"]


# --- schema.org -----------------------------------------------------------------------------


def test_the_schema_org_document_is_the_item_pages_credential(client, certified, settings):
    document = stored(certified, SCHEMA_ORG)
    page = CatalogueItemPage.objects.get(
        translation_key=certified.credential_id, locale__language_code="ja"
    )
    html = client.get(page.url).content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    on_page = json.loads(block)
    assert document["@type"] == "EducationalOccupationalCredential"
    assert document["@context"] == {"@vocab": "https://schema.org/"}
    assert document["@id"] == f"{settings.SITE_URL}/catalogue/items/{certified.credential_id}/"
    differing = {"@context", "@id", "url"}
    assert {k: v for k, v in document.items() if k not in differing} == {
        k: v for k, v in on_page.items() if k not in differing
    }


# --- content negotiation --------------------------------------------------------------------


def _vary(response):
    return [field.strip() for field in response["Vary"].split(",")]


def _negotiate(client, credential_id, accept=None, **query):
    headers = {"HTTP_ACCEPT": accept} if accept is not None else {}
    return client.get(f"/registry/items/{credential_id}/", query, **headers)


@pytest.mark.parametrize("accept", [None, "application/ld+json", "*/*", "application/*;q=0.5"])
def test_plain_json_ld_or_anything_gets_the_ob3_achievement(client, certified, accept):
    response = _negotiate(client, certified.credential_id, accept)
    assert response.status_code == 200
    assert json.loads(response.content) == stored(certified, ACHIEVEMENT)
    assert response["Content-Type"].startswith("application/ld+json")
    assert "Accept" in _vary(response)
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("profile", "kind"),
    [
        (offline.OB_V3P0, ACHIEVEMENT),
        (offline.CTDL, CTDL),
        (offline.ELM_EDC_AP, ELM),
        ("https://schema.org", SCHEMA_ORG),
    ],
)
def test_the_accept_profile_chooses_the_format(client, certified, profile, kind):
    accept = f'text/html;q=0.9, application/ld+json;profile="{profile}"'
    response = _negotiate(client, certified.credential_id, accept)
    assert response.status_code == 200
    assert json.loads(response.content) == stored(certified, kind)
    assert f'profile="{profile}' in response["Content-Type"]
    assert response["Content-Location"].endswith(f"/{kind}.jsonld")
    assert "Accept" in _vary(response)


def test_the_first_known_profile_in_preference_order_wins(client, certified):
    accept = (
        'application/ld+json;profile="https://example.org/unknown", '
        f'application/ld+json;profile="{offline.ELM_EDC_AP}";q=0.8, '
        f'application/ld+json;profile="{offline.CTDL}";q=0.5'
    )
    response = _negotiate(client, certified.credential_id, accept)
    assert json.loads(response.content)["@type"] == "LearningAchievementSpecification"


@pytest.mark.parametrize(
    ("name", "kind"),
    [("ob3", ACHIEVEMENT), ("ctdl", CTDL), ("elm", ELM), ("schema-org", SCHEMA_ORG)],
)
def test_the_format_parameter_chooses_the_format_whatever_the_accept(client, certified, name, kind):
    response = _negotiate(client, certified.credential_id, "text/html", format=name)
    assert response.status_code == 200
    assert json.loads(response.content) == stored(certified, kind)


@pytest.mark.parametrize(
    ("accept", "query"),
    [
        ("text/html", {}),
        ('application/ld+json;profile="https://example.org/unknown"', {}),
        ("application/ld+json", {"format": "rdfxml"}),
    ],
)
def test_nothing_acceptable_answers_406_with_the_list(client, certified, accept, query):
    response = _negotiate(client, certified.credential_id, accept, **query)
    assert response.status_code == 406
    assert "Accept" in _vary(response)
    assert response["Access-Control-Allow-Origin"] == "*"
    available = json.loads(response.content)["available"]
    assert [entry["format"] for entry in available] == ["ob3", "ctdl", "elm", "schema-org"]
    for entry in available:
        path = entry["href"].removeprefix(django_settings.SITE_URL)
        assert client.get(path).status_code == 200


def test_negotiation_answers_404_for_an_unknown_item(client, db):
    for accept in ("application/ld+json", "text/html"):
        response = _negotiate(client, uuid.uuid4(), accept)
        assert response.status_code == 404


# --- the catalogue item page ----------------------------------------------------------------


class _AlternateLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate":
            self.links.append(attrs)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_item_page_links_every_document(client, certified, language):
    page = CatalogueItemPage.objects.get(
        translation_key=certified.credential_id, locale__language_code=language
    )
    parser = _AlternateLinks()
    parser.feed(client.get(page.url).content.decode())
    json_ld = {
        link["title"]: link["href"]
        for link in parser.links
        if link.get("type") == "application/ld+json"
    }
    base = f"/registry/items/{certified.credential_id}"
    assert json_ld == {
        "Open Badges 3.0 Achievement": f"{base}/ob3-achievement.jsonld",
        "CTDL MicroCredential": f"{base}/ctdl.jsonld",
        "ELM Learning Achievement Specification": f"{base}/elm.jsonld",
        "schema.org credential": f"{base}/schema-org.jsonld",
        "Open Badges 3.0 EndorsementCredential (signed accreditation record)": (
            f"{base}/ob3-endorsement.jsonld"
        ),
    }
    for href in json_ld.values():
        assert client.get(href).status_code == 200
