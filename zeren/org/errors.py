"""Named errors of the org services, each with a stable code for the API and the roster import."""

from __future__ import annotations

from zeren.common.errors import ZerenError


class OrgError(ZerenError):
    code = "org_error"


class InvalidDates(OrgError):
    code = "invalid_dates"


class TenureOverlap(OrgError):
    code = "tenure_overlap"


class NotActive(OrgError):
    code = "not_active"


class InvalidTree(OrgError):
    code = "invalid_tree"


class InvalidValue(OrgError):
    code = "invalid_value"
