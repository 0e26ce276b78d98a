from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from .models import CatalogueIndexPage, CatalogueItemPage
from .page_cache import cache_public_view
from .statistics import catalogue_statistics


def item_by_credential(request, credential_id):
    """A stable link to an item's catalogue page in the reader's language, for pages that
    know the credential but not the page (the portal, the desk)."""
    pages = CatalogueItemPage.objects.live().filter(translation_key=credential_id)
    page = pages.filter(locale__language_code=get_language()).first() or pages.first()
    if page is None:
        raise Http404
    return redirect(page.url)


@cache_public_view
def statistics(request):
    """The public statistics page, in the language of its URL (/ja/statistics/, /en/...)."""
    language = get_language()
    total, breakdowns = catalogue_statistics(language)
    catalogue = CatalogueIndexPage.objects.live().filter(locale__language_code=language).first()
    return render(
        request,
        "cms/statistics.html",
        {"total": total, "breakdowns": breakdowns, "catalogue": catalogue},
    )
