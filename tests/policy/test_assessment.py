"""Table tests for zeren.policy.assessment, with the Kashgar pack's scheme and money (never literals)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from zeren.assessment.rules import group_money, scheme
from zeren.packs import KASHGAR_PACK_DIR, Pack, load_pack
from zeren.policy.assessment import (
    Principal,
    Scheme,
    UnitFacts,
    rank,
    rewards_and_fines,
    score_unit,
    split_shares,
)

CLEAN = {"accidents": {}, "deaths": 0, "report_failures": {}}


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(KASHGAR_PACK_DIR)


@pytest.fixture(scope="module")
def sch(pack: Pack) -> Scheme:
    return scheme(pack)


def county(code: str, done: int, due: int = 100, **kw: Any) -> UnitFacts:
    """A county whose only applicable indicators are obligations (and accidents when given)."""
    base: dict[str, Any] = {"obligations_due": due, "obligations_done": done, **CLEAN}
    base.update(kw)
    return UnitFacts(unit=code, name=code, group="counties", **base)


def only_obligations(s: Scheme) -> Scheme:
    return replace(s, indicators=tuple(i for i in s.indicators if i.id == "obligations"))


@pytest.mark.parametrize(
    ("done", "total", "result"), [(59, "59.00", "failed"), (60, "60.00", "passed"), (61, "61.00", "passed")]
)
@pytest.mark.clause("art_62__para_2", pack="kashgar_2021")
def test_pass_mark_boundary(sch: Scheme, done: int, total: str, result: str) -> None:
    score = score_unit(county("a", done), only_obligations(sch))

    assert (score.total, score.result, score.passed) == (Decimal(total), result, result == "passed")
    assert "art_62__para_2" in score.citations
    assert "art_55__para_2" in score.citations


def test_not_applicable_indicators_drop_out_and_weights_renormalise(sch: Scheme) -> None:
    # obligations 40 (rate 1/2) + accidents 30 (within ceilings); inspections and lists not applicable
    score = score_unit(county("a", 50), sch)

    by_id = {i.id: i for i in score.indicators}
    assert (by_id["inspections"].applicable, by_id["lists"].applicable) == (False, False)
    assert by_id["obligations"].points == Decimal("28.57")  # 100 * 40/70 * 1/2
    assert by_id["accidents"].points == Decimal("42.86")  # 100 * 30/70
    assert score.total == Decimal("71.43")


@pytest.mark.clause("art_55__para_2", pack="kashgar_2021")
def test_late_completion_earns_half_and_waived_leaves_the_denominator(sch: Scheme) -> None:
    facts = county("a", 40, due=110, obligations_done_late=20, obligations_waived=10)

    assert score_unit(facts, only_obligations(sch)).total == Decimal("50.00")  # (40 + 10) / 100


@pytest.mark.parametrize(
    ("accidents", "deaths", "ratio"),
    [(6, 4, "1.0000"), (7, 4, "0.7500"), (7, 5, "0.5000"), (12, 9, "0.0000")],
)
@pytest.mark.clause("art_55__para_1", pack="kashgar_2021")
def test_accident_and_death_ceilings_of_the_letter(
    sch: Scheme, accidents: int, deaths: int, ratio: str
) -> None:
    score = score_unit(county("a", 100, accidents={"一般": accidents}, deaths=deaths), sch)

    assert next(i for i in score.indicators if i.id == "accidents").ratio == Decimal(ratio)


def test_late_reports_deduct_up_to_the_cap(sch: Scheme) -> None:
    one = score_unit(county("a", 100, report_failures={"late": 1}), only_obligations(sch))
    many = score_unit(county("a", 100, report_failures={"late": 9}), only_obligations(sch))

    assert (one.total, many.total) == (Decimal("95.00"), Decimal("80.00"))
    assert one.deductions[0][2] == "art_63__para_1__point_3"


@pytest.mark.parametrize(
    ("kw", "veto", "result"),
    [
        ({"accidents": {"较大": 1}}, "clear", "passed"),
        ({"accidents": {"重大": 1}}, "vetoed", "vetoed"),
        ({"accidents": {"特别重大": 1}}, "vetoed", "vetoed"),
        ({"report_failures": {"late": 1}}, "clear", "passed"),
        ({"report_failures": {"concealed": 1}}, "vetoed", "vetoed"),
        ({"report_failures": {"false": 1}}, "vetoed", "vetoed"),
        ({"accidents": None}, "undetermined", "undetermined"),
        ({"report_failures": None}, "undetermined", "undetermined"),
        ({"accidents": {"重大": 1}, "report_failures": None}, "vetoed", "vetoed"),
    ],
)
@pytest.mark.clause("art_56__para_1", pack="kashgar_2021")
def test_veto_fails_closed(sch: Scheme, kw: dict[str, Any], veto: str, result: str) -> None:
    score = score_unit(county("a", 100, **kw), sch)

    assert (score.veto, score.result, score.passed) == (veto, result, veto == "clear")
    assert "art_56__para_1" in score.citations
    assert bool(score.veto_reasons) == (veto != "clear")


def _run(
    pack: Pack, sch: Scheme, units: list[UnitFacts], *, pass_on: bool = True, withhold: bool = False
) -> dict[str, Any]:
    facts = {f.unit: f for f in units}
    scores = [score_unit(f, only_obligations(sch)) for f in units]
    ranked = rank(scores, facts, ("score_desc", "deaths_asc", "obligation_rate_desc"))
    awards = rewards_and_fines(
        ranked,
        facts,
        group_money(pack),
        pass_on=pass_on,
        pass_on_clause="art_65__para_1",
        withhold_barred_share=withhold,
    )
    return {a.unit: a for a in awards}


def two_principals(eligible: bool = True) -> tuple[Principal, ...]:
    return (Principal("sec", 0, 365, eligible), Principal("head", 1, 365))


@pytest.mark.clause("art_61__para_1__point_1", pack="kashgar_2021")
def test_top_five_are_rewarded_and_the_sixth_is_not(pack: Pack, sch: Scheme) -> None:
    units = [county(f"c{i}", 100 - i, principals=two_principals()) for i in range(7)]

    awards = _run(pack, sch, units)

    assert [awards[f"c{i}"].rank for i in range(7)] == [1, 2, 3, 4, 5, 6, 7]
    assert [awards[f"c{i}"].reward_yuan for i in range(7)] == [50000] * 5 + [0, 0]
    assert [s.share_yuan for s in awards["c0"].principals] == [7500, 7500]
    assert "art_61__para_1__point_1" in awards["c0"].clauses


@pytest.mark.clause("art_65__para_1", "art_61__para_1__point_1", pack="kashgar_2021")
def test_a_barred_principal_passes_the_place_on(pack: Pack, sch: Scheme) -> None:
    units = [county(f"c{i}", 100 - i, principals=two_principals(eligible=i != 1)) for i in range(7)]

    passed_on = _run(pack, sch, units)
    kept = _run(pack, sch, units, pass_on=False)

    assert [passed_on[f"c{i}"].reward_yuan for i in range(7)] == [50000, 0, 50000, 50000, 50000, 50000, 0]
    assert [kept[f"c{i}"].reward_yuan for i in range(7)] == [50000, 0, 50000, 50000, 50000, 0, 0]
    assert "art_65__para_1" in passed_on["c1"].clauses


@pytest.mark.clause("art_56__para_1", "art_62__para_2", pack="kashgar_2021")
def test_a_vetoed_unit_ranks_last_is_never_rewarded_and_is_fined(pack: Pack, sch: Scheme) -> None:
    units = [county("a", 100, accidents={"重大": 1}, principals=two_principals()), county("b", 70)]

    awards = _run(pack, sch, units)

    assert (awards["a"].rank, awards["a"].reward_yuan, awards["a"].fine_yuan) == (2, 0, 30000)
    assert [s.share_yuan for s in awards["a"].principals] == [4500, 4500]  # 30% of 30,000
    assert (awards["b"].rank, awards["b"].reward_yuan) == (1, 50000)


def test_undetermined_is_neither_rewarded_nor_fined(pack: Pack, sch: Scheme) -> None:
    awards = _run(pack, sch, [county("a", 100, accidents=None)])

    assert (awards["a"].result, awards["a"].reward_yuan, awards["a"].fine_yuan) == ("undetermined", 0, 0)


@pytest.mark.clause("art_61__para_1__point_1", pack="kashgar_2021")
def test_ties_break_by_deaths_then_obligation_rate_and_otherwise_share_the_place(
    pack: Pack, sch: Scheme
) -> None:
    units = [
        county("z", 80, deaths=0),
        county("y", 80, deaths=1),
        county("x", 40, due=50, deaths=0),  # same 80.00, same deaths, same rate as z and w: no id decides
        county("w", 80, deaths=0, obligations_done_late=0, obligations_waived=0),
    ]

    awards = _run(pack, sch, units)

    assert {u: awards[u].rank for u in awards} == {"z": 1, "x": 1, "w": 1, "y": 4}
    assert all(awards[u].reward_yuan == 50000 for u in "zxwy")  # within the five places


TIES = pytest.mark.clause("art_61__para_1__point_1", pack="kashgar_2021")


@pytest.mark.parametrize(
    ("codes", "expected_ranks"),
    [
        pytest.param(("a", "b"), {"a": 5, "b": 5}, marks=TIES),
        pytest.param(("b", "a"), {"a": 5, "b": 5}, marks=TIES),
        pytest.param(("zz", "aa"), {"aa": 5, "zz": 5}, marks=TIES),
    ],
)  # fmt: skip
def test_a_units_identifier_never_decides_a_place(
    pack: Pack, sch: Scheme, codes: tuple[str, str], expected_ranks: dict[str, int]
) -> None:
    units = [county(f"c{i}", 100 - i) for i in range(4)] + [county(code, 90) for code in codes]

    awards = _run(pack, sch, units)

    assert {c: awards[c].rank for c in codes} == expected_ranks
    assert {c: awards[c].reward_yuan for c in codes} == dict.fromkeys(codes, 50000)


@pytest.mark.clause("art_65__para_1", "art_61__para_1__point_4", pack="kashgar_2021")
@pytest.mark.parametrize(
    ("withhold", "reward", "shares"),
    [
        (False, 0, []),  # unit_loses_award: one barred principal costs the unit its award
        (True, 50000, [("head", 15000)]),  # principal_share_withheld: only the barred one takes nothing
    ],
)
def test_what_a_barred_principal_costs_is_the_packs_choice(
    pack: Pack, sch: Scheme, withhold: bool, reward: int, shares: list[tuple[str, int]]
) -> None:
    units = [county("c0", 100, principals=two_principals(eligible=False))]

    award = _run(pack, sch, units, withhold=withhold)["c0"]

    assert award.reward_yuan == reward
    assert [(s.person, s.share_yuan) for s in award.principals] == shares
    assert "art_65__para_1" in award.clauses


def test_units_equal_on_every_key_share_a_rank(sch: Scheme) -> None:
    units = [county("a", 90), county("b", 80), county("c", 80), county("d", 70)]
    facts = {f.unit: f for f in units}
    ranked = rank([score_unit(f, only_obligations(sch)) for f in units], facts, ("score_desc",))

    assert [(r, s.unit) for r, s in ranked["counties"]] == [(1, "a"), (2, "b"), (2, "c"), (4, "d")]


@pytest.mark.clause("art_61__para_1__point_4", pack="kashgar_2021")
def test_30_percent_of_50000_split_by_days_200_and_165_sums_exactly() -> None:
    shares = split_shares(15000, [Principal("head-b", 1, 165), Principal("head-a", 1, 200)])

    assert [(s.person, s.share_yuan) for s in shares] == [("head-a", 8220), ("head-b", 6780)]
    assert sum(s.share_yuan for s in shares) == 15000


@pytest.mark.parametrize(
    ("pool", "days", "expected"),
    [
        (10000, [100, 100, 100], [3334, 3333, 3333]),
        (9000, [365, 365], [4500, 4500]),
        (1, [1, 1], [1, 0]),
        (0, [10, 20], [0, 0]),
    ],
)
def test_remainder_goes_to_the_first_principal_by_post_order(
    pool: int, days: list[int], expected: list[int]
) -> None:
    shares = split_shares(pool, [Principal(f"p{i}", i, d) for i, d in enumerate(days)])

    assert [s.share_yuan for s in shares] == expected
    assert sum(s.share_yuan for s in shares) == pool


def test_no_principal_in_post_means_no_shares() -> None:
    assert split_shares(15000, []) == ()
    assert split_shares(15000, [Principal("p", 0, 0)]) == ()


@pytest.mark.parametrize("pass_on", [True, False])
@pytest.mark.clause("art_61__para_1__point_1", pack="kashgar_2021")
def test_units_tied_at_the_cutoff_are_all_rewarded(pack: Pack, sch: Scheme, pass_on: bool) -> None:
    scores_done = [99, 98, 97, 96, 95, 95, 90]  # places 1-4, then 5 and 5 (tied), then 7
    units = [county(f"c{i}", d) for i, d in enumerate(scores_done)]
    facts = {f.unit: f for f in units}
    ranked = rank([score_unit(f, only_obligations(sch)) for f in units], facts, ("score_desc",))

    awards = {
        a.unit: a
        for a in rewards_and_fines(
            ranked, facts, group_money(pack), pass_on=pass_on, pass_on_clause="art_65__para_1"
        )
    }

    assert [awards[f"c{i}"].rank for i in range(7)] == [1, 2, 3, 4, 5, 5, 7]
    assert [awards[f"c{i}"].reward_yuan for i in range(7)] == [50000] * 6 + [0]


def department(code: str, done: int, **kw: Any) -> UnitFacts:
    base: dict[str, Any] = {"obligations_due": 100, "obligations_done": done, **CLEAN}
    base.update(kw)
    return UnitFacts(unit=code, name=code, group="departments", **base)


@pytest.mark.parametrize(
    ("deaths_10th", "deaths_11th", "rewarded"),
    [
        (0, 1, "d10"),  # equal scores at the 10th/11th place: fewer deaths first (pack ranking.order)
        (1, 0, "d11"),
    ],
)
@pytest.mark.clause("art_61__para_1__point_2", pack="kashgar_2021")
def test_a_tie_at_the_10th_and_11th_department_is_broken_by_deaths(
    pack: Pack, sch: Scheme, deaths_10th: int, deaths_11th: int, rewarded: str
) -> None:
    units = [department(f"d{i:02d}", 100 - i) for i in range(1, 10)]  # places 1-9
    units += [department("d10", 85, deaths=deaths_10th), department("d11", 85, deaths=deaths_11th)]
    units += [department("d12", 80)]

    awards = _run(pack, sch, units)

    assert sorted(a.rank for a in awards.values()) == list(range(1, 13))
    assert {u for u, a in awards.items() if a.reward_yuan} == {f"d{i:02d}" for i in range(1, 10)} | {rewarded}
    assert all(a.reward_yuan == 30000 for a in awards.values() if a.reward_yuan)
    assert "art_61__para_1__point_2" in awards[rewarded].clauses


def test_a_tie_at_the_5th_and_6th_county_is_broken_by_the_obligation_rate(pack: Pack, sch: Scheme) -> None:
    # both 90.00 on obligations alone; the later one completed 4 more items (late, half credit), so its
    # completion rate is higher and it takes the 5th place (pack ranking.order: obligation_rate_desc)
    fifth = county("e5", 90, deaths=0)
    sixth = county("e6", 88, deaths=0, obligations_done_late=4)  # 88 + 4 × 50% = 90 points, rate 92/100
    units = [county(f"c{i}", 100 - i) for i in range(4)] + [fifth, sixth]

    awards = _run(pack, sch, units)

    assert (awards["e6"].rank, awards["e5"].rank) == (5, 6)
    assert (awards["e6"].reward_yuan, awards["e5"].reward_yuan) == (50000, 0)


@pytest.mark.clause("art_61__para_1__point_2", pack="kashgar_2021")
def test_departments_tied_on_every_key_at_the_cutoff_share_the_10th_place(pack: Pack, sch: Scheme) -> None:
    units = [department(f"d{i:02d}", 100 - i) for i in range(1, 10)] + [department(c, 85) for c in ("x", "y")]
    facts = {f.unit: f for f in units}
    ranked = rank([score_unit(f, only_obligations(sch)) for f in units], facts, ("score_desc",))

    awards = {
        a.unit: a
        for a in rewards_and_fines(
            ranked, facts, group_money(pack), pass_on=True, pass_on_clause="art_65__para_1"
        )
    }

    assert (awards["x"].rank, awards["y"].rank) == (10, 10)
    assert awards["x"].reward_yuan == awards["y"].reward_yuan == 30000  # a shared place is not split
