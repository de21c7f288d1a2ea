"""Lexical tables of the drafter: Chinese names → ascii ids, and the cues that pick a type or a role.

Pinyin-free on purpose: an id is an English gloss of a common name, looked up by the longest table key the
name contains; a name missing from a table gets a positional fallback id (``kind_art_36``) that a reviewer
renames. Extend the tables, never the code, when a new regulation uses a new common name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: 部门类型 name fragments → department kind ids.
KIND_IDS: Mapping[str, str] = {
    "应急管理": "emergency_management",
    "发展改革": "development_reform",
    "发展和改革": "development_reform",
    "工业和信息化": "industry_it",
    "工业信息化": "industry_it",
    "公安": "public_security",
    "生态环境": "ecology_environment",
    "住房和城乡建设": "housing_construction",
    "住房城乡建设": "housing_construction",
    "交通运输": "transport",
    "水利": "water_resources",
    "农业农村": "agriculture_rural",
    "文化广播和旅游": "culture_tourism",
    "文化和旅游": "culture_tourism",
    "文化体育广播电视和旅游": "culture_tourism",
    "畜牧兽医": "animal_husbandry",
    "林业和草原": "forestry_grassland",
    "林业": "forestry_grassland",
    "市场监督管理": "market_regulation",
    "财政": "finance",
    "自然资源": "natural_resources",
    "气象": "meteorology",
    "邮政管理": "postal",
    "民航": "civil_aviation",
    "通信管理": "communications",
    "教育": "education",
    "民政": "civil_affairs",
    "商务": "commerce",
    "民族宗教事务": "ethnic_religious_affairs",
    "宗教事务": "ethnic_religious_affairs",
    "卫生健康": "health",
    "体育": "sports",
    "粮食和物资储备": "grain_reserves",
    "粮食": "grain_reserves",
    "科技": "science_technology",
    "科学技术": "science_technology",
    "司法行政": "justice",
    "司法": "justice",
    "人力资源和社会保障": "human_resources",
    "人力资源社会保障": "human_resources",
    "国有资产监督管理": "state_assets",
    "国资": "state_assets",
    "消防救援": "fire_rescue",
    "统计": "statistics",
    "审计": "audit",
    "税务": "taxation",
    "铁路": "railway",
    "党委组织": "party_organisation",
    "组织部": "party_organisation",
    "党委宣传": "party_publicity",
    "宣传部": "party_publicity",
    "党委政法": "party_political_legal",
    "政法委": "party_political_legal",
    "党委统战": "party_united_front",
    "统战部": "party_united_front",
    "党委机构编制": "party_establishment",
    "机构编制": "party_establishment",
    "党委农村工作": "party_rural_work",
    "网信": "cyberspace",
    "工会": "trade_union",
    "妇联": "womens_federation",
    "妇女联合会": "womens_federation",
    "共青团": "communist_youth_league",
    "党委其他工作机构": "party_other_bodies",
    "政府其他工作部门": "government_other_departments",
}

#: Lexical cues of the department types (checked in this order; the chapter heading is a second cue).
TYPE_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("social_organisation", ("工会", "妇联", "妇女联合会", "共青团", "团委", "科协", "残联", "社会团体")),
    (
        "vertical_agency",
        ("民航", "管理局", "分局", "气象", "邮政管理", "通信管理", "税务", "海关", "铁路", "国家", "监管局"),
    ),
    ("party_organ", ("党委", "网信", "组织部", "宣传部", "统战部", "政法委", "编办")),
)
CHAPTER_TYPE_CUES: tuple[tuple[str, str], ...] = (
    ("社会团体", "social_organisation"),
    ("群团", "social_organisation"),
    ("党委", "party_organ"),
)

#: Sector names → ids (exact match on the cleaned name first, then the longest key it contains).
SECTOR_IDS: Mapping[str, str] = {
    "烟花爆竹": "fireworks",
    "危险化学品": "hazardous_chemicals",
    "非煤矿山": "non_coal_mines",
    "煤炭": "coal",
    "煤矿": "coal_mines",
    "电力建设项目": "power_construction",
    "电力": "electric_power",
    "石油天然气长输管道": "oil_gas_pipelines",
    "油气管道": "oil_gas_pipelines",
    "民爆物品生产销售": "civil_explosives",
    "民爆物品": "civil_explosives",
    "民用爆炸物品": "civil_explosives",
    "有色": "non_ferrous",
    "化工": "chemical_industry",
    "电力专业建设工程质量安全": "power_engineering_quality",
    "机电": "machinery_electrical",
    "建材": "building_materials",
    "轻工": "light_industry",
    "纺织": "textiles",
    "道路交通": "road_traffic",
    "危险物品公共安全": "dangerous_goods_public_safety",
    "危险废弃物处置": "hazardous_waste",
    "危险废物": "hazardous_waste",
    "城乡房屋": "urban_rural_housing",
    "市政公用设施工程建设": "municipal_works",
    "城市公用企业事业": "urban_utilities",
    "住房城乡建设": "housing_construction",
    "人防": "civil_air_defence",
    "交通建设项目施工": "transport_construction",
    "水上交通": "waterway_traffic",
    "危险货物运输企业": "dangerous_goods_transport",
    "交通运输": "transport",
    "交通建设": "transport_construction",
    "水利建设": "water_works",
    "水": "water",
    "农业": "agriculture",
    "农机": "agricultural_machinery",
    "农药": "pesticides",
    "大型工程机械安全": "heavy_machinery",
    "文化广播旅游": "culture_tourism",
    "文化": "culture",
    "旅游": "tourism",
    "畜牧": "animal_husbandry",
    "兽药和兽医器械": "veterinary_drugs",
    "饲料饲草加工": "feed_processing",
    "畜禽屠宰": "slaughtering",
    "森林和草原防火": "forest_grassland_fire",
    "林业和草原": "forestry_grassland",
    "特种设备": "special_equipment",
    "气象": "meteorology",
    "邮政": "postal",
    "民航": "civil_aviation",
    "通信": "communications",
    "教育": "education",
    "民政": "civil_affairs",
    "商贸服务": "commerce_services",
    "民族宗教": "religious_affairs",
    "卫生": "health",
    "体育": "sports",
    "粮食": "grain",
    "消防": "fire_safety",
    "建筑施工": "building_construction",
    "燃气": "gas",
}

#: Terms that make a point of a department's article name a sector the department contributes to.
POINT_SECTOR_TERMS: Mapping[str, str] = {
    "烟花爆竹": "烟花爆竹",
    "危险化学品": "危险化学品",
    "危化品": "危险化学品",
    "非煤矿山": "非煤矿山",
    "煤矿": "煤矿",
    "民用爆炸物品": "民用爆炸物品",
    "民爆物品": "民用爆炸物品",
    "特种设备": "特种设备",
    "道路交通": "道路交通",
    "危险废物": "危险废物",
    "燃气": "燃气",
    "建筑施工": "建筑施工",
    "石油、天然气长输管道": "石油天然气长输管道",
    "油气管道": "石油天然气长输管道",
}

#: Accountability forms and organs → ids.
FORM_IDS: Mapping[str, str] = {
    "通报": "notice",
    "批评教育": "criticism",
    "诫勉": "admonishment",
    "停职检查": "suspension",
    "停职检査": "suspension",
    "调整职务": "reassignment",
    "责令辞职": "ordered_resignation",
    "降职": "demotion",
    "免职": "dismissal",
    "处分": "sanction",
}
#: Forms that are a separate disciplinary track rather than a step of the ladder.
SANCTION_FORMS = frozenset({"处分", "纪律处分", "政务处分"})

#: Default "相关规定时限" per form (always local choices): months, source, note. Forms not listed get
#: 12 months from ``pack default``. Sources: ../shared/DOMAIN.md.
VETO_PERIOD_DEFAULTS: Mapping[str, tuple[int, str, str]] = {
    "notice": (
        6,
        "pack default（不长于诫勉6个月：《关于对党员领导干部进行诫勉的规定》）",
        "未见对通报的时限规定；通报轻于诫勉，影响期取不长于诫勉的6个月。",
    ),
    "admonishment": (6, "《关于对党员领导干部进行诫勉的规定》", "诫勉后6个月内不得提拔或者重用。"),
    "reassignment": (12, "《推进领导干部能上能下规定》", "调整职务的，1年内不得提拔。"),
    "ordered_resignation": (
        24,
        "《推进领导干部能上能下规定》",
        "责令辞职的，2年内不得担任高于原任职务层次的职务。",
    ),
    "demotion": (24, "《推进领导干部能上能下规定》", "降职的，2年内不得提拔。"),
    "dismissal": (24, "《推进领导干部能上能下规定》", "免职的，2年内不得担任高于原任职务层次的职务。"),
}

ORGAN_IDS: Mapping[str, str] = {
    "纪检监察机关": "discipline_inspection",
    "组织人事部门": "organisation_personnel",
    "组织部门": "organisation_personnel",
    "应急管理部门": "emergency_management",
    "监察机关": "supervision_commission",
}


@dataclass(frozen=True)
class RoleCue:
    """A post named by an opening sentence: the first cue (in table order) found in it wins."""

    cue: str
    id: str
    name: str
    body: str
    holds_kind_duties: bool = False


ROLE_CUES: tuple[RoleCue, ...] = (
    RoleCue(
        "党政主要负责人同为本部门", "department_principal", "部门（单位）党政主要负责人", "department", True
    ),
    RoleCue(
        "部门（单位）党政主要负责人", "department_principal", "部门（单位）党政主要负责人", "department", True
    ),
    RoleCue(
        "分管安全工作的负责人", "department_safety_leader", "部门（单位）分管安全工作的负责人", "department"
    ),
    RoleCue(
        "部门（单位）领导班子成员", "department_other_leader", "部门（单位）领导班子其他成员", "department"
    ),
    RoleCue("党委常委会其他成员", "party_standing_member", "党委常委会其他成员", "party_committee"),
    RoleCue("党委主要负责人", "party_principal", "党委主要负责人", "party_committee"),
    RoleCue("政府领导班子其他成员", "government_other_leader", "政府领导班子其他成员", "government"),
    RoleCue("政府领导分管安全生产", "government_safety_leader", "分管安全生产的政府领导", "government"),
    RoleCue("政府主要负责人", "government_principal", "政府主要负责人", "government"),
)

#: Units that own obligations in articles without a role or a department (subject cue → owner).
BODY_CUES: tuple[tuple[str, str, str], ...] = (
    ("安全生产委员会办公室", "body", "safety_committee_office"),
    ("安委会办公室", "body", "safety_committee_office"),
    ("安委办", "body", "safety_committee_office"),
    ("负有安全监管职责的部门", "trait", "supervisory_department"),
    ("负有安全生产监督管理职责的部门", "trait", "supervisory_department"),
    ("行业主管部门", "trait", "industry_authority"),
    ("党委", "body", "party_committee"),
    ("政府", "body", "government"),
)

BODY_NAMES: Mapping[str, str] = {
    "party_committee": "党委",
    "government": "政府",
    "department": "部门（单位）",
    "safety_committee_office": "安全生产委员会办公室",
    "social_organisation": "社会团体",
}

#: Article feature cues, in priority order; the first sentence is tried before the whole article.
FEATURE_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("reorganisation", ("机构改革", "职能调整")),
    ("pack_catalog", ("起实施", "起施行")),
    ("org_units", ("适用于",)),
    ("accountability", ("问责", "追究")),
    ("rewards_fines", ("奖励", "罚款", "奖金", "惩罚")),
    ("responsibility_lists", ("责任清单",)),
    ("disclosure", ("公开", "公布")),
    ("assessment", ("考核", "考察", "评定")),
    ("supervision", ("巡查", "督查", "督促检查")),
    ("responsibility_lists", ("职责",)),
)
#: Features a 总则 / 附则 article may get from its first sentence (others stay declarative there).
FRAMEWORK_FEATURES = frozenset({"reorganisation", "pack_catalog", "org_units", "responsibility_lists"})

#: Synonyms folded into one sector name (the fuller or standard form wins).
SECTOR_ALIASES: Mapping[str, str] = {
    "民爆物品": "民用爆炸物品",
    "危险废弃物": "危险废物",
    "危化品": "危险化学品",
    "森林和草原防火": "森林草原防火",
}


def lookup(table: Mapping[str, str], name: str) -> str | None:
    """Exact key first, then the longest key ``name`` contains."""
    if name in table:
        return table[name]
    keys = [key for key in table if key in name]
    return table[max(keys, key=len)] if keys else None
