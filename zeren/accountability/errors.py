"""Named errors of the accountability services, each with a stable code for the API and the pages."""

from __future__ import annotations


class CaseError(ValueError):
    code = "case_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidCase(CaseError):
    code = "invalid_case"


class AlreadyDecided(CaseError):
    """A subject has a current decision: a change is an amendment referencing it."""

    code = "already_decided"


class StaleAmendment(CaseError):
    """An amendment must reference the subject's current decision (not one already amended)."""

    code = "stale_amendment"


class InvalidDecision(CaseError):
    code = "invalid_decision"
