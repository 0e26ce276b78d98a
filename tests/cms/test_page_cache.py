"""Rendered public pages are cached for anonymous readers and dropped on every change."""

import hashlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms import page_cache
from cms.models import CatalogueIndexPage
from config.headers import policy
from tests.cms.test_jsonld import published

pytestmark = pytest.mark.django_db

CATALOGUE = "/en/catalogue/"


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_a_second_anonymous_reader_gets_the_stored_page_without_a_query(
    client, reference_data, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as miss:
        first = get(client, CATALOGUE)
    assert len(miss.captured_queries) > 0
    # Answered before sessions, routing and Wagtail's Site and page lookups.
    with django_assert_num_queries(0):
        second = get(client, CATALOGUE)
    assert (first["X-Catalogue-Cache"], second["X-Catalogue-Cache"]) == ("miss", "hit")
    assert second.content == first.content


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


# --- The middleware's answers: the same headers as a miss, validators, 304s -----------------

#: Headers a hit must repeat from the miss, set outside the view (the security middlewares)
#: and inside it (locale, clickjacking, the view's own and the cache's).
PAGE_HEADERS = {
    "Content-Type",
    "Content-Length",
    "Content-Language",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Vary",
    "Cache-Control",
    "ETag",
}


def headers(response):
    return {name: value for name, value in response.headers.items() if name != "X-Catalogue-Cache"}


def cache_control(response):
    return set(response.get("Cache-Control", "").replace(" ", "").split(","))


def test_a_hit_carries_every_header_of_the_miss(client, reference_data, settings):
    settings.PUBLIC_CACHE_MAX_AGE = 90
    miss = get(client, CATALOGUE)
    hit = get(client, CATALOGUE)
    assert (miss["X-Catalogue-Cache"], hit["X-Catalogue-Cache"]) == ("miss", "hit")
    assert headers(hit) == headers(miss)
    assert set(headers(hit)) >= PAGE_HEADERS
    assert hit["Content-Security-Policy"] == policy(CATALOGUE)
    assert (hit["Content-Language"], hit["X-Frame-Options"]) == ("en", "DENY")
    assert cache_control(hit) == {"public", "max-age=90"}
    assert "Cookie" in hit["Vary"]  # a signed-in reader is answered another page
    assert hit["ETag"] == f'"{hashlib.md5(hit.content).hexdigest()}"'


def test_each_filter_state_is_a_page_of_its_own(client, reference_data):
    assert get(client, CATALOGUE)["X-Catalogue-Cache"] == "miss"
    assert get(client, f"{CATALOGUE}?mode=online")["X-Catalogue-Cache"] == "miss"
    assert get(client, f"{CATALOGUE}?mode=onsite")["X-Catalogue-Cache"] == "miss"
    assert get(client, f"{CATALOGUE}?mode=online")["X-Catalogue-Cache"] == "hit"
    assert get(client, "/ja/catalogue/")["X-Catalogue-Cache"] == "miss"


def test_a_current_copy_is_answered_304_without_a_query(
    client, reference_data, django_assert_num_queries
):
    etag = get(client, CATALOGUE)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(CATALOGUE, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert cache_control(response) == {"public", "max-age=60"}
    assert response["Content-Security-Policy"] == policy(CATALOGUE)
    assert "Cookie" in response["Vary"]


def test_a_copy_of_another_page_gets_the_page(client, reference_data):
    other = get(client, "/ja/catalogue/")["ETag"]
    response = client.get(CATALOGUE, headers={"If-None-Match": other})
    assert response.status_code == 200
    assert response["ETag"] != other


def test_a_page_rendered_again_with_the_same_bytes_still_answers_304(client, reference_data):
    etag = get(client, CATALOGUE)["ETag"]
    page_cache.invalidate_catalogue()  # an unrelated edit: a miss, the same page
    response = client.get(CATALOGUE, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert get(client, CATALOGUE)["X-Catalogue-Cache"] == "hit"  # and it was stored again


def test_a_publication_changes_the_etag(client, people, django_capture_on_commit_callbacks):
    before = get(client, CATALOGUE)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        published(people)
    after = client.get(CATALOGUE, headers={"If-None-Match": before})
    assert after.status_code == 200
    assert "Introduction to Data Science" in after.content.decode()
    assert after["ETag"] not in (before, None)


def test_head_is_answered_from_the_cache_and_conditionally(
    client, reference_data, django_assert_num_queries
):
    page = get(client, CATALOGUE)
    with django_assert_num_queries(0):
        head = client.head(CATALOGUE)
        current = client.head(CATALOGUE, headers={"If-None-Match": page["ETag"]})
    assert (head.status_code, head.content, head["X-Catalogue-Cache"]) == (200, b"", "hit")
    assert headers(head) == headers(page)
    assert (current.status_code, current["ETag"]) == (304, page["ETag"])


def test_a_head_miss_stores_the_page_for_get(client, reference_data):
    head = client.head(CATALOGUE)
    assert (head.status_code, head["X-Catalogue-Cache"]) == (200, "miss")
    page = get(client, CATALOGUE)
    assert page["X-Catalogue-Cache"] == "hit"
    assert page["ETag"] == head["ETag"] == f'"{hashlib.md5(page.content).hexdigest()}"'


def test_a_signed_in_reader_gets_a_private_page_and_no_304_for_the_shared_copy(
    client, people, reference_data
):
    etag = get(client, CATALOGUE)["ETag"]
    client.force_login(people.provider_a)
    response = client.get(CATALOGUE, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert cache_control(response) == {"private", "no-store"}
    assert "ETag" not in response and "Cookie" in response["Vary"]


def test_a_reader_with_a_session_but_signed_out_gets_a_private_page(client, reference_data):
    client.cookies["sessionid"] = "expired"
    response = get(client, CATALOGUE)
    assert "X-Catalogue-Cache" not in response
    assert "public" not in cache_control(response) and "private" in cache_control(response)


def test_a_request_with_credentials_skips_the_cache(client, reference_data):
    get(client, CATALOGUE)
    response = client.get(CATALOGUE, headers={"Authorization": "Token anything"})
    assert response.status_code == 200
    assert "X-Catalogue-Cache" not in response


def test_a_preview_is_never_shared(rf):
    request = rf.get(CATALOGUE)
    request.is_preview = True
    response = page_cache.shareable(request, HttpResponse("draft"))
    assert not getattr(response, page_cache.SHAREABLE, False)
    assert cache_control(response) == {"private"}


def test_a_publication_while_rendering_leaves_that_page_unserved(
    client, reference_data, monkeypatch
):
    """The key is taken before rendering: a page rendered across a publication is stored under
    the generation it started in, which no later reader looks up."""
    from cms import views

    original = views.catalogue_statistics

    def publishing_meanwhile(language):
        counted = original(language)
        page_cache.invalidate_catalogue()
        return counted

    monkeypatch.setattr(views, "catalogue_statistics", publishing_meanwhile)
    assert get(client, "/en/statistics/")["X-Catalogue-Cache"] == "miss"
    monkeypatch.setattr(views, "catalogue_statistics", original)
    assert get(client, "/en/statistics/")["X-Catalogue-Cache"] == "miss"
    assert get(client, "/en/statistics/")["X-Catalogue-Cache"] == "hit"


def test_the_cache_answers_inside_the_security_headers(settings):
    """Outside it, a hit would miss the Content-Security-Policy; after the sessions, it would
    read them (a query for a signed-in reader's cookie) before answering."""
    order = settings.MIDDLEWARE
    position = order.index("cms.page_cache.PageCacheMiddleware")
    assert order.index("config.headers.SecurityHeadersMiddleware") < position
    assert order.index("django.middleware.security.SecurityMiddleware") < position
    assert position < order.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert position < order.index("config.middleware.LocaleMiddleware")


def test_paths_outside_the_public_site_cost_no_cache_read(client, db, monkeypatch):
    looked_up = []
    monkeypatch.setattr(page_cache, "page_key", lambda request: looked_up.append(request.path))
    client.get("/healthz")
    client.get("/registry/status/revocation")
    assert looked_up == []
    client.get("/en/statistics/")
    assert looked_up == ["/en/statistics/"]


def test_invented_query_strings_cannot_fill_the_cache(client, reference_data, settings):
    settings.PUBLIC_PAGE_CACHE_ENTRIES = 3
    assert get(client, CATALOGUE)["X-Catalogue-Cache"] == "miss"  # the page and its facets
    assert get(client, f"{CATALOGUE}?x=1")["X-Catalogue-Cache"] == "miss"  # the third entry
    assert "X-Catalogue-Cache" not in get(client, f"{CATALOGUE}?x=2")  # rendered, not stored
    assert "X-Catalogue-Cache" not in get(client, f"{CATALOGUE}?x=2")
    assert get(client, f"{CATALOGUE}?x=1")["X-Catalogue-Cache"] == "hit"  # stored ones stay
    assert get(client, CATALOGUE)["X-Catalogue-Cache"] == "hit"


def test_a_new_generation_starts_a_new_budget(client, reference_data, settings):
    settings.PUBLIC_PAGE_CACHE_ENTRIES = 2
    get(client, CATALOGUE)
    assert "X-Catalogue-Cache" not in get(client, f"{CATALOGUE}?x=1")
    page_cache.invalidate_catalogue()
    assert get(client, f"{CATALOGUE}?x=1")["X-Catalogue-Cache"] == "miss"
