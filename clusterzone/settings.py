"""Settings of the platform, read from environment variables.

DATABASE_URL  unset = SQLite file under var/ (the embedded default); e.g. postgres://user@host/db
REPLICA_DATABASE_URL  optional streaming read replica for the heavy read-only selectors
SECRET_KEY    unset = a random key kept in var/secret_key (one machine only)
DEBUG         "1"/"true" to enable
ALLOWED_HOSTS comma separated
TIME_ZONE     default Asia/Shanghai
LANGUAGE_CODE default zh-hans
EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, DEFAULT_FROM_EMAIL
              SMTP for notifications (unset EMAIL_HOST = e-mails are written to the console)
SITE_URL      the platform's address, for links in e-mails
SECURE        "1" in production over https: Secure cookies, HSTS (1 year, includeSubDomains,
              preload), redirect to https (SECURE_SSL_REDIRECT=0 when the proxy redirects)
BEHIND_PROXY  "1" behind a reverse proxy that sets X-Forwarded-Proto (https there = SECURE)
ADMIN_URL     path of the admin site (default admin/); only superusers may use it
API_THROTTLE_USER, API_THROTTLE_ANON  DRF throttle rates (default 3000/hour, 60/minute)
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = Path(os.environ.get("CLUSTERZONE_DATA_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or ""
if not SECRET_KEY:
    # One machine, no SECRET_KEY given: keep a random key in the data folder so sessions
    # survive restarts. Several app servers must share SECRET_KEY from the environment.
    _key_file = DATA_DIR / "secret_key"
    try:
        SECRET_KEY = _key_file.read_text().strip()
    except OSError:
        import secrets

        SECRET_KEY = secrets.token_urlsafe(50)
        try:
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            _key_file.write_text(SECRET_KEY)
        except OSError:
            pass

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

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
    "knox",
    "drf_spectacular",
    "django_filters",
    "simple_history",
    "django_htmx",
    "clusterzone.core",
    "clusterzone.accounts",
    "clusterzone.registry",
    "clusterzone.reporting",
    "clusterzone.projects",
    "clusterzone.investment",
    "clusterzone.assessment",
    "clusterzone.workbench",  # top floor: imports the apps, none imports it
    "clusterzone.approvals",
    "clusterzone.land",
    "django_tasks",
    "django_tasks_db",
    "clusterzone.notifications",
    "clusterzone.supervision",
    "clusterzone.evaluation",
    "clusterzone.finance",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "clusterzone.core.middleware.NulByteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# login throttling and lockout (django-axes): a username is locked for 15 minutes after 10
# consecutive failures (then also the right password is refused), and so is an address;
# lockouts are listed in the admin (访问尝试) and lifted there or by `clusterzone axes_reset`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "clusterzone.accounts.lockout.lockout_response"
AXES_VERBOSE = False

ROOT_URLCONF = "clusterzone.urls"
WSGI_APPLICATION = "clusterzone.wsgi.application"
ASGI_APPLICATION = "clusterzone.asgi.application"

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
                "clusterzone.core.navigation.navigation",
            ],
            "builtins": ["clusterzone.core.templatetags.cz"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'clusterzone.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # a 64 MiB page cache and reads through a memory map: at province scale the values table
    # outgrows SQLite's default 2 MiB cache, and every page then costs a read() of the file
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# A streaming read replica for the heavy read-only selectors (clusterzone.core.dbrouting).
if os.environ.get("REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["REPLICA_DATABASE_URL"], conn_max_age=DATABASES["default"].get("CONN_MAX_AGE", 0)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["clusterzone.core.dbrouting.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
# Simplified Chinese only: without a real translation an English browser would get half-English
# pages (Django's own messages); add a language here only with its locale/ files.
LANGUAGES = [("zh-hans", _("简体中文"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

# background work: the Tasks framework's database backend (worker: `clusterzone db_worker`)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# notifications: SMTP from the environment; without EMAIL_HOST mails go to the console
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@clusterzone.local")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
NOTIFICATIONS_MAX_ATTEMPTS = 5
NOTIFICATIONS_RETRY_BASE_SECONDS = 60

# supervision: traffic lights and deadlines (working days, percentage points)
SUPERVISION_YELLOW_WORKDAYS = 3
SUPERVISION_PROGRESS_YELLOW = 10
SUPERVISION_PROGRESS_RED = 30
SUPERVISION_ESCALATION_WORKDAYS = 10
SUPERVISION_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
# 行风评议: the number of bottom-ranked units flagged each month for 通报 and 问责 (ties at
# the boundary are all flagged)
EVALUATION_BOTTOM_N = int(os.environ.get("CLUSTERZONE_EVALUATION_BOTTOM_N", "2"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous request answers 401 with `WWW-Authenticate: Token`
        "clusterzone.accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "clusterzone.core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "clusterzone.core.api.exception_handler",
    # per user and anonymous: over the rate → 429 with Retry-After
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("API_THROTTLE_USER", "3000/hour"),
        "anon": os.environ.get("API_THROTTLE_ANON", "60/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "产业集聚区建设管理平台 API",
    "DESCRIPTION": "Industrial cluster zone management platform",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # one name per choice set shared by several fields (no warnings when the schema is built)
    "ENUM_NAME_OVERRIDES": {
        "LoanKindEnum": "clusterzone.finance.choices.LoanKind",
        "LoanStatusEnum": "clusterzone.finance.choices.LoanStatus",
        "ProjectKindEnum": "clusterzone.projects.choices.ProjectKind",
        "ProjectStageEnum": "clusterzone.projects.choices.Stage",
        "UnitKindEnum": "clusterzone.accounts.choices.UnitKind",
        "ApprovalStageEnum": "clusterzone.approvals.choices.ApprovalStage",
        "PauseKindEnum": "clusterzone.approvals.choices.PauseKind",
        "IndicatorKindEnum": "clusterzone.reporting.choices.IndicatorKind",
        "ClusterStatusEnum": "clusterzone.registry.choices.ClusterStatus",
        "LeadStageEnum": "clusterzone.investment.choices.LeadStage",
        "ResponseKindEnum": "clusterzone.finance.choices.ResponseKind",
        "EmploymentKindEnum": "clusterzone.land.choices.EmploymentKind",
        "HousingKindEnum": "clusterzone.land.choices.HousingKind",
        "ParcelStatusEnum": "clusterzone.land.choices.ParcelStatus",
        "MeetingKindEnum": "clusterzone.supervision.choices.MeetingKind",
        "TopicStatusEnum": "clusterzone.supervision.choices.TopicStatus",
        "ActionStatusEnum": "clusterzone.supervision.choices.ActionStatus",
        "EvaluationSourceEnum": "clusterzone.evaluation.choices.Source",
        "SatisfactionEnum": "clusterzone.supervision.choices.Satisfaction",
        # names kept as they were before other fields called "source"/"level" appeared
        "SourceEnum": "clusterzone.finance.choices.FundSource",
        "LevelEnum": "clusterzone.accounts.choices.RegionLevel",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# production over https (SECURE=1, or BEHIND_PROXY with https): Secure cookies, HSTS, redirect
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE = env_bool("SECURE", False) or (BEHIND_PROXY and env_bool("HTTPS", True))
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = SECURE or env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = SECURE or env_bool("CSRF_COOKIE_SECURE", False)
SESSION_COOKIE_HTTPONLY = True
if SECURE:
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): only the platform's own scripts and styles (the
# vendored Bootstrap, HTMX and ECharts); the few inline scripts carry the request's nonce.
# Style attributes stay allowed (style-src-attr): they cannot run code.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
# API tokens expire after this many days and are deleted when the password changes
API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "90"))
# API tokens are django-rest-knox tokens: only a digest is stored, header `Authorization: Token <key>`
REST_KNOX = {"TOKEN_TTL": timedelta(days=API_TOKEN_TTL_DAYS), "AUTH_HEADER_PREFIX": "Token"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# uploads with more rows than this are imported in the background (core.jobs)
IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", "2000"))
# list exports with more rows than this are written in the background (core.jobs)
EXPORT_BACKGROUND_ROWS = int(os.environ.get("EXPORT_BACKGROUND_ROWS", "5000"))
# CSRF failure page in Chinese inside the layout (403, 404, 500: templates/<code>.html)
CSRF_FAILURE_VIEW = "clusterzone.core.views_errors.csrf_failure"
