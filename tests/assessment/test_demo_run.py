"""The 2025 assessment on the demo: every county and department placed, vetoes, exact money, one run."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from zeren.assessment import selectors, services
from zeren.assessment.models import AssessmentRun
from zeren.audit.models import AuditEvent
from zeren.org.models import Organisation, Unit

ON = dt.date(2026, 2, 1)


@pytest.mark.clause("art_61__para_1__point_1", "art_61__para_1__point_2", pack="kashgar_2021")
def test_demo_run_places_every_unit_and_is_reused(
    demo: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    # a fixed number of aggregate queries (15 to compute, plus the writes), whatever the number of units,
    # occurrences or principals (art. 65 decisions are read for all principals in one query)
    with django_assert_max_num_queries(30):
        run = services.run_assessment(actor=None, year=2025, on=ON)
    events = AuditEvent.objects.count()
    again = services.run_assessment(actor=None, year=2025, on=ON)

    units = selectors.contract(run)["units"]
    counties = set(Unit.objects.filter(level="county").values_list("code", flat=True))
    zones = Unit.objects.filter(level="zone", parent__level="prefecture")
    counties |= set(zones.values_list("code", flat=True))
    assert "kashgar-kedz" in counties  # the pack ranks the zones under the prefecture with the counties
    assert {u["unit"] for u in units if u["group"] == "counties"} == counties
    assert {u["unit"] for u in units if u["group"] == "departments"} <= set(
        Organisation.objects.values_list("code", flat=True)
    )
    assert len([u for u in units if u["group"] == "departments"]) > 10
    assert all(
        u["rank"] >= 1 and u["result"] in {"passed", "failed", "vetoed", "undetermined"} for u in units
    )
    for group in ("counties", "departments"):
        placed = [u for u in units if u["group"] == group]
        for u in placed:  # competition ranking (1, 2, 2, 4): a place is 1 + the units strictly ahead, and
            # units tied on every criterion of the pack share it, whatever their identifiers (art. 61)
            key = (u["veto"] == "vetoed", -Decimal(str(u["score"])))
            ahead = [v for v in placed if (v["veto"] == "vetoed", -Decimal(str(v["score"]))) < key]
            assert u["rank"] >= 1 + len(ahead)
            assert u["rank"] <= len(
                [v for v in placed if (v["veto"] == "vetoed", -Decimal(str(v["score"]))) <= key]
            )
    assert again.pk == run.pk
    assert AssessmentRun.objects.count() == 1
    assert AuditEvent.objects.count() == events
    assert all(u["veto"] == "clear" for u in units if u["group"] == "counties")  # 2025: no 重大 accident
    for u in units:
        money = u["reward_yuan"] or u["fine_yuan"]
        if money and u["principals"]:
            assert sum(p["share_yuan"] for p in u["principals"]) == money * 30 // 100
        assert "art_56__para_1" in u["citations"]
    rewarded = [u for u in units if u["group"] == "counties" and u["reward_yuan"]]
    assert len(rewarded) <= 5
    assert all(u["reward_yuan"] == 50000 for u in rewarded)


def test_demo_2024_major_accident_vetoes_shache(demo: dict[str, Any]) -> None:
    units = {
        u["unit"]: u
        for u in selectors.contract(services.run_assessment(actor=None, year=2024, on=ON))["units"]
    }

    shache = units["shache"]
    assert (shache["veto"], shache["result"], shache["reward_yuan"], shache["fine_yuan"]) == (
        "vetoed",
        "vetoed",
        0,
        30000,
    )
    assert shache["rank"] == 13  # last of 12 counties and 喀什经济开发区
    assert sum(p["share_yuan"] for p in shache["principals"]) == 9000
