"""`zeren demo --reset` also clears what other apps recorded about the demo (they PROTECT its rows)."""

from __future__ import annotations

import pytest

from zeren.accidents.models import Accident
from zeren.audit.verify import verify_chain
from zeren.catalog.services import load_pack_into_catalog
from zeren.demo import build_demo
from zeren.demo import prepare as demo
from zeren.demo.accidents import build_demo_accidents
from zeren.demo.supervision import build_demo_supervision
from zeren.duties.models import ResponsibilityList
from zeren.duties.services import build_unit_lists
from zeren.obligations.models import Occurrence, Tally
from zeren.obligations.services import generate_occurrences
from zeren.org.models import Unit
from zeren.packs import KASHGAR_PACK_DIR
from zeren.supervision.models import Plan

pytestmark = pytest.mark.django_db


def test_reset_clears_dependent_records_and_keeps_the_audit_chain(
    monkeypatch: pytest.MonkeyPatch, settings: pytest.FixtureRequest, tmp_path: object
) -> None:
    monkeypatch.setenv("ZEREN_DEMO", "1")
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    build_demo()
    generate_occurrences(actor=None, year=2025)
    build_unit_lists(actor=None, unit=Unit.objects.get(code="shule"), publish=True)
    build_demo_accidents(actor=None)
    build_demo_supervision(actor=None)
    assert Accident.objects.exists()
    assert Plan.objects.exists()

    counts = demo.reset_demo_instance()

    assert counts["accidents"] > 0
    assert counts["occurrences"] > 0
    assert counts["responsibility_lists"] > 0
    assert not Unit.objects.filter(code="kashgar").exists()
    assert not Accident.objects.exists()
    assert not Occurrence.objects.exists()
    assert counts["tallies"] > 0  # the summaries count nothing that is gone
    assert not Tally.objects.exists()
    assert not ResponsibilityList.objects.exists()
    assert not Plan.objects.exists()
    assert verify_chain().ok
