from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accreditation.notifications import remember_language


@require_POST
def set_language(request):
    """Django's set_language, which also translates a /ja/… or /en/… `next` whatever the
    current language is.

    Django resolves `next` in the request's language, which for this non-prefixed URL comes
    from the cookie or the browser; a /ja/ page then does not resolve for an English browser
    and the switch silently stays on the Japanese page. Resolving in the page's own language
    fixes that.

    A signed-in person's choice is also kept in their profile: their emails follow it.
    """
    page_language = translation.get_language_from_path(request.POST.get("next", ""))
    if page_language:
        translation.activate(page_language)
    response = django_set_language(request)
    remember_language(request.user, request.POST.get("language"))
    return response
