"""The demo accidents: each grade, a late report, one case per trigger, a 诫勉 decision; idempotent."""

from __future__ import annotations

import pytest

from zeren.accidents.models import Accident
from zeren.accidents.selectors import reporting_assessment
from zeren.accountability.models import Case, Decision
from zeren.audit.models import AuditEvent
from zeren.catalog.services import load_pack_into_catalog
from zeren.demo import build_demo
from zeren.demo.accidents import build_demo_accidents
from zeren.packs import KASHGAR_PACK_DIR


@pytest.mark.django_db
def test_demo_accidents_cover_every_grade_and_trigger_and_are_idempotent() -> None:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    build_demo()

    summary = build_demo_accidents()
    events = AuditEvent.objects.count()
    again = build_demo_accidents()

    assert (summary.created, summary.accidents, summary.cases) == (True, 4, 5)
    assert again.created is False
    assert AuditEvent.objects.count() == events
    assert sorted(Accident.objects.values_list("grade", flat=True)) == sorted(
        ["一般", "较大", "重大", "特别重大"]
    )
    late = [a for a in Accident.objects.all() if reporting_assessment(a).late_levels]
    assert [a.grade for a in late] == ["较大"]
    assert late[0].revisions.count() == 1
    assert late[0].findings.filter(kind="late").exists()
    assert set(Case.objects.values_list("trigger", flat=True)) == {
        "accident",
        "report_failure",
        "duty_failure",
        "obstruction",
        "interference",
    }
    decision = Decision.objects.get()
    assert (decision.form, decision.leadership_responsibility) == ("admonishment", True)
