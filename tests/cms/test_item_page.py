"""An item page answers what a course teaches, at what level, how big, and whether it is
still certified: level equivalents, credits in every system, stacking, status with dates."""

from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from accreditation import services, vocabulary
from accreditation.models import Dossier, LevelEquivalence
from cms.item_facts import item_facts
from cms.models import CatalogueItemPage
from tests.cms.test_jsonld import published

pytestmark = pytest.mark.django_db

CONTENT = {
    "level": {"framework": "JEQF", "value": 5},
    "learning_hours": {
        "contact": 40,
        "self_study": 15,
        "assessment": 5,
        "credits_claimed": [{"system": "ECTS", "value": 2}],
    },
    "stackability": {
        "stand_alone": False,
        "counts_toward": [
            {
                "qualification": {"ja": "データサイエンス修士", "en": "MSc Data Science"},
                "institution": "Toto University",
                "credits": 2,
                "system": "JP",
            }
        ],
    },
    "fee": {"amount": 30000, "currency": "JPY"},
    "credential_validity_years": 3,
}


def test_facts_place_the_level_on_the_eqf_and_give_its_peers(reference_data):
    facts = item_facts(CONTENT, "en")
    assert facts.level.framework_name == "Japan (JEQF)"
    assert facts.level.value == Decimal(5) and facts.level.eqf_level == 5
    peers = dict(facts.level.peers)
    assert peers["Australian Qualifications Framework (AQF)"] == "5, 6"


def test_facts_give_the_size_in_every_credit_system(reference_data):
    credits = {c.system: c for c in item_facts(CONTENT, "en").credits}
    assert item_facts(CONTENT, "en").hours == Decimal(60)
    assert (credits["JP"].low, credits["JP"].high) == (Decimal("1.3"), Decimal("1.3"))
    assert (credits["ECTS"].low, credits["ECTS"].high) == (Decimal(2), Decimal("2.4"))
    assert credits["ECTS"].is_range and not credits["NZ"].is_range
    assert credits["NZ"].low == Decimal(6)
    assert credits["ECTS"].claimed == Decimal(2) and credits["NZ"].claimed is None


def test_facts_follow_a_crosswalk_edit(reference_data):
    LevelEquivalence.objects.filter(framework__code="JEQF", level=5).update(eqf_level=4)
    assert item_facts(CONTENT, "en").level.eqf_level == 4


def test_facts_of_thin_content_do_not_fail(reference_data):
    facts = item_facts({}, "ja")
    assert facts.level is None and facts.credits == [] and facts.counts_toward == []
    assert facts.stand_alone is True


def test_the_page_shows_level_credits_stacking_and_fee(client, people):
    pages = published(people, **CONTENT)
    html = client.get(pages["en"].url).content.decode()
    assert "Japan (JEQF), level 5" in html
    assert "Equivalent to EQF level 5" in html
    assert "MSc Data Science: 2 credits (Japanese university credit)" in html
    assert "2–2.4" in html  # ECTS: 60 h at 30 and at 25 hours a credit
    assert "30,000 JPY" in html
    assert "3 years" in html
    assert "データサイエンス修士" in client.get(pages["ja"].url).content.decode()


def test_a_suspended_item_says_since_when_and_keeps_its_url(
    client, people, django_capture_on_commit_callbacks
):
    pages = published(people)
    url = pages["en"].url
    dossier = Dossier.objects.get(pk=pages["en"].dossier_id)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_suspend(
            actor=people.committee, dossier=dossier, note="Complaint under review"
        )
    page = CatalogueItemPage.objects.get(pk=pages["en"].pk)
    assert (page.status, page.status_since, page.url) == ("suspended", timezone.localdate(), url)
    html = client.get(url).content.decode()
    assert f"Certification suspended since {date_format(timezone.localdate())}." in html
    assert "Complaint under review" not in html  # the reason stays with the register


def test_an_approved_item_has_no_status_date(people):
    pages = published(people)
    assert pages["en"].status == "active" and pages["en"].status_since is None


def test_item_page_queries_do_not_grow_with_content(client, people, django_assert_max_num_queries):
    small = published(people)["en"]
    steps = [{"qualification": {"ja": f"資格{i}"}, "credits": 1, "system": "JP"} for i in range(30)]
    big = published(people, stackability={"stand_alone": False, "counts_toward": steps})["en"]
    client.get("/en/")  # warm Wagtail's cached site paths, as any running server has them
    for kind in vocabulary.TABLES:  # and the reference tables' names (accreditation.vocabulary)
        vocabulary.names(kind)
    counts = []
    for page in (small, big):
        with django_assert_max_num_queries(40) as captured:
            assert client.get(page.url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
