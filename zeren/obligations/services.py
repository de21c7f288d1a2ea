"""Writes for occurrences: evidence, completion, waiver (and, re-exported, generation and reminders).

Every function is keyword-only and atomic and records its audit event in the same transaction.
Callers authorise first through ``permissions.access_occurrence(actor, id, action=...)``; the
services still refuse what no caller may do (a waiver by a non-admin, completion without evidence).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from zeren.audit.services import record_event, snapshot
from zeren.common.actor import Actor, acting_user

from .errors import (
    AlreadyClosed,
    EvidenceMismatch,
    EvidenceRequired,
    InvalidMeeting,
    NotAllowed,
    ReasonRequired,
)
from .evidence import check_upload
from .feeds import issue_feed_token, revoke_feed_token
from .generation import GenerationResult, generate_occurrences
from .models import Evidence, Occurrence
from .permissions import can
from .reminders import ReminderResult, send_reminders
from .tallies import Changes, apply

__all__ = [
    "GenerationResult",
    "ReminderResult",
    "attach_file",
    "complete",
    "generate_occurrences",
    "issue_feed_token",
    "record_meeting",
    "revoke_feed_token",
    "send_reminders",
    "waive",
]

OCCURRENCE_FIELDS = ["status", "effective_date", "completed_at", "completed_by", "completion_evidence",
                     "waived_reason", "waived_by", "waived_at"]  # fmt: skip
EVIDENCE_FIELDS = ["occurrence", "kind", "original_name", "sha256", "size", "content_type", "held_on",
                   "presided_by", "attendees", "minutes_summary", "effective_date"]  # fmt: skip


def _lock_open(occurrence: Occurrence, *, or_done: bool = False) -> Occurrence:
    """The occurrence locked; refused when closed (``or_done``: a completed one is accepted, a waived not)."""
    locked = (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("unit", "obligation")
        .get(pk=occurrence.pk)
    )
    accepted = {Occurrence.Stored.OPEN}
    if or_done:
        accepted |= {Occurrence.Stored.DONE, Occurrence.Stored.DONE_LATE}
    if locked.status not in accepted:
        raise AlreadyClosed(f"该事项已{locked.get_status_display()}，不能再修改")
    return locked


def _tally(occurrence: Occurrence, before: str) -> None:
    """The summaries' counts follow the row's new status, in the same transaction."""
    changes = Changes()
    changes.move_status(occurrence, before)
    apply(changes)


def _record_evidence(actor: Actor, evidence: Evidence, occurrence: Occurrence, action: str) -> Evidence:
    record_event(
        actor=actor,
        action=action,
        obj=evidence,
        object_repr=f"{occurrence.obligation.name} {occurrence.period_label}：{evidence}",
        after=snapshot(evidence, EVIDENCE_FIELDS),
        unit_path=occurrence.unit.path,
    )
    return evidence


@transaction.atomic
def record_meeting(
    *,
    actor: Actor,
    occurrence: Occurrence,
    held_on: dt.date,
    presided_by: str,
    attendees: str,
    minutes_summary: str,
) -> Evidence:
    """A meeting record as evidence (arts. 4, 14, 16: 常委会、常务会议、分析会); effective on its date."""
    locked = _lock_open(occurrence)
    presided_by, attendees, minutes_summary = presided_by.strip(), attendees.strip(), minutes_summary.strip()
    if not presided_by:
        raise InvalidMeeting("请填写主持人", field="presided_by")
    if not attendees:
        raise InvalidMeeting("请填写参会人员", field="attendees")
    if not minutes_summary:
        raise InvalidMeeting("请填写会议纪要摘要", field="minutes_summary")
    if held_on > timezone.localdate():
        raise InvalidMeeting("会议日期不能晚于今天", field="held_on")
    evidence = Evidence.objects.create(
        occurrence=locked,
        kind=Evidence.Kind.MEETING,
        held_on=held_on,
        presided_by=presided_by[:100],
        attendees=attendees,
        minutes_summary=minutes_summary,
        effective_date=held_on,
        uploaded_by=acting_user(actor),
    )
    return _record_evidence(actor, evidence, locked, "obligations.record_meeting")


@transaction.atomic
def attach_file(*, actor: Actor, occurrence: Occurrence, upload: Any, effective_date: dt.date) -> Evidence:
    """A file as evidence, stored under its SHA-256 with its size and checked type. A completed item still
    takes files (the minutes of the meeting that closed it); its completion date does not change."""
    locked = _lock_open(occurrence, or_done=True)
    checked = check_upload(upload)
    if effective_date > timezone.localdate():
        raise InvalidMeeting("佐证日期不能晚于今天", field="effective_date")
    evidence = Evidence(
        occurrence=locked,
        kind=Evidence.Kind.FILE,
        original_name=checked.name,
        extension=checked.extension,
        sha256=checked.sha256,
        size=checked.size,
        content_type=checked.content_type,
        effective_date=effective_date,
        uploaded_by=acting_user(actor),
    )
    evidence.file.save(checked.name, upload, save=False)
    evidence.save()
    return _record_evidence(actor, evidence, locked, "obligations.attach_file")


@transaction.atomic
def record_meeting_and_maybe_complete(
    *,
    actor: Actor,
    occurrence: Occurrence,
    complete_now: bool,
    held_on: dt.date,
    presided_by: str,
    attendees: str,
    minutes_summary: str,
) -> tuple[Evidence, bool]:
    """Record the meeting and, when asked and allowed, close the item on it, in one transaction.

    Returns the evidence and whether the item was closed: an operator who may record but not complete
    (``permissions.can(..., "complete")``) records only; the minutes can be attached afterwards.
    """
    evidence = record_meeting(
        actor=actor,
        occurrence=occurrence,
        held_on=held_on,
        presided_by=presided_by,
        attendees=attendees,
        minutes_summary=minutes_summary,
    )
    closed = complete_now and can(actor, occurrence, "complete")
    if closed:
        complete(actor=actor, occurrence=occurrence, evidence=evidence)
    return evidence, closed


@transaction.atomic
def complete(*, actor: Actor, occurrence: Occurrence, evidence: Evidence | None) -> Occurrence:
    """Close on the evidence's effective date: ``done``, or ``done_late`` after the due date."""
    locked = _lock_open(occurrence)
    if evidence is None:
        raise EvidenceRequired("完成事项须附会议记录或文件佐证", field="evidence")
    if evidence.occurrence_id != locked.pk:
        raise EvidenceMismatch("该佐证不属于此事项", field="evidence")
    before = snapshot(locked, OCCURRENCE_FIELDS)
    late = evidence.effective_date > locked.due
    locked.status = Occurrence.Stored.DONE_LATE if late else Occurrence.Stored.DONE
    locked.effective_date = evidence.effective_date
    locked.completed_at = timezone.now()
    locked.completed_by = acting_user(actor)
    locked.completion_evidence = evidence
    locked.save(
        update_fields=["status", "effective_date", "completed_at", "completed_by", "completion_evidence"]
    )
    _tally(locked, before["status"])
    record_event(
        actor=actor,
        action="obligations.complete",
        obj=locked,
        before=before,
        after=snapshot(locked, OCCURRENCE_FIELDS),
        unit_path=locked.unit.path,
        note="逾期完成" if late else "按期完成",
    )
    return locked


@transaction.atomic
def waive(*, actor: Actor, occurrence: Occurrence, reason: str) -> Occurrence:
    """Waive an occurrence with a reason; the approver is the actor, a committee-office admin of the unit."""
    locked = _lock_open(occurrence)
    if not can(actor, locked, "waive"):
        raise NotAllowed("只有安委办管理员可以豁免履职事项")
    reason = reason.strip()
    if not reason:
        raise ReasonRequired("豁免须填写理由", field="reason")
    before = snapshot(locked, OCCURRENCE_FIELDS)
    locked.status = Occurrence.Stored.WAIVED
    locked.waived_reason = reason
    locked.waived_by = acting_user(actor)
    locked.waived_at = timezone.now()
    locked.save(update_fields=["status", "waived_reason", "waived_by", "waived_at"])
    _tally(locked, before["status"])
    record_event(
        actor=actor,
        action="obligations.waive",
        obj=locked,
        before=before,
        after=snapshot(locked, OCCURRENCE_FIELDS),
        unit_path=locked.unit.path,
        note=reason[:300],
    )
    return locked
