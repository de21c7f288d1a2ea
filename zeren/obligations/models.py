"""The obligation calendar: one ``Occurrence`` per obligation, period and owning post.

Only terminal statuses are stored (done, done late, waived; ``open`` otherwise); upcoming, due soon
and overdue are computed from the due date and today in queries (``selectors.with_status``), so lists
and summaries are right on any day without a nightly job. The owner is the post, not the person: a
vacated post keeps its occurrences and the next holder inherits them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.functional import cached_property

from zeren.catalog.models import Obligation, PackVersion
from zeren.org.models import Organisation, Post, Unit


class Occurrence(models.Model):
    class Stored(models.TextChoices):
        OPEN = "open", "未完成"
        DONE = "done", "已完成"
        DONE_LATE = "done_late", "逾期完成"
        WAIVED = "waived", "已豁免"

    pack = models.ForeignKey(PackVersion, on_delete=models.PROTECT, related_name="+")
    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="occurrences")
    obligation_code = models.CharField("事项标识", max_length=80)
    clause = models.CharField("条款", max_length=120)
    year = models.PositiveSmallIntegerField("年度")
    period_label = models.CharField("周期", max_length=12)
    period_start = models.DateField("周期开始")
    period_end = models.DateField("周期结束")
    due = models.DateField("到期日")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="occurrences")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="occurrences")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="occurrences"
    )
    status = models.CharField("状态", max_length=12, choices=Stored.choices, default=Stored.OPEN)
    effective_date = models.DateField("完成日期（以佐证为准）", null=True, blank=True)
    completed_at = models.DateTimeField("登记完成时间", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completion_evidence = models.ForeignKey(
        "Evidence", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    waived_reason = models.TextField("豁免理由", blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    waived_at = models.DateTimeField("豁免时间", null=True, blank=True)
    generated_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "履职事项"
        verbose_name_plural = "履职事项"
        ordering = ["due", "unit__path", "obligation_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation_code", "period_label", "post"], name="occurrence_once_per_post"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "year"], name="occurrence_unit_year"),
            models.Index(fields=["post", "year"], name="occurrence_post_year"),
            models.Index(fields=["due", "status"], name="occurrence_due_status"),
            models.Index(fields=["year", "clause"], name="occurrence_year_clause"),
            # The lists' keyset order (due, id): the year's items, a unit's, and the overdue ones.
            models.Index(fields=["year", "due", "id"], name="occurrence_year_due"),
            models.Index(fields=["unit", "year", "due", "id"], name="occurrence_unit_due"),
            models.Index(fields=["status", "due", "id"], name="occurrence_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.obligation_code} {self.period_label} · {self.post_id}"

    @property
    def is_terminal(self) -> bool:
        return self.status != self.Stored.OPEN


class EvidenceStorage(FileSystemStorage):
    """Evidence files under MEDIA_ROOT (default ``VAR_DIR/media``); never given a public URL."""

    @cached_property
    def base_location(self) -> str:
        return str(getattr(self, "_location", None) or settings.MEDIA_ROOT or settings.VAR_DIR / "media")

    def url(self, name: str | None) -> str:
        raise ValueError("evidence files are not served by URL; use the permission-checked download view")


def _evidence_path(instance: Evidence, filename: str) -> str:
    # The stored name is the content hash, never the uploader's file name.
    return f"obligations/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", "文件"
        MEETING = "meeting", "会议记录"

    occurrence = models.ForeignKey(Occurrence, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    file = models.FileField("文件", upload_to=_evidence_path, storage=EvidenceStorage(), blank=True)
    original_name = models.CharField("原文件名", max_length=255, blank=True)
    extension = models.CharField(max_length=8, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    content_type = models.CharField("类型", max_length=120, blank=True)
    held_on = models.DateField("会议日期", null=True, blank=True)
    presided_by = models.CharField("主持人", max_length=100, blank=True)
    attendees = models.TextField("参会人员", blank=True)
    minutes_summary = models.TextField("会议纪要摘要", blank=True)
    effective_date = models.DateField("佐证日期")
    uploaded_at = models.DateTimeField("登记时间", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["occurrence", "uploaded_at"]

    def __str__(self) -> str:
        if self.kind == self.Kind.MEETING:
            return f"会议记录 {self.held_on}（{self.presided_by}主持）"
        return self.original_name or self.sha256[:12]


class Notice(models.Model):
    """One in-app reminder. The unique ``key`` makes the reminder job idempotent."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "即将到期"
        OVERDUE = "overdue", "已逾期"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="notices")
    key = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField("提醒时间")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "提醒"
        verbose_name_plural = "提醒"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]

    def __str__(self) -> str:
        return self.key


class CalendarFeedToken(models.Model):
    """A private iCalendar feed URL. Only the token's SHA-256 is stored; the URL is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens")
    prefix = models.CharField("前缀", max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "日历订阅令牌"
        verbose_name_plural = "日历订阅令牌"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"


class Tally(models.Model):
    """How many of a unit's occurrences of a year fall due on a day with a stored status.

    The summaries' source (the overview, the dashboards, completion rates, counts by status): a unit has
    a few dozen due dates a year whatever its number of posts, so a summary reads these rows, never the
    year's occurrences. Kept in step with the occurrences in the same transaction by every writer
    (generation, completion, waiver: ``tallies.apply``); a writer that bypasses them (the demo's set-based
    completion, a benchmark's bulk load) calls ``tallies.recount`` afterwards. Time-based statuses
    (overdue, due soon) come from the due date and today, as for the rows.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    due = models.DateField("到期日")
    status = models.CharField("状态", max_length=12, choices=Occurrence.Stored.choices)
    count = models.IntegerField("事项数", default=0)

    class Meta:
        verbose_name = "履职事项计数"
        verbose_name_plural = "履职事项计数"
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "due", "status"], name="tally_once"),
        ]
        indexes = [models.Index(fields=["year", "unit"], name="tally_year_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.due} {self.status}: {self.count}"


class ClauseTally(models.Model):
    """How many of a unit's occurrences of a year each clause owes (the summary by clause); kept like
    ``Tally`` (only generation and ``recount`` change it: completing an item does not change its clause)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    clause = models.CharField("条款", max_length=120)
    count = models.IntegerField("事项数", default=0)

    class Meta:
        verbose_name = "履职事项条款计数"
        verbose_name_plural = "履职事项条款计数"
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "clause"], name="clause_tally_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.clause}: {self.count}"
