"""Named errors of the accountability services, each with a stable code for the API and the pages."""

from __future__ import annotations

from zeren.common.errors import ZerenError
from zeren.common.frozen import FrozenRecordError


class CaseError(ZerenError):
    code = "case_error"


class InvalidCase(CaseError):
    code = "invalid_case"


class AlreadyDecided(CaseError):
    """A subject has a current decision: a change is an amendment referencing it."""

    code = "already_decided"


class StaleAmendment(CaseError):
    """An amendment must reference the subject's current decision (not one already amended)."""

    code = "stale_amendment"


class AlreadySubject(CaseError):
    """The post is already a subject of the case: listing it again changes nothing."""

    code = "already_subject"
    http_status = 409


class InvalidDecision(CaseError):
    code = "invalid_decision"


class RecordFrozen(CaseError, FrozenRecordError):
    """Decisions and interference records are history: appended, never edited or deleted."""

    code = "record_frozen"
