"""Response headers every page gets: a Content-Security-Policy, and no caching of what is
personal.

The policy lets a page run scripts from this site only: no inline script, no eval, nothing from
elsewhere (the site uses no CDN). Inline `style` attributes are allowed; images may be data:
URLs (the authenticator app's QR code). The two admins (Wagtail's and Django's) are the one
exception: their own templates carry inline scripts, so there scripts may be inline too, still
from this site only. A signed-in page is `Cache-Control: private, no-store`: a shared computer's
browser or a proxy keeps no dossier, review or decision.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
#: Areas whose third-party templates carry inline scripts.
ADMIN_PREFIXES = ("/cms-admin/", "/django-admin/")


def policy(path):
    directives = dict(POLICY)
    if path.startswith(ADMIN_PREFIXES):
        directives["script-src"] = "'self' 'unsafe-inline'"
        directives["frame-ancestors"] = "'self'"  # Wagtail previews a page in a frame
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy(request.path))
        if _signed_in(request):
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
        return response


def _signed_in(request):
    """Without reading the session when there is none: an anonymous page costs no query."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES or not hasattr(request, "session"):
        return False
    return "_auth_user_id" in request.session
