"""A run of a year still running (issue 13 item 7): days served to the cut-off, a warning and a confirmation
before publication (art. 59 publishes results, so a partial year must not be published by one click); running
a year again says so; the year field defaults to the last complete year."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.accidents.world import AccidentWorld
from zeren.accounts.services import issue_token
from zeren.assessment import services
from zeren.assessment.errors import UnfinishedYear
from zeren.assessment.models import AssessmentRun
from zeren.audit.models import AuditEvent
from zeren.cli import main


def _admin(aworld: AccidentWorld) -> Client:
    client = Client()
    client.force_login(aworld.users["admin"])
    return client


def _days(run: AssessmentRun) -> list[int]:
    return [p["days"] for u in run.result["units"] for p in u["principals"]]


def test_principals_days_count_to_the_cutoff_of_a_running_year(aworld: AccidentWorld) -> None:
    running = services.run_assessment(actor=None, year=2026, on=dt.date(2026, 12, 3), confirm_unfinished=True)
    complete = services.run_assessment(actor=None, year=2025, on=dt.date(2026, 2, 1))

    assert _days(running)
    assert max(_days(running)) == 337  # 1 January to 3 December 2026, both counted
    assert max(_days(complete)) == 365


def test_a_running_year_is_published_only_after_confirmation(aworld: AccidentWorld) -> None:
    today = timezone.localdate()
    if (today.month, today.day) == (12, 31):
        today -= dt.timedelta(days=1)
    run = services.run_assessment(actor=None, year=today.year, on=today, confirm_unfinished=True)
    admin = _admin(aworld)

    page = admin.get(f"/assessment/{run.pk}/").content.decode()
    refused = admin.post(f"/assessment/{run.pk}/publish/")
    status_after_refusal = AssessmentRun.objects.get(pk=run.pk).status
    admin.post(f"/assessment/{run.pk}/publish/", {"confirm_unfinished": "1"})

    assert 'id="unfinished-warning"' in page
    assert f"{today.year}年度尚未结束" in page
    assert 'name="confirm_unfinished"' in page
    assert refused.status_code == 302
    assert status_after_refusal == "draft"
    assert AssessmentRun.objects.get(pk=run.pk).status == "published"


def test_a_complete_year_needs_no_confirmation(aworld: AccidentWorld) -> None:
    run = services.run_assessment(actor=None, year=2025, on=dt.date(2026, 2, 1))
    admin = _admin(aworld)

    page = admin.get(f"/assessment/{run.pk}/").content.decode()
    admin.post(f"/assessment/{run.pk}/publish/")

    assert 'id="unfinished-warning"' not in page
    assert AssessmentRun.objects.get(pk=run.pk).status == "published"


def test_running_a_year_again_says_the_old_run_is_shown(aworld: AccidentWorld) -> None:
    admin = _admin(aworld)
    year = timezone.localdate().year - 1

    admin.post("/assessment/run/", {"year": year})
    again = admin.post("/assessment/run/", {"year": year}, follow=True).content.decode()
    run = AssessmentRun.objects.get()

    assert f"没有变化，未重新计算：以下仍是运行 #{run.pk}" in again


def test_the_year_defaults_to_the_last_complete_year_and_the_hash_is_tucked_away(
    aworld: AccidentWorld,
) -> None:
    run = services.run_assessment(actor=None, year=2025, on=dt.date(2026, 2, 1))
    admin = _admin(aworld)

    listing = admin.get("/assessment/").content.decode()
    detail = admin.get(f"/assessment/{run.pk}/").content.decode()

    assert f'name="year" id="year" value="{timezone.localdate().year - 1}"' in listing
    assert run.inputs_hash not in listing
    assert detail.index(run.inputs_hash) > detail.index('<details id="run-integrity">')


# --- one rule for the pages, the command line and the API (services.require_finished_or_confirmed) -----
def _running_year() -> int:
    """A year that has not ended today (on 31 December this year has: its data reach the end)."""
    today = timezone.localdate()
    return today.year + 1 if (today.month, today.day) == (12, 31) else today.year


@pytest.mark.parametrize(
    ("year", "on", "needs"),
    [
        (2025, dt.date(2025, 12, 30), True),  # one day short of the year's end
        (2025, dt.date(2025, 12, 31), False),  # the last day: the whole year counted
        (2025, dt.date(2026, 2, 1), False),
    ],
)
def test_the_service_runs_an_unfinished_year_only_when_confirmed(
    aworld: AccidentWorld, year: int, on: dt.date, needs: bool
) -> None:
    if needs:
        with pytest.raises(UnfinishedYear) as refused:
            services.run_assessment(actor=None, year=year, on=on)
        assert refused.value.code == "unfinished_year"
        assert "2025年度尚未结束（数据只计到2025年12月30日）" in refused.value.message
        assert AssessmentRun.objects.count() == 0
    run = services.run_assessment(actor=None, year=year, on=on, confirm_unfinished=needs)
    assert run.pk is not None


def test_the_service_publishes_an_unfinished_run_only_when_confirmed(aworld: AccidentWorld) -> None:
    run = services.run_assessment(actor=None, year=2025, on=dt.date(2025, 6, 30), confirm_unfinished=True)

    with pytest.raises(UnfinishedYear):
        services.publish_run(actor=None, run=run)
    status_after_refusal = AssessmentRun.objects.get(pk=run.pk).status
    services.publish_run(actor=None, run=run, confirm_unfinished=True)

    assert status_after_refusal == "draft"
    assert AuditEvent.objects.filter(action="assessment.publish").count() == 1
    assert AssessmentRun.objects.get(pk=run.pk).status == "published"


def test_the_page_runs_an_unfinished_year_only_when_the_box_is_ticked(aworld: AccidentWorld) -> None:
    admin = _admin(aworld)
    year = _running_year()

    listing = admin.get("/assessment/").content.decode()
    refused = admin.post("/assessment/run/", {"year": year}, follow=True).content.decode()
    runs_after_refusal = AssessmentRun.objects.count()
    admin.post("/assessment/run/", {"year": year, "confirm_unfinished": "1"})

    assert 'name="confirm_unfinished"' in listing
    assert f"{year}年度尚未结束" in refused
    assert runs_after_refusal == 0
    assert AssessmentRun.objects.filter(year=year).count() == 1


def test_the_command_refuses_an_unfinished_year_without_the_flag(
    aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    year = _running_year()

    refused = main(["assess", "run", "--year", str(year), "--json"])
    refused_err = capsys.readouterr().err
    runs_after_refusal = AssessmentRun.objects.count()
    ran = main(["assess", "run", "--year", str(year), "--json", "--unfinished-year"])
    capsys.readouterr()
    run = AssessmentRun.objects.get()
    unpublished = main(["assess", "publish", "--run", str(run.pk)])
    publish_err = capsys.readouterr().err
    status_after_refusal = AssessmentRun.objects.get(pk=run.pk).status
    published = main(["assess", "publish", "--run", str(run.pk), "--unfinished-year"])
    timezone.deactivate()  # the command activated the pack's zone in this thread

    assert refused == 2
    assert refused_err.count("\n") == 1  # one line
    assert refused_err.startswith(f"zeren assess run: {year}年度尚未结束")
    assert "--unfinished-year" in refused_err
    assert runs_after_refusal == 0
    assert ran == 0
    assert unpublished == 2
    assert publish_err.count("\n") == 1
    assert publish_err.startswith(f"zeren assess publish: {year}年度尚未结束")
    assert status_after_refusal == "draft"
    assert published == 0
    assert AssessmentRun.objects.get(pk=run.pk).status == "published"


def test_a_complete_year_runs_from_the_command_without_the_flag(
    aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["assess", "run", "--year", str(timezone.localdate().year - 1), "--json"])
    timezone.deactivate()

    assert code == 0
    assert AssessmentRun.objects.count() == 1


def _post(user: Any, url: str, body: dict[str, Any]) -> Any:
    headers = {} if user is None else {"Authorization": f"Bearer {issue_token(actor=None, user=user).token}"}
    return Client().post(url, body, content_type="application/json", headers=headers)


def test_the_api_answers_409_with_a_stable_code_until_confirmed(aworld: AccidentWorld) -> None:
    admin = aworld.users["admin"]
    year = _running_year()

    refused = _post(admin, "/api/assessment/runs", {"year": year})
    runs_after_refusal = AssessmentRun.objects.count()
    created = _post(admin, "/api/assessment/runs", {"year": year, "confirm_unfinished": True})
    again = _post(admin, "/api/assessment/runs", {"year": year, "confirm_unfinished": True})
    run_id = created.json()["run_id"]
    unpublished = _post(admin, f"/api/assessment/runs/{run_id}/publish", {})
    status_after_refusal = AssessmentRun.objects.get(pk=run_id).status
    published = _post(admin, f"/api/assessment/runs/{run_id}/publish", {"confirm_unfinished": True})

    assert refused.status_code == 409
    assert refused.json()["code"] == "unfinished_year"
    assert refused.json()["field"] == "confirm_unfinished"
    assert refused.json()["message"].startswith(f"{year}年度尚未结束")
    assert runs_after_refusal == 0
    assert created.status_code == 201
    assert again.status_code == 200
    assert again.json()["run_id"] == run_id
    assert unpublished.status_code == 409
    assert unpublished.json()["code"] == "unfinished_year"
    assert status_after_refusal == "draft"
    assert published.status_code == 200
    assert published.json()["status"] == "published"


@pytest.mark.parametrize(("persona", "status"), [("alice", 403), ("reviewer", 403), ("anon", 401)])
def test_only_the_office_runs_through_the_api(aworld: AccidentWorld, persona: str, status: int) -> None:
    user = None if persona == "anon" else aworld.users[persona]

    answer = _post(user, "/api/assessment/runs", {"year": 2025, "confirm_unfinished": True})

    assert answer.status_code == status
    assert AssessmentRun.objects.count() == 0
