"""Settings read from environment variables, failing loudly on bad values.

Every value a deployment may set is read here, validated, and turned into a clear
``ImproperlyConfigured`` error naming the variable when it is wrong, rather than
being silently replaced by a default.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if not all(items):
        raise ImproperlyConfigured(f"{name}={raw!r} has an empty entry; give a comma-separated list of hosts")
    return items


DEMO_KEY_SOURCE = "var/secret_key"
MIN_SECRET_KEY = 50  # Django's deploy check (security.W009) wants 50+ characters, 5+ distinct


def weak_secret_key(key: str) -> str | None:
    """Why ``key`` is too weak for production (DEBUG off), or None."""
    if len(key) < MIN_SECRET_KEY:
        return f"SECRET_KEY must be at least {MIN_SECRET_KEY} characters long (got {len(key)})"
    if len(set(key)) < 5:
        return "SECRET_KEY must use at least 5 different characters"
    if key.startswith("django-insecure-"):
        return "SECRET_KEY must not be a django-insecure- development key"
    return None


def secret_key(var_dir: Path, debug: bool) -> str:
    return secret_key_with_source(var_dir, debug)[0]


def secret_key_with_source(var_dir: Path, debug: bool) -> tuple[str, str]:
    """SECRET_KEY and where it came from: ``"env"``, or ``DEMO_KEY_SOURCE`` (the demo key under ``var/``).

    Outside DEBUG a key from the environment must be strong (``weak_secret_key``). The demo key in
    ``var/secret_key`` is written only for DEBUG or the demo (ZEREN_DEMO=1); outside both it is still
    read (so the command line keeps working on a demo machine) but never silently: the deploy check
    ``zeren.W001`` reports it and the web server (config/wsgi.py) refuses to start with it.
    """
    raw = os.environ.get("SECRET_KEY")
    if raw is not None:
        problem = weak_secret_key(raw) if not debug else None
        if debug and len(raw) < 32:
            problem = "SECRET_KEY must be at least 32 characters long"
        if problem:
            raise ImproperlyConfigured(problem)
        return raw, "env"
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip(), DEMO_KEY_SOURCE
    if not debug and os.environ.get("ZEREN_DEMO") != "1":
        raise ImproperlyConfigured(
            "SECRET_KEY is not set and no demo key exists in var/secret_key; set SECRET_KEY "
            "(or run `make demo`, which generates one)"
        )
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key, DEMO_KEY_SOURCE


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from exc
    if value < 0:
        raise ImproperlyConfigured(f"{name}={raw!r} must not be negative")
    return value


# SQLite under concurrent writes: WAL lets readers run beside the one writer; a write transaction takes
# the lock when it begins (BEGIN IMMEDIATE), so it waits up to ``timeout`` seconds for the writer before
# it rather than failing half-way with "database is locked".
SQLITE_OPTIONS: dict[str, object] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def database(default_sqlite: Path) -> dict[str, object]:
    import dj_database_url

    raw = os.environ.get("DATABASE_URL")
    if raw is None or raw.strip() == "":
        default_sqlite.parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite),
            "OPTIONS": SQLITE_OPTIONS,
        }
    try:
        config = dj_database_url.parse(raw, conn_max_age=60)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL={raw!r} is not a valid database URL: {exc}") from exc
    engine = str(config.get("ENGINE", ""))
    if engine not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL={raw!r} selects {engine or 'an unknown engine'}; Zeren supports postgres:// and sqlite://"
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL={raw!r} names no database")
    if engine == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **dict(config.get("OPTIONS") or {})}
    return dict(config)


def pack_dirs(name: str) -> list[Path]:
    """Existing directories from ``name`` (separated by the OS path separator, ``:`` on Linux)."""
    raw = os.environ.get(name, "")
    dirs = [Path(item) for item in raw.split(os.pathsep) if item.strip()]
    missing = [str(d) for d in dirs if not d.is_dir()]
    if missing:
        raise ImproperlyConfigured(f"{name}: not a directory: {', '.join(missing)}")
    return dirs
