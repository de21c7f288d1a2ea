"""Shared fixtures and the skip-or-fail policy for environment-dependent tests.

Browser, PostgreSQL and corpus tests skip with a clear message where the machine lacks what
they need, but CI sets ZEREN_REQUIRE_BROWSER / ZEREN_REQUIRE_POSTGRES / ZEREN_REQUIRE_CORPUS=1
so that they fail there instead of silently skipping.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def skip_or_fail(reason: str, require_env: str) -> None:
    if os.environ.get(require_env) == "1":
        pytest.fail(f"{reason} ({require_env}=1, so this is a failure, not a skip)")
    pytest.skip(reason)


CLAUSE_ID = re.compile(r"^(?:[0-9a-z_]+:)?(?:art|chp|sec)_\d+(?:__(?:para|point|subpoint)_\d+)*$")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.django_db)
        for marker in item.iter_markers("clause"):  # zeren.packs.coverage credits these, so keep them exact
            pack = marker.kwargs.get("pack")
            bad = [a for a in marker.args if not (isinstance(a, str) and CLAUSE_ID.match(a))]
            if not isinstance(pack, str) or not marker.args or bad or set(marker.kwargs) != {"pack"}:
                raise pytest.UsageError(
                    f"{item.nodeid}: use @pytest.mark.clause('art_55__para_1', ..., pack='<pack id>'); "
                    f"got args={marker.args!r} kwargs={marker.kwargs!r}"
                )


@pytest.fixture(autouse=True)
def _require_environment(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("browser") and not (
        Path(CHROMIUM).exists() or shutil.which("chromium")
    ):
        skip_or_fail("Debian chromium is not installed (/usr/bin/chromium)", "ZEREN_REQUIRE_BROWSER")
    if request.node.get_closest_marker("postgres"):
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            skip_or_fail("DATABASE_URL does not point at PostgreSQL", "ZEREN_REQUIRE_POSTGRES")


@pytest.fixture
def seed_text() -> str:
    return (REPO_ROOT / "zeren" / "packs" / "kashgar_2021" / "regulation.txt").read_text(encoding="utf-8")


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture
def page(_require_environment: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN")
        yield context.new_page()
        context.close()
        browser.close()
        # Django's connections are context-local (asgiref.local); those the test body opened while
        # Playwright's context was active are closed here, in that context, or PostgreSQL would later
        # refuse to drop the test database ("being accessed by other users").
        from django.db import connections

        connections.close_all()
