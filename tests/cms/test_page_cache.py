"""Rendered public pages are cached for anonymous readers and dropped on every change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms import page_cache
from cms.models import CatalogueIndexPage
from tests.cms.test_jsonld import published

pytestmark = pytest.mark.django_db

CATALOGUE = "/en/catalogue/"


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_a_second_anonymous_reader_gets_the_stored_page_for_fewer_queries(client, reference_data):
    with CaptureQueriesContext(connection) as miss:
        first = get(client, CATALOGUE)
    with CaptureQueriesContext(connection) as hit:
        second = get(client, CATALOGUE)
    assert (first["X-Catalogue-Cache"], second["X-Catalogue-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    # Only Wagtail's routing (site, page by path) is left to do on a hit.
    assert len(hit.captured_queries) < len(miss.captured_queries)
    assert not any("cms_catalogueitempage" in q["sql"] for q in hit.captured_queries)


def test_publishing_an_item_drops_the_stored_pages(
    client, people, django_capture_on_commit_callbacks
):
    before = get(client, CATALOGUE)
    assert "Introduction to Data Science" not in before.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        published(people)
    after = get(client, CATALOGUE)
    assert after["X-Catalogue-Cache"] == "miss"
    assert "Introduction to Data Science" in after.content.decode()


def test_the_generation_moves_at_once_and_again_after_commit(django_capture_on_commit_callbacks):
    start = page_cache.generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page_cache.invalidate_catalogue()
    assert page_cache.generation() == start + 1
    for callback in callbacks:
        callback()
    assert page_cache.generation() == start + 2


def test_an_evicted_generation_still_invalidates(django_capture_on_commit_callbacks):
    first_key = page_cache.key("page", "x")
    cache.delete(page_cache.GENERATION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.invalidate_catalogue()
    assert page_cache.key("page", "x") != first_key


def test_wagtail_publish_and_unpublish_invalidate(
    reference_data, django_capture_on_commit_callbacks
):
    index = CatalogueIndexPage.objects.get(locale__language_code="en")
    start = page_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        index.save_revision().publish()
    assert page_cache.generation() > start
    start = page_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=index.pk).specific.unpublish()
    assert page_cache.generation() > start


def test_signed_in_readers_are_never_served_nor_stored(client, people, reference_data):
    client.force_login(people.provider_a)
    for _ in range(2):
        response = get(client, CATALOGUE)
        assert "X-Catalogue-Cache" not in response
    client.logout()
    client.cookies.clear()
    assert get(client, CATALOGUE)["X-Catalogue-Cache"] == "miss"


def test_pending_messages_skip_the_cache(client, reference_data):
    client.cookies["messages"] = "anything"
    assert "X-Catalogue-Cache" not in get(client, CATALOGUE)


def test_statistics_page_is_cached_too(client, reference_data):
    assert get(client, "/en/statistics/")["X-Catalogue-Cache"] == "miss"
    assert get(client, "/en/statistics/")["X-Catalogue-Cache"] == "hit"


def test_anonymous_pages_switch_language_by_links_and_set_no_cookie(client, reference_data):
    response = get(client, "/en/catalogue/?q=data")
    html = response.content.decode()
    assert 'href="/ja/catalogue/?q=data" hreflang="ja"' in html
    assert '<link rel="alternate" hreflang="ja" href="/ja/catalogue/?q=data">' in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies


def test_signed_in_readers_keep_the_language_form(client, people, reference_data):
    client.force_login(people.provider_a)
    html = get(client, CATALOGUE).content.decode()
    assert 'name="language"' in html and "csrfmiddlewaretoken" in html


def test_facet_counts_are_cached_per_filter_state_and_dropped_on_publish(
    client, people, reference_data, django_capture_on_commit_callbacks
):
    from cms import facets

    calls = []
    original = facets.CatalogueQuery.facets

    def counting(self, queryset):
        calls.append(self.params())
        return original(self, queryset)

    facets.CatalogueQuery.facets = counting
    try:
        client.cookies["sessionid"] = "x"  # a signed-in-like reader: the page is not cached
        client.get(CATALOGUE, {"mode": "online"})
        client.get(CATALOGUE, {"mode": "online", "sort": "newest"})  # same counts
        assert len(calls) == 1
        client.get(CATALOGUE, {"mode": "onsite"})
        assert len(calls) == 2
        with django_capture_on_commit_callbacks(execute=True):
            published(people)
        response = client.get(CATALOGUE, {"mode": "online"})
        assert len(calls) == 3
        assert "Introduction to Data Science" in response.content.decode()
    finally:
        facets.CatalogueQuery.facets = original
