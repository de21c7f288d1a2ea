"""Every page reachable from the menu, as every demo persona, shows people's words, not internal codes.

The demo (``zeren demo``'s steps) is built once for the module. For each persona the walk opens the menu's
pages, then one level deeper: the first link of each kind (URL name) on those pages — so the detail page of
a list's first row. It fails on a snake_case code, a clause id (``art_61``), a ``xxx-yyy`` slug in
parentheses, a ``key=value`` summary, an English error word or a UTC offset in the visible text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from tests.web.visible import visible_text
from zeren.demo import prepare

PERSONAS = [spec.username for spec in prepare.DEMO_ACCOUNTS]
CODES: dict[str, re.Pattern[str]] = {
    "snake_case code": re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
    "clause id": re.compile(r"\b(?:art|para|point|chp|sec)_\d+"),
    "slug in parentheses": re.compile(r"[（(]\s*[a-z][a-z0-9]*(?:-[a-z0-9]+)+\s*[)）]"),
    "key=value": re.compile(r"\b[A-Za-z_]+=\S"),
    "English error": re.compile(
        r"\b(?:Forbidden|Not Found|Server Error|Bad Request|Traceback|None|True|False)\b"
    ),
    "UTC offset": re.compile(r"\+00:00"),
}
SKIP_PREFIXES = ("/admin/", "/api/", "/accounts/logout/", "/static/", "/media/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.menu: list[str] = []
        self.main: list[str] = []
        self._in_nav = self._in_main = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav":
            self._in_nav += 1
        if tag == "main":
            self._in_main += 1
        if tag == "a" and values.get("href"):
            href = str(values["href"])
            (self.menu if self._in_nav else self.main if self._in_main else []).append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._in_nav:
            self._in_nav -= 1
        if tag == "main" and self._in_main:
            self._in_main -= 1


def links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def _internal(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _kind(url: str) -> str:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return url
    return f"{match.view_name}?{urlsplit(url).query.split('=')[0]}"


def codes_in(text: str) -> list[str]:
    found = []
    for name, pattern in CODES.items():
        for match in pattern.finditer(text):
            start = max(match.start() - 30, 0)
            found.append(f"{name}: {match.group(0)!r} in …{text[start : match.end() + 30]!r}…")
    return found


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    from django.conf import settings

    original = settings.VAR_DIR
    settings.VAR_DIR = tmp_path_factory.mktemp("var")
    with django_db_blocker.unblock(), transaction.atomic():
        prepare.load_kashgar_regulation(lambda _: None)
        for step in prepare.EXTRA_STEPS:
            step(lambda _: None)
        prepare.ensure_demo_accounts()
        yield
        transaction.set_rollback(True)
    settings.VAR_DIR = original


def walk(client: Client) -> dict[str, str]:
    """url -> visible text of every page the walk reached (HTML pages that answered 200)."""
    pages: dict[str, str] = {}
    seen_kinds: set[str] = set()

    def visit(url: str) -> _Links | None:
        if url in pages:
            return None
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            return None
        html = response.content.decode()
        main = html.split("<main", 1)[-1]
        pages[url] = visible_text("<main" + main)
        return links(html)

    home = visit("/")
    assert home is not None
    menu = [u for u in (_internal(h) for h in home.menu) if u]
    deeper: list[str] = []
    for url in menu:
        found = visit(url)
        if found:
            deeper += [u for u in (_internal(h) for h in found.main) if u]
    for url in deeper:
        kind = _kind(url)
        if kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        visit(url)
    return pages


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_internal_code_on_any_page(demo: None, db: None, persona: str) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username=persona))

    pages = walk(client)

    problems = [f"{url}: {problem}" for url, text in pages.items() for problem in codes_in(text)]
    assert len(pages) > 3
    assert problems == []
