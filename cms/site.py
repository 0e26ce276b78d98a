"""The site's fixed structure: locales, home pages, catalogue indexes and the editorial pages
(cms.editorial_content) in ja and en.

`ensure_site()` is idempotent. It runs after every migrate and every flush (see apps.py), so
a fresh database, a test database and a transactional test's flushed database all serve
`/ja/catalogue/` and `/en/catalogue/`. The Wagtail Site's host and port are SITE_URL's, the
register's one public address, so the sitemap and every absolute page URL agree with the
registry documents and the emails.
"""

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Locale, Page, Site

from accreditation import roles
from accreditation.post_migrate import is_final_app

from . import editorial_content
from .models import CatalogueIndexPage, EditorialPage, HomePage

HOME_TITLES = {"ja": "マイクロクレデンシャル認証登録簿", "en": "Micro-credential Register"}
HOME_INTROS = {
    "ja": "<p>第三者機関が認証したマイクロクレデンシャル（短期・評価付きの学習）の公開登録簿です。"
    "各項目は、目的・学習時間・内容と方法・レベル・アセスメントの透明性・学習成果の"
    "6つの標準項目について、認定審査員が審査し、認証委員会が決定したものです。</p>",
    "en": "<p>The public register of micro-credentials (short, assessed learning) certified "
    "by a third party. Each item was reviewed by accredited reviewers on six standard fields "
    "(purpose, learning hours, content and method, level, assessment transparency, learning "
    "outcomes) and approved by the accreditation committee.</p>",
}
CATALOGUE_TITLES = {"ja": "認証済みマイクロクレデンシャル", "en": "Certified micro-credentials"}
#: What the secretariat may do to an editorial page in the Wagtail admin. Granted on each
#: editorial page, never on a home page: a grant there would reach the catalogue's item pages
#: below it, which the publishing task owns.
EDITORIAL_PAGE_PERMISSIONS = ["change_page", "publish_page"]


def _child(parent, model, *, locale, translation_key=None, **fields):
    existing = model.objects.child_of(parent).filter(locale=locale).first()
    if existing is not None:
        return existing
    page = model(locale=locale, **fields)
    if translation_key is not None:
        page.translation_key = translation_key
    return parent.add_child(instance=page)


@transaction.atomic
def ensure_site():
    ja, _ = Locale.objects.get_or_create(language_code="ja")
    en, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=ja)
    )
    # Wagtail's initial migration leaves a placeholder "Welcome" page; the home page replaces it.
    root.get_children().exact_type(Page).filter(slug="home").delete()

    home_ja = _child(
        root, HomePage, locale=ja, title=HOME_TITLES["ja"], slug="home", intro=HOME_INTROS["ja"]
    )
    home_en = _child(
        root,
        HomePage,
        locale=en,
        translation_key=home_ja.translation_key,
        title=HOME_TITLES["en"],
        slug="home-en",
        intro=HOME_INTROS["en"],
    )
    catalogue_ja = _child(
        home_ja, CatalogueIndexPage, locale=ja, title=CATALOGUE_TITLES["ja"], slug="catalogue"
    )
    _child(
        home_en,
        CatalogueIndexPage,
        locale=en,
        translation_key=catalogue_ja.translation_key,
        title=CATALOGUE_TITLES["en"],
        slug="catalogue",
    )
    _editorial_pages({"ja": home_ja, "en": home_en})
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home_ja,
            is_default_site=True,
            site_name=HOME_TITLES["ja"],
        )
    elif (site.root_page_id, site.hostname, site.port) != (home_ja.pk, hostname, port):
        site.root_page, site.hostname, site.port = home_ja, hostname, port
        site.save()
    return home_ja


def site_address():
    """SITE_URL's host and port (80 or 443 when it names none), as Wagtail's Site keeps them."""
    url = urlsplit(settings.SITE_URL)
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)


def _editorial_pages(homes):
    """Create the editorial pages that are missing, never touching one that exists: after its
    creation a page's words are the secretariat's. A site that has them all (every migrate and
    every flush of a transactional test re-runs this) costs two queries more."""
    existing = {
        (page.slug, page.locale_id): page
        for home in homes.values()
        for page in EditorialPage.objects.child_of(home).only(
            "slug", "locale_id", "translation_key"
        )
    }
    created = []
    for data in editorial_content.PAGES:
        found = [existing.get((data["slug"], home.locale_id)) for home in homes.values()]
        keys = [page.translation_key for page in found if page is not None]
        translation_key = keys[0] if keys else uuid.uuid4()
        for (language, home), page in zip(homes.items(), found, strict=True):
            if page is not None:
                continue
            text = data[language]
            page = home.add_child(
                instance=EditorialPage(
                    locale_id=home.locale_id,
                    translation_key=translation_key,
                    title=text["title"],
                    slug=data["slug"],
                    summary=text["summary"],
                    search_description=text["summary"],
                    body=_stream(text["body"]),
                )
            )
            created.append(page)
    if created:
        _let_the_secretariat_edit(created)


def _let_the_secretariat_edit(pages):
    """Granted once, when a page is created: a grant staff later take away stays away."""
    group, _ = Group.objects.get_or_create(name=roles.SECRETARIAT)
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=EDITORIAL_PAGE_PERMISSIONS
        )
    )
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=group, page=page, permission=permission)
            for page in pages
            for permission in permissions
        ],
        ignore_conflicts=True,
    )


def _stream(blocks):
    """Body blocks as (type, value) pairs → StreamField raw data."""
    return [{"type": kind, "value": value} for kind, value in blocks]


def ensure_site_after_migrate(sender, **kwargs):
    if is_final_app(sender):
        ensure_site()
