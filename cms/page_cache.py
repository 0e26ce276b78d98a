"""A cache of the public site's rendered pages, dropped whole whenever the catalogue changes.

Every cache key carries the catalogue's *generation*, a number kept in the cache itself:
publishing, unpublishing or editing a page bumps it, at once and again after the transaction
commits (a request between the two may have cached the old state), and every page rendered
before is simply never looked up again. Cheap to invalidate, impossible to leave stale.

Only anonymous readers get cached pages: a signed-in user's header names them and carries a
CSRF token. A request is anonymous when it has no session and no pending messages; anonymous
pages carry no per-user data (the language switch is made of links for them, see base.html).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

GENERATION_KEY = "catalogue:generation"
#: How long a rendered page may be served: bounded even though invalidation is explicit, so
#: that dates relative to today (validity) are never more than this late.
TIMEOUT = 15 * 60


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted or never set: any new value invalidates as well
        cache.set(GENERATION_KEY, generation() + 1, timeout=None)


def invalidate_catalogue():
    """Forget every rendered page and facet count: now, for this transaction's own reads,
    and again once it commits, for what other requests cached in between."""
    _bump()
    transaction.on_commit(_bump)


def key(namespace: str, *parts) -> str:
    """A cache key valid for the current generation only."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    return f"catalogue:{namespace}:{generation()}:{digest}"


def is_cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
        and not getattr(request, "is_preview", False)
    )


def cached_response(request, render):
    """The rendered page from the cache, or `render()` stored for the next reader."""
    if not is_cacheable(request):
        return render()
    page_key = key("page", request.get_host(), request.get_full_path())
    stored = cache.get(page_key)
    if stored is not None:
        content, content_type = stored
        response = HttpResponse(content, content_type=content_type)
        response["X-Catalogue-Cache"] = "hit"
        return response
    response = render()
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    # A page that used a CSRF token or set a cookie belongs to its reader: never shared.
    if (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    ):
        cache.set(page_key, (response.content, response["Content-Type"]), TIMEOUT)
        response["X-Catalogue-Cache"] = "miss"
    return response


class CachedPageMixin:
    """For Wagtail pages whose content only changes when the catalogue does."""

    def serve(self, request, *args, **kwargs):
        def render():
            return super(CachedPageMixin, self).serve(request, *args, **kwargs)

        return cached_response(request, render)


def cache_public_view(view):
    """The same, for the Django views of the public site (statistics, providers...)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return cached_response(request, lambda: view(request, *args, **kwargs))

    return wrapped
