"""A demo inspection tour on top of the Kashgar org demo (invented findings).

``build_demo_supervision`` writes, through the audited services, one completed prefecture tour of three
counties (疏勒县, 莎车县, 泽普县) with checklists generated from their principals' published lists, items
marked, and findings in every rectification state: open and overdue, reported, rejected, verified
(on time and late), a 重大隐患 under supervision escalated when overdue, and — when the accountability
app is installed — one finding turned into a case. Idempotent: nothing is written when the tour exists.

``build_demo_assessment_tour`` writes last year's tour (the assessment year's): four counties and nine
prefecture departments (targets with an organisation), each with a record the assessment can tell
apart — 喀什市, 巴楚县 and 地区应急管理局 rectify on time; 地区交通运输局 partly late; 疏勒县, 伽师县 and
地区住房和城乡建设局 leave findings overdue or rejected (a 重大隐患 escalated); six more departments (组织部,
宣传部, 财政局, 统计局, 司法局, 人社局) rectify one to four findings, some late or rejected, so their records
differ (``last_year_record``). Idempotent likewise.
Needs the pack, ``build_demo`` and the published lists first (web/demo.py steps); run after the demo
obligation completion so the checklists show last year's records.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zeren.common.actor import Actor
from zeren.org.models import Organisation, Unit

DEMO_TITLE_SUFFIX = "年度喀什地区安全生产巡查（演示，虚构）"
ASSESSMENT_TOUR_SUFFIX = "年度喀什地区县市和地直部门安全生产巡查（演示，虚构）"
COUNTIES = ("shule", "shache", "zepu")
INSPECTORS = (("inspector", "leader"), ("inspector2", "member"))


@dataclass(frozen=True)
class DemoTourSummary:
    created: bool
    plan_id: int | None
    findings: int


def _title(year: int) -> str:
    return f"{year}{DEMO_TITLE_SUFFIX}"


def _inspectors() -> list[tuple[Any, str]]:
    model = get_user_model()
    team = []
    for username, role in INSPECTORS:
        user = model.objects.filter(username=username).first()
        if user is None:
            user = model.objects.create_user(username=username, password=None)  # unusable until reset
        team.append((user, role))
    return team


# (county, severity, days after the finding to the deadline, history, description)
SCRIPT: tuple[tuple[str, str, int, tuple[str, ...], str], ...] = (
    ("shule", "general", 30, ("report", "verify"), "安委会全体会议未按季度召开"),
    ("shule", "major", 20, (), "危险化学品储存场所重大隐患未按期治理"),
    ("shule", "serious", 45, ("report",), "道路交通隐患点段台账不全"),
    ("shache", "serious", 60, ("report", "reject"), "安全生产责任清单未向社会公开"),
    ("shache", "general", 30, (), "未对分管部门开展安全生产督促检查"),
    ("shache", "general", 25, ("report", "reject", "report", "verify"), "领导干部带队检查记录缺失"),
    ("zepu", "major", 15, ("report", "verify"), "化工园区重大隐患整改方案未落实"),
    ("zepu", "general", 40, (), "安全生产专题学习未纳入党委理论学习中心组"),
)


def demo_tour_exists(year: int | None = None) -> bool:
    from zeren.supervision.models import Plan

    year = year or (timezone.localdate() - dt.timedelta(days=120)).year
    return Plan.objects.filter(title=_title(year)).exists()


def _scripted_finding(
    inspector: Any,
    target: Any,
    owner: Organisation,
    n: int,
    scripted: tuple[str, int, tuple[str, ...], str],
    found_on: dt.date,
    fallback_clause: str,
) -> Any:
    """Record one scripted finding on ``target`` and play its history: ``report`` (10 days after the
    previous step), ``report+N`` (N days after the finding), ``verify`` and ``reject``."""
    from zeren.supervision import services

    severity, days, history, description = scripted
    items = list(target.items.order_by("position")[:8])
    chosen = items[n % len(items)] if items else None
    finding = services.record_finding(
        actor=inspector,
        target=target,
        severity=severity,
        clause="" if chosen else fallback_clause,
        description=f"{description}（演示）",
        owner=owner,
        deadline=found_on + dt.timedelta(days=days),
        measures="制定整改方案，明确责任人和时限，按期报送整改情况",
        checklist_item=chosen,
        found_on=found_on,
    )
    reported = found_on
    for step in history:
        if step.startswith("report"):
            offset = step.removeprefix("report").removeprefix("+")
            reported = (
                found_on + dt.timedelta(days=int(offset)) if offset else reported + dt.timedelta(days=10)
            )
            services.report_rectification(
                actor=None, finding=finding, text="已按要求完成整改并附佐证材料（演示）", today=reported
            )
        elif step == "verify":
            services.verify_rectification(actor=inspector, finding=finding, note="复查整改到位")
        else:
            services.reject_rectification(
                actor=inspector, finding=finding, reason="整改措施未落实到位，请补充佐证"
            )
    return finding


@transaction.atomic
def build_demo_supervision(*, actor: Actor = None, today: dt.date | None = None) -> DemoTourSummary:
    from zeren.supervision import services
    from zeren.supervision.models import Finding, Plan

    today = today or timezone.localdate()
    start = today - dt.timedelta(days=120)
    existing = Plan.objects.filter(title=_title(start.year)).first()
    if existing is not None:
        return DemoTourSummary(False, existing.pk, Finding.objects.filter(target__plan=existing).count())
    prefecture = Unit.objects.filter(code="kashgar").first()
    counties = {u.code: u for u in Unit.objects.filter(code__in=COUNTIES)}
    if prefecture is None or len(counties) != len(COUNTIES):
        return DemoTourSummary(False, None, 0)
    plan = services.create_plan(
        actor=actor,
        kind="tour",
        title=_title(start.year),
        organiser=prefecture,
        year=start.year,
        start=start,
        end=start + dt.timedelta(days=30),
    )
    team = _inspectors()
    for user, role in team:
        services.add_member(actor=actor, plan=plan, user=user, role=role)
    inspector = team[0][0]
    targets = {code: services.add_target(actor=actor, plan=plan, unit=counties[code]) for code in COUNTIES}
    services.set_plan_status(actor=actor, plan=plan, status="in_progress")
    found_on = start + dt.timedelta(days=5)
    for target in targets.values():
        for n, item in enumerate(target.items.order_by("position")[:6]):
            services.mark_item(
                actor=inspector, item=item, result="not_met" if n == 0 else "met", note="现场检查"
            )
    owners = {
        code: Organisation.objects.filter(unit=counties[code], type="government").order_by("pk").first()
        for code in COUNTIES
    }
    findings = []
    for n, (code, severity, days, history, description) in enumerate(SCRIPT):
        owner = owners[code] or Organisation.objects.filter(unit=counties[code]).first()
        if owner is None:
            raise RuntimeError(f"演示县 {code} 没有组织机构（先运行 build_demo）")
        finding = _scripted_finding(
            inspector, targets[code], owner, n, (severity, days, history, description), found_on, "art_53"
        )
        findings.append(finding)
    services.set_plan_status(actor=actor, plan=plan, status="completed")
    services.escalate_overdue(actor=actor, today=today)
    if apps.is_installed("zeren.accountability"):
        from zeren.supervision.errors import SupervisionError

        # no principal in post on that day: the demo keeps the finding without a case
        with contextlib.suppress(SupervisionError, ValueError):
            services.open_case_from_finding(actor=actor, finding=findings[4])
    return DemoTourSummary(True, plan.pk, len(findings))


# Last year's tour. Targets: county codes, or organisation codes of prefecture departments.
LAST_YEAR_TARGETS = (
    "kashi", "shule", "jiashi", "bachu",
    "kashgar-emergency", "kashgar-transport", "kashgar-housing-construction",
    "kashgar-organisation", "kashgar-propaganda", "kashgar-finance", "kashgar-statistics", "kashgar-justice",
    "kashgar-human-resources",
)  # fmt: skip
# (target, severity, days from finding to deadline, history, description). History steps: "report+N"
# (reported N days after the finding), "verify", "reject".
LAST_YEAR_SCRIPT: tuple[tuple[str, str, int, tuple[str, ...], str], ...] = (
    ("kashi", "general", 30, ("report+20", "verify"), "乡镇安全生产网格化监管人员未配齐"),
    ("kashi", "serious", 45, ("report+40", "verify"), "城市燃气管网隐患排查台账不完整"),
    ("bachu", "general", 30, ("report+25", "verify"), "安委会成员单位职责未随机构调整及时更新"),
    ("shule", "major", 20, (), "危险化学品运输车辆停车场重大隐患未治理"),
    ("shule", "serious", 30, ("report+50", "reject"), "县政府常务会议未按半年研究安全生产工作"),
    ("shule", "general", 30, ("report+45", "verify"), "分管领导季度安全形势分析会记录缺失"),
    ("jiashi", "serious", 30, (), "道路交通安全隐患点段未落实整治责任"),
    ("jiashi", "general", 25, ("report+20", "reject"), "安全生产目标管理责任书未签订到乡镇"),
    ("jiashi", "general", 40, ("report+60", "verify"), "安全生产专题学习未纳入党委理论学习中心组"),
    ("kashgar-emergency", "general", 30, ("report+15", "verify"), "安全生产信息发布不及时"),
    ("kashgar-emergency", "serious", 45, ("report+30", "verify"), "对县市安委办督促检查记录不完整"),
    ("kashgar-transport", "serious", 30, ("report+28", "reject", "report+45", "verify"),
     "道路运输企业安全生产主体责任督促检查不到位"),
    ("kashgar-transport", "general", 30, ("report+50", "verify"), "未按季度向分管领导和安委会报告安全工作"),
    ("kashgar-housing-construction", "major", 20, (), "城镇燃气安全专项整治重大隐患未按期整改"),
    ("kashgar-housing-construction", "general", 30, ("report+25",), "建筑施工安全生产责任清单未向社会公布"),
    ("kashgar-housing-construction", "serious", 30, ("report+40", "reject"), "建筑施工领域隐患排查台账不全"),
    ("kashgar-organisation", "general", 30, ("report+20", "verify"), "干部教育培训计划未列入安全生产专题"),
    ("kashgar-organisation", "general", 30, ("report+45", "verify"), "班子年度考核未体现安全生产履职情况"),
    ("kashgar-propaganda", "general", 30, ("report+40", "verify"), "“安全生产月”宣传方案未报安委办备案"),
    ("kashgar-finance", "general", 30, ("report+25", "verify"), "安全生产专项资金拨付台账不完整"),
    ("kashgar-finance", "general", 30, ("report+15", "verify"), "专项资金绩效评价未按年度开展"),
    ("kashgar-finance", "serious", 30, ("report+50", "verify"), "安全生产专项资金未按预算及时拨付"),
    ("kashgar-statistics", "general", 30, ("report+20", "verify"), "本单位安全生产制度未随机构调整修订"),
    ("kashgar-statistics", "general", 30, ("report+18", "verify"), "办公场所消防设施检查记录缺失"),
    ("kashgar-statistics", "general", 30, ("report+25", "reject"), "班子成员“一岗双责”落实情况未定期研究"),
    ("kashgar-justice", "serious", 30, ("report+35", "verify"), "监管场所安全隐患排查台账不全"),
    ("kashgar-justice", "general", 30, ("report+20", "reject"), "未按季度向分管领导报告安全生产工作"),
    ("kashgar-human-resources", "general", 30, ("report+10", "verify"), "技工院校实训场所安全管理制度不健全"),
    ("kashgar-human-resources", "general", 30, ("report+22", "verify"), "职业技能培训机构安全检查记录缺失"),
    ("kashgar-human-resources", "general", 30, ("report+28", "verify"), "本单位安全生产责任清单未及时更新"),
    ("kashgar-human-resources", "general", 40, ("report+55", "verify"), "人力资源市场消防通道堵塞未及时整改"),
)  # fmt: skip


def last_year_record(target: str, late_credit: Fraction = Fraction(1, 2)) -> Fraction | None:
    """The share of ``target``'s scripted findings last year that were rectified (verified) — on time in full,
    late with ``late_credit`` — or None when the tour did not visit it. The demo completion uses it to tell
    departments apart that the tour already tells apart."""
    rows = [(days, history) for code, _, days, history, _ in LAST_YEAR_SCRIPT if code == target]
    if not rows:
        return None
    credit = Fraction(0)
    for days, history in rows:
        if "verify" not in history or history[-1] != "verify":
            continue
        reports = [int(step.removeprefix("report+")) for step in history if step.startswith("report+")]
        credit += 1 if reports and reports[-1] <= days else late_credit
    return credit / len(rows)


def _assessment_title(year: int) -> str:
    return f"{year}{ASSESSMENT_TOUR_SUFFIX}"


def _last_year_parties(prefecture: Unit) -> dict[str, tuple[Unit, Organisation | None, Organisation]] | None:
    """Per scripted target: (unit, department or None, the organisation that rectifies)."""
    units = {u.code: u for u in Unit.objects.filter(code__in=LAST_YEAR_TARGETS)}
    orgs = {o.code: o for o in Organisation.objects.filter(unit=prefecture, code__in=LAST_YEAR_TARGETS)}
    governments: dict[int, Organisation] = {}
    for o in Organisation.objects.filter(unit__in=list(units.values()), type="government").order_by("pk"):
        governments.setdefault(o.unit_id, o)  # the first, as for this year's tour
    parties: dict[str, tuple[Unit, Organisation | None, Organisation]] = {}
    for code in LAST_YEAR_TARGETS:
        if code in orgs:
            parties[code] = (prefecture, orgs[code], orgs[code])
        elif code in units and units[code].pk in governments:
            parties[code] = (units[code], None, governments[units[code].pk])
        else:
            return None
    return parties


@transaction.atomic
def build_demo_assessment_tour(*, actor: Actor = None, today: dt.date | None = None) -> DemoTourSummary:
    """Last year's completed tour of counties and prefecture departments (idempotent)."""
    from zeren.supervision import services
    from zeren.supervision.models import Finding, Plan

    today = today or timezone.localdate()
    year = today.year - 1
    existing = Plan.objects.filter(title=_assessment_title(year)).first()
    if existing is not None:
        return DemoTourSummary(False, existing.pk, Finding.objects.filter(target__plan=existing).count())
    prefecture = Unit.objects.filter(code="kashgar").first()
    parties = _last_year_parties(prefecture) if prefecture is not None else None
    if prefecture is None or parties is None:
        return DemoTourSummary(False, None, 0)
    start = dt.date(year, 4, 21)
    plan = services.create_plan(
        actor=actor,
        kind="tour",
        title=_assessment_title(year),
        organiser=prefecture,
        year=year,
        start=start,
        end=dt.date(year, 6, 30),
    )
    targets = {
        code: (services.add_target(actor=actor, plan=plan, unit=unit, organisation=org), owner)
        for code, (unit, org, owner) in parties.items()
    }
    team = _inspectors()
    for user, role in team:
        services.add_member(actor=actor, plan=plan, user=user, role=role)
    inspector = team[0][0]
    services.set_plan_status(actor=actor, plan=plan, status="in_progress")
    weak = {code for code, _, _, history, _ in LAST_YEAR_SCRIPT if "verify" not in history}
    for target, _ in targets.values():
        code = target.organisation.code if target.organisation else target.unit.code
        for n, item in enumerate(target.items.order_by("position")[:6]):
            missed = n == 0 or (code in weak and n == 1)
            services.mark_item(
                actor=inspector, item=item, result="not_met" if missed else "met", note="现场检查（演示）"
            )
    findings = 0
    for n, (code, severity, days, history, description) in enumerate(LAST_YEAR_SCRIPT):
        target, owner = targets[code]
        found_on = start + dt.timedelta(days=3 * LAST_YEAR_TARGETS.index(code))
        scripted = (severity, days, history, description)
        _scripted_finding(inspector, target, owner, n, scripted, found_on, "art_54__para_1")
        findings += 1
    services.set_plan_status(actor=actor, plan=plan, status="completed")
    services.escalate_overdue(actor=actor, today=today)
    return DemoTourSummary(True, plan.pk, findings)


def demo_step(say: Any) -> None:
    """The web/demo.py EXTRA_STEPS step (after the lists are published and the obligations completed)."""
    for label, build in (
        ("上年度（考核年度）", build_demo_assessment_tour),
        ("本年度", build_demo_supervision),
    ):
        summary = build()
        state = "已创建" if summary.created else "已存在，未变化"
        say(f"巡查演示{label}：{state}（计划 #{summary.plan_id}，问题 {summary.findings} 个）")
