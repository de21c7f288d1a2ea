"""The one place supervision calls accountability (art_63__para_1__point_1: a duty not performed).

Uses ``zeren.accountability.services.open_case_for_inspection_finding`` when that service exists;
until then ``open_case(trigger="duty_failure", ...)`` with the rectification owner's principals on the
day of the finding as the people, and the finding's evidence (its checklist item, the target's record
for the clause, the inspectors' note) written into the case's facts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zeren.catalog.models import Obligation
from zeren.common.actor import Actor
from zeren.law import cite
from zeren.obligations.selectors import LABELS as OCCURRENCE_STATUS
from zeren.org.models import Person, Post, Tenure, active_on

from .errors import NoAnswerablePerson
from .models import Finding

if TYPE_CHECKING:
    from zeren.accountability.models import Case


def _cite(eid: str) -> str:
    try:
        return cite(eid)
    except (ValueError, KeyError):
        return eid


def evidence_text(finding: Finding) -> str:
    plan = finding.target.plan
    lines = [
        f"{plan.get_kind_display()}：{plan.title}（{plan.organiser.name}，{plan.year}年）",
        f"检查对象：{finding.target.name}；发现日期：{finding.found_on:%Y-%m-%d}",
        f"问题（{finding.get_severity_display()}）：{finding.description}",
        f"违反条款：{_cite(finding.clause)}",
        f"整改要求：{finding.measures}",
        f"整改期限：{finding.deadline:%Y-%m-%d}；当前：{finding.get_status_display()}",
    ]
    item = finding.checklist_item
    if item is not None:
        names = dict(
            Obligation.objects.filter(code__in=[e["obligation"] for e in item.evidence_summary]).values_list(
                "code", "name"
            )
        )
        lines.append(f"检查项：{item.position}. {item.summary}——{item.get_result_display()}；{item.note}")
        for e in item.evidence_summary:
            lines.append(
                f"  履职记录：{names.get(e['obligation'], e['obligation'])} {e['period']} "
                f"{OCCURRENCE_STATUS.get(e['status'], e['status'])}，佐证 {e['evidence']} 份"
            )
    for report in finding.reports.order_by("reported_at", "pk"):
        lines.append(
            f"整改报告 {report.reported_on:%Y-%m-%d}：{report.text}"
            + (f"——{report.get_decision_display()}：{report.reason}" if report.decision else "")
        )
    return "\n".join(lines)


def answerable_people(finding: Finding) -> list[tuple[Person, Post | None]]:
    """Holders, on the finding's day, of the owner organisation's principal posts (else all its posts)."""
    tenures = Tenure.objects.filter(
        active_on(finding.found_on), post__organisation=finding.owner
    ).select_related("person", "post")
    principals = [t for t in tenures if t.post.role_code.endswith("principal")]
    chosen = principals or list(tenures)
    seen: set[int] = set()
    people: list[tuple[Person, Post | None]] = []
    for t in sorted(chosen, key=lambda t: (t.post.code, t.acting, t.pk)):
        if t.person_id not in seen:
            seen.add(t.person_id)
            people.append((t.person, t.post))
    return people


def open_duty_failure_case(*, actor: Actor, finding: Finding) -> Case:
    """Open the accountability case of a finding (art_63__para_1__point_1): the owner's principals on the
    day found answer for it; refused when nobody held those posts then."""
    from zeren.accountability import services as case_services

    dedicated = getattr(case_services, "open_case_for_inspection_finding", None)
    if dedicated is not None:
        case: Case = dedicated(actor=actor, finding=finding)
        return case
    people = answerable_people(finding)
    if not people:
        raise NoAnswerablePerson(f"{finding.owner.name}在 {finding.found_on:%Y-%m-%d} 无在任负责人，无法立案")
    return case_services.open_case(
        actor=actor,
        trigger="duty_failure",
        unit=finding.owner.unit,
        on=finding.found_on,
        title=(
            f"{finding.owner.name}未按规定履行安全生产职责"
            f"（{finding.target.plan.get_kind_display()}发现问题 {finding.number}）"
        ),
        facts=evidence_text(finding),
        people=people,
        source_reference=f"{finding.target.plan.title} · {finding.number}",
    )
