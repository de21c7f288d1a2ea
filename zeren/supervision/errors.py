"""Named errors of the supervision services, each with a stable code for the API, the pages and the CLI."""

from __future__ import annotations

from zeren.common.errors import ZerenError
from zeren.common.frozen import FrozenRecordError


class SupervisionError(ZerenError):
    code = "supervision_error"


class InvalidPlan(SupervisionError):
    code = "invalid_plan"


class InvalidTarget(SupervisionError):
    code = "invalid_target"


class PlanNotInProgress(SupervisionError):
    """Checklists are marked and findings recorded only while the plan is in progress."""

    code = "plan_not_in_progress"


class InvalidFinding(SupervisionError):
    code = "invalid_finding"


class InvalidTransition(SupervisionError):
    """The rectification cannot move this way from its current state (see rules.TRANSITIONS)."""

    code = "invalid_transition"


class ReasonRequired(SupervisionError):
    code = "reason_required"


class RecordFrozen(SupervisionError, FrozenRecordError):
    """Rectification reports are history: appended, never edited or deleted."""

    code = "record_frozen"


class CaseAlreadyOpen(SupervisionError):
    code = "case_already_open"


class NoAnswerablePerson(SupervisionError):
    code = "no_answerable_person"
