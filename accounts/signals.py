"""At sign-in, remember in the session whether the user has a second factor (middleware.py)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import second_factor
from .middleware import SESSION_KEY


@receiver(user_logged_in)
def remember_second_factor(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None and second_factor.has_second_factor(user):
        session[SESSION_KEY] = user.pk
