"""Django settings for Zeren, driven by environment variables (validated in config/env.py; see README)."""

from __future__ import annotations

import os
from pathlib import Path

from config.env import database, env_bool, env_int, env_list, pack_dirs, secret_key_with_source

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZEREN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY, ZEREN_SECRET_KEY_SOURCE = secret_key_with_source(VAR_DIR, DEBUG)
ZEREN_DEMO = os.environ.get("ZEREN_DEMO") == "1"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    # first: its audited createsuperuser/changepassword replace django.contrib.auth's commands
    "zeren.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "zeren.web",
    "zeren.regulations",
    "zeren.catalog",
    "zeren.org",
    "zeren.audit",
    "zeren.duties",
    "zeren.obligations",
    "zeren.accidents",
    "zeren.accountability",
    "zeren.supervision",
    "zeren.assessment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.RequestBodyLimitMiddleware",  # 413 from Content-Length, before the body is read
    "config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "zeren.web.timezones.PackTimeZoneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "zeren.web.context_processors.navigation",
                "zeren.obligations.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {"default": database(VAR_DIR / "zeren.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = ["zeren.accounts.backends.LockoutModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "zeren.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # GB/T 22239 level 3: at least 3 of 4 character classes, not one character repeated
    {"NAME": "zeren.accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "zeren.accounts.passwords.RepeatedCharacterValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"  # the fallback: each request uses its pack's time_zone (zeren.web.timezones)
USE_I18N = True
USE_TZ = True

# Uploaded evidence. MEDIA_URL is never routed: files are served only by permission-checked views.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [d for d in [BASE_DIR / "node_modules" / "htmx.org" / "dist"] if d.is_dir()]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "zeren.web.finders.NodeModulesFinder",  # single files from node_modules (ECharts)
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "zeren.web.storage.StaticStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Session expiry: eight working hours, and none beyond the browser session.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "zeren.web.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Behind TLS (ZEREN_HTTPS=1): redirect to https, HSTS for a year, cookies only over https. Each can be
# set on its own; off by default so the demo and an intranet over plain http keep working. See README.
ZEREN_HTTPS = env_bool("ZEREN_HTTPS", default=False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=ZEREN_HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if ZEREN_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=ZEREN_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=ZEREN_HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=ZEREN_HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=ZEREN_HTTPS)
if env_bool("ZEREN_BEHIND_PROXY", default=False):  # a reverse proxy terminating TLS sets X-Forwarded-Proto
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Pages: scripts only from our static files (htmx, zeren.js), no inline script; see config/middleware.py.
ZEREN_CSP = os.environ.get(
    "ZEREN_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)

# Request size: the evidence limit is 20 MB; a body declared larger than this is refused unread (413).
ZEREN_MAX_REQUEST_BYTES = env_int("ZEREN_MAX_REQUEST_BYTES", 21 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "config.middleware.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
ZEREN_DEFAULT_PACK = os.environ.get("ZEREN_DEFAULT_PACK", "kashgar_2021")
# Directories holding other localities' policy packs (<dir>/<pack_id>/pack.yaml), searched before the
# built-in zeren/packs: a new locality is data, not code.
ZEREN_PACK_DIRS = pack_dirs("ZEREN_PACK_DIRS")
