"""Settings for every environment, read from the environment.

The defaults run the portal on a laptop (`make run`): SQLite under var/,
Celery in eager mode, console e-mail, files under var/. Production sets
DATABASE_URL, REDIS_URL, SECRET_KEY and ALLOWED_HOSTS (see docker-compose.yml).
"""

import os
from datetime import date
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "simple_history",
    "django_fsm",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "mhhs_portal",
    "qualification",
    "waves",
    "qad",
    "service_activation",
    "governance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "mhhs_portal.api.middleware.ApiProblemMiddleware",
    "mhhs_portal.api.idempotency.IdempotencyMiddleware",
    "mhhs_portal.api.etag.ETagMiddleware",
    "mhhs_portal.security.middleware.SessionSecurityMiddleware",
    "mhhs_portal.security.middleware.DeniedAccessAuditMiddleware",
]

ROOT_URLCONF = "mhhs_portal.urls"
WSGI_APPLICATION = "mhhs_portal.wsgi.application"

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
                "mhhs_portal.context_processors.navigation",
                "waves.context_processors.demo_date",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A persistent connection that PostgreSQL dropped (a restart, a
        # failover) is noticed before the request uses it, not by the user.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a Celery task or a second request writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "qualification.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# Accounts are created by organisation admins and the programme, never by
# self sign-up: a portal account is a statement about a regulated company.
ACCOUNT_ADAPTER = "qualification.adapters.InviteOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
# Failed sign-ins count per address and per (address, account): the adapter
# puts the client's address into the key, so somebody guessing passwords from
# elsewhere cannot lock the real person out (mhhs_portal.security.ratelimit).
ACCOUNT_RATE_LIMITS = {"login": "30/m/ip", "login_failed": "20/m/ip,5/5m/key"}
# Behind a proxy, how many X-Forwarded-For hops to trust for the client address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Evidence is private: it lives outside any served folder and is streamed
# only by views that check the reader's scope.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "MHHS Qualification <no-reply@localhost>")

REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without a broker the tasks run in-process, so `make run` needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    # Daily, Europe/London (CELERY_TIMEZONE): after midnight a deadline that
    # was due yesterday becomes overdue, before people start work.
    # Every hour from 05:30: the first tick of the day sweeps, the others find
    # the day's run row and skip, unless the earlier ticks never arrived.
    "sweep-deadlines": {
        "task": "waves.tasks.sweep_deadlines_daily",
        "schedule": crontab(hour="5-23", minute=30),
    },
    # Hands over background work the broker missed (mhhs_portal.outbox).
    "drain-outbox": {"task": "mhhs_portal.tasks.outbox_drain", "schedule": 60.0},
}
# A broker outage must cost a request milliseconds, not a hang: the outbox
# keeps the work, so publishing neither retries nor waits long.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = float(os.environ.get("CELERY_BROKER_TIMEOUT", "2"))
# A message a killed worker had taken goes to another worker after this many
# seconds. Longer than any task runs; nothing is scheduled with a countdown.
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Workers look for such messages every few seconds (one cheap Redis scan).
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT)),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CACHES = {
    "default": (
        {
            # Pages and sign-in keep working while Redis is down (see the class).
            "BACKEND": "mhhs_portal.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mhhs_portal.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "mhhs_portal.api.permissions.TokenScopeAllows",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["mhhs_portal.api.throttling.ApiTokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "mhhs_portal.api.pagination.DefaultCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "mhhs_portal.api.schema.ProblemAutoSchema",
    "EXCEPTION_HANDLER": "mhhs_portal.api.errors.problem_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append(
        "rest_framework.renderers.BrowsableAPIRenderer"
    )
# Requests a minute (or hour) per API token; the browser's session is not throttled.
API_TOKEN_RATE = os.environ.get("API_TOKEN_RATE", "1200/minute")
# API bodies above this are refused with 413 before anything reads them.
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_BYTES", 256 * 1024))
# A failed webhook delivery is retried after 1, 2, 4, 8, 16 times this.
WEBHOOK_RETRY_BASE_SECONDS = int(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", 30))
SPECTACULAR_SETTINGS = {
    "TITLE": "MHHS Qualification Portal API",
    "DESCRIPTION": (
        "Read and sync the qualification status of MHHS market participants. "
        "Errors are RFC 9457 problem details with a machine-readable `code`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Tag operations by resource (organisations, qualifications...) rather than "v1".
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # The documentation's JavaScript is served from our own static files: no CDN.
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_UI_SETTINGS": {"hideDownloadButton": False},
    "ENUM_NAME_OVERRIDES": {
        "QualificationStatusEnum": "qualification.models.QualificationStatus",
        "AllocationStatusEnum": "waves.models.AllocationStatus",
        "MembershipRoleEnum": "qualification.models.MembershipRole",
        "ActivationStepEnum": "service_activation.models.Step",
        "ActivationStepInputEnum": "service_activation.steps.STEP_INPUT_CHOICES",
        "ActivationTicketStatusEnum": "service_activation.models.TicketStatus",
        "DipOfficerRoleEnum": "service_activation.models.OfficerRole",
        "DeadlineStatusEnum": "waves.rules.Status",
        "RuleKindEnum": "waves.models.RuleKind",
        "FindingKindEnum": "governance.models.findings.FindingKind",
        "FindingStatusEnum": "governance.models.findings.FindingStatus",
        "WorkOffStatusEnum": "governance.models.defects.WorkOffStatus",
        "ExemptionStatusEnum": "governance.models.exemptions.ExemptionStatus",
        "MarketExitKindEnum": "governance.models.mpids.ExitKind",
        "MpidPlanEnum": "governance.models.mpids.MpidPlan",
        "DeliverableStatusEnum": "waves.deliverables.models.DeliverableStatus",
        "DeliverableKindEnum": "waves.deliverables.kinds.DeliverableKind",
        "CheckpointOutcomeEnum": "waves.deliverables.models.CheckpointOutcome",
    },
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Identity (mhhs_portal.security): MFA for staff and Directors, session
# timeouts, re-authentication before sensitive actions.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "MHHS Qualification Portal"
# One 30-second period either side: phones whose clocks drift still work.
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "mhhs_portal.security.mfa.PortalMfaAdapter"
# `make run` only: demo staff and Directors are enrolled in TOTP and may type
# this code instead of one from an app. allauth refuses it without DEBUG.
MFA_TOTP_INSECURE_BYPASS_CODE = (os.environ.get("DEMO_TOTP_CODE") or None) if DEBUG else None
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("SESSION_ABSOLUTE_TIMEOUT", str(12 * 3600)))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        **(
            {
                "audit_file": {
                    "class": "logging.handlers.WatchedFileHandler",
                    "filename": os.environ["AUDIT_LOG_FILE"],
                }
            }
            if os.environ.get("AUDIT_LOG_FILE")
            else {}
        ),
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Eager tasks (make run) would log every success on the console.
        "celery.app.trace": {"level": "WARNING"},
        # Sign-ins and refusals (mhhs_portal.security.audit); AUDIT_LOG_FILE
        # also writes them to a file of their own.
        "mhhs.audit": {
            "level": "INFO",
            "handlers": ["audit_file"] if os.environ.get("AUDIT_LOG_FILE") else [],
        },
    },
}

# The programme's milestones that the product's rules depend on (QA&P §7.1,
# Appendix C). They are settings because change requests re-date them.
NON_SIT_MIGRATION_START = date.fromisoformat(
    os.environ.get("NON_SIT_MIGRATION_START", "2026-05-15")
)

# QAD evidence limits (qad.evidence_types): a file's size, and for a ZIP the
# entry count and total uncompressed size, read before anything is unpacked.
QAD_EVIDENCE_MAX_BYTES = int(os.environ.get("QAD_EVIDENCE_MAX_BYTES", str(25 * 1024 * 1024)))
QAD_ZIP_MAX_ENTRIES = int(os.environ.get("QAD_ZIP_MAX_ENTRIES", "1000"))
QAD_ZIP_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("QAD_ZIP_MAX_UNCOMPRESSED_BYTES", str(200 * 1024 * 1024))
)
# Links in e-mails need the portal's public address; empty leaves them
# relative (fine on a laptop, where the mail goes to the console).
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "").rstrip("/")

# Deadlines (waves): "due soon" starts this many days before a due date, and
# reminders go out at these days before it (the first when it becomes due soon).
DEADLINE_DUE_SOON_DAYS = int(os.environ.get("DEADLINE_DUE_SOON_DAYS", "14"))
DEADLINE_REMINDER_DAYS = tuple(int(day) for day in env_list("DEADLINE_REMINDER_DAYS", "14,7,1"))
# Every published cohort date is now in the past, so a development run stands
# on a mid-programme day to show every deadline status. Production leaves it
# unset and uses the real date. Pages, the sweep and the planner read it
# through waves.clock.portal_today().
DEMO_TODAY = (
    date.fromisoformat(os.environ["DEMO_TODAY"])
    if os.environ.get("DEMO_TODAY")
    else (date(2025, 10, 6) if DEBUG else None)
)
