"""Every list page and API list: the same number of queries with a small world and with three times
the data, and never more rows than a page holds (issue 17; CONVENTIONS: a page never grows with the data).

The world is the benchmark's (bench/run.py ``_grow_world`` and bench/pages.py ``_extra``): counties
with townships, prefecture departments, posts, published lists, a year of occurrences, accidents,
cases, findings, assessment runs and audit events, by bulk insert. The pages are those the benchmark
times, requested as the committee office (the audit pages as the audit administrator).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zeren.common.pagination import MAX_SIZE, Page

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import pages as bench_pages  # bench/pages.py
import run as bench_run  # bench/run.py

SMALL, LARGE = 4, 12  # counties (and as many prefecture departments): three times the data
OCCURRENCES_PER_UNIT = 60
PAGES = bench_pages._pages("as-c3")


def _measure(office: Any, auditor: Any) -> dict[str, tuple[int, int, int]]:
    """Per page: (queries, rows shown, the largest page size) on the first page."""
    clients = {"office": Client(), "audit": Client()}
    clients["office"].force_login(office)
    clients["audit"].force_login(auditor)
    result = {}
    for name, url, who in PAGES:
        client = clients[who]
        client.get(url)  # warm per-process caches (the pack, the rules)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        if response["Content-Type"].startswith("application/json"):
            body = response.json()
            rows = len(body if isinstance(body, list) else body.get("events", []))
            size = 100
        else:
            contexts: list[Any] = list(response.context or [])  # one Context per rendered template
            pages = [v for c in contexts for v in c.flatten().values() if isinstance(v, Page)]
            rows = max((len(p) for p in pages), default=0)
            size = max((p.size for p in pages), default=MAX_SIZE)
        result[name] = (len(captured.captured_queries), rows, size)
    return result


@pytest.mark.django_db
def test_list_pages_keep_their_query_count_and_page_size_as_the_data_triples() -> None:
    """One world grown in place, measured at both sizes (each page and API list named on failure)."""
    world = bench_run._World()
    bench_run._grow_world(world, SMALL, SMALL, OCCURRENCES_PER_UNIT)
    bench_pages._extra(world, SMALL, 0)
    office, auditor = bench_pages._users(world.root)
    small = _measure(office, auditor)
    bench_run._grow_world(world, LARGE, LARGE, OCCURRENCES_PER_UNIT)
    bench_pages._extra(world, LARGE, SMALL)
    large = _measure(office, auditor)

    assert {name: q for name, (q, _, _) in large.items()} == {name: q for name, (q, _, _) in small.items()}
    assert {name: (rows, size) for name, (_, rows, size) in large.items() if rows > size} == {}
    full = {name for name, (_, rows, size) in large.items() if rows == size}
    assert {"accidents", "api.accidents", "api.occurrences", "obligations.mine", "audit"} <= full
