"""The Kashgar pack against its own regulation text: loads clean, covers every article and point,
and pins the numbers and lists the system computes with."""

from __future__ import annotations

import datetime as dt

import pytest

from zeren.packs import Pack, coverage


def test_the_kashgar_pack_loads_cleanly_against_the_seed(kashgar: Pack) -> None:
    assert kashgar.id == "kashgar_2021"
    assert kashgar.effective.effective_from == dt.date(2021, 4, 10)
    assert len(kashgar.regulation.articles) == 76


def test_all_76_articles_are_classified_exactly_once(kashgar: Pack) -> None:
    report = coverage(kashgar)

    assert report["summary"]["articles"] == 76
    assert report["summary"]["classified"] == 76
    assert [row["eid"] for row in report["articles"]] == [f"art_{n}" for n in range(1, 77)]
    assert all(row["feature"] for row in report["articles"])


def test_every_point_of_articles_4_to_52_is_assigned(kashgar: Pack) -> None:
    points = kashgar.regulation.points(4, 52)
    assigned = {
        d.clause
        for group in (kashgar.roles, kashgar.traits, kashgar.department_kinds)
        for e in group
        for d in e.duties
    }

    assert len(points) == 237
    assert [p for p in points if p not in assigned] == []
    assert coverage(kashgar)["summary"]["points_assigned"] == 237


def test_fireworks_has_exactly_three_supervisors_each_for_its_part(kashgar: Pack) -> None:
    supervisors = kashgar.sector("fireworks").supervisors

    assert [(s.kind, s.clauses[:2]) for s in supervisors] == [
        ("emergency_management", ("art_19__para_1", "art_19__para_1__point_3")),
        ("public_security", ("art_22__para_1__point_2",)),
        ("market_regulation", ("art_31__para_1__point_3", "art_31__para_1__point_6")),
    ]
    assert [s.clause for s in supervisors][1:] == ["art_22__para_1__point_2", "art_31__para_1__point_3"]


@pytest.mark.parametrize(
    ("reward_id", "clause", "top", "amount", "low", "high", "funded_by"),
    [
        ("top_counties", "art_61__para_1__point_1", 5, 50000, None, None, "prefecture_special_fund"),
        ("top_departments", "art_61__para_1__point_2", 10, 30000, None, None, "prefecture_special_fund"),
        ("advanced_enterprises", "art_61__para_1__point_3", None, None, 100000, 300000, "self"),
    ],
)
@pytest.mark.clause(
    "art_61__para_1__point_1", "art_61__para_1__point_2", "art_61__para_1__point_3", pack="kashgar_2021"
)
def test_art_61_rewards(
    kashgar: Pack,
    reward_id: str,
    clause: str,
    top: int | None,
    amount: int | None,
    low: int | None,
    high: int | None,
    funded_by: str,
) -> None:
    reward = next(r for r in kashgar.money.rewards if r.id == reward_id)

    assert (
        reward.clause,
        reward.top,
        reward.amount,
        reward.amount_min,
        reward.amount_max,
        reward.funded_by,
    ) == (
        clause,
        top,
        amount,
        low,
        high,
        funded_by,
    )


@pytest.mark.clause("art_61__para_1__point_4", pack="kashgar_2021")
def test_art_61_point_4_gives_30_percent_to_the_principals(kashgar: Pack) -> None:
    split = kashgar.money.reward_split

    assert split is not None
    assert split.clause == "art_61__para_1__point_4"
    assert split.principals_percent == 30
    assert isinstance(split.principals_percent, int)


@pytest.mark.clause("art_62__para_2", pack="kashgar_2021")
def test_art_62_fines_and_the_principals_share(kashgar: Pack) -> None:
    fines = {f.payer: (f.amount, f.principals_percent, f.clause) for f in kashgar.money.fines}

    assert fines == {
        "county": (30000, 30, "art_62__para_2"),
        "prefecture_department": (10000, 30, "art_62__para_2"),
    }


@pytest.mark.clause("art_64__para_1", pack="kashgar_2021")
def test_art_64_ladder_in_rising_severity_with_the_sanction_beside_it(kashgar: Pack) -> None:
    a = kashgar.accountability

    assert a.ladder == ("通报", "诫勉", "停职检查", "调整职务", "责令辞职", "降职", "免职")
    assert [f.rank for f in a.forms] == [1, 2, 3, 4, 5, 6, 7]
    assert a.sanction is not None
    assert (a.sanction.name, a.sanction.rank) == ("处分", 0)
    assert [(d.form, d.clause) for d in a.department_forms] == [("notice", "art_64__para_2")]


@pytest.mark.clause("art_63__para_1", pack="kashgar_2021")
def test_art_63_has_one_trigger_per_point(kashgar: Pack) -> None:
    assert [t.clause for t in kashgar.accountability.triggers] == [
        f"art_63__para_1__point_{n}" for n in range(1, 6)
    ]


@pytest.mark.parametrize(
    ("clause", "owner", "frequency", "period", "min_count", "month_days"),
    [
        ("art_4__para_1__point_2", "party_principal", "annual", "annual", 1, ("12-31",)),
        (
            "art_14__para_1__point_2",
            "government_principal",
            "half_yearly",
            "half_yearly",
            1,
            ("06-30", "12-31"),
        ),
        (
            "art_16__para_1__point_4",
            "government_other_leader",
            "quarterly",
            "quarterly",
            1,
            ("03-31", "06-30", "09-30", "12-31"),
        ),
        (
            "art_17__para_1__point_3",
            "department_principal",
            "periodic",
            "quarterly",
            1,
            ("03-31", "06-30", "09-30", "12-31"),
        ),
    ],
)
@pytest.mark.clause(
    "art_4__para_1__point_2",
    "art_14__para_1__point_2",
    "art_16__para_1__point_4",
    "art_17__para_1__point_3",
    pack="kashgar_2021",
)
def test_obligation_frequencies(
    kashgar: Pack,
    clause: str,
    owner: str,
    frequency: str,
    period: str,
    min_count: int,
    month_days: tuple[str, ...],
) -> None:
    ob = next(o for o in kashgar.obligations if o.clause == clause)

    assert [(o.type, o.id) for o in ob.owners] == [("role", owner)]
    assert (ob.frequency, ob.period, ob.min_count) == (frequency, period, min_count)
    assert ob.due is not None
    assert ob.due.month_days == month_days
    assert ob.due.choice.local_choice is True  # the text never names the due day


def test_a_period_the_text_leaves_open_is_a_marked_local_choice(kashgar: Pack) -> None:
    periodic = [o for o in kashgar.obligations if o.frequency == "periodic"]

    assert {o.clause for o in periodic} >= {"art_17__para_1__point_3", "art_59__para_1", "art_74__para_1"}
    assert all(o.choice.local_choice and o.choice.note and o.choice.source for o in periodic)


@pytest.mark.clause("art_57__para_1", "art_57__para_2", pack="kashgar_2021")
def test_art_57_annual_reports_and_every_leaders_statement(kashgar: Pack) -> None:
    reports = [o for o in kashgar.obligations if o.clause.startswith("art_57")]
    roles = (
        "party_principal",
        "party_standing_member",
        "government_principal",
        "government_safety_leader",
        "government_other_leader",
        "department_principal",
        "department_safety_leader",
        "department_other_leader",
    )
    leaders = tuple(("role", r) for r in roles)

    assert {(o.clause, tuple((w.type, w.id) for w in o.owners), o.frequency) for o in reports} == {
        ("art_57__para_1", (("body", "party_committee"), ("body", "government")), "annual"),
        ("art_57__para_1", (("trait", "supervisory_department"), ("trait", "industry_authority")), "annual"),
        ("art_57__para_1", leaders, "annual"),  # 述职: every Party and government leader (一岗双责)
        ("art_57__para_2", (("body", "safety_committee_office"),), "annual"),
    }


@pytest.mark.clause("art_18__para_1", "art_18__para_2", pack="kashgar_2021")
def test_art_18_duties_attach_to_every_kind_with_the_trait(kashgar: Pack) -> None:
    assert len(kashgar.trait("supervisory_department").duties) == 8
    assert len(kashgar.trait("industry_authority").duties) == 6
    duties = [d.clause for d in kashgar.duties_of_kind("public_security")]
    assert duties[:6] == [f"art_22__para_1__point_{n}" for n in range(1, 7)]
    assert duties[6:] == [f"art_18__para_1__point_{n}" for n in range(1, 9)]  # supervisory only


@pytest.mark.parametrize(
    ("kind_id", "kind_type", "traits"),
    [
        ("organisation_department", "party_organ", set()),
        ("emergency_management", "government_department", {"supervisory_department", "industry_authority"}),
        ("public_security", "government_department", {"supervisory_department"}),
        ("animal_husbandry", "government_department", {"industry_authority"}),
        ("education", "government_department", {"industry_authority"}),
        ("finance", "government_department", set()),
        ("civil_aviation", "vertical_agency", {"supervisory_department"}),
        ("meteorology", "vertical_agency", {"supervisory_department"}),
        ("trade_union", "social_organisation", set()),
    ],
)
def test_department_kind_types_and_traits_read_from_each_opening_sentence(
    kashgar: Pack, kind_id: str, kind_type: str, traits: set[str]
) -> None:
    kind = kashgar.kind(kind_id)

    assert (kind.type, set(kind.trait_ids)) == (kind_type, traits)


@pytest.mark.clause("art_13__para_1", "art_49__para_1", pack="kashgar_2021")
def test_catch_all_kinds_for_articles_13_and_49(kashgar: Pack) -> None:
    catch_all = {k.id: k.clauses for k in kashgar.department_kinds if k.catch_all}

    assert catch_all == {"other_party_organs": ("art_13",), "other_government_departments": ("art_49",)}


def test_every_local_choice_says_why_and_where_from(kashgar: Pack) -> None:
    ids = {c.id for c in kashgar.local_choices}

    assert {
        "assessment_pass_mark",
        "assessment_veto_triggers",
        "ranking_tie_break",
        "accident_grades",
        "accident_reporting_deadlines",
        "accountability_reach_by_grade",
    } <= ids
    assert all(c.choice.local_choice and c.choice.note and c.choice.source for c in kashgar.local_choices)


@pytest.mark.clause("art_65", pack="kashgar_2021")
def test_veto_periods_of_art_65_are_local_choices_for_every_form(kashgar: Pack) -> None:
    veto = kashgar.accountability.veto

    assert veto is not None
    assert veto.clause == "art_65"
    months = {p.form: p.months for p in veto.periods if p.grade is None}
    assert months == {
        "notice": 6,  # not longer than the heavier 诫勉 (the pack check refuses it)
        "admonishment": 6,
        "suspension": 12,
        "reassignment": 12,
        "ordered_resignation": 24,
        "demotion": 24,
        "dismissal": 24,
    }
    assert all(p.choice.local_choice for p in veto.periods)
