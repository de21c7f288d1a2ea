"""列为问责对象: a possible post of an accident case (可能涉及，需调查核实) becomes a subject after the
inquiry, with its responsibility, clauses and the holder on the accident day; audited, atomic, refused twice.

The case is the 较大 road-traffic accident of 疏勒县 (3 deaths, no report failure): the deputy overseeing
the sector is the only subject; the county head, the Party secretary, the safety deputy and the
departments' heads are possible. Personas: alice/bob operate 疏勒县, charlie operates 莎车县, admin the
prefecture's committee office, reviewer its organisation department, discipline its discipline
inspection, leader is the deputy (named in the case, reads it), anon is not logged in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.accidents.world import AccidentWorld
from zeren.accidents import services as accidents
from zeren.accidents.models import Accident
from zeren.accountability import selectors, services
from zeren.accountability.errors import AlreadySubject, InvalidCase
from zeren.accountability.models import Case, Subject
from zeren.accounts.services import grant_role, issue_token
from zeren.audit.labels import ACTIONS
from zeren.audit.models import AuditEvent
from zeren.org import services as org_services
from zeren.org.models import Person, Tenure

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PERSONAS = ["alice", "bob", "charlie", "admin", "reviewer", "discipline", "leader", "anon"]
# who may list a possible post: whoever may change the case's subjects (permissions.CHANGE)
PAGE = {
    "alice": 302,
    "bob": 302,
    "charlie": 404,
    "admin": 302,
    "reviewer": 302,
    "discipline": 302,
    "leader": 403,
    "anon": 302,
}
API = {**PAGE, "alice": 201, "bob": 201, "admin": 201, "reviewer": 201, "discipline": 201, "anon": 401}


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


def _case(aworld: AccidentWorld) -> Case:
    return services.open_case_for_accident(actor=None, accident=_accident(aworld))


def _user(aworld: AccidentWorld, persona: str) -> Any:
    if persona in aworld.users:
        return aworld.users[persona]
    user = get_user_model().objects.create_user(username=persona, password="x-Passw0rd-x")
    if persona == "discipline":
        grant_role(actor=None, user=user, role="discipline_reviewer", unit=aworld.org.kashgar)
    else:  # the leader: the deputy named in the case
        grant_role(actor=None, user=user, role="leader", person=aworld.people["deputy"])
    return user


def _client(aworld: AccidentWorld, persona: str) -> Client:
    client = Client()
    if persona != "anon":
        client.force_login(_user(aworld, persona))
    return client


def _headers(aworld: AccidentWorld, persona: str) -> dict[str, str]:
    if persona == "anon":
        return {}
    return {"Authorization": f"Bearer {issue_token(actor=None, user=_user(aworld, persona)).token}"}


# -- the service -----------------------------------------------------------------------------------------


@pytest.mark.clause("art_14__para_1", "art_63__para_1__point_4", pack="kashgar_2021")
def test_a_possible_post_becomes_a_subject_with_its_responsibility_clauses_and_holder(
    aworld: AccidentWorld,
) -> None:
    case = _case(aworld)
    head = next(p for p in case.possible if p["post"] == "shule-head")
    events = AuditEvent.objects.count()

    subject = services.promote_possible(actor=aworld.users["reviewer"], case=case, post_code="shule-head")

    assert (subject.person, subject.post) == (aworld.people["head"], aworld.org.shule_head)
    assert subject.post_title == aworld.org.shule_head.title
    assert subject.responsibility == "主要领导责任"
    assert subject.clauses == ["art_14__para_1", "art_3__para_2", *case.clauses]
    assert subject.basis[0]["reason"] == head["reason"]
    assert subject.position == 2  # after the deputy proposed at opening
    assert [s.post.code for s in case.subjects.order_by("position") if s.post] == [
        "shule-deputy",
        "shule-head",
    ]
    event = AuditEvent.objects.get(action="accountability.promote_possible")
    assert AuditEvent.objects.count() == events + 1
    assert event.actor_id == aworld.users["reviewer"].pk
    assert event.object_id == str(subject.pk)
    assert "accountability.promote_possible" in ACTIONS  # shown by name in the audit trail
    rows = {row.post: row.subject_id for row in selectors.possible_posts(case)}
    assert rows["shule-head"] == subject.pk
    assert [code for code, listed in rows.items() if listed is None] == [
        code for code in (p["post"] for p in case.possible) if code != "shule-head"
    ]


def test_the_promoted_subject_gets_a_proposal_like_a_likely_one(aworld: AccidentWorld) -> None:
    case = _case(aworld)

    subject = services.promote_possible(actor=None, case=case, post_code="shule-head")

    view = selectors.subject_view(subject)
    assert view.proposal.forms  # a range of forms, as for the subjects named at opening
    assert selectors.fact_values(subject)["report_responsibility"] is True  # the county head: a principal


def test_listing_a_post_twice_is_refused_by_name_and_changes_nothing(aworld: AccidentWorld) -> None:
    case = _case(aworld)
    services.promote_possible(actor=None, case=case, post_code="shule-head")
    subjects, events = Subject.objects.count(), AuditEvent.objects.count()

    with pytest.raises(AlreadySubject, match="疏勒县人民政府县长（shule-head） 已列为问责对象（人员head）"):
        services.promote_possible(actor=None, case=case, post_code="shule-head")

    assert (Subject.objects.count(), AuditEvent.objects.count()) == (subjects, events)


def test_a_post_that_is_not_possible_in_the_case_is_refused_by_name(aworld: AccidentWorld) -> None:
    case = _case(aworld)

    with pytest.raises(InvalidCase, match="岗位 shule-deputy 不在本案“可能涉及，需调查核实”之列"):
        services.promote_possible(actor=None, case=case, post_code="shule-deputy")  # likely: a subject
    with pytest.raises(InvalidCase, match="岗位 shache-deputy 不在本案"):
        services.promote_possible(actor=None, case=case, post_code="shache-deputy")

    assert case.subjects.count() == 1


def test_the_holder_on_the_accident_day_is_named_not_todays(aworld: AccidentWorld) -> None:
    case = _case(aworld)
    # after the accident the county head is transferred and someone else appointed to the post
    successor = org_services.create_person(actor=None, code="p-new-head", name="新任县长")
    tenure = Tenure.objects.get(person=aworld.people["head"], post=aworld.org.shule_head)
    org_services.end_tenure(actor=None, tenure=tenure, end=dt.date(2026, 3, 10), reason="transfer")
    org_services.appoint(actor=None, person=successor, post=aworld.org.shule_head, start=dt.date(2026, 3, 11))

    subject = services.promote_possible(actor=None, case=case, post_code="shule-head")

    assert subject.person == aworld.people["head"]
    assert subject.acting is False


def test_a_post_vacant_on_the_accident_day_is_refused_by_name(aworld: AccidentWorld) -> None:
    tenure = Tenure.objects.get(post=aworld.transport_principal)
    org_services.end_tenure(actor=None, tenure=tenure, end=dt.date(2026, 2, 1), reason="transfer")
    case = _case(aworld)
    entry = next(p for p in case.possible if p["post"] == "shule-transport-principal")
    assert entry["holder"] is None

    with pytest.raises(
        InvalidCase, match="疏勒县交通运输局局长（shule-transport-principal） 在 2026-03-01 空缺"
    ):
        services.promote_possible(actor=None, case=case, post_code="shule-transport-principal")

    assert case.subjects.count() == 1


def test_an_acting_holder_on_the_accident_day_is_named_as_acting(aworld: AccidentWorld) -> None:
    tenure = Tenure.objects.get(post=aworld.transport_principal)
    org_services.end_tenure(actor=None, tenure=tenure, end=dt.date(2026, 2, 1), reason="transfer")
    acting = org_services.create_person(actor=None, code="p-acting", name="代局长")
    org_services.appoint(
        actor=None, person=acting, post=aworld.transport_principal, start=dt.date(2026, 2, 2), acting=True
    )
    case = _case(aworld)

    subject = services.promote_possible(actor=None, case=case, post_code="shule-transport-principal")

    assert (subject.person, subject.acting) == (acting, True)


def test_a_user_outside_the_case_unit_is_refused_and_nothing_changes(aworld: AccidentWorld) -> None:
    case = _case(aworld)
    events = AuditEvent.objects.count()

    with pytest.raises(InvalidCase, match="没有单位 shule"):
        services.promote_possible(actor=aworld.users["charlie"], case=case, post_code="shule-head")

    assert case.subjects.count() == 1
    assert AuditEvent.objects.count() == events


def test_the_promotion_is_atomic_with_its_audit_event(
    aworld: AccidentWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = _case(aworld)

    def broken(**kwargs: object) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "record_event", broken)
    with pytest.raises(RuntimeError):
        services.promote_possible(actor=None, case=case, post_code="shule-head")

    assert list(case.subjects.values_list("post__code", flat=True)) == ["shule-deputy"]


# -- the case page ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_listing_a_possible_post_from_the_case_page(aworld: AccidentWorld, persona: str) -> None:
    case = _case(aworld)
    client = _client(aworld, persona)
    events = AuditEvent.objects.count()

    response = client.post(f"/cases/{case.pk}/possible/shule-head/promote/")

    assert response.status_code == PAGE[persona]
    allowed = PAGE[persona] == 302 and persona != "anon"
    assert case.subjects.filter(post__code="shule-head").exists() is allowed
    assert AuditEvent.objects.count() == events + (1 if allowed else 0)
    if allowed:
        subject = case.subjects.get(post__code="shule-head")
        assert response["Location"] == f"/cases/{case.pk}/#subject-{subject.pk}"
        body = client.get(response["Location"]).content.decode()
        assert "已将 人员head（时任疏勒县人民政府县长）列为问责对象，审查责任类型：主要领导责任" in body
        proposed, possible = body.split("可能涉及，需调查核实", 1)
        assert f'id="subject-{subject.pk}" data-post="shule-head"' in proposed
        head = possible.split('data-post="shule-head"', 1)[1].split("</tr>", 1)[0]
        assert f'<a href="#subject-{subject.pk}">已列为问责对象</a>' in head
        assert "promote/" not in head  # no button any more for this post
    elif persona == "anon":
        assert response["Location"].startswith("/accounts/login/")


def test_the_button_shows_only_to_those_who_may_list_and_only_for_held_posts(aworld: AccidentWorld) -> None:
    tenure = Tenure.objects.get(post=aworld.transport_principal)
    org_services.end_tenure(actor=None, tenure=tenure, end=dt.date(2026, 2, 1), reason="transfer")
    case = _case(aworld)

    operator = _client(aworld, "alice").get(f"/cases/{case.pk}/").content.decode()
    leader = _client(aworld, "leader").get(f"/cases/{case.pk}/").content.decode()

    possible = operator.split("可能涉及，需调查核实", 1)[1]
    assert f'action="/cases/{case.pk}/possible/shule-head/promote/"' in possible
    assert "promote/" not in possible.split('data-post="shule-transport-principal"', 1)[1].split("</tr>")[0]
    assert "岗位空缺" in possible
    assert "列为问责对象</button>" not in leader
    assert "需调查核实</td>" in leader


def test_listing_twice_from_the_page_says_so_and_changes_nothing(aworld: AccidentWorld) -> None:
    case = _case(aworld)
    client = _client(aworld, "reviewer")
    client.post(f"/cases/{case.pk}/possible/shule-head/promote/")
    events = AuditEvent.objects.count()

    response = client.post(f"/cases/{case.pk}/possible/shule-head/promote/")

    assert response.status_code == 409
    assert (
        "疏勒县人民政府县长（shule-head） 已列为问责对象（人员head），无需重复列入"
        in response.content.decode()
    )
    assert case.subjects.filter(post__code="shule-head").count() == 1
    assert AuditEvent.objects.count() == events


def test_an_unknown_post_from_the_page_is_refused_by_name(aworld: AccidentWorld) -> None:
    case = _case(aworld)

    response = _client(aworld, "admin").post(f"/cases/{case.pk}/possible/nowhere/promote/")

    assert response.status_code == 422
    assert "岗位 nowhere 不在本案“可能涉及，需调查核实”之列" in response.content.decode()
    assert case.subjects.count() == 1


def test_a_get_does_not_list(aworld: AccidentWorld) -> None:
    case = _case(aworld)

    response = _client(aworld, "admin").get(f"/cases/{case.pk}/possible/shule-head/promote/")

    assert response.status_code == 405
    assert case.subjects.count() == 1


# -- the API ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_listing_a_possible_post_through_the_api(aworld: AccidentWorld, persona: str) -> None:
    case = _case(aworld)
    headers = _headers(aworld, persona)

    response = Client().post(
        f"/api/cases/{case.pk}/subjects",
        {"post": "shule-head"},
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == API[persona]
    assert case.subjects.filter(post__code="shule-head").exists() is (response.status_code == 201)
    if response.status_code == 201:
        body = response.json()
        subject = case.subjects.get(post__code="shule-head")
        assert body["id"] == subject.pk
        assert (body["person"], body["post"], body["responsibility"]) == (
            "p-head",
            "shule-head",
            "主要领导责任",
        )
        assert body["clauses"][:2] == ["art_14__para_1", "art_3__para_2"]
        assert body["proposal"]["forms"]
        detail = Client().get(f"/api/cases/{case.pk}", headers=headers).json()
        possible = {p["post"]: p["subject"] for p in detail["possible"]}
        assert possible["shule-head"] == subject.pk
        assert possible["shule-secretary"] is None
        assert [s["post"] for s in detail["subjects"]] == ["shule-deputy", "shule-head"]


def test_listing_twice_through_the_api_is_a_conflict_with_a_chinese_message(aworld: AccidentWorld) -> None:
    case = _case(aworld)
    headers = _headers(aworld, "admin")
    url = f"/api/cases/{case.pk}/subjects"
    first = Client().post(url, {"post": "shule-head"}, content_type="application/json", headers=headers)

    again = Client().post(url, {"post": "shule-head"}, content_type="application/json", headers=headers)
    unknown = Client().post(url, {"post": "nowhere"}, content_type="application/json", headers=headers)

    assert first.status_code == 201
    assert again.status_code == 409
    assert again.json()["code"] == "already_subject"
    assert "疏勒县人民政府县长（shule-head） 已列为问责对象" in again.json()["message"]
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "invalid_case"
    assert "nowhere" in unknown.json()["message"]
    assert case.subjects.filter(post__code="shule-head").count() == 1


def test_a_case_without_possible_posts_refuses_any_post(aworld: AccidentWorld) -> None:
    case = services.open_case(
        actor=None,
        trigger="duty_failure",
        unit=aworld.org.shule,
        on=dt.date(2026, 2, 1),
        title="未履职",
        facts="督查发现",
        people=[(aworld.people["deputy"], None)],
    )
    headers = _headers(aworld, "admin")

    response = Client().post(
        f"/api/cases/{case.pk}/subjects",
        {"post": "shule-head"},
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 422
    assert Person.objects.filter(accountability_subjects__case=case).count() == 1
