"""HTTP caching of public reads, so that browsers and any reverse proxy or CDN in front of the
site answer most reads themselves.

An answer that is the same for every reader carries a strong `ETag`, the MD5 of its exact bytes
(Django's `set_response_etag`; a dump file's is the SHA-256 its manifest publishes), and
`Cache-Control: public, max-age=PUBLIC_CACHE_MAX_AGE` unless the kind of document needs its own
(status lists). A copy past its age is revalidated with `If-None-Match` (or `If-Modified-Since`
where the answer has a `Last-Modified`) and answered `304 Not Modified`, without a body, when
it is still current.

Nothing else is marked public: what a signed-in reader gets stays `private, no-store`
(config/headers.py, which also overrides `public` should a shared answer reach one), and pages
whose header changes once signed in say `Vary: Cookie` (cms/page_cache.py).
"""

from functools import wraps

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_http_date_safe


def mark_public(response, max_age=None):
    """Let any cache keep `response` for `max_age` seconds (PUBLIC_CACHE_MAX_AGE unless given)
    and revalidate it by its ETag afterwards."""
    if getattr(response, "is_rendered", True) is False:
        response.render()  # a TemplateResponse: the ETag is the hash of what will be sent
    if not response.has_header("ETag"):
        set_response_etag(response)
    patch_cache_control(response, public=True, max_age=_max_age(max_age))
    return response


def _max_age(max_age):
    return settings.PUBLIC_CACHE_MAX_AGE if max_age is None else max_age


def answer_conditionally(request, response):
    """`304 Not Modified` when the reader's copy has `response`'s validators, else `response`.

    Django's `get_conditional_response` judges the preconditions (RFC 9110 §13.2.2) for GET and
    HEAD alike: a HEAD is answered from the same full body here, so its ETag is as accurate."""
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )


def public(max_age=None):
    """For a view whose successful answer is the same for every reader and never depends on the
    session (registry documents, feeds): mark it public and answer a current copy with a 304.
    A view that judged the validators itself (Django's `condition`, before opening a file) has
    its 304 told the same Cache-Control, as a 304 must (RFC 9110 §15.4.5).

    Errors (404, 400, 406) are left unmarked: an item published a minute later must be seen."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 304:
                patch_cache_control(response, public=True, max_age=_max_age(max_age))
                return response
            if response.status_code != 200:
                return response
            return answer_conditionally(request, mark_public(response, max_age))

        return wrapped

    return decorator
