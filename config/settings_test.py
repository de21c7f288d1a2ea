"""Settings for the test suite: the production settings with a fixed test secret key."""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789-abcdefghij")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Under pytest-xdist each worker keeps its uploads and files apart (its test database is apart already).
if _worker := os.environ.get("PYTEST_XDIST_WORKER"):
    _root = Path(__file__).resolve().parent.parent
    os.environ.setdefault("ZEREN_VAR_DIR", str(_root / "var" / f"test-{_worker}"))

from config.settings import *  # noqa: F403

# Tests render templates without running collectstatic first.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_AUTOREFRESH = True

# Fast hashing in tests only: PBKDF2's deliberate slowness costs seconds per persona.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
