"""The demo year as `make demo` builds it: every demo step, then last year's assessment as published.

Built once for the module (inside a transaction rolled back at the end; the demo's files go to a temporary
VAR_DIR). Checks the acceptance of the annual assessment on the demo year: 12 county-level units and the
prefecture departments ranked, the pack's reward places and fines, every number with its clauses, the
letters' ceilings used, the ledger, the ratings, and that running the demo again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from zeren.assessment import ledger
from zeren.assessment.models import (
    AssessmentRun,
    DistributionPlan,
    EnterpriseAward,
    FundMovement,
    ResponsibilityLetter,
)
from zeren.catalog.packs import pure_pack
from zeren.org.models import Organisation, Unit

YEAR = timezone.localdate().year - 1


def _build(say: Any) -> None:
    from zeren.demo import prepare as demo

    demo.load_kashgar_regulation(say)
    for step in demo.EXTRA_STEPS:
        step(say)


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    var = Path(tmp_path_factory.mktemp("demo-var"))
    lines: list[str] = []
    with (
        override_settings(VAR_DIR=var, MEDIA_ROOT=var / "media"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        _build(lines.append)
        run = AssessmentRun.objects.get(year=YEAR)
        counts = _counts()
        again: list[str] = []
        _build(again.append)
        yield {"run": run, "lines": lines, "again": again, "counts": counts, "counts_again": _counts()}
        transaction.set_rollback(True)


def _counts() -> dict[str, int]:
    return {
        "runs": AssessmentRun.objects.count(),
        "letters": ResponsibilityLetter.objects.count(),
        "signed": ResponsibilityLetter.objects.filter(status="signed").count(),
        "movements": FundMovement.objects.count(),
        "plans": DistributionPlan.objects.count(),
        "awards": EnterpriseAward.objects.count(),
    }


@pytest.fixture(autouse=True)
def _in_demo(built: dict[str, Any], db: None) -> None:
    """Every test runs in a savepoint inside the module's transaction."""


def _units(run: AssessmentRun, group: str) -> list[dict[str, Any]]:
    return [u for u in run.result["units"] if u["group"] == group]


def test_the_demo_year_is_published_with_12_counties_and_every_prefecture_department(
    built: dict[str, Any],
) -> None:
    run = built["run"]
    counties = _units(run, "counties")
    departments = _units(run, "departments")

    assert run.status == "published"
    assert {u["unit"] for u in counties} == set(
        Unit.objects.filter(level="county").values_list("code", flat=True)
    ) | {"kashgar-kedz"}  # 喀什经济开发区, under the prefecture, ranks with the counties (the pack's choice)
    assert len(counties) == 13
    prefecture_departments = Organisation.objects.filter(
        unit__level="prefecture", type__in=["party_organ", "government_department", "vertical_agency"]
    )
    assert {u["unit"] for u in departments} == set(prefecture_departments.values_list("code", flat=True))
    assert [u["rank"] for u in counties] == list(range(1, 14))  # the tie rule makes ranks unique
    assert any(u["result"] == "failed" for u in counties)
    assert any(u["result"] == "passed" for u in counties)


def test_rewards_go_exactly_to_the_packs_places_and_failing_units_are_fined(built: dict[str, Any]) -> None:
    run = built["run"]
    pack = pure_pack(run.pack.pack_id)
    rewards = {r.id: r for r in pack.money.rewards}
    fines = {f.id: f for f in pack.money.fines}

    for group in pack.assessment.groups if pack.assessment else ():
        reward, fine = rewards[group.reward], fines[group.fine]
        units = _units(run, group.id)
        eligible = [u for u in units if u["result"] == "passed"]
        # ranking.ties is "share": units tied with the last rewarded place share it and its reward (art. 61)
        last = eligible[: reward.top][-1]["rank"] if eligible else 0
        top = {u["unit"] for u in eligible if u["rank"] <= last}
        assert {u["unit"] for u in units if u["reward_yuan"]} == top, group.id
        assert all(u["reward_yuan"] == reward.amount for u in units if u["unit"] in top)
        for u in units:
            assert u["fine_yuan"] == (fine.amount if u["result"] in {"failed", "vetoed"} else 0)
            money = u["reward_yuan"] or u["fine_yuan"]
            assert sum(p["share_yuan"] for p in u["principals"]) == money * 30 // 100
    assert len([u for u in _units(run, "counties") if u["reward_yuan"]]) == 5
    rewarded = [u for u in _units(run, "departments") if u["reward_yuan"]]
    assert len(rewarded) >= 10
    assert len({u["rank"] for u in rewarded}) <= 10  # ten places, some shared


def test_the_demo_history_is_varied_enough_that_few_units_share_a_place(built: dict[str, Any]) -> None:
    """Completion, tours and accidents differ from unit to unit, so the pack's tie rule (equal on every
    criterion: share the place) applies rarely: no place is shared by more than two units, at most two places
    per group are shared, and the ten reward places of the departments go to about ten departments."""
    from collections import Counter

    for group in ("counties", "departments"):
        sharing = Counter(u["rank"] for u in _units(built["run"], group))
        assert max(sharing.values()) <= 2, group
        assert sum(1 for n in sharing.values() if n > 1) <= 2, group
    rewarded = [u for u in _units(built["run"], "departments") if u["reward_yuan"]]
    assert 10 <= len(rewarded) <= 11


def test_every_number_carries_its_clauses(built: dict[str, Any]) -> None:
    for u in built["run"].result["units"]:
        assert {"art_55__para_1", "art_55__para_2", "art_56__para_1", "art_62__para_2"} <= set(u["citations"])
        if u["reward_yuan"]:
            assert {"art_61__para_1__point_1", "art_61__para_1__point_2"} & set(u["citations"])
            assert "art_61__para_1__point_4" in u["citations"]
        assert all(i["clauses"] for i in u["indicators"])
        assert all(d["clause"] for d in u["deductions"])


def test_signed_letters_set_the_ceilings_and_the_unsigned_one_falls_back(built: dict[str, Any]) -> None:
    units = {u["unit"]: u for u in built["run"].result["units"]}
    accidents = {
        code: next(i for i in u["indicators"] if i["id"] == "accidents") for code, u in units.items()
    }

    assert (accidents["kashi"]["facts"]["accidents_max"], accidents["kashi"]["facts"]["deaths_max"]) == (5, 3)
    assert "目标管理责任书" in accidents["kashi"]["facts"]["letter"]
    assert (accidents["shache"]["facts"]["accidents_max"], accidents["shache"]["facts"]["deaths_max"]) == (
        8,
        5,
    )
    assert "letter" not in accidents["tashikuergan"]["facts"]
    assert any("未登记已签订的目标管理责任书" in n for n in units["tashikuergan"]["notes"])
    assert ResponsibilityLetter.objects.filter(year=YEAR, status="draft").count() == 1


def test_the_ledger_and_the_plan_follow_the_published_result(built: dict[str, Any]) -> None:
    run = built["run"]
    units = run.result["units"]
    rewards = sum(u["reward_yuan"] for u in units)
    fines = sum(u["fine_yuan"] for u in units)

    balances = ledger.fund_balances(YEAR)
    assert balances["prefecture_special_fund"] == fines - rewards
    assert balances["self"] == -150000  # the demo's advanced-enterprise award, self-funded
    plan = DistributionPlan.objects.get(run=run)
    row = next(u for u in units if u["unit"] == plan.unit_code)
    assert sum(line["amount_yuan"] for line in plan.lines) == plan.remainder_yuan
    assert plan.remainder_yuan == row["reward_yuan"] - sum(p["share_yuan"] for p in row["principals"])


def test_every_principal_is_rated_and_nobody_barred_is_excellent(built: dict[str, Any]) -> None:
    run = built["run"]
    ratings = run.result["ratings"]
    principals = {(p["person"], f["unit"]) for f in run.facts for p in f["principals"]}
    barred = {(p["person"], f["unit"]) for f in run.facts for p in f["principals"] if not p["eligible"]}

    assert {(r["person"], r["unit"]) for r in ratings} == principals
    assert all(r["level"] != "excellent" for r in ratings if (r["person"], r["unit"]) in barred)
    assert {r["level"] for r in ratings} >= {"competent", "basic"}


def test_running_the_demo_again_changes_nothing(built: dict[str, Any]) -> None:
    assert built["counts"] == built["counts_again"]
    assert built["counts"]["runs"] == 1
    assert any(f"{YEAR}年度考核演示" in line for line in built["lines"])
    assert any("已有公布的考核结果" in line for line in built["again"])


def test_the_public_results_page_shows_the_published_demo_year(built: dict[str, Any], client: Any) -> None:
    run = built["run"]
    body = client.get(f"/assessment/{run.pk}/public/").content.decode()

    assert f"{YEAR}年度安全生产目标考核结果" in body
    assert "莎车县" in body
    assert "疏勒县" in body
    principal = run.result["units"][0]["principals"][0]
    assert principal["name"] not in body  # no personal data on the public page


# -- one story: the calendar, the lists, the accidents and the cases agree (issue 13 item 8) ---------------


def test_the_lists_were_published_in_march_of_the_demo_year_and_score(built: dict[str, Any]) -> None:
    from zeren.demo.history import list_publication_day
    from zeren.duties.models import ResponsibilityList

    day = list_publication_day()
    published = ResponsibilityList.objects.filter(published_at__isnull=False)

    assert day == dt.date(YEAR, 3, 15)
    assert published.exists()
    assert {timezone.localtime(at).date() for at in published.values_list("published_at", flat=True)} == {day}
    for unit in built["run"].result["units"]:
        lists = next(i for i in unit["indicators"] if i["id"] == "lists")
        assert lists["facts"]["published"] > 0, unit["unit"]  # art. 74: counted for the assessment year


def test_the_larger_road_accident_with_three_deaths_costs_points_as_the_scheme_says(
    built: dict[str, Any],
) -> None:
    units = {u["unit"]: u for u in built["run"].result["units"]}
    accidents = next(i for i in units["shule"]["indicators"] if i["id"] == "accidents")
    pack = pure_pack(built["run"].pack.pack_id)
    scheme = next(i for i in pack.assessment.indicators if i.id == "accidents") if pack.assessment else None

    assert accidents["facts"]["accidents"] == 2  # the 一般 township accident and the 较大 road accident
    assert accidents["facts"]["deaths"] == 4
    assert (accidents["facts"]["accidents_max"], accidents["facts"]["deaths_max"]) == (4, 2)  # the letter
    assert scheme is not None
    lost = scheme.weight * scheme.per_excess_percent * 2 / 100  # 2 deaths over the ceiling
    assert float(accidents["points"]) == scheme.weight - lost


def test_the_accident_cases_find_the_list_in_force_on_their_date(built: dict[str, Any]) -> None:
    from zeren.accountability.models import Case
    from zeren.accountability.selectors import evidence_for

    case = Case.objects.get(trigger="accident")
    texts = [e.text for s in case.subjects.select_related("case", "post", "person") for e in evidence_for(s)]

    assert case.on.year == YEAR
    assert not any("无已发布的责任清单" in t for t in texts)
    assert any("责任清单《" in t for t in texts)
