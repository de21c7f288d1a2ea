"""Settings come from the environment and fail loudly on bad values (config/env.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import database, env_bool, env_list, pack_dirs, secret_key


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
    assert config == {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "var" / "zeren.sqlite3")}


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
