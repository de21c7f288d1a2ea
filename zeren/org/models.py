"""Who holds which post in which unit since when, and who oversees what.

Dates are inclusive calendar days (``start`` … ``end``; ``end`` null = still open). History is
never overwritten: a transfer ends one tenure and opens another; a reorganised organisation gets
an ``end`` and successor links (art. 72), and stays queryable.

Units form a tree addressed by a materialised ``path`` ("0001/0004/"), so "everything under
疏勒县" is one indexed ``path LIKE '0001/0004/%'`` query at any depth.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Unit(models.Model):
    """An administrative unit (地区, 县市, 乡镇/街道) or a functional zone (art. 1 para 2, art. 73)."""

    class Level(models.TextChoices):
        PREFECTURE = "prefecture", "地区"
        COUNTY = "county", "县（市）"
        TOWNSHIP = "township", "乡镇（街道）"
        ZONE = "zone", "功能区"

    code = models.SlugField("标识", max_length=60, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField("路径", max_length=255, unique=True, editable=False)
    zone_kind = models.CharField(
        "功能区类型", max_length=40, blank=True, help_text="开发区、工业园区、风景区…"
    )
    urban = models.BooleanField(
        "城区",
        default=False,
        help_text="县级单位是地区所在地的城区（县级市、市辖区）：事故答责链按“城区”情形列出地区部门",
    )
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "行政单位"
        verbose_name_plural = "行政单位"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/")


class Organisation(models.Model):
    """A body in a unit: Party committee, government, a working department, a vertical agency…"""

    class Type(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", "党委"
        GOVERNMENT = "government", "政府"
        PARTY_ORGAN = "party_organ", "党委工作机关"
        GOVERNMENT_DEPARTMENT = "government_department", "政府工作部门"
        VERTICAL_AGENCY = "vertical_agency", "垂直管理机构"
        SOCIAL_ORGANISATION = "social_organisation", "社会团体"
        SAFETY_COMMITTEE = "safety_committee", "安全生产委员会"
        COMMITTEE_OFFICE = "committee_office", "安全生产委员会办公室"
        ZONE_ADMINISTRATION = "zone_administration", "功能区管理机构"

    code = models.SlugField("标识", max_length=80, unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField("名称", max_length=150)
    type = models.CharField("类型", max_length=32, choices=Type.choices)
    kind_code = models.CharField("部门类型（政策包）", max_length=80, blank=True, db_index=True)
    start = models.DateField("设立日期")
    end = models.DateField("撤销日期", null=True, blank=True)
    # Art. 17 para 1 point 5: 设置安全生产监管机构或者明确负责安全生产工作的机构，配备安全生产监管人员或者
    # 安全生产工作人员. Entered by the committee office (``zeren.org.checks.record_safety_staffing``, audited)
    # or the roster; empty / null = not entered.
    safety_body = models.CharField(
        "安全生产工作机构",
        max_length=100,
        blank=True,
        help_text="安全生产监管机构或明确负责安全生产工作的内设机构，如“安全生产监督管理科”",
    )
    safety_staff = models.PositiveSmallIntegerField(
        "安全生产工作人员（名）",
        null=True,
        blank=True,
        help_text="配备的安全生产监管人员或安全生产工作人员人数",
    )

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["unit__path", "type", "name"]
        indexes = [models.Index(fields=["unit", "type"], name="org_unit_type")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="org_dates"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Succession(models.Model):
    """Art. 72: from ``on`` the successor answers for the predecessor's safety duties."""

    class Kind(models.TextChoices):
        MERGE = "merge", "合并"
        SPLIT = "split", "拆分"
        RENAME = "rename", "更名"
        TRANSFER = "transfer", "职能划转"

    predecessor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="successions_out")
    successor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="successions_in")
    on = models.DateField("生效日期")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    note = models.CharField("说明", max_length=300, blank=True)
    clause = models.CharField("依据", max_length=60, default="art_72__para_1")

    class Meta:
        verbose_name = "机构改革"
        verbose_name_plural = "机构改革"
        ordering = ["on"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique"),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}（{self.on}）"


class Post(models.Model):
    """A seat, e.g. 疏勒县人民政府副县长, with its role from the pack."""

    code = models.SlugField("标识", max_length=100, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="posts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="posts", editable=False)
    title = models.CharField("职务", max_length=150)
    role_code = models.CharField("角色（政策包）", max_length=80, db_index=True)
    start = models.DateField("设立日期")
    end = models.DateField("撤销日期", null=True, blank=True)

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        ordering = ["unit__path", "organisation__name", "title"]
        indexes = [models.Index(fields=["unit", "role_code"], name="post_unit_role")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.unit_id = self.organisation.unit_id
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Person(models.Model):
    code = models.SlugField("人员编号", max_length=60, unique=True)
    name = models.CharField("姓名", max_length=60, db_index=True)
    retired_on = models.DateField("退休日期", null=True, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["name", "code"]

    def __str__(self) -> str:
        return self.name


class Tenure(models.Model):
    """A person holds a post from ``start`` to ``end`` (inclusive), in full or acting."""

    class EndReason(models.TextChoices):
        TRANSFER = "transfer", "调任"
        PROMOTION = "promotion", "提拔"
        RETIREMENT = "retirement", "退休"
        REMOVAL = "removal", "免职"
        POST_ABOLISHED = "post_abolished", "岗位撤销"
        OTHER = "other", "其他"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="tenures")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="tenures")
    start = models.DateField("任职日期")
    end = models.DateField("离任日期", null=True, blank=True)
    acting = models.BooleanField("代理/主持", default=False)
    end_reason = models.CharField("离任原因", max_length=20, choices=EndReason.choices, blank=True)

    class Meta:
        verbose_name = "任职"
        verbose_name_plural = "任职"
        ordering = ["start"]
        indexes = [
            models.Index(fields=["post", "start"], name="tenure_post_start"),
            models.Index(fields=["person", "start"], name="tenure_person_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="tenure_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.post}（{self.start} – {self.end or '至今'}）"


class Portfolio(models.Model):
    """分管: a post oversees an organisation and/or a sector (pack sector code), from ``start`` to ``end``."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="portfolios")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="overseen_by"
    )
    sector_code = models.CharField("行业领域（政策包）", max_length=80, blank=True)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        verbose_name = "分管"
        verbose_name_plural = "分管"
        ordering = ["start"]
        indexes = [
            models.Index(fields=["organisation", "start"], name="portfolio_org_start"),
            models.Index(fields=["sector_code", "start"], name="portfolio_sector_start"),
            models.Index(fields=["post", "start"], name="portfolio_post_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(sector_code=""), name="portfolio_has_target"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="portfolio_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post} 分管 {self.organisation or self.sector_code}"


def active_on(day: object, prefix: str = "") -> Q:
    """Rows whose [start, end] (inclusive, end null = open) covers ``day``."""
    return Q(**{f"{prefix}start__lte": day}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": day})
    )


class SpecialFundBudget(models.Model):
    """A unit's yearly work-safety special fund in the budget (art. 14 para 1 point 4: 组织设立
    安全生产专项资金并列入本级财政预算), as entered by the committee office. One figure per unit
    and year, changed only through ``zeren.org.checks.record_special_fund`` (audited)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="special_fund_budgets")
    year = models.PositiveSmallIntegerField("年度")
    amount_yuan = models.BigIntegerField("预算金额（元）")
    note = models.CharField("说明", max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )
    entered_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "安全生产专项资金预算"
        verbose_name_plural = "安全生产专项资金预算"
        ordering = ["year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="special_fund_unit_year"),
            models.CheckConstraint(condition=Q(amount_yuan__gte=0), name="special_fund_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}年度安全生产专项资金 {self.amount_yuan}元"
