"""Approval publishes the item in the catalogue, once per language, after the commit."""

import pytest
from django.urls import reverse

from accreditation import services
from accreditation.models import DossierState
from cms import publishing
from cms.models import CatalogueItemPage
from cms.tasks import sync_catalogue_item
from demo.workflow import advance
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState


def item_pages(dossier):
    return CatalogueItemPage.objects.filter(translation_key=dossier.credential_id)


@pytest.fixture
def awaiting(people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    return advance(dossier, S.AWAITING_DECISION, people.cast())


def approve(people, dossier):
    return services.dossier_decide(
        actor=people.committee, dossier=dossier, outcome="approved", rationale="Meets all."
    )


def test_approval_publishes_on_commit_one_page_per_language(
    people, awaiting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        approve(people, awaiting)
    assert item_pages(awaiting).count() == 0  # nothing before the commit
    for callback in callbacks:
        callback()
    pages = {p.locale.language_code: p for p in item_pages(awaiting).select_related("locale")}
    assert set(pages) == {"ja", "en"}
    assert pages["ja"].title == "データサイエンス入門"
    assert pages["en"].title == "Introduction to Data Science"
    assert pages["en"].live
    assert pages["en"].status == "active"
    assert pages["en"].provider_name == "Org A"
    assert pages["ja"].provider_name == "組織A"
    assert pages["en"].url == f"/en/catalogue/{pages['en'].slug}/"


def test_the_publishing_task_is_idempotent(people, awaiting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approve(people, awaiting)
    assert sync_catalogue_item(awaiting.pk) == 2
    assert sync_catalogue_item(awaiting.pk) == 2
    assert item_pages(awaiting).count() == 2
    assert item_pages(awaiting).filter(locale__language_code="ja").count() == 1


def test_nothing_is_published_without_approval(people, awaiting):
    assert publishing.sync_item(awaiting.credential_id) == []
    assert sync_catalogue_item(awaiting.pk) == 0
    assert item_pages(awaiting).count() == 0


def test_lifecycle_events_update_the_page_in_place(
    people, awaiting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(people, awaiting)
    page_ids = set(item_pages(awaiting).values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_suspend(actor=people.committee, dossier=awaiting, note="Complaint.")
    assert set(item_pages(awaiting).values_list("status", flat=True)) == {"suspended"}
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_reinstate(actor=people.committee, dossier=awaiting, note="Resolved.")
    assert set(item_pages(awaiting).values_list("status", flat=True)) == {"active"}
    assert set(item_pages(awaiting).values_list("pk", flat=True)) == page_ids


def test_catalogue_index_lists_certified_items_only(client, people, awaiting):
    other = make_dossier(
        people.org_a,
        author=people.provider_a,
        title={"ja": "停止中の講座", "en": "Suspended course"},
    )
    advance(other, S.SUSPENDED, people.cast())
    approve(people, awaiting)  # eager Celery: on commit runs at the end of the test's block
    publishing.sync_item(awaiting.credential_id)
    response = client.get("/en/catalogue/")
    assert response.status_code == 200
    titles = [item.title for item in response.context["items"]]
    assert titles == ["Introduction to Data Science"]
    ja = client.get("/ja/catalogue/")
    assert [item.title for item in ja.context["items"]] == ["データサイエンス入門"]


def test_item_page_shows_the_six_fields_and_links_the_registry_document(client, people, awaiting):
    approve(people, awaiting)
    page = publishing.sync_item(awaiting.credential_id)[0]
    en_page = item_pages(awaiting).get(locale__language_code="en")
    html = client.get(en_page.url).content.decode()
    document_url = reverse(
        "registry:document",
        kwargs={"credential_id": awaiting.credential_id, "kind": "ob3-achievement"},
    )
    assert (
        f'<link rel="alternate" type="application/ld+json" '
        f'title="Open Badges 3.0 Achievement" href="{document_url}">'
    ) in html
    for heading in (
        "1. Purpose",
        "2. Learning hours and credits",
        "3. Content and method",
        "4. Level",
        "5. Assessment transparency",
        "6. Learning outcomes",
    ):
        assert heading in html
    assert "Org A" in html
    assert "Certified: valid from" in html
    assert page.credential_id == awaiting.credential_id


def test_catalogue_index_query_count_does_not_grow_with_items(
    client, people, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    def publish(n):
        for i in range(n):
            dossier = make_dossier(
                people.org_a,
                author=people.provider_a,
                title={"ja": f"講座{i}", "en": f"Course {i}"},
            )
            with django_capture_on_commit_callbacks(execute=True):
                advance(dossier, S.ACCREDITED, people.cast())

    publish(2)
    client.get("/en/")  # warm Wagtail's cached site paths, as any running server has them
    with django_assert_max_num_queries(30) as small:
        client.get("/en/catalogue/")
    publish(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/en/catalogue/")
    assert len(response.context["items"]) == 8


def test_a_stable_link_leads_to_the_item_page_in_the_readers_language(client, people, awaiting):
    approve(people, awaiting)
    publishing.sync_item(awaiting.credential_id)
    link = reverse("catalogue_item", args=[awaiting.credential_id])
    en_page = item_pages(awaiting).get(locale__language_code="en")
    assert client.get(link)["Location"] == en_page.url
    client.cookies["django_language"] = "ja"
    ja_page = item_pages(awaiting).get(locale__language_code="ja")
    assert client.get(link)["Location"] == ja_page.url


def test_the_stable_link_is_404_before_publication(client, awaiting):
    assert client.get(reverse("catalogue_item", args=[awaiting.credential_id])).status_code == 404
