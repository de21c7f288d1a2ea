"""Named errors of the org services, each with a stable code for the API and the roster import."""

from __future__ import annotations


class OrgError(ValueError):
    code = "org_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidDates(OrgError):
    code = "invalid_dates"


class TenureOverlap(OrgError):
    code = "tenure_overlap"


class NotActive(OrgError):
    code = "not_active"


class InvalidTree(OrgError):
    code = "invalid_tree"
