"""What-if changes over plain facts: each change as a table, both sides of the pass mark, clear errors."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from zeren.policy.assessment import (
    AccidentFact,
    Deduction,
    Indicator,
    Scheme,
    UnitFacts,
    VetoTrigger,
    score_unit,
)
from zeren.policy.whatif import (
    ChangeError,
    ChangeWeight,
    MarkObligationsDone,
    RemoveAccident,
    apply,
    fact_changes,
    open_obligations,
)

SCHEME = Scheme(
    scale=100,
    indicators=(
        Indicator("obligations", "履职事项", "completion_rate", 40, "art_55__para_2", late_credit_percent=50),
        Indicator("inspections", "巡查整改", "rectification_rate", 20, "art_54__para_1"),
        Indicator(
            "accidents",
            "事故控制",
            "ceilings",
            30,
            "art_55__para_1",
            ceilings={"counties": (6, 4)},
            per_excess_percent=25,
        ),
        Indicator("lists", "责任清单", "published_share", 10, "art_74__para_1"),
    ),
    deductions=(
        Deduction("late_reports", "事故迟报", "report_failures.late", 5, 20, "art_63__para_1__point_3"),
    ),
    veto_triggers=(
        VetoTrigger("accident_grade_at_least", "发生重大及以上事故", grade="重大"),
        VetoTrigger("report_failure", "谎报瞒报", kinds=("false", "concealed")),
    ),
    veto_clause="art_56__para_1",
    pass_mark=60,
    pass_mark_clause="art_62__para_2",
)
GENERAL = AccidentFact(1, "一般", 1)
LARGER = AccidentFact(2, "较大", 3, ("late",))
MAJOR = AccidentFact(3, "重大", 11)


def county(code: str = "shule", events: tuple[AccidentFact, ...] = (), **changes: object) -> UnitFacts:
    """Like 疏勒县 in the 2025 demo: 313 due, none done, 224 overdue; no findings; 156 lists owed."""
    base = UnitFacts(
        unit=code,
        name=code,
        group="counties",
        obligations_due=313,
        obligations_overdue=224,
        findings=0,
        accidents={},
        deaths=0,
        report_failures={},
        lists_due=156,
    )
    if events:
        grades: dict[str, int] = {}
        failures: dict[str, int] = {}
        for e in events:
            grades[e.grade] = grades.get(e.grade, 0) + 1
            for kind in e.report_failures:
                failures[kind] = failures.get(kind, 0) + 1
        base = dataclasses.replace(
            base,
            accident_events=events,
            accidents=grades,
            deaths=sum(e.deaths for e in events),
            report_failures=failures,
        )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


# --- RemoveAccident ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("events", "removed", "accidents", "deaths", "failures"),
    [
        ((GENERAL, LARGER), 2, {"一般": 1}, 1, {}),
        ((GENERAL, LARGER), 1, {"较大": 1}, 3, {"late": 1}),
        ((LARGER,), 2, {}, 0, {}),
        ((GENERAL, LARGER, MAJOR), 3, {"一般": 1, "较大": 1}, 4, {"late": 1}),
    ],
)
def test_removing_an_accident_recounts_grades_deaths_and_failures(
    events: tuple[AccidentFact, ...],
    removed: int,
    accidents: dict[str, int],
    deaths: int,
    failures: dict[str, int],
) -> None:
    facts = [county(events=events)]

    (after,), _ = apply(facts, SCHEME, [RemoveAccident(removed)])

    assert (dict(after.accidents or {}), after.deaths, dict(after.report_failures or {})) == (
        accidents,
        deaths,
        failures,
    )
    assert removed not in {e.id for e in after.accident_events}
    assert facts[0].accident_events == events  # the input is left as it was


def test_removing_the_major_accident_lifts_the_veto_of_every_unit_counting_it() -> None:
    department = dataclasses.replace(county("kashgar-emergency", events=(MAJOR,)), group="counties")
    others = county("bachu")
    facts = [county(events=(MAJOR,)), department, others]
    assert [score_unit(f, SCHEME).result for f in facts] == ["vetoed", "vetoed", "failed"]

    after, _ = apply(facts, SCHEME, [RemoveAccident(3)])

    assert [score_unit(f, SCHEME).veto for f in after] == ["clear", "clear", "clear"]
    assert after[2] is others  # a unit without the accident is not touched


def test_the_late_report_deduction_goes_with_its_accident() -> None:
    facts = [county(events=(GENERAL, LARGER))]
    before = score_unit(facts[0], SCHEME)

    (after,), _ = apply(facts, SCHEME, [RemoveAccident(2)])

    assert (before.total, score_unit(after, SCHEME).total) == (Decimal("45.00"), Decimal("50.00"))


def test_an_unknown_or_already_removed_accident_is_an_error() -> None:
    facts = [county(events=(GENERAL,))]

    with pytest.raises(ChangeError, match="#99") as unknown:
        apply(facts, SCHEME, [RemoveAccident(99)])
    with pytest.raises(ChangeError, match="#1"):
        apply(facts, SCHEME, [RemoveAccident(1), RemoveAccident(1)])

    assert unknown.value.change == RemoveAccident(99)
    assert isinstance(unknown.value, ValueError)


# --- MarkObligationsDone ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("due", "done", "late", "waived", "overdue", "count", "expected_done", "expected_overdue"),
    [
        (10, 2, 0, 0, 5, 3, 5, 2),  # from the overdue ones only
        (10, 2, 0, 0, 5, 5, 7, 0),  # exactly the overdue ones
        (10, 2, 0, 0, 5, 6, 8, 0),  # overdue first, then the remainder (10 - 2 - 5 = 3)
        (10, 2, 0, 0, 5, 99, 10, 0),  # at most what is open
        (10, 2, 1, 1, 3, 99, 8, 0),  # remainder 10 - 1 - 2 - 1 - 3 = 3: 2 + 3 + 3
        (10, 2, 0, 0, 0, 4, 6, 0),  # nothing overdue: from the remainder
    ],
)
def test_marking_obligations_done_moves_overdue_first_then_the_remainder(
    due: int,
    done: int,
    late: int,
    waived: int,
    overdue: int,
    count: int,
    expected_done: int,
    expected_overdue: int,
) -> None:
    unit = county(
        obligations_due=due,
        obligations_done=done,
        obligations_done_late=late,
        obligations_waived=waived,
        obligations_overdue=overdue,
    )

    (after,), scheme = apply([unit], SCHEME, [MarkObligationsDone("shule", count)])

    assert (after.obligations_done, after.obligations_overdue) == (expected_done, expected_overdue)
    assert (after.obligations_done_late, after.obligations_waived) == (late, waived)
    assert scheme is SCHEME


@pytest.mark.parametrize(
    ("count", "score", "result"),
    [
        (117, Decimal("59.95"), "failed"),  # 40 × 117/313 = 14.95 + 20 + 30 − 5
        (118, Decimal("60.08"), "passed"),  # 40 × 118/313 = 15.08: over the pass mark
    ],
)
def test_marking_obligations_done_lifts_a_failing_unit_over_the_pass_mark(
    count: int, score: Decimal, result: str
) -> None:
    unit = county(events=(LARGER,), deaths=3)  # one late report: −5
    assert (score_unit(unit, SCHEME).total, score_unit(unit, SCHEME).result) == (Decimal("45.00"), "failed")

    (after,), _ = apply([unit], SCHEME, [MarkObligationsDone("shule", count)])

    assert (score_unit(after, SCHEME).total, score_unit(after, SCHEME).result) == (score, result)


@pytest.mark.parametrize(
    ("unit", "change", "message"),
    [
        (county(), MarkObligationsDone("nowhere", 3), "没有单位"),
        (county(), MarkObligationsDone("shule", 0), "正整数"),
        (county(), MarkObligationsDone("shule", -2), "正整数"),
        (county(obligations_due=None), MarkObligationsDone("shule", 1), "无履职事项数据"),
        (
            county(obligations_due=5, obligations_done=5, obligations_overdue=0),
            MarkObligationsDone("shule", 1),
            "没有未完成",
        ),
    ],
)
def test_marking_obligations_done_refuses_what_cannot_apply(
    unit: UnitFacts, change: MarkObligationsDone, message: str
) -> None:
    with pytest.raises(ChangeError, match=message):
        apply([unit], SCHEME, [change])


def test_open_obligations_are_overdue_and_the_remainder() -> None:
    assert open_obligations(county()) == (224, 89)
    assert open_obligations(county(obligations_due=None)) == (0, 0)
    assert open_obligations(county(obligations_due=3, obligations_done=5, obligations_overdue=0)) == (0, 0)


# --- ChangeWeight -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "weights", "score"),
    [
        ([], {"obligations": 40, "inspections": 20, "accidents": 30, "lists": 10}, Decimal("45.00")),
        # obligations out: 20 + 30 + 10 = 60 → inspections 33.33, accidents 50, lists 0; −5
        (
            [ChangeWeight("obligations", 0)],
            {"inspections": 20, "accidents": 30, "lists": 10},
            Decimal("78.33"),
        ),
        # weights add up to 110: still scaled back to 100 (20/110 + 30/110 of 100 = 45.45); −5
        (
            [ChangeWeight("lists", 20)],
            {"obligations": 40, "inspections": 20, "accidents": 30, "lists": 20},
            Decimal("40.45"),
        ),
        # later changes win
        (
            [ChangeWeight("lists", 20), ChangeWeight("lists", 10)],
            {"obligations": 40, "inspections": 20, "accidents": 30, "lists": 10},
            Decimal("45.00"),
        ),
    ],
)
def test_a_weight_change_keeps_the_scale_and_renormalises(
    changes: list[ChangeWeight], weights: dict[str, int], score: Decimal
) -> None:
    unit = county(events=(LARGER,))

    _, scheme = apply([unit], SCHEME, changes)

    assert {i.id: i.weight for i in scheme.indicators} == weights
    assert scheme.scale == 100
    assert score_unit(unit, scheme).total == score
    assert [i.weight for i in SCHEME.indicators] == [40, 20, 30, 10]  # the input scheme is untouched


def test_a_perfect_unit_scores_the_full_scale_whatever_the_weights_add_up_to() -> None:
    perfect = county(obligations_done=313, obligations_overdue=0, lists_published=156)

    _, scheme = apply([perfect], SCHEME, [ChangeWeight("lists", 60), ChangeWeight("inspections", 5)])

    assert score_unit(perfect, scheme).total == Decimal("100.00")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ([ChangeWeight("nope", 10)], "没有考核指标 'nope'"),
        ([ChangeWeight("lists", -1)], "不得为负数"),
        ([ChangeWeight(i, 0) for i in ("obligations", "inspections", "accidents", "lists")], "至少保留"),
    ],
)
def test_weight_changes_refuse_unknown_indicators_negative_and_all_zero(
    changes: list[ChangeWeight], message: str
) -> None:
    with pytest.raises(ChangeError, match=message):
        apply([county()], SCHEME, changes)


def test_changes_combine_in_order_and_report_what_moved() -> None:
    before = county(events=(GENERAL, LARGER))

    (after,), scheme = apply(
        [before], SCHEME, [RemoveAccident(2), MarkObligationsDone("shule", 230), ChangeWeight("lists", 0)]
    )

    assert fact_changes(before, after) == (
        "事故 2→1 起",
        "死亡 4→1 人",
        "报告问题 1→0 起",
        "按时完成履职事项 0→230 项",
        "逾期履职事项 224→0 项",
    )
    assert [i.id for i in scheme.indicators] == ["obligations", "inspections", "accidents"]
    assert fact_changes(before, before) == ()
