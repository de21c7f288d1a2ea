"""Named errors of the obligation services, each with a stable code for the API and the pages."""

from __future__ import annotations

from zeren.common.errors import ZerenError


class ObligationError(ZerenError):
    code = "obligation_error"


class AlreadyClosed(ObligationError):
    """The occurrence is already done, done late or waived."""

    code = "already_closed"


class EvidenceRequired(ObligationError):
    code = "evidence_required"


class EvidenceMismatch(ObligationError):
    """The evidence belongs to another occurrence."""

    code = "evidence_mismatch"


class EvidenceRejected(ObligationError):
    """A file over the size limit, of a type not on the allow-list, or whose content does not match it."""

    code = "evidence_rejected"


class InvalidMeeting(ObligationError):
    code = "invalid_meeting"


class ReasonRequired(ObligationError):
    code = "reason_required"


class NotAllowed(ObligationError):
    """The actor may not perform this transition (e.g. a waiver by anyone but a committee admin)."""

    code = "not_allowed"
