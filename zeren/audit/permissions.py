"""Who may read the audit trail. One function, used alike by the pages, the API and the selectors.

Only the audit administrator (审计管理员), a role that never combines with any other
(graded protection level 3; see zeren.accounts.models.SEPARATED_ROLES). Not even a Django superuser.
The role is granted in the accounts app, which sits above this one: its authentication backend
answers the ``audit.view_auditevent`` permission from the role alone (``zeren.accounts.backends``),
so the audit trail reads it without importing accounts.
"""

from __future__ import annotations

from zeren.common.actor import Actor

READ_AUDIT = "audit.view_auditevent"


def can_view_audit(user: Actor) -> bool:
    """Whether the user may read the audit trail: the audit permission, never a superuser as such
    (separation of duties)."""
    if user is None or not getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False):
        return False
    has_perm = getattr(user, "has_perm", None)  # a User (PermissionsMixin); an AbstractBaseUser may lack it
    return bool(has_perm(READ_AUDIT)) if has_perm is not None else False
