"""A run of a year still running (issue 13 item 7): days served to the cut-off, a warning and a confirmation
before publication (art. 59 publishes results, so a partial year must not be published by one click); running
a year again says so; the year field defaults to the last complete year."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from tests.accidents.world import AccidentWorld
from zeren.assessment import services
from zeren.assessment.models import AssessmentRun


def _admin(aworld: AccidentWorld) -> Client:
    client = Client()
    client.force_login(aworld.users["admin"])
    return client


def _days(run: AssessmentRun) -> list[int]:
    return [p["days"] for u in run.result["units"] for p in u["principals"]]


def test_principals_days_count_to_the_cutoff_of_a_running_year(aworld: AccidentWorld) -> None:
    running = services.run_assessment(actor=None, year=2026, on=dt.date(2026, 12, 3))
    complete = services.run_assessment(actor=None, year=2025, on=dt.date(2026, 2, 1))

    assert _days(running)
    assert max(_days(running)) == 337  # 1 January to 3 December 2026, both counted
    assert max(_days(complete)) == 365


def test_a_running_year_is_published_only_after_confirmation(aworld: AccidentWorld) -> None:
    today = timezone.localdate()
    if (today.month, today.day) == (12, 31):
        today -= dt.timedelta(days=1)
    run = services.run_assessment(actor=None, year=today.year, on=today)
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
