"""Item pages carry a schema.org EducationalOccupationalCredential in JSON-LD."""

import json
import re

import pytest

from accreditation import services
from accreditation.content import iso_duration_hours
from accreditation.models import DossierState
from accreditation.selectors import public_facts, published_item
from cms import publishing
from cms.models import CatalogueItemPage
from demo.workflow import advance
from registry_export.schema_org import credential
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def published(people, **content):
    dossier = make_dossier(people.org_a, author=people.provider_a, **content)
    advance(dossier, DossierState.AWAITING_DECISION, people.cast())
    services.dossier_decide(
        actor=people.committee, dossier=dossier, outcome="approved", rationale="Meets all."
    )
    publishing.sync_item(dossier.credential_id)
    return {
        page.locale.language_code: page
        for page in CatalogueItemPage.objects.filter(
            translation_key=dossier.credential_id
        ).select_related("locale")
    }


def jsonld_blocks(client, page):
    html = client.get(page.url).content.decode()
    return [json.loads(block) for block in JSONLD.findall(html)]


def test_item_page_has_a_credential_with_the_required_properties(client, people):
    pages = published(people, credential_validity_years=5)
    [data] = jsonld_blocks(client, pages["en"])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "EducationalOccupationalCredential"
    assert data["name"] == "Introduction to Data Science"
    assert data["description"] == "The basics of data analysis."
    assert data["url"] == f"http://testserver{pages['en'].url}"
    assert data["inLanguage"] == "en"
    assert data["credentialCategory"] == "Micro-credential"
    assert data["timeRequired"] == "PT60H"
    assert data["educationalLevel"] == {
        "@type": "DefinedTerm",
        "name": "JEQF 5",
        "termCode": "5",
        "inDefinedTermSet": "JEQF",
    }
    assert data["provider"] == {"@type": "Organization", "name": "Org A"}
    assert data["recognizedBy"]["@type"] == "Organization"
    assert data["recognizedBy"]["name"] == "Micro-credential Register"
    assert data["competencyRequired"] == [
        {
            "@type": "DefinedTerm",
            "name": "Can visualise data",
            "url": "http://data.europa.eu/esco/skill/example",
        }
    ]
    assert data["teaches"] == ["Can visualise data"]
    assert data["validFor"] == "P5Y"
    assert data["creativeWorkStatus"] == "Certified"
    assert data["datePublished"] == pages["en"].accredited_on.isoformat()
    assert data["expires"] == pages["en"].valid_until.isoformat()


def test_the_japanese_page_describes_the_credential_in_japanese(client, people):
    pages = published(people)
    [data] = jsonld_blocks(client, pages["ja"])
    assert data["name"] == "データサイエンス入門"
    assert data["inLanguage"] == "ja"
    assert data["provider"]["name"] == "組織A"
    assert data["teaches"] == ["データを可視化できる"]
    assert "validFor" not in data  # the dossier states no validity for the learner's credential


def test_a_title_cannot_break_out_of_the_script_element(client, people):
    hostile = '</script><script>alert("x")</script> & <!--'
    pages = published(people, title={"ja": hostile, "en": hostile})
    html = client.get(pages["en"].url).content.decode()
    assert '<script>alert("x")' not in html.split("</head>")[0]
    [data] = jsonld_blocks(client, pages["en"])
    assert data["name"] == hostile


@pytest.mark.parametrize(
    ("hours", "duration"), [(60, "PT60H"), (12.5, "PT12H30M"), (0.25, "PT0H15M")]
)
def test_learning_hours_are_an_iso_8601_duration(hours, duration):
    assert iso_duration_hours(hours) == duration


def test_a_page_stores_the_public_facts_the_registry_reads_and_says_the_same(people):
    pages = published(people)
    item = published_item(pages["en"].credential_id)
    for language, page in pages.items():
        from_item = public_facts(item, language)
        assert set(page.public_facts()) == set(from_item)
        on_page = credential(page.public_facts(), language=language, url="https://x.example/")
        in_registry = credential(from_item, language=language, url="https://x.example/")
        assert on_page == in_registry
