"""Settings for the whole site, read from the environment.

With no environment at all this is the embedded default: SQLite under var/, a local-memory
cache, Celery tasks run in-process and email printed to the console, DEBUG on. Setting
DEBUG=false (with DATABASE_URL, REDIS_URL, EMAIL_URL, SECRET_KEY, ...) gives production
behaviour; .env.example lists every variable.
"""

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=True)

DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "Set SECRET_KEY: production refuses to start with the development key."
    )

# Fernet keys (comma-separated, newest first) that encrypt secrets at rest: email bodies with
# private links, authenticator secrets. Without them a key derived from SECRET_KEY is used,
# and stays accepted for reading after keys are set (`manage.py encryption_rotate` moves rows on).
ENCRYPTION_KEYS = env.list("ENCRYPTION_KEYS", default=[])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address of the site, used for absolute links in emails, feeds and calendars.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Criminal Justice Alliance")

ROOT_URLCONF = "cja_site.urls"
WSGI_APPLICATION = "cja_site.wsgi.application"
AUTH_USER_MODEL = "cja_site.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_ID = 1

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# Our English on top of the libraries': allauth's Title Case strings in sentence case.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# ------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------
INSTALLED_APPS = [
    "cja_site.apps.CharityAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Full-text search fields and lookups (on PostgreSQL; SQLite falls back to plain matching).
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_prose_editor",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "cja_site",
    "sitewide",
    "notifications",
    "signins",
    "documents",
    "publishing",
    "campaigns",
    "publications",
    "expert_group",
    "directory",
    "tracking",
    "formats",
    "subscriptions",
    "exit_page",
    "search",
    "contact",
    "readership",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Django's, building the policy of a page without a nonce once (cja_site/middleware.py).
    "cja_site.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Counts public reads (cache hits included) in Redis; no database, no cookie (readership/).
    "readership.middleware.ReadershipMiddleware",
    # Anonymous visits to public pages: answered from the cache before anything below runs.
    "publishing.cache.PublicPageCacheMiddleware",
    # Every other anonymous answer gets a Cache-Control too: public, briefly, or none at all.
    "cja_site.middleware.CacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sees every view's final response: signed-in and private answers become `private, no-store`.
    "cja_site.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Where each session was last seen ("Where you are signed in"), at most once a minute.
    "cja_site.middleware.UserSessionActivityMiddleware",
    # An address that belonged to a moved item answers with a permanent redirect, not a 404.
    "publishing.middleware.RedirectFallbackMiddleware",
    # Staff powers count only once the account has a second factor (sitewide.staff).
    "sitewide.staff.StaffMFAMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "cja_site.context_processors.site",
            ],
            # {% url %} through the remembered reverse (sitewide/reversing.py).
            "builtins": ["sitewide.templatetags.urls"],
        },
    },
]

# ------------------------------------------------------------------------------
# Database
# ------------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    if env.bool("DATABASE_POOL", default=True):
        # psycopg 3's pool replaces persistent connections; Django refuses both at once.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 2, "max_size": 10}
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Behind PgBouncer in transaction mode each transaction may get another server connection:
    # no server-side cursors (they outlive a transaction) and no prepared statements (they
    # belong to one server connection).
    if env.bool("DATABASE_TRANSACTION_POOLER", default=False):
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
# Backups and restores (pg_dump, pg_restore) talk to PostgreSQL itself, not through a pooler.
DATABASE_DIRECT_URL = env.str("DATABASE_DIRECT_URL", default=env.str("DATABASE_URL", default=""))

# ------------------------------------------------------------------------------
# Cache and broker
# ------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")


def redis_next_database(url: str) -> str:
    """redis://host:6379/12 -> redis://host:6379/13 (no database named is database 0)."""
    if not url:
        return ""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{number + 1}"))


# The cache may have a Redis of its own: the broker's must never evict (noeviction), a cache's
# should (allkeys-lru). Without CACHE_URL the cache shares REDIS_URL.
CACHE_URL = env.str("CACHE_URL", default=REDIS_URL)
# The anonymous page cache, apart from sessions and rate limits so that filling it evicts only
# pages: by default the cache's Redis when it has its own, else the next database of REDIS_URL.
PAGE_CACHE_URL = env.str(
    "PAGE_CACHE_URL",
    default=CACHE_URL if CACHE_URL != REDIS_URL else redis_next_database(REDIS_URL),
)


def _redis_cache(url: str) -> dict:
    # Django's, reusing its Redis client (cja_site/cache_backends.py).
    backend = "cja_site.cache_backends.RedisCache"
    return {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": "cja", "TIMEOUT": 300}


def _database_cache(prefix: str) -> dict:
    # Shared by every process through the database (created by `migrate`, see cja_site.apps).
    backend = "django.core.cache.backends.db.DatabaseCache"
    options = {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 4}
    return {"BACKEND": backend, "LOCATION": CACHE_TABLE, "KEY_PREFIX": prefix, "OPTIONS": options}


CACHE_TABLE = "cja_cache"
if CACHE_URL:
    CACHES = {"default": _redis_cache(CACHE_URL), "pages": _redis_cache(PAGE_CACHE_URL)}
elif DEBUG:
    # One process (runserver): its own memory will do.
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    CACHES = {
        "default": {"BACKEND": locmem, "LOCATION": "default"},
        "pages": {"BACKEND": locmem, "LOCATION": "pages"},
    }
else:
    # Several processes and no Redis: each must see what another stored or turned over.
    CACHES = {"default": _database_cache("cja"), "pages": _database_cache("pages")}

# ------------------------------------------------------------------------------
# Readership (readership/): counts in Redis, rolled up nightly. Without a Redis (the embedded
# default) nothing is counted and the Readership admin shows no figures.
# ------------------------------------------------------------------------------
READERSHIP_REDIS_URL = env.str("READERSHIP_REDIS_URL", default=REDIS_URL)
# Counting gives up this fast on a slow Redis, so a page never waits on it.
READERSHIP_REDIS_TIMEOUT_SECONDS = env.float("READERSHIP_REDIS_TIMEOUT_SECONDS", default=0.05)
READERSHIP_API_PREFIX = "/api/"
READERSHIP_NOT_COUNTED_PREFIXES = (
    "/admin/",
    "/accounts/",
    "/expert-group/",
    "/api/v1/members/",
    "/exit/",
    "/healthz",
    # Where a visitor chooses not to be counted: that visit is not counted either.
    "/privacy/counting/",
)
# A cookie a visitor may choose to set (on the privacy page) to say "do not count me".
READERSHIP_OPT_OUT_COOKIE = "readership_opt_out"

# ------------------------------------------------------------------------------
# Celery (the app lives in cja_site/celery.py)
# ------------------------------------------------------------------------------
# kombu's in-memory transport warns "No hostname was supplied" for a bare memory:// URL.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# Without a broker tasks run in-process, so the embedded default needs no worker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
# A task on a worker that dies is handed back to the queue, not dropped.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Longer than any task runs (time limit 120 s), so Redis never hands a running task to a second
# worker; the outbox sweeper re-sends anything lost sooner than this.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
if REDIS_URL:
    # One beat, enforced: RedBeat keeps the schedule in Redis behind a lock, so a second beat
    # started by mistake waits for the lock instead of running every job twice, and takes over
    # within CELERY_REDBEAT_LOCK_TIMEOUT seconds if the first one dies.
    CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
    CELERY_REDBEAT_REDIS_URL = REDIS_URL
    CELERY_REDBEAT_KEY_PREFIX = env.str("CELERY_REDBEAT_KEY_PREFIX", default="redbeat:cja:")
    CELERY_REDBEAT_LOCK_TIMEOUT = env.int("CELERY_REDBEAT_LOCK_TIMEOUT", default=60)
    CELERY_BEAT_MAX_INTERVAL = 5
# One place for every periodic job; run one `celery -A cja_site beat` (a second one waits).
CELERY_BEAT_SCHEDULE = {
    # Every night at 00:20: yesterday's readership counts from Redis into the database, and
    # daily counts past READERSHIP retention folded into monthly totals.
    "readership-rollup": {
        "task": "readership.tasks.roll_up_readership",
        "schedule": crontab(hour=0, minute=20),
    },
    # Every minute: send what is due in the email outbox, including rows a dead worker left.
    "sweep-outbox": {"task": "notifications.tasks.sweep_outbox", "schedule": 60.0},
    # Every 15 minutes: meeting reminders that have fallen due (each person once per meeting time).
    "meeting-reminders": {"task": "expert_group.tasks.send_due_reminders", "schedule": 900.0},
    # Hourly: alert staff when too few are attending a meeting that is a few days away.
    "meeting-quorum-check": {"task": "expert_group.tasks.check_quorum", "schedule": 3600.0},
    # Every night at 03:30: delete contact messages older than CONTACT_RETENTION_DAYS.
    "delete-old-contact-messages": {
        "task": "contact.tasks.delete_old_contact_messages",
        "schedule": crontab(hour=3, minute=30),
    },
    # Every morning at 07:00 (before staff start): remind staff of format requests due soon.
    "format-request-reminders": {
        "task": "formats.tasks.remind_staff_of_format_requests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Every 15 minutes: fulfil requests whose format was attached some way the admin did not see.
    "format-request-fulfilment": {
        "task": "formats.tasks.fulfil_available_format_requests",
        "schedule": 900.0,
    },
    # Every night at 03:40: erase requesters' details FORMAT_REQUEST_RETENTION_DAYS after.
    "erase-old-format-requests": {
        "task": "formats.tasks.erase_old_format_requests",
        "schedule": crontab(hour=3, minute=40),
    },
    # Every morning at 06:15: ask services not checked for six months to confirm their entries.
    "directory-service-checks": {
        "task": "directory.tasks.request_service_checks",
        "schedule": crontab(hour=6, minute=15),
    },
    # Every 15 minutes: poll the Parliament and GOV.UK items campaigns track that are due (each
    # item every TRACKING_POLL_INTERVAL_MINUTES, later after failures), one task per item.
    "poll-tracked-items": {"task": "tracking.tasks.poll_due_items", "schedule": 900.0},
    # Daily at 08:00: email staff once about each government response that is now overdue.
    "tracking-overdue-alerts": {
        "task": "tracking.tasks.alert_overdue_responses",
        "schedule": crontab(hour=8, minute=0),
    },
    # Every 5 minutes: announce to followers what has become public (scheduled items included,
    # once their time comes), so nothing hooks into admin saves.
    "announce-new-items": {
        "task": "subscriptions.tasks.announce_new_items",
        "schedule": env.float("UPDATES_ANNOUNCE_SECONDS", default=300.0),
    },
    # Mondays at 07:00: each weekly-digest follower gets one email with the past week's news.
    "weekly-digest": {
        "task": "subscriptions.tasks.send_weekly_digest",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
    # Every night at 04:00: delete requests for updates never confirmed within a week.
    "delete-unconfirmed-subscriptions": {
        "task": "subscriptions.tasks.delete_unconfirmed",
        "schedule": crontab(hour=4, minute=0),
    },
}

# ------------------------------------------------------------------------------
# Email (Django 6.1 mailers)
# ------------------------------------------------------------------------------
# EMAIL_URL as in django-environ: smtp+tls://user:password@host:587, consolemail://, ...
_EMAIL = env.email_url("EMAIL_URL", default="consolemail://")
_MAILER_OPTION_NAMES = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
}
if _EMAIL["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
    _MAILER_OPTION_NAMES = {"EMAIL_FILE_PATH": "file_path"}
MAILERS = {
    "default": {
        "BACKEND": _EMAIL["EMAIL_BACKEND"],
        "OPTIONS": {
            option: _EMAIL[key]
            for key, option in _MAILER_OPTION_NAMES.items()
            if _EMAIL.get(key) not in (None, "")
        },
    }
}
if _EMAIL["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"]["timeout"] = 20
# In development, console email shows the decoded text, so its links can be followed; in
# production Django's own class is kept, so `check --deploy` still reports it (mail.E001).
if DEBUG and _EMAIL["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend":
    MAILERS["default"]["BACKEND"] = "notifications.backends.ReadableConsoleBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Where staff alerts (contact messages, low RSVPs) go.
STAFF_ALERT_EMAILS = env.list("STAFF_ALERT_EMAILS", default=["team@localhost"])

# ------------------------------------------------------------------------------
# Authentication
# ------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "cja_site.auth_backends.AccountBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Sessions read from the cache (written through to the database): no query to find a session;
# from the database when the cache is unreachable. Stored under a keyed hash of the cookie's key,
# so no dump holds a usable one (signins/sessions.py).
SESSION_ENGINE = "signins.sessions"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# How many reverse proxies sit in front of gunicorn; allauth's rate limits key on the client IP.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = SITE_NAME

# ------------------------------------------------------------------------------
# Static and media files
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Papers and draft minutes: never under MEDIA_URL, only served by a view that checks access.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "sitewide.static_storage.RememberingManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads on S3-compatible object storage, for more than one app server or a disk emptied at
# every deploy: two buckets, neither public. Every file is served through the site's views
# (public documents by the download view, papers only after the access check), streamed.
S3_PUBLIC_BUCKET = env.str("S3_PUBLIC_BUCKET", default="")
S3_PRIVATE_BUCKET = env.str("S3_PRIVATE_BUCKET", default="")
if S3_PUBLIC_BUCKET or S3_PRIVATE_BUCKET:
    _s3 = {
        "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
        "access_key": env.str("S3_ACCESS_KEY_ID"),
        "secret_key": env.str("S3_SECRET_ACCESS_KEY"),
        "region_name": env.str("S3_REGION", default="us-east-1"),
        "signature_version": "s3v4",
        "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path"),
        # Private objects, whatever the bucket's default; a second upload of a name gets a
        # name of its own, as on the local disk.
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_expire": 60,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "bucket_name": S3_PUBLIC_BUCKET},
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "bucket_name": S3_PRIVATE_BUCKET},
    }

# ------------------------------------------------------------------------------
# REST framework
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "sitewide.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "sitewide.api.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/minute"),
        "user": env.str("API_USER_RATE", default="600/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} API",
    "DESCRIPTION": (
        "Read-only access to campaigns, publications and the service directory (Open Referral "
        "UK 3.0, from /api/v1/directory/); members' meetings for members."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # JavaScript, not JSON: the preset (static/js/api-docs.js) gives Swagger UI landmarks and
    # heading levels; without deep links no link sits inside an operation's toggle button.
    "SWAGGER_UI_SETTINGS": (
        "{deepLinking: false, presets: [SwaggerUIBundle.presets.apis, window.apiDocsAccessibility]}"
    ),
    # What is sent and what is answered are separate components (read-only fields appear only
    # in answers), so a strict validator holds a client to exactly what the API takes.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sitewide.api.nullable_references",
    ],
    # Two models have a "kind" field; the schema names their choice sets apart.
    "ENUM_NAME_OVERRIDES": {
        "PublicationKindEnum": "publications.models.Publication.Kind",
        "MilestoneKindEnum": "campaigns.models.Milestone.Kind",
    },
}

# ------------------------------------------------------------------------------
# Security
# ------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int(
        "SECURE_HSTS_SECONDS", default=31_536_000 if SECURE_SSL_REDIRECT else 0
    )
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # A plain-HTTP loopback run turns these off on purpose; the deploy checks need not warn.
    SILENCED_SYSTEM_CHECKS = []
    if not SECURE_SSL_REDIRECT:
        SILENCED_SYSTEM_CHECKS += ["security.W004", "security.W008"]
    if not SESSION_COOKIE_SECURE:
        SILENCED_SYSTEM_CHECKS += ["security.W012", "security.W016"]

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# ------------------------------------------------------------------------------
# Logging: everything to stdout, where the process manager collects it
# ------------------------------------------------------------------------------
# Every handler redacts the secrets emailed links carry (cja_site.secret_routes), and so do
# error reports; Django's own handlers are declared here so that none is left without it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        # A postcode given to the directory's API never reaches a log line (gunicorn's access
        # log leaves out query strings: see the Procfile).
        "postcode_removed": {"()": "directory.log_filters.PostcodeRemoved"},
        # Nor does a secret from an emailed link (cja_site.secret_routes).
        "redact_secrets": {"()": "cja_site.secret_routes.RedactSecrets"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["postcode_removed", "redact_secrets"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "postcode_removed", "redact_secrets"],
        },
    },
    "root": {"handlers": ["stdout"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Declared, so that Django's own handlers do not stay without the filters.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        # httpx logs every request at INFO; the tracker logs what matters (failures) itself.
        "httpx": {"level": "WARNING"},
        # The development server's request lines, through the filters above.
        "django.server": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
DEFAULT_EXCEPTION_REPORTER = "cja_site.secret_routes.SecretRedactingExceptionReporter"

# ------------------------------------------------------------------------------
# Site behaviour
# ------------------------------------------------------------------------------
# Anonymous public pages: how long the page cache and a CDN may keep them.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
# How long after that a CDN may go on serving a page while it fetches a fresh one
# (stale-while-revalidate); never past a scheduled publication.
PUBLIC_PAGE_STALE_SECONDS = env.int("PUBLIC_PAGE_STALE_SECONDS", default=60)
# A hit is answered from the process's own memory, without asking the cache, while the
# publishing version was confirmed this recently: another server's publish reaches an anonymous
# visitor at most this much later (0 turns it off). At most this many pages (and pieces of
# content they are made from) are held per process.
PUBLIC_PAGE_LOCAL_SECONDS = env.float("PUBLIC_PAGE_LOCAL_SECONDS", default=1.0)
PUBLIC_PAGE_LOCAL_PAGES = env.int("PUBLIC_PAGE_LOCAL_PAGES", default=256)
# How long a browser or CDN may keep an anonymous 404, 400, 405 or 410 (a page about to be
# published, a filter value staff are adding).
ERROR_CACHE_SECONDS = env.int("ERROR_CACHE_SECONDS", default=60)
# How long a browser or CDN may keep a public document: an unpublished one stops being served
# this soon (the page listing it turns over at once).
PUBLIC_DOCUMENT_CACHE_SECONDS = env.int("PUBLIC_DOCUMENT_CACHE_SECONDS", default=60)
# Review links (a draft shown to someone outside): how long a new one works unless staff say
# otherwise, and the longest they may choose.
REVIEW_LINK_DAYS = env.int("REVIEW_LINK_DAYS", default=7)
REVIEW_LINK_MAX_DAYS = env.int("REVIEW_LINK_MAX_DAYS", default=30)
CONTACT_RETENTION_DAYS = env.int("CONTACT_RETENTION_DAYS", default=365)

# The email outbox (notifications): attempts before a row is marked failed, the first retry's
# delay, and how long a row may sit in "sending" before a dead worker is assumed.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=30)
OUTBOX_STALE_SENDING_SECONDS = env.int("OUTBOX_STALE_SENDING_SECONDS", default=300)
# Bulk email (updates to followers) goes in batches: this many rows per task and SMTP
# connection, and a batch stops after this many seconds (well inside the task time limit).
OUTBOX_BATCH_SIZE = env.int("OUTBOX_BATCH_SIZE", default=100)
OUTBOX_BATCH_SECONDS = env.int("OUTBOX_BATCH_SECONDS", default=60)

# ------------------------------------------------------------------------------
# Contact form
# ------------------------------------------------------------------------------
# A person takes longer than this to write a message; a form sent sooner is likely a bot.
CONTACT_MIN_FILL_SECONDS = env.int("CONTACT_MIN_FILL_SECONDS", default=3)
# Sends (valid or not) one IP address may make per window; cache-backed, open if the cache is down.
CONTACT_RATE_LIMIT = env.int("CONTACT_RATE_LIMIT", default=10)
CONTACT_RATE_LIMIT_WINDOW_SECONDS = env.int("CONTACT_RATE_LIMIT_WINDOW_SECONDS", default=3600)
# Staff's replies go from DEFAULT_FROM_EMAIL; the sender's answers come back to this inbox.
CONTACT_REPLY_TO = env.list("CONTACT_REPLY_TO", default=STAFF_ALERT_EMAILS)

# ------------------------------------------------------------------------------
# Accessible formats on request
# ------------------------------------------------------------------------------
# Who on the staff side makes a format that is asked for (publications have no owner field).
FORMAT_REQUESTS_EMAIL = env.list("FORMAT_REQUESTS_EMAIL", default=STAFF_ALERT_EMAILS)
# The promise to the requester, in working days (England and Wales bank holidays skipped).
FORMAT_REQUEST_WORKING_DAYS = env.int("FORMAT_REQUEST_WORKING_DAYS", default=10)
# Requesters' email addresses and names are erased this long after the request is resolved.
FORMAT_REQUEST_RETENTION_DAYS = env.int("FORMAT_REQUEST_RETENTION_DAYS", default=90)
FORMAT_REQUEST_RATE_LIMIT = env.int("FORMAT_REQUEST_RATE_LIMIT", default=10)
FORMAT_REQUEST_RATE_LIMIT_WINDOW_SECONDS = 3600
FORMAT_REQUEST_MIN_FILL_SECONDS = CONTACT_MIN_FILL_SECONDS

# ------------------------------------------------------------------------------
# Exit this page (on pages for people harmed by crime)
# ------------------------------------------------------------------------------
# Where the button and the triple-Shift shortcut leave for: a neutral site that shows nothing
# personal (GOV.UK's default, BBC Weather). A system check insists on a full https:// address.
EXIT_PAGE_URL = env.str("EXIT_PAGE_URL", default="https://www.bbc.co.uk/weather")

# ------------------------------------------------------------------------------
# Publishing: campaigns, publications and pages
# ------------------------------------------------------------------------------
# The largest document staff may attach to a publication.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)

# ------------------------------------------------------------------------------
# Service directory
# ------------------------------------------------------------------------------
# How often each service is asked to confirm its entry, and how long after that an unconfirmed
# entry shows a public "not checked since" warning.
DIRECTORY_CHECK_INTERVAL_DAYS = env.int("DIRECTORY_CHECK_INTERVAL_DAYS", default=182)
DIRECTORY_CHECK_GRACE_DAYS = env.int("DIRECTORY_CHECK_GRACE_DAYS", default=60)
# How long a "still correct" link in a check email works.
DIRECTORY_CHECK_LINK_MAX_AGE_DAYS = env.int("DIRECTORY_CHECK_LINK_MAX_AGE_DAYS", default=90)

# ------------------------------------------------------------------------------
# Expert group access: invitations, sign-in, staff MFA
# ------------------------------------------------------------------------------
# No open sign-up (an invitation is the only way in); allauth's email goes through the outbox.
ACCOUNT_ADAPTER = "cja_site.adapters.AccountAdapter"
# Encrypts authenticator (TOTP) secrets and recovery-code seeds with ENCRYPTION_KEYS.
MFA_ADAPTER = "cja_site.adapters.MFAAdapter"
# Stated in full so a reviewer sees them; allauth keeps the counters in the cache (locmem/Redis).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
    "signup": "20/m/ip",
    "confirm_email": "1/180s/key",
    "manage_email": "10/m/user",
}
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_CHANGE_EMAIL = False
# One address per account: the one the invitation went to (staff change it in the admin).
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
MFA_RECOVERY_CODE_COUNT = 10
# How long an emailed invitation link to the expert group works.
EXPERT_GROUP_INVITATION_DAYS = env.int("EXPERT_GROUP_INVITATION_DAYS", default=14)
# Largest member photo accepted, in bytes.
EXPERT_GROUP_PHOTO_MAX_BYTES = 2 * 1024 * 1024
# The expert group's meetings: reminders go this many days before; staff are alerted when fewer
# than MEETING_QUORUM members are attending MEETING_QUORUM_CHECK_DAYS days before.
MEETING_REMINDER_DAYS = env.int("MEETING_REMINDER_DAYS", default=3)
MEETING_QUORUM = env.int("MEETING_QUORUM", default=4)
MEETING_QUORUM_CHECK_DAYS = env.int("MEETING_QUORUM_CHECK_DAYS", default=7)
PAPER_MAX_BYTES = env.int("PAPER_MAX_BYTES", default=20 * 1024 * 1024)
# How long the one-click RSVP links in emails keep working.
RSVP_LINK_MAX_AGE_DAYS = env.int("RSVP_LINK_MAX_AGE_DAYS", default=90)

# ------------------------------------------------------------------------------
# Tracking Parliament and government for campaigns
# ------------------------------------------------------------------------------
# The public APIs polled (never while serving a page); change them to point at a mirror.
PARLIAMENT_BILLS_API_URL = env.str(
    "PARLIAMENT_BILLS_API_URL", default="https://bills-api.parliament.uk/api/v1"
).rstrip("/")
WRITTEN_QUESTIONS_API_URL = env.str(
    "WRITTEN_QUESTIONS_API_URL", default="https://questions-statements-api.parliament.uk/api"
).rstrip("/")
PETITIONS_URL = env.str("PETITIONS_URL", default="https://petition.parliament.uk").rstrip("/")
GOVUK_CONTENT_API_URL = env.str(
    "GOVUK_CONTENT_API_URL", default="https://www.gov.uk/api/content"
).rstrip("/")
# Named in our User-Agent so an API's operators can reach us rather than block us.
TRACKING_CONTACT_EMAIL = env.str(
    "TRACKING_CONTACT_EMAIL", default=(STAFF_ALERT_EMAILS or [DEFAULT_FROM_EMAIL])[0]
)
TRACKING_POLL_INTERVAL_MINUTES = env.int("TRACKING_POLL_INTERVAL_MINUTES", default=360)
TRACKING_HTTP_TIMEOUT_SECONDS = env.float("TRACKING_HTTP_TIMEOUT_SECONDS", default=15.0)
# After a failure: 5 minutes, doubling, at most a day (or the source's Retry-After).
TRACKING_RETRY_BASE_SECONDS = env.int("TRACKING_RETRY_BASE_SECONDS", default=300)
TRACKING_RETRY_MAX_SECONDS = env.int("TRACKING_RETRY_MAX_SECONDS", default=86_400)
# A due item handed to a worker is not handed out again for this long.
TRACKING_CLAIM_SECONDS = 1800

# ------------------------------------------------------------------------------
# Email updates (subscriptions): people who follow campaigns, topics and publications
# ------------------------------------------------------------------------------
# Requests not confirmed within this many days are deleted (and their links stop working).
UPDATES_UNCONFIRMED_DAYS = env.int("UPDATES_UNCONFIRMED_DAYS", default=7)
# An item made public more than this many days after its date is not emailed: archive, not news.
UPDATES_ANNOUNCE_MAX_AGE_DAYS = env.int("UPDATES_ANNOUNCE_MAX_AGE_DAYS", default=14)
# An address that takes unsubscribe requests by email, offered in List-Unsubscribe besides the
# one-click link; empty: the link alone (staff would have to act on such emails by hand).
UPDATES_UNSUBSCRIBE_MAILTO = env.str("UPDATES_UNSUBSCRIBE_MAILTO", default="")
# Requests for updates one IP may send in the window: no one floods strangers' inboxes with
# confirmation emails from one connection.
UPDATES_RATE_LIMIT = env.int("UPDATES_RATE_LIMIT", default=10)
UPDATES_RATE_LIMIT_WINDOW_SECONDS = env.int("UPDATES_RATE_LIMIT_WINDOW_SECONDS", default=60)
