"""Read latency of every list page and API list (`bench/run.py pages`).

The world is the assessment benchmark's (counties with townships, prefecture departments, posts,
tenures, published lists, a year of occurrences, accidents and findings: ``run._grow_world``) plus
accidents up to ten per county, a case per county, assessment runs and audit events, all by bulk
insert. It is measured at a third of its size and again at full size: the query count of each page
must be the same at both. Logged in as the committee office (the audit pages as the audit
administrator), each page is requested ``REQUESTS`` times through Django's test client; beside each,
the bare SQL query of the page's rows (its first page, at the page's size) is timed in the same run.

``BENCH_CODE_ROOT`` runs the same measurement against another checkout (``git archive main``) to give
the before figures.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from typing import Any

REQUESTS = int(os.environ.get("BENCH_PAGES_REQUESTS", "30"))
# A page slower than this many seconds in total stops after at least MIN_REQUESTS (the before run).
BUDGET_SECONDS = float(os.environ.get("BENCH_PAGES_BUDGET", "0")) or None
MIN_REQUESTS = 5
# BENCH_PAGES_REUSE=1: measure the world already in the scratch database (no flush, no build).
REUSE = os.environ.get("BENCH_PAGES_REUSE") == "1"
# BENCH_PAGES_FULL_ONLY=1: skip the one-third-size measurement (the before run, to save time).
FULL_ONLY = os.environ.get("BENCH_PAGES_FULL_ONLY") == "1"
CASE_TITLE = "基准测试案件"
# BENCH_PAGES_ONLY=name,name: measure only these pages (names as in ``_pages``).
ONLY = set(filter(None, os.environ.get("BENCH_PAGES_ONLY", "").split(",")))


def _extra(world: Any, counties: int, start: int) -> dict[str, int]:
    """Accidents to ten per county, one case per county, five runs and 100 audit events per county."""
    from django.utils import timezone

    from zeren.accidents.models import Accident
    from zeren.accountability.models import Case
    from zeren.assessment.models import AssessmentRun
    from zeren.audit.models import AuditEvent
    from zeren.org.models import Unit

    tz = timezone.get_current_timezone()
    year = 2025
    counties_qs = Unit.objects.filter(level="county", code__startswith="as-c").order_by("path")
    units = list(counties_qs[start:counties])
    rows = []
    for n, unit in enumerate(units):
        for k in range(9 if n % 2 else 8):  # _grow_world adds 1.5 per county
            a = (start + n) * 10 + k
            sector, sector_name = world.sectors[a % len(world.sectors)]
            at = dt.datetime(year, 1 + a % 12, 1 + a % 28, 8 + k, tzinfo=tz)
            rows.append(
                Accident(
                    pack=world.version,
                    occurred_at=at,
                    unit=unit,
                    sector_code=sector,
                    sector_name=sector_name,
                    enterprise=f"企业{a}",
                    description="基准测试合成事故",
                    deaths=int(a % 5 == 0),
                    grade="一般",
                    supplement_days=30,
                    supplement_last_day=at.date() + dt.timedelta(days=30),
                )
            )
    accidents = Accident.objects.bulk_create(rows, batch_size=5000)
    first = {a.unit_id: a for a in accidents}
    cases = Case.objects.bulk_create(
        [
            Case(
                trigger="accident",
                unit=u,
                on=dt.date(year, 6, 1),
                title=f"{u.name}{CASE_TITLE}",
                facts="合成数据",
                accident=first[u.pk],
            )
            for u in units
        ]
    )
    AssessmentRun.objects.bulk_create(
        [
            AssessmentRun(year=year, pack=world.version, inputs_hash=f"{k:064d}", facts=[], result={})
            for k in range(len(units) // 2)
        ]
    )
    base = AuditEvent.objects.count()
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                seq=base + k + 1,
                at=now,
                action="bench.synthetic",
                object_type="bench",
                object_id=str(k),
                note="合成事件",
                prev_hash="0" * 64,
                hash="0" * 64,
                unit_path=units[k % len(units)].path,
            )
            for k in range(len(units) * 100)
        ],
        batch_size=5000,
    )
    return {"accidents": len(accidents), "cases": len(cases), "audit_events": len(units) * 100}


def _recount(year: int) -> None:
    """The world is bulk-inserted past the services: the summaries' tallies are recounted (code that has
    no tallies, a ``BENCH_CODE_ROOT`` checkout from before them, has nothing to recount)."""
    try:
        from zeren.obligations.tallies import recount
    except ImportError:
        return
    recount(year)


def _users(root: Any) -> tuple[Any, Any]:
    from django.contrib.auth import get_user_model

    from zeren.accounts.models import Role, RoleAssignment

    User = get_user_model()
    office, _ = User.objects.get_or_create(username="bench-office")
    auditor, _ = User.objects.get_or_create(username="bench-audit")
    RoleAssignment.objects.get_or_create(user=office, role=Role.COMMITTEE_ADMIN, unit=root)
    RoleAssignment.objects.get_or_create(user=auditor, role=Role.AUDITADMIN, unit=None)
    return office, auditor


def _pages(county_code: str) -> list[tuple[str, str, str]]:
    """(name, url, who) for every list page and API list."""
    return [
        ("accidents", "/accidents/", "office"),
        ("api.accidents", "/api/accidents", "office"),
        ("cases", "/cases/", "office"),
        ("api.cases", "/api/cases", "office"),
        ("org.tree", "/org/", "office"),
        ("api.org.units", "/api/org/units", "office"),
        ("org.unit", f"/org/units/{county_code}/", "office"),
        ("obligations.mine", "/obligations/?year=2025", "office"),
        ("obligations.unit", f"/obligations/units/{county_code}/?year=2025", "office"),
        ("obligations.overview", "/obligations/overview/?year=2025", "office"),
        ("home.office", "/?year=2025", "office"),  # the office dashboard: completion by county
        ("api.occurrences", "/api/obligations/occurrences?year=2025", "office"),
        ("api.occurrences.overdue", "/api/obligations/occurrences?year=2025&status=overdue", "office"),
        ("lists.index", "/lists/", "office"),
        ("lists.search.broad", "/lists/?q=%E5%B2%97%E4%BD%8D", "office"),  # 岗位: every title
        ("lists.search.narrow", "/lists/?q=%E5%8E%BF3%E6%94%BF%E5%BA%9C", "office"),  # 县3政府
        ("lists.unit", f"/lists/?unit={county_code}", "office"),
        ("supervision", "/supervision/", "office"),
        ("api.findings", "/api/supervision/findings", "office"),
        ("assessment.runs", "/assessment/", "office"),
        ("api.assessment.runs", "/api/assessment/runs", "office"),
        ("audit", "/audit/", "audit"),
        ("api.audit", "/api/audit/events", "audit"),
    ]


def _references(county: int, today: dt.date, root_path: str = "0002/") -> dict[str, tuple[str, list[Any]]]:
    """The bare SQL of each page's first page of rows (50 on a page, 100 in the API)."""
    occ = (
        "SELECT o.id, o.due, o.status, o.period_label, p.title, u.name FROM obligations_occurrence o "
        "JOIN org_unit u ON u.id = o.unit_id JOIN org_post p ON p.id = o.post_id "
        "WHERE o.year = %s {extra} ORDER BY o.due, o.id LIMIT {n}"
    )
    acc = (
        "SELECT a.id, a.occurred_at, a.enterprise, u.name FROM accidents_accident a "
        "JOIN org_unit u ON u.id = a.unit_id ORDER BY a.occurred_at DESC, a.id DESC LIMIT {n}"
    )
    case = "SELECT id, title FROM accountability_case ORDER BY opened_at DESC, id DESC LIMIT {n}"
    return {
        "accidents": (acc.format(n=50), []),
        "api.accidents": (acc.format(n=100), []),
        "cases": (case.format(n=50), []),
        "api.cases": (case.format(n=100), []),
        "org.tree": ("SELECT id, code, name, path FROM org_unit ORDER BY path LIMIT 50", []),
        "api.org.units": ("SELECT id, code, name, path FROM org_unit ORDER BY path LIMIT 100", []),
        "org.unit": ("SELECT id, title FROM org_post WHERE unit_id = %s ORDER BY title LIMIT 50", [county]),
        "obligations.mine": (occ.format(extra="AND u.path = %s", n=50), [2025, root_path]),
        "obligations.unit": (occ.format(extra="AND o.unit_id = %s", n=50), [2025, county]),
        "obligations.overview": (
            "SELECT unit_id, count(*) FROM obligations_occurrence WHERE year = %s GROUP BY unit_id",
            [2025],
        ),
        "home.office": (
            "SELECT unit_id, count(*) FROM obligations_occurrence WHERE year = %s GROUP BY unit_id",
            [2025],
        ),
        "home.office.tallies": (
            "SELECT unit_id, sum(count) FROM obligations_tally WHERE year = %s GROUP BY unit_id",
            [2025],
        ),
        # what the page reads since the tallies: the year's tallies summed per unit
        "obligations.overview.tallies": (
            "SELECT unit_id, sum(count) FROM obligations_tally WHERE year = %s GROUP BY unit_id",
            [2025],
        ),
        "api.occurrences": (occ.format(extra="", n=100), [2025]),
        "api.occurrences.overdue": (
            occ.format(extra="AND o.status = 'open' AND o.due < %s", n=100),
            [2025, today],
        ),
        "lists.index": (
            "SELECT unit_id, count(*) FROM duties_responsibilitylist WHERE status = 'published' "
            "GROUP BY unit_id",
            [],
        ),
        "lists.search.broad": (
            "SELECT id, title FROM duties_responsibilitylist WHERE status = 'published' AND title LIKE %s "
            "ORDER BY title, id LIMIT 50",
            ["%岗位%"],
        ),
        "lists.search.narrow": (
            "SELECT id, title FROM duties_responsibilitylist WHERE status = 'published' AND title LIKE %s "
            "ORDER BY title, id LIMIT 50",
            ["%县3政府%"],
        ),
        "lists.unit": (
            "SELECT id, title FROM duties_responsibilitylist WHERE status = 'published' AND unit_id = %s "
            "ORDER BY title, id LIMIT 50",
            [county],
        ),
        "supervision": ("SELECT id FROM supervision_finding ORDER BY deadline, id LIMIT 50", []),
        "api.findings": ("SELECT id FROM supervision_finding ORDER BY id LIMIT 100", []),
        "assessment.runs": (
            "SELECT id, year, status FROM assessment_assessmentrun ORDER BY year DESC, id DESC LIMIT 50",
            [],
        ),
        "api.assessment.runs": (
            "SELECT id, year, status FROM assessment_assessmentrun ORDER BY year DESC, id DESC LIMIT 100",
            [],
        ),
        "audit": ("SELECT * FROM audit_auditevent ORDER BY seq DESC LIMIT 50", []),
        "api.audit": ("SELECT * FROM audit_auditevent ORDER BY seq LIMIT 100", []),
    }


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return round(statistics.median(ordered) * 1000, 1), round(p95 * 1000, 1)


def _measure(
    size: str, office: Any, auditor: Any, emit: Any, county_code: str = "as-c3", root_path: str = "0002/"
) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from zeren.org.models import Unit

    county = Unit.objects.filter(code=county_code).get()
    clients = {"office": Client(), "audit": Client()}
    clients["office"].force_login(office)
    clients["audit"].force_login(auditor)
    references = _references(county.pk, timezone.localdate(), root_path)
    queries: dict[str, int] = {}
    for name, url, who in _pages(county.code):
        if ONLY and name not in ONLY:
            continue
        client = clients[who]
        first = client.get(url)  # warm
        if first.status_code != 200:
            emit("pages.error", page=name, url=url, status=first.status_code)
            continue
        samples: list[float] = []
        with CaptureQueriesContext(connection) as captured:
            for _ in range(REQUESTS):
                started = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - started)
                if BUDGET_SECONDS and len(samples) >= MIN_REQUESTS and sum(samples) > BUDGET_SECONDS:
                    break
        queries[name] = len(captured.captured_queries) // len(samples)

        def timed_sql(sql: str, params: list[Any]) -> list[float]:
            out = []
            with connection.cursor() as cursor:
                for _ in range(REQUESTS):
                    started = time.perf_counter()
                    cursor.execute(sql, params)
                    cursor.fetchall()
                    out.append(time.perf_counter() - started)
            return out

        ref_samples = timed_sql(*references[name])
        alternative = {}
        if f"{name}.tallies" in references:
            try:
                a50, a95 = _percentiles(timed_sql(*references[f"{name}.tallies"]))
                alternative = {"tallies_ref_p50_ms": a50, "tallies_ref_p95_ms": a95}
            except Exception:  # noqa: S110 (a checkout from before the tallies: no such table)
                pass
        p50, p95 = _percentiles(samples)
        r50, r95 = _percentiles(ref_samples)
        emit(
            "pages.page",
            size=size,
            page=name,
            url=url,
            requests=len(samples),
            p50_ms=p50,
            p95_ms=p95,
            queries=queries[name],
            kib=round(len(response.content) / 1024, 1),
            ref_p50_ms=r50,
            ref_p95_ms=r95,
            ratio_p95=round(p95 / r95, 1) if r95 else None,
            **alternative,
        )
    return queries


def bench_pages(counties: int = 300, departments: int = 300, occurrences_per_unit: int = 336) -> None:
    import run  # bench/run.py: the scratch database and the assessment world's builder

    run._setup_scratch_database()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from zeren.org.models import Unit

    override_settings(  # no collectstatic in a scratch run: static URLs unhashed
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()
    if REUSE and Unit.objects.filter(code=f"as-c{counties - 1}").exists():
        office, auditor = _users(Unit.objects.get(code="as-pref"))
        _measure(f"{counties}", office, auditor, run._emit)
        return
    if Unit.objects.exists():
        call_command("flush", interactive=False, verbosity=0)
    world = run._World()
    measured: list[dict[str, int]] = []
    extra_totals: dict[str, int] = {}
    sizes = [(counties // 3, departments // 3), (counties, departments)]
    for size_counties, size_departments in sizes:
        started = time.perf_counter()
        before = world.counties
        run._grow_world(world, size_counties, size_departments, occurrences_per_unit)
        extra = _extra(world, size_counties, before)
        for key, value in extra.items():
            extra_totals[key] = extra_totals.get(key, 0) + value
        office, auditor = _users(world.root)
        _recount(2025)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        run._emit(
            "pages.build",
            counties=world.counties,
            departments=world.departments,
            **{k: world.totals.get(k, 0) + extra_totals.get(k, 0) for k in {*world.totals, *extra_totals}},
            seconds=round(time.perf_counter() - started, 1),
            vendor=connection.vendor,
        )
        if FULL_ONLY and size_counties < counties:
            continue
        measured.append(_measure(f"{size_counties}", office, auditor, run._emit))
    if len(measured) < 2:
        return
    small, large = measured
    run._emit(
        "pages.scaling",
        queries_constant=sorted(k for k in small if small[k] != large.get(k)) or True,
    )
