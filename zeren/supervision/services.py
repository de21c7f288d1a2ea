"""Writes for supervision and inspection tours: keyword-only, atomic, audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from zeren.audit.services import record_event, snapshot
from zeren.catalog.packs import pure_pack
from zeren.catalog.selectors import local_choice_days
from zeren.common.actor import Actor, acting_user
from zeren.org.models import Organisation, Unit

from . import rules
from .checklists import checklist_rows
from .errors import (
    CaseAlreadyOpen,
    InvalidFinding,
    InvalidPlan,
    InvalidTarget,
    InvalidTransition,
    PlanNotInProgress,
    ReasonRequired,
)
from .models import ChecklistItem, Finding, Plan, PlanMember, RectificationReport, Target

if TYPE_CHECKING:
    from zeren.accountability.models import Case

ACTION_LABELS = {rules.REPORT: "报告整改完成", rules.VERIFY: "复查通过", rules.REJECT: "退回整改报告"}


def _event(actor: Actor, action: str, obj: Model, unit: Unit, **extra: Any) -> None:
    record_event(actor=actor, action=f"supervision.{action}", obj=obj, unit_path=unit.path, **extra)


# -- plans -------------------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    *, actor: Actor, kind: str, title: str, organiser: Unit, year: int, start: dt.date, end: dt.date
) -> Plan:
    """Create an inspection or supervision plan (arts. 53–56) organised by a county or higher unit."""
    if kind not in Plan.Kind.values:
        raise InvalidPlan(f"未知的类型 {kind}", field="kind")
    if not title.strip():
        raise InvalidPlan("请填写计划名称", field="title")
    if end < start:
        raise InvalidPlan("结束日期不能早于开始日期", field="end")
    if organiser.level == Unit.Level.TOWNSHIP:
        raise InvalidPlan("督查、巡查由地区或县（市）党委政府组织", field="organiser")
    plan = Plan.objects.create(
        kind=kind,
        title=title.strip(),
        organiser=organiser,
        year=year,
        start=start,
        end=end,
        created_by=acting_user(actor),
    )
    _event(actor, "create_plan", plan, organiser, after=snapshot(plan))
    return plan


@transaction.atomic
def add_member(*, actor: Actor, plan: Plan, user: User, role: str = PlanMember.Role.MEMBER) -> PlanMember:
    """Add ``user`` to the plan's team (idempotent; audited when added)."""
    if role not in PlanMember.Role.values:
        raise InvalidPlan(f"未知的职责 {role}", field="role")
    member, created = PlanMember.objects.get_or_create(plan=plan, user=user, defaults={"role": role})
    if created:
        _event(actor, "add_member", plan, plan.organiser, after={"user": user.pk, "role": role})
    return member


def _check_target(plan: Plan, unit: Unit, organisation: Organisation | None) -> None:
    if organisation is not None and organisation.unit_id != unit.pk:
        raise InvalidTarget("机构不属于该单位", field="organisation")
    organiser = plan.organiser
    below = unit.path.startswith(organiser.path) and unit.pk != organiser.pk
    own_department = unit.pk == organiser.pk and organisation is not None
    if not (below or own_department):
        raise InvalidTarget(
            f"{plan.organiser.name}只能督查、巡查下级党委政府和本级部门（第五十三条、第五十四条）",
            field="unit",
        )


@transaction.atomic
def add_target(*, actor: Actor, plan: Plan, unit: Unit, organisation: Organisation | None = None) -> Target:
    """Add a target and generate its checklist from its published list and its obligation record."""
    if plan.status == Plan.Status.COMPLETED:
        raise PlanNotInProgress("计划已完成，不能再增加检查对象")
    _check_target(plan, unit, organisation)
    if Target.objects.filter(plan=plan, unit=unit, organisation=organisation).exists():
        raise InvalidTarget("该检查对象已在计划中", field="unit")
    target = Target.objects.create(plan=plan, unit=unit, organisation=organisation)
    list_id, rows = checklist_rows(target, plan.year)
    target.list_id = list_id
    target.save(update_fields=["list_id"])
    ChecklistItem.objects.bulk_create(
        [ChecklistItem(target=target, position=i, **row) for i, row in enumerate(rows, 1)]
    )
    _event(actor, "add_target", target, unit, after={**snapshot(target), "items": len(rows)})
    return target


@transaction.atomic
def set_plan_status(*, actor: Actor, plan: Plan, status: str) -> Plan:
    """Move the plan forward: planned → in progress → completed; any other move is refused."""
    allowed = {
        (Plan.Status.PLANNED, Plan.Status.IN_PROGRESS),
        (Plan.Status.IN_PROGRESS, Plan.Status.COMPLETED),
    }
    if (plan.status, status) not in allowed:
        raise InvalidTransition(f"计划不能从“{plan.get_status_display()}”变为该状态", field="status")
    before = plan.status
    plan.status = status
    plan.save(update_fields=["status"])
    _event(actor, "plan_status", plan, plan.organiser, before={"status": before}, after={"status": status})
    return plan


def _in_progress(plan: Plan) -> None:
    """Read from the database: a stale in-memory plan must not let a write through."""
    if not Plan.objects.filter(pk=plan.pk, status=Plan.Status.IN_PROGRESS).exists():
        raise PlanNotInProgress("计划不在进行中：检查和记录问题须在计划进行期间")


def _checked_name(upload: UploadedFile) -> str:
    """The same type, size and content checks as obligation evidence; never the uploader's file name."""
    from zeren.obligations.errors import EvidenceRejected
    from zeren.obligations.evidence import check_upload

    try:
        checked = check_upload(upload)
    except EvidenceRejected as exc:
        raise InvalidFinding(exc.message, field="file") from exc
    return f"{checked.sha256}{checked.extension}"


# -- checklist ---------------------------------------------------------------------------------


@transaction.atomic
def mark_item(
    *, actor: Actor, item: ChecklistItem, result: str, note: str = "", upload: UploadedFile | None = None
) -> ChecklistItem:
    """Record a checklist item's result on a plan in progress, with an optional checked attachment."""
    if result not in ChecklistItem.Result.values or result == ChecklistItem.Result.PENDING:
        raise InvalidFinding("请选择已落实、未落实或不适用", field="result")
    _in_progress(item.target.plan)
    before = snapshot(item, ["result", "note"])
    item.result, item.note = result, note.strip()
    item.marked_by, item.marked_at = acting_user(actor), timezone.now()
    if upload is not None:
        item.file.save(_checked_name(upload), upload, save=False)
    item.save()
    _event(
        actor, "mark_item", item, item.target.unit, before=before, after=snapshot(item, ["result", "note"])
    )
    return item


# -- findings ----------------------------------------------------------------------------------


def _known_clause(clause: str) -> bool:
    """A clause id of the pack's regulation (``art_16__para_1``) or of a cited source (``493:art_13``)."""
    pack = pure_pack()
    source_id, _, eid = clause.rpartition(":")
    if not source_id:
        return eid in pack.regulation
    return any(s.id == source_id and eid in s.index for s in pack.sources)


@transaction.atomic
def record_finding(
    *,
    actor: Actor,
    target: Target,
    severity: str,
    clause: str,
    description: str,
    owner: Organisation,
    deadline: dt.date,
    measures: str,
    checklist_item: ChecklistItem | None = None,
    found_on: dt.date | None = None,
) -> Finding:
    """Record a finding: a clause of the pack's regulation, an owner inside the target, a deadline not
    before the day found; a major hazard is supervised (挂牌督办, art. 18 para 1 point 2)."""
    _in_progress(target.plan)
    if severity not in rules.SEVERITIES:
        raise InvalidFinding(f"未知的问题性质 {severity}", field="severity")
    if checklist_item is not None and checklist_item.target_id != target.pk:
        raise InvalidFinding("检查项不属于该检查对象", field="checklist_item")
    clause = clause.strip() or (checklist_item.clause if checklist_item else "")
    if not clause:
        raise InvalidFinding("请注明违反的条款", field="clause")
    if not _known_clause(clause):
        raise InvalidFinding(
            f"违反条款：{clause[:60]} 不是政策包所依据法规的条款编号（应如 art_16__para_1__point_2）",
            field="clause",
        )
    if not description.strip() or not measures.strip():
        raise InvalidFinding("请填写问题描述和整改措施要求", field="description")
    if not owner.unit.path.startswith(target.unit.path):
        raise InvalidFinding("整改责任单位须在被检查单位范围内", field="owner")
    found_on = found_on or timezone.localdate()
    if deadline < found_on:
        raise InvalidFinding("整改期限不能早于发现日期", field="deadline")
    finding = Finding.objects.create(
        target=target,
        checklist_item=checklist_item,
        severity=severity,
        clause=clause,
        description=description.strip(),
        owner=owner,
        deadline=deadline,
        measures=measures.strip(),
        supervised=rules.is_supervised(severity),
        found_on=found_on,
        created_by=acting_user(actor),
    )
    _event(
        actor,
        "record_finding",
        finding,
        target.unit,
        after=snapshot(finding),
        note="重大隐患，挂牌督办（第十八条第一款第（二）项）" if finding.supervised else "",
    )
    return finding


def _transition(finding: Finding, action: str) -> str:
    after = rules.next_state(finding.status, action)
    if after is None:
        raise InvalidTransition(
            f"问题 {finding.number} 当前为“{finding.get_status_display()}”，不能{ACTION_LABELS[action]}",
            field="status",
        )
    return after


def _lock(finding: Finding) -> Finding:
    return Finding.objects.select_for_update(of=("self",)).select_related("target__unit").get(pk=finding.pk)


@transaction.atomic
def report_rectification(
    *,
    actor: Actor,
    finding: Finding,
    text: str,
    upload: UploadedFile | None = None,
    today: dt.date | None = None,
) -> RectificationReport:
    """The target unit reports the rectification done (整改完成). Not yet verified effective."""
    finding = _lock(finding)
    after = _transition(finding, rules.REPORT)
    if not text.strip():
        raise ReasonRequired("请说明整改情况", field="text")
    report = RectificationReport(
        finding=finding,
        text=text.strip(),
        reported_by=acting_user(actor),
        reported_at=timezone.now(),
        reported_on=today or timezone.localdate(),
    )
    if upload is not None:
        report.file.save(_checked_name(upload), upload, save=False)
    report.save()
    before = finding.status
    finding.status = after
    finding.save(update_fields=["status"])
    _event(
        actor,
        "report_rectification",
        finding,
        finding.target.unit,
        before={"status": before},
        after={"status": after, "report": report.pk},
    )
    return report


def _decide(actor: Actor, finding: Finding, action: str, reason: str) -> Finding:
    finding = _lock(finding)
    after = _transition(finding, action)
    if action == rules.REJECT and not reason.strip():
        raise ReasonRequired("退回时须说明理由", field="reason")
    report = finding.reports.filter(decision="").order_by("-reported_at", "-pk").first()
    if report is None:
        raise InvalidTransition("没有待复查的整改报告", field="status")
    report.decision = (
        RectificationReport.Decision.ACCEPTED
        if action == rules.VERIFY
        else RectificationReport.Decision.REJECTED
    )
    report.reason, report.decided_by, report.decided_at = reason.strip(), acting_user(actor), timezone.now()
    report.save()
    before = finding.status
    finding.status = after
    finding.save(update_fields=["status"])
    _event(
        actor,
        f"{action}_rectification",
        finding,
        finding.target.unit,
        before={"status": before},
        after={"status": after, "report": report.pk, "reason": report.reason},
    )
    return finding


@transaction.atomic
def verify_rectification(*, actor: Actor, finding: Finding, note: str = "") -> Finding:
    """The inspectors' re-inspection finds the rectification effective (复查销号)."""
    return _decide(actor, finding, rules.VERIFY, note)


@transaction.atomic
def reject_rectification(*, actor: Actor, finding: Finding, reason: str) -> Finding:
    """The re-inspection finds the rectification not effective: back to the unit with reasons."""
    return _decide(actor, finding, rules.REJECT, reason)


# -- escalation and notices --------------------------------------------------------------------


@dataclass(frozen=True)
class EscalationResult:
    today: dt.date
    overdue: int
    escalated: int
    notices: int

    def as_dict(self) -> dict[str, Any]:
        """The escalation result as ``zeren supervision escalate --json`` prints it."""
        return {**asdict(self), "today": self.today.isoformat()}


@transaction.atomic
def escalate_overdue(*, actor: Actor = None, today: dt.date | None = None) -> EscalationResult:
    """Escalate overdue supervised findings and notify (idempotent: run daily from cron)."""
    from .notices import notify_overdue

    today = today or timezone.localdate()
    after_days = local_choice_days(rules.ESCALATION_CHOICE, rules.ESCALATE_AFTER_DAYS)
    overdue = list(
        Finding.objects.filter(status__in=rules.UNRESOLVED, deadline__lt=today)
        .select_related("target__plan__organiser", "target__unit")
        .order_by("pk")
    )
    stamp = timezone.now()
    escalated = [
        f
        for f in overdue
        if rules.should_escalate(
            severity=f.severity,
            status=f.status,
            deadline=f.deadline,
            today=today,
            escalated=f.escalated_at is not None,
            after_days=after_days,
        )
    ]
    for finding in escalated:
        Finding.objects.filter(pk=finding.pk, escalated_at__isnull=True).update(escalated_at=stamp)
        finding.escalated_at = stamp
        _event(
            actor,
            "escalate",
            finding,
            finding.target.unit,
            after={"escalated_at": stamp},
            note=f"重大隐患逾期未整改，升级督办（{rules.SUPERVISION_CLAUSE}）",
        )
    notices = notify_overdue(findings=overdue, stamp=stamp)
    return EscalationResult(today=today, overdue=len(overdue), escalated=len(escalated), notices=notices)


# -- accountability ----------------------------------------------------------------------------


@transaction.atomic
def open_case_from_finding(*, actor: Actor, finding: Finding) -> Case:
    """Art_63__para_1__point_1: a duty not performed, found by inspection, opens a case in one step."""
    from .adapters import open_duty_failure_case

    finding = _lock(finding)
    if finding.case_id is not None:
        raise CaseAlreadyOpen(f"问题 {finding.number} 已立案（{finding.case_number}）")
    case = open_duty_failure_case(actor=actor, finding=finding)
    finding.case_id, finding.case_number = case.pk, getattr(case, "number", "")
    finding.save(update_fields=["case_id", "case_number"])
    _event(
        actor,
        "open_case",
        finding,
        finding.target.unit,
        after={"case": case.pk},
        note=f"据巡查发现问题立案问责（{rules.DUTY_FAILURE_CLAUSE}）",
    )
    return case
