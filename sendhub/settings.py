"""Settings for SEND Hub Portal, read from the environment and nowhere else.

With no environment at all you get the embedded default for a first run: a SQLite
file, Celery tasks run eagerly in the web process, email printed to the console and
DEBUG on. `DJANGO_ENV=production` demands real settings and refuses to start without
a secret key, a database and allowed hosts.
"""

from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable: DJANGO_ENV=production has no default for it.")
    return value


# --- Core -------------------------------------------------------------------------

if PRODUCTION:
    SECRET_KEY = _required("SECRET_KEY")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters in production.")
    DEBUG = False
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated) for DJANGO_ENV=production.")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-key-not-for-any-real-data-0123456789abcdef")
    DEBUG = env.bool("DEBUG", default=True)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SERVICE_NAME = "SEND Hub Portal"

# --- The production smoke test's 500 page -------------------------------------------------
# `make test-production` needs a real server error to see the GOV.UK 500 page with DEBUG off.
# With this off (the default, and what every real deployment must keep), /smoke-test/error/ is a
# 404 like any unknown address. Never set it outside that test.
SMOKE_TEST_ERROR_ROUTE = env.bool("SMOKE_TEST_ERROR_ROUTE", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "sendhub",
    "hubs",
    "pupils",
    "referrals",
    "consultations",
    "trusthub",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sendhub.twofactor.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A form sent after the session ended is kept and filled in again after signing in.
    "sendhub.session_timeout.KeepTypedFormMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "sendhub.audit.AuditContextMiddleware",
    # Links in emails and calendar files made during a request use its host (sendhub/links.py).
    "sendhub.links.RequestLinksMiddleware",
    # Axes last, as its documentation asks, so it sees the final response.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # gunicorn serves the collected, hashed static files itself; runserver and the test
    # server serve them from the finders.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "sendhub.urls"
WSGI_APPLICATION = "sendhub.wsgi.application"

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
                "sendhub.context_processors.service",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------

if PRODUCTION:
    DATABASES = {"default": env.db_url_config(_required("DATABASE_URL"))}
else:
    DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so two requests that
    # both write wait for each other instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA foreign_keys=ON;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No JIT: PostgreSQL compiles a query whose estimated cost is high, and for the dashboards'
    # grouped counts over a county (tens of milliseconds each) compiling took longer than running.
    # DATABASE_JIT=on leaves JIT to the server's setting: only for measuring its effect (benchmarks).
    if not env.bool("DATABASE_JIT", default=False):
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://sendhub")}

# --- Users, sign-in and lock-out ------------------------------------------------------

AUTH_USER_MODEL = "sendhub.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # a reset link is good for two hours

# Five wrong passwords lock an account for 15 minutes, whatever the address they came
# from (guessing one person's password); five from one address lock that address
# (trying one password against many accounts).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "sendhub.auth.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Behind a proxy: whose address is it? ------------------------------------------------
# TRUSTED_PROXY_COUNT: how many reverse proxies stand in front of gunicorn (nginx alone: 1).
# 0 reads REMOTE_ADDR only, so a forged X-Forwarded-For is ignored. The lock-out and the rate
# limits both ask sendhub.clientip.client_ip, which reads these through django-ipware.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "sendhub.clientip.client_ip"
# django-ipware counts the proxies listed in X-Forwarded-For; the nearest proxy is REMOTE_ADDR.
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1 if TRUSTED_PROXY_COUNT else None
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT else ("REMOTE_ADDR",)

# Two-factor sign-in (README "Signing in with two factors"). Required for every role that can
# see pupil data when TWO_FACTOR_REQUIRED is on: by default in production only, so the demo's
# accounts sign in with their password alone; the variable overrides it in any environment.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=PRODUCTION)
OTP_TOTP_ISSUER = "SEND Hub Portal"
# Wrong codes: django-otp slows each device down after a failure; on top of that, this many
# wrong codes for one account in the window end the attempt (the password step starts again).
TWO_FACTOR_CODE_LIMIT = env.str("TWO_FACTOR_CODE_LIMIT", default="5/15m")
# Password reset requests: per client address and per account (the address typed).
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.str("PASSWORD_RESET_LIMIT_PER_ADDRESS", default="10/h")
PASSWORD_RESET_LIMIT_PER_ACCOUNT = env.str("PASSWORD_RESET_LIMIT_PER_ACCOUNT", default="3/h")

# Sessions end after an hour without activity: these records are special-category data.
SESSION_COOKIE_AGE = 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
# The "you will be signed out" dialog opens this long before the session ends (sendhub/session_timeout.py).
SESSION_WARNING_SECONDS = env.int("SESSION_WARNING_SECONDS", default=120)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security headers -------------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "sendhub.views.csrf_failure"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Internationalisation ------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, g:ia"
FORMAT_MODULE_PATH = ["sendhub.formats"]

# --- Static and uploaded files -------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: uploads go through access-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "sendhub.staticfiles.ManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- Forms ---------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.8.0"

# --- Email ---------------------------------------------------------------------

if env.str("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SEND Hub Portal <no-reply@sendhub.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The organiser of a calendar invitation when no person organises it (sendhub/calendar_files.py):
# replies go here, so set a mailbox someone reads. Defaults to DEFAULT_FROM_EMAIL's address.
MEETING_ORGANISER_EMAIL = env.str("MEETING_ORGANISER_EMAIL", default="") or parseaddr(DEFAULT_FROM_EMAIL)[1]

# --- Celery ----------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
if PRODUCTION and not CELERY_BROKER_URL:
    # Eager tasks would send email and run imports inside web requests, and beat would never run.
    _required("CELERY_BROKER_URL")
# No broker configured: run tasks in-process, which is what a first run wants.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://localhost//"  # in-process; eager tasks never publish through it
CELERY_TASK_EAGER_PROPAGATES = env.bool("CELERY_TASK_EAGER_PROPAGATES", default=False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="sendhub")
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request must not hang when the broker is down: publish fails fast, the outbox
# keeps the work and the sweeper sends it once the broker is back.
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5, "visibility_timeout": 3600}

# --- Embedded broker (`make run`: CELERY_BROKER_URL=filesystem://) ----------------------------
# Kombu's filesystem transport: messages are files in a folder, so the web server, the worker and
# beat of a first run share a queue without any server (README "Background tasks" says why).
if CELERY_BROKER_URL.startswith("filesystem://"):
    BROKER_FOLDER = Path(env.str("CELERY_BROKER_FOLDER", default=str(BASE_DIR / ".make" / "broker")))
    for _folder in ("queue", "control", "processed"):
        (BROKER_FOLDER / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_FOLDER / "queue"),
        "data_folder_out": str(BROKER_FOLDER / "queue"),
        "control_folder": str(BROKER_FOLDER / "control"),
        "processed_folder": str(BROKER_FOLDER / "processed"),
        "store_processed": False,
        "polling_interval": 0.5,
    }
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False  # no broadcast over files: one worker, one beat
# Where beat keeps when each entry last ran (gitignored).
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / ".make" / "celerybeat-schedule")
)

# --- Logging ----------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "celery.app.trace": {"level": env.str("CELERY_TASK_LOG_LEVEL", default="WARNING")},
    },
}

# --- Reminders (sendhub/notices/sweep.py): days before a due date a reminder is written -------------
REMINDER_LEAD_DAYS = {
    "ehc_assessment": 7,  # the 6-, 16- and 20-week deadlines, report, decision and amended plans
    "ehc_review_first": 56,  # annual reviews: 8 weeks before...
    "ehc_review_second": 14,  # ...and 2 weeks before (and once overdue)
    "ehc_phase_transfer": 56,  # 15 February / 31 March
    "sen_support_review": 7,  # SEN support review dates (and once overdue)
    "consultation_week": 7,  # consultations: a week and a day before the close
    "consultation_day": 1,
    "meeting_week": 7,  # hub meetings: a week before
}
