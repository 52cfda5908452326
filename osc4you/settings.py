"""osc4you settings, all read from the environment (see the table in README.md).

With nothing set, the app runs for a laptop: SQLite under DATA_DIR, tasks in-process, and
DEBUG off. Development (``make run``) sets DEBUG=1, which allows the built-in development
secret; production must set SECRET_KEY and refuses to start otherwise.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from osc4you.env import env_bool, env_float, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

# Shipped only so that a fresh checkout runs with DEBUG=1; rejected in production below.
DEVELOPMENT_SECRET_KEY = "osc4you-development-only-not-a-secret"
SECRET_KEY = env_str("SECRET_KEY") or (DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not DEBUG and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when DEBUG is off "
        "(or set SECRET_KEY_FILE to a file that holds it)."
    )
# Django's own deployment check (security.W009) only warns about a weak key; here a key that
# signs sessions, password resets and API token stamps must be strong, or nothing starts.
if not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak ({len(SECRET_KEY)} characters, {len(set(SECRET_KEY))} "
        "different): use at least 50 random characters, for example the output of "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Git mirrors, the SQLite file and collected static files live here.
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var"))).resolve()
GIT_MIRROR_DIR = DATA_DIR / "mirrors"

INSTALLED_APPS = [
    "osc4you.admin.OrganizersAdminConfig",  # django.contrib.admin, open to organizers
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.github",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "osc4you",
    "contributors",
    "projects",
    "camps",
    "community",
]

MIDDLEWARE = [
    "osc4you.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "osc4you.middleware.NulParameterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in from either door.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "osc4you.urls"
WSGI_APPLICATION = "osc4you.wsgi.application"
ASGI_APPLICATION = "osc4you.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "osc4you.context_processors.site",
            ],
        },
    },
]

# Database: PostgreSQL in production and CI, an SQLite file when DATABASE_URL is unset.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        _database = environ.Env.db_url_config(DATABASE_URL)
    except Exception as exc:  # django-environ raises bare errors on odd schemes
        raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from exc
    if "postgres" in _database["ENGINE"]:
        _database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
        _database["CONN_HEALTH_CHECKS"] = True
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "osc4you.sqlite3",
        # WAL lets the web process read while an in-process sync writes.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        },
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: Celery broker, result store and cache. Unset means tasks run in-process.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r} must start with redis://, rediss://")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "osc4you",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "osc4you")
# A sync walks pages and saves its cursor as it goes, so a hard kill loses at most a page.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 60 * 60)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
# The longest a sync task waits before it comes back (projects/retries.py caps every
# countdown here): GitHub's budget resets within the hour, plus a few minutes of clock skew.
SYNC_RETRY_LONGEST_COUNTDOWN = 65 * 60
# A retry comes back only through a broker and a worker. Tasks run in-process (no REDIS_URL)
# are never retried, so a sync that would wait says it failed and when to run it again.
SYNC_RETRIES_COME_BACK = bool(REDIS_URL)
# Redis gives a task nobody acknowledged to another worker after this timeout (an hour by
# default). A retry waits in its worker for its countdown, then runs, and is acknowledged
# only after it ran: the timeout must outlast both, or the sync runs twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": SYNC_RETRY_LONGEST_COUNTDOWN + CELERY_TASK_TIME_LIMIT + 10 * 60
}
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = env_str("TIME_ZONE", "Asia/Taipei")
# Schedules live in the database (django-celery-beat) so organizers edit them in the admin;
# the defaults are created by the migration projects/0003_default_sync_schedule.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (django-allauth): a local password (username or email) for organizers and the
# demo, and GitHub when an OAuth app is configured. Local sign-up is closed; a GitHub
# sign-in creates the account and links it to the contributor with that login
# (contributors/accounts.py).
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out client before any password is checked (osc4you/signin.py).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = env_str("LOGIN_REDIRECT_URL", "home")
# The sign-in page lists the demo logins (organizer / mentor / mentee, password "demo")
# while they exist; on by default only in development.
DEMO_SIGN_IN_HINTS = env_bool("DEMO_SIGN_IN_HINTS", DEBUG)
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
# Mail: an SMTP URL (smtp+tls://user:password@host:587), or the terminal in development.
# Without one a production site sends nothing (osc4you/mail.py), password resets are left
# to organizers, and no flow may need mail.
EMAIL_URL = env_str("EMAIL_URL")
MAIL_CONFIGURED = bool(EMAIL_URL) or DEBUG
if EMAIL_URL:
    try:
        # EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_USE_TLS and friends.
        globals().update(environ.Env.email_url_config(EMAIL_URL))
    except Exception as exc:  # django-environ raises bare errors on odd schemes
        raise ImproperlyConfigured(f"EMAIL_URL cannot be parsed: {exc}") from exc
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "osc4you.mail.NoMailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "osc4you <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# No mail is sent unless a deployment configures it and asks for verification.
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "none")
if ACCOUNT_EMAIL_VERIFICATION not in ("none", "optional", "mandatory"):
    raise ImproperlyConfigured(
        f"ACCOUNT_EMAIL_VERIFICATION={ACCOUNT_EMAIL_VERIFICATION!r} must be none, optional "
        "or mandatory."
    )
if ACCOUNT_EMAIL_VERIFICATION != "none" and not MAIL_CONFIGURED:
    raise ImproperlyConfigured(
        f"ACCOUNT_EMAIL_VERIFICATION={ACCOUNT_EMAIL_VERIFICATION} sends mail: set EMAIL_URL."
    )
ACCOUNT_ADAPTER = "contributors.accounts.AccountAdapter"
# Failed sign-ins are throttled by django-axes for both the site and the admin
# (osc4you/signin.py); allauth's own lockout keys on the login alone, so it is off. Its other
# limits stay, among them password reset requests (20 a minute per address, 5 per email).
ACCOUNT_RATE_LIMITS = {"login_failed": None}
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every manage.py command
AXES_USERNAME_CALLABLE = "osc4you.signin.sign_in_name"
AXES_CLIENT_IP_CALLABLE = "osc4you.signin.client_address"
AXES_LOCKOUT_CALLABLE = "osc4you.signin.locked_out"
# Proxies in front of the app whose X-Forwarded-For is trusted (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if AXES_FAILURE_LIMIT < 1 or TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(
        "SIGN_IN_FAILURE_LIMIT must be at least 1 and TRUSTED_PROXY_COUNT at least 0."
    )
SOCIALACCOUNT_ADAPTER = "contributors.accounts.GitHubAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # an unverified GitHub email must not sign anyone in
SOCIALACCOUNT_STORE_TOKENS = False
GITHUB_OAUTH_CLIENT_ID = env_str("GITHUB_OAUTH_CLIENT_ID")
GITHUB_OAUTH_SECRET = env_str("GITHUB_OAUTH_SECRET")
if bool(GITHUB_OAUTH_CLIENT_ID) != bool(GITHUB_OAUTH_SECRET):
    raise ImproperlyConfigured(
        "GITHUB_OAUTH_CLIENT_ID and GITHUB_OAUTH_SECRET must be set together "
        "(or GITHUB_OAUTH_SECRET_FILE)."
    )
# Providers come from settings only (no SocialApp rows): unset means no GitHub button.
SOCIALACCOUNT_PROVIDERS = {
    "github": {
        "SCOPE": [],  # the public profile is enough to learn the login
        "APPS": (
            [{"client_id": GITHUB_OAUTH_CLIENT_ID, "secret": GITHUB_OAUTH_SECRET, "key": ""}]
            if GITHUB_OAUTH_CLIENT_ID
            else []
        ),
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hant", _("Traditional Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Taipei")
USE_I18N = True
# One date and number format per language (osc4you/formats/).
FORMAT_MODULE_PATH = ["osc4you.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Token first: its WWW-Authenticate header makes anonymous API calls 401, not 403.
# Organizers create tokens in the admin; only their digests are stored, and they expire
# after API_TOKEN_DAYS or when the account's password changes (contributors/tokens.py).
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
if not 1 <= API_TOKEN_DAYS <= 365:
    raise ImproperlyConfigured(f"API_TOKEN_DAYS={API_TOKEN_DAYS} must be between 1 and 365.")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "contributors.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # JSON bodies only (the camp import takes a file), bounded: too large, too deep or not
    # an object gets 413 or 400 (osc4you/lib/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["osc4you.lib.parsers.JSONObjectParser"],
    "EXCEPTION_HANDLER": "osc4you.lib.api_errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "osc4you.lib.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "osc4you.lib.schema.ApiSchema",
    "PAGE_SIZE": 50,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "osc4you API",
    "DESCRIPTION": "Contributors, their progress and activity, projects, titles, mentees.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the sidecar package, served as static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI's validator badge would send the schema's URL to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

# Sources. Base URLs are configurable so GitHub Enterprise, another JIRA and the tests'
# fake servers work with the same code.
GITHUB_TOKEN = env_str("GITHUB_TOKEN")
GITHUB_API_URL = env_url("GITHUB_API_URL", "https://api.github.com")
# Seconds between two GitHub requests: GitHub asks integrations to make requests serially.
GITHUB_REQUEST_INTERVAL = env_float("GITHUB_REQUEST_INTERVAL", 0.25)
JIRA_URL = env_url("JIRA_URL", "https://issues.apache.org/jira")
JIRA_TOKEN = env_str("JIRA_TOKEN")
# Apache's public roster files (public_ldap_projects.json and friends); a local directory
# works too, for mirrors and tests.
APACHE_ROSTER_URL = env_str("APACHE_ROSTER_URL", "https://whimsy.apache.org/public/")
# The mailing-list archive (PonyMail Foal's API), or file:///dir holding
# <list>@<domain>/YYYY-MM.mbox files.
LISTS_URL = env_str("LISTS_URL", "https://lists.apache.org")
JIRA_USER = env_str("JIRA_USER")  # Jira Cloud signs in with an e-mail and an API token
JIRA_API = env_str("JIRA_API", "server")  # "cloud" for Jira Cloud's search; *.atlassian.net is

# The name shown in the header; another community adopting the app sets its own.
COMMUNITY_NAME = env_str("COMMUNITY_NAME", "OpenSource4You")

# Content-Security-Policy: pages load scripts, styles and fonts from the site alone, with no
# inline script or style (data reaches scripts through json_script and data-* attributes).
# Avatars come from GitHub (or a GitHub Enterprise host), so images may come from any
# https origin; forms post to the site, and the GitHub sign-in's form redirects to GitHub.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "https:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF, "https://github.com"],
    "frame-ancestors": [CSP.NONE],
}

# Production hardening; each can be relaxed by its variable (e.g. behind a TLS proxy).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL_HEADER", False) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"client_errors": {"()": "osc4you.logs.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (DEBUG only) would print every record a second time,
        # once more through the root's.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["client_errors"]},
    },
}

# The mentor dashboard flags a mentee as stalled after this many days without activity.
STALLED_AFTER_DAYS = env_int("STALLED_AFTER_DAYS", 21)
# How long pages keep figures computed from records (projects/freshness.py); syncs and
# edits make them stale at once anyway. 0 computes them on every view.
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 24 * 3600)
