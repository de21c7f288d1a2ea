"""The roster workbook's sheets and columns: Chinese headers (the contract operators see) and stable keys.

A header may also be given as its key (``code``, ``name``…), so scripts can write workbooks
without Chinese text. Kinds: ``code`` (ascii slug), ``text``, ``date``, ``bool`` (是/否, blank = 否),
``flag`` (是/否, blank = not given: a new row takes 否, an existing one keeps its value), ``int``,
``count`` (a non-negative integer, blank = not given),
``choice`` (the Chinese label of a model choice; the stored value is also accepted) and ``pack``
(a code of the loaded policy pack: roles, department kinds or sectors).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import TextChoices

from zeren.org.models import Organisation, Succession, Tenure, Unit


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"
    required: bool = False
    max_length: int = 0
    choices: type[TextChoices] | None = None
    pack_list: str = ""  # "roles" | "department_kinds" | "sectors"
    width: int = 16
    help: str = ""


@dataclass(frozen=True)
class SheetSpec:
    key: str
    title: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


UNITS = SheetSpec(
    "units",
    "单位",
    (
        Column(
            "code",
            "单位标识",
            "code",
            True,
            60,
            width=18,
            help="英文字母、数字、-、_；全省唯一，导入以此识别",
        ),
        Column("name", "单位名称", "text", True, 100, width=22),
        Column("level", "层级", "choice", True, choices=Unit.Level, width=14),
        Column("parent", "上级单位标识", "code", False, 60, width=18, help="地区不填；其余必填"),
        Column("zone_kind", "功能区类型", "text", False, 40, width=16, help="开发区、工业园区、风景区…"),
        Column("position", "排序", "int", width=8, help="同级单位的显示顺序，默认 0"),
        Column(
            "urban",
            "城区",
            "flag",
            width=8,
            help="是：县（市）级单位为地区所在地的城区（县级市、市辖区），事故答责链按“城区”情形列出地区部门；"
            "否：不是；空：新单位为否，已有单位不修改",
        ),
    ),
)
ORGANISATIONS = SheetSpec(
    "organisations",
    "机构",
    (
        Column("code", "机构标识", "code", True, 80, width=22),
        Column("unit", "所属单位标识", "code", True, 60, width=18),
        Column("name", "机构名称", "text", True, 150, width=28),
        Column("type", "机构类型", "choice", True, choices=Organisation.Type, width=20),
        Column(
            "kind_code",
            "部门类型标识",
            "pack",
            False,
            80,
            pack_list="department_kinds",
            width=26,
            help="政策包中的部门类型（见代码表）；党委、政府可不填",
        ),
        Column("start", "设立日期", "date", True, width=13),
        Column("end", "撤销日期", "date", width=13, help="机构改革撤销的机构：生效日期前一天"),
        Column(
            "safety_body",
            "安全生产工作机构",
            "text",
            False,
            100,
            width=24,
            help="第十七条第（五）项：安全生产监管机构或明确负责安全生产工作的内设机构；空：不修改",
        ),
        Column(
            "safety_staff",
            "安全生产工作人员数",
            "count",
            width=12,
            help="配备的安全生产监管人员或安全生产工作人员人数；空：未登记（已有机构不修改）",
        ),
    ),
)
# The organisation fields the import compares and the export writes, in the sheet's order.
ORGANISATION_FIELDS = (
    "code", "unit__code", "name", "type", "kind_code", "start", "end", "safety_body", "safety_staff"
)  # fmt: skip
POSTS = SheetSpec(
    "posts",
    "岗位",
    (
        Column("code", "岗位标识", "code", True, 100, width=26),
        Column("organisation", "所属机构标识", "code", True, 80, width=22),
        Column("title", "职务", "text", True, 150, width=24),
        Column(
            "role_code",
            "角色标识",
            "pack",
            True,
            80,
            pack_list="roles",
            width=26,
            help="政策包中的岗位角色（见代码表）",
        ),
        Column("start", "设立日期", "date", True, width=13),
        Column("end", "撤销日期", "date", width=13),
    ),
)
PEOPLE = SheetSpec(
    "people",
    "人员",
    (
        Column("code", "人员编号", "code", True, 60, width=16),
        Column("name", "姓名", "text", True, 60, width=12),
        Column("retired_on", "退休日期", "date", width=13, help="填写后该人员的任职须在退休日期前结束"),
        Column("note", "备注", "text", False, 300, width=30),
    ),
)
TENURES = SheetSpec(
    "tenures",
    "任职",
    (
        Column("person", "人员编号", "code", True, 60, width=16),
        Column("post", "岗位标识", "code", True, 100, width=26),
        Column("start", "任职日期", "date", True, width=13),
        Column("end", "离任日期", "date", width=13),
        Column("acting", "代理", "bool", width=8, help="是：代理/主持工作；否或空：正式任职"),
        Column("end_reason", "离任原因", "choice", choices=Tenure.EndReason, width=12),
    ),
)
PORTFOLIOS = SheetSpec(
    "portfolios",
    "分管",
    (
        Column("post", "岗位标识", "code", True, 100, width=26),
        Column(
            "organisation", "机构标识", "code", False, 80, width=22, help="机构标识与行业领域标识至少填一项"
        ),
        Column("sector_code", "行业领域标识", "pack", False, 80, pack_list="sectors", width=24),
        Column("start", "开始日期", "date", True, width=13),
        Column("end", "结束日期", "date", width=13),
    ),
)
SUCCESSIONS = SheetSpec(
    "successions",
    "机构改革",
    (
        Column("predecessor", "原机构标识", "code", True, 80, width=22, help="其撤销日期须为生效日期前一天"),
        Column("successor", "新机构标识", "code", True, 80, width=22),
        Column("on", "生效日期", "date", True, width=13),
        Column("kind", "改革类型", "choice", True, choices=Succession.Kind, width=12),
        Column("note", "说明", "text", False, 300, width=30),
    ),
)

SHEETS: tuple[SheetSpec, ...] = (UNITS, ORGANISATIONS, POSTS, PEOPLE, TENURES, PORTFOLIOS, SUCCESSIONS)
CODES_SHEET = "代码表"
YES, NO = "是", "否"

# Columns holding the keys of rows without a code of their own (tenures, portfolios, successions).
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "units": ("code",),
    "organisations": ("code",),
    "posts": ("code",),
    "people": ("code",),
    "tenures": ("person", "post", "start"),
    "portfolios": ("post", "organisation", "sector_code", "start"),
    "successions": ("predecessor", "successor"),
}
