"""Deployment hardening: `check --deploy` clean in production mode, CSP on pages, oversized bodies refused
unread, the demo key never used silently in production, SQLite bursts without "database is locked"."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    unset = {"SECRET_KEY", "DEBUG", "ZEREN_DEMO", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "ZEREN_HTTPS": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "zeren.example.gov.cn",
        "ZEREN_VAR_DIR": str(tmp_path / "var"),
    }
    env |= extra
    return {k: v for k, v in env.items() if v != ""}


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_check_deploy_is_clean_in_production_mode(tmp_path: Path) -> None:
    result = _check_deploy(_production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_names_what_is_missing_without_https(tmp_path: Path) -> None:
    result = _check_deploy(_production_env(tmp_path, ZEREN_HTTPS="0"))

    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr + result.stdout


def test_the_demo_key_is_reported_and_the_web_server_refuses_it(tmp_path: Path) -> None:
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "secret_key").write_text(secrets.token_urlsafe(50), encoding="utf-8")
    env = _production_env(tmp_path, SECRET_KEY="")

    check = _check_deploy(env)
    wsgi = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    demo = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env={**env, "ZEREN_DEMO": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert "zeren.W001" in check.stderr + check.stdout
    assert wsgi.returncode != 0
    assert "var/secret_key holds the demo key" in wsgi.stderr
    assert demo.returncode == 0, demo.stderr


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script() -> None:
    response = Client().get("/regulations/")

    policy = response["Content-Security-Policy"]
    script_src = policy.split("script-src", 1)[1].split(";", 1)[0]
    assert script_src.strip() == "'self'"
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script_or_event_handler() -> None:
    """A CSP with script-src 'self' would break them: scripts live in static files."""
    offenders = []
    for path in (ROOT / "zeren").rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>", text):
            tag = match.group(0)
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{path.relative_to(ROOT)}: {tag}")
        offenders += [f"{path.relative_to(ROOT)}: {m}" for m in re.findall(r"\son[a-z]+=\"", text)]
        offenders += [f"{path.relative_to(ROOT)}: javascript:" for _ in re.findall(r"javascript:", text)]
    assert offenders == []


@pytest.mark.parametrize(
    ("path", "kind"), [("/obligations/", "text/html"), ("/api/accidents", "application/json")]
)
def test_a_body_declared_larger_than_the_limit_is_refused_unread(path: str, kind: str) -> None:
    # The test client would fail loudly if anything tried to read the 200 MB it declares but does not send.
    response = Client().generic(
        "POST",
        path,
        b"x" * 10,
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )

    assert response.status_code == 413
    assert response["Content-Type"].startswith(kind)
    assert "上限为 21 MB" in response.content.decode()


@pytest.mark.django_db
def test_a_body_within_the_limit_goes_through() -> None:
    response = Client().post("/accounts/login/", {"username": "nobody", "password": "x"})

    assert response.status_code in {200, 403}


def test_twenty_parallel_sqlite_writes_never_find_the_database_locked(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "sqlite_burst.py"), str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )

    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["errors"] == []
    assert report["events"] == 20
    assert report["journal_mode"] == "wal"
    assert report["chain_ok"] is True
