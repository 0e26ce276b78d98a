"""Development: the embedded default that `make demo` serves (SQLite, eager Celery)."""

from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import SITE_URL, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-only-not-a-secret-3c7e1f0b9a5d")
# The host the demo is served at (SITE_URL: `make demo HOST=… PORT=…`) is always allowed.
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=sorted({"127.0.0.1", "localhost", "[::1]", urlsplit(SITE_URL).hostname or "localhost"}),
)
# Demo accounts are created verified; new sign-ups read their confirmation link in the console.
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)

# Quieter demo: Wagtail logs each page change and Celery each task run at INFO.
LOGGING["loggers"].update(  # noqa: F405
    {"wagtail": {"level": "WARNING"}, "celery.app.trace": {"level": "WARNING"}}
)
