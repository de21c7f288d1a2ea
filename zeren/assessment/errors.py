"""Named errors of the assessment (state changes are explicit transitions)."""

from __future__ import annotations

from collections.abc import Sequence

from zeren.common.errors import ZerenError
from zeren.common.frozen import FrozenRecordError


class AssessmentError(ZerenError):
    code = "assessment_error"
    http_status = 409


class AlreadyPublished(AssessmentError):
    code = "already_published"


class NotPublishable(AssessmentError):
    code = "not_publishable"


class UnfinishedYear(AssessmentError):
    """Running or publishing a year that has not ended, without saying so explicitly (the results count
    only to the cut-off day; art. 59 publishes results, so a partial year is never published by default)."""

    code = "unfinished_year"


class RunFrozen(AssessmentError, FrozenRecordError):
    """A published run is never edited: correct it with a new run that ``amends`` it."""

    code = "run_frozen"


class FundError(AssessmentError):
    """A refused money write; ``errors`` lists ``(field, message)`` pairs (field may be ``None``)."""

    code = "fund_error"

    def __init__(
        self, message: str, *, field: str | None = None, errors: Sequence[tuple[str | None, str]] = ()
    ) -> None:
        super().__init__(message, field=field)
        self.errors = list(errors) or [(field, message)]


class InvalidAmendment(FundError):
    code = "invalid_amendment"


class LedgerConflict(FundError):
    code = "ledger_conflict"


class InvalidAward(FundError):
    code = "invalid_award"


class InvalidPlan(FundError):
    code = "invalid_plan"
