"""A cache of the public site's rendered pages, dropped whole whenever the catalogue changes.

Every cache key carries the catalogue's *generation*, a number kept in the cache itself:
publishing, unpublishing or editing a page bumps it, at once and again after the transaction
commits (a request between the two may have cached the old state), and every page rendered
before is simply never looked up again. Cheap to invalidate, impossible to leave stale.

Only anonymous readers get cached pages: a signed-in user's header names them and carries a
CSRF token. A request is anonymous when it has no session, no pending messages and no
credentials; anonymous pages carry no per-user data (the language switch is made of links for
them, see base.html).

The views say which pages are the same for every anonymous reader (`CachedPageMixin`,
`cache_public_view`); `PageCacheMiddleware` stores them and answers the next reader before
sessions, URL routing and Wagtail's Site and page lookups: a hit costs no SQL query. It sits
inside config.headers.SecurityHeadersMiddleware and Django's SecurityMiddleware, which add their
headers to a hit as to a miss; it stores every header the view and the middleware after it set
(Content-Language, Vary, X-Frame-Options, Content-Length...), so a hit says what the miss said.
A stored page is public for HTTP caches too, with its ETag kept beside it, so a `304` to a
reader whose copy is current needs no rendering either (config/http_cache.py).

Every query string is a key of its own (`?mode=online&x=1` too), so what one generation may
store is bounded: PUBLIC_PAGE_CACHE_ENTRIES pages and facet counts. Past that, new variants
render as if there were no cache and the stored ones keep being served: a reader inventing
query strings cannot fill the cache, which Celery's broker shares in compose.yaml.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language_from_path

from config import http_cache

GENERATION_KEY = "catalogue:generation"
#: How long a rendered page may be served: bounded even though invalidation is explicit, so
#: that dates relative to today (validity) are never more than this late.
TIMEOUT = 15 * 60
#: The header that tells a stored page ("miss") from one served from the cache ("hit").
CACHE_STATUS = "X-Catalogue-Cache"
#: Set by a view on a response that is the same for every anonymous reader.
SHAREABLE = "same_for_every_anonymous_reader"


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


def within_budget() -> bool:
    """Count one more stored entry in this generation; False once PUBLIC_PAGE_CACHE_ENTRIES
    are stored (the count expires with the entries, and a new generation starts at zero)."""
    counter = f"catalogue:entries:{generation()}"
    cache.add(counter, 0, TIMEOUT)
    try:
        return cache.incr(counter) <= settings.PUBLIC_PAGE_CACHE_ENTRIES
    except ValueError:  # evicted between the two calls: count from here
        cache.add(counter, 1, TIMEOUT)
        return True


def page_key(request) -> str:
    """Host and full path, query string included: each filter state of the catalogue is a page
    of its own, and the path's /ja/ or /en/ says the language."""
    return key("response", request.get_host(), request.get_full_path())


def is_cacheable(request) -> bool:
    """Whether the request may be answered with, and its page stored as, the shared copy. Read
    from the request alone, before any middleware: cookies, not the session, decide."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not getattr(request, "is_preview", False)
    )


def shareable(request, response):
    """Mark the page a view rendered as the same for every anonymous reader, for the
    middleware to store; for any other reader it is theirs alone (it may show their messages),
    and no shared cache may keep it."""
    if is_cacheable(request):
        setattr(response, SHAREABLE, True)
    else:
        patch_cache_control(response, private=True)
    return response


class CachedPageMixin:
    """For Wagtail pages whose content only changes when the catalogue does."""

    def serve(self, request, *args, **kwargs):
        return shareable(request, super().serve(request, *args, **kwargs))


def cache_public_view(view):
    """The same, for the Django views of the public site (statistics, providers...)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return shareable(request, view(request, *args, **kwargs))

    return wrapped


class PageCacheMiddleware:
    """Answers anonymous readers from the page cache, and stores the pages views mark shareable.

    The key is computed before the page is rendered: a publication during the rendering moves
    the generation on, and the page, stored under the old one, is never served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable(request) or not _on_the_public_site(request):
            return self.get_response(request)
        stored_key = page_key(request)
        stored = cache.get(stored_key)
        if stored is not None:
            return http_cache.answer_conditionally(request, _replay(stored))
        response = self.get_response(request)
        if not _may_store(request, response) or not within_budget():
            return response
        _store(stored_key, response)
        return http_cache.answer_conditionally(request, response)


def _on_the_public_site(request):
    """The public site's pages all live under a language prefix (/ja/, /en/: i18n_patterns);
    the rest (/healthz, /api/, /registry/) is never looked up, and costs no cache read."""
    return get_language_from_path(request.path_info) is not None


def _may_store(request, response):
    """A page the view marked shareable, complete, and with nothing of its reader's: a page
    that used a CSRF token or set a cookie belongs to whoever asked."""
    return (
        getattr(response, SHAREABLE, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "is_preview", False)
    )


def _store(stored_key, response):
    """Keep the page with its headers, its ETag and public Cache-Control among them."""
    patch_vary_headers(response, ["Cookie"])  # a signed-in reader gets another page
    http_cache.mark_public(response)
    headers = list(response.headers.items())
    cache.set(stored_key, {"content": response.content, "headers": headers}, TIMEOUT)
    response[CACHE_STATUS] = "miss"


def _replay(stored):
    response = HttpResponse(stored["content"], headers=dict(stored["headers"]))
    response[CACHE_STATUS] = "hit"
    return response
