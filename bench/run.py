"""Zeren benchmarks: `make bench` (or `.venv/bin/python bench/run.py [law|org|all]`).

Speed and memory targets live here, never as timed assertions in tests. Each benchmark prints one
JSON line; record the figures with the machine and date in bench/RESULTS.md.

The org benchmark builds a synthetic province-sized slice with bulk inserts into a throwaway
database (a temporary SQLite file, or the PostgreSQL database named by BENCH_DATABASE_URL, which
must be an empty scratch database), then times the service layer's one-call questions.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


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


def _setup_scratch_database() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        os.environ["DATABASE_URL"] = url
    else:
        scratch = Path(tempfile.mkdtemp(prefix="zeren-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghij")
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
    questions = {
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


def main(argv: list[str]) -> int:
    which = argv[0] if argv else "all"
    _emit("machine", python=platform.python_version(), platform=platform.platform(), cpus=os.cpu_count())
    if which in {"law", "all"}:
        bench_law()
    if which in {"org", "all"}:
        bench_org()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
