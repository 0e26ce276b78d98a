"""Publishing certified items as catalogue pages, one per language.

`sync_item` makes the pages say what the register says now: it creates them on the first
approval and updates them on every later lifecycle event (renewal, suspension, expiry...). It
is idempotent: run twice, it finds and updates the same two pages.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale

from accreditation import content as dossier_content
from accreditation.models import PUBLIC_STATUS, Dossier
from accreditation.selectors import current_public_records, public_facts, published_item

from . import search
from .facet_fields import facet_fields
from .models import CatalogueIndexPage, CatalogueItemPage
from .pathways import sync_pathway_steps


def item_slug(item):
    """Fixed at creation, so the public URL never changes, even if the title does."""
    title = slugify(dossier_content.text(item.content.get("title"), "en"))[:60].strip("-")
    short_id = item.credential_id.hex[:8]
    return f"{title}-{short_id}" if title else short_id


def page_fields(item, language):
    """The page's fields for one language, from the published item: its public facts
    (accreditation.selectors.public_facts), and what the catalogue adds to find it."""
    return {
        **public_facts(item, language),
        "dossier_id": item.dossier_id,
        "provider_slug": item.organisation.slug,
        "status_since": item.status_since and timezone.localdate(item.status_since),
        "search_description": dossier_content.text(item.content.get("summary"), language)[:500],
        "search_terms": search.index_text(item.content),
        **facet_fields(item, language),
    }


def out_of_date_credential_ids():
    """Items whose pages do not say what the register says: a language missing, another
    dossier (a renewal) or another status. Normally none; some when a publishing task was
    lost, for instance because the broker was down when the decision committed."""
    languages = set(CatalogueIndexPage.objects.values_list("locale__language_code", flat=True))
    shown = {}  # credential id -> {language: (dossier id, status)}
    pages = CatalogueItemPage.objects.values_list(
        "credential_id", "locale__language_code", "dossier_id", "status"
    )
    for credential_id, language, dossier_id, status in pages:
        shown.setdefault(credential_id, {})[language] = (dossier_id, status)
    return [
        credential_id
        for credential_id, (dossier_id, state) in current_public_records().items()
        if shown.get(credential_id) != dict.fromkeys(languages, (dossier_id, PUBLIC_STATUS[state]))
    ]


@transaction.atomic
def sync_item(credential_id):
    """Create or update the item's page in every catalogue language. Returns the pages."""
    # Serialise concurrent runs for the same item (two workers, a retry): lock its dossiers.
    list(Dossier.objects.select_for_update().filter(credential_id=credential_id))
    item = published_item(credential_id)
    if item is None:
        return []
    pages = []
    for index in CatalogueIndexPage.objects.select_related("locale"):
        pages.append(_sync_page(index, index.locale, item))
    # Saving the pages has dropped the cached pages (cms.apps: any page save does).
    return pages


def _sync_page(index, locale: Locale, item):
    fields = page_fields(item, locale.language_code)
    # Pages are written without revisions: this dates them for the sitemap and the feed.
    fields["last_published_at"] = timezone.now()
    page = CatalogueItemPage.objects.filter(
        translation_key=item.credential_id, locale=locale
    ).first()
    if page is None:
        page = CatalogueItemPage(
            credential_id=item.credential_id,
            translation_key=item.credential_id,
            locale=locale,
            slug=item_slug(item),
            **fields,
        )
        page = index.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
        page.save()
    return sync_pathway_steps(page)
