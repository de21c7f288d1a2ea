"""The tour world, built once per module inside a transaction rolled back at the end.

Each test runs in a savepoint inside it (pytest-django's ``db``) and gets the plan and target freshly
loaded, so no test sees another's in-memory changes (as in tests/obligations/conftest.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from tests.supervision.world import TourWorld, build_tour_world
from zeren.supervision.models import Plan, Target


@pytest.fixture(scope="module")
def tour_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[TourWorld]:
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_tour_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def tw(tour_world: TourWorld, db: None) -> TourWorld:
    plan = Plan.objects.select_related("organiser").get(pk=tour_world.plan.pk)
    target = Target.objects.select_related("plan__organiser", "unit", "organisation").get(
        pk=tour_world.target.pk
    )
    return dataclasses.replace(tour_world, plan=plan, target=target)
