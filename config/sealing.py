"""Encryption at rest for the few values the database must hold but not show (a TOTP secret,
an invitation link's token waiting to be emailed): Fernet, keyed from SECRET_KEY.

Each use names its purpose, which gives it a key of its own. Values sealed under a key in
SECRET_KEY_FALLBACKS still open, so SECRET_KEY can be rotated the way Django documents.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


def _key(purpose, secret):
    digest = hashlib.sha256(purpose.encode() + b":" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def fernet(purpose: str) -> MultiFernet:
    """Seals with the current SECRET_KEY; opens with it or any fallback."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_key(purpose, secret) for secret in secrets])


def seal(purpose: str, text: str) -> str:
    return fernet(purpose).encrypt(text.encode()).decode()


def unseal(purpose: str, token: str) -> str:
    """Raises cryptography.fernet.InvalidToken if no key opens it."""
    return fernet(purpose).decrypt(token.encode()).decode()
