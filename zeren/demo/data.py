"""The demo's tables: units, the departments each unit has, the leadership seats and their portfolios.

Department kinds, role codes and sector codes are the Kashgar pack's ids (pack.yaml
``department_kinds``, ``roles``, ``sectors``); a test checks every one of them against the loaded pack.
Township names are real place names; every *person* in the demo is invented (``names.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

D = dt.date

# The demo's records begin here: every organisation and post that is not created later in the
# story "exists" from this day (earlier history is not modelled).
RECORDS_BEGIN = D(2019, 1, 1)
PREFECTURE_CODE = "kashgar"


@dataclass(frozen=True)
class Township:
    slug: str
    name: str

    @property
    def style(self) -> str:
        """乡, 镇 or 街道 — decides the names of its bodies and the head's title."""
        if self.name.endswith("街道"):
            return "街道"
        return self.name[-1]


@dataclass(frozen=True)
class AreaSpec:
    """The prefecture or a county-level unit, and how its bodies and leaders are called."""

    code: str
    name: str
    level: str  # "prefecture" | "county"
    party_committee: str  # 中共疏勒县委员会
    party_short: str  # 疏勒县委 (prefix of party organs and of party titles)
    government: str  # 疏勒县人民政府
    head: str  # 县长 / 市长 / 专员
    deputy: str  # 副县长 / 副市长 / 副专员
    townships: tuple[Township, ...] = ()


def _county(code: str, name: str, townships: list[tuple[str, str]]) -> AreaSpec:
    city = name.endswith("市")
    return AreaSpec(
        code=code,
        name=name,
        level="county",
        party_committee=f"中共{name}委员会",
        party_short=f"{name}委",
        government=f"{name}人民政府",
        head="市长" if city else "县长",
        deputy="副市长" if city else "副县长",
        townships=tuple(Township(slug, tname) for slug, tname in townships),
    )


PREFECTURE = AreaSpec(
    code=PREFECTURE_CODE,
    name="喀什地区",
    level="prefecture",
    party_committee="中共喀什地区委员会",
    party_short="喀什地委",
    government="喀什地区行政公署",
    head="专员",
    deputy="副专员",
)

# County-level units that are the prefecture's seat city (城区): 喀什市 is the seat of 喀什地区.
URBAN_COUNTIES = ("kashi",)

COUNTIES: tuple[AreaSpec, ...] = (
    _county(
        "kashi", "喀什市", [("qiasa", "恰萨街道"), ("yawage", "亚瓦格街道"), ("naizeerbage", "乃则尔巴格镇")]
    ),
    _county("shufu", "疏附县", [("tuokezhake", "托克扎克镇"), ("langan", "兰干镇"), ("wupaer", "乌帕尔镇")]),
    _county(
        "shule",
        "疏勒县",
        [
            ("shulezhen", "疏勒镇"),
            ("hannanlike", "罕南力克镇"),
            ("baren", "巴仁乡"),
            ("yangdaman", "洋大曼乡"),
        ],
    ),
    _county(
        "yingjisha", "英吉沙县", [("yingjishazhen", "英吉沙镇"), ("wuqia", "乌恰镇"), ("saihan", "萨罕乡")]
    ),
    _county("zepu", "泽普县", [("zepuzhen", "泽普镇"), ("kuiyibage", "奎依巴格镇"), ("sailike", "赛力乡")]),
    _county(
        "shache",
        "莎车县",
        [
            ("shachezhen", "莎车镇"),
            ("qiareke", "恰热克镇"),
            ("ailixihu", "艾力西湖镇"),
            ("huangdi", "荒地镇"),
        ],
    ),
    _county(
        "yecheng",
        "叶城县",
        [("kageleke", "喀格勒克街道"), ("qiaerbage", "恰尔巴格镇"), ("wuxiabashi", "乌夏巴什镇")],
    ),
    _county(
        "maigaiti",
        "麦盖提县",
        [("maigaitizhen", "麦盖提镇"), ("bazajiemi", "巴扎结米镇"), ("xiyitidun", "希依提墩乡")],
    ),
    _county(
        "yuepuhu", "岳普湖县", [("yuepuhuzhen", "岳普湖镇"), ("aiximan", "艾西曼镇"), ("tielimu", "铁力木乡")]
    ),
    _county(
        "jiashi",
        "伽师县",
        [("barenzhen", "巴仁镇"), ("xikeerkule", "西克尔库勒镇"), ("yingmaili", "英买里乡")],
    ),
    _county(
        "bachu", "巴楚县", [("bachuzhen", "巴楚镇"), ("selibuya", "色力布亚镇"), ("sanchakou", "三岔口镇")]
    ),
    _county(
        "tashikuergan",
        "塔什库尔干塔吉克自治县",
        [("tashikuerganzhen", "塔什库尔干镇"), ("tajikeabati", "塔吉克阿巴提镇"), ("tizinafu", "提孜那甫乡")],
    ),
)

AREAS: tuple[AreaSpec, ...] = (PREFECTURE, *COUNTIES)


@dataclass(frozen=True)
class ZoneSpec:
    """A functional zone (art. 1 para 2) under the unit that manages it."""

    code: str
    parent: str
    name: str
    zone_kind: str


ZONES: tuple[ZoneSpec, ...] = (
    ZoneSpec("kashgar-kedz", PREFECTURE_CODE, "喀什经济开发区", "经济开发区"),
    ZoneSpec("shule-qilu-park", "shule", "疏勒县齐鲁工业园区", "工业园区"),
    ZoneSpec("zepu-petrochem-park", "zepu", "泽普石油化工工业园区", "工业园区"),
    ZoneSpec("tashikuergan-hongqilafu", "tashikuergan", "红其拉甫经济开发区", "经济开发区"),
)


@dataclass(frozen=True)
class DeptSpec:
    """A department every area (or only the prefecture) has.

    ``template`` placeholders: {unit} 疏勒县, {party} 疏勒县委, {gov} 疏勒县人民政府.
    ``head`` is the principal's title; deputies are "副" + head.
    """

    slug: str
    kind: str
    template: str
    head: str
    type: str
    prefecture_only: bool = False
    other_deputies: int = 1
    county_only: bool = False


# Section and sub-unit heads (股室、大队、所) the demo staffs in its county-level departments: not
# leader posts under the measures, reached by reference as possible in an accident's chain (pack role
# department_section_head).
SECTIONS: dict[str, tuple[str, ...]] = {
    "public_security": ("交通警察大队大队长",),
    "transport": ("道路运输管理所所长",),
    "emergency_management": ("安全生产执法大队大队长",),
}


def _party(slug: str, kind: str, name: str, head: str) -> DeptSpec:
    return DeptSpec(slug, kind, f"中共{{party}}{name}", head, "party_organ")


def _gov(slug: str, kind: str, name: str, head: str = "局长", *, other_deputies: int = 1) -> DeptSpec:
    return DeptSpec(
        slug, kind, f"{{unit}}{name}", head, "government_department", other_deputies=other_deputies
    )


DEPARTMENTS: tuple[DeptSpec, ...] = (
    # Party working organs (art. 7–13).
    _party("party-office", "other_party_organs", "办公室", "主任"),
    DeptSpec("discipline", "other_party_organs", "中共{unit}纪律检查委员会", "书记", "party_organ"),
    _party("organisation", "organisation_department", "组织部", "部长"),
    _party("propaganda", "propaganda_department", "宣传部", "部长"),
    _party("political-legal", "political_legal_committee", "政法委员会", "书记"),
    _party("united-front", "united_front_department", "统战部", "部长"),
    _party("establishment", "establishment_office", "机构编制委员会办公室", "主任"),
    _party("rural-work", "rural_work_department", "农村工作领导小组办公室", "主任"),
    _party("cyberspace", "cyberspace_office", "网络安全和信息化委员会办公室", "主任"),
    # Government working departments (arts. 19–44).
    DeptSpec("gov-office", "other_government_departments", "{gov}办公室", "主任", "government_department"),
    _gov("emergency", "emergency_management", "应急管理局", other_deputies=2),
    _gov("development-reform", "development_reform", "发展和改革委员会", "主任"),
    _gov("industry-information", "industry_information", "工业和信息化局"),
    _gov("public-security", "public_security", "公安局", other_deputies=2),
    _gov("ecology-environment", "ecology_environment", "生态环境局"),
    _gov("housing-construction", "housing_construction", "住房和城乡建设局", other_deputies=2),
    _gov("transport", "transport", "交通运输局", other_deputies=2),
    _gov("water-resources", "water_resources", "水利局"),
    _gov("agriculture-rural", "agriculture_rural", "农业农村局"),
    _gov("culture-tourism", "culture_tourism", "文化广播电视和旅游局"),
    _gov("animal-husbandry", "animal_husbandry", "畜牧兽医局"),
    _gov("forestry-grassland", "forestry_grassland", "林业和草原局"),
    _gov("market-regulation", "market_regulation", "市场监督管理局"),
    _gov("finance", "finance", "财政局"),
    _gov("natural-resources", "natural_resources", "自然资源局"),
    _gov("education", "education", "教育局", other_deputies=2),
    _gov("civil-affairs", "civil_affairs", "民政局"),
    _gov("commerce", "commerce", "商务局"),
    _gov("ethnic-religious", "ethnic_religious_affairs", "民族宗教事务委员会", "主任"),
    _gov("health", "health", "卫生健康委员会", "主任", other_deputies=2),
    _gov("sports", "sports", "体育局"),
    _gov("grain-reserves", "grain_reserves", "粮食和物资储备局"),
    _gov("science-technology", "science_technology", "科学技术局"),
    _gov("justice", "justice", "司法局"),
    _gov("human-resources", "human_resources_social_security", "人力资源和社会保障局"),
    _gov("state-assets", "state_assets", "国有资产监督管理委员会", "主任"),
    _gov("audit", "other_government_departments", "审计局"),
    _gov("statistics", "other_government_departments", "统计局"),
    _gov("veterans", "other_government_departments", "退役军人事务局"),
    # Fire rescue (消防救援机构, a local choice under art. 49): a brigade in each county, a detachment above.
    DeptSpec(
        "fire-rescue",
        "fire_rescue",
        "{unit}消防救援大队",
        "大队长",
        "vertical_agency",
        other_deputies=0,
        county_only=True,
    ),
    DeptSpec(
        "fire-rescue",
        "fire_rescue",
        "{unit}消防救援支队",
        "支队长",
        "vertical_agency",
        other_deputies=0,
        prefecture_only=True,
    ),
    # Vertical agencies (arts. 34–37): meteorology everywhere, the rest at the prefecture only.
    DeptSpec("meteorology", "meteorology", "{unit}气象局", "局长", "vertical_agency"),
    DeptSpec("postal", "postal", "{unit}邮政管理局", "局长", "vertical_agency", prefecture_only=True),
    DeptSpec(
        "civil-aviation",
        "civil_aviation",
        "民航新疆管理局喀什分局",
        "局长",
        "vertical_agency",
        prefecture_only=True,
    ),
    DeptSpec(
        "telecommunications",
        "telecommunications",
        "{unit}通信发展管理办公室",
        "主任",
        "vertical_agency",
        prefecture_only=True,
    ),
    # Social organisations (art. 45).
    DeptSpec("trade-union", "trade_union", "{unit}总工会", "主席", "social_organisation", other_deputies=0),
    DeptSpec(
        "womens-federation",
        "womens_federation",
        "{unit}妇女联合会",
        "主席",
        "social_organisation",
        other_deputies=0,
    ),
    DeptSpec(
        "youth-league", "youth_league", "共青团{unit}委员会", "书记", "social_organisation", other_deputies=0
    ),
)


@dataclass(frozen=True)
class GovSeat:
    """A government leadership seat with its portfolio (分管): departments by slug, sectors by pack id."""

    slug: str
    role: str
    departments: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()


# Order: the principal, the executive deputy who oversees safety (art. 15), then the other deputies.
GOV_SEATS: tuple[GovSeat, ...] = (
    GovSeat("head", "government_principal", ("finance", "audit", "gov-office")),
    GovSeat(
        "executive",
        "government_safety_leader",
        (
            "emergency",
            "fire-rescue",
            "safety-office",
            "development-reform",
            "industry-information",
            "state-assets",
            "grain-reserves",
            "market-regulation",
            "statistics",
        ),
        (
            "hazardous_chemicals",
            "fireworks",
            "non_coal_mines",
            "coal_mines",
            "industrial_manufacturing",
            "electric_power",
            "oil_gas_pipelines",
            "special_equipment",
            "grain_storage",
        ),
    ),
    GovSeat(
        "deputy-transport",
        "government_other_leader",
        ("transport", "public-security"),
        (
            "road_traffic",
            "road_transport",
            "dangerous_goods_transport",
            "transport_construction",
            "water_traffic",
            "civil_explosives",
        ),
    ),
    GovSeat(
        "deputy-construction",
        "government_other_leader",
        ("housing-construction", "natural-resources", "ecology-environment"),
        (
            "building_construction",
            "urban_gas",
            "municipal_utilities",
            "real_estate_property",
            "civil_air_defence",
            "fire_safety",
            "hazardous_waste",
        ),
    ),
    GovSeat(
        "deputy-social",
        "government_other_leader",
        ("education", "health", "culture-tourism", "sports", "civil-affairs"),
        (
            "schools",
            "health_care",
            "tourism",
            "scenic_areas",
            "culture_entertainment",
            "sports",
            "civil_affairs_services",
        ),
    ),
    GovSeat(
        "deputy-rural",
        "government_other_leader",
        ("agriculture-rural", "water-resources", "forestry-grassland", "animal-husbandry"),
        (
            "agriculture",
            "agricultural_machinery",
            "large_engineering_machinery",
            "pesticides",
            "water_conservancy",
            "forest_grassland_fire",
            "forestry_grassland",
            "animal_husbandry",
        ),
    ),
    GovSeat(
        "deputy-commerce",
        "government_other_leader",
        (
            "commerce",
            "ethnic-religious",
            "human-resources",
            "justice",
            "science-technology",
            "veterans",
            "meteorology",
            "postal",
            "civil-aviation",
            "telecommunications",
        ),
        (
            "commerce",
            "refined_oil_distribution",
            "religious_venues",
            "meteorology",
            "postal",
            "civil_aviation",
            "telecommunications",
        ),
    ),
)
# Sectors whose organisations only exist at the prefecture (civil aviation, post, telecoms).
PREFECTURE_ONLY_SECTORS = frozenset({"postal", "civil_aviation", "telecommunications"})


@dataclass(frozen=True)
class PartySeat:
    """A seat in the Party committee. ``held_with`` names the seat whose holder also sits here (兼任)."""

    slug: str
    role: str
    suffix: str  # title after the committee's short name; {head} and {deputy} are the area's titles
    held_with: str = ""


PARTY_SEATS: tuple[PartySeat, ...] = (
    PartySeat("secretary", "party_principal", "书记"),
    PartySeat("deputy-secretary-head", "party_standing_member", "副书记（{head}）", held_with="gov-head"),
    PartySeat("deputy-secretary", "party_standing_member", "副书记（专职）"),
    PartySeat(
        "standing-executive", "party_standing_member", "常委（常务{deputy}）", held_with="gov-executive"
    ),
    PartySeat(
        "standing-discipline", "party_standing_member", "常委（纪委书记）", held_with="discipline-principal"
    ),
    PartySeat(
        "standing-organisation",
        "party_standing_member",
        "常委（组织部部长）",
        held_with="organisation-principal",
    ),
    PartySeat(
        "standing-propaganda", "party_standing_member", "常委（宣传部部长）", held_with="propaganda-principal"
    ),
    PartySeat(
        "standing-political-legal",
        "party_standing_member",
        "常委（政法委书记）",
        held_with="political-legal-principal",
    ),
    PartySeat(
        "standing-united-front",
        "party_standing_member",
        "常委（统战部部长）",
        held_with="united-front-principal",
    ),
    PartySeat(
        "standing-office", "party_standing_member", "常委（办公室主任）", held_with="party-office-principal"
    ),
)


class Story:
    """The scripted history (everything else is drawn from a seeded random generator)."""

    transfer_from: str = "shule"  # a deputy head of 疏勒县 …
    transfer_to: str = "shache"  # … moves to 莎车县
    transfer_seat: str = "deputy-construction"
    transfer_on: dt.date = D(2022, 7, 1)
    refill_on: dt.date = D(2022, 8, 15)  # 疏勒县 fills the vacancy six weeks later
    # The 莎车县 deputy whose seat the transferee takes: a former bureau head who retires (art. 69).
    retiree_bureau: str = "natural-resources"
    retiree_promoted_on: dt.date = D(2020, 10, 10)
    retire_on: dt.date = D(2022, 6, 30)
    # 伽师县: 安全生产监督管理局 → 应急管理局 (art. 72).
    reorganised_unit: str = "jiashi"
    reorganised_on: dt.date = D(2021, 3, 1)
    # 疏附县: the county head is promoted; the executive deputy is acting head until the new one comes.
    acting_unit: str = "shufu"
    head_leaves_on: dt.date = D(2021, 4, 30)
    acting_from: dt.date = D(2021, 5, 1)
    new_head_on: dt.date = D(2021, 9, 1)
    # 疏勒县: the sports portfolio moves from the social deputy to the commerce deputy.
    portfolio_unit: str = "shule"
    portfolio_moves_on: dt.date = D(2023, 3, 1)
    portfolio_sector: str = "sports"
    portfolio_department: str = "sports"


STORY = Story()

# Other seats held together (兼任): secondary seat -> the seat whose holder also holds it.
# Seat keys: party-<slug>, gov-<slug>, <department slug>-principal|-safety|-deputy-<n>.
EXTRA_CONCURRENT = {
    "public-security-principal": "gov-deputy-transport",  # 副县长兼公安局局长
    "safety-office-principal": "emergency-principal",  # 安委办主任 is the emergency bureau's director
}


def concurrent_seats() -> dict[str, str]:
    """secondary seat key -> primary seat key, for every area."""
    pairs = {f"party-{seat.slug}": seat.held_with for seat in PARTY_SEATS if seat.held_with}
    return {**pairs, **EXTRA_CONCURRENT}


# Townships below the principals: each has a safety deputy and a safety station; the townships named here
# also have a police station (派出所) of the county public security bureau and one village committee.
STATION_KIND = "public_security"
STATION_TOWNSHIPS: dict[str, tuple[str, str]] = {
    "shule-baren": ("巴仁派出所", "巴仁乡阿克其村"),
    "shule-shulezhen": ("疏勒镇派出所", "疏勒镇幸福社区"),
}

# Zones: the deputy director's portfolio (the zone's emergency bureau is added by the builder).
ZONE_SECTORS = (
    "industrial_manufacturing",
    "hazardous_chemicals",
    "building_construction",
    "special_equipment",
)

# History drawn for every other seat: a change in 2019–2021 and/or in 2022–2024.
EARLY_CHANGE = (D(2019, 4, 1), D(2021, 10, 31), 0.35)
LATE_CHANGE = (D(2022, 1, 10), D(2024, 10, 31), 0.35)
VACANCY_CHANCE = 0.1  # a seat stays empty for a few weeks between holders


def codes_used() -> dict[str, set[str]]:
    """The pack ids these tables use, to check against the loaded pack before building."""
    roles = {seat.role for seat in PARTY_SEATS} | {seat.role for seat in GOV_SEATS}
    roles |= {
        "township_safety_leader",
        "village_principal",
        "department_principal",
        "department_safety_leader",
        "department_other_leader",
        "department_section_head",
        "social_organisation_principal",
    }
    sectors = {sector for seat in GOV_SEATS for sector in seat.sectors} | set(ZONE_SECTORS)
    kinds = {dept.kind for dept in DEPARTMENTS} | {"emergency_management"}
    kinds |= {"township_safety_office", "village_committee", STATION_KIND}
    return {"roles": roles, "department_kinds": kinds, "sectors": sectors}
