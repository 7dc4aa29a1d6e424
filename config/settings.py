"""MineReady settings, read from the environment (django-environ).

Every setting a deployment changes is an environment variable listed in the README. With
DEBUG off, SECRET_KEY must be given and the security settings are on by default, so that
`manage.py check --deploy` is clean.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from assessment.storage import storage_from_url

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Variables already in the environment win over the file.
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-key-do-not-use-in-production-0123456789")
else:
    SECRET_KEY = env.str("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before admin, so that translated fields show in the admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "axes",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served as our own static files
    "assessment",
    "reports",
    "exchange",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "assessment.request_size.RequestSizeMiddleware",  # before anything reads the body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # history records who changed what
    "assessment.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into its own page
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
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Data lives under var/ by default: the SQLite file and the private media root.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Each worker keeps its connection for a minute (unless the URL says ?conn_max_age=N): a new
    # connection per request (fork, authentication) costs more than an autosave itself.
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work beside one writer; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            ),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a sign-in while that username is locked out from that address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "Asia/Shanghai"
# One date format per language everywhere (config/formats/): 29 Nov 2026 / 2026年11月29日.
FORMAT_MODULE_PATH = "config.formats"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded evidence and issued reports: a private folder (PRIVATE_MEDIA_ROOT) unless STORAGE_URL
# names an S3-compatible bucket (s3://bucket/prefix?endpoint_url=...; see assessment/storage.py).
STORAGE_URL = env.str("STORAGE_URL", default="")
STORAGES = {
    "default": storage_from_url(STORAGE_URL),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# The report font (static/fonts/*.ttf, 4 MB each) is read by the PDF renderer, not sent to
# browsers: compressing it cost collectstatic most of a minute (brotli) for nothing. Source maps
# (Swagger UI's) are for a developer's tools only.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "ttf", "map"]
# What collectstatic leaves out: config/staticfiles.py.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "config.staticfiles.UsedAppDirectoriesFinder",
]
# Background work (issuing the PDF reports of a submitted assessment): Django's tasks framework
# with a database-backed queue; `manage.py report_workers` runs them (`make run` starts it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# How many times the rendering of an issued report is tried before it is marked failed.
REPORT_ISSUE_ATTEMPTS = env.int("REPORT_ISSUE_ATTEMPTS", default=3)
# A rendering still running after this many seconds is taken for lost (its worker was killed)
# and tried again; `manage.py report_workers` looks for such renderings every minute.
REPORT_RENDER_TIMEOUT = env.int("REPORT_RENDER_TIMEOUT", default=300)
# Worker processes `manage.py report_workers` starts (reports of several firms at once).
REPORT_WORKERS = env.int("REPORT_WORKERS", default=2)
# Characters of typed text (comments, N/A justifications, file names) one report shows at most.
REPORT_FREE_TEXT_MAX_CHARS = env.int("REPORT_FREE_TEXT_MAX_CHARS", default=50_000)

# Private: uploaded evidence is never served by URL, only through permission-checked views.
MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = None
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
# Requests to views that take no file: at most this many bytes (files included, see
# assessment/request_size.py) and fields; an answer's form is a few kilobytes.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=1000)
# Where `manage.py backup` (make backup) writes its archives.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))
SIGNUP_ENABLED = env.bool("SIGNUP_ENABLED", default=True)
# Where people reach this site: links in emails sent without a request (the reminder digest).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# The reminder digest goes out once a day from this local hour on (report_workers starts it).
REMINDER_HOUR = env.int("REMINDER_HOUR", default=7)
# How long the links of invitation and address-confirmation emails work.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=7)
EMAIL_VERIFICATION_DAYS = env.int("EMAIL_VERIFICATION_DAYS", default=3)

# Django 6.1 mailers (MAILERS replaces EMAIL_BACKEND), configured by one EMAIL_URL such as
# smtp+tls://user:password@mail.example.com:587; console output by default while DEBUG.
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    _mailer_options = {key: value for key, value in _smtp_options.items() if value}
elif _email["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
    # filemail:///var/mail is a folder relative to the project (as in sqlite:///), four slashes
    # an absolute one; one file per connection, for tests and the smoke test (.ci/smoke).
    _mailer_options = {"file_path": str(BASE_DIR / (_email["EMAIL_FILE_PATH"] or VAR_DIR / "mail"))}
else:
    _mailer_options = {}
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _mailer_options}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="MineReady <noreply@mineready.local>")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content Security Policy (Django's own): no inline script without the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Sign-in rate limit (django-axes): after AXES_FAILURE_LIMIT failed attempts for one username
# from one address, that pair is locked out; the lockout ends by itself after the cool-off.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not restart it: "try again in 15 minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "assessment.views.accounts.sign_in_locked_out"
# The client address: REMOTE_ADDR unless the app runs behind TRUSTED_PROXY_COUNT proxies that
# set X-Forwarded-For (a header a client could forge when no proxy overwrites it).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# Transport security: on by default whenever DEBUG is off.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if TRUSTED_PROXY_COUNT:
    # Only a proxy in front makes X-Forwarded-Proto trustworthy: without one a client could send
    # it and pass for HTTPS (secure-only cookies, no redirect to HTTPS).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every layout step at INFO; its warnings (refused URLs) still show.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# The read API (api/): token-authenticated, read-only, JSON only, a page of 50 (up to 100), and
# API_RATE_LIMIT requests per token (DRF's rate syntax: N/second, N/minute, N/hour, N/day). The
# count is kept in the cache: without a shared CACHES backend each web process counts its own.
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="1000/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PersonRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],  # nothing is ever read from a request body
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT or None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MineReady API",
    "DESCRIPTION": "Read-only: firms, sites, assessments with their results, gaps and actions.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # ids in URLs (assessment/converters.py): positive 64-bit integers
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 1, "maximum": 9_223_372_036_854_775_807}
    },
}
