"""The inspection indicator: not applicable without the supervision app, read from its selector with it."""

from __future__ import annotations

import datetime as dt

from django.apps import apps

from tests.accidents.world import AccidentWorld
from zeren.assessment import services
from zeren.assessment.facts import NO_INSPECTIONS


def test_inspection_indicator_follows_the_supervision_app(aworld: AccidentWorld) -> None:
    run = services.run_assessment(actor=None, year=2025, on=dt.date(2026, 2, 1))
    shule = next(u for u in run.result["units"] if u["unit"] == "shule")
    inspections = next(i for i in shule["indicators"] if i["id"] == "inspections")

    if apps.is_installed("zeren.supervision"):
        assert (inspections["applicable"], inspections["facts"]["findings"]) == (True, 0)
        assert NO_INSPECTIONS not in shule["notes"]
    else:
        assert (inspections["applicable"], inspections["points"]) == (False, "0.00")
        assert NO_INSPECTIONS in shule["notes"]
