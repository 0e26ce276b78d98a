"""`Authorization: Bearer <key>` (or `Token <key>`) with an organisation's API token."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from accreditation.api.errors import INVALID_KEY, MALFORMED_HEADER
from accreditation.models import ApiToken
from accreditation.services.tokens import api_token_for_key

KEYWORDS = (b"bearer", b"token")


class ApiTokenAuthentication(BaseAuthentication):
    """Authenticates as the token's own user; `request.auth` is the ApiToken.

    A request without the header is anonymous (the permission then answers 401); a header
    with an unknown or revoked key is refused outright.
    """

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(MALFORMED_HEADER, code="malformed_header")
        try:
            raw_key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(INVALID_KEY, code="invalid_key") from None
        token = api_token_for_key(raw_key)
        if token is None:
            raise exceptions.AuthenticationFailed(INVALID_KEY, code="invalid_key")
        return token.user, token

    def authenticate_header(self, request):
        """Makes unauthenticated requests answer 401 (not 403), saying how to authenticate."""
        return 'Bearer realm="provider-api"'


class HasApiToken(BasePermission):
    """Only an API token may call the provider API (not a browser session)."""

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiToken)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "ApiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "An API token of your organisation (its managers create them in the portal, "
                "under the organisation's API tokens). Send `Authorization: Bearer <key>`; "
                "`Authorization: Token <key>` is accepted too."
            ),
        }
