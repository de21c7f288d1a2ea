"""Every periodic duty the text states is a pack obligation with its clause, cadence, owner and evidence
(issue 14: 5(4), 14(3), 17(4), 20(13), 21(4), 57(1)); a period the text leaves open (定期) is a marked
local choice."""

from __future__ import annotations

import pytest

from zeren.packs import Pack


@pytest.mark.parametrize(
    ("obligation_id", "clause", "owner", "period", "month_days", "evidence", "text_leaves_period_open"),
    [
        pytest.param(
            "standing_member_situation_analysis", "art_5__para_1__point_4", ("role", "party_standing_member"),
            "quarterly", ("03-31", "06-30", "09-30", "12-31"), "meeting", True,
            marks=pytest.mark.clause("art_5__para_1__point_4", pack="kashgar_2021"),
        ),
        pytest.param(
            "government_leaders_annual_list", "art_14__para_1__point_3", ("role", "government_principal"),
            "annual", ("03-31",), "file", False,
            marks=pytest.mark.clause("art_14__para_1__point_3", pack="kashgar_2021"),
        ),
        pytest.param(
            "government_leaders_list_review", "art_14__para_1__point_3", ("role", "government_principal"),
            "half_yearly", ("06-30", "12-31"), "file", True,
            marks=pytest.mark.clause("art_14__para_1__point_3", pack="kashgar_2021"),
        ),
        pytest.param(
            "department_major_matters", "art_17__para_1__point_4", ("role", "department_principal"),
            "half_yearly", ("06-30", "12-31"), "meeting", True,
            marks=pytest.mark.clause("art_17__para_1__point_4", pack="kashgar_2021"),
        ),
        pytest.param(
            "pipeline_supervision_plan", "art_20__para_1__point_13", ("kind", "development_reform"),
            "annual", ("03-31",), "file", False,
            marks=pytest.mark.clause("art_20__para_1__point_13", pack="kashgar_2021"),
        ),
        pytest.param(
            "industrial_park_assessment", "art_21__para_1__point_4", ("kind", "industry_information"),
            "annual", ("11-30",), "file", True,
            marks=pytest.mark.clause("art_21__para_1__point_4", pack="kashgar_2021"),
        ),
        pytest.param(
            "leader_performance_statement", "art_57__para_1", ("role", "department_other_leader"),
            "annual", ("12-31",), "file", False,
            marks=pytest.mark.clause("art_57__para_1", pack="kashgar_2021"),
        ),
    ],
)  # fmt: skip
def test_each_periodic_duty_is_a_dated_obligation(
    kashgar: Pack,
    obligation_id: str,
    clause: str,
    owner: tuple[str, str],
    period: str,
    month_days: tuple[str, ...],
    evidence: str,
    text_leaves_period_open: bool,
) -> None:
    ob = kashgar.obligation(obligation_id)

    assert ob.clause == clause
    assert owner in [(o.type, o.id) for o in ob.owners]
    assert ob.period == period
    assert ob.due is not None
    assert ob.due.month_days == month_days
    assert ob.evidence == evidence
    assert (ob.frequency == "periodic") is text_leaves_period_open
    assert ob.choice.local_choice is text_leaves_period_open or ob.choice.local_choice


@pytest.mark.clause("art_5__para_1__point_4", "art_16__para_1__point_4", pack="kashgar_2021")
def test_every_regular_analysis_the_text_names_is_in_the_calendar(kashgar: Pack) -> None:
    clauses = {o.clause for o in kashgar.obligations}

    assert {
        "art_4__para_1__point_2", "art_5__para_1__point_4", "art_14__para_1__point_2",
        "art_14__para_1__point_3",
        "art_16__para_1__point_4", "art_17__para_1__point_3", "art_17__para_1__point_4",
        "art_20__para_1__point_13", "art_21__para_1__point_4", "art_57__para_1",
    } <= clauses  # fmt: skip
