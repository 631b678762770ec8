"""Opstap settings, read from the environment (see the table in README.md).

DEBUG is off unless DJANGO_DEBUG turns it on (`make run` does). Without DEBUG, Opstap refuses
to start unless SECRET_KEY and ALLOWED_HOSTS are set.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
import pghistory
from celery.schedules import crontab
from csp.constants import NONCE as CSP_NONCE
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.core.exceptions import ImproperlyConfigured

from config.embedded_db import APP_ROLE as EMBEDDED_APP_ROLE
from config.embedded_db import embedded_database
from config.log_settings import logging_settings

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    missing = [
        name
        for name, value in [("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS)]
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"Opstap start niet zonder {' en '.join(missing)}: zet deze omgevingsvariabele(n) "
            "(zie README, Configuratie), of zet DJANGO_DEBUG=1 voor ontwikkeling."
        )

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "template_partials",
    "organisations",
    "clients",
    "categorisation",
    "trajectories",
    "plans",
    "agenda",
    "contacts",
    "deadlines",
    "budgets",
    "reporting",
    "security",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "pgtrigger",
    "pghistory",
    "history",
    "documents",
    "approvals",
    "handover",
    "measures",
    "letters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "security.middleware.RequestIdMiddleware",
    "security.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "security.sessions.SessionTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Puts the user and URL of a change on its history events.
    "pghistory.middleware.HistoryMiddleware",
    "security.twofactor.TwoFactorRequiredMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "organisations.context_processors.navigation",
                "csp.context_processors.nonce",
                "security.context_processors.session_timeout",
            ],
            # Money, counts and dates written one way on every page (core/formatting.py).
            "libraries": {"opstap": "core.templatetags.opstap"},
        },
    },
]

# Two database roles (docs/security.md): the owner runs `migrate` and then
# `grant_application_role`, which gives OPSTAP_DATABASE_APP_ROLE its rights; the web server,
# worker and beat log in as that application role.
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
    OPSTAP_DATABASE_APP_ROLE = env.str("DATABASE_APP_ROLE", default="")
else:
    DATABASES = {
        "default": embedded_database(role=env.str("OPSTAP_EMBEDDED_DB_ROLE", default="owner"))
    }
    OPSTAP_DATABASE_APP_ROLE = EMBEDDED_APP_ROLE
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
# JIT compilation costs ~100 ms per large aggregate and gains nothing at this size.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisations.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout (django-axes): after OPSTAP_LOGIN_FAILURE_LIMIT failed logins for one username from one
# IP address, that combination is locked for OPSTAP_LOGIN_LOCKOUT_MINUTES. Per username and IP, so
# that a typo-prone office behind one address is not locked out together, and nobody elsewhere can
# lock a colleague out. Attempts are kept in the database (admin: "Axes") and logged.
AXES_FAILURE_LIMIT = env.int("OPSTAP_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("OPSTAP_LOGIN_LOCKOUT_MINUTES", default=5))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "security.views.lockout"
AXES_HTTP_RESPONSE_CODE = 429
AXES_SENSITIVE_PARAMETERS = ["password"]
# The address a failure counts against is the real client's (security/login.py): behind the TLS
# proxy the hop the proxy appended to X-Forwarded-For, never one a client wrote; otherwise the
# connection's own address.
OPSTAP_TRUSTED_PROXY_COUNT = (
    env.int("OPSTAP_TRUSTED_PROXY_COUNT", default=1)
    if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False)
    else 0
)
AXES_CLIENT_IP_CALLABLE = "security.login.client_ip"
# Many addresses guessing at one account: after this many failures for a username within the
# window, attempts from addresses the user never logged in from wait this long after the last.
OPSTAP_LOGIN_ACCOUNT_FAILURES = env.int("OPSTAP_LOGIN_ACCOUNT_FAILURES", default=10)
OPSTAP_LOGIN_ACCOUNT_WINDOW_MINUTES = env.int("OPSTAP_LOGIN_ACCOUNT_WINDOW_MINUTES", default=15)
OPSTAP_LOGIN_ACCOUNT_DELAY_SECONDS = env.int("OPSTAP_LOGIN_ACCOUNT_DELAY_SECONDS", default=30)

# Single sign-on through OpenID Connect (security/oidc.py), on when a client id is set.
OPSTAP_OIDC_ENABLED = bool(env.str("OIDC_RP_CLIENT_ID", default=""))
OPSTAP_OIDC_USERNAME_CLAIM = env.str("OPSTAP_OIDC_USERNAME_CLAIM", default="preferred_username")
OPSTAP_OIDC_REQUIRE_MFA = env.bool("OPSTAP_OIDC_REQUIRE_MFA", default=True)
OPSTAP_OIDC_MFA_AMR = env.list("OPSTAP_OIDC_MFA_AMR", default=["mfa", "otp", "hwk", "swk", "sc"])
OPSTAP_OIDC_MFA_ACR = env.list("OPSTAP_OIDC_MFA_ACR", default=[])
if OPSTAP_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("security.oidc.OpstapOIDCBackend")
    OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
    OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
    OIDC_CREATE_USER = False
    OIDC_USE_PKCE = True
    LOGIN_REDIRECT_URL_FAILURE = "login"

# Change history (history/models.py): pgtrigger installs the history triggers after every
# migrate, so that the tracked apps' migrations stay their own.
PGTRIGGER_MIGRATIONS = False
PGTRIGGER_INSTALL_ON_MIGRATE = True
# The history's copies of foreign keys carry no index: the history is read by client
# (history/models.py indexes those), never by organisation, user or code, and each index is a
# write for every change (issue 22).
PGHISTORY_FOREIGN_KEY_FIELD = pghistory.ForeignKey(db_index=False)

# Two-factor authentication (TOTP) for beheerders and every admin user (security/twofactor.py).
OPSTAP_REQUIRE_2FA = env.bool("OPSTAP_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = "Opstap"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
# Dutch for Django's own strings that its catalogs miss (locale/nl/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Documents on the client file (documents/storage.py): private, outside the static and media
# roots, served only by the scoped download. A local folder (created 0700, files 0600) unless
# OPSTAP_DOCUMENTS_STORAGE names another Django storage backend (e.g. an S3-compatible one) with
# its OPSTAP_DOCUMENTS_STORAGE_OPTIONS (JSON).
OPSTAP_DOCUMENTS_DIR = env.str("OPSTAP_DOCUMENTS_DIR", default=str(BASE_DIR / "var" / "documents"))
OPSTAP_DOCUMENTS_STORAGE = env.str(
    "OPSTAP_DOCUMENTS_STORAGE", default="django.core.files.storage.FileSystemStorage"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": {
        "BACKEND": OPSTAP_DOCUMENTS_STORAGE,
        "OPTIONS": env.json("OPSTAP_DOCUMENTS_STORAGE_OPTIONS", default={})
        or {
            "location": OPSTAP_DOCUMENTS_DIR,
            "base_url": None,
            "directory_permissions_mode": 0o700,
            "file_permissions_mode": 0o600,
        },
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

WHITENOISE_USE_FINDERS = DEBUG
if DEBUG:
    # Development serves from the finders; there is no collected STATIC_ROOT to warn about.
    import warnings

    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Sessions end after OPSTAP_SESSION_IDLE_MINUTES without activity and OPSTAP_SESSION_MAX_HOURS
# after login (security/sessions.py); the cookie itself goes when the browser closes.
OPSTAP_SESSION_IDLE_MINUTES = env.int("OPSTAP_SESSION_IDLE_MINUTES", default=15)
OPSTAP_SESSION_MAX_HOURS = env.int("OPSTAP_SESSION_MAX_HOURS", default=12)
OPSTAP_SESSION_WARNING_SECONDS = env.int("OPSTAP_SESSION_WARNING_SECONDS", default=120)
SESSION_COOKIE_AGE = OPSTAP_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Transport security (docs/security.md). HSTS for a year, subdomains included; preloading is
# the domain owner's decision for the registrable domain, not Opstap's (security.W021 silenced).
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer asks /health/ over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content Security Policy (django-csp). Scripts only from Opstap itself, and a script element in
# a template carries the request's nonce. Styles only from stylesheets: no style attributes.
# Bootstrap's stylesheet draws its icons (select arrow, close button) as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF, CSP_NONCE],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_NONE],
        "frame-ancestors": [CSP_NONE],
        "form-action": [CSP_SELF],
    },
}

# Celery: without a broker, tasks run eagerly in-process (the embedded default).
CELERY_TASK_ALWAYS_EAGER = not env.str("CELERY_BROKER_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Last month's report for every municipality; a missed day is caught up the next.
    "reporting-ensure-monthly-reports": {
        "task": "reporting.tasks.ensure_monthly_reports",
        "schedule": crontab(hour=3, minute=0),
    },
    # Runs that could not be queued (broker down) or were lost with a worker.
    "reporting-sweep-report-runs": {
        "task": "reporting.tasks.sweep_report_runs",
        "schedule": crontab(minute="*/5"),
    },
    # Clients whose last benefit ended more than OPSTAP_RETENTION_YEARS ago are anonymised.
    "security-apply-retention": {
        "task": "security.tasks.apply_retention_nightly",
        "schedule": crontab(hour=1, minute=30),
    },
    # Participatiebaan premiums fall due at each completed half year.
    "trajectories-record-due-premiums": {
        "task": "trajectories.tasks.record_due_premiums_daily",
        "schedule": crontab(hour=2, minute=15),
    },
}

# Opstap's own settings.
# Years after the end of a client's last benefit before the client is anonymised (VNG
# Selectielijst 2020, category 8.1: 10 years).
OPSTAP_RETENTION_YEARS = env.int("OPSTAP_RETENTION_YEARS", default=10)
OPSTAP_IMPORT_MAX_BYTES = env.int("OPSTAP_IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
# A caseload file larger than this is checked and imported by the Celery worker, with progress on
# the page, instead of in the web request (clients/importer/background.py).
OPSTAP_IMPORT_BACKGROUND_BYTES = env.int("OPSTAP_IMPORT_BACKGROUND_BYTES", default=1024 * 1024)
# Where an uploaded caseload file waits between checking and confirming (shared by web servers).
OPSTAP_IMPORT_DIR = env.str("OPSTAP_IMPORT_DIR", default="")
# Caseload import limits (docs/import.md): a file beyond one is refused before it is parsed.
OPSTAP_IMPORT_MAX_ROWS = env.int("OPSTAP_IMPORT_MAX_ROWS", default=200_000)
OPSTAP_IMPORT_MAX_COLUMNS = env.int("OPSTAP_IMPORT_MAX_COLUMNS", default=26)
OPSTAP_IMPORT_MAX_UNPACKED_BYTES = env.int(
    "OPSTAP_IMPORT_MAX_UNPACKED_BYTES", default=200 * 1024 * 1024
)
OPSTAP_IMPORT_MAX_ERRORS = env.int("OPSTAP_IMPORT_MAX_ERRORS", default=1000)
# The largest document a consulent may upload to a client file (documents/services.py).
OPSTAP_DOCUMENT_MAX_BYTES = env.int("OPSTAP_DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
OPSTAP_CASELOAD_PAGE_SIZE = env.int("OPSTAP_CASELOAD_PAGE_SIZE", default=50)
# A budget line warns when spent plus committed reaches this share of its budget (and at 100%).
OPSTAP_BUDGET_WARNING_PERCENT = env.int("OPSTAP_BUDGET_WARNING_PERCENT", default=90)
# Monthly reports: a benefit restarting within this many days after it ended counts as one spell
# (neither uitstroom nor instroom; CBS practice).
OPSTAP_REPORT_RESTART_DAYS = env.int("OPSTAP_REPORT_RESTART_DAYS", default=30)
OPSTAP_REPORT_WORK_MEM = env.str("OPSTAP_REPORT_WORK_MEM", default="64MB")
# A run still "bezig" after this many minutes is taken to be lost with its worker and is queued again.
OPSTAP_REPORT_STALE_MINUTES = env.int("OPSTAP_REPORT_STALE_MINUTES", default=15)
# A report build takes along up to this many waiting months of its municipality (itself included).
OPSTAP_REPORT_BATCH_MONTHS = env.int("OPSTAP_REPORT_BATCH_MONTHS", default=36)
# A drill-down list downloads as XLSX up to this many rows (the workbook is built in memory);
# a longer one as CSV only, which is streamed.
OPSTAP_DRILL_XLSX_MAX_ROWS = env.int("OPSTAP_DRILL_XLSX_MAX_ROWS", default=20000)

# Termijnbewaking (deadlines): the periods of DOMAIN §2-4 and §7 that are not already rules
# stored as data (a unit's re-assessment interval, a trajectory type's evaluation, premium and
# maximum duration). See docs/deadlines.md.
# Signals show from this many days before their due date, and every overdue one.
# Dates further ahead than this are refused as typing errors (core.dates).
OPSTAP_DATE_HORIZON_YEARS = env.int("OPSTAP_DATE_HORIZON_YEARS", default=10)
OPSTAP_SIGNAL_LOOKAHEAD_DAYS = env.int("OPSTAP_SIGNAL_LOOKAHEAD_DAYS", default=14)
# Personal contact at least every N months, per unit code (participatiegroep once a year).
OPSTAP_SIGNAL_CONTACT_MONTHS = env.dict(
    "OPSTAP_SIGNAL_CONTACT_MONTHS",
    cast={"value": int},
    default={"re_integratie": 3, "participatie": 12},
)
OPSTAP_SIGNAL_TRAJECTORY_END_DAYS = env.int("OPSTAP_SIGNAL_TRAJECTORY_END_DAYS", default=30)
OPSTAP_SIGNAL_TRAINING_MONTHS = env.int("OPSTAP_SIGNAL_TRAINING_MONTHS", default=6)
# Trajectory types after which training is offered (no startkwalificatie), and the types that
# count as that training.
OPSTAP_SIGNAL_TRAINING_AFTER_TYPES = env.list(
    "OPSTAP_SIGNAL_TRAINING_AFTER_TYPES", default=["participatiebaan"]
)
OPSTAP_SIGNAL_TRAINING_TYPES = env.list("OPSTAP_SIGNAL_TRAINING_TYPES", default=["scholing"])
OPSTAP_SIGNAL_TAALEIS_TEST_WEEKS = env.int("OPSTAP_SIGNAL_TAALEIS_TEST_WEEKS", default=8)
OPSTAP_SIGNAL_TAALEIS_NOTICE_WEEKS = env.int("OPSTAP_SIGNAL_TAALEIS_NOTICE_WEEKS", default=8)
OPSTAP_SIGNAL_ONTHEFFING_END_DAYS = env.int("OPSTAP_SIGNAL_ONTHEFFING_END_DAYS", default=30)
OPSTAP_SIGNAL_ART9A_REVIEW_MONTHS = env.int("OPSTAP_SIGNAL_ART9A_REVIEW_MONTHS", default=6)
# The search period of jongeren under 27 after their application; 0: not used.
OPSTAP_SIGNAL_YOUTH_SEARCH_WEEKS = env.int("OPSTAP_SIGNAL_YOUTH_SEARCH_WEEKS", default=4)
# After this many weeks past the search period the application is decided; the signal lapses.
OPSTAP_SIGNAL_YOUTH_DECISION_WEEKS = env.int("OPSTAP_SIGNAL_YOUTH_DECISION_WEEKS", default=8)
OPSTAP_SIGNAL_NO_SHOW_DAYS = env.int("OPSTAP_SIGNAL_NO_SHOW_DAYS", default=3)  # follow up a no-show
# A consulent may put a signal off until at most this many days ahead (docs/deadlines.md).
OPSTAP_SIGNAL_POSTPONE_MAX_DAYS = env.int("OPSTAP_SIGNAL_POSTPONE_MAX_DAYS", default=90)
# Error reports (mail to admins, DEBUG's 500 page) mask BSNs as well as secrets.
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.bsn.BsnSafeExceptionReporterFilter"

# Log lines carry the request id and never a BSN (config/log_settings.py).
LOGGING = logging_settings(level=env.str("DJANGO_LOG_LEVEL", default="INFO"))
