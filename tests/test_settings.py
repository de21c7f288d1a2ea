"""Settings come from the environment and fail loudly on bad values (config/env.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    DEMO_KEY_SOURCE,
    SQLITE_OPTIONS,
    database,
    env_bool,
    env_int,
    env_list,
    pack_dirs,
    secret_key,
    secret_key_with_source,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("YES", True), ("on", True), ("0", False), ("false", False), ("", False)],
)
def test_env_bool_accepts_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG", default=not expected) is expected


def test_env_bool_rejects_anything_else_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe'"):
        env_bool("DEBUG", default=False)


def test_allowed_hosts_rejects_an_empty_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example,,b.example")
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        env_list("ALLOWED_HOSTS", [])


def test_database_defaults_to_sqlite_under_var(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database(tmp_path / "var" / "zeren.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "var" / "zeren.sqlite3")
    assert config["OPTIONS"] == SQLITE_OPTIONS


def test_sqlite_runs_in_wal_mode_with_immediate_transactions_and_a_busy_timeout(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    options = database(tmp_path / "unused.sqlite3")["OPTIONS"]
    assert options == SQLITE_OPTIONS
    assert "PRAGMA journal_mode=WAL" in str(SQLITE_OPTIONS["init_command"])
    assert SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    assert SQLITE_OPTIONS["timeout"] == 20


def test_database_url_selects_postgresql(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zeren")
    config = database(tmp_path / "x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "zeren"
    assert config["HOST"] == "127.0.0.1"


@pytest.mark.parametrize("url", ["mysql://root@localhost/zeren", "postgres://127.0.0.1:5432/", "nonsense"])
def test_database_url_fails_loudly_on_unsupported_or_broken_values(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database(tmp_path / "x.sqlite3")


def test_secret_key_must_be_long_enough(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        secret_key(tmp_path, debug=False)


def test_missing_secret_key_is_an_error_outside_demo_and_debug(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("ZEREN_DEMO", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        secret_key(tmp_path, debug=False)
    assert not (tmp_path / "secret_key").exists()


def test_demo_generates_a_secret_key_once_and_keeps_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("ZEREN_DEMO", "1")
    first = secret_key(tmp_path, debug=False)
    second = secret_key(tmp_path, debug=False)
    assert first == second
    assert len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_language_and_time_zone_defaults() -> None:
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True


def test_pack_dirs_are_existing_directories(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ZEREN_PACK_DIRS", f"{tmp_path}:{tmp_path / 'b'}")
    with pytest.raises(ImproperlyConfigured, match=r"ZEREN_PACK_DIRS: not a directory: .*/b"):
        pack_dirs("ZEREN_PACK_DIRS")
    (tmp_path / "b").mkdir()
    assert pack_dirs("ZEREN_PACK_DIRS") == [tmp_path, tmp_path / "b"]
    monkeypatch.delenv("ZEREN_PACK_DIRS")
    assert pack_dirs("ZEREN_PACK_DIRS") == []


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("k" * 60, "5 different characters"),
        ("a-reasonably-random-but-short-key-0123456789", "at least 50"),
        ("django-insecure-" + "0123456789abcdefghij" * 3, "django-insecure"),
    ],
)
def test_a_weak_secret_key_is_refused_outside_debug(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, key: str, reason: str
) -> None:
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ImproperlyConfigured, match=reason):
        secret_key(tmp_path, debug=False)


def test_a_strong_secret_key_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SECRET_KEY", "0123456789abcdefghij" * 3)
    assert secret_key_with_source(tmp_path, debug=False) == ("0123456789abcdefghij" * 3, "env")


def test_the_demo_key_is_marked_as_such(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DEBUG", "1")
    key, source = secret_key_with_source(tmp_path, debug=True)
    monkeypatch.delenv("DEBUG")
    monkeypatch.delenv("ZEREN_DEMO", raising=False)

    assert secret_key_with_source(tmp_path, debug=False) == (key, DEMO_KEY_SOURCE)
    assert source == DEMO_KEY_SOURCE


def test_env_int_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "a year")
    with pytest.raises(ImproperlyConfigured, match="SECURE_HSTS_SECONDS"):
        env_int("SECURE_HSTS_SECONDS", 0)
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "31536000")
    assert env_int("SECURE_HSTS_SECONDS", 0) == 31536000
