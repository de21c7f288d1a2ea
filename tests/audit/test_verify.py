from __future__ import annotations

from typing import Any

import pytest

from zeren.audit.hashing import GENESIS_HASH, event_hash
from zeren.audit.models import AuditChainHead, AuditEvent
from zeren.audit.verify import verify_chain

from .conftest import attacker, forced_delete, forced_update, record_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain() -> list[AuditEvent]:
    return record_many(50)


def _forge(seq: int, prev_hash: str, *, honest_hash: bool = True) -> None:
    """Insert a row outside record_event (the head is not moved)."""
    template = AuditEvent.objects.values().get(seq=1)
    content = {**template, "seq": seq, "prev_hash": prev_hash, "note": "伪造"}
    content["hash"] = event_hash(content) if honest_hash else "f" * 64
    AuditEvent(**content).save()


def test_an_intact_chain_of_50_events_verifies(chain: list[AuditEvent]) -> None:
    result = verify_chain()

    assert result.as_dict() == {
        "ok": True,
        "checked": 50,
        "first_bad_seq": None,
        "problem": None,
        "head_seq": 50,
        "head_hash": chain[-1].hash,
    }


def test_an_empty_trail_verifies() -> None:
    assert verify_chain().as_dict() == {
        "ok": True,
        "checked": 0,
        "first_bad_seq": None,
        "problem": None,
        "head_seq": 0,
        "head_hash": GENESIS_HASH,
    }


def test_a_row_edited_through_update_fails_naming_its_seq(chain: list[AuditEvent]) -> None:
    forced_update(10, after={"n": 999})

    result = verify_chain()

    assert (result.ok, result.first_bad_seq, result.checked) == (False, 10, 10)
    assert result.problem is not None
    assert "seq 10: content altered" in result.problem
    assert "第 10 条记录内容被篡改" in result.problem


def test_a_row_edited_with_raw_sql_fails_naming_its_seq(chain: list[AuditEvent]) -> None:
    with attacker() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_username = %s WHERE seq = %s", ["mallory", 23])

    result = verify_chain()

    assert (result.ok, result.first_bad_seq) == (False, 23)


def test_a_row_whose_hash_was_recomputed_breaks_the_next_link(chain: list[AuditEvent]) -> None:
    row = AuditEvent.objects.values().get(seq=10)
    forged = {**row, "after": {"n": 999}}
    forced_update(10, after={"n": 999}, hash=event_hash(forged))

    result = verify_chain()

    assert (result.ok, result.first_bad_seq) == (False, 11)
    assert result.problem is not None
    assert "seq 11: prev_hash does not match" in result.problem


def test_a_deleted_row_fails_naming_the_missing_seq(chain: list[AuditEvent]) -> None:
    forced_delete(seq=10)

    result = verify_chain()

    assert (result.ok, result.first_bad_seq) == (False, 10)
    assert result.problem is not None
    assert "seq 10: row missing (removed), next row is seq 11" in result.problem


def test_a_row_deleted_with_raw_sql_fails_naming_the_missing_seq(chain: list[AuditEvent]) -> None:
    with attacker() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [1])

    result = verify_chain()

    assert (result.ok, result.first_bad_seq, result.checked) == (False, 1, 1)


def test_a_forged_row_after_the_head_is_detected(chain: list[AuditEvent]) -> None:
    _forge(51, chain[-1].hash)

    result = verify_chain()

    assert (result.ok, result.first_bad_seq, result.checked) == (False, 51, 51)
    assert result.problem is not None
    assert "seq 51: row after the head (inserted" in result.problem


def test_a_forged_row_with_a_wrong_link_is_detected(chain: list[AuditEvent]) -> None:
    _forge(51, "e" * 64)

    result = verify_chain()

    assert (result.ok, result.first_bad_seq) == (False, 51)


def test_a_row_replaced_by_a_forgery_is_detected(chain: list[AuditEvent]) -> None:
    forced_delete(seq=10)
    _forge(10, chain[8].hash, honest_hash=False)

    result = verify_chain()

    assert (result.ok, result.first_bad_seq) == (False, 10)
    assert result.problem is not None
    assert "content altered" in result.problem


def test_a_truncated_tail_is_detected(chain: list[AuditEvent]) -> None:
    forced_delete(seq__gte=48)

    result = verify_chain()

    assert (result.ok, result.first_bad_seq, result.checked) == (False, 48, 47)
    assert result.problem is not None
    assert "seq 48: row missing (tail truncated), head is at seq 50" in result.problem


def test_a_deleted_head_is_detected(chain: list[AuditEvent]) -> None:
    AuditChainHead.objects.all().delete()

    result = verify_chain()

    assert (result.ok, result.first_bad_seq) == (False, 50)
    assert result.problem == "chain head missing / 审计链头缺失"


def test_a_rewritten_tail_with_its_head_passes_alone_but_fails_against_an_anchor(
    chain: list[AuditEvent],
) -> None:
    anchored = verify_chain()
    prev = chain[8].hash
    for seq in range(10, 51):  # the attacker rewrites row 10 and re-chains everything after it
        row: dict[str, Any] = {**AuditEvent.objects.values().get(seq=seq), "prev_hash": prev}
        if seq == 10:
            row["after"] = {"n": 999}
        prev = event_hash(row)
        forced_update(seq, after=row["after"], prev_hash=row["prev_hash"], hash=prev)
    AuditChainHead.objects.update(hash=prev)

    alone = verify_chain()
    against_anchor = verify_chain(anchors={anchored.head_seq: anchored.head_hash})

    assert alone.ok is True
    assert (against_anchor.ok, against_anchor.first_bad_seq) == (False, 50)
    assert against_anchor.problem is not None
    assert "externally anchored" in against_anchor.problem


def test_an_anchor_beyond_a_wiped_trail_is_detected(chain: list[AuditEvent]) -> None:
    anchored = verify_chain()
    forced_delete(seq__gte=1)
    AuditChainHead.objects.all().delete()

    assert verify_chain().ok is True  # an empty trail looks like a new installation
    result = verify_chain(anchors={anchored.head_seq: anchored.head_hash})
    assert (result.ok, result.first_bad_seq, result.checked) == (False, 50, 0)
