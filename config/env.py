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


def secret_key(var_dir: Path, debug: bool) -> str:
    """Return SECRET_KEY from the environment, or the demo key kept under ``var/``.

    Outside DEBUG a missing key is an error: production must set it explicitly.
    """
    raw = os.environ.get("SECRET_KEY")
    if raw is not None:
        if len(raw) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")
        return raw
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    if not debug and os.environ.get("ZEREN_DEMO") != "1":
        raise ImproperlyConfigured(
            "SECRET_KEY is not set and no demo key exists in var/secret_key; set SECRET_KEY "
            "(or run `make demo`, which generates one)"
        )
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


def database(default_sqlite: Path) -> dict[str, object]:
    import dj_database_url

    raw = os.environ.get("DATABASE_URL")
    if raw is None or raw.strip() == "":
        default_sqlite.parent.mkdir(parents=True, exist_ok=True)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite)}
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
    return dict(config)


def pack_dirs(name: str) -> list[Path]:
    """Existing directories from ``name`` (separated by the OS path separator, ``:`` on Linux)."""
    raw = os.environ.get(name, "")
    dirs = [Path(item) for item in raw.split(os.pathsep) if item.strip()]
    missing = [str(d) for d in dirs if not d.is_dir()]
    if missing:
        raise ImproperlyConfigured(f"{name}: not a directory: {', '.join(missing)}")
    return dirs
