"""Who must sign in with a second factor, and whether they have one.

Those who decide and sign accreditations, or can change anything for everyone, must: the
secretariat, the committee, reviewers, and Django/Wagtail admins (`is_staff`, superusers).
Providers may add one (/accounts/2fa/). A second factor is an authenticator app (TOTP);
recovery codes come with it, for a lost phone, but are not one on their own.
"""

from allauth.mfa.models import Authenticator

from accreditation import roles

#: The roles whose members must have a second factor.
REQUIRED_ROLES = frozenset({roles.SECRETARIAT, roles.COMMITTEE, roles.REVIEWER})
#: The kinds of authenticator that count as a second factor.
FACTORS = (Authenticator.Type.TOTP,)


def required_for(user):
    """True if the user must have a second factor to use the site."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or bool(roles.user_roles(user) & REQUIRED_ROLES)


def has_second_factor(user):
    return Authenticator.objects.filter(user_id=user.pk, type__in=FACTORS).exists()
