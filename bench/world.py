"""Figures on the national synthetic world (`bench/run.py world [COUNTIES]`, `zeren bench world`).

In the scratch database (``BENCH_DATABASE_URL``, PostgreSQL; SQLite allowed), the world of ``COUNTIES``
county-level units is built through ``zeren.demo.world`` (COPY), then, each beside its reference measured
in the same run:

- the build: occurrences written per second by the world's COPY (rows generated in Python included);
- every list page and API list (``pages._measure``): p50/p95 and queries, beside the bare SQL of its
  first page;
- generation: the calendar of the following year generated for every post (``generate_occurrences``)
  beside a bare ``COPY`` of the same rows, then rolled back (the world is left as built);
- the annual assessment of all units (``assessment.services.compute``: facts and evaluation) beside one
  hand-written SQL aggregate over the same facts (occurrences by status and due date, accidents, published
  lists and posts, findings per county).

``BENCH_WORLD_REUSE=1`` measures a world already in the scratch database. ``BENCH_WORLD_SKIP`` lists steps
to skip (``pages,generation,assessment``).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from typing import Any

import run  # bench/run.py: the scratch database and the emitter

YEAR = 2025
SKIP = set(filter(None, os.environ.get("BENCH_WORLD_SKIP", "").split(",")))

ASSESSMENT_SQL = """
WITH occ AS (
    SELECT substr(u.path, 1, 10) AS county, count(*) AS total,
           count(*) FILTER (WHERE o.due <= %(cutoff)s) AS due_to_date,
           count(*) FILTER (WHERE o.due <= %(cutoff)s AND o.status = 'done') AS done,
           count(*) FILTER (WHERE o.due <= %(cutoff)s AND o.status = 'done_late') AS done_late,
           count(*) FILTER (WHERE o.due <= %(cutoff)s AND o.status = 'waived') AS waived,
           count(*) FILTER (WHERE o.due < %(cutoff)s AND o.status = 'open') AS overdue
    FROM obligations_occurrence o JOIN org_unit u ON u.id = o.unit_id
    WHERE o.year = %(year)s GROUP BY 1
), acc AS (
    SELECT substr(u.path, 1, 10) AS county, count(*) AS accidents, sum(a.deaths) AS deaths,
           count(*) FILTER (WHERE a.grade <> '一般') AS grave
    FROM accidents_accident a JOIN org_unit u ON u.id = a.unit_id
    WHERE a.occurred_at >= %(start)s AND a.occurred_at < %(end)s GROUP BY 1
), lists AS (
    SELECT substr(u.path, 1, 10) AS county, count(*) AS lists
    FROM duties_responsibilitylist l JOIN org_unit u ON u.id = l.unit_id
    WHERE l.status = 'published' GROUP BY 1
), posts AS (
    SELECT substr(u.path, 1, 10) AS county, count(*) AS posts
    FROM org_post p JOIN org_unit u ON u.id = p.unit_id
    WHERE p.start <= %(last)s AND (p."end" IS NULL OR p."end" >= %(first)s) GROUP BY 1
), fin AS (
    SELECT substr(u.path, 1, 10) AS county, count(*) AS findings,
           count(*) FILTER (WHERE f.status = 'verified') AS verified
    FROM supervision_finding f JOIN supervision_target t ON t.id = f.target_id
    JOIN org_unit u ON u.id = t.unit_id GROUP BY 1
)
SELECT c.path, occ.total, occ.due_to_date, occ.done, occ.done_late, occ.waived, occ.overdue,
       acc.accidents, acc.deaths, acc.grave, lists.lists, posts.posts, fin.findings, fin.verified
FROM org_unit c
LEFT JOIN occ ON occ.county = c.path LEFT JOIN acc ON acc.county = c.path
LEFT JOIN lists ON lists.county = c.path LEFT JOIN posts ON posts.county = c.path
LEFT JOIN fin ON fin.county = c.path
WHERE c.level = 'county' ORDER BY c.path
"""


# The same aggregate with the obligations part read from the occurrence tallies (what the assessment reads).
TALLY_CTE = """occ AS (
    SELECT substr(u.path, 1, 10) AS county, sum(o.count) AS total,
           coalesce(sum(o.count) FILTER (WHERE o.due <= %(cutoff)s), 0) AS due_to_date,
           coalesce(sum(o.count) FILTER (WHERE o.due <= %(cutoff)s AND o.status = 'done'), 0) AS done,
           coalesce(sum(o.count) FILTER (WHERE o.due <= %(cutoff)s AND o.status = 'done_late'), 0)
             AS done_late,
           coalesce(sum(o.count) FILTER (WHERE o.due <= %(cutoff)s AND o.status = 'waived'), 0) AS waived,
           coalesce(sum(o.count) FILTER (WHERE o.due < %(cutoff)s AND o.status = 'open'), 0) AS overdue
    FROM obligations_tally o JOIN org_unit u ON u.id = o.unit_id
    WHERE o.year = %(year)s GROUP BY 1
)"""
ASSESSMENT_SQL_TALLIES = (
    ASSESSMENT_SQL[: ASSESSMENT_SQL.index("occ AS (")]
    + TALLY_CTE
    + ASSESSMENT_SQL[ASSESSMENT_SQL.index("), acc AS (") + 1 :]
)


def _build(counties: int) -> dict[str, Any]:
    from zeren.catalog.services import load_pack_into_catalog
    from zeren.demo.world import build_world
    from zeren.packs import KASHGAR_PACK_DIR

    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    summary = build_world(counties=counties, year=YEAR, quiet=True)
    occurrences = summary.rows["occurrences"]
    figures = {
        "counties": counties,
        **{f"rows_{k}": v for k, v in summary.rows.items()},
        "seconds": summary.seconds,
        "occurrences_copy_rows_per_s": round(occurrences / max(summary.seconds["occurrences"], 0.001)),
        "vendor": summary.vendor,
    }
    run._emit("world.build", **figures)
    return figures


def _pages(counties: int) -> None:
    import pages  # bench/pages.py

    from zeren.org.models import Unit

    root = Unit.objects.get(code="world")
    office, auditor = pages._users(root)
    probe = f"w{min(3, counties - 1)}"
    pages._measure(f"world-{counties}", office, auditor, run._emit, county_code=probe, root_path=root.path)


def _generation(counties: int) -> None:
    """Next year's calendar for every post, beside a bare COPY of the same rows; rolled back."""
    from django.db import connection, transaction

    from zeren.obligations.models import Occurrence
    from zeren.obligations.services import generate_occurrences

    year = YEAR + 1

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            started = time.perf_counter()
            result = generate_occurrences(actor=None, year=year)
            seconds = time.perf_counter() - started
            fields = [f for f in Occurrence._meta.concrete_fields if not f.primary_key]
            rows = list(Occurrence.objects.filter(year=year).values_list(*[f.attname for f in fields]))
            table = Occurrence._meta.db_table
            columns = ", ".join(f.column for f in fields)
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE year = %s", [year])  # noqa: S608
            started = time.perf_counter()
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    marks = ", ".join(["?"] * len(fields))
                    cursor.cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
            reference = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    rate, reference_rate = result.created / seconds, len(rows) / reference
    run._emit(
        "world.generation",
        counties=counties,
        year=year,
        rows=result.created,
        seconds=round(seconds, 1),
        rows_per_s=round(rate),
        reference="copy" if connection.vendor == "postgresql" else "executemany",
        reference_seconds=round(reference, 1),
        reference_rows_per_s=round(reference_rate),
        ratio=round(rate / reference_rate, 2),
    )


def _assessment(counties: int) -> None:
    import tracemalloc

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zeren.assessment.services import compute
    from zeren.catalog.packs import pack_for_year

    version = pack_for_year(YEAR)
    on = dt.date(YEAR + 1, 3, 31)
    tz = dt.timezone(dt.timedelta(hours=8))
    params = {
        "year": YEAR,
        "cutoff": dt.date(YEAR, 12, 31),
        "first": dt.date(YEAR, 1, 1),
        "last": dt.date(YEAR, 12, 31),
        "start": dt.datetime(YEAR, 1, 1, tzinfo=tz),
        "end": dt.datetime(YEAR + 1, 1, 1, tzinfo=tz),
    }
    sql = ASSESSMENT_SQL if connection.vendor == "postgresql" else None
    compute(version=version, year=YEAR, on=on)  # warm: the pure pack parsed once per process
    best, best_ref, best_tally, queries, units = float("inf"), float("inf"), float("inf"), 0, 0
    for _ in range(3):  # alternately, best of three: a burst of load on the shared machine hits both
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            facts, result = compute(version=version, year=YEAR, on=on)
            best = min(best, time.perf_counter() - started)
        queries, units = len(captured.captured_queries), len(result["units"])
        if sql is not None:
            with connection.cursor() as cursor:
                started = time.perf_counter()
                cursor.execute(sql, params)
                reference_rows = cursor.fetchall()
                best_ref = min(best_ref, time.perf_counter() - started)
                started = time.perf_counter()
                cursor.execute(ASSESSMENT_SQL_TALLIES, params)
                tally_rows = cursor.fetchall()
                best_tally = min(best_tally, time.perf_counter() - started)
                assert [r[:7] for r in tally_rows] == [r[:7] for r in reference_rows]  # the same facts
    tracemalloc.start()
    compute(version=version, year=YEAR, on=on)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    run._emit(
        "world.assessment",
        counties=counties,
        units_assessed=units,
        occurrences_counted=sum(f["obligations_due"] for f in facts),
        seconds=round(best, 2),
        queries=queries,
        peak_mib=round(peak / 2**20, 1),
        reference="one SQL aggregate" if sql else None,
        reference_rows=len(reference_rows) if sql else None,
        reference_seconds=round(best_ref, 2) if sql else None,
        ratio=round(best / best_ref, 2) if sql else None,
        tally_reference_seconds=round(best_tally, 3) if sql else None,
        tally_ratio=round(best / best_tally, 2) if sql else None,
    )


def bench_world(counties: int = 300) -> None:
    run._setup_scratch_database()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    from zeren.org.models import Unit

    override_settings(  # no collectstatic in a scratch run: static URLs unhashed
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()
    exists = Unit.objects.filter(code="world").exists()
    if not (os.environ.get("BENCH_WORLD_REUSE") == "1" and exists):
        if Unit.objects.exists():
            call_command("flush", interactive=False, verbosity=0)
        _build(counties)
    if "pages" not in SKIP:
        _pages(counties)
    if "assessment" not in SKIP:
        _assessment(counties)
    if "generation" not in SKIP:
        _generation(counties)
