"""The sitemap lists the public pages of both languages; the Atom feed the newest items."""

import datetime
import hashlib
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from accreditation import services
from accreditation.models import DossierState
from cms import feeds, publishing
from cms.models import CatalogueItemPage
from demo.workflow import advance
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def publish(people, title_en, title_ja):
    dossier = make_dossier(
        people.org_a, author=people.provider_a, title={"ja": title_ja, "en": title_en}
    )
    advance(dossier, DossierState.AWAITING_DECISION, people.cast())
    services.dossier_decide(
        actor=people.committee, dossier=dossier, outcome="approved", rationale="Meets all."
    )
    publishing.sync_item(dossier.credential_id)
    return CatalogueItemPage.objects.filter(translation_key=dossier.credential_id)


@pytest.fixture
def three_items(people):
    """Three items accredited on three days, the middle one since suspended."""
    titles = [("Newest course", "最新の講座"), ("Suspended course", "停止中の講座")]
    titles.append(("Old course", "古い講座"))
    items = []
    for days_ago, (en, ja) in enumerate(titles):
        pages = publish(people, en, ja)
        pages.update(accredited_on=datetime.date(2026, 5, 20) - datetime.timedelta(days=days_ago))
        items.append(pages)
    items[1].update(status="suspended")
    return items


def test_the_sitemap_lists_every_public_page_in_both_languages(client, three_items):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in ET.fromstring(response.content).iter(f"{SITEMAP}url")
    }
    paths = {loc.split("://", 1)[1].split("/", 1)[1]: lastmod for loc, lastmod in urls.items()}
    assert {"ja/", "en/", "ja/catalogue/", "en/catalogue/", "ja/about/", "en/about/"} <= set(paths)
    for pages in three_items:  # the suspended item keeps its page, so it is listed too
        for page in pages:
            assert page.url.lstrip("/") in paths
            assert paths[page.url.lstrip("/")], "every page has its lastmod"
    # ...and the provider and pathway lists of both languages and org-a's two profiles.
    assert {"ja/providers/org-a/", "en/providers/org-a/", "en/pathways/"} <= set(paths)
    # homes and catalogues, editorial pages, items, provider and pathway lists and profiles
    assert len(paths) == 4 + 8 + 6 + 6


def test_the_sitemap_leaves_out_unpublished_pages(client, three_items):
    three_items[0].get(locale__language_code="en").unpublish()
    body = client.get("/sitemap.xml").content.decode()
    assert "newest-course" in body  # the Japanese page still is published
    assert body.count("newest-course") == 1


def entries(client, language):
    response = client.get(reverse("certified_feed", kwargs={"language": language}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


def test_the_atom_feed_lists_certified_items_newest_first_in_its_language(client, three_items):
    feed, items = entries(client, "en")
    assert feed.get(XML_LANG) == "en"
    assert feed.findtext(f"{ATOM}title") == "Newly certified micro-credentials"
    assert [entry.findtext(f"{ATOM}title") for entry in items] == ["Newest course", "Old course"]
    newest = three_items[0].get(locale__language_code="en")
    first = items[0]
    assert first.find(f"{ATOM}link").get("href") == f"http://testserver{newest.url}"
    assert first.findtext(f"{ATOM}summary") == "The basics of data analysis."
    assert first.findtext(f"{ATOM}published").startswith("2026-05-20T00:00:00")
    assert first.findtext(f"{ATOM}updated")
    assert first.findtext(f"{ATOM}id") == f"urn:uuid:{newest.credential_id}"


def test_the_japanese_feed_speaks_japanese_whatever_the_browser_says(client, three_items):
    client.cookies["django_language"] = "en"
    feed, items = entries(client, "ja")
    assert feed.get(XML_LANG) == "ja"
    assert [entry.findtext(f"{ATOM}title") for entry in items] == ["最新の講座", "古い講座"]
    assert "/ja/catalogue/" in items[0].find(f"{ATOM}link").get("href")


def test_the_feed_keeps_the_fifty_newest(client, people, monkeypatch, three_items):
    monkeypatch.setattr(feeds, "FEED_LENGTH", 1)
    _, items = entries(client, "en")
    assert [entry.findtext(f"{ATOM}title") for entry in items] == ["Newest course"]


def test_an_unknown_language_has_no_feed(client):
    assert client.get("/feeds/certified.fr.atom").status_code == 404


def test_the_catalogue_index_links_its_feed(client):
    html = client.get("/en/catalogue/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Newly certified micro-credentials" href="/feeds/certified.en.atom">'
    ) in html


def test_the_feed_and_the_sitemap_run_a_constant_number_of_queries(
    client, people, three_items, django_assert_max_num_queries
):
    url = reverse("certified_feed", kwargs={"language": "en"})
    client.get(url)  # warm the site root paths cache
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    few = len(few.captured_queries)  # the log is reset by the next request
    with django_assert_max_num_queries(12) as few_sitemap:
        client.get("/sitemap.xml")
    few_sitemap = len(few_sitemap.captured_queries)
    for n in range(3):
        publish(people, f"More course {n}", f"追加の講座{n}")
    with django_assert_max_num_queries(few):
        client.get(url)
    with django_assert_max_num_queries(few_sitemap):
        client.get("/sitemap.xml")


@pytest.mark.parametrize("path", ["/sitemap.xml", "/feeds/certified.en.atom"])
def test_crawlers_and_feed_readers_revalidate_by_etag(client, three_items, path):
    response = client.get(path)
    assert response["ETag"] == f'"{hashlib.md5(response.content).hexdigest()}"'
    assert "public" in response["Cache-Control"]
    not_modified = client.get(path, headers={"If-None-Match": response["ETag"]})
    assert (not_modified.status_code, not_modified.content) == (304, b"")
