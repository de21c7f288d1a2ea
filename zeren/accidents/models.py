"""Accidents, their casualty revisions, their reporting timeline and the reporting failures found.

An accident stores its current figures and the grade computed from them (493:art_3) with the
criteria and citations that produced it. Figures never change silently: each supplement within the
window of 493:art_13 is a ``CasualtyRevision`` (before, after, the grade before and after), and the
accident row is updated in the same transaction. Revisions, report steps and findings are history:
appended, never edited or deleted (``AppendOnly``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from zeren.catalog.models import PackVersion
from zeren.common.frozen import FrozenRecord
from zeren.org.models import Unit

from .errors import RecordFrozen


class AppendOnly(FrozenRecord):
    """A row written once: ``save`` on an existing row and ``delete`` raise :class:`RecordFrozen`."""

    frozen_error = RecordFrozen

    class Meta:
        abstract = True


GRADES = ("一般", "较大", "重大", "特别重大")  # mildest first (493:art_3)


class Accident(models.Model):
    class Grade(models.TextChoices):
        GENERAL = "一般", "一般事故"
        LARGER = "较大", "较大事故"
        MAJOR = "重大", "重大事故"
        EXTRAORDINARY = "特别重大", "特别重大事故"

    pack = models.ForeignKey(PackVersion, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField("发生时间")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="accidents")
    sector_code = models.CharField("行业领域（政策包）", max_length=80)
    sector_name = models.CharField("行业领域", max_length=100)
    accident_type = models.CharField(
        "事故类别（政策包）", max_length=40, blank=True, help_text="493号令第十三条：补报期限按类别"
    )
    accident_type_name = models.CharField("事故类别", max_length=100, blank=True)
    also_sectors = models.JSONField(
        "其他涉及的行业领域", default=list, blank=True, help_text="政策包行业标识，如校车事故另涉及校车"
    )
    also_units = models.JSONField(
        "其他涉事单位", default=list, blank=True, help_text="单位标识：车辆登记地、企业许可地等"
    )
    enterprise = models.CharField("事故单位", max_length=200)
    place = models.CharField("地点", max_length=200, blank=True)
    deaths = models.PositiveIntegerField("死亡人数", default=0)
    serious_injuries = models.PositiveIntegerField("重伤人数（含急性工业中毒）", default=0)
    missing = models.PositiveIntegerField("失踪人数", default=0)
    direct_loss_yuan = models.PositiveBigIntegerField("直接经济损失（元）", default=0)
    description = models.TextField("事故简要经过")
    grade = models.CharField("事故等级", max_length=8, choices=Grade.choices)
    grade_criteria = models.JSONField("定级依据", default=list)
    grade_citations = models.JSONField("定级条款", default=list)
    supplement_days = models.PositiveSmallIntegerField("补报期限（日）")
    supplement_last_day = models.DateField("补报截止日")
    supplement_clauses = models.JSONField("补报条款", default=list)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "生产安全事故"
        verbose_name_plural = "生产安全事故"
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["occurred_at", "id"], name="accident_time"),  # the lists' keyset order
            models.Index(fields=["unit", "occurred_at"], name="accident_unit_time"),
            models.Index(fields=["sector_code", "occurred_at"], name="accident_sector_time"),
            models.Index(fields=["grade", "occurred_at"], name="accident_grade_time"),
        ]

    def __str__(self) -> str:
        day = timezone.localtime(self.occurred_at)
        return f"{day:%Y-%m-%d} {self.unit.name} {self.enterprise} {self.sector_name}事故"

    @property
    def number(self) -> str:
        return f"SG{self.pk:05d}" if self.pk else ""

    def figures(self) -> dict[str, int]:
        return {
            "deaths": self.deaths,
            "serious_injuries": self.serious_injuries,
            "missing": self.missing,
            "direct_loss_yuan": self.direct_loss_yuan,
        }


class CasualtyRevision(AppendOnly):
    """A supplement to the figures (493:art_13), with the grade before and after."""

    frozen_label = "伤亡补报记录"

    accident = models.ForeignKey(Accident, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField("序号")
    reported_at = models.DateTimeField("补报时间")
    before = models.JSONField("补报前")
    after = models.JSONField("补报后")
    grade_before = models.CharField("补报前等级", max_length=8)
    grade_after = models.CharField("补报后等级", max_length=8)
    note = models.TextField("说明", blank=True)
    clause = models.CharField("依据", max_length=60, default="493:art_13")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "伤亡补报"
        verbose_name_plural = "伤亡补报"
        ordering = ["accident", "number"]
        constraints = [
            models.UniqueConstraint(fields=["accident", "number"], name="casualty_revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.accident_id} 补报 {self.number}"

    @property
    def grade_changed(self) -> bool:
        return self.grade_before != self.grade_after


class ReportStep(AppendOnly):
    """One step of the reporting timeline: learnt by the unit head, reported to the county, escalated."""

    frozen_label = "报告记录"

    class Kind(models.TextChoices):
        LEARNT = "learnt", "事故单位负责人接到报告"
        UNIT_REPORT = "unit_report", "报告县级应急管理部门和负有监管职责的部门"
        ESCALATION = "escalation", "逐级上报"

    accident = models.ForeignKey(Accident, on_delete=models.PROTECT, related_name="report_steps")
    kind = models.CharField("环节", max_length=16, choices=Kind.choices)
    level = models.CharField(
        "接报层级", max_length=20, blank=True, help_text="逐级上报：地区、自治区、国务院"
    )
    at = models.DateTimeField("时间")
    recipient = models.CharField("接报单位", max_length=200, blank=True)
    note = models.TextField("说明", blank=True)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "事故报告环节"
        verbose_name_plural = "事故报告环节"
        ordering = ["accident", "at", "pk"]
        indexes = [models.Index(fields=["accident", "kind"], name="report_step_accident_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.level} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class ReportingFinding(AppendOnly):
    """迟报、漏报、谎报、瞒报 found for an accident, with its basis; it can open a case (63(3))."""

    frozen_label = "报告失职认定"

    class Kind(models.TextChoices):
        LATE = "late", "迟报"
        OMITTED = "omitted", "漏报"
        FALSE = "false", "谎报"
        CONCEALED = "concealed", "瞒报"

    accident = models.ForeignKey(Accident, on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField("情形", max_length=12, choices=Kind.choices)
    basis = models.TextField("事实依据")
    clauses = models.JSONField("条款", default=list)
    step = models.ForeignKey(
        ReportStep, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "报告失职认定"
        verbose_name_plural = "报告失职认定"
        ordering = ["accident", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（事故 {self.accident_id}）"
