"""Accountability cases (arts. 63–71), the people in them, and the decisions recorded for them.

A case opens from one trigger (an accident, a reporting failure, a duty not performed found by an
inspection, obstruction, or an interference record of art. 19 para 1 item 8). Its subjects are the
people answerable, each with the post they held on the case's date and the clauses that make them
answer. The system proposes (``zeren.policy.accountability.propose``); people decide. Decisions are
append-only: an amendment is a new ``Decision`` pointing at the one it replaces.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from zeren.accidents.models import Accident, ReportingFinding
from zeren.common.frozen import FrozenRecord
from zeren.org.models import Organisation, Person, Post, Unit

from .errors import RecordFrozen


class InterferenceRecord(FrozenRecord):
    frozen_error = RecordFrozen
    """Art. 19 para 1 item 8: emergency management records a leader's illegal interference and reports it."""

    frozen_label = "干预记录"

    class Recipient(models.TextChoices):
        ORGANISATION_DEPARTMENT = "organisation_department", "组织部门"
        DISCIPLINE_INSPECTION = "discipline_inspection", "纪检监察机关"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="interference_records")
    recording_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interference_records")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    occurred_on = models.DateField("发生日期")
    description = models.TextField("干预情况")
    reported_to = models.JSONField("已报告", default=list)
    reported_on = models.DateField("报告日期", null=True, blank=True)
    clause = models.CharField("依据", max_length=60, default="art_19__para_1__point_8")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "违法干预记录"
        verbose_name_plural = "违法干预记录"
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} 干预（{self.occurred_on}）"


class Case(models.Model):
    class Trigger(models.TextChoices):
        ACCIDENT = "accident", "发生生产安全事故负有领导责任"
        REPORT_FAILURE = "report_failure", "迟报、漏报、谎报或瞒报事故"
        DUTY_FAILURE = "duty_failure", "未按规定履行职责"
        OBSTRUCTION = "obstruction", "阻挠、干涉监管执法或事故调查处理"
        INTERFERENCE = "interference", "违法干预（应急管理部门记录）"

    trigger = models.CharField("问责情形", max_length=20, choices=Trigger.choices)
    clauses = models.JSONField("情形条款", default=list)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="accountability_cases")
    on = models.DateField("事实发生日期", help_text="按该日的任职确定责任人")
    title = models.CharField("案件名称", max_length=300)
    facts = models.TextField("基本事实")
    source_reference = models.CharField(
        "来源", max_length=300, blank=True, help_text="巡查、督查发现问题的文号等"
    )
    accident = models.ForeignKey(
        Accident, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    finding = models.ForeignKey(
        ReportingFinding, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    interference = models.ForeignKey(
        InterferenceRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    possible = models.JSONField(
        "可能涉及（需调查核实）",
        default=list,
        blank=True,
        help_text="立案时答责链中列为“可能”的岗位及时任者（不是问责对象，需调查核实）",
    )
    opened_at = models.DateTimeField("立案时间", auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "问责案件"
        verbose_name_plural = "问责案件"
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "on"], name="case_unit_on"),
            models.Index(fields=["opened_at", "id"], name="case_opened"),  # the lists' keyset order
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(trigger="accident") | Q(accident__isnull=False),
                name="case_accident_has_accident",
            ),
            models.CheckConstraint(
                condition=~Q(trigger="report_failure") | Q(finding__isnull=False),
                name="case_report_failure_has_finding",
            ),
            models.CheckConstraint(
                condition=~Q(trigger="interference") | Q(interference__isnull=False),
                name="case_interference_has_record",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def number(self) -> str:
        return f"WZ{self.pk:05d}" if self.pk else ""


class Subject(models.Model):
    """A person answerable in a case, with the post held on the case's date and why they answer.

    ``facts`` are the case facts about this person that the proposal reads (remedial action,
    aggravating circumstances…); changing them is an audited service call.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="subjects")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="accountability_subjects")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    post_title = models.CharField("时任职务", max_length=150, blank=True)
    unit_name = models.CharField("所在单位", max_length=100, blank=True)
    role_code = models.CharField("角色（政策包）", max_length=80, blank=True)
    acting = models.BooleanField("代理/主持", default=False)
    basis = models.JSONField("责任依据", default=list, help_text="[{clause, reason}]")
    facts = models.JSONField("个人情节", default=dict)
    position = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "问责对象"
        verbose_name_plural = "问责对象"
        ordering = ["case", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "post"], name="subject_once_per_post"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.post_title}）"

    @property
    def clauses(self) -> list[str]:
        return [item["clause"] for item in self.basis if isinstance(item, dict) and item.get("clause")]

    @property
    def responsibility(self) -> str:
        """The responsibility the chain examined the post for (直接监管责任…); "" when added by hand."""
        found = (item.get("responsibility") for item in self.basis if isinstance(item, dict))
        return str(next((r for r in found if r), ""))


class Decision(FrozenRecord):
    frozen_error = RecordFrozen
    """A decision recorded by an authorised reviewer; amendments are new rows (``amends``)."""

    frozen_label = "问责决定"

    class Outcome(models.TextChoices):
        ACCOUNTABLE = "accountable", "问责"
        EXEMPT = "exempt", "不予追究（第六十八条）"
        NOT_ACCOUNTABLE = "not_accountable", "不予问责"

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField("结论", max_length=20, choices=Outcome.choices)
    form = models.CharField("问责方式", max_length=40, blank=True, help_text="政策包问责方式标识")
    sanction_grade = models.CharField("处分种类", max_length=60, blank=True)
    leadership_responsibility = models.BooleanField(
        "对事故负有领导责任", default=False, help_text="第六十五条一票否决"
    )
    referral = models.BooleanField("移送纪检监察机关", default=False)
    mitigation = models.CharField("从轻/从重", max_length=20, blank=True)
    organ = models.CharField("决定机关", max_length=40)
    decided_on = models.DateField("决定日期")
    reasoning = models.TextField("理由")
    clauses = models.JSONField("条款", default=list)
    amends = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amended_by"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "问责决定"
        verbose_name_plural = "问责决定"
        ordering = ["subject", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="accountable") | ~Q(form=""), name="decision_accountable_has_form"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.get_outcome_display()} {self.form}"
