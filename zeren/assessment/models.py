"""An assessment run: the facts (hashed), the scheme's result per unit, and its publication state.

A run is computed from plain facts by ``zeren.policy.assessment``; the same facts under the same pack give
the same ``inputs_hash`` and the service reuses the run instead of writing a duplicate. A published run
is frozen (art. 59 results are public): a correction is a new run whose ``amends`` points at it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zeren.catalog.models import PackVersion
from zeren.common.frozen import FrozenRecord
from zeren.obligations.models import EvidenceStorage

from .errors import RunFrozen


class AssessmentRun(FrozenRecord):
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

    # A published run is frozen (art. 59): a correction is a new run that ``amends`` it.
    frozen_when = models.Q(status="published")
    frozen_error = RunFrozen
    frozen_label = "已公布的考核结果"


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


def _letter_copy_path(instance: ResponsibilityLetter, filename: str) -> str:
    # The stored name is the content hash, never the uploader's file name (as obligation evidence).
    digest = instance.signed_copy_sha256
    return f"assessment/letters/{digest[:2]}/{digest}{instance.signed_copy_extension}"


class ResponsibilityLetter(FrozenRecord):
    """The year's target responsibility letter with one assessed unit (目标管理责任书, art. 55 para 1).

    Generated from the pack's ``assessment.letter`` template; ``targets`` holds the unit's accident and
    death ceilings (the assessment's ``ceilings`` indicator reads them) and the required work. Once
    signed (``signed_on`` and the signed copy recorded) the letter is frozen.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "待签订"
        SIGNED = "signed", "已签订"

    year = models.PositiveSmallIntegerField("年度")
    pack = models.ForeignKey(PackVersion, on_delete=models.PROTECT, related_name="+")
    unit_code = models.CharField("单位标识", max_length=100)
    unit_name = models.CharField("单位", max_length=150)
    group = models.CharField("组别", max_length=40)
    title = models.CharField("标题", max_length=200)
    targets = models.JSONField("目标", default=dict, help_text="{accidents_max, deaths_max, work: [...]}")
    issuer = models.CharField("甲方", max_length=150)
    issuer_signatories = models.JSONField("甲方签署人", default=list, help_text="[{person, name, post}]")
    signatories = models.JSONField("乙方签署人", default=list, help_text="[{person, name, post, role}]")
    clauses = models.JSONField("依据条款", default=list)
    text = models.JSONField(
        "正文",
        default=list,
        help_text="[[paragraph, [work lines]]]; frozen when signed",
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    signed_on = models.DateField("签订日期", null=True, blank=True)
    signed_copy = models.FileField(
        "签字盖章扫描件", upload_to=_letter_copy_path, storage=EvidenceStorage(), blank=True
    )
    signed_copy_sha256 = models.CharField("扫描件 SHA-256", max_length=64, blank=True)
    signed_copy_extension = models.CharField(max_length=8, blank=True)
    signed_copy_name = models.CharField("扫描件原文件名", max_length=255, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_recorded_at = models.DateTimeField("签订登记时间", null=True, blank=True)
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "目标管理责任书"
        verbose_name_plural = "目标管理责任书"
        ordering = ["year", "group", "unit_code"]
        constraints = [models.UniqueConstraint(fields=["year", "unit_code"], name="letter_once_per_year")]

    def __str__(self) -> str:
        return f"{self.title}（{self.unit_name}）"

    frozen_when = models.Q(status="signed")
    frozen_error = RunFrozen
    frozen_label = "已签订的目标管理责任书"


class FundMovement(FrozenRecord):
    """One line of the fund ledger (资金台账): append-only; a correction is a reversing line.

    Rewards are paid from the prefecture's special fund (art. 61 (1)–(2)); fines are paid into it
    (art. 62 para 2); advanced-enterprise awards are self-funded by the enterprise (art. 61 (3)) and are
    recorded for completeness with ``fund = self``.
    """

    class Kind(models.TextChoices):
        REWARD = "reward", "奖励"
        FINE = "fine", "罚款"
        ENTERPRISE_AWARD = "enterprise_award", "先进企业奖励"
        REVERSAL = "reversal", "冲正"

    class Direction(models.TextChoices):
        OUT = "out", "支出"
        IN = "in", "收入"

    year = models.PositiveSmallIntegerField("年度")
    run = models.ForeignKey(
        AssessmentRun, on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    direction = models.CharField("收支", max_length=4, choices=Direction.choices)
    fund = models.CharField(
        "资金来源", max_length=40, help_text="政策包 funded_by：prefecture_special_fund | self"
    )
    unit_code = models.CharField("单位标识", max_length=100, blank=True)
    unit_name = models.CharField("单位或企业", max_length=200)
    amount_yuan = models.PositiveBigIntegerField("金额（元）")
    clause = models.CharField("依据", max_length=120)
    memo = models.CharField("摘要", max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    recorded_at = models.DateTimeField("记账时间", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "资金台账"
        verbose_name_plural = "资金台账"
        ordering = ["year", "recorded_at", "pk"]
        indexes = [models.Index(fields=["year", "fund"], name="fund_movement_year")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit_name} {self.amount_yuan}元"

    # Append-only: a correction is a reversing line.
    frozen_error = RunFrozen
    frozen_label = "资金台账分录"


class DistributionPlan(models.Model):
    """How a unit's principals distribute the rest of a reward or bear the rest of a fine (arts. 61 (4), 62).

    ``lines`` are ``[{name, post, amount_yuan, reason}]``; they must sum exactly to ``remainder_yuan``
    (the amount less the principals' 30 %). A new version supersedes the previous one.
    """

    class Kind(models.TextChoices):
        REWARD = "reward", "奖金分配"
        FINE = "fine", "罚款承担"

    run = models.ForeignKey(AssessmentRun, on_delete=models.PROTECT, related_name="distribution_plans")
    unit_code = models.CharField("单位标识", max_length=100)
    unit_name = models.CharField("单位", max_length=150)
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    version = models.PositiveIntegerField("版本", default=1)
    amount_yuan = models.PositiveIntegerField("奖励或罚款（元）")
    principals_yuan = models.PositiveIntegerField("主要负责人部分（元）")
    remainder_yuan = models.PositiveIntegerField("待分配或承担（元）")
    lines = models.JSONField("分配明细", default=list)
    clause = models.CharField("依据", max_length=120)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "分配方案"
        verbose_name_plural = "分配方案"
        ordering = ["run", "unit_code", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["run", "unit_code", "kind", "version"], name="plan_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} {self.get_kind_display()} v{self.version}"


class EnterpriseAward(models.Model):
    """An advanced-enterprise award (年度安全生产先进企业, art. 61 (3)): self-funded, with its approval."""

    year = models.PositiveSmallIntegerField("年度")
    enterprise_name = models.CharField("企业名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18)
    unit_code = models.CharField("所在县（市）", max_length=100, blank=True)
    amount_yuan = models.PositiveIntegerField("奖励金额（元）")
    approval_document = models.CharField("批准文件", max_length=200)
    approved_on = models.DateField("批准日期")
    approved_by = models.CharField("批准机关", max_length=150)
    clause = models.CharField("依据", max_length=120)
    note = models.TextField("备注", blank=True)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "先进企业奖励"
        verbose_name_plural = "先进企业奖励"
        ordering = ["year", "enterprise_name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "credit_code"], name="enterprise_award_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.enterprise_name}"
