"""Those who must have a second factor set one up before anything else.

A secretariat, committee or reviewer account (or an admin) without an authenticator app, once
signed in, is sent to set one up (/accounts/2fa/totp/activate/) from every page but the account
pages themselves (sign out, the set-up, email and password) and the language switch. With one,
allauth asks for its code at every sign-in: there is no other sign-in form (accounts/urls.py).

The answer "has one" is kept in the session from the sign-in on (signals.py), so a signed-in
page costs no query for it; the MFA adapter forbids removing the last one, which is what could
make that answer stale.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import second_factor

SESSION_KEY = "accounts.second_factor"
#: Paths open to a signed-in user without a second factor.
OPEN_PREFIXES = ("/accounts/", "/i18n/setlang/", "/static/", "/healthz", "/readyz")


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            messages.warning(
                request,
                _(
                    "Your role requires a second factor: set up an authenticator app to "
                    "continue. Each sign-in will then ask for its code."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up(self, request):
        user = request.user
        if not user.is_authenticated or request.path.startswith(OPEN_PREFIXES):
            return False
        if request.session.get(SESSION_KEY) == user.pk:
            return False
        if not second_factor.required_for(user):
            return False
        if second_factor.has_second_factor(user):
            request.session[SESSION_KEY] = user.pk
            return False
        return True
