"""Accident services: grading, casualty supplements within/after the window, the timeline, the chain."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.accidents.world import AccidentWorld
from zeren.accidents import selectors, services
from zeren.accidents.errors import InvalidAccident, RecordFrozen, SupplementWindowClosed
from zeren.accidents.models import Accident, CasualtyRevision
from zeren.audit.models import AuditEvent
from zeren.org import services as org_services

TZ = ZoneInfo("Asia/Shanghai")
AT = dt.datetime(2026, 3, 1, 10, 0, tzinfo=TZ)


def _accident(
    aworld: AccidentWorld, *, deaths: int = 2, sector: str = "road_traffic", at: dt.datetime = AT
) -> Accident:
    return services.record_accident(
        actor=aworld.users["alice"],
        unit=aworld.org.shule,
        sector_code=sector,
        occurred_at=at,
        enterprise="某运输公司",
        description="追尾",
        deaths=deaths,
        serious_injuries=1,
    )


@pytest.mark.parametrize(
    ("deaths", "grade"), [(2, "一般"), (3, "较大"), (9, "较大"), (10, "重大"), (30, "特别重大")]
)
def test_record_grades_with_criteria_and_citations(aworld: AccidentWorld, deaths: int, grade: str) -> None:
    accident = _accident(aworld, deaths=deaths)

    assert accident.grade == grade
    assert accident.grade_criteria
    assert "493:art_3__para_3" in accident.grade_citations
    assert accident.sector_name == "道路交通"
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.action, event.actor_username) == ("accidents.record", "alice")


def test_record_refuses_a_prefecture_and_an_unknown_sector(aworld: AccidentWorld) -> None:
    with pytest.raises(InvalidAccident):
        services.record_accident(
            actor=None,
            unit=aworld.org.kashgar,
            sector_code="road_traffic",
            occurred_at=AT,
            enterprise="x",
            description="x",
        )
    with pytest.raises(InvalidAccident):
        _accident(aworld, sector="no_such_sector")
    assert Accident.objects.count() == 0


def test_supplement_within_the_window_regrades_with_history(aworld: AccidentWorld) -> None:
    accident = _accident(aworld, deaths=2)
    assert accident.supplement_last_day == dt.date(2026, 3, 8)  # road traffic: 7 days (493:art_13)

    revision = services.revise_casualties(
        actor=aworld.users["alice"],
        accident=accident,
        deaths=3,
        serious_injuries=0,
        missing=0,
        direct_loss_yuan=0,
        reported_at=dt.datetime(2026, 3, 8, 23, 0, tzinfo=TZ),
        note="一名重伤者死亡",
    )

    accident.refresh_from_db()
    assert (accident.grade, accident.deaths) == ("较大", 3)
    assert (revision.grade_before, revision.grade_after, revision.number) == ("一般", "较大", 1)
    assert revision.before == {
        "deaths": 2,
        "serious_injuries": 1,
        "missing": 0,
        "direct_loss_yuan": 0,
        "grade": "一般",
    }
    assert AuditEvent.objects.filter(action="accidents.revise_casualties").count() == 1
    with pytest.raises(RecordFrozen):
        revision.save()
    with pytest.raises(RecordFrozen):
        revision.delete()


def test_supplement_after_the_window_is_refused_and_changes_nothing(aworld: AccidentWorld) -> None:
    accident = _accident(aworld, deaths=2)
    events = AuditEvent.objects.count()

    with pytest.raises(SupplementWindowClosed):
        services.revise_casualties(
            actor=None,
            accident=accident,
            deaths=3,
            serious_injuries=0,
            missing=0,
            direct_loss_yuan=0,
            reported_at=dt.datetime(2026, 3, 9, 0, 30, tzinfo=TZ),
        )

    accident.refresh_from_db()
    assert (accident.grade, accident.deaths) == ("一般", 2)
    assert CasualtyRevision.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_other_sectors_have_thirty_days(aworld: AccidentWorld) -> None:
    accident = _accident(aworld, sector="building_construction")

    assert accident.supplement_last_day == dt.date(2026, 3, 31)


def test_a_late_county_report_is_flagged(aworld: AccidentWorld) -> None:
    accident = _accident(aworld, deaths=3)
    services.record_report_step(
        actor=None, accident=accident, kind="learnt", at=AT + dt.timedelta(minutes=10)
    )
    services.record_report_step(
        actor=None, accident=accident, kind="unit_report", at=AT + dt.timedelta(hours=2)
    )
    services.record_report_step(
        actor=None, accident=accident, kind="escalation", level="prefecture", at=AT + dt.timedelta(hours=3)
    )

    assessment = selectors.reporting_assessment(accident)

    assert [level for level, _ in assessment.required] == ["county", "prefecture", "province"]
    assert "county" in assessment.late_levels
    assert "prefecture" not in assessment.late_levels
    assert any(f.kind == "late" for f in assessment.findings)


def test_findings_carry_their_basis_and_clauses(aworld: AccidentWorld) -> None:
    accident = _accident(aworld)

    finding = services.record_finding(actor=None, accident=accident, kind="late", basis="超过1小时")

    assert finding.clauses[0] == "art_63__para_1__point_3"
    assert any(c.startswith("493:") for c in finding.clauses)


def test_chain_names_the_holders_on_the_accident_day_across_a_transfer(aworld: AccidentWorld) -> None:
    accident = _accident(aworld, deaths=3)
    newcomer = org_services.create_person(actor=None, code="p-new", name="新任副县长")
    deputy = aworld.people["deputy"]
    elsewhere = org_services.create_post(
        actor=None,
        code="shache-deputy-2",
        organisation=aworld.org.shache_gov,
        title="莎车县人民政府副县长",
        role_code="government_other_leader",
        start=dt.date(2019, 1, 1),
    )
    org_services.transfer(actor=None, person=deputy, to_post=elsewhere, on=dt.date(2026, 6, 1))
    org_services.appoint(actor=None, person=newcomer, post=aworld.org.shule_deputy, start=dt.date(2026, 6, 2))

    rows = {row.post.code: row for row in selectors.accident_chain(accident)}

    assert rows["shule-deputy"].person == deputy
    assert "art_16__para_1" in rows["shule-deputy"].clauses
    assert rows["shule-ps-principal"].person == aworld.people["ps"]
    assert rows["shule-transport-principal"].person == aworld.people["transport"]
    assert rows["shule-executive"].person == aworld.people["executive"]
    assert rows["shule-head"].person == aworld.people["head"]
    assert rows["shule-secretary"].person == aworld.people["secretary"]


# 493号令第十三条第二款：补报期限按事故类别（道路交通事故、火灾事故7日），不按行业。
@pytest.mark.parametrize(
    ("sector", "accident_type", "recorded_type", "last_day"),
    [
        ("road_transport", "道路交通事故", ("road_traffic", "道路交通事故"), dt.date(2026, 3, 8)),
        ("dangerous_goods_transport", None, ("road_traffic", "道路交通事故"), dt.date(2026, 3, 8)),
        ("building_construction", "fire", ("fire", "火灾事故"), dt.date(2026, 3, 8)),
        ("building_construction", None, ("other", "其他生产安全事故"), dt.date(2026, 3, 31)),
        ("road_transport", "other", ("other", "其他生产安全事故"), dt.date(2026, 3, 31)),
    ],
)
def test_the_supplement_window_follows_the_recorded_accident_type(
    aworld: AccidentWorld,
    sector: str,
    accident_type: str | None,
    recorded_type: tuple[str, str],
    last_day: dt.date,
) -> None:
    accident = services.record_accident(
        actor=None,
        unit=aworld.org.shule,
        sector_code=sector,
        occurred_at=AT,
        enterprise="某公司",
        description="事故",
        accident_type=accident_type,
    )

    assert (accident.accident_type, accident.accident_type_name) == recorded_type
    assert accident.supplement_last_day == last_day
    assert accident.supplement_clauses == ["493:art_13__para_2"]


def test_an_unknown_accident_type_is_refused_and_nothing_is_recorded(aworld: AccidentWorld) -> None:
    with pytest.raises(InvalidAccident, match="事故类别须为"):
        services.record_accident(
            actor=None,
            unit=aworld.org.shule,
            sector_code="road_traffic",
            occurred_at=AT,
            enterprise="某公司",
            description="事故",
            accident_type="交通",
        )

    assert Accident.objects.count() == 0


def _prefecture_police(aworld: AccidentWorld) -> None:
    police = org_services.create_organisation(
        actor=None,
        code="kashgar-ps",
        unit=aworld.org.kashgar,
        name="喀什地区公安局",
        type="government_department",
        kind_code="public_security",
        start=dt.date(2019, 1, 1),
    )
    org_services.create_post(
        actor=None,
        code="kashgar-ps-principal",
        organisation=police,
        title="喀什地区公安局局长",
        role_code="department_principal",
        start=dt.date(2019, 1, 1),
    )


@pytest.mark.clause("art_14__para_1__point_5", pack="kashgar_2021")
@pytest.mark.parametrize(("urban", "reached"), [(True, True), (False, False)])
def test_the_urban_district_circumstance_comes_from_the_org_data(
    aworld: AccidentWorld, urban: bool, reached: bool
) -> None:
    """A county-level unit marked as the prefecture's seat city (Unit.urban) reaches the prefecture's
    supervising departments as possible, with the circumstance named; elsewhere they are not reached."""
    _prefecture_police(aworld)
    type(aworld.org.shule).objects.filter(pk=aworld.org.shule.pk).update(urban=urban)
    accident = _accident(aworld, deaths=3)  # 较大
    accident.refresh_from_db()

    rows = {row.post.code: row for row in selectors.accident_chain(accident)}

    assert ("kashgar-ps-principal" in rows) is reached
    if reached:
        entry = rows["kashgar-ps-principal"].entry
        assert entry.likely is False
        assert entry.circumstances == ["事故发生在地区所在地的城区"]
        assert entry.clauses[0] == "art_17__para_1"


def test_only_a_county_level_unit_can_be_an_urban_district(aworld: AccidentWorld) -> None:
    from zeren.org.errors import InvalidTree
    from zeren.org.models import Unit

    with pytest.raises(InvalidTree):
        org_services.create_unit(
            actor=None, code="x-town", name="某街道", level="township", parent=aworld.org.shule, urban=True
        )
    city = org_services.create_unit(
        actor=None, code="kashi", name="喀什市", level="county", parent=aworld.org.kashgar, urban=True
    )

    assert Unit.objects.get(pk=city.pk).urban is True
    assert not Unit.objects.filter(code="x-town").exists()
