"""Who may read the audit trail. One function, used alike by the pages, the API and the selectors.

Only the audit administrator (审计管理员), a role that never combines with any other
(graded protection level 3; see zeren.accounts.models.SEPARATED_ROLES). Not even a Django superuser.
"""

from __future__ import annotations

from typing import Any

from zeren.accounts.models import Role
from zeren.accounts.scope import has_role


def can_view_audit(user: Any) -> bool:
    return has_role(user, Role.AUDITADMIN)
