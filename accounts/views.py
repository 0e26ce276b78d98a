"""The other sign-in forms, closed: each sends its visitor to allauth's, keeping `next`.

Django's admin (/django-admin/login/), Wagtail's admin (/cms-admin/login/) and Wagtail's form
for private pages (/ja/_util/login/) each sign in with a password of their own, without
allauth's rate limits or second factor. There is one door: /accounts/login/.
"""

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default):
    """The page to return to after signing in: the `next` asked for, if it is on this site."""
    wanted = request.GET.get(REDIRECT_FIELD_NAME, "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


def login_elsewhere(request, default_next="/dashboard/"):
    """A sign-in form other than allauth's: send the visitor to allauth's."""
    return redirect_to_login(safe_next(request, default_next), login_url="account_login")
