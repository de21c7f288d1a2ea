"""The Kashgar demo: structure, pack codes, the scripted history, idempotency and reset.

The demo is built once per module inside a transaction that is rolled back at the end; each test
runs in a savepoint inside it (pytest-django's ``db``), so tests that reset or rebuild see the
original demo again afterwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from zeren.audit.models import AuditEvent
from zeren.catalog.models import PackVersion
from zeren.catalog.services import load_pack_into_catalog
from zeren.demo import (
    DEMO_NOTE,
    PERSON_PREFIX,
    DemoResetRefused,
    DemoSummary,
    build_demo,
    codes_used,
    demo_summary,
    reset_demo,
)
from zeren.demo.data import COUNTIES, STORY
from zeren.demo.names import NameMaker
from zeren.org import selectors
from zeren.org.models import Organisation, Person, Portfolio, Post, Succession, Tenure, Unit, active_on
from zeren.packs import KASHGAR_PACK_DIR

D = dt.date
COUNTY_NAMES = [
    "喀什市", "疏附县", "疏勒县", "英吉沙县", "泽普县", "莎车县",
    "叶城县", "麦盖提县", "岳普湖县", "伽师县", "巴楚县", "塔什库尔干塔吉克自治县",
]  # fmt: skip


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[PackVersion, DemoSummary]]:
    with django_db_blocker.unblock(), transaction.atomic():
        pack = load_pack_into_catalog(directory=KASHGAR_PACK_DIR).pack
        summary = build_demo()
        yield pack, summary
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _in_demo(built: tuple[PackVersion, DemoSummary], db: None) -> None:
    """Every test runs in a savepoint inside the module's demo transaction."""


@pytest.fixture
def pack(built: tuple[PackVersion, DemoSummary]) -> PackVersion:
    return built[0]


@pytest.fixture
def summary(built: tuple[PackVersion, DemoSummary]) -> DemoSummary:
    return built[1]


def post(code: str) -> Post:
    return Post.objects.select_related("unit").get(code=code)


def holder_codes(code: str, on: dt.date) -> list[str]:
    return [t.person.code for t in selectors.holders_of(post(code), on)]


def test_build_reports_its_counts_and_is_fast(summary: DemoSummary) -> None:
    assert summary.created is True
    assert summary.counts() == demo_summary().counts()
    assert summary.units == 1 + 12 + sum(len(c.townships) for c in COUNTIES) + 4
    assert summary.organisations >= 500
    assert summary.posts >= 2000
    assert summary.people > summary.posts  # the posts' predecessors too
    assert summary.tenures >= summary.people
    assert summary.successions == 1
    assert summary.seconds < 30


def test_prefecture_and_the_twelve_counties(summary: DemoSummary) -> None:
    prefecture = Unit.objects.get(code="kashgar")
    counties = Unit.objects.filter(parent=prefecture, level=Unit.Level.COUNTY).order_by("position")

    assert prefecture.name == "喀什地区"
    assert prefecture.level == Unit.Level.PREFECTURE
    assert [c.name for c in counties] == COUNTY_NAMES
    assert [c.code for c in counties] == [c.code for c in COUNTIES]


def test_every_area_has_its_bodies_departments_and_townships(pack: PackVersion) -> None:
    government_kinds = set(
        pack.department_kinds.filter(type="government_department").values_list("code", flat=True)
    ) - {"township_safety_office"}  # a township body (art. 73), checked below for every township
    for unit in Unit.objects.filter(level__in=[Unit.Level.PREFECTURE, Unit.Level.COUNTY]):
        orgs = Organisation.objects.filter(unit=unit)
        current = orgs.filter(end__isnull=True)
        for body in ("party_committee", "government", "safety_committee", "committee_office"):
            assert orgs.filter(type=body).count() == 1, (unit.name, body)
        kinds = set(current.filter(type="government_department").values_list("kind_code", flat=True))
        assert government_kinds <= kinds, (unit.name, government_kinds - kinds)
        if unit.level == Unit.Level.COUNTY:
            townships = unit.children.filter(level=Unit.Level.TOWNSHIP)
            assert townships.count() >= 3, unit.name
            for township in townships:
                types = {o.type for o in township.organisations.all()}
                assert {"party_committee", "government", "government_department"} <= types, township.name
                station = township.organisations.get(kind_code="township_safety_office")
                assert station.posts.filter(role_code="department_principal").count() == 1
                assert township.posts.filter(role_code="township_safety_leader").count() == 1


def test_functional_zones_sit_under_the_unit_that_manages_them() -> None:
    zones = Unit.objects.filter(level=Unit.Level.ZONE).select_related("parent")
    parents = {z.name: z.parent.name for z in zones if z.parent is not None}

    assert parents["喀什经济开发区"] == "喀什地区"
    assert any(p != "喀什地区" for p in parents.values())  # an industrial park under a county
    for zone in zones:
        assert zone.organisations.filter(type="zone_administration").count() == 1
        assert zone.path.startswith(zone.parent.path)  # type: ignore[union-attr]


def test_every_code_exists_in_the_loaded_pack(pack: PackVersion) -> None:
    roles = set(pack.roles.values_list("code", flat=True))
    kinds = set(pack.department_kinds.values_list("code", flat=True))
    sectors = set(pack.sectors.values_list("code", flat=True))

    assert set(Post.objects.values_list("role_code", flat=True)) <= roles
    assert set(Organisation.objects.exclude(kind_code="").values_list("kind_code", flat=True)) <= kinds
    assert set(Portfolio.objects.exclude(sector_code="").values_list("sector_code", flat=True)) <= sectors
    used = codes_used()
    assert used["roles"] <= roles
    assert used["department_kinds"] <= kinds
    assert used["sectors"] <= sectors
    assert Post.objects.values("role_code").distinct().count() == len(roles)  # every role is used


def test_each_area_has_one_principal_pair_and_a_safety_leader_on_the_standing_committee() -> None:
    on = D(2021, 6, 1)
    for unit in Unit.objects.filter(level__in=[Unit.Level.PREFECTURE, Unit.Level.COUNTY]):
        tenures = Tenure.objects.filter(active_on(on), post__unit=unit).select_related("post")
        full = [t for t in tenures if not t.acting]
        roles = [t.post.role_code for t in full]
        assert roles.count("party_principal") == 1, unit.name
        acting_head = unit.code == STORY.acting_unit  # 疏附县 had only an acting head that day
        assert roles.count("government_principal") == (0 if acting_head else 1), unit.name
        assert roles.count("government_safety_leader") == 1, unit.name
        safety_leader = next(t.person_id for t in full if t.post.role_code == "government_safety_leader")
        # art. 15: the executive deputy who oversees safety sits on the Party standing committee
        assert any(t.person_id == safety_leader and t.post.role_code == "party_standing_member" for t in full)


def test_every_department_has_a_principal_and_a_safety_deputy() -> None:
    departments = Organisation.objects.filter(
        type__in=["party_organ", "government_department", "vertical_agency"]
    ).exclude(unit__level=Unit.Level.TOWNSHIP)  # a township's stations have a head only
    for org in departments:
        roles = set(org.posts.values_list("role_code", flat=True))
        assert {"department_principal", "department_safety_leader"} <= roles, org.name
    for org in Organisation.objects.filter(type="social_organisation").exclude(kind_code="village_committee"):
        assert set(org.posts.values_list("role_code", flat=True)) == {"social_organisation_principal"}


def test_portfolios_follow_the_realistic_division_of_work() -> None:
    on = D(2022, 1, 1)
    shule = Unit.objects.get(code="shule")

    emergency = Organisation.objects.get(code="shule-emergency")
    assert [p.code for p in selectors.posts_overseeing_organisation(emergency, on)] == ["shule-gov-executive"]
    assert [p.code for p in selectors.posts_overseeing_sector(shule, "road_traffic", on)] == [
        "shule-gov-deputy-transport"
    ]
    assert [p.code for p in selectors.posts_overseeing_sector(shule, "building_construction", on)] == [
        "shule-gov-deputy-construction"
    ]
    assert [p.code for p in selectors.posts_overseeing_sector(shule, "schools", on)] == [
        "shule-gov-deputy-social"
    ]
    assert [p.code for p in selectors.posts_overseeing_sector(shule, "water_conservancy", on)] == [
        "shule-gov-deputy-rural"
    ]


def test_a_portfolio_moved_in_2023_answers_by_date() -> None:
    shule = Unit.objects.get(code="shule")
    before, after = STORY.portfolio_moves_on - dt.timedelta(days=1), STORY.portfolio_moves_on

    assert [p.code for p in selectors.posts_overseeing_sector(shule, "sports", before)] == [
        "shule-gov-deputy-social"
    ]
    assert [p.code for p in selectors.posts_overseeing_sector(shule, "sports", after)] == [
        "shule-gov-deputy-commerce"
    ]


def test_the_transferred_deputy_holds_the_right_post_on_each_date() -> None:
    old, new = "shule-gov-deputy-construction", "shache-gov-deputy-construction"
    transferred = holder_codes(old, D(2021, 6, 1))
    assert len(transferred) == 1
    person = Person.objects.get(code=transferred[0])

    assert holder_codes(old, D(2022, 6, 30)) == [person.code]
    assert holder_codes(old, D(2022, 7, 1)) == []  # vacant until it is filled again
    successor = holder_codes(old, STORY.refill_on)
    assert len(successor) == 1
    assert successor != [person.code]
    assert holder_codes(new, D(2022, 7, 1)) == [person.code]
    assert holder_codes(new, D(2024, 1, 1)) == [person.code]
    assert person.code not in holder_codes(new, D(2022, 6, 30))
    ended = person.tenures.get(post__code=old)
    assert (ended.end, ended.end_reason) == (D(2022, 6, 30), Tenure.EndReason.TRANSFER)


def test_the_retired_person_keeps_every_post_they_held() -> None:
    retired = Person.objects.get(retired_on__isnull=False, code__startswith=PERSON_PREFIX)
    held = list(selectors.posts_held_by(retired))

    assert retired.retired_on == STORY.retire_on
    assert retired.note == DEMO_NOTE
    assert [(t.post.code, t.start, t.end, t.end_reason) for t in held] == [
        ("shache-natural-resources-principal", D(2019, 1, 1), D(2020, 10, 9), Tenure.EndReason.PROMOTION),
        ("shache-gov-deputy-construction", D(2020, 10, 10), D(2022, 6, 30), Tenure.EndReason.RETIREMENT),
    ]
    assert holder_codes("shache-gov-deputy-construction", D(2021, 6, 1)) == [retired.code]


def test_the_reorganised_bureau_answers_before_and_its_successor_after() -> None:
    old = Organisation.objects.get(code="jiashi-work-safety")
    new = Organisation.objects.get(code="jiashi-emergency")
    last_day = STORY.reorganised_on - dt.timedelta(days=1)

    assert selectors.responsible_organisations(old, last_day) == [old]
    assert selectors.responsible_organisations(old, STORY.reorganised_on) == [new]
    assert selectors.responsible_organisations(old, D(2024, 1, 1)) == [new]
    succession = Succession.objects.get(predecessor=old)
    assert (succession.successor, succession.on, succession.kind) == (new, STORY.reorganised_on, "merge")
    assert old.kind_code == new.kind_code == "emergency_management"
    director = holder_codes("jiashi-work-safety-principal", D(2020, 1, 1))
    assert holder_codes("jiashi-work-safety-principal", STORY.reorganised_on) == []
    assert holder_codes("jiashi-emergency-principal", STORY.reorganised_on) == director
    executive = post("jiashi-gov-executive")
    assert list(selectors.posts_overseeing_organisation(old, last_day)) == [executive]
    assert list(selectors.posts_overseeing_organisation(new, STORY.reorganised_on)) == [executive]


def test_principals_of_shule_are_the_party_secretary_and_the_county_head() -> None:
    shule = Unit.objects.get(code="shule")
    for on in (D(2021, 6, 1), D(2024, 6, 1)):
        principals = list(selectors.principals_of(shule, on))

        assert sorted(t.post.code for t in principals) == ["shule-gov-head", "shule-party-secretary"]
        assert {t.person.code for t in principals} == {
            *holder_codes("shule-party-secretary", on),
            *holder_codes("shule-gov-head", on),
        }


def test_shufu_had_an_acting_county_head_in_mid_2021() -> None:
    executive = holder_codes("shufu-gov-executive", D(2021, 6, 1))
    acting = list(selectors.holders_of(post("shufu-gov-head"), D(2021, 6, 1)))

    assert [(t.person.code, t.acting) for t in acting] == [(executive[0], True)]
    assert all(t.acting is False for t in selectors.holders_of(post("shufu-gov-head"), D(2021, 9, 1)))


def test_history_makes_dates_matter() -> None:
    begin = D(2019, 1, 1)
    started_2019_2021 = Tenure.objects.filter(start__gt=begin, start__lte=D(2021, 12, 31)).count()
    changed_2022_2024 = Tenure.objects.filter(end__gte=D(2022, 1, 1), end__lte=D(2024, 12, 31)).count()

    assert started_2019_2021 > 300
    assert changed_2022_2024 > 300
    changed_between = Post.objects.filter(tenures__start__gt=D(2021, 6, 1)).filter(
        tenures__start__lte=D(2021, 6, 1)
    )
    assert changed_between.distinct().count() > 200  # a different holder on 2021-06-01 than today


def test_people_are_invented_marked_and_deterministic() -> None:
    people = Person.objects.filter(code__startswith=PERSON_PREFIX).order_by("code")
    names = list(people.values_list("name", flat=True))

    assert set(people.values_list("note", flat=True)) == {DEMO_NOTE}
    assert len(names) == len(set(names))
    assert any("·" in n for n in names)
    assert any("·" not in n for n in names)
    maker = NameMaker("kashgar-demo-2021")
    assert names[:5] == [maker.next() for _ in range(5)]


def test_building_again_writes_nothing(summary: DemoSummary) -> None:
    events = AuditEvent.objects.count()

    again = build_demo()

    assert again.created is False
    assert again.counts() == summary.counts()
    assert AuditEvent.objects.count() == events


def test_the_build_is_in_the_audit_trail() -> None:
    actions = list(
        AuditEvent.objects.filter(action__in=["demo.build", "org.reorganise", "org.retire"]).values_list(
            "action", flat=True
        )
    )

    assert actions.count("org.reorganise") == 1
    assert actions.count("org.retire") == 1
    assert actions.count("demo.build") == 6  # one per bulk-written table and the closing summary
    assert AuditEvent.objects.filter(action="org.create_unit").count() == Unit.objects.count()


def test_reset_removes_the_demo_keeps_the_audit_trail_and_rebuilds(
    summary: DemoSummary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZEREN_DEMO", "1")
    events = AuditEvent.objects.count()

    deleted = reset_demo()

    assert deleted == {**summary.counts()}
    assert not Unit.objects.exists()
    assert not Person.objects.filter(code__startswith=PERSON_PREFIX).exists()
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.order_by("-seq").first().action == "demo.reset"  # type: ignore[union-attr]
    rebuilt = build_demo()
    assert rebuilt.created is True
    assert rebuilt.counts() == summary.counts()


def test_reset_is_refused_outside_a_demo_instance(
    summary: DemoSummary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ZEREN_DEMO", raising=False)
    events = AuditEvent.objects.count()

    with pytest.raises(DemoResetRefused):
        reset_demo()

    assert demo_summary().counts() == summary.counts()
    assert AuditEvent.objects.count() == events


@pytest.mark.clause("art_17__para_1__point_5", pack="kashgar_2021")
def test_most_departments_name_a_safety_body_and_a_few_are_findings(pack: PackVersion) -> None:
    from zeren.org.checks import org_findings

    on = D(2025, 6, 30)
    departments = Organisation.objects.filter(
        active_on(on), unit__level__in=["prefecture", "county"],
        type__in=["party_organ", "government_department", "vertical_agency"],
    )  # fmt: skip
    missing = {
        o.code for o in departments if not o.safety_body or not o.safety_staff
    }  # nothing entered, or a body without staff

    found = {f.unit for f in org_findings(pack, on=on) if f.clause == "art_17__para_1__point_5"}

    assert found == missing
    assert 0 < len(found) < departments.count() // 5  # a few, not most
    assert departments.filter(safety_body="", safety_staff__isnull=True).exists()
    assert departments.exclude(safety_body="").filter(safety_staff=0).exists()
    emergency = Organisation.objects.get(code="kashgar-emergency")
    assert (emergency.safety_body, emergency.safety_staff) in {
        ("安全生产综合监督管理科", n) for n in (1, 2, 3, 4)
    }
