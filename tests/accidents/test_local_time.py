"""Every time on an accident page is Beijing time (the pack's ``time_zone``), and no deadline shown
precedes its accident: the pure rules word their traces in the local times the selector gives them
(493:art_9__para_1 — one hour from the unit head learning of it; 493:art_11__para_1 — two hours a level)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from tests.accidents.world import AccidentWorld
from zeren import cli as zeren_cli
from zeren.accidents import selectors, services
from zeren.accidents.models import Accident, ReportStep
from zeren.common.times import local_iso
from zeren.web.timezones import pack_time_zone

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
SHOWN = re.compile(r"(\d{4})[-年](\d{1,2})[-月](\d{1,2})日? (\d{2}):(\d{2})")


def _evening_accident(aworld: AccidentWorld) -> Accident:
    """A 3-death road accident at 18:40 Beijing time (10:40 UTC), reported 90 minutes later."""
    day = (dt.datetime.now(TZ) - dt.timedelta(days=2)).date()
    at = dt.datetime(day.year, day.month, day.day, 18, 40, tzinfo=TZ)
    accident = services.record_accident(
        actor=None,
        unit=aworld.org.shule,
        sector_code="road_traffic",
        occurred_at=at,
        enterprise="某运输公司",
        description="追尾",
        deaths=3,
    )
    services.record_report_step(
        actor=None, accident=accident, kind=ReportStep.Kind.LEARNT, at=at + dt.timedelta(minutes=5)
    )
    services.record_report_step(
        actor=None,
        accident=accident,
        kind=ReportStep.Kind.UNIT_REPORT,
        level="county",
        at=at + dt.timedelta(minutes=95),
        recipient="疏勒县应急管理局",
    )
    return accident


def test_the_pack_declares_beijing_time() -> None:
    assert pack_time_zone() == TZ


def test_the_late_finding_states_local_times_after_the_accident(aworld: AccidentWorld) -> None:
    accident = _evening_accident(aworld)

    findings = selectors.reporting_assessment(accident).findings

    late = findings[0]
    assert late.kind == "late"
    assert "期限" in late.trace
    assert "18:45" not in late.trace
    assert f"期限{timezone.localtime(accident.occurred_at, TZ):%Y-%m-%d} 19:45" in late.trace
    assert "实际" in late.trace
    assert " 20:15" in late.trace
    assert "+00:00" not in late.trace
    assert "10:45" not in late.trace


def test_no_time_on_the_accident_page_precedes_the_accident(aworld: AccidentWorld) -> None:
    accident = _evening_accident(aworld)
    client = Client()
    client.force_login(aworld.users["alice"])

    body = client.get(f"/accidents/{accident.pk}/").content.decode()

    assert "+00:00" not in body
    occurred = accident.occurred_at.astimezone(TZ)
    shown = [
        dt.datetime(int(y), int(mo), int(d), int(h), int(mi), tzinfo=TZ)
        for y, mo, d, h, mi in SHOWN.findall(body)
    ]
    assert occurred in shown  # the accident itself, at 18:40 Beijing time
    assert dt.datetime.combine(occurred.date(), dt.time(19, 45), tzinfo=TZ) in shown  # the computed deadline
    assert all(moment >= occurred for moment in shown), shown
    offsets = re.findall(r"\d{2}:\d{2}(?::\d{2})?([+-]\d{2}:\d{2})", body)
    assert set(offsets) <= {"+08:00"}


def test_the_page_uses_the_pack_zone_whatever_the_server_default(
    aworld: AccidentWorld, settings: object
) -> None:
    accident = _evening_accident(aworld)
    settings.TIME_ZONE = "UTC"  # type: ignore[attr-defined]
    client = Client()
    client.force_login(aworld.users["alice"])

    body = client.get(f"/accidents/{accident.pk}/").content.decode()

    assert f"{accident.occurred_at.astimezone(TZ):%Y-%m-%d} 18:40" in body


def test_chain_json_writes_the_time_in_the_pack_zone_whatever_offset_it_was_given(
    aworld: AccidentWorld, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.TIME_ZONE = "UTC"  # the process default differs from the pack's: the command sets the pack's
    try:
        code = zeren_cli.main([
            "accident", "chain", "--unit", "疏勒县", "--sector", "road_traffic",
            "--at", "2026-03-01T02:00:00Z", "--grade", "一般", "--json",
        ])  # fmt: skip
        active = timezone.get_current_timezone_name()
    finally:
        timezone.deactivate()

    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert active == "Asia/Shanghai"
    assert payload["at"] == "2026-03-01T10:00:00+08:00"  # 02:00 UTC is 10:00 in Kashgar's pack zone


def test_local_iso_keeps_the_instant_and_leaves_other_text_alone() -> None:
    with timezone.override(TZ):
        assert local_iso("2026-12-02T10:40:00+00:00") == "2026-12-02T18:40:00+08:00"
        assert local_iso(dt.datetime(2026, 12, 2, 10, 40, tzinfo=dt.UTC)) == "2026-12-02T18:40:00+08:00"
        assert local_iso("") == ""
        assert local_iso("2026-12-02T10:40:00") == "2026-12-02T10:40:00"  # naive: no zone to convert from
