"""Pages and API: the office runs and publishes; an operator cannot; the public sees published runs."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from tests.accidents.world import AccidentWorld
from zeren.assessment import services
from zeren.assessment.models import AssessmentRun

ON = dt.date(2026, 2, 1)


def _client(aworld: AccidentWorld, name: str | None) -> Client:
    client = Client()
    if name is not None:
        client.force_login(aworld.users[name])
    return client


def test_committee_admin_runs_and_publishes_through_the_pages(aworld: AccidentWorld) -> None:
    admin = _client(aworld, "admin")

    response = admin.post("/assessment/run/", {"year": 2025})
    run = AssessmentRun.objects.get()
    detail = admin.get(f"/assessment/{run.pk}/")
    published = admin.post(f"/assessment/{run.pk}/publish/")

    assert response.status_code == 302
    assert detail.status_code == 200
    assert "疏勒县" in detail.content.decode()
    assert published.status_code == 302
    assert AssessmentRun.objects.get().status == "published"


def test_an_operator_can_neither_run_nor_publish_nor_see_drafts(aworld: AccidentWorld) -> None:
    run = services.run_assessment(actor=None, year=2025, on=ON)
    alice = _client(aworld, "alice")

    assert alice.post("/assessment/run/", {"year": 2025}).status_code == 403
    assert alice.post(f"/assessment/{run.pk}/publish/").status_code == 404
    assert alice.get(f"/assessment/{run.pk}/").status_code == 404
    assert AssessmentRun.objects.count() == 1
    assert AssessmentRun.objects.get().status == "draft"


def test_the_public_sees_only_published_results_without_personal_data(aworld: AccidentWorld) -> None:
    run = services.run_assessment(actor=None, year=2025, on=ON)
    anonymous = _client(aworld, None)

    before = anonymous.get(f"/assessment/{run.pk}/public/")
    api_before = anonymous.get("/api/assessment/runs").json()
    services.publish_run(actor=None, run=run)
    after = anonymous.get(f"/assessment/{run.pk}/public/")
    api_after = anonymous.get(f"/api/assessment/runs/{run.pk}").json()

    assert before.status_code == 404
    assert api_before == []
    assert after.status_code == 200
    page = after.content.decode()
    assert "疏勒县" in page
    assert "人员secretary" not in page
    assert "p-secretary" not in page
    assert {u["unit"] for u in api_after["units"]} == {"shule", "shache"}
    assert all("principals" not in u for u in api_after["units"])


def test_the_office_api_returns_the_contract_with_principals(aworld: AccidentWorld) -> None:
    run = services.run_assessment(actor=None, year=2025, on=ON)

    body = _client(aworld, "admin").get(f"/api/assessment/runs/{run.pk}").json()

    assert body["run_id"] == run.pk
    assert "principals" in body["units"][0]
