"""A regulation, its versions and its provisions (clause tree).

A version is immutable once imported: a changed source text becomes a new version
(identified by the sha256 of the source), so citations into an older text stay valid.
"""

from __future__ import annotations

from django.db import models


class Regulation(models.Model):
    slug = models.SlugField("标识", max_length=80, unique=True)
    title = models.CharField("标题", max_length=300, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "法规"
        verbose_name_plural = "法规"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class RegulationVersion(models.Model):
    regulation = models.ForeignKey(Regulation, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    source_name = models.CharField("来源", max_length=300, blank=True)
    source_sha256 = models.CharField("来源文本 SHA-256", max_length=64)
    source_text = models.TextField("原始文本")
    normalized_text = models.TextField("规范化文本")
    document_number = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("发布机关", max_length=200, blank=True)
    index_number = models.CharField("索引号", max_length=100, blank=True)
    issue_date = models.DateField("印发日期", null=True, blank=True)
    publication_date = models.DateField("公开日期", null=True, blank=True)
    effective_date = models.DateField("施行日期", null=True, blank=True)
    metadata = models.JSONField("元数据", default=dict)
    warnings = models.JSONField("导入警告", default=list)
    substitutions = models.JSONField("字符规范化记录", default=list)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "法规版本"
        verbose_name_plural = "法规版本"
        ordering = ["regulation", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "number"], name="regulation_version_number_unique"),
            models.UniqueConstraint(
                fields=["regulation", "source_sha256"], name="regulation_version_sha_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regulation.title}（第{self.number}版）"


class Provision(models.Model):
    """One node of a version's clause tree: chapter, section, article, paragraph or point."""

    class Kind(models.TextChoices):
        PART = "part", "编"
        CHAPTER = "chapter", "章"
        SECTION = "section", "节"
        ARTICLE = "article", "条"
        PARAGRAPH = "paragraph", "款"
        POINT = "point", "项"

    version = models.ForeignKey(RegulationVersion, on_delete=models.CASCADE, related_name="provisions")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    eid = models.CharField("条款标识", max_length=120)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    number = models.CharField("编号", max_length=20, blank=True)
    label = models.CharField("标号", max_length=40, blank=True)
    heading = models.CharField("标题", max_length=300, blank=True)
    content = models.TextField("正文", blank=True)
    raw_text = models.TextField("原文片段", blank=True)
    citation = models.CharField("引用", max_length=120)
    position = models.PositiveIntegerField("顺序")
    depth = models.PositiveSmallIntegerField("层级")
    references = models.JSONField("交叉引用", default=list)

    class Meta:
        verbose_name = "条款"
        verbose_name_plural = "条款"
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "eid"], name="provision_eid_unique"),
            models.UniqueConstraint(fields=["version", "position"], name="provision_position_unique"),
        ]
        indexes = [models.Index(fields=["version", "kind"], name="provision_version_kind")]

    def __str__(self) -> str:
        return self.citation
