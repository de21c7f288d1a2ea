"""Writes that name a person or a unit stay in the actor's subtree; reads across cases show only visible ones.

alice/bob operate 疏勒县, charlie operates 莎车县, admin administers the prefecture, anon is not logged in.
p-a holds a 疏勒县 post, p-b a 莎车县 post. An unknown code and an out-of-scope code get the same answer, so
the forms cannot map another county's codes to names. Denials change nothing (no case, no audit event).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from tests.accidents.world import AccidentWorld
from zeren.accidents import services as accidents
from zeren.accountability import services
from zeren.accountability.errors import InvalidCase
from zeren.accountability.models import Case, InterferenceRecord
from zeren.accounts.services import issue_token
from zeren.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

OUT_OF_SCOPE = "不在您的管辖范围内"


def _client(aworld: AccidentWorld, persona: str) -> Client:
    client = Client()
    if persona != "anon":
        client.force_login(aworld.users[persona])
    return client


def _case_form(aworld: AccidentWorld, people: str, unit: str = "shule") -> dict[str, str]:
    return {
        "trigger": "duty_failure",
        "unit": str(getattr(aworld.org, unit).pk),
        "on": "2026-02-01",
        "title": "巡查发现",
        "facts": "未开展检查",
        "people": people,
    }


def _interference_form(aworld: AccidentWorld, person: str, unit: str = "shule") -> dict[str, str]:
    return {
        "unit": str(getattr(aworld.org, unit).pk),
        "person": person,
        "occurred_on": "2026-02-01",
        "description": "要求撤销处罚",
    }


# persona -> (status, cases created) for a 疏勒县 case naming p-b, a 莎车县 person
NAMING_OUTSIDER = {"alice": 400, "bob": 400, "charlie": 400, "admin": 302, "anon": 302}


@pytest.mark.parametrize("persona", list(NAMING_OUTSIDER))
def test_a_case_naming_a_person_of_another_county(aworld: AccidentWorld, persona: str) -> None:
    events = AuditEvent.objects.count()

    response = _client(aworld, persona).post("/cases/new/", _case_form(aworld, "p-b"))

    assert response.status_code == NAMING_OUTSIDER[persona]
    created = persona == "admin"
    assert Case.objects.count() == (1 if created else 0)
    assert AuditEvent.objects.count() == events + (1 if created else 0)
    if persona in {"alice", "bob"}:
        assert OUT_OF_SCOPE in response.content.decode()
        assert "演示乙" not in response.content.decode()


@pytest.mark.parametrize("persona", ["alice", "bob", "admin"])
def test_a_case_naming_a_person_in_scope(aworld: AccidentWorld, persona: str) -> None:
    response = _client(aworld, persona).post("/cases/new/", _case_form(aworld, "p-a shule-deputy"))

    assert response.status_code == 302
    assert Case.objects.get().subjects.get().person == aworld.people["deputy"]


def test_unknown_and_out_of_scope_codes_get_the_same_answer(aworld: AccidentWorld) -> None:
    client = _client(aworld, "alice")

    outsider = client.post("/cases/new/", _case_form(aworld, "p-b")).content.decode()
    unknown = client.post("/cases/new/", _case_form(aworld, "p-b-nobody")).content.decode()

    assert "没有人员 p-b，或该人员不在您的管辖范围内" in outsider
    assert "没有人员 p-b-nobody，或该人员不在您的管辖范围内" in unknown

    def same(body: str, code: str) -> str:
        return re.sub(r"[A-Za-z0-9]{64}", "<csrf>", body.replace(code, "X"))

    assert same(outsider, "p-b") == same(unknown, "p-b-nobody")


@pytest.mark.parametrize("persona", ["charlie"])
def test_a_case_in_another_countys_unit_is_refused(aworld: AccidentWorld, persona: str) -> None:
    response = _client(aworld, persona).post("/cases/new/", _case_form(aworld, "p-a"))

    assert response.status_code == 400
    assert Case.objects.count() == 0


@pytest.mark.parametrize("persona", list(NAMING_OUTSIDER))
def test_interference_naming_a_person_of_another_county(aworld: AccidentWorld, persona: str) -> None:
    response = _client(aworld, persona).post("/cases/interference/new/", _interference_form(aworld, "p-b"))

    assert response.status_code == NAMING_OUTSIDER[persona]
    created = persona == "admin"
    assert InterferenceRecord.objects.count() == (1 if created else 0)
    assert Case.objects.count() == (1 if created else 0)
    if persona in {"alice", "bob"}:
        assert OUT_OF_SCOPE in response.content.decode()


def test_interference_naming_a_person_in_scope(aworld: AccidentWorld) -> None:
    response = _client(aworld, "alice").post("/cases/interference/new/", _interference_form(aworld, "p-a"))

    assert response.status_code == 302
    assert InterferenceRecord.objects.get().person == aworld.people["deputy"]


def test_services_refuse_a_user_naming_people_units_or_posts_outside_their_scope(
    aworld: AccidentWorld,
) -> None:
    alice = aworld.users["alice"]
    shule, shache = aworld.org.shule, aworld.org.shache
    on = dt.date(2026, 2, 1)
    kwargs: dict[str, Any] = {"trigger": "duty_failure", "on": on, "title": "t", "facts": "f"}
    deputy, outsider = aworld.people["deputy"], aworld.org.person_b

    with pytest.raises(InvalidCase, match="没有单位 shache"):
        services.open_case(actor=alice, unit=shache, people=[(deputy, None)], **kwargs)
    with pytest.raises(InvalidCase, match="没有人员 p-b"):
        services.open_case(actor=alice, unit=shule, people=[(outsider, None)], **kwargs)
    with pytest.raises(InvalidCase, match="没有岗位 shache-deputy"):
        services.open_case(actor=alice, unit=shule, people=[(deputy, aworld.org.shache_deputy)], **kwargs)
    with pytest.raises(InvalidCase, match="没有人员 p-b"):
        services.record_interference(
            actor=alice, unit=shule, person=outsider, occurred_on=dt.date(2026, 2, 1), description="d"
        )
    case = services.open_case(actor=alice, unit=shule, people=[(deputy, None)], **kwargs)
    with pytest.raises(InvalidCase, match="没有人员 p-b"):
        services.add_subject(actor=alice, case=case, person=outsider, post=None, reason="r")
    assert case.subjects.count() == 1
    assert Case.objects.count() == 1


def _decide_in_shache(aworld: AccidentWorld) -> Case:
    """The system names p-a (a 疏勒县 leader) in a 莎车县 accident case and records a demotion (art. 65)."""
    accident = accidents.record_accident(
        actor=None,
        unit=aworld.org.shache,
        sector_code="road_traffic",
        occurred_at=dt.datetime(2026, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        enterprise="某客运公司",
        description="侧翻",
        deaths=3,
    )
    case = services.open_case_for_accident(actor=None, accident=accident)
    subject = services.add_subject(
        actor=None, case=case, person=aworld.people["deputy"], post=None, reason="负有领导责任"
    )
    services.record_decision(
        actor=None,
        subject=subject,
        outcome="accountable",
        form="demotion",
        organ="discipline_inspection",
        decided_on=dt.date(2026, 4, 1),
        reasoning="督促不力",
        leadership_responsibility=True,
    )
    return case


# who reads p-a's eligibility, and whether the 莎车县 decision counts for them
ELIGIBILITY = {"alice": (200, True), "bob": (200, True), "charlie": (404, None), "admin": (200, False)}


@pytest.mark.parametrize("persona", list(ELIGIBILITY))
def test_eligibility_page_counts_only_visible_cases(aworld: AccidentWorld, persona: str) -> None:
    case = _decide_in_shache(aworld)
    status, eligible = ELIGIBILITY[persona]

    response = _client(aworld, persona).get("/cases/eligibility/p-a/?on=2026-05-01")

    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert ("<strong>可以</strong>" in body) is eligible
        assert (case.number in body) is (not eligible)


@pytest.mark.parametrize("persona", [*ELIGIBILITY, "anon"])
def test_eligibility_api_counts_only_visible_cases(aworld: AccidentWorld, persona: str) -> None:
    _decide_in_shache(aworld)
    headers = {}
    if persona != "anon":
        headers = {"Authorization": f"Bearer {issue_token(actor=None, user=aworld.users[persona]).token}"}

    response = Client().get("/api/people/p-a/eligibility?on=2026-05-01", headers=headers)

    if persona == "anon":
        assert response.status_code == 401
        return
    status, eligible = ELIGIBILITY[persona]
    assert response.status_code == status
    if status == 200:
        assert response.json()["eligible"] is eligible
