"""Verifying the hash chain (``zeren audit verify``): one pass in seq order, constant memory.

A row fails when its seq is not the next one (a row removed, or one inserted out of sequence), when
its ``prev_hash`` is not its predecessor's hash (a row inserted or replaced before it), or when its
hash does not match its content (the row altered). Finally the head must name the last row (rows
cut off the tail, or appended outside ``record_event``). A whole chain rewritten from some row on,
head included, passes: compare ``head_hash`` with a copy kept elsewhere (``anchors``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.db import connection, transaction

from .hashing import CONTENT_FIELDS, GENESIS_HASH, event_hash
from .models import HEAD_ID, AuditChainHead, AuditEvent

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None
    problem: str | None
    head_seq: int = 0
    head_hash: str = GENESIS_HASH

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _row_problem(row: Mapping[str, Any], expected_seq: int, expected_prev: str) -> tuple[int, str] | None:
    seq = row["seq"]
    if seq > expected_seq:
        return expected_seq, (
            f"seq {expected_seq}: row missing (removed), next row is seq {seq}"
            f" / 第 {expected_seq} 条记录缺失（被删除），下一条为第 {seq} 条"
        )
    if seq < expected_seq:
        return seq, f"seq {seq}: unexpected row (inserted) / 第 {seq} 条为多出的记录（被插入）"
    if row["prev_hash"] != expected_prev:
        return seq, (
            f"seq {seq}: prev_hash does not match the previous row"
            " (a row inserted, replaced or removed before it)"
            f" / 第 {seq} 条的前序哈希与上一条不符（其前有记录被插入、替换或删除）"
        )
    if event_hash(row) != row["hash"]:
        return seq, f"seq {seq}: content altered, hash mismatch / 第 {seq} 条记录内容被篡改（哈希不符）"
    return None


def _head_problem(head: AuditChainHead | None, last_seq: int, last_hash: str) -> tuple[int, str] | None:
    if head is None:
        if last_seq == 0:
            return None
        return last_seq, "chain head missing / 审计链头缺失"
    if head.seq > last_seq:
        return last_seq + 1, (
            f"seq {last_seq + 1}: row missing (tail truncated), head is at seq {head.seq}"
            f" / 第 {last_seq + 1} 条起的记录缺失（尾部被截断），链头为第 {head.seq} 条"
        )
    if head.seq < last_seq:
        return head.seq + 1, (
            f"seq {head.seq + 1}: row after the head (inserted outside the audit service)"
            f" / 第 {head.seq + 1} 条位于链头之后（绕过审计服务插入）"
        )
    if head.hash != last_hash:
        return last_seq, f"seq {last_seq}: hash differs from the chain head / 第 {last_seq} 条哈希与链头不符"
    return None


def _anchor_problem(anchors: Mapping[int, str], seen: Mapping[int, str]) -> tuple[int, str] | None:
    for seq in sorted(anchors):
        if seen.get(seq) != anchors[seq]:
            return seq, (
                f"seq {seq}: hash differs from the externally anchored hash (chain rewritten)"
                f" / 第 {seq} 条哈希与外部存证不符（链被重写）"
            )
    return None


def _walk(anchors: Mapping[int, str]) -> VerifyResult:
    head = AuditChainHead.objects.filter(pk=HEAD_ID).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    expected_seq, expected_prev, checked = 1, GENESIS_HASH, 0
    seen: dict[int, str] = {}
    rows = AuditEvent.objects.order_by("seq").values(*CONTENT_FIELDS, "hash")
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        checked += 1
        found = _row_problem(row, expected_seq, expected_prev)
        if found is not None:
            return VerifyResult(False, checked, found[0], found[1], head_seq, head_hash)
        if row["seq"] in anchors:
            seen[row["seq"]] = row["hash"]
        expected_seq, expected_prev = row["seq"] + 1, row["hash"]
    found = _head_problem(head, expected_seq - 1, expected_prev) or _anchor_problem(anchors, seen)
    if found is not None:
        return VerifyResult(False, checked, found[0], found[1], head_seq, head_hash)
    return VerifyResult(True, checked, None, None, head_seq, head_hash)


def verify_chain(anchors: Mapping[int, str] | None = None) -> VerifyResult:
    """Check every event and the head; ``anchors`` maps seqs to hashes recorded outside the database."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # one snapshot for the rows and the head
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return _walk(anchors or {})
