"""Page heights per persona: the five tallest pages each demo account reaches from the menu.

Run against a served demo instance (e.g. one prepared in a temporary ``ZEREN_VAR_DIR``)::

    ZEREN_VAR_DIR=/tmp/demo-var .venv/bin/zeren demo --port 8731 &
    .venv/bin/python bench/page_heights.py --base http://127.0.0.1:8731 \
        --accounts /tmp/demo-var/demo_accounts.json --out /tmp/heights.json

For each persona the script logs in, opens every link of the header menu (level 1) and up to
``--per-page`` new links found in each of those pages' ``<main>`` (level 2; same site, HTML only, no
downloads, logout or admin), and measures ``document.documentElement.scrollHeight`` at a
1280 × 800 viewport — the full-page height a screenshot would have. It prints one JSON line per
persona with the five tallest pages, and writes all measurements to ``--out``.

Playwright drives Debian chromium (``/usr/bin/chromium``); never ``playwright install``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

PERSONAS = ("admin", "shule", "leader", "reviewer")
SKIP = re.compile(
    r"^/(static|media|api|admin)/|/accounts/logout|/export|/download|\.(docx|xlsx|pdf|ics|csv|json)$"
    r"|/feed|/attachments?/|/files?/"
)
VIEWPORT = {"width": 1280, "height": 800}


def _same_site_path(base: str, href: str | None) -> str | None:
    if not href or href.startswith(("#", "mailto:", "javascript:")):
        return None
    url = urlparse(urljoin(base + "/", href))
    if url.netloc != urlparse(base).netloc:
        return None
    path = url.path + (f"?{url.query}" if url.query else "")
    return None if SKIP.search(url.path) else path


def _links(page: Any, selector: str) -> list[str]:
    return list(
        page.eval_on_selector_all(
            selector, "els => els.filter(e => !e.hasAttribute('download')).map(e => e.getAttribute('href'))"
        )
    )


def _measure(page: Any, base: str, path: str) -> dict[str, Any] | None:
    started = time.perf_counter()
    response = page.goto(base + path, wait_until="load", timeout=120_000)
    seconds = time.perf_counter() - started
    if response is None or "text/html" not in (response.headers.get("content-type") or ""):
        return None
    height = int(page.evaluate("document.documentElement.scrollHeight"))
    title = page.title()
    return {"path": path, "status": response.status, "height": height, "title": title, "load_s": seconds}


def measure_persona(
    browser: Any, base: str, username: str, password: str, per_page: int
) -> list[dict[str, Any]]:
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    seen: set[str] = set()
    results: list[dict[str, Any]] = []
    first = _measure(page, base, "/")
    seen.add("/")
    if first:
        results.append(first)
    level1 = [p for p in (_same_site_path(base, h) for h in _links(page, "header nav a[href]")) if p]
    level1 = [p for p in dict.fromkeys(level1) if p not in seen]
    level2: list[str] = []
    for path in level1:
        seen.add(path)
        row = _measure(page, base, path)
        if row is None:
            continue
        results.append(row)
        found = 0
        for href in _links(page, "main a[href]"):
            candidate = _same_site_path(base, href)
            if candidate is None or candidate in seen or candidate in level2 or found >= per_page:
                continue
            level2.append(candidate)
            found += 1
    for path in level2:
        seen.add(path)
        row = _measure(page, base, path)
        if row is not None:
            results.append(row)
    context.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--accounts", required=True, help="demo_accounts.json (username → password)")
    parser.add_argument("--personas", default=",".join(PERSONAS))
    parser.add_argument("--per-page", type=int, default=8, help="level-2 links followed per menu page")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    passwords = json.loads(Path(args.accounts).read_text(encoding="utf-8"))
    everything: dict[str, list[dict[str, Any]]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        for username in args.personas.split(","):
            rows = measure_persona(
                browser, args.base.rstrip("/"), username, passwords[username], args.per_page
            )
            everything[username] = rows
            tallest = sorted(rows, key=lambda r: -r["height"])[:5]
            print(
                json.dumps(
                    {
                        "bench": "page_heights",
                        "persona": username,
                        "pages": len(rows),
                        "tallest": [{"path": r["path"], "height": r["height"]} for r in tallest],
                    },
                    ensure_ascii=False,
                ),
                flush=True,
            )
        browser.close()
    if args.out:
        args.out.write_text(json.dumps(everything, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
