"""The one settings module, read from the environment.

Defaults need nothing running: a SQLite file and Celery tasks run inline. Production
(DJANGO_ENV=production) refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF

from renaten.env import ConfigurationError, database_from_url, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

DJANGO_ENV = os.environ.get("DJANGO_ENV") or "development"
# A typo ("prod", "Production") must not start the app with development's insecure defaults.
if DJANGO_ENV not in {"development", "production"}:
    raise ConfigurationError(
        f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}"
    )
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    required = {"SECRET_KEY": SECRET_KEY, "ALLOWED_HOSTS": ALLOWED_HOSTS}
    missing = [name for name, value in required.items() if not value]
    if missing:
        raise ConfigurationError(f"DJANGO_ENV=production requires: {', '.join(missing)}")
    DEBUG = False
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    DEBUG = env_bool("DEBUG", default=True)
    if not os.environ.get("DJANGO_ENV"):
        # A server started without DJANGO_ENV must not pass for a production one unnoticed.
        sys.stderr.write(
            "\n*** RENATEN RCP runs in DEVELOPMENT mode"
            f" (DJANGO_ENV unset, DEBUG={'on' if DEBUG else 'off'}, development secret key):"
            " never expose it; set DJANGO_ENV=production in production. ***\n\n"
        )

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "csp",
    # The project itself: its management commands (backup, restore); no models.
    "renaten",
    "accounts",
    "guidelines",
    "boards",
    "cases",
    "attachments",
    "board_sessions",
    "referrals",
    "dossiers",
    "audit",
    "decisions",
    "surveillance",
    "indicators",
    "interop",
]

MIDDLEWARE = [
    # First: the healthcheck answers before host validation and the HTTPS redirect, and a
    # database outage anywhere below becomes the 503 page.
    "renaten.middleware.HealthCheckMiddleware",
    "renaten.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "renaten.middleware.IdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "renaten.middleware.PrivateCacheMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns lock-outs into responses.
    "axes.middleware.AxesMiddleware",
]

# Django's widget markup, written without the template engine (see renaten/form_renderer.py).
FORM_RENDERER = "renaten.form_renderer.FastWidgetRenderer"

ROOT_URLCONF = "renaten.urls"
WSGI_APPLICATION = "renaten.wsgi.application"

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
                "accounts.context_processors.role",
            ],
        },
    }
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3"), base_dir=BASE_DIR
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Request bodies: the largest legitimate form (the case form, every text at its limit, in
# percent-encoded UTF-8) is well under this; anything larger is refused with a 400 before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: 30 minutes without a request ends the session. IdleTimeoutMiddleware pushes
# the expiry back at most once a minute instead of writing the session on every request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling: 5 failures lock the username/IP pair for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Generated dossiers: never served at a public URL, only through an authorised view.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Celery: inline (eager) unless a broker is configured.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Modules holding tasks outside an app's tasks.py (autodiscovery only reads tasks.py).
CELERY_IMPORTS = ["dossiers.retention"]
# Periodic tasks, run by `celery -A renaten beat` (the compose file's `beat` service).
CELERY_BEAT_SCHEDULE = {
    "purge-expired-exports": {
        "task": "dossiers.purge_expired_exports",
        "schedule": env_int("DOSSIER_PURGE_INTERVAL_SECONDS", 3600),
    },
    "surveillance-weekly-digest": {
        "task": "surveillance.send_weekly_digests",
        # Mondays 07:00, Europe/Paris (CELERY_TIMEZONE).
        "schedule": crontab(minute="0", hour="7", day_of_week="mon"),
    },
}
CELERY_TIMEZONE = TIME_ZONE

# Security headers; production adds the HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script reads the cookie: htmx sends the token from base.html's hx-headers.
CSRF_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Proxies in front of gunicorn that append to X-Forwarded-For (the access log's client IP);
# 0: the peer address only, as the header is then whatever the client sent.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Content Security Policy: own origin only, no inline script, no eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Logs never carry patient data: only ids and technical messages are logged.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# PDF dossiers. The render task's soft limit ends the job as "failed" cleanly before the
# hard limit kills it.
DOSSIER_RENDER_TIME_LIMIT = env_int("DOSSIER_RENDER_TIME_LIMIT", 300)
DOSSIER_RENDER_SOFT_TIME_LIMIT = env_int(
    "DOSSIER_RENDER_SOFT_TIME_LIMIT", max(DOSSIER_RENDER_TIME_LIMIT - 30, 10)
)
DOSSIER_RENDER_MAX_RETRIES = env_int("DOSSIER_RENDER_MAX_RETRIES", 3)
DOSSIER_RENDER_RETRY_BACKOFF_MAX = env_int("DOSSIER_RENDER_RETRY_BACKOFF_MAX", 120)
# Generated PDFs are deleted this many days after they were made (dossiers/retention.py).
DOSSIER_RETENTION_DAYS = env_int("DOSSIER_RETENTION_DAYS", 30)
# The ANS conformance kit (schematrons, validators): optional, outside the project. Tests that
# use it find it here and skip with a clear reason when it is absent; nothing else reads it.
INTEROP_KIT_DIR = Path(os.environ.get("INTEROP_KIT_DIR") or BASE_DIR.parent / "shared" / "interop")

# The only folder WeasyPrint may read from while rendering a dossier (see dossiers/fetcher.py).
DOSSIER_ASSET_DIRS = [BASE_DIR / "static"]
# Rendered dossiers (content-addressed parts) unused for this long are purged.
DOSSIER_PART_RETENTION_DAYS = env_int("DOSSIER_PART_RETENTION_DAYS", 30)
# Render a case's dossier ahead when it is marked ready or a ready/registered case changes,
# this many seconds after the last change (debounced). Needs a broker: never inline.
DOSSIER_PRERENDER = env_bool("DOSSIER_PRERENDER", default=True)
DOSSIER_PRERENDER_DELAY = env_int("DOSSIER_PRERENDER_DELAY", 20)

# A message whose worker was killed (acks_late) comes back after the broker's visibility
# timeout: just past the longest a render may legitimately hold it (hard limit, plus the
# longest retry countdown, which Redis also holds unacknowledged), not Redis's default hour.
DOSSIER_BROKER_VISIBILITY_TIMEOUT = env_int(
    "DOSSIER_BROKER_VISIBILITY_TIMEOUT",
    DOSSIER_RENDER_TIME_LIMIT + DOSSIER_RENDER_RETRY_BACKOFF_MAX + 60,
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": DOSSIER_BROKER_VISIBILITY_TIMEOUT,
    # How often a worker looks for messages of dead workers to redeliver.
    "unacked_restore_interval": min(10, max(1, DOSSIER_BROKER_VISIBILITY_TIMEOUT // 4)),
    "unacked_restore_throttle": 1,
    # A worker holds a lock for the few milliseconds of each redelivery pass; one killed while
    # holding it would otherwise stop every other worker's redelivery for kombu's 5 minutes.
    "unacked_mutex_expire": min(60, max(10, DOSSIER_BROKER_VISIBILITY_TIMEOUT)),
}
# A running job silent for longer than a redelivery can take has lost its worker for good.
DOSSIER_JOB_STALE_AFTER = env_int(
    "DOSSIER_JOB_STALE_AFTER", DOSSIER_BROKER_VISIBILITY_TIMEOUT + DOSSIER_RENDER_TIME_LIMIT
)
# Chord results (ids and digests only) are read once by the merge task.
CELERY_RESULT_EXPIRES = 6 * 3600
# Periodic work (`celery -A renaten beat`, one per deployment; workers also sweep at start).
CELERY_BEAT_SCHEDULE.update(
    {
        "dossiers-sweep-stale-jobs": {"task": "dossiers.sweep_stale_jobs", "schedule": 60.0},
        "dossiers-purge-parts": {"task": "dossiers.purge_parts", "schedule": 3600.0},
    }
)

# Documents attached to cases (attachments app): PDF, PNG and JPEG only, checked by content.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
# The capped handler first: an upload over the limit stops being read, and is never stored.
FILE_UPLOAD_HANDLERS = [
    "attachments.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# An image larger than this (width × height) is refused before it is decoded (image bombs).
ATTACHMENT_MAX_PIXELS = env_int("ATTACHMENT_MAX_PIXELS", 40_000_000)
# A PDF with more pages (or objects) than this is refused: nobody reads it, it costs workers.
ATTACHMENT_MAX_PDF_PAGES = env_int("ATTACHMENT_MAX_PDF_PAGES", 300)
# Length of a session in its calendar invitation (.ics), in minutes.
SESSION_ICS_DURATION_MINUTES = env_int("SESSION_ICS_DURATION_MINUTES", 120)
# E-mail: the console in development, SMTP from the environment in production. Notifications
# carry a case number and a link, never patient data.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "rcp-renaten@localhost")
# The address users reach the app at, for links in e-mails (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DECISION_EMAIL_MAX_RETRIES = env_int("DECISION_EMAIL_MAX_RETRIES", 5)
# Exchange documents (CDA R2 N3 FRCP / PPS, FHIR R4). The identifiers below are PLACEHOLDERS
# under the test arc 1.2.250.1.999 and fictional directory numbers: a deploying organisation
# replaces them with the OID it registered (ANS/HL7 France) and its ANRCP numbers.
# Derived roots: <ORG>.2.<centre id> = a centre's patient IPPs (when no centre OID is set),
# <ORG>.3 = the app's user accounts (professionals without an RPPS number), <ORG>.4 = boards,
# <ORG>.5 = sessions, <ORG>.10 = fiche RCP documents, <ORG>.11 = PPS documents.
INTEROP_ORG_OID = os.environ.get("INTEROP_ORG_OID", "1.2.250.1.999.1")
# {"<centre FINESS or id>": "<OID of that centre's IPP domain>"}; others get <ORG>.2.<centre id>.
INTEROP_CENTRE_IPP_OIDS = json.loads(os.environ.get("INTEROP_CENTRE_IPP_OIDS", "{}") or "{}")
# INS root: 1.2.250.1.213.1.4.8 (INS-NIR) in production; the test NIR root for fictional data.
INTEROP_INS_OID = os.environ.get("INTEROP_INS_OID", "1.2.250.1.213.1.4.10")
# National identifiers of the regional cancer network (RRC), the RCP manager (3C) and the RCP
# in the ANRCP directory: the FRCP encounter carries all three.
INTEROP_RRC_ID = os.environ.get("INTEROP_RRC_ID", "9999")
INTEROP_RCP_MANAGER_ID = os.environ.get("INTEROP_RCP_MANAGER_ID", "999901")
INTEROP_RCP_ID = os.environ.get("INTEROP_RCP_ID", "99990001")
# The référentiel named in the fiche's "cadre de la proposition".
INTEROP_GUIDELINE_NAME = os.environ.get(
    "INTEROP_GUIDELINE_NAME", "Référentiel RENATEN — carcinoïdes bronchiques"
)
# The ANS conformance kit: INTEROP_KIT_DIR, above (one setting, shared with the self-contained
# checks).
