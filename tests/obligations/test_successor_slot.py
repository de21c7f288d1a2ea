"""Art. 72: which missing slot an open row of a reorganised organisation passes to.

Pure pairing, no database: the old principal's row must go to the successor's principal even when a
deputy's slot of the same obligation and period comes first (the order rows arrive in differs between
SQLite and PostgreSQL; a CI run on PostgreSQL once gave the principal's row to the deputy).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zeren.obligations.generation import _successor_slot
from zeren.obligations.owners import PostRow, Slot
from zeren.policy.schedule import Period

D = dt.date
Q3 = Period("2026Q3", D(2026, 7, 1), D(2026, 9, 30), D(2026, 10, 10))
OLD_ORG, NEW_ORG = 10, 20


def _slot(post_id: int, role: str, via: frozenset[int] = frozenset({OLD_ORG})) -> Slot:
    return Slot(Q3, PostRow(post_id, NEW_ORG, 1, role, D(2026, 7, 1), None), NEW_ORG, via)


def _missing(*slots: Slot) -> tuple[dict[Any, Any], dict[tuple[str, str], list[Any]]]:
    missing = {("report", "2026Q3", s.post.id): (None, s) for s in slots}
    return missing, {("report", "2026Q3"): list(missing)}


def test_the_principals_row_goes_to_the_successors_principal_not_the_deputy_listed_first() -> None:
    missing, by_period = _missing(_slot(201, "department_safety_leader"), _slot(200, "department_principal"))

    target = _successor_slot(missing, by_period, ("report", "2026Q3", 1), OLD_ORG, "department_principal")

    assert target == ("report", "2026Q3", 200)


def test_a_role_that_took_over_the_duties_receives_the_row_when_no_same_role_post_exists() -> None:
    missing, by_period = _missing(_slot(300, "government_principal"))

    target = _successor_slot(missing, by_period, ("report", "2026Q3", 1), OLD_ORG, "department_principal")

    assert target == ("report", "2026Q3", 300)


def test_no_slot_owed_through_the_rows_organisation_gives_none() -> None:
    missing, by_period = _missing(_slot(400, "department_principal", via=frozenset({99})))

    assert (
        _successor_slot(missing, by_period, ("report", "2026Q3", 1), OLD_ORG, "department_principal") is None
    )
