"""Settings for the test suite: the production settings with a fixed test secret key."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789-abcdefghij")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from config.settings import *  # noqa: F403

# Tests render templates without running collectstatic first.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_AUTOREFRESH = True

# Fast hashing in tests only: PBKDF2's deliberate slowness costs seconds per persona.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
