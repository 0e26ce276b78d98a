"""The public site's language links: /ja/… and /en/… are the same page in two languages."""

from django.conf import settings


def language_links(request):
    """[(code, local name, url)] for a public page, the same path under each language prefix;
    empty elsewhere (/portal/, /desk/…: there the language is a preference, set by a form).

    Links need no CSRF token, which keeps public pages free of per-reader data and cacheable
    (cms.page_cache). Item slugs, catalogue and editorial slugs are the same in both trees.
    """
    path = request.path
    current = next((code for code, _ in settings.LANGUAGES if path.startswith(f"/{code}/")), None)
    if current is None:
        return {"language_links": []}
    rest = path[len(current) + 2 :]
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    return {
        "language_links": [
            (code, name, f"/{code}/{rest}{suffix}") for code, name in settings.LANGUAGES
        ]
    }
