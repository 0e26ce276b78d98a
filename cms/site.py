"""The site's fixed structure: locales, home pages and catalogue indexes in ja and en.

`ensure_site()` is idempotent. It runs after every migrate and every flush (see apps.py), so
a fresh database, a test database and a transactional test's flushed database all serve
`/ja/catalogue/` and `/en/catalogue/`.
"""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from accreditation.post_migrate import is_final_app

from .models import CatalogueIndexPage, HomePage

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
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home_ja,
            is_default_site=True,
            site_name=HOME_TITLES["ja"],
        )
    elif site.root_page_id != home_ja.pk:
        site.root_page = home_ja
        site.save()
    return home_ja


def ensure_site_after_migrate(sender, **kwargs):
    if is_final_app(sender):
        ensure_site()
