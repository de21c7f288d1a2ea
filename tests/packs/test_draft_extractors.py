"""Table tests for the pack drafter's extractors: one case on each side of every boundary."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zeren.packs.draft.evaluate import MATCHERS, Score, score
from zeren.packs.draft.extractors import (
    Amount,
    accountability_forms,
    canon,
    catch_all_heading,
    clean_sector_name,
    department_heading,
    enumeration,
    find_amounts,
    find_frequency,
    find_min_count,
    find_percents,
    find_rank,
    find_recurrences,
    percent_value,
    split_scope,
    summarise,
    trait_phrases,
    yuan,
)
from zeren.packs.draft.organisation import department_type, kind_id, match_role, trait_defined
from zeren.packs.draft.sections import classify_article
from zeren.packs.draft.tree import Article, Paragraph


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("奖励人民币5万元", [Amount(50_000, 50_000)]),
        ("奖励人民币10万-30万元，奖金由企业自筹", [Amount(100_000, 300_000)]),
        ("奖励10-30万元", [Amount(100_000, 300_000)]),
        ("罚款人民币3万元、1万元", [Amount(30_000, 30_000), Amount(10_000, 10_000)]),
        ("奖励人民币0.5万元", [Amount(5_000, 5_000)]),
        ("奖励人民币五万元", [Amount(50_000, 50_000)]),
        ("奖励人民币800元", [Amount(800, 800)]),
        ("奖励人民币5万", []),  # no 元: not read as money
        ("前五位的县市", []),
    ],
)
def test_find_amounts(text: str, expected: list[Amount]) -> None:
    assert find_amounts(text) == expected


@pytest.mark.parametrize(
    ("numeral", "unit", "expected"),
    [("5", "万", 50_000), ("1.5", "万", 15_000), ("0.00005", "万", None), ("十", "", 10), ("x", "", None)],
)
def test_yuan(numeral: str, unit: str, expected: int | None) -> None:
    assert yuan(numeral, unit) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("成绩排在前五位的县、市", 5), ("前十位的地直部门", 10), ("前3名", 3), ("排名靠前的单位", None)],
)
def test_find_rank(text: str, expected: int | None) -> None:
    assert find_rank(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("奖金的30%用于奖励", [Decimal(30)]),
        ("罚款的30％由单位承担", [Decimal(30)]),
        ("12.5%", [Decimal("12.5")]),
        ("百分之十五", [Decimal(15)]),
        ("其余部分", []),
    ],
)
def test_find_percents(text: str, expected: list[Decimal]) -> None:
    assert find_percents(text) == expected


@pytest.mark.parametrize(("value", "expected"), [(Decimal(30), 30), (Decimal("12.50"), "12.5")])
def test_percent_value_is_int_or_exact_string(value: Decimal, expected: int | str) -> None:
    assert percent_value(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每年至少主持召开1次党委常委会", "annual"),
        ("每半年至少主持召开1次政府常务会议", "half_yearly"),
        ("每季度定期组织分析安全生产形势", "quarterly"),
        ("每月报送", "monthly"),
        ("定期发布安全生产信息", "periodic"),
        ("年度安全生产目标考核", None),
    ],
)
def test_find_frequency(text: str, expected: str | None) -> None:
    assert find_frequency(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每半年至少主持召开1次", 1),
        ("至少两次", 2),
        ("至少召开十二次", 12),
        ("不少于3次", 3),
        ("每季度定期", None),
        ("至少1名班子成员", None),
    ],
)
def test_find_min_count(text: str, expected: int | None) -> None:
    assert find_min_count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每半年至少主持召开1次政府常务会议或者专题会议", [("half_yearly", 1)]),
        ("指导分管行业统筹推进安全生产工作，每季度定期组织分析安全生产形势", [("quarterly", None)]),
        ("党委应当每年提交报告。部门应当每年向本级政府提交报告", [("annual", None), ("annual", None)]),
        ("建立并实施重大隐患治理督办制度", []),
    ],
)
def test_find_recurrences_one_per_clause_chunk(text: str, expected: list[tuple[str, int | None]]) -> None:
    assert [(r.frequency, r.min_count) for r in find_recurrences(text)] == expected


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("党委组织部门主要负责人的安全生产职责主要包括:", "党委组织部门"),
        ("工会主要负责人的安全生产职责主要包括：", "工会"),
        (
            "公安部门是道路交通和危险物品公共安全领域的负有安全监管职责的部门,其主要负责人的安全生产职责主要包括:",
            "公安部门",
        ),
        (
            "教育部门是教育行业主管部门,负责教育系统的安全监督管理,其主要负责人的安全生产职责主要包括:",
            "教育部门",
        ),
        ("各级党委、政府应将落实安全生产责任制情况纳入督查督办重要内容。", None),
    ],
)
def test_department_heading(lead: str, expected: str | None) -> None:
    assert department_heading(lead) == expected


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("党委其他工作机构,按照党委批准的“三定”方案", "党委其他工作机构"),
        ("政府其他工作部门以及部门管理的二级单位,按照党委批准的", "政府其他工作部门以及部门管理的二级单位"),
        ("财政部门主要负责人的安全生产职责主要包括:", None),
    ],
)
def test_catch_all_heading(lead: str, expected: str | None) -> None:
    assert catch_all_heading(lead) == expected


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        (
            "发展改革部门是对煤炭领域、电力建设项目、石油天然气长输管道负有安全监管职责的部门,是煤炭行业主管部门,"
            "其主要负责人的安全生产职责主要包括:",
            [
                ("supervisory_department", "煤炭领域、电力建设项目、石油天然气长输管道"),
                ("industry_authority", "煤炭行业"),
            ],
        ),
        (
            "工业和信息化部门是民爆物品生产销售领域的负有安全监管职责的部门,是机电、化工领域的行业主管部门,其主要负责人",
            [("supervisory_department", "民爆物品生产销售领域"), ("industry_authority", "机电、化工领域")],
        ),
        (
            "应急管理部门是安全生产的综合监管部门,是危险化学品、烟花爆竹行业管理部门并负责安全生产监管工作,其主要负责人",
            [
                ("industry_authority", "危险化学品、烟花爆竹"),
                ("supervisory_department", "危险化学品、烟花爆竹"),
            ],
        ),
        (
            "畜牧兽医部门是是畜牧、畜禽屠宰行业主管部门,其主要负责人",
            [("industry_authority", "畜牧、畜禽屠宰行业")],
        ),
        ("通信管理部门是通信行业的主管部门,其主要负责人", [("industry_authority", "通信行业")]),
        ("某部门是安全生产的综合监管部门,其主要负责人", [("supervisory_department", "安全生产综合监管")]),
        ("财政部门主要负责人的安全生产职责主要包括:", []),
    ],
)
def test_trait_phrases(lead: str, expected: list[tuple[str, str]]) -> None:
    assert trait_phrases(lead) == expected


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ("煤炭领域、电力建设项目、石油天然气长输管道", ["煤炭", "电力建设项目", "石油天然气长输管道"]),
        ("道路交通和危险物品公共安全领域", ["道路交通", "危险物品公共安全"]),
        ("林业和草原行业", ["林业和草原"]),
        ("森林和草原防火领域", ["森林草原防火"]),
        ("畜牧、兽药和兽医器械、饲料饲草加工行业", ["畜牧", "兽药和兽医器械", "饲料饲草加工"]),
        ("住房城乡建设和人防行业", ["住房城乡建设", "人防"]),
        ("城市公用企业事业(供水、排水、热力等)", ["城市公用企业事业"]),
        ("交通建设项目施工、危险货物运输企业等领域", ["交通建设项目施工", "危险货物运输企业"]),
        ("民爆物品生产销售领域", ["民用爆炸物品生产销售"]),
    ],
)
def test_split_scope(scope: str, expected: list[str]) -> None:
    assert split_scope(scope) == expected


def test_clean_sector_name_drops_suffixes_and_brackets() -> None:
    assert clean_sector_name("危险货物运输企业等领域") == "危险货物运输企业"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("通报、诫勉或者处分", ["通报", "诫勉", "处分"]),
        ("纪检监察机关、组织人事部门和应急管理部门", ["纪检监察机关", "组织人事部门", "应急管理部门"]),
        ("城市公用企业事业（供水、排水）、人防", ["城市公用企业事业（供水、排水）", "人防"]),
    ],
)
def test_enumeration_respects_brackets(text: str, expected: list[str]) -> None:
    assert enumeration(text) == expected


def test_accountability_forms_reads_the_ladder_in_order() -> None:
    text = "应当根据情况采取通报、诫勉、停职检査、调整职务、责令辞职、降职、免职或者处分等方式问责;问责对象"
    assert accountability_forms(text) == [
        "通报",
        "诫勉",
        "停职检査",
        "调整职务",
        "责令辞职",
        "降职",
        "免职",
        "处分",
    ]
    assert accountability_forms("依法追究责任") == []


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("建立并实施重大隐患治理督办制度;", 40, "建立并实施重大隐患治理督办制度"),
        (
            "组织起草、实施本级安全生产专项规划；指导协调、监督检查本级各部门和下级政府安全生产工作",
            40,
            "组织起草、实施本级安全生产专项规划",
        ),
        ("一二三四五六七八九十一二三四五六七八九十一二", 20, "一二三四五六七八九十一二三四五六七八九十"),
    ],
)
def test_summarise_cuts_at_a_boundary_within_the_limit(text: str, limit: int, expected: str) -> None:
    assert summarise(text, limit) == expected
    assert len(summarise(text, limit)) <= limit


def test_canon_uses_chinese_punctuation() -> None:
    assert canon("部门(单位), 其;") == "部门（单位），其；"


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("各级党委主要负责人安全生产职责主要包括:", "party_principal"),
        ("各级党委常委会其他成员按照职责分工负责", "party_standing_member"),
        ("县级以上各级政府应当由担任本级党委常委的政府领导分管安全生产工作,对", "government_safety_leader"),
        ("各部门(单位)党政主要负责人同为本部门(单位)安全生产第一责任人", "department_principal"),
        ("党委组织部门主要负责人的安全生产职责主要包括:", None),
    ],
)
def test_match_role(lead: str, expected: str | None) -> None:
    cue = match_role(lead)
    assert (cue.id if cue else None) == expected


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        (
            "依法…的部门属于负有安全监管职责的部门。其主要负责人的安全生产职责除…外,还应包括:",
            "supervisory_department",
        ),
        ("行业(领域)主管部门主要负责人的安全生产职责除…外,还应包括:", "industry_authority"),
        ("财政部门主要负责人的安全生产职责主要包括:", None),
    ],
)
def test_trait_defined(lead: str, expected: str | None) -> None:
    assert trait_defined(lead) == expected


@pytest.mark.parametrize(
    ("name", "chapter", "expected"),
    [
        ("党委宣传部门", "党委及其工作机关领导干部的安全生产职责", "party_organ"),
        ("网信部门", "党委及其工作机关领导干部的安全生产职责", "party_organ"),
        ("民航新疆管理局喀什分局", "政府及其工作部门领导干部的安全生产职责", "vertical_agency"),
        ("气象部门", "政府及其工作部门领导干部的安全生产职责", "vertical_agency"),
        ("妇联", "社会团体领导干部的安全生产职责", "social_organisation"),
        ("财政部门", "政府及其工作部门领导干部的安全生产职责", "government_department"),
    ],
)
def test_department_type(name: str, chapter: str, expected: str) -> None:
    assert department_type(name, chapter) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("应急管理部门", "emergency_management"),
        ("住房和城乡建设部门", "housing_construction"),
        ("市场监督管理部门", "market_regulation"),
        ("某某新设部门", "kind_art_99"),
    ],
)
def test_kind_id_from_table_or_positional_fallback(name: str, expected: str) -> None:
    assert kind_id(name, 99) == expected


@pytest.mark.parametrize(
    ("chapter", "lead", "expected"),
    [
        (
            "政府及其工作部门领导干部的安全生产职责",
            "财政部门主要负责人的安全生产职责主要包括:",
            ("implemented", "responsibility_lists"),
        ),
        (
            "表彰奖惩",
            "对年度安全生产目标考核不合格的县市分别罚款人民币3万元",
            ("implemented", "rewards_fines"),
        ),
        ("考核考察", "实行安全生产责任考核情况公开制度。", ("implemented", "disclosure")),
        (
            "责任追究",
            "严格落实安全生产“一票否决”制度,对因发生生产安全事故被追究领导责任的",
            ("implemented", "accountability"),
        ),
        ("总则", "实行党政领导干部安全生产责任制,应当坚持党政同责、考核", ("declarative", "regulation_text")),
        ("附则", "部门(单位)因机构改革职能调整的,由职能接续的部门承担", ("implemented", "reorganisation")),
        ("附则", "本实施办法自印发之日起实施。", ("implemented", "pack_catalog")),
        ("附则", "本实施办法由喀什地区安全生产委员会办公室负责解释。", ("declarative", "regulation_text")),
    ],
)
def test_classify_article(chapter: str, lead: str, expected: tuple[str, str]) -> None:
    article = Article("art_1", 1, chapter, (Paragraph("art_1__para_1", canon(lead)),))
    assert classify_article(article) == expected


def test_score_is_a_multiset_match_with_an_optional_fuzzy_pairing() -> None:
    assert score(["a", "a", "b"], ["a", "c"]) == Score(1, 2, 1)
    same_sector = MATCHERS["sector_supervisions"]
    assert score([("燃气", "art_24")], [("城镇燃气", "art_24")], same_sector) == Score(1, 0, 0)
    assert score([("燃气", "art_24")], [("城镇燃气", "art_31")], same_sector) == Score(0, 1, 1)
    assert Score(0, 0, 0).precision == 1.0
    assert Score(0, 0, 0).recall == 1.0
