"""Catalogue item pages for tests, inserted in bulk.

`Page.add_child` locks and rereads the parent for every page: thousands of pages take minutes.
`bulk_item_pages` computes the treebeard paths itself, inserts the Page rows in batches, then
the item rows (raw saves: the parent row exists already), and bumps the parent's numchild:
the tree is the one add_child would have built.
"""

import datetime
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from wagtail.models import Page

from accreditation.models import ProviderKind, PublicStatus
from cms import page_cache, search
from cms.facet_fields import facet_values
from cms.models import CatalogueIndexPage, CatalogueItemPage


def item_content(
    title="Data basics",
    *,
    field="digital",
    framework="JEQF",
    level=5,
    mode="online",
    languages=("ja",),
    stand_alone=True,
    fee=None,
):
    """A dossier's approved content, reduced to what the catalogue reads."""
    content = {
        "title": {"ja": title, "en": title},
        "summary": {"ja": "", "en": ""},
        "field_of_study": field,
        "level": {"framework": framework, "value": level},
        "content": {"topics": [], "delivery_mode": mode, "languages": list(languages)},
        "stackability": {"stand_alone": stand_alone, "counts_toward": []},
    }
    if fee is not None:
        content["fee"] = {"amount": fee[0], "currency": fee[1]}
    return content


def item_page(
    content=None,
    *,
    provider_kind=ProviderKind.PRIVATE_UNIVERSITY,
    **fields,
):
    """An unsaved item page with its facet columns computed as publishing computes them."""
    content = content or item_content()
    credential_id = uuid.uuid4()
    values = {
        "title": content["title"]["en"],
        "slug": credential_id.hex[:12],
        "credential_id": credential_id,
        "translation_key": credential_id,
        "dossier_id": 1,
        "status": PublicStatus.ACTIVE,
        "provider_name": "Org A",
        "provider_slug": "org-a",
        "total_hours": Decimal(30),
        "valid_from": datetime.date(2026, 4, 1),
        "valid_until": datetime.date(2029, 3, 31),
        "accredited_on": datetime.date(2026, 3, 1),
        "content": content,
        "search_terms": search.index_text(content),
        **facet_values(content, provider_kind),
        **fields,
    }
    return CatalogueItemPage(**values)


def bulk_item_pages(language, pages):
    """Insert unsaved item pages (see `item_page`) as live children of the language's
    catalogue index. Returns them saved."""
    index = CatalogueIndexPage.objects.get(locale__language_code=language)
    last = index.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(CatalogueItemPage)
    rows = []
    for offset, page in enumerate(pages, start=1):
        page.path = Page._get_path(index.path, index.depth + 1, step + offset)
        page.depth = index.depth + 1
        page.numchild = 0
        page.url_path = f"{index.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = index.locale_id
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        parent_fields = Page._meta.concrete_fields
        rows.append(Page(**{f.attname: getattr(page, f.attname) for f in parent_fields}))
    Page.objects.bulk_create(rows, batch_size=500)
    for page, row in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = row.pk
        page.save_base(raw=True, force_insert=True)
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(pages))
    # Inserted behind the signals' back: say what publishing says, the catalogue changed.
    page_cache.invalidate_catalogue()
    return pages
