"""Demo accidents and accountability cases on top of the Kashgar org demo (invented events).

``build_demo_accidents`` writes, through the audited services: one accident of each grade (一般 in a
township of 疏勒县, 较大 road-traffic in 疏勒县 with a casualty supplement that re-grades it and a late
report, 重大 in a mine of 莎车县, 特别重大 in the 泽普 petrochemical park), their reporting timelines,
a 迟报 finding, and one case per trigger (accident, reporting failure, duty not performed, obstruction,
interference record) with a recorded 诫勉 decision. Idempotent: nothing is written when the demo
accidents exist. Needs the pack loaded and ``build_demo`` run first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from zeren.accidents.models import Accident, ReportStep
from zeren.common.actor import Actor
from zeren.org.models import Post, Unit
from zeren.org.selectors import holders_of

DEMO_MARK = "（演示事故，虚构）"
TZ = ZoneInfo("Asia/Shanghai")


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


@dataclass(frozen=True)
class DemoAccidentsSummary:
    created: bool
    accidents: int
    cases: int
    decisions: int


def demo_accidents_exist() -> bool:
    return Accident.objects.filter(description__endswith=DEMO_MARK).exists()


def _holder(post_code: str, on: dt.date) -> tuple[Any, Post]:
    post = Post.objects.select_related("unit").get(code=post_code)
    tenure = holders_of(post, on).first()
    if tenure is None:
        raise RuntimeError(f"演示数据中岗位 {post_code} 在 {on} 无在任人员")
    return tenure.person, post


def _summary(created: bool) -> DemoAccidentsSummary:
    from zeren.accountability.models import Case, Decision

    demo = Accident.objects.filter(description__endswith=DEMO_MARK)
    cases = Case.objects.filter(facts__endswith=DEMO_MARK)
    return DemoAccidentsSummary(
        created=created,
        accidents=demo.count(),
        cases=cases.count(),
        decisions=Decision.objects.filter(subject__case__in=cases).count(),
    )


@transaction.atomic
def build_demo_accidents(*, actor: Actor = None, year: int | None = None) -> DemoAccidentsSummary:
    """Build the demo accidents and cases (idempotent).

    ``year`` is the assessment year (default: last year): the 一般 and 较大 accidents and the cases
    happen in it, the 重大 accident the year before and the 特别重大 one two years before, so that the
    demo's history stays in the demo years whenever it is built.
    """
    from zeren.accidents import services as accidents
    from zeren.accountability import services as cases

    y = year if year is not None else timezone.localdate().year - 1

    if demo_accidents_exist():
        return _summary(created=False)
    unit = {
        u.code: u
        for u in Unit.objects.filter(code__in=["shule", "shule-baren", "shache", "zepu-petrochem-park"])
    }
    if len(unit) < 4:
        raise RuntimeError("请先生成机构演示数据（build_demo）")

    def record(**kwargs: Any) -> Accident:
        kwargs["description"] = f"{kwargs['description']}{DEMO_MARK}"
        return accidents.record_accident(actor=actor, **kwargs)

    def timeline(accident: Accident, *steps: tuple[str, str, dt.datetime, str]) -> list[ReportStep]:
        return [
            accidents.record_report_step(
                actor=actor, accident=accident, kind=kind, level=level, at=at, recipient=to
            )
            for kind, level, at, to in steps
        ]

    # 一般: a township road accident, reported on time to the prefecture.
    general = record(
        unit=unit["shule-baren"],
        sector_code="road_traffic",
        occurred_at=_at(y, 5, 12, 8, 30),
        enterprise="疏勒县某运输有限公司",
        place="巴仁乡县道X501线",
        deaths=1,
        serious_injuries=2,
        direct_loss_yuan=850_000,
        description="一辆货车与农用三轮车相撞，造成1人死亡、2人重伤。",
    )
    timeline(
        general,
        ("learnt", "", _at(y, 5, 12, 8, 45), "事故单位负责人"),
        ("unit_report", "", _at(y, 5, 12, 9, 30), "疏勒县应急管理局、疏勒县公安局交警大队"),
        ("escalation", "prefecture", _at(y, 5, 12, 11, 0), "喀什地区应急管理局"),
    )

    # 较大: a county road accident; a death within 7 days re-grades it; reported late to the county.
    larger = record(
        unit=unit["shule"],
        sector_code="road_traffic",
        occurred_at=_at(y, 9, 3, 14, 20),
        enterprise="疏勒县某客运有限公司",
        place="G315线疏勒段",
        deaths=2,
        serious_injuries=6,
        direct_loss_yuan=3_200_000,
        description="一辆客车与货车追尾，当场造成2人死亡、6人重伤。",
    )
    larger_steps = timeline(
        larger,
        ("learnt", "", _at(y, 9, 3, 14, 35), "事故单位负责人"),
        ("unit_report", "", _at(y, 9, 3, 16, 50), "疏勒县应急管理局、疏勒县公安局"),
        ("escalation", "prefecture", _at(y, 9, 3, 18, 30), "喀什地区应急管理局"),
        ("escalation", "province", _at(y, 9, 3, 20, 15), "自治区应急管理厅"),
    )
    accidents.revise_casualties(
        actor=actor,
        accident=larger,
        deaths=3,
        serious_injuries=5,
        missing=0,
        direct_loss_yuan=3_200_000,
        reported_at=_at(y, 9, 6, 10, 0),
        note="1名重伤人员经抢救无效死亡（第13条补报）",
    )
    late = accidents.record_finding(
        actor=actor,
        accident=larger,
        kind="late",
        basis="事故单位负责人14:35接报，16:50才报告县应急管理局，超过1小时时限1小时15分钟。",
        step=larger_steps[1],
    )

    # 重大: a mine accident in 莎车县, reported on time up to the State Council.
    major = record(
        unit=unit["shache"],
        sector_code="non_coal_mines",
        occurred_at=_at(y - 1, 11, 20, 3, 10),
        enterprise="莎车县某矿业有限公司",
        place="某铁矿井下",
        deaths=11,
        serious_injuries=4,
        direct_loss_yuan=42_000_000,
        description="井下透水，造成11人死亡、4人重伤。",
    )
    timeline(
        major,
        ("learnt", "", _at(y - 1, 11, 20, 3, 20), "矿长"),
        ("unit_report", "", _at(y - 1, 11, 20, 4, 0), "莎车县应急管理局"),
        ("escalation", "prefecture", _at(y - 1, 11, 20, 5, 30), "喀什地区应急管理局"),
        ("escalation", "province", _at(y - 1, 11, 20, 7, 0), "自治区应急管理厅"),
        ("escalation", "national", _at(y - 1, 11, 20, 8, 40), "应急管理部"),
    )

    # 特别重大: an explosion in the 泽普 petrochemical park.
    extraordinary = record(
        unit=unit["zepu-petrochem-park"],
        sector_code="hazardous_chemicals",
        occurred_at=_at(y - 2, 7, 15, 22, 5),
        enterprise="泽普某石化有限公司",
        place="泽普石油化工工业园区",
        deaths=31,
        serious_injuries=58,
        direct_loss_yuan=156_000_000,
        description="储罐区爆炸着火，造成31人死亡、58人重伤。",
    )
    timeline(
        extraordinary,
        ("learnt", "", _at(y - 2, 7, 15, 22, 10), "企业主要负责人"),
        ("unit_report", "", _at(y - 2, 7, 15, 22, 50), "泽普县应急管理局"),
        ("escalation", "prefecture", _at(y - 2, 7, 16, 0, 20), "喀什地区应急管理局"),
        ("escalation", "province", _at(y - 2, 7, 16, 1, 50), "自治区应急管理厅"),
        ("escalation", "national", _at(y - 2, 7, 16, 3, 30), "应急管理部、国务院"),
    )

    # Cases, one per trigger.
    accident_case = cases.open_case_for_accident(
        actor=actor, accident=larger, facts=f"客车与货车追尾，3人死亡。{DEMO_MARK}"
    )
    cases.open_case_for_finding(actor=actor, finding=late, facts=f"{late.basis}{DEMO_MARK}")
    on = dt.date(y, 6, 30)
    person, post = _holder("shule-emergency-principal", on)
    cases.open_case(
        actor=actor,
        trigger="duty_failure",
        unit=unit["shule"],
        on=on,
        title="疏勒县应急管理局未按规定开展危险化学品专项检查",
        facts=f"地区安委会{y}年上半年巡查发现，未按年度计划开展危险化学品专项执法检查。{DEMO_MARK}",
        source_reference=f"喀安委巡〔{y}〕3号",
        people=[(person, post)],
    )
    on = dt.date(y, 4, 10)
    person, post = _holder("shache-natural-resources-principal", on)
    cases.open_case(
        actor=actor,
        trigger="obstruction",
        unit=unit["shache"],
        on=on,
        title="莎车县自然资源局阻挠非煤矿山联合执法",
        facts=f"联合执法检查时要求执法人员暂停对某采石场的检查。{DEMO_MARK}",
        people=[(person, post)],
    )
    on = dt.date(y, 8, 18)
    person, post = _holder("shule-gov-deputy-commerce", on)
    emergency = Post.objects.get(code="shule-emergency-principal").organisation
    interference = cases.record_interference(
        actor=actor,
        unit=unit["shule"],
        person=person,
        post=post,
        occurred_on=on,
        description=f"要求县应急管理局撤销对某商贸企业的行政处罚决定。{DEMO_MARK}",
        recording_organisation=emergency,
        reported_on=dt.date(y, 8, 20),
    )
    cases.open_case_for_interference(actor=actor, record=interference)
    # one recorded 诫勉 decision: the deputy county head who oversees road traffic, in the accident case
    subject = accident_case.subjects.filter(post__code="shule-gov-deputy-transport").first()
    if subject is None:
        subject = accident_case.subjects.order_by("position").first()
    if subject is not None:
        cases.record_decision(
            actor=actor,
            subject=subject,
            outcome="accountable",
            form="admonishment",
            organ="discipline_inspection",
            decided_on=dt.date(y, 12, 15),
            reasoning="分管道路交通安全工作，对辖区客运企业隐患排查督促不力，对事故负有领导责任。",
            leadership_responsibility=True,
        )
    return _summary(created=True)
