"""allauth's MFA adapter: secrets encrypted at rest, and no removing a required factor.

The TOTP secret is stored encrypted (Fernet, with a key derived from SECRET_KEY): a copy of
the database or of a backup does not give anyone the codes. Rotating SECRET_KEY therefore means
enrolling the authenticator apps again.
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.conf import settings

from . import second_factor


def _fernet():
    digest = hashlib.sha256(b"accounts.mfa:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text):
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text):
        return _fernet().decrypt(encrypted_text.encode()).decode()

    def can_delete_authenticator(self, authenticator):
        """Someone who must have a second factor may replace it, not go without one."""
        if authenticator.type not in second_factor.FACTORS:
            return True
        user = authenticator.user
        if not second_factor.required_for(user):
            return True
        others = Authenticator.objects.filter(user=user, type__in=second_factor.FACTORS)
        return others.exclude(pk=authenticator.pk).exists()
