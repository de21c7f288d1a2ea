"""Who may read the audit trail. One function, used alike by the pages, the API and the selectors.

Only the audit administrator (审计管理员), a role that never combines with any other
(graded protection level 3; see zeren.accounts.models.SEPARATED_ROLES). Not even a Django superuser.
The role is granted in the accounts app, which sits above this one: its authentication backend
answers the ``audit.view_auditevent`` permission from the role alone (``zeren.accounts.backends``),
so the audit trail reads it without importing accounts.
"""

from __future__ import annotations

from typing import Any

READ_AUDIT = "audit.view_auditevent"


def can_view_audit(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False):
        return False
    return bool(user.has_perm(READ_AUDIT))
