"""What-if on stored runs of the demo: the ranking, rewards and fines move; nothing is ever written."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.accidents.world import AccidentWorld
from zeren.accidents.models import Accident
from zeren.accounts.services import grant_role
from zeren.assessment import services, whatif
from zeren.assessment.models import AssessmentRun, UnitResult
from zeren.assessment.rules import scheme as pack_scheme
from zeren.audit.models import AuditEvent
from zeren.org.models import Unit
from zeren.packs import KASHGAR_PACK_DIR, load_pack
from zeren.policy.assessment import AccidentFact, Scheme, UnitFacts
from zeren.policy.whatif import ChangeWeight, MarkObligationsDone, RemoveAccident, open_obligations

ON = dt.date(2026, 2, 1)
WRITES = ("INSERT", "UPDATE", "DELETE")


def _row(result: dict[str, Any], unit: str) -> dict[str, Any]:
    return next(r for g in result["groups"] for r in g["rows"] if r["unit"] == unit)


def _snapshot(run: AssessmentRun) -> tuple[Any, ...]:
    stored = AssessmentRun.objects.get(pk=run.pk)
    return (stored.facts, stored.result, stored.inputs_hash, stored.status, UnitResult.objects.count())


def _major_2024() -> int:
    return Accident.objects.get(grade="重大", occurred_at__year=2024).pk


def test_removing_the_2024_major_accident_unvetoes_shache_and_writes_nothing(demo: dict[str, Any]) -> None:
    run = services.run_assessment(actor=None, year=2024, on=ON)
    before = _snapshot(run)
    events = AuditEvent.objects.count()

    with CaptureQueriesContext(connection) as queries:
        result = whatif.what_if(run, [RemoveAccident(_major_2024())])

    shache = _row(result, "shache")
    assert (shache["before"]["rank"], shache["before"]["result"], shache["before"]["fine_yuan"]) == (
        13,  # last of the 12 counties and 喀什经济开发区 (ranked with them)
        "vetoed",
        30000,
    )
    assert (
        shache["after"]["veto"],
        shache["after"]["result"],
        shache["after"]["reward_yuan"],
        shache["after"]["fine_yuan"],
    ) == ("clear", "passed", 50000, 0)
    climb = shache["before"]["rank"] - shache["after"]["rank"]
    assert climb > 0
    assert shache["moved"] == ["rank", "score", "veto", "result", "reward_yuan", "fine_yuan"]
    assert (shache["rank_change"], shache["rank_move"]) == (climb, f"↑{climb}")
    assert shache["facts_changed"] == ["事故 1→0 起", "死亡 11→0 人"]
    # the top five places are rewarded (art. 61; tied units share a place): shache is now among them
    counties = [r for r in result["rows"] if r["group"] == "counties"] if "rows" in result else []
    for row in counties:
        assert bool(row["after"]["reward_yuan"]) == (
            row["after"]["result"] == "passed" and row["after"]["rank"] <= 5
        )
    assert _row(result, "kashgar-emergency")["after"]["result"] == "passed"  # it supervised the sector
    assert result["totals"]["before"]["fine_yuan"] - result["totals"]["after"]["fine_yuan"] == 40000
    assert result["baseline_differs"] is False
    assert result["changes"] == [f"剔除事故 #{_major_2024()}（重大，死亡11人）"]
    assert [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)] == []
    assert _snapshot(run) == before
    assert AuditEvent.objects.count() == events
    assert AssessmentRun.objects.count() == 1


def test_marking_obligations_done_lifts_a_failing_county_over_the_pass_mark(demo: dict[str, Any]) -> None:
    run = services.run_assessment(actor=None, year=2025, on=ON)
    _, facts, scheme = whatif.inputs(run)
    failing = next(u for u in run.result["units"] if u["group"] == "counties" and u["result"] == "failed")
    unit = next(f for f in facts if f.unit == failing["unit"])
    overdue, remainder = open_obligations(unit)
    before = _snapshot(run)

    result = whatif.what_if(run, [MarkObligationsDone(unit.unit, overdue + remainder)])

    row = _row(result, unit.unit)
    assert Decimal(row["before"]["score"]) < scheme.pass_mark <= Decimal(row["after"]["score"])
    assert (row["after"]["result"], row["after"]["fine_yuan"], row["after"]["rank"]) == ("passed", 0, 1)
    assert row["before"]["fine_yuan"] > 0
    assert f"逾期履职事项 {overdue}→0 项" in row["facts_changed"]
    assert _snapshot(run) == before


def test_a_weight_change_rescores_every_unit_on_the_same_scale(demo: dict[str, Any]) -> None:
    run = services.run_assessment(actor=None, year=2024, on=ON)

    result = whatif.what_if(run, [ChangeWeight("accidents", 0)])

    shache = _row(result, "shache")
    assert result["weights"] == {"obligations": 40, "inspections": 20, "lists": 10}
    assert result["scale"] == 100
    assert shache["after"]["result"] == "vetoed"  # the veto is no indicator: it stays
    assert result["changes"] == ["事故起数和死亡人数控制指标（目标责任书）权重 30→0"]


def _form(**values: str | list[str]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


FACTS = [
    UnitFacts(
        unit="shule",
        name="疏勒县",
        group="counties",
        obligations_due=10,
        obligations_overdue=4,
        accidents={"较大": 1},
        deaths=3,
        report_failures={},
        accident_events=(AccidentFact(7, "较大", 3),),
    ),
    UnitFacts(unit="bachu", name="巴楚县", group="counties", obligations_due=10, obligations_done=10),
]


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return pack_scheme(load_pack(KASHGAR_PACK_DIR))


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"remove_accident": "x"}, "remove_accident", "整数"),
        ({"remove_accident": "99999"}, "remove_accident", "#99999"),
        ({"mark_unit": "shule"}, "mark_count", "数量"),
        ({"mark_count": "3"}, "mark_unit", "单位"),
        ({"mark_unit": "shule", "mark_count": "0"}, "mark_count", "正整数"),
        ({"mark_unit": "nowhere", "mark_count": "3"}, "mark_unit", "nowhere"),
        ({"mark_unit": "bachu", "mark_count": "3"}, "mark_unit", "没有未完成"),
        ({"mark_done": "shule"}, "mark_done", "单位标识:正整数"),
        ({"mark_done": "nowhere:2"}, "mark_done", "nowhere"),
        ({"weight_obligations": "-1"}, "weight_obligations", "非负整数"),
        ({"weight_nope": "5"}, "weight_nope", "nope"),
        ({"weight": "obligations"}, "weight", "指标标识=权重"),
        (
            {f"weight_{i}": "0" for i in ("obligations", "inspections", "accidents", "lists")},
            "weight_obligations",
            "至少保留",
        ),
        ({"weight_obligations": "40"}, "__all__", "至少设定一项"),  # unchanged weights are no change
        ({}, "__all__", "至少设定一项"),
    ],
)
def test_parse_errors_name_the_field(
    scheme: Scheme, values: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(whatif.InvalidChanges) as caught:
        whatif.parse_changes(_form(**values), facts=FACTS, scheme=scheme)

    assert list(caught.value.errors) == [field]
    assert message in caught.value.errors[field]


def test_parse_reads_the_form_and_the_command_line_lists(scheme: Scheme) -> None:
    form = whatif.parse_changes(
        _form(remove_accident="7", mark_unit="", weight_obligations="40", weight_lists="0"),
        facts=FACTS,
        scheme=scheme,
    )
    lists = whatif.parse_changes(
        {"remove_accident": [7], "mark_done": [], "weight": ["lists=0"]}, facts=FACTS, scheme=scheme
    )
    marked = whatif.parse_changes(_form(mark_unit="shule", mark_count="3"), facts=FACTS, scheme=scheme)

    assert form == [RemoveAccident(7), ChangeWeight("lists", 0)]
    assert lists == form
    assert marked == [MarkObligationsDone("shule", 3)]


def test_the_form_offers_the_runs_accidents_and_units_with_open_obligations(demo: dict[str, Any]) -> None:
    run = services.run_assessment(actor=None, year=2025, on=ON)
    _, facts, _ = whatif.inputs(run)

    accidents = whatif.accident_options(facts)
    units = whatif.unit_options(facts)

    assert [a["grade"] for a in accidents] == ["一般", "较大"]
    assert accidents[1]["units"] == ["疏勒县", "喀什地区公安局"]
    assert "较大，死亡3人" in accidents[1]["label"]
    assert {u["unit"] for u in units} >= {"shule", "bachu"}


# --- the page ---------------------------------------------------------------------------------------
@pytest.fixture
def office(demo: dict[str, Any]) -> Client:
    admin = get_user_model().objects.create_user("office-admin", password="a-Long-test-passw0rd")
    grant_role(actor=None, user=admin, role="committee_admin", unit=Unit.objects.get(code="kashgar"))
    client = Client()
    client.force_login(admin)
    return client


def test_the_office_page_shows_both_sides_and_marks_what_changed(office: Client) -> None:
    run = services.run_assessment(actor=None, year=2024, on=ON)
    before = _snapshot(run)
    url = f"/assessment/{run.pk}/whatif/"

    form = office.get(url)
    page = office.post(url, {"remove_accident": str(_major_2024()), "weight_obligations": "40"})
    partial = office.post(url, {"remove_accident": str(_major_2024())}, headers={"HX-Request": "true"})

    assert form.status_code == 200
    assert 'hx-post="' + url + '"' in form.content.decode()
    assert "重大，死亡11人" in form.content.decode()
    html = page.content.decode()
    assert page.status_code == 200
    assert "<html" in html
    assert 'id="whatif-banner"' in html
    assert "未作任何改动" in html
    assert '<td class="after-reward changed"><mark>50000</mark></td>' in html
    assert re.search(r'<td class="after-rank changed"><mark>\d+ ↑\d+</mark></td>', html)
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    assert 'data-unit="shache"' in partial.content.decode()
    assert _snapshot(run) == before


def test_invalid_changes_come_back_with_the_field_named(office: Client) -> None:
    run = services.run_assessment(actor=None, year=2024, on=ON)
    url = f"/assessment/{run.pk}/whatif/"

    page = office.post(url, {"mark_unit": "shache", "mark_count": "zero"})
    partial = office.post(url, {"mark_unit": "shache", "mark_count": "zero"}, headers={"HX-Request": "true"})

    assert page.status_code == 400
    assert 'data-field="mark_count"' in page.content.decode()
    assert "标记完成的数量" in page.content.decode()
    assert partial.status_code == 200  # htmx swaps 2xx responses only
    assert 'data-field="mark_count"' in partial.content.decode()


def test_the_whatif_page_is_for_the_office_only(aworld: AccidentWorld) -> None:
    run = services.run_assessment(actor=None, year=2025, on=ON)
    services.publish_run(actor=None, run=run)
    alice, anonymous = Client(), Client()
    alice.force_login(aworld.users["alice"])
    admin = Client()
    admin.force_login(aworld.users["admin"])
    url = f"/assessment/{run.pk}/whatif/"

    assert alice.get(url).status_code == 404
    assert alice.post(url, {"weight_lists": "0"}).status_code == 404
    assert anonymous.get(url).status_code == 404
    assert admin.get(url).status_code == 200
    assert admin.get(f"/assessment/{run.pk}/").content.decode().count(url) == 1
