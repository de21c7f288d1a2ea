"""The authorisation matrix: tour members, the target's operators, another county, the office, anonymous.

Personas (tests/supervision/world.py): ivan leads the team and iris is a member; alice and bob operate
疏勒县 (the target); charlie operates 莎车县 (another county); admin is the prefecture's committee-office
administrator; reviewer reads the prefecture; anon is not logged in. Every denial changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.supervision.world import PERSONAS, TourWorld, finding
from zeren.accountability.models import Case
from zeren.audit.models import AuditEvent
from zeren.supervision import services
from zeren.supervision.models import ChecklistItem, Finding, RectificationReport, Target

pytestmark = pytest.mark.django_db
LATER = (timezone.localdate() + dt.timedelta(days=30)).isoformat()


def _client(tw: TourWorld, persona: str) -> Client:
    client = Client()
    if persona != "anon":
        client.force_login(tw.users[persona])
    return client


def _state() -> tuple[Any, ...]:
    return (
        AuditEvent.objects.count(),
        tuple(Finding.objects.order_by("pk").values_list("status", "case_id")),
        RectificationReport.objects.count(),
        tuple(ChecklistItem.objects.order_by("pk").values_list("result", flat=True)),
        Target.objects.count(),
        Case.objects.count(),
    )


READ_PLAN = {
    "ivan": 200,
    "iris": 200,
    "alice": 404,
    "bob": 404,
    "charlie": 404,
    "admin": 200,
    "reviewer": 200,
    "anon": 302,
}
READ_TARGET = {**READ_PLAN, "alice": 200, "bob": 200}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("plan", READ_PLAN),
        ("chart", READ_PLAN),
        ("report", READ_PLAN),
        ("target", READ_TARGET),
        ("print", READ_TARGET),
        ("finding", READ_TARGET),
    ],
)
def test_reading(tw: TourWorld, persona: str, page: str, expected: dict[str, int]) -> None:
    f = finding(tw)
    url = {
        "plan": f"/supervision/{tw.plan.pk}/",
        "chart": f"/supervision/{tw.plan.pk}/chart.svg",
        "report": f"/supervision/{tw.plan.pk}/report.docx",
        "target": f"/supervision/targets/{tw.target.pk}/",
        "print": f"/supervision/targets/{tw.target.pk}/print/",
        "finding": f"/supervision/findings/{f.pk}/",
    }[page]

    response = _client(tw, persona).get(url)

    assert response.status_code == expected[persona]
    if expected[persona] == 302:
        assert response["Location"].startswith("/accounts/login/")


DENIED_WRITE = {"charlie": 404, "anon": 302}
INSPECT = {"ivan": 302, "iris": 302, "alice": 403, "bob": 403, "admin": 403, "reviewer": 403, **DENIED_WRITE}
REPORT = {"ivan": 403, "iris": 403, "alice": 302, "bob": 302, "admin": 403, "reviewer": 403, **DENIED_WRITE}
MANAGE = {"ivan": 403, "iris": 403, "alice": 403, "bob": 403, "admin": 302, "reviewer": 403, **DENIED_WRITE}
MANAGE_PLAN = {**MANAGE, "alice": 404, "bob": 404}


def _post(tw: TourWorld, action: str) -> tuple[str, dict[str, str]]:
    f = Finding.objects.order_by("pk").first()
    assert f is not None
    item = tw.target.items.order_by("position").first()
    assert item is not None
    return {
        "mark": (f"/supervision/items/{item.pk}/mark/", {"result": "met", "note": "已落实"}),
        "finding": (
            f"/supervision/targets/{tw.target.pk}/findings/",
            {
                "severity": "general",
                "clause": "art_25__para_1__point_1",
                "description": "台账缺失",
                "owner": str(tw.org.shule_transport.pk),
                "deadline": LATER,
                "measures": "补齐台账",
            },
        ),
        "report": (f"/supervision/findings/{f.pk}/report/", {"text": "已整改"}),
        "verify": (f"/supervision/findings/{f.pk}/verify/", {"reason": ""}),
        "reject": (f"/supervision/findings/{f.pk}/reject/", {"reason": "不到位"}),
        "case": (f"/supervision/findings/{f.pk}/case/", {}),
        "target": (f"/supervision/{tw.plan.pk}/targets/", {"unit": "shache", "organisation": ""}),
        "complete": (f"/supervision/{tw.plan.pk}/status/", {"status": "completed"}),
    }[action]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("action", "prepare", "expected"),
    [
        ("mark", [], INSPECT),
        ("finding", [], INSPECT),
        ("report", [], REPORT),
        ("verify", ["report"], INSPECT),
        ("reject", ["report"], INSPECT),
        ("case", [], MANAGE),
        ("target", [], MANAGE_PLAN),
        ("complete", [], MANAGE_PLAN),
    ],
)
def test_writing(
    tw: TourWorld, persona: str, action: str, prepare: list[str], expected: dict[str, int]
) -> None:
    f = finding(tw)
    steps: dict[str, Callable[[], Any]] = {
        "report": lambda: services.report_rectification(actor=tw.users["alice"], finding=f, text="已整改"),
    }
    for step in prepare:
        steps[step]()
    url, data = _post(tw, action)
    before = _state()

    response = _client(tw, persona).post(url, data)

    assert response.status_code == expected[persona], response.content.decode()[:300]
    if expected[persona] == 302:
        if persona == "anon":
            assert response["Location"].startswith("/accounts/login/")
            assert _state() == before
        else:
            assert _state() != before  # the allowed write happened
    else:
        assert _state() == before


@pytest.mark.parametrize(
    ("persona", "plans", "findings"),
    [("ivan", 1, 1), ("alice", 0, 1), ("charlie", 0, 0), ("admin", 1, 1), ("reviewer", 1, 1)],
)
def test_api_lists_only_the_scope(tw: TourWorld, persona: str, plans: int, findings: int) -> None:
    finding(tw)
    client = _client(tw, persona)

    assert len(client.get("/api/supervision/plans").json()) == plans
    assert len(client.get("/api/supervision/findings").json()) == findings


@pytest.mark.parametrize(("persona", "expected"), [("alice", 200), ("ivan", 403), ("charlie", 404)])
def test_api_report(tw: TourWorld, persona: str, expected: int) -> None:
    f = finding(tw)
    before = _state()

    response = _client(tw, persona).post(
        f"/api/supervision/findings/{f.pk}/report", {"text": "已整改"}, content_type="application/json"
    )

    assert response.status_code == expected
    if expected == 200:
        assert response.json()["status"] == "reported"
    else:
        assert _state() == before


def test_operator_lands_on_own_target_from_the_list(tw: TourWorld) -> None:
    body = _client(tw, "alice").get("/supervision/").content.decode()

    assert f"/supervision/targets/{tw.target.pk}/" in body
    assert f'href="/supervision/{tw.plan.pk}/"' not in body
