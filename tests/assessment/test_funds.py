"""The fund ledger on publication, advanced-enterprise awards, distribution plans and their pages.

Small accident world (疏勒县, 莎车县; alice: 疏勒县 operator, charlie: 莎车县 operator, admin: the office).
With a 10-death accident in 疏勒县 (2025) 疏勒县 is vetoed (fine 30,000; principals 4,500 + 4,500) and
莎车县 is first (reward 50,000; no principals in post).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from tests.accidents.world import AccidentWorld
from zeren.accidents import services as accidents
from zeren.assessment import awards, errors, ledger, plans, services
from zeren.assessment.cli import funds as cli_funds
from zeren.assessment.models import AssessmentRun, DistributionPlan, EnterpriseAward, FundMovement
from zeren.audit.models import AuditEvent

ON = dt.date(2026, 2, 1)
FUND = "prefecture_special_fund"


def _major_accident(aworld: AccidentWorld) -> None:
    accidents.record_accident(
        actor=None,
        unit=aworld.org.shule,
        sector_code="road_traffic",
        enterprise="某运输公司",
        occurred_at=dt.datetime(2025, 6, 1, 10, 0, tzinfo=timezone.get_current_timezone()),
        description="测试事故",
        deaths=10,
    )


@pytest.fixture
def published(aworld: AccidentWorld) -> AssessmentRun:
    _major_accident(aworld)
    return services.publish_run(actor=None, run=services.run_assessment(actor=None, year=2025, on=ON))


def _client(aworld: AccidentWorld, name: str | None) -> Client:
    client = Client()
    if name is not None:
        client.force_login(aworld.users[name])
    return client


# --- the ledger -------------------------------------------------------------------------------------
def test_publishing_posts_each_reward_out_and_each_fine_in_with_clause_and_memo(
    published: AssessmentRun,
) -> None:
    lines = list(ledger.ledger_lines(2025))

    assert [(m.unit_code, m.kind, m.direction, m.fund, m.amount_yuan, m.clause) for m in lines] == [
        ("shache", "reward", "out", FUND, 50000, "art_61__para_1__point_1"),
        ("shule", "fine", "in", FUND, 30000, "art_62__para_2"),
    ]
    assert all(m.run_id == published.pk and m.reverses_id is None for m in lines)
    assert lines[0].memo == "莎车县 县（市）第1名：地区安全生产目标管理先进县市"
    assert lines[1].memo.startswith("疏勒县 考核结果：一票否决")
    assert ledger.fund_balances(2025) == {FUND: 30000 - 50000}
    event = AuditEvent.objects.get(action="assessment.ledger")
    assert event.after is not None
    assert (event.after["rewards_yuan"], event.after["fines_yuan"], event.after["lines"]) == (50000, 30000, 2)


def test_a_draft_posts_nothing_and_the_cli_json_is_the_contract(
    aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    services.run_assessment(actor=None, year=2025, on=ON)
    assert FundMovement.objects.count() == 0
    services.publish_run(actor=None, run=AssessmentRun.objects.get())

    code = cli_funds.run_ledger(argparse.Namespace(year=2025, json=True))

    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert payload["year"] == 2025
    assert payload["balance"] == {FUND: -100000}
    assert payload["lines"][0] == {
        "kind": "reward", "direction": "out", "fund": FUND, "unit": "shache", "amount_yuan": 50000,
        "clause": "art_61__para_1__point_1", "reverses": None,
    }  # fmt: skip
    assert len(payload["lines"]) == 2


def test_the_cli_ledger_table(published: AssessmentRun, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_funds.run_ledger(argparse.Namespace(year=2025, json=False))

    out = capsys.readouterr().out
    assert code == 0
    assert "2025年度考核奖罚资金台账：2 笔" in out
    assert "\t奖励\tprefecture_special_fund\tshache\t-50000\tart_61__para_1__point_1" in out
    assert "\t罚款\tprefecture_special_fund\tshule\t+30000\tart_62__para_2" in out
    assert "余额 prefecture_special_fund\t-20000" in out


def test_the_demo_ledger_sums_exactly_to_the_run(demo: dict[str, Any]) -> None:
    run = services.publish_run(actor=None, run=services.run_assessment(actor=None, year=2025, on=ON))
    units = run.result["units"]

    lines = list(ledger.ledger_lines(2025))
    rewards = sum(m.amount_yuan for m in lines if m.kind == "reward")
    fines = sum(m.amount_yuan for m in lines if m.kind == "fine")

    assert rewards == sum(u["reward_yuan"] for u in units)
    assert fines == sum(u["fine_yuan"] for u in units)
    assert fines > 0
    assert len(lines) == sum(bool(u["reward_yuan"]) + bool(u["fine_yuan"]) for u in units)
    assert all(m.direction == ("out" if m.kind == "reward" else "in") for m in lines)
    assert ledger.fund_balances(2025) == {FUND: fines - rewards}
    nets = {n["unit"]: n["net"] for n in ledger.unit_nets(2025)}
    assert nets == {
        u["unit"]: u["fine_yuan"] - u["reward_yuan"] for u in units if u["reward_yuan"] or u["fine_yuan"]
    }


def test_a_second_run_of_a_published_year_cannot_be_published_without_amending(
    published: AssessmentRun, aworld: AccidentWorld
) -> None:
    accidents.record_accident(
        actor=None, unit=aworld.org.shache, sector_code="road_traffic", enterprise="某公司",
        occurred_at=dt.datetime(2025, 7, 1, 10, 0, tzinfo=timezone.get_current_timezone()),
        description="另一起事故", deaths=1,
    )  # fmt: skip
    second = services.run_assessment(actor=None, year=2025, on=ON)
    before = FundMovement.objects.count()

    with pytest.raises(errors.LedgerConflict, match="请以更正运行"):
        services.publish_run(actor=None, run=second)

    assert AssessmentRun.objects.get(pk=second.pk).status == "draft"
    assert FundMovement.objects.count() == before


def test_a_ledger_line_is_never_edited(published: AssessmentRun) -> None:
    line = FundMovement.objects.first()
    assert line is not None
    line.amount_yuan = 1

    with pytest.raises(Exception, match="不得修改"):
        line.save()


# --- unified social credit code (GB 32100-2015) -----------------------------------------------------
@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("91350100M000100Y43", None),  # the standard's example
        ("91440300708461136T", None),
        ("914403001922038216", None),
        ("91110108551385082Q", None),
        ("12100000400000624D", None),  # a public institution (category 1)
        ("91350100M000100Y30", None),  # weighted sum ≡ 0 (mod 31): check character "0"
        ("91350100M000100YDY", None),  # weighted sum ≡ 1 (mod 31): check character "Y" (30)
        ("91350100M000100Y44", "校验码错误（第18位应为“3”）"),
        ("91350100M000100Y31", "校验码错误（第18位应为“0”）"),
        ("91350100M000100Y4", "应为18位，实为17位"),
        ("91350100M000100Y433", "应为18位，实为19位"),
        ("", "应为18位，实为0位"),
        ("91350100M000100I43", "含有不允许的字符“I”（不使用 I、O、S、V、Z）"),
        ("91350100M000100O43", "含有不允许的字符“O”（不使用 I、O、S、V、Z）"),
        ("91350100m000100Y43", "含有不允许的字符“m”（不使用 I、O、S、V、Z）"),
    ],
)
def test_credit_code_check(code: str, problem: str | None) -> None:
    assert awards.credit_code_problem(code) == problem


# --- advanced-enterprise awards ---------------------------------------------------------------------
def _award(actor: Any = None, **overrides: Any) -> EnterpriseAward:
    data: dict[str, Any] = {
        "year": 2025,
        "enterprise_name": "喀什某能源有限公司",
        "credit_code": "91350100M000100Y43",
        "unit_code": "shule",
        "amount_yuan": 100000,
        "approval_document": "喀安委〔2026〕1号",
        "approved_on": dt.date(2026, 1, 20),
        "approved_by": "喀什地区安全生产委员会",
        "note": "",
    }
    return awards.record_enterprise_award(actor=actor, **{**data, **overrides})


@pytest.mark.parametrize(
    ("amount", "accepted"), [(99999, False), (100000, True), (300000, True), (300001, False)]
)
def test_enterprise_award_amount_boundaries(aworld: AccidentWorld, amount: int, accepted: bool) -> None:
    if accepted:
        award = _award(amount_yuan=amount)
        line = FundMovement.objects.get()
        assert (award.amount_yuan, award.clause) == (amount, "art_61__para_1__point_3")
        assert (line.kind, line.direction, line.fund, line.amount_yuan, line.run_id) == (
            "enterprise_award", "out", "self", amount, None,
        )  # fmt: skip
        assert AuditEvent.objects.filter(action="assessment.enterprise_award").count() == 1
        return
    with pytest.raises(errors.InvalidAward) as caught:
        _award(amount_yuan=amount)
    assert caught.value.errors == [
        (
            "amount_yuan",
            "奖励金额：应在 100,000 至 300,000 元之间（《办法》第六十一条第一款第（三）项），"
            f"实为 {amount:,} 元",
        )
    ]
    assert (EnterpriseAward.objects.count(), FundMovement.objects.count()) == (0, 0)


def test_enterprise_award_requires_approval_and_a_valid_code_and_is_once_a_year(
    aworld: AccidentWorld,
) -> None:
    with pytest.raises(errors.InvalidAward) as caught:
        _award(credit_code="91350100M000100Y44", approval_document=" ", approved_by="", approved_on=None)
    assert [field for field, _ in caught.value.errors] == [
        "credit_code", "approval_document", "approved_by", "approved_on",
    ]  # fmt: skip
    _award()

    with pytest.raises(errors.InvalidAward, match="已登记 2025 年度先进企业奖励，不得重复登记"):
        _award(credit_code="91350100m000100y43", enterprise_name="同一企业")

    assert _award(year=2024).year == 2024  # another year is fine
    assert EnterpriseAward.objects.count() == 2
    assert FundMovement.objects.count() == 2


def test_only_the_office_records_enterprise_awards(aworld: AccidentWorld) -> None:
    with pytest.raises(PermissionDenied):
        _award(actor=aworld.users["alice"])
    page = _client(aworld, "alice").post("/assessment/enterprise-awards/", {"year": 2025})

    assert page.status_code == 404
    assert EnterpriseAward.objects.count() == 0


def test_the_office_records_an_award_through_the_page(aworld: AccidentWorld) -> None:
    admin = _client(aworld, "admin")
    form = {
        "year": 2025, "enterprise_name": "喀什某能源有限公司", "credit_code": "91350100M000100Y43",
        "unit_code": "shule", "amount_yuan": 99999, "approval_document": "喀安委〔2026〕1号",
        "approved_on": "2026-01-20", "approved_by": "喀什地区安全生产委员会",
    }  # fmt: skip

    refused = admin.post("/assessment/enterprise-awards/", form)
    accepted = admin.post("/assessment/enterprise-awards/", {**form, "amount_yuan": 300000})
    listing = admin.get("/assessment/enterprise-awards/?year=2025").content.decode()

    assert refused.status_code == 400
    assert "第六十一条第一款第（三）项" in refused.content.decode()
    assert accepted.status_code == 302
    assert EnterpriseAward.objects.get().amount_yuan == 300000
    assert 'data-credit-code="91350100M000100Y43"' in listing


# --- distribution plans -----------------------------------------------------------------------------
def _lines(*amounts: Any) -> list[dict[str, Any]]:
    return [
        {"name": f"人员{i}", "post": "科员", "amount_yuan": a, "reason": "承担"}
        for i, a in enumerate(amounts)
    ]


def test_a_plan_off_by_one_yuan_is_refused_with_the_difference_and_nothing_is_written(
    published: AssessmentRun, aworld: AccidentWorld
) -> None:
    events = AuditEvent.objects.count()

    with pytest.raises(errors.InvalidPlan) as caught:
        plans.submit_plan(
            actor=None, run=published, unit_code="shule", kind="fine", lines=_lines(11000, 9999)
        )

    assert str(caught.value) == "合计 20,999 元，应为 21,000 元，相差 1 元"  # 30,000 − 4,500 − 4,500
    assert DistributionPlan.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_plan_line_errors_name_the_line_and_the_field(published: AssessmentRun) -> None:
    lines = [*_lines(10000, 5000), {"name": "", "post": "", "amount_yuan": "abc", "reason": "x"},
             {"name": "", "post": "", "amount_yuan": "", "reason": ""},
             {"name": "人员4", "amount_yuan": 0}]  # fmt: skip

    with pytest.raises(errors.InvalidPlan) as caught:
        plans.submit_plan(actor=None, run=published, unit_code="shule", kind="fine", lines=lines)

    assert [m for _, m in caught.value.errors] == [
        "第3行 姓名：必填",
        "第3行 金额：应为正整数（元），实为“abc”",
        "第5行 金额：应为正整数（元），实为“0”",
    ]
    assert DistributionPlan.objects.count() == 0


def test_an_exact_plan_is_stored_and_a_resubmission_is_a_new_version(published: AssessmentRun) -> None:
    first = plans.submit_plan(actor=None, run=published, unit_code="shule", kind="fine", lines=_lines(21000))
    second = plans.submit_plan(
        actor=None, run=published, unit_code="shule", kind="fine", lines=_lines("11,000", 10000)
    )
    reward = plans.submit_plan(
        actor=None, run=published, unit_code="shache", kind="reward", lines=_lines(50000)
    )

    assert (first.version, second.version, reward.version) == (1, 2, 1)
    assert (second.amount_yuan, second.principals_yuan, second.remainder_yuan) == (30000, 9000, 21000)
    assert [line["amount_yuan"] for line in second.lines] == [11000, 10000]
    assert (second.clause, reward.clause) == ("art_62__para_2", "art_61__para_1__point_4")
    assert DistributionPlan.objects.filter(unit_code="shule").count() == 2


def test_a_plan_needs_a_published_run_and_the_unit_s_reward_or_fine(aworld: AccidentWorld) -> None:
    _major_accident(aworld)
    draft = services.run_assessment(actor=None, year=2025, on=ON)

    with pytest.raises(errors.InvalidPlan, match="尚未公布"):
        plans.submit_plan(actor=None, run=draft, unit_code="shule", kind="fine", lines=_lines(21000))
    run = services.publish_run(actor=None, run=draft)
    with pytest.raises(errors.InvalidPlan, match="疏勒县 在本次考核中没有奖励"):
        plans.submit_plan(actor=None, run=run, unit_code="shule", kind="reward", lines=_lines(21000))
    assert DistributionPlan.objects.count() == 0


def test_plan_permissions_office_own_county_operator_and_outsiders(
    published: AssessmentRun, aworld: AccidentWorld
) -> None:
    url = f"/assessment/{published.pk}/plans/shule/fine/"
    form = {"name": ["甲", "乙", ""], "post": ["", "", ""], "amount_yuan": ["20000", "1000", ""],
            "reason": ["", "", ""]}  # fmt: skip

    outsider_get = _client(aworld, "charlie").get(url)
    outsider_post = _client(aworld, "charlie").post(url, form)
    anonymous_post = _client(aworld, None).post(url, form)
    with pytest.raises(PermissionDenied):
        plans.submit_plan(actor=aworld.users["charlie"], run=published, unit_code="shule", kind="fine",
                          lines=_lines(21000))  # fmt: skip
    assert (outsider_get.status_code, outsider_post.status_code, anonymous_post.status_code) == (
        404,
        404,
        302,
    )
    assert DistributionPlan.objects.count() == 0

    alice_page = _client(aworld, "alice").get(url)
    alice_post = _client(aworld, "alice").post(url, form)
    office_post = _client(aworld, "admin").post(url, form)
    alice_list = _client(aworld, "alice").get(f"/assessment/{published.pk}/plans/").content.decode()

    assert alice_page.status_code == 200
    assert "21000 元" in alice_page.content.decode()
    assert (alice_post.status_code, office_post.status_code) == (302, 302)
    assert _client(aworld, "alice").get(url.replace("fine", "reward")).status_code == 404  # no reward
    assert list(DistributionPlan.objects.values_list("version", flat=True)) == [2, 1]
    assert 'data-unit="shule"' in alice_list
    assert 'data-unit="shache"' not in alice_list  # another county's reward


def test_the_plan_page_shows_the_difference_and_writes_nothing(
    published: AssessmentRun, aworld: AccidentWorld
) -> None:
    url = f"/assessment/{published.pk}/plans/shule/fine/"
    form = {"name": ["甲", "乙"], "post": ["", ""], "amount_yuan": ["20000", "999"], "reason": ["", ""]}

    page = _client(aworld, "admin").post(url, form)

    assert page.status_code == 400
    assert "合计 20,999 元，应为 21,000 元，相差 1 元" in page.content.decode()
    assert DistributionPlan.objects.count() == 0


# --- the ledger page --------------------------------------------------------------------------------
def test_the_ledger_page_is_the_office_s(published: AssessmentRun, aworld: AccidentWorld) -> None:
    office = _client(aworld, "admin").get("/assessment/ledger/?year=2025")

    body = office.content.decode()
    assert office.status_code == 200
    assert "2025年度考核奖罚资金台账" in body
    assert '<tr data-fund="prefecture_special_fund"><td>地区安全生产专项资金</td><td>-20000</td></tr>' in body
    assert '<tr data-unit="shule"><td>疏勒县</td><td>30000</td><td>0</td><td>30000</td></tr>' in body
    assert _client(aworld, "alice").get("/assessment/ledger/?year=2025").status_code == 404
    assert _client(aworld, None).get("/assessment/ledger/?year=2025").status_code == 404
