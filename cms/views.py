from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import get_language

from .models import CatalogueItemPage


def item_by_credential(request, credential_id):
    """A stable link to an item's catalogue page in the reader's language, for pages that
    know the credential but not the page (the portal, the desk)."""
    pages = CatalogueItemPage.objects.live().filter(translation_key=credential_id)
    page = pages.filter(locale__language_code=get_language()).first() or pages.first()
    if page is None:
        raise Http404
    return redirect(page.url)
