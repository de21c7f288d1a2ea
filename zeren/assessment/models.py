"""An assessment run: the facts (hashed), the scheme's result per unit, and its publication state.

A run is computed from plain facts by ``zeren.policy.assessment``; the same facts under the same pack give
the same ``inputs_hash`` and the service reuses the run instead of writing a duplicate. A published run
is frozen (art. 59 results are public): a correction is a new run whose ``amends`` points at it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from zeren.catalog.models import PackVersion

from .errors import RunFrozen


class AssessmentRun(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已公布"

    year = models.PositiveSmallIntegerField("年度")
    pack = models.ForeignKey(PackVersion, on_delete=models.PROTECT, related_name="+")
    inputs_hash = models.CharField("输入 SHA-256", max_length=64)
    facts = models.JSONField("考核事实")
    result = models.JSONField("考核结果")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    amends = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amended_by"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "考核运行"
        verbose_name_plural = "考核运行"
        ordering = ["-year", "-created_at", "-pk"]
        indexes = [models.Index(fields=["year", "inputs_hash"], name="assessment_run_inputs")]

    def __str__(self) -> str:
        return f"{self.year}年度安全生产目标考核（{self.get_status_display()}）"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = AssessmentRun.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.PUBLISHED:
                raise RunFrozen("已公布的考核结果不得修改，请以更正运行（amends）替代")
        super().save(*args, **kwargs)


class UnitResult(models.Model):
    """One assessed unit's row of a run (also inside ``run.result``; kept as rows for queries)."""

    run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name="units")
    unit_code = models.CharField("单位标识", max_length=100)
    unit_name = models.CharField("单位", max_length=150)
    group = models.CharField("组别", max_length=40)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    veto = models.CharField("一票否决", max_length=16)
    rank = models.PositiveIntegerField("名次")
    result = models.CharField("结果", max_length=16)
    reward_yuan = models.PositiveIntegerField("奖励（元）", default=0)
    fine_yuan = models.PositiveIntegerField("罚款（元）", default=0)
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "考核结果"
        verbose_name_plural = "考核结果"
        ordering = ["run", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "unit_code"], name="unit_result_once_per_run")]

    def __str__(self) -> str:
        return f"{self.unit_name} {self.score}"
