"""Koop's one settings module: everything that differs between installations comes from
the environment, read by the typed helpers in ``koop.core.env``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from koop.core.env import (
    ConfigError,
    email_settings,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_str,
    read_or_create_secret,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env_path("KOOP_DATA_DIR", Path.cwd() / "var")

DEBUG = env_bool("DEBUG", False)
# Without SECRET_KEY in the environment, the installation makes one on first start and
# keeps it in its data directory, so sessions survive a restart and no key is in the code.
SECRET_KEY = env_str("SECRET_KEY", "") or read_or_create_secret(DATA_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",  # its Swagger UI is then served from our static files, not from a CDN
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "koop.core",
    "koop.organisation",
    "koop.people",
    "koop.ledger",
    "koop.governance",
    "koop.participants",
    "koop.work",
    "koop.billing",
    "koop.portal",
    "koop.accounts",
    "koop.api",
    "koop.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "koop.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "koop.core.middleware.SessionActivityMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "koop.people.middleware.PrincipalMiddleware",
    "koop.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lock-out noticed during sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "koop.config.urls"
WSGI_APPLICATION = "koop.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "koop.core.context_processors.principal",
                "koop.portal.context_processors.menu",
            ],
        },
    }
]

_default_sqlite = f"sqlite:///{DATA_DIR / 'koop.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", _default_sqlite), conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
        )
    }
except ValueError as exc:
    raise ConfigError(f"DATABASE_URL is not a database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets readers run beside the one writer; IMMEDIATE makes a write transaction take
    # the lock up front, so concurrent writers queue instead of failing half-way.
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes watches every sign-in first and refuses one from a locked account or address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env_path("STATIC_ROOT", DATA_DIR / "static")
# Uploaded documents live with the data, never under a public URL: views serve them
# after an access check.
MEDIA_ROOT = env_path("MEDIA_ROOT", DATA_DIR / "media")
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
WHITENOISE_USE_FINDERS = DEBUG

# Behind HTTPS (SECURE_COOKIES on): cookies only over HTTPS, plain HTTP redirected, and
# browsers told to come back over HTTPS only (HSTS, a year). The health check stays on HTTP
# for load balancers that ask over the inner network.
SECURE_COOKIES = env_bool("SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = SECURE_COOKIES
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if SECURE_COOKIES else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_COOKIES
SECURE_HSTS_PRELOAD = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A session ends after a working day without a request (koop.core.middleware keeps an
# active one alive, renewing it at most every few minutes rather than on every request).
SESSION_COOKIE_AGE = 10 * 60 * 60

# Content Security Policy: everything from Koop itself, no inline script or style, no other
# host. htmx would add a <style> of its own for request indicators; the base template turns
# that off (its htmx-config) and koop.css holds the rules instead.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Browser features no page of Koop uses, switched off for every page.
PERMISSIONS_POLICY = {
    feature: "()"
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}
# Pages and API answers under these URL namespaces hold personal data: never stored by a
# browser or a proxy (Cache-Control: no-store).
PRIVATE_URL_NAMESPACES = frozenset({"participants", "people", "accounts", "api"})
PRIVATE_URL_NAMES = frozenset({"core:audit-list", "core:audit-object"})

# Two-factor sign-in (TOTP apps, recovery codes): required for administrators, central
# finance and everyone who can read participants' case files; anyone may turn it on.
# ``koop demo`` turns the requirement off for the demo.
KOOP_REQUIRE_TWO_FACTOR = env_bool("KOOP_REQUIRE_TWO_FACTOR", True)
KOOP_DEMO = False
OTP_TOTP_ISSUER = "Koop"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Failed sign-ins (django-axes): after this many failures for one account, or from one
# address, signing in is refused there until the lock-out time has passed or an
# administrator lifts it in the admin.
AXES_FAILURE_LIMIT = env_int("KOOP_SIGN_IN_FAILURE_LIMIT", 5, minimum=1)
# The people of one office share its address: an address takes more failures.
KOOP_SIGN_IN_ADDRESS_FAILURE_LIMIT = env_int(
    "KOOP_SIGN_IN_ADDRESS_FAILURE_LIMIT", 4 * AXES_FAILURE_LIMIT, minimum=AXES_FAILURE_LIMIT
)
AXES_HANDLER = "koop.accounts.lockout.SignInAttempts"
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("KOOP_SIGN_IN_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "koop.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "koop.accounts.lockout.client_ip"
# Successful sign-ins are not kept: only what a lock-out needs.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

NINJA_PAGINATION_PER_PAGE = 100

# Participants' case files are encrypted with this Fernet key (several, comma-separated: the
# first encrypts, all decrypt, for rotation). Empty: a key derived from a secret kept in the
# data directory, made on first use like SECRET_KEY.
KOOP_FIELD_KEY = env_str("KOOP_FIELD_KEY", "")
KOOP_FIELD_KEY_FILE = DATA_DIR / "field_key"
# Days after a participant's exit before their case file is anonymised.
KOOP_PARTICIPANT_RETENTION_DAYS = env_int("KOOP_PARTICIPANT_RETENTION_DAYS", 730)

# Fortnox: the integration's OAuth2 client; its tokens are sealed with FORTNOX_TOKEN_KEY.
FORTNOX_AUTH_URL = env_str("FORTNOX_AUTH_URL", "https://apps.fortnox.se/oauth-v1")
FORTNOX_API_URL = env_str("FORTNOX_API_URL", "https://api.fortnox.se/3")
FORTNOX_CLIENT_ID = env_str("FORTNOX_CLIENT_ID", "")
FORTNOX_CLIENT_SECRET = env_str("FORTNOX_CLIENT_SECRET", "")
FORTNOX_TOKEN_KEY = env_str("FORTNOX_TOKEN_KEY", "")

# E-mail: EMAIL_URL (smtp://user:password@host:port/?tls=1) or the separate EMAIL_* settings.
globals().update(email_settings())
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "koop@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)

# Background work (django-tasks): jobs are rows in the database, run by ``koop worker``.
TASKS = {
    "default": {
        "BACKEND": env_str("KOOP_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "mail", "imports"],
    }
}
# A task that failed for a passing reason (the mail server was away) is tried again after
# KOOP_TASK_RETRY_SECONDS, doubled each time, at most KOOP_TASK_ATTEMPTS times in all.
KOOP_TASK_ATTEMPTS = env_int("KOOP_TASK_ATTEMPTS", 5, minimum=1)
KOOP_TASK_RETRY_SECONDS = env_int("KOOP_TASK_RETRY_SECONDS", 60, minimum=1)
# How long ``koop worker`` waits between looks at the queue when it is empty, in seconds.
KOOP_WORKER_INTERVAL = env_int("KOOP_WORKER_INTERVAL", 1, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
