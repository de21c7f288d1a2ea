"""The authorisation matrix for accident pages, API and writes.

Personas (tests/org/world.py): alice and bob operate 疏勒县, charlie operates 莎车县, admin is the
prefecture's committee-office administrator, reviewer reads the prefecture, anon is not logged in.
On every denial we also assert that nothing changed.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from tests.accidents.world import AccidentWorld
from zeren.accidents import services
from zeren.accidents.models import Accident, CasualtyRevision, ReportStep
from zeren.accounts.services import issue_token
from zeren.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "bob", "charlie", "admin", "reviewer", "anon"]
TZ = ZoneInfo("Asia/Shanghai")
# two days ago, so that supplements are still within the 7-day road-traffic window
AT = (dt.datetime.now(TZ) - dt.timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
READ = {"alice": 200, "bob": 200, "charlie": 404, "admin": 200, "reviewer": 200, "anon": 302}
WRITE_PAGE = {"alice": 302, "bob": 302, "charlie": 404, "admin": 302, "reviewer": 403, "anon": 302}
API_READ = {"alice": 200, "bob": 200, "charlie": 404, "admin": 200, "reviewer": 200, "anon": 401}
API_WRITE = {"alice": 201, "bob": 201, "charlie": 404, "admin": 201, "reviewer": 403, "anon": 401}
WRITERS = {"alice", "bob", "admin"}


def _client(aworld: AccidentWorld, persona: str) -> Client:
    client = Client()
    if persona != "anon":
        client.force_login(aworld.users[persona])
    return client


def _api(aworld: AccidentWorld, persona: str) -> dict[str, str]:
    if persona == "anon":
        return {}
    token = issue_token(actor=None, user=aworld.users[persona]).token
    return {"Authorization": f"Bearer {token}"}


def _accident(aworld: AccidentWorld) -> Accident:
    return services.record_accident(
        actor=None,
        unit=aworld.org.shule,
        sector_code="road_traffic",
        occurred_at=AT,
        enterprise="某运输公司",
        description="追尾",
        deaths=2,
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_page(aworld: AccidentWorld, persona: str) -> None:
    accident = _accident(aworld)

    response = _client(aworld, persona).get(f"/accidents/{accident.pk}/")

    assert response.status_code == READ[persona]
    if response.status_code == 200:
        body = response.content.decode()
        assert "一般事故" in body
        assert "《生产安全事故报告和调查处理条例》第三条" in body
        assert "人员ps" in body  # the chain names the holder of 公安局局长 on the accident day


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_shows_only_the_scope(aworld: AccidentWorld, persona: str) -> None:
    _accident(aworld)

    response = _client(aworld, persona).get("/accidents/")

    if persona == "anon":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert ("某运输公司" in response.content.decode()) is (persona != "charlie")


FORM = {
    "unit": "",
    "sector_code": "road_traffic",
    "occurred_at": AT.strftime("%Y-%m-%dT%H:%M"),
    "enterprise": "某客运公司",
    "place": "",
    "deaths": "3",
    "serious_injuries": "0",
    "missing": "0",
    "direct_loss_yuan": "0",
    "description": "侧翻",
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_registering_through_the_page(aworld: AccidentWorld, persona: str) -> None:
    events = AuditEvent.objects.count()

    response = _client(aworld, persona).post("/accidents/new/", {**FORM, "unit": aworld.org.shule.pk})

    allowed = persona in WRITERS
    # charlie registers in 莎车县 only: the form refuses 疏勒县 (400); the reviewer registers nowhere (403)
    expected = {"alice": 302, "bob": 302, "charlie": 400, "admin": 302, "reviewer": 403, "anon": 302}
    assert response.status_code == expected[persona]
    assert Accident.objects.count() == (1 if allowed else 0)
    assert AuditEvent.objects.count() == events + (1 if allowed else 0)
    if allowed:
        accident = Accident.objects.get()
        assert (accident.grade, accident.unit, accident.recorded_by) == (
            "较大",
            aworld.org.shule,
            aworld.users[persona],
        )


@pytest.mark.parametrize("persona", PERSONAS)
def test_revising_through_the_page(aworld: AccidentWorld, persona: str) -> None:
    accident = _accident(aworld)
    data = {"deaths": "3", "serious_injuries": "0", "missing": "0", "direct_loss_yuan": "0", "note": "x"}

    response = _client(aworld, persona).post(f"/accidents/{accident.pk}/revisions/", data)

    accident.refresh_from_db()
    assert response.status_code == WRITE_PAGE[persona]
    assert CasualtyRevision.objects.count() == (1 if persona in WRITERS else 0)
    assert accident.grade == ("较大" if persona in WRITERS else "一般")


@pytest.mark.parametrize("persona", PERSONAS)
def test_recording_a_step_through_the_page(aworld: AccidentWorld, persona: str) -> None:
    accident = _accident(aworld)
    at = (AT + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    data = {"kind": "unit_report", "level": "", "at": at, "recipient": "县应急管理局"}

    response = _client(aworld, persona).post(f"/accidents/{accident.pk}/steps/", data)

    assert response.status_code == WRITE_PAGE[persona]
    assert ReportStep.objects.count() == (1 if persona in WRITERS else 0)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_read(aworld: AccidentWorld, persona: str) -> None:
    accident = _accident(aworld)

    response = Client().get(f"/api/accidents/{accident.pk}", headers=_api(aworld, persona))

    assert response.status_code == API_READ[persona]
    if response.status_code == 200:
        body = response.json()
        assert body["grade"] == "一般"
        assert body["required_levels"] == ["county", "prefecture"]
        assert {p["post"] for p in body["chain"]} >= {"shule-ps-principal", "shule-transport-principal"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_register(aworld: AccidentWorld, persona: str) -> None:
    payload = {
        "unit": "疏勒县",
        "sector": "道路交通",
        "occurred_at": AT.isoformat(),
        "enterprise": "某客运公司",
        "description": "侧翻",
        "deaths": 3,
    }
    headers = _api(aworld, persona)
    events = AuditEvent.objects.count()

    response = Client().post("/api/accidents", payload, content_type="application/json", headers=headers)

    assert response.status_code == API_WRITE[persona]
    allowed = persona in WRITERS
    assert Accident.objects.count() == (1 if allowed else 0)
    if allowed:
        assert response.json()["grade"] == "较大"
        assert response.json()["supplement_last_day"] == (AT.date() + dt.timedelta(days=7)).isoformat()
    assert AuditEvent.objects.count() == events + (1 if allowed else 0)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_revision_after_the_window_is_refused(aworld: AccidentWorld, persona: str) -> None:
    accident = _accident(aworld)
    Accident.objects.filter(pk=accident.pk).update(supplement_last_day=AT.date())  # closed yesterday
    payload = {"deaths": 3, "serious_injuries": 0, "missing": 0, "direct_loss_yuan": 0}

    response = Client().post(
        f"/api/accidents/{accident.pk}/revisions",
        payload,
        content_type="application/json",
        headers=_api(aworld, persona),
    )

    expected = {**API_WRITE, "alice": 422, "bob": 422, "admin": 422}
    assert response.status_code == expected[persona]
    if response.status_code == 422:
        assert "supplement_window_closed" in response.json()["detail"]
    accident.refresh_from_db()
    assert (accident.deaths, accident.grade) == (2, "一般")
    assert CasualtyRevision.objects.count() == 0


def test_api_records_the_accident_type_and_its_supplement_window(aworld: AccidentWorld) -> None:
    """493:art_13__para_2: a fire on a building site gets 7 days; the type is returned (fields added)."""
    payload = {
        "unit": "疏勒县",
        "sector": "building_construction",
        "accident_type": "火灾事故",
        "occurred_at": AT.isoformat(),
        "enterprise": "某建筑公司",
        "description": "工地宿舍起火",
    }

    response = Client().post(
        "/api/accidents", payload, content_type="application/json", headers=_api(aworld, "alice")
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["accident_type"], body["accident_type_name"], body["supplement_days"]) == (
        "fire",
        "火灾事故",
        7,
    )
    assert body["supplement_last_day"] == (AT.date() + dt.timedelta(days=7)).isoformat()
