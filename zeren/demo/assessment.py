"""The demo's annual assessment of last year (invented data, labelled 演示/虚构 where it shows).

``build_demo_assessment`` runs, through the audited services, what the committee office does each year:
the target responsibility letters (art. 55) generated in January, three counties' ceilings adjusted,
every letter but two signed in March with a scanned copy; then the year's assessment run and published
(art. 59), which posts the fund ledger (arts. 61–62); the first rewarded county's distribution plan;
and one advanced-enterprise award (art. 61 (3)). Idempotent: each part is skipped when present.
Needs the org demo, the obligation calendar and its completion records, the demo accidents and tours.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

# (accidents_max, deaths_max) agreed in the demo letters. 疏勒县 agreed tighter ceilings than the pack's
# default (6, 4) after a weak year: its 2 accidents with 4 deaths in the assessment year (the 较大 road
# accident's 3 deaths among them, accidents.py) exceed the deaths ceiling by 2, which costs 2 × 25 % of
# the accidents indicator, as the pack's scheme says (assessment.indicators.accidents.per_excess_percent).
ADJUSTED = {"kashi": (5, 3), "shache": (8, 5), "shule": (4, 2)}
UNSIGNED = ("tashikuergan",)  # letters the demo leaves unsigned: the pack default ceilings apply
DEMO_ENTERPRISE: dict[str, Any] = {
    "enterprise_name": "喀什某能源化工有限公司（演示，虚构）",
    "credit_code": "91653100MA775E5N1D",
    "unit_code": "shufu",
    "amount_yuan": 150000,
    "approval_document": "喀安委〔演示〕5号（虚构）",
    "approved_by": "喀什地区安全生产委员会",
    "note": "演示数据，虚构。",
}


@dataclass
class DemoAssessmentSummary:
    year: int
    letters_created: int = 0
    letters_signed: int = 0
    run_id: int | None = None
    published: bool = False
    plans: int = 0
    awards: int = 0
    notes: list[str] = field(default_factory=list)


def _scan(year: int) -> bytes:
    """A one-page PDF standing in for the signed, sealed scan (rendered once; WeasyPrint, CJK fonts)."""
    from weasyprint import HTML

    html = (
        "<html><body style='font-family: \"Noto Serif CJK SC\", serif'>"
        f"<h1>{year}年度安全生产目标管理责任书</h1><p>签字盖章扫描件（演示，虚构）</p></body></html>"
    )
    return bytes(HTML(string=html).write_pdf())


def _sign_letters(year: int, summary: DemoAssessmentSummary) -> None:
    from zeren.assessment.letters import record_signed, set_targets
    from zeren.assessment.models import ResponsibilityLetter

    drafts = list(ResponsibilityLetter.objects.filter(year=year, status=ResponsibilityLetter.Status.DRAFT))
    to_sign = [letter for letter in drafts if letter.unit_code not in UNSIGNED]
    if not to_sign:
        return
    scan = _scan(year)
    for i, letter in enumerate(sorted(to_sign, key=lambda x: (x.group, x.unit_code))):
        if letter.unit_code in ADJUSTED:
            accidents_max, deaths_max = ADJUSTED[letter.unit_code]
            letter = set_targets(
                actor=None, letter=letter, accidents_max=accidents_max, deaths_max=deaths_max
            )
        upload = SimpleUploadedFile(f"{letter.unit_name}责任书扫描件.pdf", scan, "application/pdf")
        record_signed(actor=None, letter=letter, signed_on=dt.date(year, 3, 1 + i % 28), upload=upload)
        summary.letters_signed += 1


def _publish(year: int, summary: DemoAssessmentSummary, on: dt.date) -> Any:
    from zeren.assessment import services
    from zeren.assessment.models import AssessmentRun

    published = AssessmentRun.objects.filter(year=year, status=AssessmentRun.Status.PUBLISHED).first()
    if published is not None:
        summary.run_id = published.pk
        summary.notes.append("已有公布的考核结果，未重新运行")
        return published
    run = services.run_assessment(actor=None, year=year, on=on)
    summary.run_id = run.pk
    if any(u["result"] == "undetermined" for u in run.result.get("units", [])):
        summary.notes.append("存在一票否决“待定”的单位，演示未公布")
        return None
    run = services.publish_run(actor=None, run=run)
    summary.published = True
    return run


def _plan(run: Any, summary: DemoAssessmentSummary) -> None:
    from zeren.assessment.plans import plan_amounts, submit_plan

    if run.distribution_plans.exists():
        return
    rewarded = [u for u in run.result.get("units", []) if u["group"] == "counties" and u["reward_yuan"]]
    if not rewarded:
        return
    row = rewarded[0]
    remainder = plan_amounts(run, row, "reward")["remainder"]
    people = (
        "应急管理局安全监管股股长（演示）",
        "乡镇安全生产办公室主任（演示）",
        "县安委办工作人员（演示）",
    )
    shares = [remainder // 2, remainder // 4]
    shares.append(remainder - sum(shares))
    lines = [
        {"name": f"演示人员{n}（虚构）", "post": post, "amount_yuan": amount, "reason": "安全生产工作突出"}
        for n, (post, amount) in enumerate(zip(people, shares, strict=True), 1)
    ]
    submit_plan(actor=None, run=run, unit_code=row["unit"], kind="reward", lines=lines)
    summary.plans += 1


def _award(year: int, summary: DemoAssessmentSummary) -> None:
    from zeren.assessment.awards import record_enterprise_award
    from zeren.assessment.models import EnterpriseAward

    if EnterpriseAward.objects.filter(year=year, credit_code=DEMO_ENTERPRISE["credit_code"]).exists():
        return
    record_enterprise_award(
        actor=None,
        year=year,
        approved_on=dt.date(year + 1, 1, 20),
        **DEMO_ENTERPRISE,
    )
    summary.awards += 1


@transaction.atomic
def build_demo_assessment(*, today: dt.date | None = None) -> DemoAssessmentSummary:
    from zeren.assessment.letters import generate_letters

    today = today or timezone.localdate()
    year = today.year - 1
    summary = DemoAssessmentSummary(year=year)
    summary.letters_created = len(generate_letters(actor=None, year=year, on=dt.date(year, 1, 10)).created)
    _sign_letters(year, summary)
    run = _publish(year, summary, today)
    if run is not None:
        _plan(run, summary)
    _award(year, summary)
    return summary


def demo_step(say: Any) -> None:
    """The web/demo.py EXTRA_STEPS step (last: it reads everything the other steps built)."""
    s = build_demo_assessment()
    state = "已公布" if s.published else "未变化" if s.run_id else "未运行"
    say(
        f"{s.year}年度考核演示：责任书新增 {s.letters_created}、签订 {s.letters_signed}；"
        f"考核运行 #{s.run_id}（{state}）；分配方案 {s.plans}；先进企业 {s.awards}"
        + ("；" + "；".join(s.notes) if s.notes else "")
    )


def scan_digest(year: int) -> str:
    """The demo scan's SHA-256 (tests compare stored copies against it)."""
    return hashlib.sha256(_scan(year)).hexdigest()
