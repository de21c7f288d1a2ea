"""Frozen records (zeren.common.frozen): refused by the model, the queryset and, on PostgreSQL, the database.

Given a stored report step (append-only, 493号令 arts. 9–11 timeline), when anything tries to change or
delete it, then it is refused and nothing changed; the demo reset's ``purging()`` is the one bypass.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from tests.accidents.conftest import aworld  # noqa: F401 - the fixture
from tests.accidents.world import AccidentWorld
from zeren.accidents import services
from zeren.accidents.errors import RecordFrozen
from zeren.accidents.models import ReportStep
from zeren.common.frozen import FrozenRecordError, purging, raw_delete

AT = dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.UTC)


def _step(aworld: AccidentWorld) -> ReportStep:  # noqa: F811 - fixture name reused as argument
    accident = services.record_accident(
        actor=aworld.users["alice"],
        unit=aworld.org.shule,
        sector_code="road_traffic",
        occurred_at=AT,
        enterprise="某运输公司",
        description="追尾",
        deaths=1,
    )
    return services.record_report_step(
        actor=aworld.users["alice"],
        accident=accident,
        kind="unit_report",
        at=AT + dt.timedelta(minutes=30),
    )


def _snapshot() -> list[Any]:
    return list(ReportStep.objects.order_by("pk").values())


def test_model_and_queryset_refuse_changes_and_deletes(aworld: AccidentWorld) -> None:  # noqa: F811
    step = _step(aworld)
    before = _snapshot()

    step.note = "改写"
    with pytest.raises(RecordFrozen):
        step.save()
    with pytest.raises(RecordFrozen):
        step.delete()
    with pytest.raises(FrozenRecordError, match="不得批量修改"):
        ReportStep.objects.filter(pk=step.pk).update(note="改写")
    with pytest.raises(FrozenRecordError, match="不得删除"):
        ReportStep.objects.filter(pk=step.pk).delete()

    assert _snapshot() == before


def test_purging_is_refused_outside_a_transaction() -> None:
    with pytest.raises(FrozenRecordError), purging():
        pass  # pragma: no cover


def test_purging_removes_the_rows_inside_a_transaction(aworld: AccidentWorld) -> None:  # noqa: F811
    step = _step(aworld)

    with transaction.atomic(), purging():
        assert raw_delete(ReportStep.objects.filter(pk=step.pk)) == 1

    assert not ReportStep.objects.filter(pk=step.pk).exists()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE accidents_reportstep SET note = 'x' WHERE id = %s",
        "DELETE FROM accidents_reportstep WHERE id = %s",
    ],
)
def test_the_database_refuses_update_and_delete(aworld: AccidentWorld, sql: str) -> None:  # noqa: F811
    step = _step(aworld)
    before = _snapshot()

    with (
        pytest.raises(DatabaseError, match="frozen row"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [step.pk])

    assert _snapshot() == before


FROZEN_TRIGGERS = [
    "accidents_casualtyrevision_frozen",
    "accidents_reportingfinding_frozen",
    "accidents_reportstep_frozen",
    "accountability_decision_frozen",
    "accountability_interferencerecord_frozen",
    "assessment_assessmentrun_frozen",
    "assessment_fundmovement_frozen",
    "assessment_responsibilityletter_frozen",
    "duties_responsibilitylist_frozen",
    "supervision_rectificationreport_decided",
    "supervision_rectificationreport_frozen",
]


@pytest.mark.postgres
def test_every_frozen_table_has_its_trigger() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s ORDER BY tgname", ["%\\_frozen"])
        names = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", ["%\\_decided"])
        names += [row[0] for row in cursor.fetchall()]

    assert sorted(names) == FROZEN_TRIGGERS
