"""The catalogue of a loaded policy pack, versioned.

Each distinct pack content (by sha256) is a ``PackVersion`` with its effective dates; the catalogue
rows hang off it and are never edited in place, so a duty cited last year still resolves to the
text and data that applied then. ``code`` fields are the pack's stable ascii ids.
"""

from __future__ import annotations

from django.db import models

from zeren.regulations.models import RegulationVersion


class PackVersion(models.Model):
    pack_id = models.CharField("政策包标识", max_length=80)
    title = models.CharField("标题", max_length=300)
    jurisdiction = models.CharField("适用地区", max_length=100)
    document_number = models.CharField("文号", max_length=100, blank=True)
    regulation_version = models.ForeignKey(RegulationVersion, on_delete=models.PROTECT, related_name="packs")
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)
    content_sha256 = models.CharField("内容 SHA-256", max_length=64)
    data = models.JSONField("政策包数据")
    loaded_at = models.DateTimeField("加载时间", auto_now_add=True)

    class Meta:
        verbose_name = "政策包版本"
        verbose_name_plural = "政策包版本"
        ordering = ["pack_id", "-effective_from", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["pack_id", "content_sha256"], name="pack_version_content_unique"),
        ]
        indexes = [models.Index(fields=["pack_id", "effective_from"], name="pack_version_effective")]

    def __str__(self) -> str:
        return f"{self.title}（{self.effective_from:%Y-%m-%d} 起）"


class Body(models.Model):
    pack = models.ForeignKey(PackVersion, on_delete=models.CASCADE, related_name="bodies")
    code = models.CharField(max_length=80)
    name = models.CharField("名称", max_length=200)
    clauses = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pack", "code"], name="body_code_unique")]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    """A leader post's role (chapters 2–4), e.g. the government principal of art. 14."""

    pack = models.ForeignKey(PackVersion, on_delete=models.CASCADE, related_name="roles")
    code = models.CharField(max_length=80)
    name = models.CharField("名称", max_length=200)
    body_code = models.CharField("所在机构", max_length=80, blank=True)
    holds_kind_duties = models.BooleanField("兼负部门职责", default=False)
    clauses = models.JSONField(default=list)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pack", "position"]
        constraints = [models.UniqueConstraint(fields=["pack", "code"], name="role_code_unique")]

    def __str__(self) -> str:
        return self.name


class Trait(models.Model):
    """Duties shared by every supervisory department / industry authority (art. 18)."""

    pack = models.ForeignKey(PackVersion, on_delete=models.CASCADE, related_name="traits")
    code = models.CharField(max_length=80)
    name = models.CharField("名称", max_length=200)
    clauses = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pack", "code"], name="trait_code_unique")]

    def __str__(self) -> str:
        return self.name


class DepartmentKind(models.Model):
    class Type(models.TextChoices):
        PARTY_ORGAN = "party_organ", "党委工作机关"
        GOVERNMENT_DEPARTMENT = "government_department", "政府工作部门"
        VERTICAL_AGENCY = "vertical_agency", "垂直管理机构"
        SOCIAL_ORGANISATION = "social_organisation", "社会团体"

    pack = models.ForeignKey(PackVersion, on_delete=models.CASCADE, related_name="department_kinds")
    code = models.CharField(max_length=80)
    name = models.CharField("名称", max_length=200)
    type = models.CharField("类型", max_length=32, choices=Type.choices)
    catch_all = models.BooleanField("兜底条款", default=False)
    clauses = models.JSONField(default=list)
    note = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pack", "position"]
        constraints = [models.UniqueConstraint(fields=["pack", "code"], name="department_kind_code_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def article(self) -> str:
        """The kind's first clause: the article that defines it."""
        return self.clauses[0] if self.clauses else ""


class KindTrait(models.Model):
    kind = models.ForeignKey(DepartmentKind, on_delete=models.CASCADE, related_name="kind_traits")
    trait = models.ForeignKey(Trait, on_delete=models.CASCADE, related_name="kind_traits")
    clause = models.CharField(max_length=120)
    scope = models.CharField("范围", max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "trait"], name="kind_trait_unique")]

    def __str__(self) -> str:
        return f"{self.kind} · {self.trait}"


class Sector(models.Model):
    """A 行业（领域） of 管行业必须管安全 (art. 3)."""

    pack = models.ForeignKey(PackVersion, on_delete=models.CASCADE, related_name="sectors")
    code = models.CharField(max_length=80)
    name = models.CharField("名称", max_length=100)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pack", "position"]
        constraints = [models.UniqueConstraint(fields=["pack", "code"], name="sector_code_unique")]

    def __str__(self) -> str:
        return self.name


class SectorSupervisor(models.Model):
    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="supervisors")
    kind = models.ForeignKey(DepartmentKind, on_delete=models.CASCADE, related_name="supervised_sectors")
    capacity = models.CharField("身份", max_length=40)
    part = models.CharField("分工", max_length=300, blank=True)
    clauses = models.JSONField(default=list)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sector", "position"]

    def __str__(self) -> str:
        return f"{self.sector} · {self.kind}"


class Duty(models.Model):
    """One duty, one point of the regulation, owned by a role, a trait or a department kind."""

    pack = models.ForeignKey(PackVersion, on_delete=models.CASCADE, related_name="duties")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, null=True, blank=True, related_name="duties")
    trait = models.ForeignKey(Trait, on_delete=models.CASCADE, null=True, blank=True, related_name="duties")
    kind = models.ForeignKey(
        DepartmentKind, on_delete=models.CASCADE, null=True, blank=True, related_name="duties"
    )
    clause = models.CharField("条款", max_length=120)
    summary = models.CharField("摘要", max_length=120)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pack", "position"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__isnull=False, trait__isnull=True, kind__isnull=True)
                    | models.Q(role__isnull=True, trait__isnull=False, kind__isnull=True)
                    | models.Q(role__isnull=True, trait__isnull=True, kind__isnull=False)
                ),
                name="duty_has_exactly_one_owner",
            ),
        ]
        indexes = [models.Index(fields=["pack", "clause"], name="duty_pack_clause")]

    def __str__(self) -> str:
        return f"{self.clause} {self.summary}"


class Obligation(models.Model):
    pack = models.ForeignKey(PackVersion, on_delete=models.CASCADE, related_name="obligations")
    code = models.CharField(max_length=80)
    name = models.CharField("名称", max_length=200)
    clause = models.CharField("条款", max_length=120)
    frequency = models.CharField("频次", max_length=20)
    min_count = models.PositiveSmallIntegerField("最少次数", default=1)
    owners = models.JSONField("义务主体", default=list)
    recipient = models.CharField("报送对象", max_length=200, blank=True)
    due = models.JSONField("期限规则", default=dict)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pack", "position"]
        constraints = [models.UniqueConstraint(fields=["pack", "code"], name="obligation_code_unique")]

    def __str__(self) -> str:
        return self.name


class Parameter(models.Model):
    """A number or rule from the pack (money, accountability, local choices) with its clause."""

    pack = models.ForeignKey(PackVersion, on_delete=models.CASCADE, related_name="parameters")
    section = models.CharField("类别", max_length=40)
    code = models.CharField(max_length=120)
    name = models.CharField("名称", max_length=200, blank=True)
    clause = models.CharField("条款", max_length=120, blank=True)
    value = models.JSONField("取值")
    local_choice = models.BooleanField("地方选择", default=False)
    note = models.TextField(blank=True)
    source = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pack", "section", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "section", "code"], name="parameter_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.section}.{self.code}"


class ArticleClass(models.Model):
    pack = models.ForeignKey(PackVersion, on_delete=models.CASCADE, related_name="articles")
    eid = models.CharField(max_length=40)
    classification = models.CharField("分类", max_length=20)
    feature = models.CharField("功能", max_length=60, blank=True)
    note = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pack", "position"]
        constraints = [models.UniqueConstraint(fields=["pack", "eid"], name="article_class_unique")]

    def __str__(self) -> str:
        return f"{self.eid}: {self.classification}"
