"""Evidence, completion and waiver: file checks (sha256, size, type), late completion, named errors."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.obligations.conftest import YEAR, Demo
from zeren.audit.models import AuditEvent
from zeren.obligations import evidence as evidence_rules
from zeren.obligations.errors import (
    AlreadyClosed,
    EvidenceMismatch,
    EvidenceRejected,
    EvidenceRequired,
    InvalidMeeting,
    NotAllowed,
    ReasonRequired,
)
from zeren.obligations.models import Evidence, Occurrence
from zeren.obligations.selectors import summary, with_status
from zeren.obligations.services import attach_file, complete, record_meeting, waive

D = dt.date
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def _occurrence(code: str = "quarterly_situation_analysis", label: str = f"{YEAR}Q1") -> Occurrence:
    return (
        Occurrence.objects.select_related("unit")
        .filter(unit__code="shule", obligation_code=code, period_label=label)
        .order_by("post__code")
        .all()[0]
    )


def _meeting(occurrence: Occurrence, held_on: dt.date) -> Evidence:
    return record_meeting(
        actor=None,
        occurrence=occurrence,
        held_on=held_on,
        presided_by="演示甲",
        attendees="演示乙、演示丙",
        minutes_summary="分析一季度安全生产形势，部署隐患排查。",
    )


def test_a_file_is_stored_with_its_sha256_size_and_checked_type(media_root: Any) -> None:
    occurrence = _occurrence()

    evidence = attach_file(
        actor=None,
        occurrence=occurrence,
        upload=SimpleUploadedFile("纪要.pdf", PDF, "text/html"),
        effective_date=D(YEAR, 3, 20),
    )

    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.size == len(PDF)
    assert evidence.content_type == "application/pdf"  # decided by extension and content, not the browser
    assert evidence.original_name == "纪要.pdf"
    assert evidence.file.name == f"obligations/{evidence.sha256[:2]}/{evidence.sha256}.pdf"
    assert (media_root / evidence.file.name).read_bytes() == PDF
    assert AuditEvent.objects.order_by("-seq").first().action == "obligations.attach_file"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.html", b"<html><script>alert(1)</script></html>"),
        ("report.htm", b"<html></html>"),
        ("report.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("report.exe", b"MZ\x90\x00"),
        ("report", PDF),
        ("report.pdf", b"<html><body>not a pdf</body></html>"),  # content does not match the extension
        ("photo.png", PDF),
        ("empty.pdf", b""),
    ],
)
def test_files_off_the_allow_list_or_mismatched_are_refused(
    media_root: Any, name: str, content: bytes
) -> None:
    occurrence = _occurrence()
    events = AuditEvent.objects.count()

    with pytest.raises(EvidenceRejected):
        attach_file(
            actor=None,
            occurrence=occurrence,
            upload=SimpleUploadedFile(name, content),
            effective_date=D(YEAR, 3, 1),
        )

    assert Evidence.objects.filter(occurrence=occurrence).count() == 0
    assert AuditEvent.objects.count() == events


def test_size_limit(media_root: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence_rules, "MAX_EVIDENCE_BYTES", len(PDF))
    occurrence = _occurrence()

    attach_file(
        actor=None,
        occurrence=occurrence,
        upload=SimpleUploadedFile("a.pdf", PDF),
        effective_date=D(YEAR, 3, 1),
    )
    with pytest.raises(EvidenceRejected, match="MB"):
        attach_file(
            actor=None,
            occurrence=occurrence,
            upload=SimpleUploadedFile("b.pdf", PDF + b" "),
            effective_date=D(YEAR, 3, 1),
        )

    assert Evidence.objects.filter(occurrence=occurrence).count() == 1


@pytest.mark.parametrize(
    ("held_on", "status"),
    [(D(YEAR, 3, 30), "done"), (D(YEAR, 3, 31), "done"), (D(YEAR, 4, 1), "done_late")],
)
def test_completion_on_the_evidence_date_late_after_the_due_date(held_on: dt.date, status: str) -> None:
    occurrence = _occurrence()  # due YEAR-03-31
    evidence = _meeting(occurrence, held_on)

    done = complete(actor=None, occurrence=occurrence, evidence=evidence)

    assert done.status == status
    assert done.effective_date == held_on
    assert done.completion_evidence == evidence
    assert with_status(Occurrence.objects.filter(pk=done.pk)).get().current_status == status  # type: ignore[attr-defined]


def test_completion_needs_evidence_of_this_occurrence() -> None:
    occurrence, other = _occurrence(), _occurrence(label=f"{YEAR}Q2")
    foreign = _meeting(other, D(YEAR, 5, 1))

    with pytest.raises(EvidenceRequired):
        complete(actor=None, occurrence=occurrence, evidence=None)
    with pytest.raises(EvidenceMismatch):
        complete(actor=None, occurrence=occurrence, evidence=foreign)

    occurrence.refresh_from_db()
    assert occurrence.status == "open"


def test_a_closed_occurrence_takes_no_more_meeting_records() -> None:
    occurrence = _occurrence()
    complete(actor=None, occurrence=occurrence, evidence=_meeting(occurrence, D(YEAR, 3, 1)))

    with pytest.raises(AlreadyClosed):
        _meeting(occurrence, D(YEAR, 3, 2))


@pytest.mark.parametrize("field", ["presided_by", "attendees", "minutes_summary"])
def test_a_meeting_record_needs_who_presided_attendees_and_minutes(field: str) -> None:
    values = {"held_on": D(YEAR, 3, 1), "presided_by": "甲", "attendees": "乙", "minutes_summary": "纪要"}
    values[field] = "  "

    with pytest.raises(InvalidMeeting):
        record_meeting(actor=None, occurrence=_occurrence(), **values)  # type: ignore[arg-type]


def test_waiver_needs_a_reason_and_a_committee_admin(demo: Demo) -> None:
    occurrence = _occurrence()

    with pytest.raises(NotAllowed):
        waive(actor=demo.users["alice"], occurrence=occurrence, reason="机构调整")
    with pytest.raises(ReasonRequired):
        waive(actor=demo.users["admin"], occurrence=occurrence, reason=" ")
    occurrence.refresh_from_db()
    assert occurrence.status == "open"

    waived = waive(
        actor=demo.users["admin"], occurrence=occurrence, reason="县政府班子调整，本季度并入下季度"
    )

    assert (waived.status, waived.waived_by) == ("waived", demo.users["admin"])
    assert waived.waived_reason == "县政府班子调整，本季度并入下季度"


def test_summary_counts_computed_statuses_without_a_nightly_job() -> None:
    occurrence = _occurrence()
    complete(actor=None, occurrence=occurrence, evidence=_meeting(occurrence, D(YEAR, 4, 2)))
    qs = Occurrence.objects.filter(unit__code="shule", obligation_code="quarterly_situation_analysis")
    posts = qs.values("post").distinct().count()

    by_status = summary(qs, YEAR, today=D(YEAR, 6, 20))["by_status"]

    assert by_status == {
        "done_late": 1,
        "overdue": posts - 1,  # Q1
        "due_soon": posts,  # Q2 due 06-30, within 14 days
        "upcoming": 2 * posts,  # Q3, Q4
        "done": 0,
        "waived": 0,
    }


def test_the_due_soon_window_comes_from_the_pack(demo: Any) -> None:
    from zeren.catalog.models import Parameter
    from zeren.obligations.selectors import due_soon_days

    row = Parameter.objects.get(pack=demo.pack, section="local_choices", code="obligation_due_soon_days")
    assert due_soon_days(demo.pack) == 14
    row.value = {**row.value, "value": 3}
    row.save(update_fields=["value"])

    assert due_soon_days(demo.pack) == 3
