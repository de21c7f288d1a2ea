"""A second pack with other article numbers, bodies and roles (tests/packs/mini_pack), written for the tests:
it checks, loads, derives lists and generates a calendar with no code written for it — every fact the
steps need (duty articles, bodies -> organisation types, principals, levels, the first-year rule) comes from
its pack.yaml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zeren.catalog.services import load_pack_into_catalog
from zeren.duties.selectors import ListContext
from zeren.obligations.models import Occurrence
from zeren.obligations.services import generate_occurrences
from zeren.org import services as org
from zeren.org.models import Post
from zeren.packs import check_pack, coverage, load_pack

MINI = Path(__file__).parent / "mini_pack"
D = dt.date
MINI_CLAUSE = pytest.mark.clause("art_2__para_1__point_2", pack="mini_town_2023")


def test_the_mini_pack_checks_clean_with_its_own_duty_articles() -> None:
    pack = load_pack(MINI)

    assert check_pack(MINI) == []
    assert pack.duty_rules.articles == (2, 3)
    assert coverage(pack)["summary"]["points_assigned"] == 4
    assert pack.organisation.principal_role("government") == "town_head"


def test_kashgars_tests_never_count_for_the_mini_packs_articles() -> None:
    rows = {row["eid"]: row["tests"] for row in coverage(load_pack(MINI))["articles"]}

    assert rows["art_4"] == []  # Kashgar's art. 4 tests name pack="kashgar_2021"
    assert rows["art_2"] == ["tests/packs/test_mini_pack.py::test_the_mini_calendar_owes_what_its_pack_says"]


@pytest.fixture
def town(db: None) -> dict[str, Post]:
    load_pack_into_catalog(directory=MINI)
    county = org.create_unit(actor=None, code="mini-prefecture", name="某地区", level="prefecture")
    unit = org.create_unit(actor=None, code="mini-town", name="某镇", level="township", parent=county)
    government = org.create_organisation(
        actor=None, code="mini-gov", unit=unit, name="某镇人民政府", type="government", start=D(2020, 1, 1)
    )
    station = org.create_organisation(
        actor=None,
        code="mini-station",
        unit=unit,
        name="某镇应急站",
        type="government_department",
        kind_code="emergency_station",
        start=D(2020, 1, 1),
    )
    head = org.create_post(
        actor=None, code="mini-head", organisation=government, title="某镇镇长", role_code="town_head",
        start=D(2020, 1, 1),
    )  # fmt: skip
    chief = org.create_post(
        actor=None, code="mini-chief", organisation=station, title="某镇应急站站长",
        role_code="station_chief", start=D(2020, 1, 1),
    )  # fmt: skip
    return {"head": head, "chief": chief}


def test_the_mini_pack_loads_into_the_catalogue(town: dict[str, Post]) -> None:
    from zeren.catalog.models import PackVersion

    version = PackVersion.objects.get(pack_id="mini_town_2023")
    assert sorted(version.obligations.values_list("code", flat=True)) == [
        "quarterly_safety_meeting",
        "station_annual_report",
    ]


def test_lists_derive_from_the_mini_pack(town: dict[str, Post]) -> None:
    from zeren.catalog.packs import current_pack

    context = ListContext(on=D(2024, 6, 1), pack=current_pack("mini_town_2023", on=D(2024, 6, 1)))
    head = context.derive_post(town["head"])
    chief = context.derive_post(town["chief"])

    head_lines = [line["clause"] for s in head.content["sections"] for line in s["lines"]]
    chief_lines = [line["clause"] for s in chief.content["sections"] for line in s["lines"]]
    assert head_lines == ["art_2__para_1__point_1", "art_2__para_1__point_2"]
    assert chief_lines == ["art_3__para_1__point_1", "art_3__para_1__point_2"]  # holds its station's duties


@MINI_CLAUSE
def test_the_mini_calendar_owes_what_its_pack_says(town: dict[str, Post]) -> None:
    from zeren.catalog.packs import current_pack

    version = current_pack("mini_town_2023", on=D(2023, 12, 31))
    result = generate_occurrences(actor=None, year=2023, pack=version)

    rows = sorted(
        Occurrence.objects.filter(year=2023).values_list("obligation_code", "period_label", "post_id", "due")
    )
    head, chief = town["head"].pk, town["chief"].pk
    assert rows == [
        ("quarterly_safety_meeting", "2023Q1", head, D(2023, 3, 31)),
        ("quarterly_safety_meeting", "2023Q2", head, D(2023, 6, 30)),
        ("quarterly_safety_meeting", "2023Q3", head, D(2023, 9, 30)),
        ("quarterly_safety_meeting", "2023Q4", head, D(2023, 12, 31)),
        # due 01-15, before the entry into force on 02-01: owed 20 days after it (the pack's calendar)
        ("station_annual_report", "2023", chief, D(2023, 2, 21)),
    ]
    assert result.by_clause == {"art_2__para_1__point_2": 4, "art_3__para_1__point_2": 1}
