"""Demo obligation completion: meeting records for last year's and this year's due occurrences (invented).

``build_demo_completion`` closes a deterministic share of the open occurrences of last year and of
this year's occurrences already due, as ``obligations.services.complete`` would: a meeting-record
``Evidence`` (held on, presided by the post's holder on that day, attendees, minutes summary), then
``done`` (held by the due date) or ``done_late``, with ``effective_date`` the meeting date. A handful
are waived with a reason by the prefecture's committee-office administrator when that account exists.

Shares vary by county and by prefecture department (``COUNTY_PROFILES``, ``DEPARTMENT_PROFILES``, a
seeded default otherwise): most complete 85–98 % on time with a few late; 疏勒县 and 伽师县 are weak
(about 60 % done in the assessment year, some of it late). Which occurrences are done is seeded by the
unit (or department) code and the occurrence's obligation, period and post codes: the same on every
rebuild.

Set-based: a few reads, ``bulk_create`` of the evidence, three UPDATEs closing the occurrences on
their records, ``bulk_update`` of their registration times and of the waivers, and one audit event
summarising the run (no per-row service call). Idempotent per year: a year that already holds demo
records is left as it is. Needs the pack, ``build_demo`` and ``generate_occurrences`` for those years.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from zeren.audit.services import record_event
from zeren.common.actor import Actor
from zeren.common.bulk import bulk_insert, bulk_set
from zeren.obligations.models import Evidence, Occurrence
from zeren.org.models import Tenure, Unit

from .data import PREFECTURE_CODE
from .supervision import last_year_record

DEMO_MARK = "（演示记录，虚构）"
TZ = ZoneInfo("Asia/Shanghai")
BATCH_SIZE = 500
ROW_FIELDS = ("pk", "year", "obligation_code", "obligation__name", "period_label", "period_start", "due",
              "post_id", "post__code", "post__title", "unit__code", "unit__name", "unit__path",
              "organisation__code", "organisation__name")  # fmt: skip


@dataclass(frozen=True)
class Profile:
    """Percent of a group's due occurrences done on time and done late, and how many are waived."""

    on_time: int
    late: int
    waived: int = 0


# Last year (the assessment year). This year the weak counties have improved (THIS_YEAR_PROFILES).
COUNTY_PROFILES: dict[str, Profile] = {
    "kashi": Profile(95, 2),
    "shufu": Profile(90, 4, 1),
    "shule": Profile(50, 10),  # weak: the 较大 road accident year, late report, a duty-failure case
    "yingjisha": Profile(93, 3, 1),
    "zepu": Profile(88, 5),
    "shache": Profile(86, 6, 1),
    "yecheng": Profile(96, 1),
    "maigaiti": Profile(91, 3),
    "yuepuhu": Profile(94, 2),
    "jiashi": Profile(54, 8, 1),  # weak
    "bachu": Profile(97, 1),
    "tashikuergan": Profile(89, 3, 2),
}
THIS_YEAR_PROFILES: dict[str, Profile] = {"shule": Profile(80, 8), "jiashi": Profile(74, 6)}
DEPARTMENT_PROFILES: dict[str, Profile] = {
    "kashgar-emergency": Profile(100, 0),
    "kashgar-transport": Profile(80, 10),
    "kashgar-housing-construction": Profile(50, 10),  # weak
    "kashgar-natural-resources": Profile(45, 15),  # weak
    "kashgar-culture-tourism": Profile(90, 0, 1),
    # one occurrence waived by the office (merged into the committee's plenary, a vacancy)
    "kashgar-rural-work": Profile(90, 5, 1),
    "kashgar-political-legal": Profile(88, 0),
    "kashgar-united-front": Profile(86, 8, 1),
}
WAIVER_REASONS = (
    "该期工作与地区安委会全体会议合并部署，经地区安委办审核同意豁免单独完成",
    "机构职能调整期间，该期事项由承接单位统一落实（第七十二条），经地区安委办审核同意豁免",
    "受地震灾害应急处置影响未能按期开展，经地区安委办审核同意豁免本期",
    "主要负责人岗位空缺期间由上级统一部署，经地区安委办审核同意豁免本期",
)
ATTENDEES = {
    "party_standing_committee_meeting": "党委常委会委员，政府分管安全生产领导，应急管理局主要负责人列席",
    "government_safety_meeting": "政府领导班子成员，安委会成员单位主要负责人",
    "quarterly_situation_analysis": "分管行业（领域）部门主要负责人、分管负责人",
    "target_responsibility_letter": "安委会成员单位、下级党委政府主要负责人",
    "principal_performance_rating": "安委办成员，组织部门有关负责人",
}
MINUTES = {
    "party_standing_committee_meeting": "常委会专题听取{period}安全生产工作汇报，研究部署重点任务",
    "government_safety_meeting": "政府常务会议研究部署{period}安全生产工作，明确责任分工",
    "quarterly_situation_analysis": "分析分管行业（领域）{period}安全生产形势，研究解决突出问题",
    "department_safety_report": "班子会议审定{period}安全生产工作情况报告，报分管领导和安委会",
    "safety_information_release": "审定{period}安全生产信息，按规定向社会发布",
    "supervision_of_responsibility": "研究部署{period}对下级和本级部门落实安全生产责任制情况的督促检查",
    "inspection_tour": "研究部署{period}安全生产巡查，听取巡查情况汇报",
    "target_responsibility_letter": "召开会议签订{period}《安全生产目标管理责任书》",
    "annual_performance_report": "审定{period}安全生产工作履职报告，报上级党委、政府",
    "department_annual_performance_report": "审定{period}安全生产工作履职报告，报本级政府",
    "principal_performance_rating": "对主要负责人{period}安全生产履职情况综合评定，结果报组织部门",
    "assessment_results_publication": "审定{period}安全生产责任考核结果并予以通报",
    "responsibility_list_publication": "审定本单位{period}安全生产责任清单并向社会公布",
}
DEFAULT_ATTENDEES = "领导班子成员、有关科室负责人"
QUARTERS = {
    "Q1": "第一季度",
    "Q2": "第二季度",
    "Q3": "第三季度",
    "Q4": "第四季度",
    "H1": "上半年",
    "H2": "下半年",
}


@dataclass(frozen=True)
class DemoCompletionSummary:
    created: bool
    years: tuple[int, ...]  # the years written by this run (empty when nothing was written)
    done: int = 0
    done_late: int = 0
    waived: int = 0
    left_open: int = 0  # due before today and still open
    by_group: dict[str, dict[str, int]] = field(default_factory=dict)  # group code -> counts (last year)


def _seed(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:8], "big")


def _period_text(label: str) -> str:
    year, rest = label[:4], label[4:]
    if not rest:
        return f"{year}年度"
    return f"{year}年{QUARTERS.get(rest, rest)}"


def _profile(group: str, *, county: bool, this_year: bool) -> Profile:
    if county:
        if this_year and group in THIS_YEAR_PROFILES:
            return THIS_YEAR_PROFILES[group]
        if group in COUNTY_PROFILES:
            return COUNTY_PROFILES[group]
    elif group in DEPARTMENT_PROFILES:
        return DEPARTMENT_PROFILES[group]
    h = _seed("profile", group)
    return Profile(85 + h % 13, (h >> 8) % 5)


def _count(n: int, percent: int, group: str, what: str) -> int:
    """``n × percent`` rounded up or down by a per-group dither, so small groups still vary."""
    dither = _seed("dither", group, what) % 100
    return (n * percent + dither) // 100


def demo_years(today: dt.date) -> tuple[int, int]:
    return today.year - 1, today.year


def completed_years(years: tuple[int, ...]) -> set[int]:
    """The years that already hold demo completion records (done, late or waived)."""
    marked = Q(waived_reason__endswith=DEMO_MARK) | Q(
        completion_evidence__minutes_summary__endswith=DEMO_MARK
    )
    return set(
        Occurrence.objects.filter(marked, year__in=years).order_by().values_list("year", flat=True).distinct()
    )


def _approver() -> Any:
    """The prefecture's committee-office administrator (the demo ``admin``), if the account exists yet."""
    from zeren.accounts.models import Role, RoleAssignment

    grant = (
        RoleAssignment.objects.filter(
            role=Role.COMMITTEE_ADMIN, unit__code=PREFECTURE_CODE, revoked_at__isnull=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return grant.user if grant is not None else None


class _Holders:
    """Who held each post on a day, from one query over the tenures of the posts concerned."""

    def __init__(self, years: list[int]) -> None:
        posts = Occurrence.objects.filter(year__in=years).order_by().values("post_id")
        self.tenures: dict[int, list[tuple[dt.date, dt.date | None, bool, str]]] = defaultdict(list)
        for t in (
            Tenure.objects.filter(post_id__in=Subquery(posts))
            .order_by("acting", "start")
            .values("post_id", "start", "end", "acting", "person__name")
        ):
            self.tenures[t["post_id"]].append((t["start"], t["end"], t["acting"], t["person__name"]))

    def on(self, post_id: int, day: dt.date) -> str | None:
        for start, end, _acting, name in self.tenures.get(post_id, ()):
            if start <= day and (end is None or end >= day):
                return name
        return None


def _groups(rows: list[dict[str, Any]]) -> dict[tuple[str, bool], list[dict[str, Any]]]:
    """Occurrences by county (its subtree) or, at the prefecture, by organisation."""
    counties = {
        path: code for code, path in Unit.objects.filter(level=Unit.Level.COUNTY).values_list("code", "path")
    }
    groups: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        county = next((code for path, code in counties.items() if r["unit__path"].startswith(path)), None)
        if county is not None:
            groups[(county, True)].append(r)
        else:
            groups[(r["organisation__code"] or r["unit__code"], False)].append(r)
    return groups


def _registered(day: dt.date, seed: int, today: dt.date) -> dt.datetime:
    """When the record was entered: a day or three after the meeting, in office hours, never today."""
    on = min(day + dt.timedelta(days=1 + seed % 3), today - dt.timedelta(days=1))
    return dt.datetime.combine(max(on, day), dt.time(9 + seed % 9, seed % 60), tzinfo=TZ)


class _Writer:
    def __init__(self, today: dt.date, holders: _Holders, approver: Any) -> None:
        self.today, self.holders, self.approver = today, holders, approver
        self.evidence: list[Evidence] = []
        self.closed: list[Occurrence] = []
        self.waived: list[Occurrence] = []

    def complete(self, r: dict[str, Any], seed: int, *, late: bool) -> bool:
        due: dt.date = r["due"]
        if late:
            held = due + dt.timedelta(days=3 + seed % 43)
            if held >= self.today:
                held = self.today - dt.timedelta(days=1)
            if held <= due:
                return False  # too recent to have been held late: stays open (overdue)
        else:
            window = min(30, (due - r["period_start"]).days)
            held = due - dt.timedelta(days=seed % (window + 1))
        name = self.holders.on(r["post_id"], held)
        presided = f"{name}（{r['post__title']}）" if name else r["post__title"]
        org = r["organisation__name"] or r["unit__name"]
        period = _period_text(r["period_label"])
        summary = MINUTES.get(r["obligation_code"], r["obligation__name"] + "（{period}）").format(
            period=period
        )
        evidence = Evidence(
            occurrence_id=r["pk"],
            kind=Evidence.Kind.MEETING,
            held_on=held,
            presided_by=presided[:100],
            attendees=f"{org}：{ATTENDEES.get(r['obligation_code'], DEFAULT_ATTENDEES)}（演示，虚构）",
            minutes_summary=f"{summary}。{DEMO_MARK}",
            effective_date=held,
        )
        self.evidence.append(evidence)
        self.closed.append(Occurrence(pk=r["pk"], completed_at=_registered(held, seed, self.today)))
        return True

    def waive(self, r: dict[str, Any], seed: int) -> None:
        on = min(r["due"] - dt.timedelta(days=seed % 10), self.today - dt.timedelta(days=1))
        self.waived.append(
            Occurrence(
                pk=r["pk"],
                status=Occurrence.Stored.WAIVED,
                waived_reason=f"{WAIVER_REASONS[seed % len(WAIVER_REASONS)]}。{DEMO_MARK}",
                waived_by=self.approver,
                waived_at=dt.datetime.combine(on, dt.time(16, seed % 60), tzinfo=TZ),
            )
        )

    def save(self, years: tuple[int, ...]) -> None:
        """Evidence in bulk; then, set-based, each occurrence points at its record and closes on its date."""
        bulk_insert(Evidence, self.evidence)
        record = Evidence.objects.filter(
            occurrence_id=OuterRef("pk"), kind=Evidence.Kind.MEETING, minutes_summary__endswith=DEMO_MARK
        ).order_by("-pk")
        Occurrence.objects.filter(Exists(record), year__in=years, status=Occurrence.Stored.OPEN).update(
            completion_evidence=Subquery(record.values("pk")[:1]),
            effective_date=Subquery(record.values("effective_date")[:1]),
        )
        closing = Occurrence.objects.filter(
            year__in=years,
            status=Occurrence.Stored.OPEN,
            completion_evidence__minutes_summary__endswith=DEMO_MARK,
        )
        closing.filter(effective_date__gt=F("due")).update(status=Occurrence.Stored.DONE_LATE)
        closing.update(status=Occurrence.Stored.DONE)
        bulk_set(Occurrence, self.closed, ["completed_at"])
        bulk_set(Occurrence, self.waived, ["status", "waived_reason", "waived_by", "waived_at"])
        # the evidence's 登记时间 is the occurrence's completion time (auto_now_add set it to now)
        Evidence.objects.filter(
            occurrence__year__in=years, minutes_summary__endswith=DEMO_MARK, kind=Evidence.Kind.MEETING
        ).update(
            uploaded_at=Subquery(
                Occurrence.objects.filter(pk=OuterRef("occurrence_id")).values("completed_at")[:1]
            )
        )


Shares = tuple[Fraction, Fraction, Fraction]  # last year's tour record, on-time and late shares


def _distinct(on_time: int, late: int, m: int, record: Fraction, taken: set[Shares]) -> tuple[int, int]:
    """The nearest (on time, late) counts out of ``m`` whose shares no other department of the year has.

    A department's completion indicator and its completion rate (the pack's tie-break) follow from the two
    shares alone, so two departments with the same shares and the same tour record (``record``: the share
    rectified; 1 when not visited, as the assessment scores it) tie on every criterion and share a place
    (and a reward). The demo moves one of them by the fewest occurrences that makes its record its own:
    plausible (a meeting held a few days late, one more left open), deterministic, and the profile's level
    kept.
    """
    if m <= 0:
        return on_time, late
    done = on_time + late
    # nearest first: the fewest occurrences changing state (done ↔ open, then on time ↔ late), doing worse
    # before doing better
    candidates = sorted(
        ((on, lt) for on in range(m + 1) for lt in range(m + 1 - on)),
        key=lambda c: (
            abs(c[0] + c[1] - done),
            abs(c[0] - on_time) + abs(c[1] - late),
            c[0] + c[1] > done,
            -c[0],
        ),
    )
    for on, lt in candidates:
        key = (record, Fraction(on, m), Fraction(lt, m))
        if key not in taken:
            taken.add(key)
            return on, lt
    return on_time, late


def _plan_year(writer: _Writer, rows: list[dict[str, Any]], this_year: bool) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    taken: set[Shares] = set()  # the departments' tour records and (on time, late) shares so far
    groups = sorted(
        _groups(rows).items(), key=lambda kv: (kv[0][1], kv[0][0] not in DEPARTMENT_PROFILES, kv[0])
    )
    for (group, county), members in groups:  # the named department profiles claim their shares first
        profile = _profile(group, county=county, this_year=this_year)
        ranked = sorted(
            members,
            key=lambda r: _seed(
                group, r["obligation_code"], r["period_label"], r["post__code"], str(r["year"])
            ),
        )
        n = len(ranked)
        waived = min(n, profile.waived if not this_year else profile.waived // 2)
        on_time = min(n - waived, _count(n - waived, profile.on_time, group, f"on_time{this_year}"))
        late = min(n - waived - on_time, _count(n - waived, profile.late, group, f"late{this_year}"))
        if not county:
            # the tour's share of findings rectified; a unit not visited scores as one with a clean record
            record = Fraction(1) if this_year else last_year_record(group)
            record = Fraction(1) if record is None else record
            on_time, late = _distinct(on_time, late, n - waived, record, taken)
        tally = {"due": n, "done": 0, "done_late": 0, "waived": 0, "open": 0}
        for i, r in enumerate(ranked):
            seed = _seed("dates", group, r["obligation_code"], r["period_label"], r["post__code"])
            if i < on_time:
                writer.complete(r, seed, late=False)
                tally["done"] += 1
            elif i < on_time + late and writer.complete(r, seed, late=True):
                tally["done_late"] += 1
            elif i >= n - waived:
                writer.waive(r, seed)
                tally["waived"] += 1
            else:
                tally["open"] += 1
        counts[group] = tally
    return counts


@transaction.atomic
def build_demo_completion(*, today: dt.date | None = None, actor: Actor = None) -> DemoCompletionSummary:
    """Complete the demo's due occurrences of last year and this year (idempotent per year)."""
    today = today or timezone.localdate()
    candidates = demo_years(today)
    already = completed_years(candidates)
    years = tuple(y for y in candidates if y not in already)
    if not years:
        return DemoCompletionSummary(created=False, years=())
    prefecture = Unit.objects.filter(code=PREFECTURE_CODE).first()
    if prefecture is None:
        return DemoCompletionSummary(created=False, years=())
    rows = list(
        Occurrence.objects.filter(year__in=years, status=Occurrence.Stored.OPEN, due__lt=today)
        .order_by()
        .values(*ROW_FIELDS)
    )
    if not rows:
        return DemoCompletionSummary(created=False, years=())
    writer = _Writer(today, _Holders(list(years)), _approver())
    by_year: dict[int, dict[str, dict[str, int]]] = {}
    for year in years:
        by_year[year] = _plan_year(
            writer, [r for r in rows if r["year"] == year], this_year=year == today.year
        )
    writer.save(years)
    totals = {
        k: sum(t[k] for groups in by_year.values() for t in groups.values())
        for k in ("done", "done_late", "waived", "open")
    }
    summary = DemoCompletionSummary(
        created=True,
        years=years,
        done=totals["done"],
        done_late=totals["done_late"],
        waived=totals["waived"],
        left_open=totals["open"],
        by_group=by_year.get(today.year - 1, {}),
    )
    record_event(
        actor=actor,
        action="demo.obligation_completion",
        object_type="obligations.occurrence",
        object_repr=f"演示履职记录（虚构）：{'、'.join(str(y) for y in years)}年度",
        after={
            "years": list(years),
            "today": today.isoformat(),
            **totals,
            "by_year": {str(y): groups for y, groups in by_year.items()},
        },
        unit_path=prefecture.path,
        note=f"演示数据：以会议记录佐证完成 {totals['done']} 项、逾期完成 {totals['done_late']} 项，"
        f"豁免 {totals['waived']} 项，{totals['open']} 项到期未完成（虚构）",
    )
    return summary


def demo_step(say: Any) -> None:
    """The web/demo.py EXTRA_STEPS step (after the obligation calendar is generated)."""
    summary = build_demo_completion()
    if not summary.created:
        say("履职完成记录演示：已存在，未变化")
        return
    years = "、".join(str(y) for y in summary.years)
    say(
        f"履职完成记录演示（{years}年度）：按期完成 {summary.done}，逾期完成 {summary.done_late}，"
        f"豁免 {summary.waived}，到期未完成 {summary.left_open}"
    )
