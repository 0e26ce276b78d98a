"""Tests: fast hashing, in-memory mail and cache, eager Celery unless a test starts a worker."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-0b1f2e3d4c5b6a79887766554433221100ffeeddccbbaa"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = env("TEST_CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = True
WAGTAILADMIN_BASE_URL = "http://testserver"
SITE_URL = "http://testserver"
# Serve static files through the finders: tests do not run collectstatic.
WHITENOISE_AUTOREFRESH = True
