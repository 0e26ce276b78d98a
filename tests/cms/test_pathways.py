"""Pathways: which certified items count toward which qualification, for how many credits."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from accreditation import services
from accreditation.models import DossierState
from cms import publishing
from cms.models import CatalogueItemPage, PathwayStep
from cms.pathways import qualification_key, steps_from_content
from demo.workflow import advance
from tests.accreditation.factories import dossier as make_dossier
from tests.accreditation.factories import organisation
from tests.cms.test_providers import add_item

pytestmark = pytest.mark.django_db
S = DossierState
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

MASTERS = {
    "qualification": {"ja": "データサイエンス修士", "en": "Master of Data Science"},
    "institution": "東北大学",
    "credits": 4,
    "system": "JP",
}
CERTIFICATE = {
    "qualification": {"ja": "AI活用履修証明", "en": "Certificate in Applied AI"},
    "institution": "Tohoku University",
    "credits": 2.5,
    "system": "ECTS",
}
JAPANESE_ONLY = {"qualification": {"ja": "看護学士"}, "credits": 2, "system": "JP"}
MASTERS_KEY = qualification_key("データサイエンス修士", "東北大学")


def pathway_url(language, key):
    """Japanese keys are percent-encoded in links, as `reverse` writes them."""
    with translation.override(language):
        return reverse("pathway_detail", kwargs={"key": key})


def step_rows(credential_id):
    return sorted(
        PathwayStep.objects.filter(page__translation_key=credential_id).values_list(
            "page__locale__language_code",
            "qualification_key",
            "qualification_ja",
            "qualification_en",
            "institution",
            "credits",
            "system",
        )
    )


@pytest.fixture
def accredited(people, django_capture_on_commit_callbacks):
    """An item counting toward two qualifications, accredited and published as users do."""
    dossier = make_dossier(
        people.org_a,
        author=people.provider_a,
        stackability={"stand_alone": True, "counts_toward": [MASTERS, CERTIFICATE]},
    )
    with django_capture_on_commit_callbacks(execute=True):
        advance(dossier, S.ACCREDITED, people.cast())
    return dossier


def test_publishing_writes_one_step_per_qualification_and_language(accredited):
    rows = step_rows(accredited.credential_id)
    assert len(rows) == 4
    en = [row for row in rows if row[0] == "en"]
    assert en == [
        ("en", qualification_key("AI活用履修証明", "Tohoku University"), "AI活用履修証明",
         "Certificate in Applied AI", "Tohoku University", Decimal("2.50"), "ECTS"),
        ("en", MASTERS_KEY, "データサイエンス修士", "Master of Data Science", "東北大学",
         Decimal("4.00"), "JP"),
    ]  # fmt: skip
    assert {row[1:] for row in rows if row[0] == "ja"} == {row[1:] for row in en}


def test_syncing_again_rewrites_the_same_rows(accredited):
    before = step_rows(accredited.credential_id)
    publishing.sync_item(accredited.credential_id)
    publishing.sync_item(accredited.credential_id)
    assert step_rows(accredited.credential_id) == before
    assert PathwayStep.objects.count() == 4


def test_a_renewal_that_drops_a_qualification_removes_its_step(
    people, accredited, django_capture_on_commit_callbacks
):
    renewal = services.dossier_renew(actor=people.provider_a, dossier=accredited)
    content = {**renewal.content, "stackability": {"stand_alone": True, "counts_toward": [MASTERS]}}
    services.dossier_update(actor=people.provider_a, dossier=renewal, content=content)
    with django_capture_on_commit_callbacks(execute=True):
        advance(renewal, S.ACCREDITED, people.cast())
    rows = step_rows(accredited.credential_id)
    assert {(language, key) for language, key, *_rest in rows} == {
        ("ja", MASTERS_KEY),
        ("en", MASTERS_KEY),
    }


def test_the_key_is_made_from_the_japanese_name_and_the_institution():
    assert MASTERS_KEY == "データサイエンス修士-東北大学"
    assert qualification_key("看護学士", "") == "看護学士"
    long_name = "長い資格名" * 30
    key = qualification_key(long_name, "大学")
    assert len(key) <= 80
    assert key == qualification_key(long_name, "大学")  # stable
    assert key != qualification_key(long_name, "別の大学")
    # The English name plays no part: two providers' wordings meet on one pathway.
    other_wording = {**MASTERS, "qualification": {"ja": "データサイエンス修士", "en": "MSc"}}
    content = {"stackability": {"counts_toward": [other_wording, MASTERS]}}
    assert [step["qualification_key"] for step in steps_from_content(content)] == [MASTERS_KEY]


@pytest.fixture
def catalogue(db):
    university = organisation(slug="tohoku", name_en="Tohoku University", name_ja="東北大学")
    company = organisation(slug="acme", name_en="Acme Learning", name_ja="アクメ学習")
    for language in ("en", "ja"):
        add_item(language, org=university, title=f"Statistics {language}", counts_toward=[MASTERS])
        add_item(
            language,
            org=company,
            title=f"Python {language}",
            hours=90,
            counts_toward=[{**MASTERS, "credits": 2}, CERTIFICATE, JAPANESE_ONLY],
        )
        add_item(
            language,
            org=company,
            title=f"Suspended {language}",
            status="suspended",
            counts_toward=[MASTERS],
        )
    return university, company


def test_the_list_counts_active_items_and_sums_their_credits(client, catalogue):
    response = client.get("/en/pathways/")
    assert response.status_code == 200
    html = response.content.decode()
    masters = html[html.index("Master of Data Science") :].split("</li>")[0]
    assert "2 certified items count toward it" in masters  # the suspended one left out
    assert "6 credits (Japanese university credit)" in masters
    certificate = html[html.index("Certificate in Applied AI") :].split("</li>")[0]
    assert "1 certified item counts toward it" in certificate
    assert "2.50 credits (ECTS credit)" in certificate
    assert f'href="{pathway_url("en", MASTERS_KEY)}"' in html
    assert f'<a href="{pathway_url("en", "看護学士")}" lang="ja">看護学士</a>' in html


def test_the_list_in_japanese(client, catalogue):
    html = client.get("/ja/pathways/").content.decode()
    assert "データサイエンス修士" in html
    assert "Master of Data Science" not in html
    assert "単位（大学設置基準）" in html
    assert 'lang="ja"' not in html.split("<main", 1)[1]


def test_the_detail_lists_each_active_item_with_credits_and_provider(client, catalogue):
    response = client.get(f"/en/pathways/{MASTERS_KEY}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Master of Data Science</h1>" in html
    assert "Awarded by 東北大学" in html
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 2  # Python, Statistics; not the suspended item
    python, statistics = rows
    page = CatalogueItemPage.objects.get(title="Python en")
    assert f'<a href="{page.url}">Python en</a>' in python
    assert '<a href="/en/providers/acme/">Acme Learning</a>' in python
    assert "90 hours" in python
    assert "<td>2</td>" in python and "<td>Japanese university credit</td>" in python
    assert "<td>4</td>" in statistics
    assert "Suspended en" not in html
    totals = html.split('id="pathway-totals"')[1]
    assert "<li>6 credits (Japanese university credit)</li>" in totals


def test_the_detail_in_japanese(client, catalogue):
    html = client.get(f"/ja/pathways/{MASTERS_KEY}/").content.decode()
    assert "<h1>データサイエンス修士</h1>" in html
    assert "Python ja" in html and "Python en" not in html
    assert '<a href="/ja/providers/acme/">アクメ学習</a>' in html
    assert "<td>単位（大学設置基準）</td>" in html


def test_a_qualification_with_only_lapsed_items_says_so(client, db):
    add_item("en", org=organisation(), title="Lapsed", status="expired", counts_toward=[MASTERS])
    response = client.get(f"/en/pathways/{MASTERS_KEY}/")
    assert response.status_code == 200
    assert "No certified item counts toward this qualification today." in response.content.decode()
    assert "Master of Data Science" not in client.get("/en/pathways/").content.decode()


def test_unknown_keys_are_404(client, catalogue):
    assert client.get("/en/pathways/no-such-qualification/").status_code == 404
    assert client.get(f"/en/pathways/{MASTERS_KEY}x/").status_code == 404


def test_the_item_page_lists_what_it_counts_toward(client, catalogue):
    page = CatalogueItemPage.objects.get(title="Python en")
    html = client.get(page.url).content.decode()
    counts = html.split("Counts toward a qualification</dt>")[1].split("</ul>")[0]
    masters = f'<a href="{pathway_url("en", MASTERS_KEY)}">Master of Data Science: 2 credits'
    assert (
        masters + ' (Japanese university credit)</a> <span class="small muted">· 東北大学' in counts
    )
    assert "Certificate in Applied AI: 2.5 credits (ECTS credit)</a>" in counts
    assert f'<a href="{pathway_url("en", "看護学士")}" lang="ja">看護学士: ' in counts


def test_the_sitemap_lists_provider_and_pathway_pages(client, catalogue):
    response = client.get("/sitemap.xml")
    locs = {
        loc.text.split("://", 1)[1].split("/", 1)[1]
        for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")
    }
    assert {"en/providers/", "ja/providers/", "en/pathways/", "ja/pathways/"} <= locs
    assert {"en/providers/acme/", "ja/providers/tohoku/"} <= locs
    assert pathway_url("en", "看護学士").lstrip("/") in locs
    assert pathway_url("ja", MASTERS_KEY).lstrip("/") in locs


@pytest.mark.parametrize("count", [3, 40])
def test_the_pages_run_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    orgs = [organisation() for _ in range(3)]
    for n in range(count):
        qualifications = [MASTERS, {**CERTIFICATE, "qualification": {"ja": f"証明{n % 5}"}}]
        add_item("en", org=orgs[n % 3], title=f"Item {n}", counts_toward=qualifications)
    with django_assert_max_num_queries(7):
        listing = client.get("/en/pathways/")
    with django_assert_max_num_queries(7):
        detail = client.get(f"/en/pathways/{MASTERS_KEY}/")
    assert listing.content.decode().count('<li class="card">') == 1 + min(count, 5)
    assert detail.content.decode().count('<th scope="row">') == count
