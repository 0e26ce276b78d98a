"""Settings shared by every environment. Everything that varies comes from the environment.

The embedded default (no variables set) is a SQLite file and Celery running tasks eagerly
in-process, so `make demo` works on a fresh machine; `DATABASE_URL` and `CELERY_BROKER_URL`
switch to PostgreSQL and a real broker.
"""

import re
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The accreditor's Ed25519 signing key (registry_export/keys.py): a multibase secret key
# ("z3u2…", multicodec 0x8026 + 32-byte seed) or the 32-byte seed as 64 hex digits or base64.
# Unset: development generates one once into ACCREDITOR_KEY_FILE (gitignored var/) and keeps it;
# production refuses to sign (ACCREDITOR_KEY_GENERATE is False there).
ACCREDITOR_KEY = env("ACCREDITOR_KEY", default="")
ACCREDITOR_KEY_FILE = Path(
    env("ACCREDITOR_KEY_FILE", default=str(BASE_DIR / "var" / "accreditor_key"))
)
ACCREDITOR_KEY_GENERATE = True

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep each process's connection between requests: opening one costs PostgreSQL a new backend
# whose catalogue caches start cold, so every query of the request is planned slowly. Checked
# before reuse, so a restarted database costs one failed check, not an error.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a lock rather than fail at once: the demo server and a Celery task may overlap.
    # Write-ahead log: readers do not block the writer, and a commit appends to the log instead
    # of waiting for the disk (synchronous=NORMAL syncs at checkpoints; a crash may lose the
    # last commits, never the file). `migrate` commits once per migration: 200 syncs fewer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20, init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Sessions read from the cache and written through to the database, when every process shares
# the cache (Redis): a signed-in page reads no session row. A cache of each process's own
# (local memory) would keep a signed-out session alive in the others, so there they stay in
# the database.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# How long browsers and any proxy or CDN in front may keep a public page or registry document
# before revalidating it (config/http_cache.py); status lists keep their own 5 minutes.
PUBLIC_CACHE_MAX_AGE = env.int("PUBLIC_CACHE_MAX_AGE", default=60)
# How many rendered public pages and facet counts one catalogue generation may store.
PUBLIC_PAGE_CACHE_ENTRIES = env.int("PUBLIC_PAGE_CACHE_ENTRIES", default=2000)

INSTALLED_APPS = [
    "accreditation",
    "reviewers",
    "desk",
    "portal",
    "cms",
    "registry_export",
    "demo",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",  # its sitemap.xml template
    "wagtail.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "guardian",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "outbox",
    "accreditation.admin_config.AccreditationAdminConfig",  # django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy, and no caching of signed-in pages (config/headers.py).
    "config.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session is read: a cookie with a control character is dropped (input_rules.py).
    "config.input_rules.RefuseControlCharactersMiddleware",
    # An anonymous reader's stored page, before sessions, routing and Wagtail: no SQL query.
    # Inside the two above, which add their headers to a stored page too (cms/page_cache.py).
    "cms.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accreditation.context_processors.roles_context",
                "cms.context_processors.language_links",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (django-allauth): sign in with an email address.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Failed sign-ins: per address, 10 a minute and 60 an hour; per account *and* address 5 in
# 5 minutes (accounts/adapter.py), so guessing locks the guesser, never the account's owner.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,60/h/ip,5/5m/key"}
# The address those limits count is the peer's, unless proxies in front add X-Forwarded-For:
# behind N of them, set DJANGO_TRUSTED_PROXY_COUNT=N (never more than there are, or a client
# could choose its own address).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
# The one sign-in door (accounts/views.py): Wagtail's admin and private pages send people to it,
# and passwords are changed and reset there, not in Wagtail's admin.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
# A second factor (accounts/second_factor.py): an authenticator app, with recovery codes for a
# lost phone; required for staff, committee, reviewers and admins, optional for providers.
# WebAuthn needs the fido2 package, which this stack does not ship.
MFA_ADAPTER = "accounts.mfa_adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Micro-credential Register"
# A code is accepted for one period either side of now: a phone's clock a little off, or a code
# typed as it changes, still signs in. Each code is accepted once (allauth).
MFA_TOTP_TOLERANCE = 1

# Internationalisation: Japanese first, English second, everywhere.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language cookie is read by the server only, and sent with this site's own requests.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Asia/Tokyo"
USE_TZ = True
# Dates and times as each language writes them (config/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by whitenoise like static files.
WHITENOISE_ROOT = BASE_DIR / "public"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Dossier attachments: outside MEDIA_ROOT, never served by URL; a view checks access first.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
PRIVATE_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
#: Attachments larger than this are refused (bytes).
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
# An Office document (a zip) may unpack to at most this much, in at most this many parts.
ATTACHMENT_MAX_UNPACKED_BYTES = env.int("ATTACHMENT_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024)
ATTACHMENT_MAX_ENTRIES = env.int("ATTACHMENT_MAX_ENTRIES", default=5000)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# An SMTP server that stops answering must not hold a worker (and an outbox row) for ever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@mc-accreditation.example")

# Verifications a minute per address at /verify/ and its API (registry_export/verify_views.py).
VERIFY_RATE = env("VERIFY_RATE", default="60/min")
# Provider API rates per key, e.g. "burst=600/min,sustained=10000/hour" (the defaults,
# portal/api/views.py DEFAULT_RATES); a scope left out keeps its default.
_PAIRS = [p.strip() for p in env("PROVIDER_API_RATES", default="").split(",") if p.strip()]
PROVIDER_API_RATES = dict(p.partition("=")[::2] for p in _PAIRS)
# A rate DRF cannot read would fail every request it throttles: refuse to start instead.
_RATE = re.compile(r"[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)")
for _name, _rate in [("VERIFY_RATE", VERIFY_RATE), *PROVIDER_API_RATES.items()]:
    if _name not in ("VERIFY_RATE", "burst", "sustained") or not _RATE.fullmatch(_rate):
        raise ImproperlyConfigured(
            f"Unreadable rate {_name}={_rate!r}: VERIFY_RATE is like 60/min; PROVIDER_API_RATES "
            "is like burst=600/min,sustained=10000/hour (per s, min, hour or day)."
        )

# Celery: eager in-process when no broker is configured (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
# A task is acknowledged once it has run, and given back if its worker dies; Redis hands an
# unacknowledged task to another worker after the visibility timeout (Celery's default is an
# hour; 15 minutes here), which must outlast any retry countdown (backoff stops at 10 minutes).
# The outbox's sweep does not wait for it: a message still waiting is delivered within minutes.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=15 * 60)
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Emails and publications promised by committed changes, that no worker has delivered yet.
    "drain-outbox": {"task": "outbox.tasks.drain", "schedule": 60},
    "expire-lapsed-accreditations": {
        "task": "accreditation.tasks.expire_lapsed_accreditations",
        "schedule": 60 * 60,
    },
    # Publishing goes through the outbox; these sweeps also repair what anything else left
    # stale (an edit in the admin, a restored backup).
    "reconcile-catalogue": {"task": "cms.tasks.reconcile_catalogue", "schedule": 15 * 60},
    "reconcile-registry": {"task": "registry_export.tasks.reconcile_registry", "schedule": 15 * 60},
    "reviewer-accreditation-reminders": {
        "task": "reviewers.tasks.send_accreditation_reminders",
        "schedule": 60 * 60,
    },
    # Reviewer reminders and escalations; each is sent once, so hourly is harmless.
    "send-review-reminders": {"task": "reviewers.tasks.send_review_reminders", "schedule": 60 * 60},
    # The signed status lists are valid for a week; re-signed daily, and at once on a change.
    "refresh-status-lists": {
        "task": "registry_export.tasks.refresh_status_lists",
        "schedule": crontab(hour=2, minute=30),
    },
    # The registry's full dumps, rewritten nightly from the stored documents.
    "build-registry-dumps": {
        "task": "registry_export.tasks.build_registry_dumps",
        "schedule": crontab(hour=3, minute=0),
    },
}
# The outbox (outbox/messages.py): the sweep takes a message this long after it was written
# (its on-commit offer comes first); a failed one waits 1, 2, 4... minutes, at most an hour.
OUTBOX_SWEEP_AFTER_SECONDS = env.int("OUTBOX_SWEEP_AFTER_SECONDS", default=60)
OUTBOX_FIRST_RETRY_SECONDS = env.int("OUTBOX_FIRST_RETRY_SECONDS", default=60)
OUTBOX_LONGEST_RETRY_SECONDS = env.int("OUTBOX_LONGEST_RETRY_SECONDS", default=60 * 60)
# After a failed offer (no broker), a process stops offering for this long: the sweep delivers.
OUTBOX_OFFER_PAUSE_SECONDS = env.int("OUTBOX_OFFER_PAUSE_SECONDS", default=30)
OUTBOX_DRAIN_BATCH = env.int("OUTBOX_DRAIN_BATCH", default=1000)
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=30)
REGISTRY_DUMP_DIR = Path(env("REGISTRY_DUMP_DIR", default=str(BASE_DIR / "var" / "dumps")))

# Wagtail
WAGTAIL_SITE_NAME = "マイクロクレデンシャル認証登録簿 / Micro-credential Register"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No call home from the admin's dashboard (releases.wagtail.org): no network, and the CSP.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# django-guardian: object permissions back every access helper.
ANONYMOUS_USER_NAME = "AnonymousUser"
GUARDIAN_RENDER_403 = False

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Micro-credential accreditation API",
    "VERSION": "1",
    "PREPROCESSING_HOOKS": ["config.api_schema.only_project_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_schema.common_responses",
    ],
}

# The accreditation process.
ACCREDITATION_VALIDITY_YEARS = env.int("ACCREDITATION_VALIDITY_YEARS", default=3)
ACCREDITATION_APPEAL_WINDOW_DAYS = env.int("ACCREDITATION_APPEAL_WINDOW_DAYS", default=30)
#: Screening: at this many notional hours or more, the item is a degree, not a micro-credential.
ACCREDITATION_MACRO_HOURS = env.int("ACCREDITATION_MACRO_HOURS", default=1500)
REVIEW_RESPOND_DAYS = env.int("REVIEW_RESPOND_DAYS", default=7)
REVIEW_DUE_DAYS = env.int("REVIEW_DUE_DAYS", default=28)
# A dossier goes to the committee once this many reviews are in and nobody is still reviewing.
REVIEWS_REQUIRED = env.int("REVIEWS_REQUIRED", default=2)
#: Blind review: "single" (providers never learn who reviewed them) or "double" (reviewers
#: do not learn who the provider is either).
REVIEW_BLINDNESS = env.str("REVIEW_BLINDNESS", default="single")
if REVIEW_BLINDNESS not in ("single", "double"):
    raise ImproperlyConfigured('REVIEW_BLINDNESS must be "single" or "double".')
#: An invitation to join a provider organisation can be accepted for this many days.
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
#: Reviewer accreditations: reminders this many days before the end; how long a staff
#: invitation to apply as a reviewer can be used.
REVIEWER_ACCREDITATION_REMINDER_DAYS = [60, 14]
REVIEWER_APPLY_INVITATION_DAYS = env.int("REVIEWER_APPLY_INVITATION_DAYS", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Wagtail runs its search-index and reference-index updates as django-tasks, which
        # log every run at INFO.
        "django_tasks": {"level": "WARNING"},
    },
}
