"""Named errors of the assessment (state changes are explicit transitions)."""

from __future__ import annotations


class AssessmentError(Exception):
    code = "assessment_error"


class AlreadyPublished(AssessmentError):
    code = "already_published"


class NotPublishable(AssessmentError):
    code = "not_publishable"


class RunFrozen(AssessmentError):
    """A published run is never edited: correct it with a new run that ``amends`` it."""

    code = "run_frozen"
