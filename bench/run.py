"""Zeren benchmarks: `make bench` (or `.venv/bin/python bench/run.py WHICH`, WHICH one of law, importer,
org, assessment, roster, generation, chain, demo, pages, all; or `world [COUNTIES]`, the national synthetic
world of bench/world.py).

Speed and memory targets live here, never as timed assertions in tests. Each benchmark prints one
JSON line; record the figures with the machine and date in bench/RESULTS.md.

The org benchmark builds a synthetic province-sized slice with bulk inserts into a throwaway
database (a temporary SQLite file, or the PostgreSQL database named by BENCH_DATABASE_URL, which
must be an empty scratch database), then times the service layer's one-call questions.

The assessment benchmark builds a prefecture's counties and departments with a year of obligation
occurrences (about 200,000), accidents and inspection findings, and measures the year's assessment
at two sizes: the query count must not grow with the number of units.

The generation benchmark (`bench/run.py generation [COUNTIES]`) times a year's calendar generation
and a rerun, beside the same rows written by the driver alone in the same run (SQLite `executemany`,
PostgreSQL `COPY`).
"""

from __future__ import annotations

import atexit
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# BENCH_CODE_ROOT: measure another checkout of the code (e.g. `git archive main`) with these benchmarks.
sys.path.insert(0, os.environ.get("BENCH_CODE_ROOT", str(ROOT)))


def _emit(name: str, **figures: object) -> None:
    print(json.dumps({"bench": name, **figures}, ensure_ascii=False), flush=True)


def bench_law() -> None:
    from zeren.law import parse
    from zeren.law.corpus import run_corpus

    seed = (ROOT / "zeren/packs/kashgar_2021/regulation.txt").read_text(encoding="utf-8")
    runs = 50
    started = time.perf_counter()
    for _ in range(runs):
        parse(seed)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    parse(seed)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    _emit(
        "law.parse_seed",
        runs=runs,
        ms_per_parse=round(elapsed / runs * 1000, 2),
        peak_mib=round(peak / 2**20, 1),
    )
    corpus = Path(os.environ.get("ZEREN_CORPUS_DIR", ROOT.parent / "shared" / "corpus" / "laws"))
    if corpus.is_dir():
        report = run_corpus(corpus)
        figures = report.to_dict()
        figures["mismatches"] = len(report.mismatches)
        _emit("law.corpus", **figures)


def bench_importer(repeats: int = 3) -> None:
    """``parse`` over every corpus law beside a bare line-start 第N条 scan of the same in-memory texts.

    Both are timed over the same list of already decoded strings in the same run, alternately, best of
    ``repeats``; MB are UTF-8 megabytes (10**6 bytes) of the original texts. The ratio is on wall-clock
    time; the same on process CPU time is printed beside it (steadier on a loaded machine). Beside them, the
    CPU time of merely creating as many ``Node`` objects as the documents hold (a bound on any importer
    returning this tree), and of the importer's line-classifying and variant-character passes alone.
    """
    import re

    from zeren.law import Node, parse
    from zeren.law.normalize import normalise
    from zeren.law.structure import _lines

    corpus = Path(os.environ.get("ZEREN_CORPUS_DIR", ROOT.parent / "shared" / "corpus" / "laws"))
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(corpus.glob("*.txt"))]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    scan_re = re.compile(r"^第[一二三四五六七八九十百千零〇两\d]+条", re.M)

    def scan() -> int:
        return sum(1 for text in texts for _ in scan_re.finditer(text))

    def parse_all() -> int:  # each document is dropped at once, as an import would store it and move on
        return sum(len(parse(text).nodes) for text in texts)

    def timed(run: Callable[[], int]) -> tuple[float, float, int]:
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        return time.perf_counter() - wall, time.process_time() - cpu, result

    scan_wall = scan_cpu = parse_wall = parse_cpu = float("inf")
    scanned = top_nodes = 0
    for _ in range(repeats):  # alternate, so that a burst of load on the shared machine hits both alike
        wall, cpu, scanned = timed(scan)
        scan_wall, scan_cpu = min(scan_wall, wall), min(scan_cpu, cpu)
        wall, cpu, top_nodes = timed(parse_all)
        parse_wall, parse_cpu = min(parse_wall, wall), min(parse_cpu, cpu)
    # The floor of any importer that returns this tree: creating its Node objects, with no parsing at all;
    # and two of the importer's steps alone: the regex pass that classifies every non-blank line, and the one
    # that looks for variant characters to normalise.
    node_count = sum(len(list(parse(text).iter_nodes())) for text in texts)
    floor_cpu = time.process_time()
    for _ in range(node_count):
        Node("art_1__para_1", "paragraph", "1", None, None, 0, "")
    floor_cpu = time.process_time() - floor_cpu
    lines_cpu = time.process_time()
    lines = sum(len(_lines(text)[0]) for text in texts)
    lines_cpu = time.process_time() - lines_cpu
    variants_cpu = time.process_time()
    variants = sum(len(normalise(text).substitutions) for text in texts)
    variants_cpu = time.process_time() - variants_cpu
    _emit(
        "law.importer",
        files=len(texts),
        megabytes=round(megabytes, 1),
        repeats=repeats,
        parse_seconds=round(parse_wall, 3),
        parse_mb_per_s=round(megabytes / parse_wall, 2),
        scan_seconds=round(scan_wall, 4),
        scan_mb_per_s=round(megabytes / scan_wall, 1),
        ratio=round(scan_wall / parse_wall, 4),
        ratio_text=f"1/{parse_wall / scan_wall:.1f}",
        parse_cpu_seconds=round(parse_cpu, 3),
        scan_cpu_seconds=round(scan_cpu, 4),
        cpu_ratio_text=f"1/{parse_cpu / scan_cpu:.1f}",
        nodes=node_count,
        node_objects_cpu_seconds=round(floor_cpu, 3),
        node_objects_vs_scan=round(floor_cpu / scan_cpu, 1),
        lines=lines,
        line_pass_cpu_seconds=round(lines_cpu, 3),
        line_pass_vs_scan=round(lines_cpu / scan_cpu, 1),
        variants=variants,
        variant_pass_cpu_seconds=round(variants_cpu, 3),
        variant_pass_vs_scan=round(variants_cpu / scan_cpu, 1),
        top_level_nodes=top_nodes,
        scan_matches=scanned,
        target="1/4",
    )


_database_ready = False


def _setup_scratch_database() -> None:
    global _database_ready
    if _database_ready:  # "all": the benchmarks share one scratch database and one django.setup()
        return
    _database_ready = True
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        os.environ["DATABASE_URL"] = url
    else:
        scratch = Path(tempfile.mkdtemp(prefix="zeren-bench-"))
        atexit.register(shutil.rmtree, scratch, ignore_errors=True)  # the 200,000-row world is ~90 MB
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def bench_org(counties: int = 300, posts_per_county: int = 60) -> None:
    """A slice of a province: ``counties`` county units × ``posts_per_county`` posts, 2 tenures each."""
    _setup_scratch_database()
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zeren.org import selectors
    from zeren.org.models import Organisation, Person, Portfolio, Post, Tenure, Unit

    started = time.perf_counter()
    root = Unit.objects.create(code="prov", name="省", level="prefecture", path="0001/")
    units = Unit.objects.bulk_create(
        [
            Unit(code=f"c{i}", name=f"县{i}", level="county", parent=root, path=f"0001/{i + 1:04d}/")
            for i in range(counties)
        ]
    )
    day0 = dt.date(2019, 1, 1)
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(code=f"c{i}-gov", unit=u, name=f"县{i}政府", type="government", start=day0)
            for i, u in enumerate(units)
        ]
        + [
            Organisation(
                code=f"c{i}-d{j}",
                unit=u,
                name=f"县{i}局{j}",
                type="government_department",
                kind_code="transport",
                start=day0,
            )
            for i, u in enumerate(units)
            for j in range(posts_per_county // 3)
        ],
        batch_size=5000,
    )
    govs = {o.unit_id: o for o in orgs if o.type == "government"}
    posts = Post.objects.bulk_create(
        [
            Post(
                code=f"c{i}-p{j}",
                organisation=govs[u.pk],
                unit=u,
                title=f"县{i}岗位{j}",
                role_code="government_principal" if j == 0 else "government_other_leader",
                start=day0,
            )
            for i, u in enumerate(units)
            for j in range(posts_per_county)
        ],
        batch_size=5000,
    )
    people = Person.objects.bulk_create(
        [Person(code=f"x{k}", name=f"人员{k}") for k in range(len(posts) * 2)], batch_size=5000
    )
    switch = dt.date(2022, 7, 1)
    tenures = []
    for k, post in enumerate(posts):
        tenures.append(Tenure(person=people[2 * k], post=post, start=day0, end=switch - dt.timedelta(days=1)))
        tenures.append(Tenure(person=people[2 * k + 1], post=post, start=switch))
    Tenure.objects.bulk_create(tenures, batch_size=5000)
    departments = [o for o in orgs if o.type != "government"]
    Portfolio.objects.bulk_create(
        [
            Portfolio(
                post=post,
                organisation=departments[k % len(departments)],
                sector_code="road_transport",
                start=day0,
            )
            for k, post in enumerate(posts)
            if post.role_code == "government_other_leader"
        ],
        batch_size=5000,
    )
    build_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does after a bulk load; plans need statistics
    _emit(
        "org.build",
        counties=counties,
        posts=len(posts),
        tenures=len(tenures),
        seconds=round(build_seconds, 2),
        vendor=connection.vendor,
    )

    probe_post = posts[len(posts) // 2]
    probe_unit = units[len(units) // 2]
    probe_org = departments[len(departments) // 2]
    questions: dict[str, Callable[[], object]] = {
        "holders_of": lambda: list(selectors.holders_of(probe_post, dt.date(2021, 6, 1))),
        "principals_of": lambda: list(selectors.principals_of(probe_unit, dt.date(2023, 1, 1))),
        "posts_overseeing_organisation": lambda: list(
            selectors.posts_overseeing_organisation(probe_org, dt.date(2023, 1, 1))
        ),
        "posts_overseeing_sector": lambda: list(
            selectors.posts_overseeing_sector(probe_unit, "road_transport", dt.date(2023, 1, 1))
        ),
        "subtree": lambda: list(selectors.subtree(probe_unit)),
    }
    for name, question in questions.items():
        question()  # warm
        runs = 200
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            for _ in range(runs):
                question()
            elapsed = time.perf_counter() - started
        _emit(
            f"org.{name}",
            runs=runs,
            ms_per_call=round(elapsed / runs * 1000, 3),
            queries_per_call=len(captured.captured_queries) / runs,
        )


ASSESS_YEAR = 2025  # the Kashgar pack is in force from 2021-04-10: the whole year is assessable


class _World:
    """What the assessment benchmark's builder keeps between sizes (the world only grows)."""

    def __init__(self) -> None:
        import datetime as dt

        from zeren.catalog.services import load_pack_into_catalog
        from zeren.org.models import Unit
        from zeren.packs import KASHGAR_PACK_DIR
        from zeren.policy.schedule import periods
        from zeren.supervision.models import Plan

        self.version = load_pack_into_catalog(directory=KASHGAR_PACK_DIR).pack
        self.root = Unit.objects.create(code="as-pref", name="地区", level="prefecture", path="0002/")
        self.plan = Plan.objects.create(
            kind=Plan.Kind.TOUR,
            title=f"{ASSESS_YEAR}年度安全生产巡查",
            organiser=self.root,
            year=ASSESS_YEAR,
            start=dt.date(ASSESS_YEAR, 4, 1),
            end=dt.date(ASSESS_YEAR, 10, 31),
            status=Plan.Status.COMPLETED,
        )
        # Every (obligation, period) of the year: a post owes some of them (the owners rule is not
        # applied here; the assessment only counts occurrences by unit, organisation, due date and status).
        self.slots = [
            (o, p)
            for o in self.version.obligations.order_by("position")
            for p in periods(o.frequency, ASSESS_YEAR, o.due.get("month_days"), o.due.get("default_period"))
        ]
        pack = self.version.data
        self.department_kinds = [
            k["id"] for k in pack["department_kinds"] if k["type"] == "government_department"
        ]
        self.sectors = [(s["id"], s["name"]) for s in pack["sectors"]]
        self.counties = 0
        self.departments = 0
        self.totals: dict[str, int] = dict.fromkeys(
            ("posts", "tenures", "occurrences", "accidents", "findings", "lists"), 0
        )


def _grow_world(world: _World, counties: int, departments: int, occurrences_per_unit: int) -> None:
    """Add county units and prefecture departments up to ``counties`` and ``departments`` (bulk inserts)."""
    import datetime as dt

    from django.utils import timezone

    from zeren.accidents.models import Accident, ReportingFinding
    from zeren.duties.models import ResponsibilityList
    from zeren.obligations.models import Occurrence
    from zeren.org.models import Organisation, Person, Post, Tenure, Unit
    from zeren.supervision.models import Finding, RectificationReport, Target

    year, tz = ASSESS_YEAR, timezone.get_current_timezone()
    batch = 5000
    new_counties = range(world.counties, counties)
    new_departments = range(world.departments, departments)
    day0, switch = dt.date(2021, 1, 1), dt.date(year, 7, 1)
    posts_per_unit = -(-occurrences_per_unit // len(world.slots))  # ceiling

    # Units: each county with two townships (occurrences there count for the county: 本辖区).
    county_units = Unit.objects.bulk_create(
        [
            Unit(code=f"as-c{i}", name=f"县{i}", level="county", parent=world.root, path=f"0002/{i + 1:04d}/")
            for i in new_counties
        ]
    )
    townships = Unit.objects.bulk_create(
        [
            Unit(
                code=f"as-c{i}-t{k}",
                name=f"县{i}乡{k}",
                level="township",
                parent=u,
                path=f"{u.path}{k + 1:04d}/",
            )
            for i, u in zip(new_counties, county_units, strict=True)
            for k in range(2)
        ],
        batch_size=batch,
    )
    township_of = {(t.parent_id, t.path[-5:-1]): t for t in townships}

    # Bodies: county Party committee and government, township governments, prefecture departments.
    org_rows: list[Organisation] = []
    for i, u in zip(new_counties, county_units, strict=True):
        org_rows += [
            Organisation(code=f"as-c{i}-pc", unit=u, name=f"县{i}党委", type="party_committee", start=day0),
            Organisation(code=f"as-c{i}-gov", unit=u, name=f"县{i}政府", type="government", start=day0),
        ]
        org_rows += [
            Organisation(
                code=f"as-c{i}-t{k}-gov",
                unit=township_of[(u.pk, f"{k + 1:04d}")],
                name=f"县{i}乡{k}政府",
                type="government",
                start=day0,
            )
            for k in range(2)
        ]
    kinds = world.department_kinds
    org_rows += [
        Organisation(
            code=f"as-d{j}",
            unit=world.root,
            name=f"地直部门{j}",
            type="government_department",
            kind_code=kinds[j % len(kinds)],
            start=day0,
        )
        for j in new_departments
    ]
    orgs = Organisation.objects.bulk_create(org_rows, batch_size=batch)
    by_code = {o.code: o for o in orgs}

    # Posts per assessed unit: the principal posts first, then the unit's other posts.
    post_rows: list[Post] = []
    owner_of_post: list[int] = []  # the assessed unit's index (counties first, then departments)
    for n, i in enumerate(new_counties):
        pc, gov = by_code[f"as-c{i}-pc"], by_code[f"as-c{i}-gov"]
        seats = [(pc, "party_principal"), (gov, "government_principal")]
        for m in range(posts_per_unit - 2):
            org = (pc, gov, by_code[f"as-c{i}-t0-gov"], by_code[f"as-c{i}-t1-gov"])[m % 4]
            seats.append((org, "party_standing_member" if org is pc else "government_other_leader"))
        for m, (org, role) in enumerate(seats):
            post_rows.append(
                Post(
                    code=f"as-c{i}-p{m}",
                    organisation=org,
                    unit_id=org.unit_id,
                    title=f"{org.name}岗位{m}",
                    role_code=role,
                    start=day0,
                )
            )
            owner_of_post.append(n)
    for n, j in enumerate(new_departments, start=len(new_counties)):
        dept = by_code[f"as-d{j}"]
        for m in range(posts_per_unit):
            role = (
                ("department_principal", "department_safety_leader")[m]
                if m < 2
                else "department_other_leader"
            )
            post_rows.append(
                Post(
                    code=f"as-d{j}-p{m}",
                    organisation=dept,
                    unit_id=world.root.pk,
                    title=f"{dept.name}岗位{m}",
                    role_code=role,
                    start=day0,
                )
            )
            owner_of_post.append(n)
    posts = Post.objects.bulk_create(post_rows, batch_size=batch)

    # People and tenures: every third assessed unit's principal changes hands on 1 July.
    principal_roles = {"party_principal", "government_principal", "department_principal"}
    plan: list[tuple[Post, dt.date, dt.date | None]] = []
    for post, n in zip(posts, owner_of_post, strict=True):
        if post.role_code in principal_roles and n % 3 == 0:
            plan += [(post, day0, switch - dt.timedelta(days=1)), (post, switch, None)]
        else:
            plan.append((post, day0, None))
    base = world.totals["tenures"]
    people = Person.objects.bulk_create(
        [Person(code=f"as-x{base + k}", name=f"人员{base + k}") for k in range(len(plan))], batch_size=batch
    )
    Tenure.objects.bulk_create(
        [Tenure(person=p, post=post, start=s, end=e) for p, (post, s, e) in zip(people, plan, strict=True)],
        batch_size=batch,
    )

    # Published responsibility lists: two posts in three.
    published_at = dt.datetime(year, 3, 1, 10, tzinfo=tz)
    lists = ResponsibilityList.objects.bulk_create(
        [
            ResponsibilityList(
                post=post,
                unit_id=post.unit_id,
                pack=world.version,
                title=f"{post.title}责任清单",
                status="published",
                version=1,
                on=dt.date(year, 2, 1),
                content={},
                content_sha256="0" * 64,
                published_at=published_at,
            )
            for k, post in enumerate(posts)
            if k % 3
        ],
        batch_size=batch,
    )

    # Occurrences: ``occurrences_per_unit`` per assessed unit, statuses mixed (a share per unit).
    org_unit = {o.pk: o.unit_id for o in orgs}
    per_unit: dict[int, int] = {}
    occurrence_rows = []
    done_at = dt.datetime(year, 12, 31, 12, tzinfo=tz)
    for post, n in zip(posts, owner_of_post, strict=True):
        for obligation, period in world.slots:
            k = per_unit.get(n, 0)
            if k >= occurrences_per_unit:
                break
            per_unit[n] = k + 1
            good = 55 + (n % 7) * 6  # 55–91 % done on time
            h = (k * 37 + n * 11) % 100
            row = Occurrence(
                pack=world.version,
                obligation=obligation,
                obligation_code=obligation.code,
                clause=obligation.clause,
                year=year,
                period_label=period.label,
                period_start=period.start,
                period_end=period.end,
                due=period.due,
                post=post,
                unit_id=org_unit[post.organisation_id],
                organisation_id=post.organisation_id if post.role_code.startswith("department") else None,
            )
            if h < good:
                row.status, row.effective_date = "done", period.due - dt.timedelta(days=h % 20)
            elif h < good + (100 - good) // 2:
                row.status, row.effective_date = "done_late", period.due + dt.timedelta(days=1 + h % 30)
            elif h % 4 == 0:
                row.status, row.waived_reason, row.waived_at = "waived", "岗位空缺期间豁免", done_at
            # else: open, and past its due date at the cutoff (overdue)
            if row.effective_date is not None:
                row.completed_at = done_at
            occurrence_rows.append(row)
    Occurrence.objects.bulk_create(occurrence_rows, batch_size=batch)

    # Accidents: about one and a half per county, in every sector; one in ten reported late.
    accident_rows = []
    for a in range(world.counties * 3 // 2, counties * 3 // 2):
        county = county_units[a * 2 // 3 - world.counties]
        unit = county if a % 3 else township_of[(county.pk, f"{a % 2 + 1:04d}")]
        sector, sector_name = world.sectors[a % len(world.sectors)]
        at = dt.datetime(year, 1 + a % 12, 1 + a % 28, 9, tzinfo=tz)
        grave = a % 50 == 0
        days = 7 if sector in {"road_traffic", "fire_safety"} else 30
        accident_rows.append(
            Accident(
                pack=world.version,
                occurred_at=at,
                unit=unit,
                sector_code=sector,
                sector_name=sector_name,
                enterprise=f"企业{a}",
                description="基准测试合成事故",
                deaths=3 if grave else int(a % 4 == 0),
                grade="较大" if grave else "一般",
                supplement_days=days,
                supplement_last_day=at.date() + dt.timedelta(days=days),
            )
        )
    accidents = Accident.objects.bulk_create(accident_rows, batch_size=batch)
    ReportingFinding.objects.bulk_create(
        [
            ReportingFinding(accident=x, kind="late", basis="超过1小时报告", clauses=["493:art_9"])
            for k, x in enumerate(accidents)
            if k % 10 == 0
        ]
    )

    # Inspection findings: four per assessed unit (county targets by unit, departments by organisation).
    targets = Target.objects.bulk_create(
        [Target(plan=world.plan, unit=u) for u in county_units]
        + [
            Target(plan=world.plan, unit=world.root, organisation=by_code[f"as-d{j}"])
            for j in new_departments
        ],
        batch_size=batch,
    )
    owners = [by_code[f"as-c{i}-gov"] for i in new_counties] + [by_code[f"as-d{j}"] for j in new_departments]
    deadline = dt.date(year, 9, 30)
    finding_rows = []
    for t, (target, owner) in enumerate(zip(targets, owners, strict=True)):
        for k in range(4):
            status = ("verified", "verified", "reported", "open")[(t + k) % 4]
            finding_rows.append(
                Finding(
                    target=target,
                    severity=("general", "serious", "general", "major")[k],
                    clause="art_17",
                    description="基准测试问题",
                    owner=owner,
                    deadline=deadline,
                    measures="限期整改",
                    status=status,
                    found_on=dt.date(year, 6, 1),
                )
            )
    findings = Finding.objects.bulk_create(finding_rows, batch_size=batch)
    RectificationReport.objects.bulk_create(
        [
            RectificationReport(
                finding=f,
                text="已整改",
                reported_on=deadline - dt.timedelta(days=(k % 3 - 1) * 10),
                reported_at=dt.datetime(year, 9, 1, tzinfo=tz),
                decision="accepted" if f.status == "verified" else "",
            )
            for k, f in enumerate(findings)
            if f.status != "open"
        ],
        batch_size=batch,
    )

    world.counties, world.departments = counties, departments
    for key, count in (
        ("posts", len(posts)),
        ("tenures", len(plan)),
        ("occurrences", len(occurrence_rows)),
        ("accidents", len(accidents)),
        ("findings", len(findings)),
        ("lists", len(lists)),
    ):
        world.totals[key] += count


def _recount_tallies(year: int) -> None:
    """The summaries' tallies recounted after a bulk build (a checkout from before them has none)."""
    try:
        from zeren.obligations.tallies import recount
    except ImportError:
        return
    recount(year)


def _measure_assessment(world: _World) -> dict[str, object]:
    """Time ``compute`` (facts + evaluate) and ``run_assessment`` (with its writes) on the world as built."""
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zeren.assessment.services import compute, run_assessment

    on = dt.date(ASSESS_YEAR + 1, 3, 31)  # assessed early the next year: every occurrence is due
    compute(version=world.version, year=ASSESS_YEAR, on=on)  # warm: the pure pack is parsed once per process
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        facts, result = compute(version=world.version, year=ASSESS_YEAR, on=on)
        seconds = time.perf_counter() - started
    tracemalloc.start()
    compute(version=world.version, year=ASSESS_YEAR, on=on)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    results: dict[str, int] = {}
    for u in result["units"]:
        results[u["result"]] = results.get(u["result"], 0) + 1
    figures: dict[str, object] = {
        "counties": world.counties,
        "departments": world.departments,
        **world.totals,
        "units_assessed": len(result["units"]),
        "occurrences_counted": sum(f["obligations_due"] for f in facts),
        "accident_events": sum(len(f["accident_events"]) for f in facts),  # county + 本行业 department
        "results": dict(sorted(results.items())),
        "seconds": round(seconds, 3),
        "queries": len(captured.captured_queries),
        "peak_mib": round(peak / 2**20, 1),
        "vendor": connection.vendor,
    }
    _emit("assessment.compute", **figures)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        run = run_assessment(actor=None, year=ASSESS_YEAR, on=on)
        run_seconds = time.perf_counter() - started
    _emit(
        "assessment.run",
        counties=world.counties,
        departments=world.departments,
        unit_results=run.units.count(),
        seconds=round(run_seconds, 3),
        queries=len(captured.captured_queries),
        writes=sum(q["sql"].startswith(("INSERT", "UPDATE")) for q in captured.captured_queries),
    )
    return figures


def bench_assessment(counties: int = 300, departments: int = 300, occurrences_per_unit: int = 336) -> None:
    """The year's assessment over ``counties`` counties and ``departments`` prefecture departments.

    Measured twice: at a tenth of the size, then after growing the same world to full size, so the
    query count of the two can be compared (it must not grow with the number of units).
    """
    _setup_scratch_database()
    from django.core.management import call_command
    from django.db import connection

    from zeren.org.models import Unit

    if Unit.objects.exists():  # "all": the org benchmark's slice is in the same scratch database
        call_command("flush", interactive=False, verbosity=0)
    world = _World()
    measured = []
    for size_counties, size_departments in ((counties // 10, departments // 10), (counties, departments)):
        started = time.perf_counter()
        _grow_world(world, size_counties, size_departments, occurrences_per_unit)
        _recount_tallies(ASSESS_YEAR)  # the world is bulk-inserted past the services
        build_seconds = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does after a bulk load
        _emit(
            "assessment.build",
            counties=world.counties,
            departments=world.departments,
            **world.totals,
            seconds=round(build_seconds, 2),
            vendor=connection.vendor,
        )
        measured.append(_measure_assessment(world))
    small, large = measured
    _emit(
        "assessment.scaling",
        units=[small["units_assessed"], large["units_assessed"]],
        occurrences=[small["occurrences"], large["occurrences"]],
        queries=[small["queries"], large["queries"]],
        seconds=[small["seconds"], large["seconds"]],
        peak_mib=[small["peak_mib"], large["peak_mib"]],
        queries_constant=small["queries"] == large["queries"],
    )


def bench_roster() -> None:
    """The roster workbook: the Kashgar demo exported, then imported into an empty database (every row new,
    each through the audited org services), measured by rows per second, beside the reference measured in
    the same run: the demo's own bulk build of the same data (``build_demo`` into the empty database, the
    same rows per second basis). Two parts of the import are also timed alone in the same run: reading the
    workbook, and recording as many hash-chained audit events (one per row, as the services record them);
    ``bound_ratio`` is the ratio the import would reach if everything else cost nothing."""
    _setup_scratch_database()
    import io

    from django.core.management import call_command
    from django.db import connection, transaction

    from zeren.audit.models import AuditEvent
    from zeren.audit.services import batched_events, record_event
    from zeren.catalog.services import load_pack_into_catalog
    from zeren.demo import build_demo
    from zeren.org.models import Unit
    from zeren.org.roster.importer import export_roster, import_roster
    from zeren.org.roster.reader import read_roster
    from zeren.packs import KASHGAR_PACK_DIR

    if Unit.objects.exists():
        call_command("flush", interactive=False, verbosity=0)
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    started = time.perf_counter()
    build_demo()  # the reference, same run: the demo's own bulk build of the same data
    reference_seconds = time.perf_counter() - started
    book = io.BytesIO()
    rows = sum(export_roster(book).values())
    call_command("flush", interactive=False, verbosity=0)
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    events = AuditEvent.objects.count()
    book.seek(0)
    count = [0]

    def counting(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        count[0] += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(counting):
        result = import_roster(book, source_name="bench.xlsx")
    seconds = time.perf_counter() - started
    book.seek(0)
    started = time.perf_counter()
    read_roster(book)  # a part of the import, alone: reading the workbook (openpyxl, read-only)
    read_seconds = time.perf_counter() - started
    # Another part alone: as many hash-chained audit events as the import wrote, batched, rolled back.
    events_written = AuditEvent.objects.count() - events
    started = time.perf_counter()
    with transaction.atomic():
        with batched_events():
            for n in range(events_written):
                after = {"id": n, "person": n, "post": n, "start": "2019-01-01", "end": None, "acting": False}
                record_event(
                    actor=None, action="org.appoint", object_type="org.tenure", object_id=str(n),
                    object_repr="某人 → 某县人民政府副县长", after=after, unit_path="0001/0002/",
                )  # fmt: skip
        transaction.set_rollback(True)
    audit_seconds = time.perf_counter() - started
    from zeren.audit.verify import verify_chain

    _emit(
        "roster.import",
        rows=rows,
        errors=len(result.errors),
        audit_events=events_written,
        seconds=round(seconds, 2),
        rows_per_second=round(rows / seconds, 1),
        reference="build_demo",
        reference_seconds=round(reference_seconds, 2),
        reference_rows_per_second=round(rows / reference_seconds, 1),
        ratio=round(reference_seconds / seconds, 3),
        read_seconds=round(read_seconds, 2),
        audit_seconds=round(audit_seconds, 2),
        bound_ratio=round(reference_seconds / (read_seconds + audit_seconds), 3),
        queries=count[0],
        queries_per_row=round(count[0] / rows, 2),
        chain_ok=verify_chain().ok,
        vendor=connection.vendor,
    )


def bench_chain() -> None:
    """The answerable chain against real outcomes (tests/accidents/calibration/cases.yaml, pure, no database).

    Prints one line per case (held posts, found, likely named, likely not held, the held posts missed) and
    the totals: recall over the posts actually held and the share of "likely" posts not held, over all
    cases and over the cases whose source is a complete final outcome. The reference measured in the same
    run: the same cases with every tier the pack defines placed as likely (the whole organisation named).
    Then the over-fitting guard: the pack's figures on each half of the set (split by date), and a majority
    learner of the likely tier in sample, trained on one half and measured on the other, and leave-one-out.
    """
    from dataclasses import replace

    from tests.accidents.calibration.runner import calibrate, held_out, load_cases
    from zeren.packs import KASHGAR_PACK_DIR, load_pack

    pack = load_pack(KASHGAR_PACK_DIR)
    started = time.perf_counter()
    result = calibrate(load_cases(), pack)
    elapsed = time.perf_counter() - started
    for case in result.cases:
        _emit(
            "chain.case", case=case.case_id, complete=case.complete, held=case.held, found=case.found,
            likely=case.likely, likely_not_held=case.likely_not_held, missed=list(case.missed),
        )  # fmt: skip
    _emit("chain.calibration", **result.summary(), ms_total=round(elapsed * 1000, 1))
    accidents = pack.accidents
    reach = accidents.reach if accidents else None
    if accidents is not None and reach is not None:
        every = tuple(t.id for t in reach.tiers)
        wide = replace(
            reach, by_grade={g: replace(p, likely=every, possible=()) for g, p in reach.by_grade.items()}
        )
        everything = replace(pack, accidents=replace(accidents, reach=wide))
        reference = calibrate(load_cases(), everything)
        _emit("chain.reference_every_tier_likely", **reference.summary())
    # Over-fitting guard (runner.held_out): the pack on each half of the set, and a majority learner of the
    # likely tier in sample, trained on one half and measured on the other, and leave-one-out.
    _emit("chain.held_out", **held_out(load_cases(), pack))


def _build_generation_org(counties: int, posts_per_county: int) -> None:
    """County units with a government, departments and posts held all year (bulk inserts, as bench_org)."""
    import datetime as dt

    from zeren.org.models import Organisation, Person, Portfolio, Post, Tenure, Unit

    root = Unit.objects.create(code="gen-pref", name="地区", level="prefecture", path="0003/")
    units = Unit.objects.bulk_create(
        [
            Unit(code=f"g{i}", name=f"县{i}", level="county", parent=root, path=f"0003/{i + 1:04d}/")
            for i in range(counties)
        ]
    )
    day0 = dt.date(2019, 1, 1)
    orgs = Organisation.objects.bulk_create(
        [Organisation(code=f"g{i}-gov", unit=u, name=f"县{i}政府", type="government", start=day0)
         for i, u in enumerate(units)]
        + [
            Organisation(code=f"g{i}-d{j}", unit=u, name=f"县{i}局{j}", type="government_department",
                         kind_code="transport", start=day0)
            for i, u in enumerate(units)
            for j in range(posts_per_county // 3)
        ],
        batch_size=5000,
    )  # fmt: skip
    govs = {o.unit_id: o for o in orgs if o.type == "government"}
    posts = Post.objects.bulk_create(
        [
            Post(code=f"g{i}-p{j}", organisation=govs[u.pk], unit=u, title=f"县{i}岗位{j}",
                 role_code="government_principal" if j == 0 else "government_other_leader", start=day0)
            for i, u in enumerate(units)
            for j in range(posts_per_county)
        ],
        batch_size=5000,
    )  # fmt: skip
    people = Person.objects.bulk_create(
        [Person(code=f"gx{k}", name=f"人员{k}") for k in range(len(posts))], batch_size=5000
    )
    Tenure.objects.bulk_create(
        [Tenure(person=people[k], post=post, start=day0) for k, post in enumerate(posts)], batch_size=5000
    )
    departments = [o for o in orgs if o.type != "government"]
    Portfolio.objects.bulk_create(
        [
            Portfolio(post=post, organisation=departments[k % len(departments)],
                      sector_code="road_transport", start=day0)
            for k, post in enumerate(posts)
            if post.role_code == "government_other_leader"
        ],
        batch_size=5000,
    )  # fmt: skip


def bench_generation(counties: int = 300, posts_per_county: int = 60) -> None:
    """A year's calendar generated for ``counties`` counties, beside the database's own bulk path for the
    same rows in the same run (one ``executemany`` on SQLite, ``COPY`` on PostgreSQL)."""
    _setup_scratch_database()
    from django.core.management import call_command
    from django.db import connection, transaction

    from zeren.catalog.services import load_pack_into_catalog
    from zeren.obligations.models import Occurrence
    from zeren.obligations.services import generate_occurrences
    from zeren.org.models import Unit
    from zeren.packs import KASHGAR_PACK_DIR

    if Unit.objects.exists():  # "all": another benchmark's world is in the same scratch database
        call_command("flush", interactive=False, verbosity=0)
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    _build_generation_org(counties, posts_per_county)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    year = ASSESS_YEAR
    started = time.perf_counter()
    with transaction.atomic():  # its own transaction, so the commit (deferred key checks) is timed apart
        result = generate_occurrences(actor=None, year=year)
        before_commit = time.perf_counter() - started
    generate_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = generate_occurrences(actor=None, year=year)
    rerun_seconds = time.perf_counter() - started

    # The reference: the same rows written again through the driver's bulk path, nothing else.
    fields = [f for f in Occurrence._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    rows = list(Occurrence.objects.filter(year=year).values_list(*[f.attname for f in fields]))
    table = Occurrence._meta.db_table
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        started = time.perf_counter()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["?"] * len(columns))
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
                cursor.cursor.executemany(sql, rows)  # the sqlite3 cursor: no Django in between
        reference_seconds = time.perf_counter() - started
        if connection.vendor == "postgresql":
            # The reference is rolled back, so the foreign keys' checks (DEFERRABLE INITIALLY DEFERRED, run
            # at commit) never run for it; generation pays them at its commit. Timed here as well.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        checked_seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    zeren_rate = result.created / generate_seconds
    reference_rate = len(rows) / reference_seconds
    _emit(
        "generation",
        vendor=connection.vendor,
        counties=counties,
        rows=result.created,
        seconds=round(generate_seconds, 2),
        rows_per_s=round(zeren_rate),
        rerun_created=again.created,
        rerun_seconds=round(rerun_seconds, 2),
        reference="copy" if connection.vendor == "postgresql" else "executemany",
        reference_rows_per_s=round(reference_rate),
        ratio=round(zeren_rate / reference_rate, 2),
        commit_seconds=round(generate_seconds - before_commit, 2),
        reference_seconds=round(reference_seconds, 2),
        reference_checked_seconds=round(checked_seconds, 2),  # the reference with its key checks run
        ratio_checked=round(checked_seconds / generate_seconds, 2),
    )


def _timed_command(args: list[str], env: dict[str, str]) -> float:
    import subprocess

    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def bench_demo(repeats: int = 1) -> None:
    """A fresh `zeren demo --no-serve` beside `zeren manage migrate` alone, each a new process on an empty
    ZEREN_VAR_DIR (SQLite), alternately, best of ``repeats`` (with BENCH_CODE_ROOT, of that checkout's
    code). BENCH_PROFILE=FILE also writes a cProfile of one more demo run to FILE (not timed)."""
    zeren = str(Path(sys.executable).with_name("zeren"))
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "ZEREN_VAR_DIR"}}
    if "BENCH_CODE_ROOT" in os.environ:  # the commands import the other checkout's code
        base["PYTHONPATH"] = os.environ["BENCH_CODE_ROOT"]

    def fresh() -> dict[str, str]:
        var = Path(tempfile.mkdtemp(prefix="zeren-bench-demo-"))
        atexit.register(shutil.rmtree, var, ignore_errors=True)
        return {**base, "ZEREN_VAR_DIR": str(var), "ZEREN_DEMO": "1"}

    migrate_seconds = demo_seconds = float("inf")
    for _ in range(repeats):
        migrate_seconds = min(
            migrate_seconds, _timed_command([zeren, "manage", "migrate", "-v", "0"], fresh())
        )
        demo_seconds = min(demo_seconds, _timed_command([zeren, "demo", "--no-serve"], fresh()))
    profile = os.environ.get("BENCH_PROFILE")
    if profile:
        _timed_command(
            [sys.executable, "-m", "cProfile", "-o", profile, zeren, "demo", "--no-serve"], fresh()
        )
    _emit(
        "demo.fresh",
        repeats=repeats,
        demo_seconds=round(demo_seconds, 2),
        migrate_seconds=round(migrate_seconds, 2),
        ratio=round(demo_seconds / migrate_seconds, 2),
        target=2.0,
        vendor="sqlite",
    )


def main(argv: list[str]) -> int:
    which = argv[0] if argv else "all"
    _emit("machine", python=platform.python_version(), platform=platform.platform(), cpus=os.cpu_count())
    if which in {"law", "all"}:
        bench_law()
    if which in {"importer", "all"}:
        bench_importer()
    if which in {"org", "all"}:
        bench_org()
    if which in {"assessment", "all"}:
        bench_assessment()
    if which in {"roster", "all"}:
        bench_roster()
    if which in {"generation", "all"}:
        counties = int(argv[1]) if len(argv) > 1 else 300
        bench_generation(counties=counties)
    if which in {"chain", "all"}:
        bench_chain()
    if which in {"demo", "all"}:
        bench_demo(repeats=int(argv[1]) if len(argv) > 1 else 1)
    if which in {"pages", "all"}:
        from pages import bench_pages  # bench/pages.py

        bench_pages()
    if which == "world":  # not in "all": the national world is built for this alone
        from world import bench_world  # bench/world.py

        bench_world(counties=int(argv[1]) if len(argv) > 1 else 300)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
