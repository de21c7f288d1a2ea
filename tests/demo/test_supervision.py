"""The demo tour: one completed tour of three counties, findings in every state; idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from zeren.catalog.services import load_pack_into_catalog
from zeren.demo import build_demo
from zeren.demo.supervision import build_demo_supervision
from zeren.duties.services import build_unit_lists
from zeren.org.models import Unit
from zeren.packs import KASHGAR_PACK_DIR
from zeren.supervision.models import Finding, Plan

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def demo_tour(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
        build_demo()
        for code in ("shule", "shache", "zepu"):  # the tour's counties only: a third of the demo's lists
            build_unit_lists(actor=None, unit=Unit.objects.get(code=code), publish=True)
        yield build_demo_supervision(today=TODAY)
        transaction.set_rollback(True)


def test_one_completed_tour_of_three_counties(demo_tour: Any, db: None) -> None:
    plan = Plan.objects.get(pk=demo_tour.plan_id)

    assert (plan.status, plan.kind) == ("completed", "tour")
    assert sorted(plan.targets.values_list("unit__code", flat=True)) == ["shache", "shule", "zepu"]
    assert all(t.items.count() > 0 for t in plan.targets.all())


def test_findings_in_every_state(demo_tour: Any, db: None) -> None:
    findings = Finding.objects.filter(target__plan_id=demo_tour.plan_id)

    assert set(findings.values_list("status", flat=True)) == {"open", "reported", "rejected", "verified"}
    assert findings.filter(supervised=True, escalated_at__isnull=False).count() == 1
    assert findings.filter(case_id__isnull=False).count() == 1
    assert findings.filter(status__in=["open", "rejected"], deadline__lt=TODAY).count() >= 2


def test_idempotent(demo_tour: Any, db: None) -> None:
    again = build_demo_supervision(today=TODAY)

    assert (again.created, again.plan_id) == (False, demo_tour.plan_id)
    assert Plan.objects.count() == 1
