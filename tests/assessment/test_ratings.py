"""The principals' comprehensive rating (art. 57 para 2): stored with the run, the page, the .xlsx for the
Organisation Department (audited) and ``zeren assess ratings``.

Personas: the committee office (admin), the prefecture's Organisation Department reviewer (reviewer), a
Discipline Inspection reviewer, an Organisation Department reviewer of one county, a county operator
(alice) and an anonymous visitor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from io import BytesIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from openpyxl import load_workbook

from tests.accidents.world import AccidentWorld
from zeren.accountability import services as accountability
from zeren.accountability.models import Case
from zeren.accounts.services import grant_role
from zeren.assessment import services
from zeren.assessment.cli.ratings import run_ratings
from zeren.assessment.facts import facts_from_json
from zeren.assessment.models import AssessmentRun
from zeren.assessment.ratings import EXPORT_ACTION, HEADERS, ratings_for
from zeren.audit.models import AuditEvent
from zeren.catalog.packs import pure_pack
from zeren.org.models import Person, Post, Tenure, Unit

ON = dt.date(2026, 2, 1)
LEVELS = {"excellent", "competent", "basic", "incompetent"}


def _decide(person: Person, post: Post, *, form: str, opened: dt.date, decided: dt.date) -> None:
    """A decision of ``form`` against ``person`` in a duty-failure case (no accident: art. 65 not engaged)."""
    case = accountability.open_case(
        actor=None,
        trigger="duty_failure",
        unit=post.organisation.unit,
        on=opened,
        title="未按规定履行安全生产职责（测试）",
        facts="巡查发现未按规定组织开展安全生产检查（测试）。",
        people=[(person, post)],
    )
    accountability.record_decision(
        actor=None,
        subject=case.subjects.get(),
        outcome="accountable",
        form=form,
        organ="discipline_inspection",
        decided_on=decided,
        reasoning="未按规定履行安全生产职责。",
    )


def _decide_for_accident(person: Person, post: Post, *, form: str, decided: dt.date) -> None:
    """A decision of ``form`` with leadership responsibility for the demo's accident in 疏勒县 (art. 65)."""
    case = Case.objects.filter(unit__code="shule", accident__isnull=False).order_by("on").last()
    assert case is not None
    subject = case.subjects.filter(person=person).first() or accountability.add_subject(
        actor=None, case=case, person=person, post=post, reason="负有领导责任（测试）"
    )
    accountability.record_decision(
        actor=None,
        subject=subject,
        outcome="accountable",
        form=form,
        organ="discipline_inspection",
        decided_on=decided,
        reasoning="对事故负有领导责任。",
        leadership_responsibility=True,
    )


def _holder(unit: str, role: str) -> tuple[Person, Post]:
    post = Post.objects.get(
        organisation__unit__code=unit,
        organisation__type__in=("party_committee", "government"),
        role_code=role,
    )
    tenure = Tenure.objects.filter(post=post).select_related("person").order_by("-start").first()
    assert tenure is not None
    return tenure.person, post


def _client(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _user(name: str, role: str, unit: Unit) -> Any:
    user = get_user_model().objects.create_user(username=name, password="x-Passw0rd-x")
    grant_role(actor=None, user=user, role=role, unit=unit)
    return user


# --- the demo ------------------------------------------------------------------------------------------
def test_every_principal_of_every_unit_is_rated_once_per_unit(demo: dict[str, Any]) -> None:
    run = services.run_assessment(actor=None, year=2025, on=ON)

    ratings = run.result["ratings"]
    expected = sorted({(f["unit"], p["person"]) for f in run.facts for p in f["principals"]})
    rated = sorted((r["unit"], r["person"]) for r in ratings)
    assert rated == expected
    assert len(expected) > 50  # 12 counties × 2 + the departments
    assert {r["unit"] for r in ratings} <= {u["unit"] for u in run.result["units"]}
    assert all(r["level"] in LEVELS and r["citations"][0] == "art_57__para_2" for r in ratings)
    assert all(r["reasons"] and all(x["clause"] for x in r["reasons"]) for r in ratings)
    results = {u["unit"]: u["result"] for u in run.result["units"]}
    # every demo unit fails (50 points or less): nobody is better than 基本称职
    assert set(results.values()) == {"failed"}
    assert {r["level"] for r in ratings} == {"basic"}


def test_an_art_65_bar_and_an_in_year_decision_on_the_demo(demo: dict[str, Any]) -> None:
    # given 疏勒县's party secretary admonished for an accident after the year (barred by art. 65 on the
    # run day, no decision in 2025) and its county head reassigned in 2025 (no accident: not barred)
    secretary, secretary_post = _holder("shule", "party_principal")
    head, head_post = _holder("shule", "government_principal")
    _decide_for_accident(secretary, secretary_post, form="admonishment", decided=dt.date(2026, 1, 10))
    _decide(head, head_post, form="reassignment", opened=dt.date(2025, 6, 1), decided=dt.date(2025, 11, 3))

    run = services.run_assessment(actor=None, year=2025, on=ON)

    rows = {(r["unit"], r["person"]): r for r in run.result["ratings"]}
    barred = rows[("shule", secretary.code)]
    reassigned = rows[("shule", head.code)]
    assert barred["level"] == "basic"  # the county failed
    assert "art_65__para_1" in barred["citations"]
    assert any(x["clause"] == "art_65__para_1" and "不得评为优秀" in x["text"] for x in barred["reasons"])
    assert reassigned["level"] == "incompetent"
    assert {"text": "本人当年受到调整职务问责（调整职务及以上）", "clause": "art_64__para_1"} in reassigned[
        "reasons"
    ]

    # when the same facts are rated as if 疏勒县 had passed with 95 points
    facts = facts_from_json(run.facts)
    units = [
        {**u, "result": "passed", "score": "95.00"} if u["unit"] == "shule" else u
        for u in run.result["units"]
    ]
    again = {(r["unit"], r["person"]): r for r in ratings_for(pure_pack(run.pack.pack_id), facts, units)}

    # then the barred secretary is capped at 称职 and the reassigned head stays 不称职
    assert again[("shule", secretary.code)]["level"] == "competent"
    assert again[("shule", secretary.code)]["reasons"][-1]["clause"] == "art_65__para_1"
    assert again[("shule", head.code)]["level"] == "incompetent"
    shule_findings = next(f for f in facts if f.unit == "shule").findings
    assert shule_findings == 0  # so nothing else holds the secretary back from 优秀


# --- pages, export, permissions ---------------------------------------------------------------------------
@pytest.fixture
def published(aworld: AccidentWorld) -> AssessmentRun:
    run = services.run_assessment(actor=None, year=2025, on=ON)
    return services.publish_run(actor=None, run=run)


def test_the_office_and_both_reviewers_see_the_ratings(
    aworld: AccidentWorld, published: AssessmentRun
) -> None:
    discipline = _user("dora", "discipline_reviewer", aworld.org.kashgar)

    pages = [
        _client(u).get(f"/assessment/{published.pk}/ratings/")
        for u in (aworld.users["admin"], aworld.users["reviewer"], discipline)
    ]

    assert [p.status_code for p in pages] == [200, 200, 200]
    body = pages[1].content.decode()
    assert "2025年度党政主要负责人安全生产工作综合评价（报组织部门）" in body
    assert "人员secretary" in body
    assert 'data-person="p-secretary" data-unit="shule" data-level="competent"' in body
    assert "第五十七条第二款" in body


def test_operators_outsiders_and_the_public_get_404_and_no_export_is_audited(
    aworld: AccidentWorld, published: AssessmentRun
) -> None:
    county_reviewer = _user("olga", "org_reviewer", aworld.org.shule)
    before = AuditEvent.objects.count()

    for user in (aworld.users["alice"], aworld.users["charlie"], county_reviewer, None):
        client = _client(user)
        assert client.get(f"/assessment/{published.pk}/ratings/").status_code == 404
        assert client.get(f"/assessment/{published.pk}/ratings.xlsx").status_code == 404

    assert AuditEvent.objects.count() == before
    assert not AuditEvent.objects.filter(action=EXPORT_ACTION).exists()


def test_reviewers_see_published_runs_only_the_office_drafts_too(aworld: AccidentWorld) -> None:
    draft = services.run_assessment(actor=None, year=2025, on=ON)

    assert _client(aworld.users["reviewer"]).get(f"/assessment/{draft.pk}/ratings/").status_code == 404
    assert _client(aworld.users["admin"]).get(f"/assessment/{draft.pk}/ratings/").status_code == 200
    assert (
        _client(aworld.users["admin"])
        .get(f"/assessment/{draft.pk}/")
        .content.decode()
        .count(f"/assessment/{draft.pk}/ratings/")
        == 1
    )


def test_the_xlsx_matches_the_stored_ratings_and_the_download_is_audited(
    aworld: AccidentWorld, published: AssessmentRun
) -> None:
    reviewer = aworld.users["reviewer"]
    before = AuditEvent.objects.filter(action=EXPORT_ACTION).count()

    response = _client(reviewer).get(f"/assessment/{published.pk}/ratings.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "2025年度党政主要负责人安全生产工作综合评价（报组织部门）"
    assert rows[1] == HEADERS
    ratings = published.result["ratings"]
    assert len(rows) == 2 + len(ratings)
    assert [(r[0], r[1], r[3]) for r in rows[2:]] == [
        (x["unit_name"], x["name"], x["level_name"]) for x in ratings
    ]
    secretary = next(r for r in rows[2:] if r[1] == "人员secretary")
    assert secretary[2] == "党委主要负责人（第1位） / 365天"
    assert (secretary[3], secretary[4], secretary[5]) == (
        "称职",
        "单位年度考核合格，得分83.33，低于优秀分数线90分",
        "《办法》第五十七条第二款",
    )
    events = AuditEvent.objects.filter(action=EXPORT_ACTION)
    assert events.count() == before + 1
    event = events.get()
    assert event.actor == reviewer
    assert event.object_id == str(published.pk)
    assert event.after is not None
    assert event.after["ratings"] == len(ratings)


def test_a_run_stored_without_ratings_says_so(aworld: AccidentWorld) -> None:
    run = services.run_assessment(actor=None, year=2025, on=ON)
    result = {k: v for k, v in run.result.items() if k != "ratings"}
    AssessmentRun.objects.filter(pk=run.pk).update(result=result)

    page = _client(aworld.users["admin"]).get(f"/assessment/{run.pk}/ratings/")

    assert page.status_code == 200
    assert "未包含综合评价" in page.content.decode()
    assert run_ratings(argparse.Namespace(run=run.pk, json=True)) == 1


# --- the command line -------------------------------------------------------------------------------------
def test_cli_json_is_the_stored_ratings(aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]) -> None:
    run = services.run_assessment(actor=None, year=2025, on=ON)

    code = run_ratings(argparse.Namespace(run=run.pk, json=True))

    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert payload == {"run_id": run.pk, "year": 2025, "ratings": run.result["ratings"]}
    assert {(r["unit"], r["person"]) for r in payload["ratings"]} == {
        ("shule", "p-secretary"),
        ("shule", "p-head"),
    }
    keys = {
        "person",
        "name",
        "unit",
        "unit_name",
        "group",
        "level",
        "level_name",
        "reasons",
        "citations",
        "days",
    }
    assert set(payload["ratings"][0]) >= keys


def test_cli_table_and_a_missing_run(aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]) -> None:
    run = services.run_assessment(actor=None, year=2025, on=ON)

    assert run_ratings(argparse.Namespace(run=run.pk, json=False)) == 0
    assert run_ratings(argparse.Namespace(run=run.pk + 99, json=False)) == 1
    out = capsys.readouterr()
    assert "综合评价" in out.out
    assert "人员secretary" in out.out
    assert "没有考核运行" in out.err


def test_the_run_list_links_reviewers_to_the_ratings_and_nobody_else(
    aworld: AccidentWorld, published: AssessmentRun
) -> None:
    link = f"/assessment/{published.pk}/ratings/"
    pages = {
        name: _client(user).get("/assessment/").content.decode()
        for name, user in (
            ("reviewer", aworld.users["reviewer"]),
            ("alice", aworld.users["alice"]),
            ("public", None),
        )
    }

    assert link in pages["reviewer"]
    assert link not in pages["alice"]
    assert link not in pages["public"]
