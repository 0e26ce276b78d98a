from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, minus one redirect.

    On a 404, Django retries the path with the language prefix and redirects if that would
    resolve. Wagtail's catch-all under /ja/ and /en/ resolves everything, so a genuine 404
    from /portal/… or /desk/… (a missing or forbidden dossier) became a redirect to /ja/….
    When a view matched and answered 404 itself, the answer stands.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and getattr(request, "resolver_match", None):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)
