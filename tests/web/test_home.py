"""The home page per role, the leader's reach to accidents and cases, the inbox, and the charts' data.

Personas (tests/accidents/world.py): ``secretary`` is the leader account of 疏勒县委书记, ``outsider`` the
leader account of a 莎车县 deputy head, alice operates 疏勒县, admin is the prefecture's committee office,
reviewer reads the prefecture for the Organisation Department.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.accidents.world import AccidentWorld, build_accident_world
from zeren.accidents import services as accidents
from zeren.accidents.models import Accident, ReportStep
from zeren.accountability import services as cases
from zeren.accounts.services import grant_role
from zeren.common.charts import chart, svg_bars
from zeren.obligations.services import generate_occurrences

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
AT = (dt.datetime.now(TZ) - dt.timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)


@pytest.fixture
def aworld(db: None) -> AccidentWorld:
    return build_accident_world()


def _leader(aworld: AccidentWorld, username: str, person: Any) -> Any:
    user = get_user_model().objects.create_user(username, password="a-Long-test-passw0rd")
    grant_role(actor=None, user=user, role="leader", person=person)
    return user


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _accident(
    aworld: AccidentWorld, unit: Any = None, deaths: int = 3, sector_code: str = "road_traffic"
) -> Accident:
    return accidents.record_accident(
        actor=None,
        unit=unit or aworld.org.shule,
        sector_code=sector_code,
        occurred_at=AT,
        enterprise="某客运公司" if sector_code == "road_traffic" else "某烟花爆竹批发店",
        description="客车与货车追尾" if sector_code == "road_traffic" else "仓库爆炸",
        deaths=deaths,
    )


def test_a_leader_reads_the_accidents_of_their_county_but_changes_nothing(aworld: AccidentWorld) -> None:
    accident = _accident(aworld)
    secretary = _client(_leader(aworld, "secretary", aworld.people["secretary"]))
    outsider = _client(_leader(aworld, "outsider", aworld.org.person_b))

    assert secretary.get(f"/accidents/{accident.pk}/").status_code == 200
    assert accident.number in secretary.get("/accidents/").content.decode()
    assert outsider.get(f"/accidents/{accident.pk}/").status_code == 404
    assert accident.number not in outsider.get("/accidents/").content.decode()

    response = secretary.post(
        f"/accidents/{accident.pk}/steps/",
        {"kind": "unit_report", "at": "2026-01-01T10:00", "level": "county"},
    )
    assert response.status_code == 403
    assert ReportStep.objects.filter(accident=accident).count() == 0


def test_the_leader_home_names_the_accident_and_the_case_and_the_case_opens(aworld: AccidentWorld) -> None:
    # 重大 (10 deaths) at a fixed site: the county's principals are proposed (arts. 3-7); at 较大 they are
    # only possible, as they are at any grade of a road accident (the pack's road group)
    accident = _accident(aworld, deaths=10, sector_code="fireworks")
    case = cases.open_case_for_accident(actor=None, accident=accident, facts="追尾，10人死亡。")
    secretary = _client(_leader(aworld, "secretary", aworld.people["secretary"]))
    outsider = _client(_leader(aworld, "outsider", aworld.org.person_b))

    body = secretary.get("/").content.decode()

    assert "疏勒县委书记" in body
    assert accident.number in body  # the accident whose chain names them
    assert case.number in body  # the case that names them
    assert "第六十五条一票否决" in body
    assert "不受限制" in body
    assert secretary.get(f"/cases/{case.pk}/").status_code == 200
    assert outsider.get(f"/cases/{case.pk}/").status_code == 404
    assert case.number not in outsider.get("/").content.decode()


def test_the_inbox_and_the_home_show_overdue_items_before_any_reminder_ran(aworld: AccidentWorld) -> None:
    generate_occurrences(actor=None, year=timezone.localdate().year - 1)  # all past due, none done
    secretary = _client(_leader(aworld, "secretary", aworld.people["secretary"]))

    inbox = secretary.get("/obligations/inbox/").content.decode()
    home = secretary.get("/").content.decode()

    assert "没有提醒" not in inbox
    overdue = re.search(r"<strong>(\d+)</strong><a [^>]*status=overdue", inbox)
    assert overdue is not None
    assert int(overdue.group(1)) > 0
    assert "已逾期" in home
    assert "疏勒县委书记" in home


def test_the_operator_home_shows_the_reporting_clock_of_a_recent_accident(aworld: AccidentWorld) -> None:
    accident = _accident(aworld, deaths=1)
    body = _client(aworld.users["alice"]).get("/").content.decode()

    assert accident.number in body
    assert "尚未报告" in body
    assert "登记事故" in body


def _dashboard_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_the_committee_dashboard_reads_a_constant_number_of_queries(aworld: AccidentWorld) -> None:
    year = timezone.localdate().year
    generate_occurrences(actor=None, year=year)
    _accident(aworld)
    admin = _client(aworld.users["admin"])
    admin.get("/")  # warm caches (pack, sessions)
    few = _dashboard_queries(admin)

    for deaths in (1, 2, 4, 11):
        _accident(aworld, unit=aworld.org.shache, deaths=deaths)
    more = _dashboard_queries(admin)

    assert more == few


def test_the_dashboard_charts_are_json_data_and_the_page_has_no_inline_script(aworld: AccidentWorld) -> None:
    _accident(aworld)
    body = _client(aworld.users["admin"]).get("/").content.decode()

    for chart_id in ("accidents-grade", "accidents-sector", "accidents-month"):
        assert f'<script id="{chart_id}-data" type="application/json">' in body
    assert "/static/echarts/echarts.min.js" in body
    assert "各单位完成情况对比" in body  # the per-county chart is reachable from the dashboard
    inline = [
        s for s in re.findall(r"<script([^>]*)>", body) if "src=" not in s and "application/json" not in s
    ]
    assert inline == []


def test_the_reviewer_looks_up_a_person_and_reaches_their_eligibility(aworld: AccidentWorld) -> None:
    person = aworld.people["secretary"]
    body = _client(aworld.users["reviewer"]).get("/", {"q": person.name}).content.decode()

    assert f"/cases/eligibility/{person.code}/" in body
    assert "问责案件" in body


def test_the_audit_log_charts_events_per_day(aworld: AccidentWorld) -> None:
    auditor = get_user_model().objects.create_user("auditor", password="a-Long-test-passw0rd")
    grant_role(actor=None, user=auditor, role="auditadmin")
    _accident(aworld)

    body = _client(auditor).get("/audit/").content.decode()

    data = re.search(r'<script id="audit-per-day-data" type="application/json">(.*?)</script>', body)
    assert data is not None
    assert '"kind": "bar"' in data.group(1)


def test_chart_specs_and_svg_bars() -> None:
    spec = chart("x", "标题", "bar", ["甲", "乙"], [("得分", ["89.04", 50])], unit="分", max_value=100)
    empty = chart("y", "无", "pie", ["一般"], [("起数", [0])], empty="无事故")

    assert spec["series"] == [{"name": "得分", "data": [89.04, 50]}]
    assert (spec["data_id"], spec["max"], spec["empty"]) == ("x-data", 100, "")
    assert empty["empty"] == "无事故"
    bars = svg_bars(
        "得分", [("1. 甲", "100", "100分", "passed"), ("2. 乙", "50.00", "50分", "failed")], max_value=100
    )
    assert [b.width for b in bars.bars] == [440, 220]
    assert bars.height == 2 * (16 + 4)
    with pytest.raises(ValueError, match="unknown chart kind"):
        chart("z", "", "radar", [], [])
