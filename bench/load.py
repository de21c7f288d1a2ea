"""A bounded load test of a local server (loopback only): `zeren serve` (gunicorn) on a free port of
127.0.0.1 over a prepared demo database, 32 concurrent clients signed in as the committee office (安委办,
account ``admin``), the busiest pages and API calls, a bounded number of requests and seconds.

Prepare the database once (SQLite; for PostgreSQL add DATABASE_URL to both commands):

    ZEREN_DEMO=1 ZEREN_VAR_DIR=/tmp/zeren-load zeren demo --no-serve
    .venv/bin/python bench/load.py --var-dir /tmp/zeren-load [--requests 1600] [--seconds 300] [--json]

Reports per URL the count, errors, p50 and p95 (ms) and p95 as a ratio to the reference measured in the
same run: a static file served by WhiteNoise through the same gunicorn workers. Exits 1 on any error.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
# The committee office's busiest pages and calls (the audit trail is the audit administrator's alone: 403).
PAGES = ["/", "/org/", "/org/units/kashgar/", "/obligations/overview/", "/accidents/", "/cases/"]
API = [
    "/api/org/units",
    "/api/org/units/kashgar",
    "/api/obligations/summary",
    "/api/catalog/kinds",
    "/api/cases",
    "/api/accidents",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_server(var_dir: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ZEREN_VAR_DIR": str(var_dir), "DEBUG": "0", "ZEREN_DEMO": "1"}
    env.setdefault("SECRET_KEY", "load-test-only-" + "k" * 50)
    zeren = Path(sys.executable).with_name("zeren")
    log = (var_dir / "load-server.log").open("wb")
    process = subprocess.Popen(
        [str(zeren), "serve", "--host", HOST, "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:  # ready once a worker answers (booting Django takes a while on a loaded machine)
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
            conn.request("GET", "/accounts/login/")
            conn.getresponse().read()
            conn.close()
            return process
        except (OSError, http.client.HTTPException):
            if process.poll() is not None:
                raise SystemExit(f"server exited: see {var_dir / 'load-server.log'}") from None
            time.sleep(0.5)
    stop_server(process)
    raise SystemExit("server did not answer within 300 s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def login(port: int, username: str, password: str) -> str:
    """The session cookie header of a signed-in browser (the real login form, CSRF included)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    page = response.read().decode()
    cookies = {
        c.split("=", 1)[0]: c.split("=", 1)[1].split(";")[0]
        for c in response.headers.get_all("Set-Cookie") or []
    }
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token[1]}
    )
    conn.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Referer": f"http://{HOST}:{port}/accounts/login/",
        },
    )
    response = conn.getresponse()
    response.read()
    for cookie in response.headers.get_all("Set-Cookie") or []:
        name, value = cookie.split(";")[0].split("=", 1)
        cookies[name] = value
    if response.status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"login as {username} failed (HTTP {response.status})")
    conn.close()
    return f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}"


def static_reference(port: int, cookie: str) -> str:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    conn.request("GET", "/", headers={"Cookie": cookie})
    page = conn.getresponse().read().decode()
    conn.close()
    match = re.search(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page)
    assert match, "no static asset on the home page"
    return match[1]


@dataclass
class Outcome:
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def run(port: int, cookie: str, urls: list[str], clients: int, total: int, seconds: float) -> Outcome:
    """``total`` GETs over ``urls`` in turn by ``clients`` keep-alive threads, for at most ``seconds``."""
    outcome = Outcome()
    timings, errors = outcome.timings, outcome.errors
    lock = threading.Lock()
    counter = iter(range(total))
    stop_at = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=120)
        while time.monotonic() < stop_at:
            with lock:
                index = next(counter, None)
            if index is None:
                break
            url = urls[index % len(urls)]
            started = time.perf_counter()
            try:
                conn.request("GET", url, headers={"Cookie": cookie, "Accept": "text/html,application/json"})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=120)
                status, reason = 0, str(exc)
            else:
                reason = str(status)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if status == 200:
                    timings[url].append(elapsed)
                else:
                    errors[url].append(reason)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True, help="ZEREN_VAR_DIR of a prepared demo")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=1600, help="total requests (bounded)")
    parser.add_argument("--seconds", type=float, default=300, help="stop after this many seconds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default: one per core)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    password = json.loads((args.var_dir / "demo_accounts.json").read_text(encoding="utf-8"))["admin"]
    port = free_port()
    server = start_server(args.var_dir, port, args.workers)
    try:
        cookie = login(port, "admin", password)
        reference = static_reference(port, cookie)
        urls = [reference, *PAGES, *API]
        run(port, cookie, urls, min(args.clients, len(urls)), len(urls), 120)  # warm-up, not counted
        started = time.perf_counter()
        result = run(port, cookie, urls, args.clients, args.requests, args.seconds)
        wall = time.perf_counter() - started
    finally:
        stop_server(server)
    timings, errors = result.timings, result.errors
    ref_p95 = percentile(timings[reference], 95)
    rows: list[dict[str, Any]] = [
        {
            "url": url if url != reference else f"{url} (reference: static file)",
            "ok": len(timings[url]),
            "errors": len(errors[url]),
            "error_samples": errors[url][:3],
            "p50_ms": round(percentile(timings[url], 50), 1),
            "p95_ms": round(percentile(timings[url], 95), 1),
            "p95_vs_reference": round(percentile(timings[url], 95) / ref_p95, 1),
        }
        for url in urls
    ]
    total_errors = sum(len(errors[url]) for url in urls)
    done = sum(len(timings[url]) for url in urls) + total_errors
    summary = {
        "database": os.environ.get("DATABASE_URL", "sqlite").split("@")[-1],
        "clients": args.clients,
        "workers": args.workers,
        "requests": done,
        "errors": total_errors,
        "seconds": round(wall, 1),
        "requests_per_second": round(done / wall, 1),
        "load_average": os.getloadavg(),
        "urls": rows,
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        load = os.getloadavg()
        print(f"{done} requests, {total_errors} errors, {wall:.1f} s, {done / wall:.1f} req/s, load {load}")
        for row in rows:
            print(
                f"{row['url']:<60} {row['ok']:>5} ok {row['errors']:>3} err"
                f"  p50 {row['p50_ms']:>8} ms  p95 {row['p95_ms']:>8} ms  x{row['p95_vs_reference']}"
            )
    return 1 if total_errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
