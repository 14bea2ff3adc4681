"""Settings shared by every environment. Differences come from environment variables.

DATABASE_URL   database for every command (default: SQLite file under var/)
SECRET_KEY     Django secret key (production must set it)
FIELD_ENCRYPTION_KEYS  comma-separated Fernet keys for safeguarding free text; the first
                encrypts, all decrypt (rotation: put a new key first, run
                `saferschools rotate-field-key`)
SHARED_DATA_DIR  folder of real public extracts (default: ../shared/data beside the project)
AUDIT_HMAC_KEYS  comma-separated secrets (32+ characters) keying the audit chain's HMAC; the
                first signs, all verify (production refuses to start without one)
AUDIT_ANCHOR_FILE  where the audit chain's anchors are appended (default var/audit-anchors.log)
MESSAGES_BACKEND outbox (default) | email (SMTP: EMAIL_HOST, EMAIL_PORT, ...) | notify (GOV.UK
                Notify: NOTIFY_API_KEY, NOTIFY_EMAIL_TEMPLATE_ID, NOTIFY_SMS_TEMPLATE_ID)
SITE_URL        the site's address, for links in messages
CELERY_BROKER_URL  the task queue (default: a SQLite file under var/, no server needed;
                production: redis://host:6379/0 or amqp://user:pass@host:5672//)
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SAFERSCHOOLS_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-" + "x" * 20)
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "saferschools.core",
    "saferschools.accounts",
    "saferschools.estate",
    "saferschools.workforce",
    "saferschools.allocation",
    "saferschools.rostering",
    "saferschools.casework",
    "saferschools.engagement",
    "saferschools.oversight",
    "saferschools.frontdoor",
    "saferschools.encompass",
    "saferschools.people",
    "saferschools.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "saferschools.core.middleware.ApiJsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "saferschools.accounts.middleware.SessionPolicyMiddleware",
    "saferschools.accounts.middleware.DeniedAccessAuditMiddleware",
    "saferschools.accounts.middleware.AccountPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "saferschools.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "saferschools" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "saferschools.core.context_processors.service",
                "saferschools.estate.context_processors.area",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'saferschools.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # IMMEDIATE: a transaction takes the write lock when it starts, so two writers of the
    # hash-chained audit log never read the same "last entry" (accounts/audit.py).
    # WAL: readers never wait for the writer (the web server, the queue worker and the audit
    # sealer share the file); durability as the default journal (synchronous stays FULL).
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Passwords: Argon2 first (NCSC / OWASP), length over complexity, no forced rotation.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "saferschools.accounts.validators.LengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "saferschools.accounts.validators.BreachedPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: 15 minutes idle, 12 hours in all (enforced by SessionPolicyMiddleware).
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_IDLE_SECONDS = 15 * 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Lockout after 6 failures for 30 minutes.
AXES_FAILURE_LIMIT = 6
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Offline breached-password list (SHA-1, sorted; "HASH" or "HASH:COUNT" lines). Default: the
# small list shipped in accounts/data/.
BREACHED_PASSWORDS_FILE = os.environ.get("BREACHED_PASSWORDS_FILE", "")

# Two-factor: police roles and the system administrator must pass a TOTP code after their
# password (accounts/otp.py, enforced by AccountPolicyMiddleware). Off only in test settings.
OTP_REQUIRED_FOR_POLICE = True

# People: invitations (one-time links) and the address they point at when sent from the
# command line (a web page uses the address it was reached on).
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "7"))
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Single sign-on for police staff by OpenID Connect (mozilla-django-oidc), on when
# OIDC_RP_CLIENT_ID is set. An identity maps only to an existing police account (by a pinned
# subject, else the verified e-mail once); it never creates an account or gives a role
# (people/oidc.py, docs/decisions/131-oidc-for-police-staff.md).
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get(
    "OIDC_OP_AUTHORIZATION_ENDPOINT", f"{OIDC_OP_ISSUER}/auth" if OIDC_OP_ISSUER else ""
)
OIDC_OP_TOKEN_ENDPOINT = os.environ.get(
    "OIDC_OP_TOKEN_ENDPOINT", f"{OIDC_OP_ISSUER}/token" if OIDC_OP_ISSUER else ""
)
OIDC_OP_USER_ENDPOINT = os.environ.get(
    "OIDC_OP_USER_ENDPOINT", f"{OIDC_OP_ISSUER}/me" if OIDC_OP_ISSUER else ""
)
OIDC_OP_JWKS_ENDPOINT = os.environ.get(
    "OIDC_OP_JWKS_ENDPOINT", f"{OIDC_OP_ISSUER}/jwks" if OIDC_OP_ISSUER else ""
)
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email"
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "your force account")
#: The force's identity provider enforces its own multi-factor sign-in, so a single sign-on
#: stands in for SaferSchools' TOTP code. Set to 0 to ask for the TOTP code as well.
OIDC_SATISFIES_TWO_FACTOR = os.environ.get("OIDC_SATISFIES_TWO_FACTOR", "1") == "1"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?sso=refused"
OIDC_BACKEND = "saferschools.people.oidc.PoliceOIDCBackend"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, OIDC_BACKEND]
OTP_TOTP_ISSUER = "SaferSchools"
OTP_TOTP_THROTTLE_FACTOR = 1

# API tokens end after API_TOKEN_LIFETIME_HOURS, or API_TOKEN_IDLE_MINUTES unused (the web
# session's idle rule), or when revoked (accounts/authentication.py).
API_TOKEN_LIFETIME_HOURS = int(os.environ.get("API_TOKEN_LIFETIME_HOURS", "12"))
API_TOKEN_IDLE_MINUTES = int(os.environ.get("API_TOKEN_IDLE_MINUTES", "15"))

# Audit: the client's address from X-Forwarded-For (only behind a proxy that sets it).
AUDIT_TRUST_X_FORWARDED_FOR = os.environ.get("AUDIT_TRUST_X_FORWARDED_FOR", "0") == "1"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static_build"]
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'; frame-ancestors 'none'"
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "saferschools.accounts.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "saferschools.core.paging.ScopedPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "saferschools.core.openapi.SaferSchoolsAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "saferschools.accounts.throttling.AnonRateThrottle",
        "saferschools.accounts.throttling.UserRateThrottle",
    ],
    # Per client, counted in the shared store (accounts.throttling); API_THROTTLE_* override.
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "600/minute"),
    },
    "EXCEPTION_HANDLER": "saferschools.accounts.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SaferSchools API",
    "DESCRIPTION": "Schools Officers programme: estate, allocation, rostering, casework, oversight.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "SexEnum": "saferschools.casework.choices.Sex",
        "EthnicityEnum": "saferschools.casework.choices.Ethnicity",
        "YesNoUnknownEnum": "saferschools.casework.models.YesNoUnknown",
        "SenEnum": "saferschools.casework.models.Sen",
        "LookedAfterEnum": "saferschools.casework.choices.Lac",
        "PlanStatusEnum": "saferschools.allocation.models.Plan.Status",
    },
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rate-limit counters (public forms, API throttles) live in a store every worker shares
# (core.ratelimit): the database by default, Redis when this is set (redis://host:6379/0).
RATELIMIT_REDIS_URL = os.environ.get("RATELIMIT_REDIS_URL", "")

# Messages that leave the building (decision record 122). MESSAGES_BACKEND: "outbox" keeps
# every message on the outbox page and sends nothing (the default: `make run` needs no mail
# server); "email" sends through Django's e-mail framework (SMTP, settings below; the default
# once EMAIL_HOST is set); "notify" through GOV.UK Notify (e-mail and text messages).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
MESSAGES_BACKEND = os.environ.get("MESSAGES_BACKEND", "email" if EMAIL_HOST else "outbox")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "saferschools@example.police.uk")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MESSAGES_REPLY_TO = os.environ.get("MESSAGES_REPLY_TO", "")
MESSAGES_MAX_ATTEMPTS = int(os.environ.get("MESSAGES_MAX_ATTEMPTS", "5"))
MESSAGES_RETRY_SECONDS = float(os.environ.get("MESSAGES_RETRY_SECONDS", "60"))
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_SMS_TEMPLATE_ID = os.environ.get("NOTIFY_SMS_TEMPLATE_ID", "")
# The address links in messages start with (the site as people outside reach it).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Task queue: Celery (decision record 120). The broker is chosen by CELERY_BROKER_URL alone;
# the default is kombu's SQLAlchemy transport on a SQLite file, so `make run` needs no server.
# Results live on the `Job` row, so there is no result backend.
CELERY_BROKER_URL = os.environ.get(
    "CELERY_BROKER_URL", f"sqla+sqlite:///{VAR_DIR / 'queue.sqlite3'}"
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "0") == "1"
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "saferschools")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if CELERY_BROKER_URL.startswith("redis"):
    # A job may run for hours (England-wide imports): don't re-deliver it meanwhile.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 6 * 3600}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The daily jobs (each is also a `saferschools` command and a `Job` row when it runs).
CELERY_BEAT_SCHEDULE = {
    # Read entries wait in the pending table (no lock for readers) until sealed into the audit
    # chain: every minute (accounts/tasks.py, decision record 205).
    "audit-seal": {"task": "saferschools.audit_seal", "schedule": 60.0},
    "review-due": {
        "task": "saferschools.scheduled_job",
        "schedule": crontab(hour=6, minute=30),
        "args": ("casework.review_due",),
    },
    "alerts-overdue": {
        "task": "saferschools.scheduled_job",
        "schedule": crontab(hour=6, minute=40),
        "args": ("casework.alerts_overdue",),
    },
    "alerts-digest": {
        "task": "saferschools.scheduled_job",
        "schedule": crontab(hour=7, minute=0),
        "args": ("core.alerts_digest",),
    },
    "escalate-overdue": {
        "task": "saferschools.scheduled_job",
        "schedule": crontab(hour=6, minute=50),
        "args": ("frontdoor.escalate_overdue",),
    },
    "encompass-review-due": {
        "task": "saferschools.scheduled_job",
        "schedule": crontab(hour=6, minute=35),
        "args": ("encompass.review_due",),
    },
    # Hourly in the morning: a notification is due at the start of a school day.
    "encompass-escalate": {
        "task": "saferschools.scheduled_job",
        "schedule": crontab(minute=5, hour="7-18"),
        "args": ("encompass.escalate",),
    },
}

SHARED_DATA_DIR = Path(os.environ.get("SHARED_DATA_DIR", BASE_DIR.parent / "shared" / "data"))

# Safeguarding free text is encrypted at rest (Fernet). First key encrypts; all decrypt.
# The development key below is public: production settings refuse to start with it.
DEV_FIELD_ENCRYPTION_KEY = "Zm9yLWRldmVsb3BtZW50LW9ubHktMzItYnl0ZXMtISE="
FIELD_ENCRYPTION_KEYS = [
    k for k in os.environ.get("FIELD_ENCRYPTION_KEYS", DEV_FIELD_ENCRYPTION_KEY).split(",") if k
]

# The audit chain is an HMAC keyed with a secret held outside the database (the first key
# signs; older ones still verify what they signed). The development key below is public:
# production settings refuse to start without AUDIT_HMAC_KEYS.
DEV_AUDIT_HMAC_KEY = "development-only-audit-key-not-secret-0000"
AUDIT_HMAC_KEYS = [
    k for k in os.environ.get("AUDIT_HMAC_KEYS", DEV_AUDIT_HMAC_KEY).split(",") if k.strip()
]
# Anchors (the chain's head) written outside the database every N entries and by
# `saferschools audit-anchor`; verify-audit checks them. Empty: the log only.
AUDIT_ANCHOR_FILE = os.environ.get("AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.log"))
AUDIT_ANCHOR_EVERY = int(os.environ.get("AUDIT_ANCHOR_EVERY", "1000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Anchors go to the log shipper as well as the anchor file.
        "saferschools.audit.anchor": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Account lockout is by username, as the programme requires ("the sixth wrong password locks
# the account"); axes' warning about IP rotation does not apply to a username lock.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Links in messages that leave the building (e-mails) point here.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Operation Encompass: an unacknowledged notification is escalated to the force's Encompass lead
# and the school's named officer this many minutes after the start of the school day it was due.
ENCOMPASS_ACKNOWLEDGE_WITHIN_MINUTES = int(
    os.environ.get("ENCOMPASS_ACKNOWLEDGE_WITHIN_MINUTES", "120")
)
