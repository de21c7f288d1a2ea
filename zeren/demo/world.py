"""A national synthetic world for benchmarks (`zeren bench world --counties N`).

At N = 3,200: 3,200 county-level units, 160,000 departments (50 a county), 2 million posts (625 a county:
10 in the Party committee, 15 in the government, 12 in each department), as many people and tenures (a
sixth of the principals change hands on 1 July), 20 million occurrences in the year (10 a post, statuses
mixed per county), about 12 accidents a county (deaths drawn so that about 1 % are 较大 and a few 重大),
accountability cases for every grave accident and one in ten others, an inspection tour with 20 findings a
county, 75 published responsibility lists a county, assessment runs, audit events, and the summaries'
tallies. Everything is written through the database's bulk path (``COPY`` on PostgreSQL, large
``executemany`` batches on SQLite) with ids assigned here, never through the services: this is a load for
measuring, not a history. Deterministic: the same seed on an empty database writes the same rows.

Nothing imports this module but the CLI and ``bench/``; it may import any app (the demo layer).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection, transaction

from zeren.progress import Progress

from .world_copy import (
    BIG_TABLE,
    CopyWriter,
    as_is,
    indexes_built_after,
    next_id,
    reset_sequences,
)

DEPARTMENTS = 50  # a county's departments (160,000 at 3,200 counties)
PARTY_POSTS, GOVERNMENT_POSTS, DEPARTMENT_POSTS = 10, 15, 12  # 625 posts a county
OCCURRENCES_PER_POST = 10  # 20 million a year at 3,200 counties
ACCIDENTS_PER_COUNTY = (6, 18)  # uniform: about 12 a county, 38,000 at 3,200 (the national order)
FINDINGS_PER_COUNTY = 20
LIST_POSTS = PARTY_POSTS + GOVERNMENT_POSTS  # lists: every county leader and every department principal
AUDIT_EVENTS_PER_COUNTY = 100
ROOT_CODE = "world"
WORLD_MARK = "合成数据（基准测试）"


@dataclass
class WorldSummary:
    counties: int
    seed: int
    year: int
    vendor: str
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class WorldExists(Exception):
    """The database already holds a world (or the ids it would take)."""


# -- writing rows through the bulk path ----------------------------------------------------------------


# -- the world -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    obligation_id: int
    code: str
    clause: str
    label: str
    start: dt.date
    end: dt.date
    due: dt.date


class _Builder:
    def __init__(self, counties: int, seed: int, year: int, quiet: bool) -> None:
        from zeren.catalog.packs import pack_for_year

        self.n, self.seed, self.year, self.quiet = counties, seed, year, quiet
        self.pack = pack_for_year(year)
        self.summary = WorldSummary(counties=counties, seed=seed, year=year, vendor=connection.vendor)
        data = self.pack.data
        self.kinds = [k["id"] for k in data["department_kinds"] if k["type"] == "government_department"]
        self.sectors = [(s["id"], s["name"]) for s in data["sectors"]]
        self.tz = dt.timezone(dt.timedelta(hours=8))  # the pack's zone (Asia/Shanghai) at a fixed offset
        self.slots = self._slots()

    def _slots(self) -> list[_Slot]:
        from zeren.policy.schedule import periods

        out = []
        for o in self.pack.obligations.order_by("position"):
            due = o.due or {}
            for p in periods(o.frequency, self.year, due.get("month_days"), due.get("default_period")):
                out.append(_Slot(o.pk, o.code, o.clause, p.label, p.start, p.end, p.due))
        return out

    def rng(self, *parts: object) -> random.Random:
        return random.Random(f"{self.seed}:" + ":".join(map(str, parts)))  # noqa: S311 (synthetic data)

    def step(
        self, name: str, total: int, rows: Callable[[], Iterable[tuple[Any, ...]]], writer: CopyWriter
    ) -> int:
        started = time.perf_counter()
        big = total >= BIG_TABLE
        with indexes_built_after(writer.model) if big else as_is():
            progress = Progress(f"写入 {name}", total, quiet=self.quiet)
            written = writer.write(rows(), progress)
            progress.close()
            loaded = time.perf_counter()
        if big and connection.vendor == "postgresql":
            self.summary.seconds[f"{name}_keys_and_indexes"] = round(time.perf_counter() - loaded, 1)
        self.summary.rows[name] = written
        self.summary.seconds[name] = round(loaded - started, 1)
        return written

    # Ids: every table's rows are numbered from its current maximum, so the links are known before writing.
    def build(self) -> WorldSummary:
        from zeren.accidents.models import Accident
        from zeren.accountability.models import Case
        from zeren.assessment.models import AssessmentRun
        from zeren.audit.services import batched_events, record_event
        from zeren.duties.models import ResponsibilityList
        from zeren.obligations.models import ClauseTally, Occurrence, Tally
        from zeren.org.models import Organisation, Person, Portfolio, Post, Tenure, Unit
        from zeren.supervision.models import Finding, Plan, Target

        if Unit.objects.filter(code=ROOT_CODE).exists():
            raise WorldExists("数据库中已有合成世界（world）；请使用新的空数据库")
        n, year = self.n, self.year
        used = set(Unit.objects.filter(parent__isnull=True).values_list("path", flat=True))
        root_path = next(f"{k:04d}/" for k in range(9, 10_000) if f"{k:04d}/" not in used)
        unit0, org0, post0, person0 = (next_id(m) for m in (Unit, Organisation, Post, Person))
        day0, switch = dt.date(year - 3, 1, 1), dt.date(year, 7, 1)

        # Units: the root (the committee office's scope) and N county-level units under it.
        def units() -> Iterator[tuple[Any, ...]]:
            yield (unit0, ROOT_CODE, "全国（合成）", "prefecture", None, root_path, "", 0)
            for i in range(n):
                yield (
                    unit0 + 1 + i,
                    f"w{i}",
                    f"合成县{i:04d}",
                    "county",
                    unit0,
                    f"{root_path}{i + 1:04d}/",
                    "",
                    i,
                )

        cols = ["code", "name", "level", "parent_id", "path", "zone_kind", "position"]
        self.step("units", n + 1, units, CopyWriter(Unit, cols, explicit_id=True))

        # Organisations: per county its Party committee, its government and 50 departments.
        per_org = 2 + DEPARTMENTS

        def org_id(i: int, k: int) -> int:
            return org0 + i * per_org + k

        def organisations() -> Iterator[tuple[Any, ...]]:
            for i in range(n):
                unit = unit0 + 1 + i
                yield (org_id(i, 0), f"w{i}-pc", unit, f"合成县{i:04d}党委", "party_committee", "", day0)
                yield (org_id(i, 1), f"w{i}-gov", unit, f"合成县{i:04d}政府", "government", "", day0)
                for j in range(DEPARTMENTS):
                    kind = self.kinds[j % len(self.kinds)]
                    yield (
                        org_id(i, 2 + j),
                        f"w{i}-d{j}",
                        unit,
                        f"合成县{i:04d}部门{j}",
                        "government_department",
                        kind,
                        day0,
                    )

        cols = ["code", "unit_id", "name", "type", "kind_code", "start"]
        self.step(
            "organisations", n * per_org, organisations, CopyWriter(Organisation, cols, explicit_id=True)
        )

        # Posts: 10 Party, 15 government, 12 per department (principal, safety leader, others).
        per_county = PARTY_POSTS + GOVERNMENT_POSTS + DEPARTMENTS * DEPARTMENT_POSTS
        seats: list[tuple[int, str]] = []  # (organisation offset, role) for one county, in post order
        seats += [(0, "party_principal")] + [(0, "party_standing_member")] * (PARTY_POSTS - 1)
        seats += [(1, "government_principal"), (1, "government_safety_leader")]
        seats += [(1, "government_other_leader")] * (GOVERNMENT_POSTS - 2)
        for j in range(DEPARTMENTS):
            seats += [(2 + j, "department_principal"), (2 + j, "department_safety_leader")]
            seats += [(2 + j, "department_other_leader")] * (DEPARTMENT_POSTS - 2)
        principals = {"party_principal", "government_principal", "department_principal"}

        def post_id(i: int, m: int) -> int:
            return post0 + i * per_county + m

        def posts() -> Iterator[tuple[Any, ...]]:
            for i in range(n):
                unit = unit0 + 1 + i
                for m, (k, role) in enumerate(seats):
                    yield (
                        post_id(i, m),
                        f"w{i}-p{m}",
                        org_id(i, k),
                        unit,
                        f"合成县{i:04d}岗位{m}",
                        role,
                        day0,
                    )

        cols = ["code", "organisation_id", "unit_id", "title", "role_code", "start"]
        self.step("posts", n * per_county, posts, CopyWriter(Post, cols, explicit_id=True))

        # People and tenures: one holder a post; one principal in six hands over on 1 July.
        handover = [m for m, (_, role) in enumerate(seats) if role in principals][::6]
        per_people = per_county + len(handover)

        def people() -> Iterator[tuple[Any, ...]]:
            for k in range(n * per_people):
                yield (person0 + k, f"w-x{k}", f"合成人员{k}")

        self.step("people", n * per_people, people, CopyWriter(Person, ["code", "name"], explicit_id=True))

        def tenures() -> Iterator[tuple[Any, ...]]:
            late = set(handover)
            for i in range(n):
                base = person0 + i * per_people
                extra = base + per_county
                for m in range(per_county):
                    if m in late:
                        yield (base + m, post_id(i, m), day0, switch - dt.timedelta(days=1), "transfer")
                        yield (extra, post_id(i, m), switch, None, "")
                        extra += 1
                    else:
                        yield (base + m, post_id(i, m), day0, None, "")

        cols = ["person_id", "post_id", "start", "end", "end_reason"]
        self.step("tenures", n * per_people, tenures, CopyWriter(Tenure, cols))

        # Portfolios: the government's leaders (safety leader and others) oversee the departments in turn.
        overseers = [m for m, (k, role) in enumerate(seats) if k == 1 and role != "government_principal"]

        def portfolios() -> Iterator[tuple[Any, ...]]:
            for i in range(n):
                for j in range(DEPARTMENTS):
                    sector = self.sectors[j % len(self.sectors)][0]
                    yield (post_id(i, overseers[j % len(overseers)]), org_id(i, 2 + j), sector, day0)

        cols = ["post_id", "organisation_id", "sector_code", "start"]
        self.step("portfolios", n * DEPARTMENTS, portfolios, CopyWriter(Portfolio, cols))

        # Occurrences: ten (obligation, period) slots a post; statuses by the county's diligence.
        tally: Counter[tuple[int, int, dt.date, str]] = Counter()
        clauses: Counter[tuple[int, int, str]] = Counter()
        cutoff = dt.date(year, 12, 31)
        done_at = dt.datetime(year + 1, 1, 5, 10, tzinfo=self.tz)
        pack_id = self.pack.pk
        slots = self.slots
        per_post = min(OCCURRENCES_PER_POST, len(slots))

        def occurrences() -> Iterator[tuple[Any, ...]]:
            for i in range(n):
                rng = self.rng("occurrences", i)
                good = rng.uniform(0.55, 0.95)
                late = good + (1 - good) * 0.45
                waived = late + 0.02
                unit = unit0 + 1 + i
                for m, (k, role) in enumerate(seats):
                    organisation = org_id(i, k) if role.startswith("department") else None
                    post = post_id(i, m)
                    for s in rng.sample(slots, per_post):
                        draw = rng.random()
                        effective: dt.date | None = None
                        completed = waived_at = None
                        reason = ""
                        if draw < good:
                            status, effective = "done", s.due - dt.timedelta(days=int(draw * 100) % 20)
                        elif draw < late:
                            status, effective = (
                                "done_late",
                                min(s.due + dt.timedelta(days=1 + int(draw * 1000) % 30), cutoff),
                            )
                        elif draw < waived:
                            status, waived_at, reason = "waived", done_at, "岗位调整期间豁免"
                        else:
                            status = "open"
                        if effective is not None:
                            completed = done_at
                        tally[(unit, year, s.due, status)] += 1
                        clauses[(unit, year, s.clause)] += 1
                        yield (
                            pack_id,
                            s.obligation_id,
                            s.code,
                            s.clause,
                            year,
                            s.label,
                            s.start,
                            s.end,
                            s.due,
                            post,
                            unit,
                            organisation,
                            status,
                            effective,
                            completed,
                            reason,
                            waived_at,
                        )

        cols = [
            "pack_id",
            "obligation_id",
            "obligation_code",
            "clause",
            "year",
            "period_label",
            "period_start",
            "period_end",
            "due",
            "post_id",
            "unit_id",
            "organisation_id",
            "status",
            "effective_date",
            "completed_at",
            "waived_reason",
            "waived_at",
        ]
        self.step("occurrences", n * per_county * per_post, occurrences, CopyWriter(Occurrence, cols))
        self.step(
            "tallies",
            len(tally),
            lambda: ((*key, count) for key, count in sorted(tally.items())),
            CopyWriter(Tally, ["unit_id", "year", "due", "status", "count"]),
        )
        self.step(
            "clause_tallies",
            len(clauses),
            lambda: ((*key, count) for key, count in sorted(clauses.items())),
            CopyWriter(ClauseTally, ["unit_id", "year", "clause", "count"]),
        )

        # Responsibility lists: published for the county leaders and the department principals.
        list_posts = [
            m for m, (_, role) in enumerate(seats) if m < LIST_POSTS or role == "department_principal"
        ]
        published_at = dt.datetime(year, 3, 1, 10, tzinfo=self.tz)

        def lists() -> Iterator[tuple[Any, ...]]:
            for i in range(n):
                for m in list_posts:
                    yield (
                        post_id(i, m),
                        unit0 + 1 + i,
                        self.pack.pk,
                        f"合成县{i:04d}岗位{m}责任清单",
                        "published",
                        1,
                        dt.date(year, 2, 1),
                        "0" * 64,
                        published_at,
                    )

        cols = [
            "post_id",
            "unit_id",
            "pack_id",
            "title",
            "status",
            "version",
            "on",
            "content_sha256",
            "published_at",
        ]
        self.step("lists", n * len(list_posts), lists, CopyWriter(ResponsibilityList, cols))

        # Accidents, and an accountability case for each grave one and one in ten of the others.
        accident0, case_rows = next_id(Accident), []
        counts = [self.rng("accidents", i).randint(*ACCIDENTS_PER_COUNTY) for i in range(n)]

        def accidents() -> Iterator[tuple[Any, ...]]:
            a = accident0
            for i in range(n):
                rng = self.rng("accident-rows", i)
                for k in range(counts[i]):
                    sector, sector_name = self.sectors[rng.randrange(len(self.sectors))]
                    at = dt.datetime(
                        year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), tzinfo=self.tz
                    )
                    roll = rng.random()
                    if roll < 0.0005:
                        deaths = 10 + rng.randint(0, 5)
                    elif roll < 0.01:
                        deaths = 3 + rng.randint(0, 4)
                    else:
                        deaths = int(roll < 0.6)
                    grade = "重大" if deaths >= 10 else "较大" if deaths >= 3 else "一般"
                    days = 7 if sector in {"road_traffic", "fire_safety"} else 30
                    if deaths >= 3 or k % 10 == 0:
                        case_rows.append((a, unit0 + 1 + i, at.date()))
                    yield (
                        a,
                        self.pack.pk,
                        at,
                        unit0 + 1 + i,
                        sector,
                        sector_name,
                        f"合成企业{a}",
                        deaths,
                        grade,
                        days,
                        at.date() + dt.timedelta(days=days),
                        WORLD_MARK,
                    )
                    a += 1

        cols = [
            "pack_id",
            "occurred_at",
            "unit_id",
            "sector_code",
            "sector_name",
            "enterprise",
            "deaths",
            "grade",
            "supplement_days",
            "supplement_last_day",
            "description",
        ]
        self.step("accidents", sum(counts), accidents, CopyWriter(Accident, cols, explicit_id=True))
        cols = ["trigger", "unit_id", "on", "title", "facts", "accident_id"]
        self.step(
            "cases",
            len(case_rows),
            lambda: (("accident", u, on, f"事故问责案件{a}", WORLD_MARK, a) for a, u, on in case_rows),
            CopyWriter(Case, cols),
        )

        # An inspection tour of every county with findings in every state.
        plan = Plan.objects.create(
            kind=Plan.Kind.TOUR,
            title=f"{year}年度安全生产巡查（合成）",
            organiser_id=unit0,
            year=year,
            start=dt.date(year, 4, 1),
            end=dt.date(year, 10, 31),
            status=Plan.Status.COMPLETED,
        )
        target0 = next_id(Target)
        self.step(
            "targets",
            n,
            lambda: ((target0 + i, plan.pk, unit0 + 1 + i) for i in range(n)),
            CopyWriter(Target, ["plan_id", "unit_id"], explicit_id=True),
        )

        def findings() -> Iterator[tuple[Any, ...]]:
            for i in range(n):
                rng = self.rng("findings", i)
                for _ in range(FINDINGS_PER_COUNTY):
                    status = rng.choice(("verified", "verified", "rejected", "reported", "open"))
                    severity = rng.choice(("general", "general", "serious", "major"))
                    yield (
                        target0 + i,
                        severity,
                        "art_17",
                        "巡查发现问题（合成）",
                        org_id(i, 1),
                        dt.date(year, 9, 30),
                        "限期整改",
                        status,
                        dt.date(year, 6, 1),
                    )

        cols = [
            "target_id",
            "severity",
            "clause",
            "description",
            "owner_id",
            "deadline",
            "measures",
            "status",
            "found_on",
        ]
        self.step("findings", n * FINDINGS_PER_COUNTY, findings, CopyWriter(Finding, cols))

        runs = max(1, n // 5)
        cols = ["year", "pack_id", "inputs_hash", "facts", "result"]
        empty_list = AssessmentRun._meta.get_field("facts").get_db_prep_save([], connection)
        empty_dict = AssessmentRun._meta.get_field("result").get_db_prep_save({}, connection)
        self.step(
            "assessment_runs",
            runs,
            lambda: ((year, self.pack.pk, f"{k:064d}", empty_list, empty_dict) for k in range(runs)),
            CopyWriter(AssessmentRun, cols),
        )
        # Audit events on the chain (hashed like any other, in bulk): the audit pages have something to page.
        started = time.perf_counter()
        events = n * AUDIT_EVENTS_PER_COUNTY
        progress = Progress("写入 audit_events", events, quiet=self.quiet)
        with batched_events():
            for k in range(events):
                record_event(
                    actor=None, action="bench.world", object_type="bench", object_id=str(k),
                    object_repr=f"合成事件{k}", unit_path=f"{root_path}{k % n + 1:04d}/", note=WORLD_MARK,
                )  # fmt: skip
                if k % 1000 == 999:
                    progress.advance(1000)
        progress.close()
        self.summary.rows["audit_events"] = events
        self.summary.seconds["audit_events"] = round(time.perf_counter() - started, 1)
        reset_sequences([Unit, Organisation, Post, Person, Accident, Target])
        return self.summary


def build_world(*, counties: int, seed: int = 2021, year: int = 2025, quiet: bool = False) -> WorldSummary:
    """Write the world in one transaction (all or nothing), then refresh the planner's statistics."""
    started = time.perf_counter()
    with transaction.atomic():
        summary = _Builder(counties, seed, year, quiet).build()
    if connection.vendor == "postgresql":
        analyzed = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        summary.seconds["analyze"] = round(time.perf_counter() - analyzed, 1)
    summary.seconds["total"] = round(time.perf_counter() - started, 1)
    return summary
