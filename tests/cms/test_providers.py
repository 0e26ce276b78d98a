"""Provider pages: who offers certified items, and the truth about each of their items."""

import datetime
import re
import uuid

import pytest

from accreditation import services
from accreditation.models import DossierState, MemberRole
from accreditation.models.organisations import ProviderKind, QualityAssurance
from cms import publishing
from cms.models import CatalogueIndexPage, CatalogueItemPage
from cms.pathways import sync_pathway_steps
from demo.workflow import advance
from tests.accreditation.factories import dossier as make_dossier
from tests.accreditation.factories import organisation, provider_member

pytestmark = pytest.mark.django_db


def add_item(language, *, org, title, status="active", hours=60, counts_toward=()):
    """A catalogue page written directly, for tests about reading pages, not publishing."""
    index = CatalogueIndexPage.objects.get(locale__language_code=language)
    key = uuid.uuid4()
    page = index.add_child(
        instance=CatalogueItemPage(
            title=title,
            slug=key.hex[:12],
            credential_id=key,
            dossier_id=1,
            status=status,
            provider_name=org.name_en if language == "en" else org.name_ja,
            provider_slug=org.slug,
            field_of_study="Digital" if language == "en" else "情報",
            total_hours=hours,
            valid_from=datetime.date(2026, 1, 1),
            valid_until=datetime.date(2029, 3, 31),
            accredited_on=datetime.date(2026, 1, 1),
            content={"stackability": {"stand_alone": True, "counts_toward": list(counts_toward)}},
        )
    )
    return sync_pathway_steps(page)


@pytest.fixture
def university(db):
    org = organisation(
        slug="tohoku",
        name_en="Tohoku University",
        name_ja="東北大学",
        kind=ProviderKind.NATIONAL_UNIVERSITY,
        website="https://www.tohoku.ac.jp/",
    )
    return services.organisation_update(
        actor=provider_member(org, MemberRole.MANAGER),
        organisation=org,
        quality_assurance_type=QualityAssurance.CERTIFIED_EVALUATION,
    )


@pytest.fixture
def catalogue(university):
    """The university: two certified items, one suspended, one revoked; a company with one
    certified item; a third organisation with no item at all."""
    company = organisation(slug="acme", name_en="Acme Learning", name_ja="アクメ学習")
    organisation(slug="idle", name_en="Idle Org", name_ja="休眠組織")
    for language in ("en", "ja"):
        add_item(language, org=university, title=f"Data science {language}")
        add_item(language, org=university, title=f"Statistics {language}", hours=45)
        add_item(language, org=university, title=f"Ethics {language}", status="suspended")
        add_item(language, org=university, title=f"Old course {language}", status="revoked")
        add_item(language, org=company, title=f"Sales {language}")
    return university, company


def test_the_list_shows_providers_with_certified_items_sorted_by_name(client, catalogue):
    response = client.get("/en/providers/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Acme Learning") < html.index("Tohoku University")
    assert 'href="/en/providers/tohoku/"' in html
    assert "2 certified items" in html  # the suspended and revoked items are not counted
    assert "1 certified item<" in html
    assert "National university · " in html
    assert "Idle Org" not in html


def test_the_list_in_japanese(client, catalogue):
    html = client.get("/ja/providers/").content.decode()
    assert '<html lang="ja">' in html
    assert "東北大学" in html and "アクメ学習" in html
    assert "Tohoku University" not in html
    assert 'href="/ja/providers/tohoku/"' in html
    assert "国立大学" in html  # the provider type, translated


def test_a_provider_without_certified_items_is_not_listed_but_keeps_its_page(client, university):
    add_item("en", org=university, title="Lapsed course", status="expired")
    assert "Tohoku University" not in client.get("/en/providers/").content.decode()
    html = client.get("/en/providers/tohoku/").content.decode()
    assert "This provider has no certified item today." in html
    assert "Certification expired on 31 March 2029." in html


def test_the_profile_shows_the_public_facts_and_certified_items_first(client, catalogue):
    response = client.get("/en/providers/tohoku/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Tohoku University</h1>" in html
    assert "National university" in html
    assert 'href="https://www.tohoku.ac.jp/"' in html
    assert "Certified evaluation (認証評価)" in html
    data = CatalogueItemPage.objects.get(title="Data science en")
    assert f'href="{data.url}"' in html
    assert "45 hours" in html and "valid until 31 March 2029" in html
    certified, lapsed = html.split('<h2 id="lapsed-items">No longer certified</h2>')
    assert "Data science en" in certified and "Statistics en" in certified
    assert "Ethics en" not in certified and "Old course en" not in certified
    assert '<span class="badge suspended">Suspended</span>' in lapsed
    assert '<span class="badge revoked">Revoked</span>' in lapsed
    assert "Certification revoked." in lapsed
    assert "Sales en" not in html  # the other provider's item


def test_the_profile_in_japanese(client, catalogue):
    html = client.get("/ja/providers/tohoku/").content.decode()
    assert "<h1>東北大学</h1>" in html
    assert "Data science ja" in html and "Data science en" not in html
    assert '<span class="badge suspended">一時停止</span>' in html
    assert '<span class="badge revoked">取消</span>' in html
    assert "Tohoku University" not in html


@pytest.mark.parametrize(
    ("language", "country", "label"), [("ja", "日本", "国"), ("en", "Japan", "Country")]
)
def test_the_country_is_named_in_the_pages_language_not_coded(
    client, catalogue, language, country, label
):
    listing = client.get(f"/{language}/providers/").content.decode()
    profile = client.get(f"/{language}/providers/tohoku/").content.decode()
    assert f"· {country}</p>" in listing
    assert f"<dt>{label}</dt><dd>{country}</dd>" in profile
    for html in (listing, profile):
        assert not re.search(r"(?<![A-Za-z])JP(?![A-Za-z])", html)


def test_the_profile_never_names_members_reviewers_or_staff(client, people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    advance(dossier, DossierState.AWAITING_DECISION, people.cast())
    services.dossier_decide(
        actor=people.committee, dossier=dossier, outcome="approved", rationale="Meets all."
    )
    publishing.sync_item(dossier.credential_id)
    html = client.get("/en/providers/org-a/").content.decode()
    assert "Introduction to Data Science" in html
    reviewer = people.reviewer.user
    for person in (people.provider_a, people.committee, reviewer, people.secretariat):
        assert person.email not in html
        assert person.last_name not in html


@pytest.mark.parametrize("path", ["/en/providers/nobody/", "/en/providers/idle/"])
def test_unknown_providers_and_providers_without_items_are_404(client, catalogue, path):
    assert client.get(path).status_code == 404


def test_a_provider_only_in_the_other_language_is_404(client, university):
    add_item("ja", org=university, title="日本語のみ")
    assert client.get("/ja/providers/tohoku/").status_code == 200
    assert client.get("/en/providers/tohoku/").status_code == 404


def test_an_unpublished_page_is_not_shown(client, catalogue):
    CatalogueItemPage.objects.get(title="Statistics en").unpublish()
    html = client.get("/en/providers/tohoku/").content.decode()
    assert "Statistics en" not in html
    assert "1 certified item<" in client.get("/en/providers/").content.decode()


def test_the_item_page_links_to_its_provider(client, catalogue):
    page = CatalogueItemPage.objects.get(title="Data science en")
    html = client.get(page.url).content.decode()
    assert '<a href="/en/providers/tohoku/">Tohoku University</a>' in html


def test_the_navigation_links_to_providers_and_pathways(client, catalogue):
    html = client.get("/en/providers/").content.decode()
    assert '<a href="/en/providers/" aria-current="page">Providers</a>' in html
    assert '<a href="/en/pathways/">Pathways</a>' in html


@pytest.mark.parametrize("count", [3, 40])
def test_the_pages_run_a_constant_number_of_queries(
    client, django_assert_max_num_queries, university, count
):
    others = [organisation() for _ in range(3)]
    for n in range(count):
        add_item("en", org=university, title=f"Item {n}", status=("active", "expired")[n % 2])
        add_item("en", org=others[n % 3], title=f"Other {n}")
    with django_assert_max_num_queries(6):
        listing = client.get("/en/providers/")
    with django_assert_max_num_queries(8):
        profile = client.get("/en/providers/tohoku/")
    assert listing.content.decode().count('<li class="card">') == 4
    assert profile.content.decode().count("<h3>") == count
