"""Supervision (督查, art. 53) and inspection tours (巡查, art. 54).

Plans, checklists, findings, rectification.

A plan is organised by a unit's committee (the prefecture over its counties and departments; a county
over its townships and departments) and covers many targets. Each target gets a checklist generated
from its published responsibility list with the evidence it already has. Findings carry a
rectification order; rectification reports are appended (history, never edited), and the finding's
``status`` follows ``rules.TRANSITIONS``. The accountability case opened from a finding is referenced
by id (``case_id``) so this app does not depend on the case tables' migrations.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from zeren.common.frozen import FrozenRecord
from zeren.obligations.models import EvidenceStorage
from zeren.org.models import Organisation, Unit

from . import rules
from .errors import RecordFrozen


class Plan(models.Model):
    class Kind(models.TextChoices):
        SUPERVISION = "supervision", "督查"
        TOUR = "tour", "巡查"

    class Status(models.TextChoices):
        PLANNED = "planned", "计划中"
        IN_PROGRESS = "in_progress", "进行中"
        COMPLETED = "completed", "已完成"

    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    organiser = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="supervision_plans")
    year = models.PositiveSmallIntegerField("年度")
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "督查巡查计划"
        verbose_name_plural = "督查巡查计划"
        ordering = ["-year", "-start", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="plan_dates")]

    def __str__(self) -> str:
        return self.title

    @property
    def clause(self) -> str:
        return "art_53" if self.kind == self.Kind.SUPERVISION else "art_54"


class PlanMember(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", "组长"
        MEMBER = "member", "组员"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("职责", max_length=8, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = "检查组成员"
        verbose_name_plural = "检查组成员"
        constraints = [models.UniqueConstraint(fields=["plan", "user"], name="plan_member_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class Target(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    list_id = models.PositiveIntegerField("所依据的责任清单", null=True, blank=True)

    class Meta:
        verbose_name = "检查对象"
        verbose_name_plural = "检查对象"
        ordering = ["unit__path", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit", "organisation"], name="target_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.organisation.name if self.organisation is not None else self.unit.name


def _upload_path(instance: Any, filename: str) -> str:
    # Never the uploader's file name on disk (as obligations evidence): a random name, the suffix kept.
    return f"supervision/{instance._meta.model_name}/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:8]}"


class ChecklistItem(models.Model):
    class Result(models.TextChoices):
        PENDING = "pending", "待检查"
        MET = "met", "已落实"
        NOT_MET = "not_met", "未落实"
        NA = "na", "不适用"

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("序号")
    clause = models.CharField("条款", max_length=120)
    summary = models.CharField("职责", max_length=300)
    reason = models.TextField("适用理由", blank=True)
    evidence_summary = models.JSONField("已有履职记录", default=list)
    result = models.CharField("结果", max_length=8, choices=Result.choices, default=Result.PENDING)
    note = models.TextField("检查记录", blank=True)
    file = models.FileField("附件", upload_to=_upload_path, storage=EvidenceStorage(), blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField("检查时间", null=True, blank=True)

    class Meta:
        verbose_name = "检查清单项"
        verbose_name_plural = "检查清单项"
        ordering = ["target", "position"]
        constraints = [models.UniqueConstraint(fields=["target", "position"], name="item_position_once")]

    def __str__(self) -> str:
        return f"{self.position}. {self.summary}"


class Finding(models.Model):
    class Severity(models.TextChoices):
        GENERAL = rules.GENERAL, "一般"
        SERIOUS = rules.SERIOUS, "较重"
        MAJOR = rules.MAJOR, "重大隐患"

    class Status(models.TextChoices):
        OPEN = rules.OPEN, "待整改"
        REPORTED = rules.REPORTED, "已报整改完成"
        REJECTED = rules.REJECTED, "整改被退回"
        VERIFIED = rules.VERIFIED, "已复查销号"

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="findings")
    checklist_item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    severity = models.CharField("性质", max_length=8, choices=Severity.choices)
    clause = models.CharField("违反条款", max_length=120)
    description = models.TextField("问题描述")
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="整改责任单位"
    )
    deadline = models.DateField("整改期限")
    measures = models.TextField("整改措施要求")
    status = models.CharField("整改状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    supervised = models.BooleanField("挂牌督办", default=False)
    escalated_at = models.DateTimeField("逾期升级时间", null=True, blank=True)
    found_on = models.DateField("发现日期")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case_id = models.PositiveIntegerField("问责案件", null=True, blank=True)
    case_number = models.CharField("问责案件编号", max_length=20, blank=True)

    class Meta:
        verbose_name = "发现问题"
        verbose_name_plural = "发现问题"
        ordering = ["target", "pk"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="finding_status_deadline"),
            models.Index(fields=["clause"], name="finding_clause"),
        ]

    def __str__(self) -> str:
        return f"问题 #{self.pk}：{self.description[:30]}"

    @property
    def number(self) -> str:
        return f"XC{self.pk:05d}" if self.pk else ""


class RectificationReport(FrozenRecord):
    """A report of rectification done, and the inspectors' decision on it. Appended, never edited."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "复查通过"
        REJECTED = "rejected", "退回重改"

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="reports")
    text = models.TextField("整改情况")
    file = models.FileField("佐证附件", upload_to=_upload_path, storage=EvidenceStorage(), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField("报告时间")
    reported_on = models.DateField("报告日期")
    decision = models.CharField("复查结论", max_length=10, choices=Decision.choices, blank=True)
    reason = models.TextField("复查意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("复查时间", null=True, blank=True)

    class Meta:
        verbose_name = "整改报告"
        verbose_name_plural = "整改报告"
        ordering = ["finding", "reported_at", "pk"]

    def __str__(self) -> str:
        return f"{self.finding.number} 整改报告 {self.reported_on}"

    # Appended, never deleted; the only change a stored report sees is its one decision
    # (undecided -> decided), after which nothing changes.
    mutable_when_frozen = ("decision", "reason", "decided_by", "decided_at")
    frozen_error = RecordFrozen
    frozen_label = "整改报告"

    def frozen_changes(self, stored: dict[str, Any], update_fields: Any = None) -> list[str]:
        changed = super().frozen_changes(stored, update_fields)
        return changed or (["decision"] if stored["decision"] else [])


class RectificationNotice(models.Model):
    """An in-app notice about a rectification (overdue / escalated). Unique ``key``: idempotent job."""

    class Kind(models.TextChoices):
        OVERDUE = "overdue", "整改逾期"
        ESCALATED = "escalated", "重大隐患逾期升级督办"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="notices")
    key = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField("提醒时间")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "整改提醒"
        verbose_name_plural = "整改提醒"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.key
