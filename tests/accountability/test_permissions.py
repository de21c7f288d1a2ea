"""The authorisation matrix for case pages, case opening, decisions and eligibility (pages and API).

alice/bob operate 疏勒县, charlie operates 莎车县, admin administers the prefecture, reviewer is the
organisation-department reviewer of the prefecture, anon is not logged in. Denials change nothing.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from tests.accidents.world import AccidentWorld
from zeren.accidents import services as accidents
from zeren.accidents.models import Accident
from zeren.accountability import services
from zeren.accountability.models import Case, Decision
from zeren.accounts.services import issue_token
from zeren.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "bob", "charlie", "admin", "reviewer", "anon"]
AT = dt.datetime(2026, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
READ = {"alice": 200, "bob": 200, "charlie": 404, "admin": 200, "reviewer": 200, "anon": 302}
OPEN = {"alice": 302, "bob": 302, "charlie": 404, "admin": 302, "reviewer": 302, "anon": 302}
DECIDE = {"alice": 403, "bob": 403, "charlie": 404, "admin": 302, "reviewer": 302, "anon": 302}
API_DECIDE = {"alice": 403, "bob": 403, "charlie": 404, "admin": 201, "reviewer": 201, "anon": 401}


def _client(aworld: AccidentWorld, persona: str) -> Client:
    client = Client()
    if persona != "anon":
        client.force_login(aworld.users[persona])
    return client


def _accident(aworld: AccidentWorld) -> Accident:
    return accidents.record_accident(
        actor=None,
        unit=aworld.org.shule,
        sector_code="road_traffic",
        occurred_at=AT,
        enterprise="某客运公司",
        description="侧翻",
        deaths=3,
    )


def _decision_data(**extra: str) -> dict[str, str]:
    return {
        "outcome": "accountable",
        "form": "admonishment",
        "organ": "discipline_inspection",
        "decided_on": "2026-04-01",
        "reasoning": "督促不力",
        "leadership_responsibility": "on",
        **extra,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_case_page(aworld: AccidentWorld, persona: str) -> None:
    case = services.open_case_for_accident(actor=None, accident=_accident(aworld))

    response = _client(aworld, persona).get(f"/cases/{case.pk}/")

    assert response.status_code == READ[persona]
    if response.status_code == 200:
        body = response.content.decode()
        assert "演示甲" in body
        assert "《办法》第十六条第一款" in body
        assert ("记录决定" in body) is (persona in {"admin", "reviewer"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_opening_a_case_from_an_accident(aworld: AccidentWorld, persona: str) -> None:
    accident = _accident(aworld)

    response = _client(aworld, persona).post(f"/cases/from-accident/{accident.pk}/")

    assert response.status_code == OPEN[persona]
    assert Case.objects.count() == (1 if persona in {"alice", "bob", "admin", "reviewer"} else 0)


@pytest.mark.parametrize("persona", PERSONAS)
def test_recording_a_decision_page(aworld: AccidentWorld, persona: str) -> None:
    case = services.open_case_for_accident(actor=None, accident=_accident(aworld))
    subject = case.subjects.get(post__code="shule-deputy")
    events = AuditEvent.objects.count()

    response = _client(aworld, persona).post(f"/cases/subjects/{subject.pk}/decisions/", _decision_data())

    assert response.status_code == DECIDE[persona]
    allowed = persona in {"admin", "reviewer"}
    assert Decision.objects.count() == (1 if allowed else 0)
    assert AuditEvent.objects.count() == events + (1 if allowed else 0)


@pytest.mark.parametrize("persona", PERSONAS)
def test_recording_a_decision_api(aworld: AccidentWorld, persona: str) -> None:
    case = services.open_case_for_accident(actor=None, accident=_accident(aworld))
    subject = case.subjects.get(post__code="shule-deputy")
    headers = {}
    if persona != "anon":
        headers = {"Authorization": f"Bearer {issue_token(actor=None, user=aworld.users[persona]).token}"}
    payload = {
        "outcome": "accountable",
        "form": "admonishment",
        "organ": "discipline_inspection",
        "decided_on": "2026-04-01",
        "reasoning": "督促不力",
        "leadership_responsibility": True,
    }

    response = Client().post(
        f"/api/cases/subjects/{subject.pk}/decisions",
        payload,
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == API_DECIDE[persona]
    assert Decision.objects.count() == (1 if response.status_code == 201 else 0)
    if response.status_code == 201:
        detail = Client().get(f"/api/cases/{case.pk}", headers=headers).json()
        deputy = next(s for s in detail["subjects"] if s["post"] == "shule-deputy")
        assert deputy["proposal"]["clauses"]
        assert deputy["proposal"]["facts"]
        assert deputy["decisions"][0]["current"] is True


@pytest.mark.parametrize("persona", PERSONAS)
def test_eligibility_page(aworld: AccidentWorld, persona: str) -> None:
    case = services.open_case_for_accident(actor=None, accident=_accident(aworld))
    services.record_decision(
        actor=None,
        subject=case.subjects.get(post__code="shule-deputy"),
        outcome="accountable",
        form="admonishment",
        organ="discipline_inspection",
        decided_on=dt.date(2026, 4, 1),
        reasoning="督促不力",
        leadership_responsibility=True,
    )

    response = _client(aworld, persona).get("/cases/eligibility/p-a/?on=2026-09-30")

    assert response.status_code == READ[persona]
    if response.status_code == 200:
        assert "不得" in response.content.decode()
        assert "2026年9月30日" in response.content.decode()
        after = _client(aworld, persona).get("/cases/eligibility/p-a/?on=2026-10-01").content.decode()
        assert "<strong>可以</strong>" in after


@pytest.mark.clause("art_14__para_1", "art_16__para_1", pack="kashgar_2021")
def test_the_case_page_and_api_list_the_possible_posts_apart_with_responsibility_and_clause(
    aworld: AccidentWorld,
) -> None:
    case = services.open_case_for_accident(actor=None, accident=_accident(aworld))  # 较大
    client = _client(aworld, "alice")
    token = issue_token(actor=None, user=aworld.users["alice"]).token

    body = client.get(f"/cases/{case.pk}/").content.decode()
    detail = Client().get(f"/api/cases/{case.pk}", headers={"Authorization": f"Bearer {token}"}).json()

    proposed, possible = body.split("可能涉及，需调查核实", 1)
    assert "审查责任类型：重要领导责任" in proposed  # the deputy overseeing the sector, proposed
    assert 'data-post="shule-head"' not in proposed
    assert 'data-post="shule-head"' in possible
    assert "主要领导责任" in possible
    assert "《办法》第十四条第一款" in possible
    assert [s["post"] for s in detail["subjects"]] == ["shule-deputy"]
    assert detail["subjects"][0]["responsibility"] == "重要领导责任"
    head = next(p for p in detail["possible"] if p["post"] == "shule-head")
    assert (head["responsibility"], head["clauses"][0]) == ("主要领导责任", "art_14__para_1")
    assert {"post", "title", "unit", "role", "holder", "clauses"} <= set(head)
