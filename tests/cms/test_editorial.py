"""Editorial pages (about, the standard, how to apply, for reviewers) and the home page that
explains the register."""

import datetime
import uuid

import pytest
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms import editorial_content
from cms.models import CatalogueIndexPage, CatalogueItemPage, EditorialPage
from cms.site import ensure_site
from tests.accreditation.factories import with_second_factor

pytestmark = pytest.mark.django_db
SLUGS = ["about", "standard", "how-to-apply", "for-reviewers"]


def editorial(language, slug):
    return EditorialPage.objects.get(locale__language_code=language, slug=slug)


def test_ensure_site_creates_each_page_once_in_both_languages_as_translations():
    ensure_site()
    ensure_site()

    pages = EditorialPage.objects.live().order_by("path")
    assert pages.count() == 8
    for slug in SLUGS:
        ja, en = editorial("ja", slug), editorial("en", slug)
        assert ja.translation_key == en.translation_key
        assert ja.url == f"/ja/{slug}/"
        assert en.url == f"/en/{slug}/"
    assert [page.title for page in pages.filter(locale__language_code="en")] == [
        "About the register",
        "The standard",
        "How to apply",
        "For reviewers",
    ]
    assert editorial("ja", "standard").title == "認証基準"


def test_a_staff_edit_survives_ensure_site():
    page = editorial("en", "about")
    page.body = [{"type": "paragraph", "value": "<p>Edited by the secretariat.</p>"}]
    page.save_revision().publish()

    ensure_site()

    page = editorial("en", "about")
    assert [block.block_type for block in page.body] == ["paragraph"]
    assert "Edited by the secretariat." in page.body[0].value.source
    assert EditorialPage.objects.count() == 8


def test_a_missing_translation_is_recreated_with_the_same_translation_key():
    key = editorial("ja", "how-to-apply").translation_key
    editorial("en", "how-to-apply").delete()

    ensure_site()

    assert editorial("en", "how-to-apply").translation_key == key
    assert EditorialPage.objects.count() == 8


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_each_page_is_served_in_its_language(client, language, slug):
    data = next(page for page in editorial_content.PAGES if page["slug"] == slug)[language]

    response = client.get(f"/{language}/{slug}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{data['title']}</h1>" in html
    assert data["summary"] in html
    first_heading = next(value for kind, value in data["body"] if kind == "heading")
    assert f"<h2>{first_heading}</h2>" in html


def test_the_standard_quotes_the_rubric_and_the_pass_rule(client):
    html = client.get("/en/standard/").content.decode()
    assert "No aim, target learners or need is stated." in html  # rubric v1, purpose, 0
    assert "Outcomes are linked to a skills taxonomy (ESCO or similar)." in html
    assert "mean of the reviewers&#x27; scores is at least 2" in html or (
        "mean of the reviewers' scores is at least 2" in html
    )
    ja = client.get("/ja/standard/").content.decode()
    assert "目的・対象者・社会的ニーズの記述がない。" in ja
    assert "平均が2以上" in ja


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_page_links_to_the_editorial_pages_of_its_language(client, language):
    html = client.get(f"/{language}/catalogue/").content.decode()
    for slug in SLUGS:
        assert f'href="/{language}/{slug}/"' in html


def admin_edit_form(page, **changes):
    """The Wagtail admin's edit form for an editorial page, as a browser posts it."""
    fields = {
        "title": page.title,
        "summary": page.summary,
        "body": streamfield(
            [
                ("heading", "Our committee"),
                ("paragraph", rich_text("<p>Nine members, renewed every three years.</p>")),
            ]
        ),
        "seo_title": "",
        "search_description": page.search_description,
        "action-publish": "publish",
    }
    fields.update(changes)
    return nested_form_data(fields)


def test_the_secretariat_edits_and_publishes_a_page_in_the_wagtail_admin(
    client, reference_data, people
):
    page = editorial("en", "about")
    client.force_login(people.secretariat)
    edit_url = f"/cms-admin/pages/{page.pk}/edit/"
    assert client.get(edit_url).status_code == 200

    response = client.post(
        edit_url, admin_edit_form(page, title="About us", slug="moved-elsewhere")
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "About us"
    assert page.slug == "about"  # the slug is not in the form: the footer's links hold
    html = client.get("/en/about/").content.decode()
    assert "<h1>About us</h1>" in html
    assert "<h2>Our committee</h2>" in html
    assert "Nine members, renewed every three years." in html
    assert editorial("ja", "about").title == "この登録簿について"


def test_the_secretariat_cannot_edit_the_catalogue_in_the_wagtail_admin(
    client, reference_data, people
):
    catalogue = CatalogueIndexPage.objects.get(locale__language_code="en")
    client.force_login(people.secretariat)
    response = client.get(f"/cms-admin/pages/{catalogue.pk}/edit/")
    assert response.status_code in (302, 403)
    assert client.get("/cms-admin/").status_code == 200


def test_a_revision_published_by_a_superuser_reaches_the_public_page(client, django_user_model):
    admin = django_user_model.objects.create_superuser(
        username="root", email="root@example.org", password="x"
    )
    page = editorial("ja", "for-reviewers")
    client.force_login(with_second_factor(admin))
    assert client.get(f"/cms-admin/pages/{page.pk}/edit/").status_code == 200

    page.summary = "審査員募集中です。"
    page.save_revision(user=admin).publish()

    assert "審査員募集中です。" in client.get("/ja/for-reviewers/").content.decode()


def certify(language, title, accredited_on, *, status="active"):
    index = CatalogueIndexPage.objects.get(locale=Locale.objects.get(language_code=language))
    key = uuid.uuid4()
    page = CatalogueItemPage(
        title=title,
        slug=key.hex[:12],
        credential_id=key,
        translation_key=key,
        locale=index.locale,
        dossier_id=1,
        status=status,
        provider_name="Org A",
        provider_slug="org-a",
        field_of_study="Digital",
        total_hours=30,
        valid_from=accredited_on,
        valid_until=accredited_on.replace(year=accredited_on.year + 3),
        accredited_on=accredited_on,
    )
    return index.add_child(instance=page)


def test_the_home_page_shows_the_five_latest_certified_items_and_the_count(client):
    for day in range(1, 8):
        certify("en", f"Course {day}", datetime.date(2026, 3, day))
    certify("en", "Suspended course", datetime.date(2026, 4, 1), status="suspended")
    certify("ja", "日本語の講座", datetime.date(2026, 4, 2))

    response = client.get("/en/")

    assert response.status_code == 200
    latest = [item.title for item in response.context["latest_items"]]
    assert latest == ["Course 7", "Course 6", "Course 5", "Course 4", "Course 3"]
    assert response.context["certified_count"] == 7
    html = response.content.decode()
    assert "7 micro-credentials are certified today." in html
    assert "Course 7" in html and "Course 2" not in html and "Suspended course" not in html
    assert 'action="/en/catalogue/"' in html and 'name="q"' in html
    assert 'href="/en/statistics/"' in html
    for slug in SLUGS:
        assert f'href="/en/{slug}/"' in html


def test_the_home_page_in_japanese_lists_its_own_items(client):
    certify("ja", "データ分析入門", datetime.date(2026, 4, 2))
    certify("en", "English only", datetime.date(2026, 4, 3))

    response = client.get("/ja/")

    assert [item.title for item in response.context["latest_items"]] == ["データ分析入門"]
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "この登録簿について" in html


def test_the_home_page_runs_the_same_queries_whatever_the_catalogue_size(
    client, django_assert_max_num_queries
):
    def home_queries():
        client.get("/en/")  # warm the site-root cache, as any running site has
        with django_assert_max_num_queries(11) as captured:
            assert client.get("/en/").status_code == 200
        return len(captured)

    for day in range(1, 3):
        certify("en", f"Course {day}", datetime.date(2026, 3, day))
    small = home_queries()
    for day in range(3, 29):
        certify("en", f"Course {day}", datetime.date(2026, 3, day))
    assert home_queries() == small
