from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from . import pathways, providers
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


@cache_public_view
def provider_list(request):
    """Providers with certified items, in the language of the URL."""
    return render(
        request, "cms/providers.html", {"providers": providers.certified_providers(get_language())}
    )


@cache_public_view
def provider_detail(request, slug):
    """A provider's public profile: its certified items, then those no longer certified."""
    profile = providers.provider_profile(get_language(), slug)
    if profile is None:
        raise Http404
    return render(request, "cms/provider.html", {"profile": profile})


@cache_public_view
def pathway_list(request):
    """Every qualification that certified items count toward."""
    return render(
        request, "cms/pathways.html", {"pathways": pathways.certified_pathways(get_language())}
    )


@cache_public_view
def pathway_detail(request, key):
    """One qualification and the certified items that count toward it."""
    detail = pathways.pathway_detail(get_language(), key)
    if detail is None:
        raise Http404
    return render(request, "cms/pathway.html", {"detail": detail})
